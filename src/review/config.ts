import type { Severity } from '../rules/types.js';

export type RuleSetting =
  | 'off'
  | Severity
  | { enabled?: boolean; severity?: Severity; options?: Record<string, unknown> };

/** Review configuration: the `rules`, `suppressions` and `baseline` parts of plumbline.yaml (or --config). */
export interface ReviewConfig {
  rules: Record<string, RuleSetting>;
  /** Only these areas (empty = all). */
  areas?: string[];
}

export function defaultConfig(): ReviewConfig {
  return { rules: {} };
}
