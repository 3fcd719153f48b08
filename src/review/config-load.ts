/**
 * Reads the review configuration (`rules`, `suppressions`, `baseline`) from plumbline.yaml at the reviewed
 * root, or from the file given with --config. Other keys of plumbline.yaml (system, requirements, ...) are
 * the manifest adapter's and are ignored here. Every problem names the file, line and key path.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { type PathSegment, parseYaml, type StructuredDocument } from '../discover/parse/structured.js';
import { findRule } from '../rules/index.js';
import { parseRuleOptions } from '../rules/options.js';
import { AREAS, type Rule, SEVERITIES } from '../rules/types.js';
import { isWithin, PathPolicyError, readRegularText, realRoot } from '../safety/paths.js';
import type { ReviewConfig, RuleSetting, Suppression } from './config.js';
import {
  isRulePattern,
  loadPluginRules,
  PluginError,
  PRESET_PREFIX,
  PRESETS,
  patternMatchesAny,
} from './rulesets.js';

const presetNames = (): string =>
  Object.keys(PRESETS)
    .map((n) => `${PRESET_PREFIX}${n}`)
    .join(', ');

export const CONFIG_FILE_NAMES = ['plumbline.yaml', 'plumbline.yml'];

export interface ConfigProblem {
  file: string;
  line: number;
  /** Key path inside the file, e.g. `suppressions[2].reason`. */
  path: string;
  message: string;
}

export interface ParsedReviewConfig {
  rules: Record<string, RuleSetting>;
  suppressions: Suppression[];
  /** `extends`: preset names as written (`plumbline:strict`). */
  presets: string[];
  /** `plugins`: module paths as written (relative to the config file's directory). */
  plugins: string[];
  /** The `baseline` key as written (relative to the config file's directory). */
  baseline?: string;
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
}

export interface LoadedReviewConfig extends ParsedReviewConfig {
  /** The config file read (path relative to the root when inside it), or undefined when there is none. */
  file?: string;
  /** `baseline` resolved against the config file's directory. */
  baselinePath?: string;
  /** Rules loaded from the `plugins` modules. */
  pluginRules: Rule[];
  /**
   * The directory `baselinePath` must stay inside (path policy): the reviewed root, or the directory of a
   * --config file that lies outside it.
   */
  baselineRoot?: string;
}

const SeveritySchema = z.enum(SEVERITIES);
const RuleSettingSchema = z.union([
  z.literal('off'),
  SeveritySchema,
  z.strictObject({
    enabled: z.boolean().optional(),
    severity: SeveritySchema.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  }),
]);
const SuppressionSchema = z.strictObject({
  rule: z.string().min(1),
  element: z.string().min(1).optional(),
  file: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  // Checked by hand below for a message that says what a reason is for.
  reason: z.unknown().optional(),
});

/** Parse and validate the review keys of a plumbline.yaml text. Pure. */
export function parseReviewConfig(
  file: string,
  text: string,
  knownRules: ReadonlySet<string> = new Set(),
): ParsedReviewConfig {
  const out: ParsedReviewConfig = {
    rules: {},
    suppressions: [],
    presets: [],
    plugins: [],
    errors: [],
    warnings: [],
  };
  const parsed = parseYaml(file, text, 'config');
  for (const d of parsed.diagnostics) {
    out.errors.push({ file, line: d.line ?? 1, path: '', message: d.message });
  }
  const doc = parsed.documents[0];
  if (!doc) return out;
  if (typeof doc.data !== 'object' || doc.data === null || Array.isArray(doc.data)) {
    out.errors.push({ file, line: doc.startLine, path: '', message: 'the config must be a mapping of keys' });
    return out;
  }
  const data = doc.data as Record<string, unknown>;
  const problem = (list: ConfigProblem[], at: PathSegment[], message: string): void => {
    list.push({ file, line: doc.locate(at).line, path: formatKeyPath(at), message });
  };

  if (data.extends !== undefined) {
    const list = typeof data.extends === 'string' ? [data.extends] : data.extends;
    if (!Array.isArray(list)) problem(out.errors, ['extends'], `extends must name presets: ${presetNames()}`);
    else
      list.forEach((name, i) => {
        const at: PathSegment[] = typeof data.extends === 'string' ? ['extends'] : ['extends', i];
        if (
          typeof name === 'string' &&
          name.startsWith(PRESET_PREFIX) &&
          PRESETS[name.slice(PRESET_PREFIX.length)]
        )
          out.presets.push(name);
        else
          problem(
            out.errors,
            at,
            `unknown preset \`${String(name)}\` (use ${presetNames()}; rules of your own go in \`plugins\`)`,
          );
      });
  }
  if (data.plugins !== undefined) {
    if (!Array.isArray(data.plugins))
      problem(
        out.errors,
        ['plugins'],
        'plugins must be a list of ES module paths, e.g. ./plumbline-rules/index.js',
      );
    else
      data.plugins.forEach((p, i) => {
        if (typeof p === 'string' && p.trim()) out.plugins.push(p.trim());
        else problem(out.errors, ['plugins', i], 'a plugin is the path of an ES module exporting `rules`');
      });
  }
  if (data.rules !== undefined) readRules(doc, data.rules, out, knownRules, problem);
  if (data.suppressions !== undefined) readSuppressions(doc, data.suppressions, out, knownRules, problem);
  if (data.baseline !== undefined) {
    if (typeof data.baseline === 'string' && data.baseline.trim()) out.baseline = data.baseline.trim();
    else problem(out.errors, ['baseline'], 'baseline must be a file path, e.g. .plumbline-baseline.json');
  }
  return out;
}

type Report = (list: ConfigProblem[], at: PathSegment[], message: string) => void;

function readRules(
  _doc: StructuredDocument,
  value: unknown,
  out: ParsedReviewConfig,
  knownRules: ReadonlySet<string>,
  problem: Report,
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problem(out.errors, ['rules'], 'rules must map rule ids to off | <severity> | {severity, options}');
    return;
  }
  for (const [id, raw] of Object.entries(value as Record<string, unknown>)) {
    // YAML 1.1 habits: `off`/`no`/`false` written unquoted may arrive as a boolean.
    const setting = raw === false ? 'off' : raw;
    const result = RuleSettingSchema.safeParse(setting);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const sub = issuePath(issue);
      const detail =
        issue.code === 'unrecognized_keys'
          ? `unknown key ${issue.keys.map((k) => `\`${k}\``).join(', ')} (use severity, options, enabled)`
          : `expected off | ${SEVERITIES.join(' | ')} | {severity, options}`;
      problem(out.errors, ['rules', id, ...sub], detail);
      continue;
    }
    if (!isPlainTree(setting)) {
      // a YAML alias that refers to itself: rules and the cache key need plain, finite data
      problem(
        out.errors,
        ['rules', id],
        'the setting refers to itself through a YAML alias, or expands to more than 100 000 values or 64 levels',
      );
      continue;
    }
    if (isRulePattern(id)) {
      const known = [...knownRules].map((r) => ({ id: r, area: r.split('/')[0]! }));
      if (knownRules.size > 0 && !patternMatchesAny(id, known))
        problem(out.warnings, ['rules', id], `\`${id}\` matches no rule (areas: ${AREAS.join(', ')})`);
    } else if (knownRules.size > 0 && !knownRules.has(id)) {
      problem(out.warnings, ['rules', id], `unknown rule \`${id}\` (run \`plumbline rules\` for the list)`);
    }
    const rule = isRulePattern(id) ? undefined : findRule(id);
    const given = typeof result.data === 'object' ? result.data.options : undefined;
    if (rule && given !== undefined) {
      const parsed = parseRuleOptions(rule, given);
      if (!parsed.ok) {
        for (const issue of parsed.issues)
          problem(out.errors, ['rules', id, 'options', ...issue.path], issue.message);
        continue;
      }
    }
    out.rules[id] = result.data as RuleSetting;
  }
}

function readSuppressions(
  doc: StructuredDocument,
  value: unknown,
  out: ParsedReviewConfig,
  knownRules: ReadonlySet<string>,
  problem: Report,
): void {
  if (!Array.isArray(value)) {
    problem(
      out.errors,
      ['suppressions'],
      'suppressions must be a list of {rule, element? | file? | path?, reason}',
    );
    return;
  }
  value.forEach((entry, i) => {
    const at: PathSegment[] = ['suppressions', i];
    const result = SuppressionSchema.safeParse(entry);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const sub = issuePath(issue);
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown key ${issue.keys.map((k) => `\`${k}\``).join(', ')} (use rule, element, file, path, reason)`
            : issue.path.length === 0
              ? 'a suppression must be a mapping {rule, element? | file? | path?, reason}'
              : `${String(issue.path[0])}: ${issue.message}`;
        problem(out.errors, [...at, ...sub], message);
      }
      return;
    }
    const s = result.data;
    const reason = typeof s.reason === 'string' ? s.reason.trim() : '';
    if (!reason) {
      problem(
        out.errors,
        s.reason === undefined ? at : [...at, 'reason'],
        `suppression of \`${s.rule}\` is rejected: it needs a non-empty \`reason\` saying why the finding is accepted`,
      );
      return;
    }
    if (knownRules.size > 0 && !knownRules.has(s.rule)) {
      problem(
        out.warnings,
        [...at, 'rule'],
        `unknown rule \`${s.rule}\` (run \`plumbline rules\` for the list)`,
      );
    }
    const loc = doc.locate(at);
    out.suppressions.push({
      rule: s.rule,
      ...(s.element !== undefined ? { element: s.element } : {}),
      ...(s.file !== undefined ? { file: s.file } : {}),
      ...(s.path !== undefined ? { path: s.path } : {}),
      reason,
      source: { file: loc.file, line: loc.line },
    });
  });
}

/**
 * Find and read the config: `configFile` when given (relative to the working directory), else
 * plumbline.yaml / plumbline.yml at the root. A missing default file is not an error; a missing
 * explicit one is.
 */
export async function loadReviewConfig(
  root: string,
  options: {
    configFile?: string;
    knownRules?: ReadonlySet<string>;
    builtinRules?: readonly Rule[];
    /**
     * Load `plugins` named by the reviewed repository's own plumbline.yaml. Off by default: a plugin is code,
     * and reviewing an untrusted tree (a fork's pull request) must not run it. A `configFile` the user names
     * is trusted.
     */
    allowPlugins?: boolean;
  } = {},
): Promise<LoadedReviewConfig> {
  const empty = { rules: {}, suppressions: [], presets: [], plugins: [], pluginRules: [] };
  const rootDir = await directoryOf(root);
  let abs: string | undefined;
  const failed = (file: string, message: string): LoadedReviewConfig => ({
    ...empty,
    errors: [{ file, line: 1, path: '', message }],
    warnings: [],
  });
  if (options.configFile) {
    abs = path.resolve(options.configFile);
    if (!(await exists(abs))) return failed(options.configFile, 'config file not found');
  } else {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(rootDir, name);
      if (await exists(candidate)) {
        abs = candidate;
        break;
      }
    }
  }
  if (!abs) return { ...empty, errors: [], warnings: [] };
  const display = displayPath(rootDir, abs, options.configFile);
  let text: string;
  let realRootDir: string;
  try {
    realRootDir = await realRoot(rootDir);
    // the user's --config may live anywhere; the repository's own plumbline.yaml must resolve inside it
    text = await readRegularText(abs, {
      display,
      ...(options.configFile ? {} : { root: realRootDir }),
    });
  } catch (err) {
    if (err instanceof PathPolicyError) return failed(display, err.message.replace(`${display}: `, ''));
    throw err;
  }
  const parsed = parseReviewConfig(display, text, options.knownRules);
  let baselineRoot = realRootDir;
  if (options.configFile) {
    const realConfigDir = path.dirname(await realRootOrSelf(abs));
    if (!isWithin(realRootDir, realConfigDir)) baselineRoot = realConfigDir;
  }
  let pluginRules: Rule[] = [];
  let merged = parsed;
  const trusted = options.configFile !== undefined || options.allowPlugins === true;
  if (parsed.plugins.length && !trusted) {
    parsed.warnings.push({
      file: display,
      line: 1,
      path: 'plugins',
      message: `not loaded: ${parsed.plugins.length} plugin${parsed.plugins.length === 1 ? '' : 's'} named by the reviewed repository would run its code; pass --allow-plugins (or name the file with --config) for a repository you trust`,
    });
  }
  if (parsed.plugins.length && trusted && parsed.errors.length === 0) {
    const modules = parsed.plugins.map((p) => path.resolve(path.dirname(abs), p));
    try {
      pluginRules = await loadPluginRules(modules, options.builtinRules ?? []);
    } catch (err) {
      if (!(err instanceof PluginError)) throw err;
      parsed.errors.push({ file: display, line: 1, path: 'plugins', message: err.message });
    }
    // plugin rules are known rules: re-read the settings so they are not warned about
    if (pluginRules.length && options.knownRules?.size)
      merged = parseReviewConfig(
        display,
        text,
        new Set([...options.knownRules, ...pluginRules.map((r) => r.id)]),
      );
  }
  return {
    ...merged,
    pluginRules,
    file: display,
    ...(parsed.baseline
      ? { baselinePath: path.resolve(path.dirname(abs), parsed.baseline), baselineRoot }
      : {}),
  };
}

async function realRootOrSelf(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return p;
  }
}

/** A path inside the root is shown relative to it (so reports do not depend on the working directory). */
function displayPath(rootDir: string, abs: string, given?: string): string {
  const rel = path.relative(path.resolve(rootDir), abs);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  return given ?? abs;
}

/**
 * The ReviewConfig a loaded configuration gives for reviewing `target` (a directory, or one file: file scope).
 * The CLI and the library build it here alike, so their review-cache keys agree.
 */
export async function reviewConfigOf(loaded: LoadedReviewConfig, target: string): Promise<ReviewConfig> {
  const fileScope = await stat(target).then(
    (s) => s.isFile(),
    () => false,
  );
  return {
    rules: loaded.rules,
    suppressions: loaded.suppressions,
    ...(loaded.presets.length ? { presets: loaded.presets } : {}),
    ...(fileScope ? { fileScope: true } : {}),
  };
}

export async function directoryOf(root: string): Promise<string> {
  try {
    return (await stat(root)).isFile() ? path.dirname(root) : root;
  } catch {
    return root;
  }
}

/** Whether anything (even a dangling link) is at `p`: what it is, the path policy decides when reading. */
async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `value` is finite, acyclic plain data (YAML aliases may make cycles or fan out) of at most 64 levels
 * and 100 000 nodes once aliases are expanded.
 */
function isPlainTree(value: unknown): boolean {
  const seen = new Set<object>();
  let budget = 100_000;
  const visit = (v: unknown, depth: number): boolean => {
    if (--budget < 0) return false;
    if (typeof v !== 'object' || v === null) return true;
    if (seen.has(v) || depth > 64) return false;
    seen.add(v);
    const ok = (Array.isArray(v) ? v : Object.values(v)).every((child) => visit(child, depth + 1));
    seen.delete(v);
    return ok;
  };
  return visit(value, 0);
}

/** The issue's key path; for an unknown key, the path of that key (so the line is the key's own). */
function issuePath(issue: z.core.$ZodIssue): PathSegment[] {
  const sub = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) sub.push(issue.keys[0]);
  return sub;
}

export function formatKeyPath(p: readonly PathSegment[]): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}${p.path ? ` ${p.path}` : ''}: ${p.message}`;
}
