/**
 * Rule sets: presets a config `extends` (`plumbline:recommended`, `plumbline:strict`, `plumbline:api-only`),
 * wildcard rule keys (`practices/*: off`, `*: low`), rules from local ES modules (`plugins:`), and checks
 * that a rule from outside the library has the shape of a built-in one. Pure except `loadPluginRules`.
 */
import { pathToFileURL } from 'node:url';
import { compareText } from '../model/values.js';
import { AREAS, type Rule, type RuleExample, SEVERITIES, type Severity } from '../rules/types.js';
import type { RuleSetting } from './config.js';

export const PRESET_PREFIX = 'plumbline:';

/** A preset answers for a rule the way a `rules:` entry would, or leaves it to the next layer. */
type Preset = (rule: Rule) => RuleSetting | undefined;

export const PRESETS: Record<string, { description: string; setting: Preset }> = {
  recommended: {
    description: 'every rule at its own severity (the default)',
    setting: () => undefined,
  },
  strict: {
    description: 'every rule on; info rules reported as low and low rules as medium',
    setting: (rule) => (rule.severity === 'info' ? 'low' : rule.severity === 'low' ? 'medium' : undefined),
  },
  'api-only': {
    description: 'only the api/* rules: for reviewing API contracts on their own',
    setting: (rule) => (rule.area === 'api' ? undefined : 'off'),
  },
};

/** `*`, `<area>/*` or a rule id. */
export function isRulePattern(key: string): boolean {
  return key === '*' || /^[a-z][a-z0-9-]*\/\*$/.test(key);
}

/** Whether a `rules:` key matches anything in `rules` (for the unknown-rule warning). */
export function patternMatchesAny(key: string, rules: readonly { id: string; area: string }[]): boolean {
  if (key === '*') return rules.length > 0;
  if (key.endsWith('/*')) return rules.some((r) => r.area === key.slice(0, -2));
  return rules.some((r) => r.id === key);
}

/**
 * The setting for one rule: the config's own `rules` first (its exact id, then `<area>/*`, then `*`), then
 * the presets it extends, the last named first. Undefined: the rule's defaults.
 */
export function settingFor(
  rule: Rule,
  rules: Record<string, RuleSetting>,
  presets: readonly string[] = [],
): RuleSetting | undefined {
  const own = rules[rule.id] ?? rules[`${rule.area}/*`] ?? rules['*'];
  if (own !== undefined) return own;
  for (let i = presets.length - 1; i >= 0; i--) {
    const preset = PRESETS[presets[i]!.replace(PRESET_PREFIX, '')];
    const s = preset?.setting(rule);
    if (s !== undefined) return s;
  }
  return undefined;
}

/** Problems with a rule that did not come from the library; empty when it can run beside the built-ins. */
export function ruleShapeProblems(rule: unknown, builtinIds: ReadonlySet<string>): string[] {
  if (typeof rule !== 'object' || rule === null) return ['is not an object'];
  const r = rule as Partial<Rule>;
  const out: string[] = [];
  if (typeof r.id !== 'string' || !/^[a-z][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/.test(r.id))
    out.push('`id` must be `area/kebab-name`');
  else if (builtinIds.has(r.id)) out.push(`\`id\` ${r.id} is a built-in rule's id`);
  if (!AREAS.includes(r.area as (typeof AREAS)[number]))
    out.push(`\`area\` must be one of ${AREAS.join(', ')}`);
  else if (typeof r.id === 'string' && !r.id.startsWith(`${r.area}/`))
    out.push('`id` must start with its `area/`');
  if (!SEVERITIES.includes(r.severity as Severity))
    out.push(`\`severity\` must be one of ${SEVERITIES.join(', ')}`);
  for (const key of ['title', 'rationale', 'recommendation'] as const)
    if (typeof r[key] !== 'string' || !r[key]!.trim()) out.push(`\`${key}\` must be a non-empty string`);
  if (!Array.isArray(r.references) || r.references.some((x) => typeof x !== 'string'))
    out.push('`references` must be a list of strings');
  if (typeof r.fix?.description !== 'string') out.push('`fix.description` must be a string');
  if (typeof r.check !== 'function') out.push('`check(model, ctx)` must be a function');
  // plugins written before message ids may leave `messages` out; given, it must be a map of id → template
  if (
    r.messages !== undefined &&
    (typeof r.messages !== 'object' ||
      r.messages === null ||
      Object.entries(r.messages).some(([id, t]) => !/^[a-z][A-Za-z0-9]*$/.test(id) || typeof t !== 'string'))
  )
    out.push('`messages` must map camelCase message ids to template strings');
  const example = (e: RuleExample | undefined): boolean =>
    typeof e?.description === 'string' && typeof e.files === 'object' && e.files !== null;
  if (!example(r.examples?.fail) || !example(r.examples?.pass))
    out.push('`examples.fail` and `examples.pass` must each have a description and files');
  return out;
}

export class PluginError extends Error {}

/**
 * Imports each module (absolute paths) and collects its rules: `export const rules = [...]`, or a default
 * export that is such a list or `{ rules }`. Any problem is a PluginError naming the module and the rule.
 */
export async function loadPluginRules(
  modules: readonly string[],
  builtins: readonly Rule[],
): Promise<Rule[]> {
  const ids = new Set(builtins.map((r) => r.id));
  const out: Rule[] = [];
  for (const file of modules) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      throw new PluginError(`plugin ${file} could not be loaded: ${(err as Error).message}`);
    }
    const def = mod.default as unknown;
    const list =
      (mod.rules as unknown) ??
      (Array.isArray(def) ? def : ((def as { rules?: unknown } | undefined)?.rules ?? undefined));
    if (!Array.isArray(list) || list.length === 0)
      throw new PluginError(`plugin ${file} exports no rules (export const rules = [ ... ])`);
    for (const [i, rule] of list.entries()) {
      const problems = ruleShapeProblems(rule, ids);
      const name = (rule as { id?: unknown })?.id;
      if (problems.length)
        throw new PluginError(
          `plugin ${file}: rule ${typeof name === 'string' ? name : `#${i + 1}`}: ${problems.join('; ')}`,
        );
      ids.add((rule as Rule).id);
      out.push(rule as Rule);
    }
  }
  return out.sort((a, b) => compareText(a.id, b.id));
}

/** The SourceFile list of a rule example, for running it through `discoverFiles` (test helper for plugins). */
export function exampleFiles(example: RuleExample): { path: string; text: string; bytes: number }[] {
  return Object.entries(example.files).map(([path, text]) => ({
    path,
    text,
    bytes: Buffer.byteLength(text),
  }));
}
