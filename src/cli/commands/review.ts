import { existsSync, lstatSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ReviewCache, type ReviewKeyOptions } from '../../cache/cached-review.js';
import { DEFAULT_CACHE_DIR } from '../../cache/review-cache.js';
import { type DiscoveryResult, discoverWalked, walkRepository } from '../../discover/index.js';
import {
  discoverRoots,
  locateInRoots,
  parseRootSpec,
  type ResolvedRoot,
  type RootSpec,
  RootsError,
  readRoots,
  resolveRoots,
} from '../../discover/roots.js';
import type { WalkResult } from '../../discover/walker.js';
import type { Diagnostic } from '../../model/schema.js';
import {
  REPORT_FORMATS,
  type RenderOptions,
  type ReportFormat,
  renderReport,
  SUMMARY_MAX_CHARS,
} from '../../render/index.js';
import { batched, jsonChunks } from '../../render/json-stream.js';
import { baselineText, DEFAULT_BASELINE_FILE, parseBaseline } from '../../review/baseline.js';
import { ChangedFilesError, changedFiles } from '../../review/changed-files.js';
import type { BaselineRef, ReviewConfig } from '../../review/config.js';
import {
  directoryOf,
  formatConfigProblem,
  type LoadedReviewConfig,
  loadReviewConfig,
  reviewConfigOf,
} from '../../review/config-load.js';
import { assemble, evaluate } from '../../review/index.js';
import type { Report } from '../../review/report.js';
import { type RepositoriesList, readRepositoriesList } from '../../review/repositories.js';
import { Timings } from '../../review/timings.js';
import { allRules } from '../../rules/index.js';
import { type Rule, SEVERITIES, type Severity, severityRank } from '../../rules/types.js';
import { mkdirsNoFollow, PathPolicyError, readRegularText, writeFileSafely } from '../../safety/paths.js';
import { CliExit, type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, writeOut } from '../io.js';
import {
  FILE_TIME_BUDGET_HELP,
  fileTimeBudgetOption,
  maxFileSizeOption,
  rejectEmptyValues,
  wholeNumber,
} from '../options.js';

interface ReviewFlags {
  format: string;
  out: string[];
  maxChars?: number;
  reportUrl?: string;
  failOn: string;
  maxFileSize?: number;
  fileTimeBudget?: number;
  config?: string;
  baseline?: string;
  writeBaseline?: string | boolean;
  changedSince?: string;
  cache?: boolean;
  cacheDir?: string;
  timing?: boolean;
  deployment?: string;
  allowPlugins?: boolean;
  system?: string;
}

export function registerReviewCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('review')
    .description(
      'review a repository: discover its system model and run the rule packs; several directories (or path@ref of local clones) are reviewed as one system',
    )
    .argument('<dirs...>', 'directory to review; several: one system across repositories')
    .option(
      '--system <name>',
      'name of the system (default: plumbline.yaml `system`, else the directory name)',
    )
    .option(
      '-f, --format <format>',
      `output format: ${REPORT_FORMATS.join(' | ')}; a comma list pairs formats with the --out files in order`,
      'terminal',
    )
    .option(
      '-o, --out <file>',
      'write the report to a file instead of stdout; repeat it to write several formats from one review (format from the extension: .md .json .sarif .html .txt, or FORMAT:FILE, e.g. md-summary:comment.md)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--max-chars <n>',
      `cap Markdown output at n characters, ending with how many findings were left out (md-summary default ${SUMMARY_MAX_CHARS}; a PR comment holds 65,536, a job summary 1 MiB)`,
      wholeNumber('a number of characters', 1000),
    )
    .option(
      '--report-url <url>',
      'where the full report lives (linked from md-summary and truncated Markdown)',
    )
    .option(
      '--fail-on <severity>',
      `exit 1 when a new (not baselined) finding is at or above: ${SEVERITIES.join(' | ')} | none (CI: set it, e.g. high)`,
      'none',
    )
    .option('--config <file>', 'review configuration (default: plumbline.yaml or plumbline.yml in <dir>)')
    .option(
      '--baseline <file>',
      `baseline of accepted findings (default: the config's \`baseline\`, else <dir>/${DEFAULT_BASELINE_FILE} if present)`,
    )
    .option(
      '--write-baseline [file]',
      `record the current findings as the baseline (default: the config's \`baseline\`, else <dir>/${DEFAULT_BASELINE_FILE})`,
    )
    .option(
      '--changed-since <ref>',
      'report only findings in files changed since this git ref (plus uncommitted and untracked files)',
    )
    .option('--max-file-size <bytes>', 'skip files larger than this many bytes', maxFileSizeOption)
    .option('--file-time-budget <seconds>', FILE_TIME_BUDGET_HELP, fileTimeBudgetOption)
    .option('--cache', 'reuse the output of an identical earlier review (same files, options and Plumbline)')
    .option(
      '--cache-dir <dir>',
      `directory of the review cache (implies --cache; default ${DEFAULT_CACHE_DIR})`,
    )
    .option(
      '--deployment <name>',
      'review one deployment (its name, id or root, as `scan` lists them), or `all`; by default every deployment is reviewed and findings that hold only in test or local deployments are left out',
    )
    .option(
      '--allow-plugins',
      "load the rule plugins the reviewed repository's plumbline.yaml names (they run its code: only for trusted repositories)",
    )
    .option('--timing', 'print the time of each phase and of the slowest rules to stderr')
    .action(async (dirs: string[], flags: ReviewFlags, command: Command) => {
      rejectEmptyValues(
        { dirs, ...flags },
        {
          dirs: '<dir>',
          out: '--out',
          config: '--config',
          baseline: '--baseline',
          writeBaseline: '--write-baseline',
          cacheDir: '--cache-dir',
          deployment: '--deployment',
          reportUrl: '--report-url',
          format: '--format',
          failOn: '--fail-on',
        },
      );
      const targets = outputTargets(
        flags.format,
        command.getOptionValueSource('format') !== 'default',
        flags.out,
      );
      const listed =
        dirs.length === 1 && existsSync(dirs[0]!) && (await directoryOf(dirs[0]!)) === dirs[0]
          ? await readRepositoriesList(dirs[0]!, flags.config).catch((err: Error) => {
              throw new CliExit(EXIT_USAGE, err.message);
            })
          : undefined;
      if (dirs.length > 1 || listed)
        await reviewSeveral(listed?.roots ?? dirs.map(parseRootSpec), flags, targets, io, setExit, listed);
      else await reviewOne(dirs[0]!, flags, targets, io, setExit);
    });
}

/**
 * Review one directory or file: check the flags, open the review cache (shared with the library's
 * `reviewDirectory`), read the configuration, answer from the cache or walk, discover and evaluate, then write
 * the outputs, keep them in the cache and set the exit code.
 */
async function reviewOne(
  dir: string,
  flags: ReviewFlags,
  targets: OutputTarget[],
  io: CliIo,
  setExit: (code: number) => void,
): Promise<void> {
  checkSingleReviewFlags(dir, flags);
  const timings = flags.timing ? new Timings() : undefined;
  const cache = await openCache(dir, flags, io);
  const rootDir = await directoryOf(dir);
  const setup = await configureReview(dir, rootDir, flags, io);
  timings?.phase('configuration');

  const threshold = failThreshold(flags.failOn);
  const color = io.isTTY && targets.length === 1 && !targets[0]!.file;
  const renderOptions: RenderOptions = { color, maxChars: flags.maxChars, reportUrl: flags.reportUrl };
  const single = targets.length === 1 ? targets[0] : undefined;
  // the cache keeps one rendered output beside the Report: a review writing several formats renders them anew;
  // a plugin's code is not part of the cache key: reviews with plugins are not cached
  const useCache = cache && setup.plugins === 0 ? cache : undefined;
  const variant = single
    ? `${single.format}|${flags.maxChars ?? ''}|${flags.reportUrl ?? ''}|${color}`
    : undefined;
  const walk = () => walkRepository(dir, { maxFileBytes: flags.maxFileSize });
  const found = useCache
    ? await useCache.lookUp(reviewKeyOptions(dir, flags, setup.config), walk, variant)
    : { walked: await walk() };
  timings?.phase(found.walked ? 'walk (read files)' : 'cache lookup');

  if (found.output) {
    if (single?.file) await writeOut(single.file, found.output.output);
    else io.stdout(found.output.output.toString('utf8'));
    timings?.phase('write cached output');
    if (timings) io.stderr(timings.format(timingRows()));
    setExit(found.output.newSeverities.some((s) => severityRank(s) >= threshold) ? EXIT_FINDINGS : EXIT_OK);
    return;
  }

  const reviewed = found.report
    ? { report: found.report, unread: undefined }
    : await reviewWalked(found.walked!, dir, rootDir, flags, setup, io, timings);
  const { report, unread } = reviewed;
  const text = await writeTargets(report, targets, renderOptions, io, timings, useCache !== undefined);
  // an output too large to keep as one string is not kept (it would be slower to replay than to review)
  if (useCache)
    await useCache.store(
      found.report ? undefined : report,
      variant && text !== undefined ? { variant, text, report } : undefined,
    );
  if (timings) io.stderr(timings.format(timingRows()));
  const failing =
    (unread !== undefined && flags.failOn !== 'none') ||
    report.findings.some((f) => !f.baselined && severityRank(f.severity) >= threshold);
  setExit(failing ? EXIT_FINDINGS : EXIT_OK);
}

/** The flags a single review refuses: an unknown --fail-on, --write-baseline with --changed-since, a missing path. */
function checkSingleReviewFlags(dir: string, flags: ReviewFlags): void {
  if (!existsSync(dir))
    throw new CliExit(EXIT_USAGE, `${dir} does not exist (give a directory or file to review)`);
  if (flags.failOn !== 'none' && !SEVERITIES.includes(flags.failOn as Severity)) {
    throw new CliExit(
      EXIT_USAGE,
      `unknown severity "${flags.failOn}" for --fail-on (use ${SEVERITIES.join(', ')}, none)`,
    );
  }
  if (flags.writeBaseline !== undefined && flags.changedSince !== undefined) {
    throw new CliExit(
      EXIT_USAGE,
      '--write-baseline records every finding; it cannot be combined with --changed-since',
    );
  }
}

/** The lowest severity that fails the run (--fail-on), as a rank; none: nothing fails. */
function failThreshold(failOn: string): number {
  return failOn === 'none' ? Number.POSITIVE_INFINITY : severityRank(failOn as Severity);
}

/**
 * The review cache when --cache or --cache-dir asks for it; --write-baseline needs the findings themselves, so it
 * always reviews. Any cache failure costs only speed: a warning, then the review runs uncached (docs/security.md).
 */
async function openCache(dir: string, flags: ReviewFlags, io: CliIo): Promise<ReviewCache | undefined> {
  if (!(flags.cache || flags.cacheDir) || flags.writeBaseline !== undefined) return undefined;
  let warned = false;
  return ReviewCache.open(flags.cacheDir ?? DEFAULT_CACHE_DIR, dir, (err) => {
    if (!warned) io.stderr(`plumbline: warning: review cache not used: ${err.message}\n`);
    warned = true;
  });
}

/** The review-cache key options of this review: the same fields the library's `reviewDirectory` keys on. */
function reviewKeyOptions(dir: string, flags: ReviewFlags, config: ReviewConfig): ReviewKeyOptions {
  return {
    dir,
    config,
    name: flags.system,
    maxFileBytes: flags.maxFileSize,
    fileTimeBudgetMs: flags.fileTimeBudget,
  };
}

interface ReviewSetup {
  config: ReviewConfig;
  rules: Rule[];
  /** How many rules plugins added. */
  plugins: number;
  loaded: LoadedReviewConfig;
}

/**
 * Read the configuration (plumbline.yaml or --config; its problems are shown with the reviewed root's paths),
 * add the deployment, the changed files of --changed-since and the baseline to compare with.
 */
async function configureReview(
  dir: string,
  rootDir: string,
  flags: ReviewFlags,
  io: CliIo,
): Promise<ReviewSetup> {
  const loaded = await loadReviewConfig(dir, {
    configFile: flags.config,
    knownRules: new Set(allRules.map((r) => r.id)),
    builtinRules: allRules,
    allowPlugins: flags.allowPlugins === true,
  });
  const shown = (file: string): string =>
    path.isAbsolute(file) || flags.config ? file : path.join(rootDir, file);
  for (const w of loaded.warnings)
    io.stderr(`plumbline: warning: ${formatConfigProblem({ ...w, file: shown(w.file) })}\n`);
  if (loaded.errors.length) {
    throw new CliExit(
      EXIT_USAGE,
      `invalid review configuration:\n${loaded.errors.map((p) => `  ${formatConfigProblem({ ...p, file: shown(p.file) })}`).join('\n')}`,
    );
  }
  const config: ReviewConfig = {
    ...(await reviewConfigOf(loaded, dir)),
    ...(flags.deployment ? { deployment: flags.deployment } : {}),
  };
  if (flags.changedSince !== undefined) {
    try {
      config.changedFiles = await changedFiles(rootDir, flags.changedSince);
      config.changedSince = flags.changedSince;
    } catch (err) {
      if (err instanceof ChangedFilesError) throw new CliExit(EXIT_USAGE, err.message);
      throw err;
    }
  }
  if (flags.writeBaseline === undefined) {
    config.baseline = await readBaselineFor(
      rootDir,
      flags.baseline,
      loaded.baselinePath,
      loaded.baselineRoot,
      loaded.baselinePath ?? path.join(rootDir, DEFAULT_BASELINE_FILE),
      io,
    );
  }
  const rules = loaded.pluginRules.length ? [...allRules, ...loaded.pluginRules] : allRules;
  return { config, rules, plugins: loaded.pluginRules.length, loaded };
}

/**
 * Discover the walked files, evaluate the rules, write the baseline when --write-baseline asks, and assemble the
 * report. `unread`: the one file reviewed was not read by any adapter (the review says so).
 */
async function reviewWalked(
  walked: WalkResult,
  dir: string,
  rootDir: string,
  flags: ReviewFlags,
  { config, rules, loaded }: ReviewSetup,
  io: CliIo,
  timings: Timings | undefined,
): Promise<{ report: Report; unread: Diagnostic | undefined }> {
  const discovery = discoverWalked(walked, dir, {
    maxFileBytes: flags.maxFileSize,
    ...(flags.system ? { name: flags.system } : {}),
    fileTimeBudgetMs: flags.fileTimeBudget,
    onFileParsed: timings ? (file, kind, ms) => timings.file(`${file} (${kind})`, ms) : undefined,
  });
  timings?.phase('discover (parse, model)');
  if (discovery.model.artifacts.length === 0) {
    throw new CliExit(
      EXIT_USAGE,
      `nothing to review in ${dir}: none of its ${discovery.paths.length} files is an artifact Plumbline reads (OpenAPI/Swagger, AsyncAPI, GraphQL, .proto, docker-compose, Kubernetes YAML, SQL, Prisma, Dockerfile, JS/TS sources, plumbline.yaml, CI files, docs)`,
    );
  }
  const unread = await unreadSingleFile(dir, discovery);
  if (unread) {
    discovery.model.diagnostics.push(unread);
    io.stderr(`plumbline: warning: ${unread.file}: ${unread.message}\n`);
  }
  const evaluation = evaluate(discovery, config, { timings, rules });
  if (flags.writeBaseline !== undefined) {
    const target = await writeBaselineFile(
      rootDir,
      flags.writeBaseline,
      loaded.baselinePath,
      loaded.baselineRoot,
      baselineText(evaluation.findings),
    );
    const ref: BaselineRef = {
      file: displayPath(rootDir, target),
      fingerprints: [...new Set(evaluation.findings.map((f) => f.fingerprint))].sort(),
    };
    config.baseline = ref;
    io.stderr(`plumbline: wrote a baseline of ${evaluation.findings.length} findings to ${target}\n`);
  }
  const report = assemble(discovery, evaluation, config);
  timings?.phase('assemble report');
  return { report, unread };
}

/**
 * Render the report to each target (a file, or stdout). With `keep`, the last output is also returned as one
 * string for the cache, unless it is longer than MAX_CACHED_CHARS.
 */
async function writeTargets(
  report: Report,
  targets: OutputTarget[],
  renderOptions: RenderOptions,
  io: CliIo,
  timings: Timings | undefined,
  keep: boolean,
): Promise<string | undefined> {
  let text: string | undefined;
  for (const target of targets) {
    let output = renderPieces(report, target.format, renderOptions);
    if (keep) {
      const pieces = [...output];
      output = pieces;
      text = joinedUnder(pieces, MAX_CACHED_CHARS);
    }
    timings?.phase(`render ${target.format}`);
    if (target.file) {
      await mkdir(path.dirname(path.resolve(target.file)), { recursive: true });
      await writeOut(target.file, output);
    } else for (const piece of output) io.stdout(piece);
    timings?.phase('write');
  }
  return text;
}

const EXTENSION_FORMATS: Record<string, ReportFormat> = {
  '.md': 'md',
  '.markdown': 'md',
  '.json': 'json',
  '.sarif': 'sarif',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'terminal',
  '.log': 'terminal',
};

interface OutputTarget {
  format: ReportFormat;
  /** undefined: stdout */
  file?: string;
}

/**
 * Which formats go where. `FORMAT:FILE` names both; an explicit `--format` (one format, or a comma list
 * paired with the files in order) wins over a file's extension; otherwise the extension decides, and a single
 * file with an unknown extension gets the default format, as before several outputs existed.
 */
export function outputTargets(format: string, explicit: boolean, outs: string[]): OutputTarget[] {
  const formats = format.split(',').map((f) => f.trim());
  for (const f of formats) {
    if (!REPORT_FORMATS.includes(f as ReportFormat))
      throw new CliExit(EXIT_USAGE, `unknown format "${f}" (use ${REPORT_FORMATS.join(', ')})`);
  }
  if (outs.length === 0) {
    if (formats.length > 1)
      throw new CliExit(
        EXIT_USAGE,
        `${formats.length} formats need an --out file each (e.g. --out report.md)`,
      );
    return [{ format: formats[0] as ReportFormat }];
  }
  if (explicit && formats.length > 1 && formats.length !== outs.length)
    throw new CliExit(
      EXIT_USAGE,
      `--format lists ${formats.length} formats for ${outs.length} --out files; give one file per format`,
    );
  const targets = outs.map((out, i): OutputTarget => {
    const prefixed = /^([a-z-]+):(.+)$/.exec(out);
    if (prefixed && REPORT_FORMATS.includes(prefixed[1] as ReportFormat))
      return { format: prefixed[1] as ReportFormat, file: prefixed[2]! };
    if (explicit && formats.length > 1) return { format: formats[i] as ReportFormat, file: out };
    if (explicit && outs.length === 1) return { format: formats[0] as ReportFormat, file: out };
    const byExtension = EXTENSION_FORMATS[path.extname(out).toLowerCase()];
    if (byExtension) return { format: byExtension, file: out };
    if (outs.length === 1) return { format: formats[0] as ReportFormat, file: out };
    throw new CliExit(
      EXIT_USAGE,
      `cannot tell the format of --out ${out} from its extension: use .md, .json, .sarif, .html or .txt, or FORMAT:FILE`,
    );
  });
  const files = targets.map((t) => path.resolve(t.file!));
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice) throw new CliExit(EXIT_USAGE, `--out names ${twice} twice`);
  return targets;
}

/**
 * --baseline FILE must exist; a baseline named in the config that does not exist yet is a warning (write it
 * with --write-baseline); the default file is used only when present. The path policy applies: the file the
 * user names may be anywhere, one the repository names must resolve inside the reviewed root; each must be a
 * regular file under the size cap.
 */
async function readBaselineFor(
  rootDir: string,
  explicit: string | undefined,
  fromConfig: string | undefined,
  configRoot: string | undefined,
  fallback: string,
  io: CliIo,
): Promise<BaselineRef | undefined> {
  let file: string | undefined;
  let root: string | undefined;
  if (explicit) {
    file = path.resolve(explicit);
    if (!present(file)) throw new CliExit(EXIT_USAGE, `baseline file not found: ${explicit}`);
  } else if (fromConfig) {
    if (!present(fromConfig)) {
      io.stderr(
        `plumbline: warning: the configured baseline ${displayPath(rootDir, fromConfig)} does not exist yet (create it with --write-baseline)\n`,
      );
      return undefined;
    }
    file = fromConfig;
    root = configRoot ?? rootDir;
  } else if (present(fallback)) {
    file = fallback;
    root = rootDir;
  }
  if (!file) return undefined;
  const shown = displayPath(rootDir, file);
  let text: string;
  try {
    text = await readRegularText(file, { display: shown, ...(root !== undefined ? { root } : {}) });
  } catch (err) {
    if (err instanceof PathPolicyError) throw new CliExit(EXIT_USAGE, `baseline ${err.message}`);
    throw err;
  }
  const parsed = parseBaseline(shown, text);
  if (parsed.error) throw new CliExit(EXIT_USAGE, parsed.error);
  return parsed.ref;
}

/**
 * Where --write-baseline writes: the file given on the command line, else the config's `baseline` (which must
 * stay inside the reviewed root, or inside the directory of a --config file outside it), else the default file
 * at the root. Never through a symbolic link. Returns the path written.
 */
async function writeBaselineFile(
  rootDir: string,
  given: string | boolean,
  fromConfig: string | undefined,
  configRoot: string | undefined,
  text: string,
): Promise<string> {
  const explicit = typeof given === 'string';
  const target = explicit ? path.resolve(given) : (fromConfig ?? path.join(rootDir, DEFAULT_BASELINE_FILE));
  const root = explicit ? undefined : fromConfig ? (configRoot ?? rootDir) : rootDir;
  try {
    if (root !== undefined) {
      const rel = path.relative(path.resolve(root), target);
      const realRel = path.relative(root, target);
      // lexically inside first (no `..`, not absolute), so directories are only ever created inside the root
      const inside = (r: string) => r !== '' && !r.startsWith('..') && !path.isAbsolute(r);
      if (!inside(rel) && !inside(realRel))
        throw new PathPolicyError(
          `${displayPath(rootDir, target)}: refused, the configured baseline is outside the reviewed directory`,
        );
      const base = inside(rel) ? path.resolve(root) : root;
      await mkdirsNoFollow(base, path.dirname(inside(rel) ? rel : realRel));
      await writeFileSafely(target, text, { root });
    } else {
      await mkdirsNoFollow(path.dirname(target), '');
      await writeFileSafely(target, text);
    }
  } catch (err) {
    if (err instanceof PathPolicyError) throw new CliExit(EXIT_USAGE, `--write-baseline: ${err.message}`);
    throw err;
  }
  return target;
}

/** Largest output kept in the review cache (characters). */
const MAX_CACHED_CHARS = 256 * 1024 * 1024;

/**
 * The rendered report in pieces: JSON is streamed (a review of 10^5 paths makes a report larger than one string
 * may be, docs/security.md), the other formats are rendered whole.
 */
function renderPieces(report: Report, format: ReportFormat, options: RenderOptions): Iterable<string> {
  return format === 'json' ? batched(jsonChunks(report)) : [renderReport(report, format, options)];
}

/** The pieces as one string, or undefined when they add up to more than `max` characters. */
function joinedUnder(pieces: string[], max: number): string | undefined {
  let length = 0;
  for (const p of pieces) length += p.length;
  return length <= max ? pieces.join('') : undefined;
}

/** Whether anything, even a dangling link, is at `p` (the path policy then decides whether to read it). */
function present(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function displayPath(rootDir: string, abs: string): string {
  const rel = path.relative(path.resolve(rootDir), abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  return abs;
}

/** How many of the slowest rules and files `--timing` lists (PLUMBLINE_TIMING_RULES=N, default 10). */
function timingRows(): number {
  const n = Number.parseInt(process.env.PLUMBLINE_TIMING_RULES ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : 10;
}

/**
 * A review pointed at one file that no adapter read (not a contract, manifest or other artifact Plumbline knows,
 * e.g. a spec whose version key is missing): the review says so instead of reporting a clean bill of health.
 */
async function unreadSingleFile(target: string, discovery: DiscoveryResult): Promise<Diagnostic | undefined> {
  const info = await stat(target).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const name = path.basename(target);
  const read = discovery.model.artifacts.filter((a) => a.file === name);
  const contract = (kind: string) => kind === 'openapi' || kind === 'asyncapi';
  // a contract file read only into diagnostics (invalid, or no usable version key) defines no API
  if (read.some((a) => !contract(a.kind) || discovery.model.apis.some((api) => api.file === name)))
    return undefined;
  return {
    severity: 'error',
    file: name,
    message:
      'not read: Plumbline recognised no contract or artifact in this file (an OpenAPI/AsyncAPI document needs a top-level version key)',
    origin: 'review',
  };
}

/**
 * Several roots, one system: each root read (work tree or `path@ref`), discovered together, reviewed once; the
 * configuration is `--config` or the plumbline.yaml that lists the repositories; every location names its root.
 */
async function reviewSeveral(
  specs: RootSpec[],
  flags: ReviewFlags,
  targets: OutputTarget[],
  io: CliIo,
  setExit: (code: number) => void,
  listed: RepositoriesList | undefined,
): Promise<void> {
  for (const [flag, set] of [
    ['--changed-since', flags.changedSince !== undefined],
    ['--write-baseline', flags.writeBaseline !== undefined],
    ['--cache', Boolean(flags.cache || flags.cacheDir)],
    ['--deployment', flags.deployment !== undefined],
  ] as const)
    if (set) throw new CliExit(EXIT_USAGE, `${flag} reviews one repository; it cannot be used with several`);
  if (flags.failOn !== 'none' && !SEVERITIES.includes(flags.failOn as Severity))
    throw new CliExit(EXIT_USAGE, `unknown severity "${flags.failOn}" for --fail-on`);
  let roots: ResolvedRoot[];
  try {
    roots = await resolveRoots(specs);
  } catch (err) {
    if (err instanceof RootsError) throw new CliExit(EXIT_USAGE, err.message);
    throw err;
  }
  const configFile = flags.config ?? listed?.file;
  const loaded = configFile
    ? await loadReviewConfig(path.dirname(path.resolve(configFile)), {
        configFile,
        knownRules: new Set(allRules.map((r) => r.id)),
        builtinRules: allRules,
        allowPlugins: flags.allowPlugins === true,
      })
    : undefined;
  for (const w of loaded?.warnings ?? []) io.stderr(`plumbline: warning: ${formatConfigProblem(w)}\n`);
  if (loaded?.errors.length)
    throw new CliExit(
      EXIT_USAGE,
      `invalid review configuration:\n${loaded.errors.map((p) => `  ${formatConfigProblem(p)}`).join('\n')}`,
    );
  const config: ReviewConfig = {
    rules: loaded?.rules ?? {},
    suppressions: loaded?.suppressions ?? [],
    ...(loaded?.presets.length ? { presets: loaded.presets } : {}),
  };
  if (flags.baseline) {
    const text = await readRegularText(flags.baseline).catch((err: Error) => {
      throw new CliExit(EXIT_USAGE, `baseline ${err.message}`);
    });
    const parsed = parseBaseline(flags.baseline, text);
    if (parsed.error) throw new CliExit(EXIT_USAGE, parsed.error);
    config.baseline = parsed.ref;
  }
  const rules = loaded?.pluginRules.length ? [...allRules, ...loaded.pluginRules] : allRules;
  let walked: Awaited<ReturnType<typeof readRoots>>;
  try {
    walked = await readRoots(roots, { maxFileBytes: flags.maxFileSize });
  } catch (err) {
    if (err instanceof RootsError) throw new CliExit(EXIT_USAGE, err.message);
    throw err;
  }
  const discovery = discoverRoots(walked, roots, {
    fileTimeBudgetMs: flags.fileTimeBudget,
    ...(flags.system || listed?.system ? { name: flags.system ?? listed?.system } : {}),
  });
  if (discovery.model.artifacts.length === 0)
    throw new CliExit(
      EXIT_USAGE,
      `nothing to review in ${roots.map((r) => r.root).join(', ')}: no file there is an artifact Plumbline reads`,
    );
  const report = locateInRoots(
    assemble(discovery, evaluate(discovery, config, { rules }), config),
    discovery.model.repositories ?? [],
    discovery.paths,
  );
  const color = io.isTTY && targets.length === 1 && !targets[0]!.file;
  const renderOptions: RenderOptions = { color, maxChars: flags.maxChars, reportUrl: flags.reportUrl };
  for (const target of targets) {
    const text = renderReport(report, target.format, renderOptions);
    if (target.file) {
      await mkdir(path.dirname(path.resolve(target.file)), { recursive: true });
      await writeOut(target.file, text);
    } else io.stdout(text);
  }
  const threshold = failThreshold(flags.failOn);
  setExit(
    report.findings.some((f) => !f.baselined && severityRank(f.severity) >= threshold)
      ? EXIT_FINDINGS
      : EXIT_OK,
  );
}
