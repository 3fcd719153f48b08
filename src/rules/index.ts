import { apiRules } from './api/index.js';
import { dataRules } from './data/index.js';
import { performanceRules } from './performance/index.js';
import { practicesRules } from './practices/index.js';
import { resilienceRules } from './resilience/index.js';
import { securityRules } from './security/index.js';
import { servicesRules } from './services/index.js';
import type { Rule } from './types.js';

/** Every registered rule, sorted by id. */
export const allRules: Rule[] = [
  ...apiRules,
  ...servicesRules,
  ...dataRules,
  ...performanceRules,
  ...securityRules,
  ...resilienceRules,
  ...practicesRules,
].sort((a, b) => (a.id < b.id ? -1 : 1));

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
