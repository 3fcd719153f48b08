import type { Source } from '../model/schema.js';
import type { Severity } from '../rules/types.js';

export type RuleSetting =
  | 'off'
  | Severity
  | { enabled?: boolean; severity?: Severity; options?: Record<string, unknown> };

/**
 * A config suppression (`suppressions:` in plumbline.yaml). It matches findings of `rule`, narrowed by any of
 * `element` (the finding's element id), `file` (a location's exact path) and `path` (a glob over location
 * paths). Without a narrowing key it covers every finding of the rule. The reason is mandatory.
 */
export interface Suppression {
  rule: string;
  element?: string;
  file?: string;
  path?: string;
  reason: string;
  /** Where the suppression is written (file and line in plumbline.yaml). */
  source: Source;
}

/** A loaded baseline: the fingerprints of findings that were known when it was written. */
export interface BaselineRef {
  /** Path as shown in the report (relative to the reviewed root where possible). */
  file: string;
  fingerprints: string[];
}

/** Review configuration: the `rules`, `suppressions` and `baseline` parts of plumbline.yaml (or --config). */
export interface ReviewConfig {
  /** By rule id, `<area>/*` or `*`; the most specific key wins. */
  rules: Record<string, RuleSetting>;
  /** Presets the config `extends` (`plumbline:strict`), consulted after `rules`, the last named first. */
  presets?: string[];
  /** The review is of one file (a single API spec): repository-level rules (no CI, no tests) do not run. */
  fileScope?: boolean;
  /** Only these areas (empty = all). */
  areas?: string[];
  suppressions?: Suppression[];
  /** Findings whose fingerprint is listed here are marked `baselined` and do not count for --fail-on. */
  baseline?: BaselineRef;
  /** Honour `plumbline-ignore` comments in artifacts (default true). */
  inlineSuppressions?: boolean;
  /** Keep only findings with a location in one of these files (paths relative to the root). */
  changedFiles?: string[];
  /** The git ref `changedFiles` was computed against, shown in the report. */
  changedSince?: string;
  /**
   * Which deployments to review: undefined = all but findings that hold only in test or local deployments;
   * `all` = every deployment and finding; a deployment's name, id or root = that deployment alone.
   */
  deployment?: string;
}

export function defaultConfig(): ReviewConfig {
  return { rules: {} };
}
