import type { Rule } from '../types.js';

export const servicesRules: Rule[] = [];
