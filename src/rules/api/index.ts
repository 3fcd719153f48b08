import type { Rule } from '../types.js';

export const apiRules: Rule[] = [];
