import type { Rule } from '../types.js';

export const resilienceRules: Rule[] = [];
