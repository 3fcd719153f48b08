import type { Rule } from '../types.js';

export const practicesRules: Rule[] = [];
