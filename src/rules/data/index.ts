import type { Rule } from '../types.js';

export const dataRules: Rule[] = [];
