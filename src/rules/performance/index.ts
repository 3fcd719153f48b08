import type { Rule } from '../types.js';

export const performanceRules: Rule[] = [];
