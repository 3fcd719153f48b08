/** A rule's options as given in config, parsed by the rule's own schema (defaults filled in). */
import type * as z from 'zod';
import type { Rule, RuleOptions } from './types.js';

export type OptionsResult = { ok: true; options: RuleOptions } | { ok: false; issues: OptionIssue[] };

export interface OptionIssue {
  /** Key path below `options` (`['componentAvailability', 'orders']`). */
  path: (string | number)[];
  message: string;
}

export function parseRuleOptions(rule: Rule, given: RuleOptions = {}): OptionsResult {
  if (!rule.options) return { ok: true, options: given };
  const result = rule.options.safeParse(given);
  if (result.success) return { ok: true, options: result.data };
  const issues = result.error.issues.map((i) => ({
    // an unknown key is reported where it is written, not at the mapping that holds it
    path: i.code === 'unrecognized_keys' ? [...keyPath(i), i.keys[0]!] : keyPath(i),
    message: describe(i, rule),
  }));
  return { ok: false, issues };
}

/** A rule's options with defaults filled in; throws where a caller (a test) passes ones the rule does not take. */
export function ruleOptions(rule: Rule, given: RuleOptions = {}): RuleOptions {
  const r = parseRuleOptions(rule, given);
  if (!r.ok) throw new Error(`${rule.id} options: ${formatOptionIssues(r.issues)}`);
  return r.options;
}

export function formatOptionIssues(issues: OptionIssue[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** The option fields of a rule: name → schema (empty when it takes none). */
export function optionShape(rule: Rule): Record<string, z.ZodType> {
  const shape = (rule.options as unknown as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  return shape ?? {};
}

function keyPath(issue: z.core.$ZodIssue): (string | number)[] {
  return issue.path.filter((p): p is string | number => typeof p !== 'symbol');
}

function describe(issue: z.core.$ZodIssue, rule: Rule): string {
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(optionShape(rule)).map((k) => `\`${k}\``);
    return `unknown option for ${rule.id} (it takes ${known.join(', ') || 'none'})`;
  }
  return issue.message;
}
