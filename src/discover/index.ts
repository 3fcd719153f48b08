import { performance } from 'node:perf_hooks';
import type { DeploymentDraft } from '../model/deployments.js';
import type { ArtifactKind, Diagnostic, SystemModel } from '../model/schema.js';
import { composeAdapter } from './compose/adapter.js';
import { buildComposeProjects } from './compose/project.js';
import { merge } from './merge.js';
import {
  budgetClock,
  DEFAULT_FILE_TIME_BUDGET_MS,
  FileBudgetExceeded,
  formatBudget,
  withFileBudget,
} from './parse/budget.js';
import { adapters, isCandidatePath } from './registry.js';
import { renderDeployments } from './rendered.js';
import type { Fragment, ParsedArtifact, SourceFile } from './types.js';
import { type WalkOptions, type WalkResult, walkDirectory } from './walker.js';

export interface DiscoveryResult {
  model: SystemModel;
  /** Parsed contracts, for rules that read whole documents. Not part of the serialised model. */
  documents: ParsedArtifact[];
  /** Every non-ignored path in the tree, read or not. */
  paths: string[];
  /**
   * Text of every file an adapter claimed, by path: inline `plumbline-ignore` comments are read from here
   * instead of from disk a second time.
   */
  texts?: ReadonlyMap<string, string>;
}

export interface DiscoverOptions extends WalkOptions {
  /** Display name of the system; defaults to plumbline.yaml's `system` or the directory name. */
  name?: string;
  /** Called after each file an adapter parsed, with the time it took (for `review --timing`). */
  onFileParsed?: FileParsedHook;
  /** Most time reading one file may take (ms); a file over it is skipped with a diagnostic. */
  fileTimeBudgetMs?: number;
}

export type FileParsedHook = (file: string, kind: string, ms: number) => void;

const HEAD_BYTES = 64 * 1024;

/**
 * Route each file to the first adapter that claims it and collect the fragments. Pure: no I/O. The files are
 * taken in path order whatever order they come in, so the model does not depend on it (a walker, a git tree and
 * a server upload list files differently; first-seen sources and list orders in the merge follow file order).
 */
export function discoverFiles(
  unordered: SourceFile[],
  root = '.',
  options: {
    name?: string;
    paths?: string[];
    onFileParsed?: FileParsedHook;
    roots?: readonly string[];
    fileTimeBudgetMs?: number;
  } = {},
): DiscoveryResult {
  const budgetMs = options.fileTimeBudgetMs ?? DEFAULT_FILE_TIME_BUDGET_MS;
  const files = inPathOrder(unordered);
  const fragments: Fragment[] = [];
  const texts = new Map<string, string>();
  const composeFiles: SourceFile[] = [];
  const envFiles = new Map<string, string>();
  const paths = options.paths ?? files.map((f) => f.path);
  const rendered = renderDeployments(files, paths);
  fragments.push(...rendered.fragments);
  const byPath = new Map(files.map((f) => [f.path, f]));
  const lookup = (path: string) => byPath.get(path);
  const artifactOnly = (file: SourceFile, kind: ArtifactKind) => {
    texts.set(file.path, file.text);
    fragments.push({ artifacts: [{ file: file.path, kind, bytes: file.bytes }] });
  };
  for (const file of files) {
    // .env feeds compose interpolation, whichever adapter (app config) also reads it
    if (file.path === '.env' || file.path.endsWith('/.env')) envFiles.set(dirOf(file.path), file.text);
    const head = file.text.length > HEAD_BYTES ? file.text.slice(0, HEAD_BYTES) : file.text;
    // a file an adapter declined with diagnostics (e.g. invalid JSON carrying an OpenAPI version) stays that
    // adapter's artifact, with its diagnostics, unless a later adapter takes it
    let declined: { kind: ArtifactKind; diagnostics: Diagnostic[] } | undefined;
    for (const adapter of adapters) {
      if (!adapter.claims(file.path, head, file.text)) continue;
      if (rendered.claimed.has(file.path) && adapter.kind === 'kubernetes') {
        // read by a Kustomize build or Helm chart, tagged with its deployment there
        declined = undefined;
        artifactOnly(file, adapter.kind);
        break;
      }
      if (adapter === composeAdapter) {
        declined = undefined;
        composeFiles.push(file);
        artifactOnly(file, adapter.kind);
        break;
      }
      let fragment: Fragment;
      const started = performance.now();
      const cpuStarted = budgetClock();
      try {
        fragment = withFileBudget(budgetMs, () => adapter.parse(file, lookup));
        // the budget is checked inside Plumbline's own loops; a parse that ran over it elsewhere counts too
        if (budgetClock() - cpuStarted > budgetMs) throw new FileBudgetExceeded(budgetMs);
      } catch (err) {
        fragment = {
          diagnostics: [
            err instanceof FileBudgetExceeded
              ? overBudgetDiagnostic(file.path, adapter.kind, err.budgetMs)
              : crashDiagnostic(file.path, adapter.kind, err),
          ],
        };
      }
      options.onFileParsed?.(file.path, adapter.kind, performance.now() - started);
      if (fragment.declined) {
        if (!declined && fragment.diagnostics?.length)
          declined = { kind: adapter.kind, diagnostics: fragment.diagnostics };
        continue;
      }
      declined = undefined;
      texts.set(file.path, file.text);
      for (const read of fragment.readFiles ?? []) {
        const text = byPath.get(read)?.text;
        if (text !== undefined) texts.set(read, text);
      }
      fragment.artifacts = [
        ...(fragment.artifacts ?? []),
        { file: file.path, kind: adapter.kind, bytes: file.bytes },
      ];
      fragments.push(fragment);
      break;
    }
    if (declined) {
      texts.set(file.path, file.text);
      fragments.push({
        diagnostics: declined.diagnostics,
        artifacts: [{ file: file.path, kind: declined.kind, bytes: file.bytes }],
      });
    }
  }
  const deployments: DeploymentDraft[] = [...rendered.deployments];
  if (composeFiles.length > 0) {
    const started = options.onFileParsed ? performance.now() : 0;
    const projects = buildComposeProjects(composeFiles, envFiles);
    const ms = (performance.now() - started) / composeFiles.length;
    for (const f of composeFiles) options.onFileParsed?.(f.path, 'compose', ms);
    fragments.push(...projects.fragments);
    deployments.push(...projects.deployments);
  }
  return {
    ...merge(fragments, {
      root,
      name: options.name,
      paths,
      deployments,
      rendered: rendered.claimed,
      roots: options.roots,
    }),
    texts,
  };
}

export async function discoverDirectory(
  dir: string,
  options: DiscoverOptions = {},
): Promise<DiscoveryResult> {
  return discoverWalked(await walkRepository(dir, options), dir, options);
}

/** Walk `dir` (or read one file) keeping only the files adapters may claim. */
export function walkRepository(dir: string, options: DiscoverOptions = {}): Promise<WalkResult> {
  return walkDirectory(dir, { ...options, wants: options.wants ?? isCandidatePath });
}

/** Discover from an already walked tree (lets callers hash the files first, e.g. for the cache). */
export function discoverWalked(
  walked: WalkResult,
  dir: string,
  options: DiscoverOptions = {},
): DiscoveryResult {
  const result = discoverFiles(walked.files, dir, {
    name: options.name ?? defaultName(dir),
    paths: walked.paths,
    onFileParsed: options.onFileParsed,
    fileTimeBudgetMs: options.fileTimeBudgetMs,
  });
  result.model.diagnostics.push(...walked.diagnostics);
  result.model.diagnostics.sort(compareDiagnostics);
  return result;
}

function inPathOrder(files: SourceFile[]): SourceFile[] {
  const before = (a: SourceFile, b: SourceFile) => a.path < b.path;
  for (let i = 1; i < files.length; i++)
    if (before(files[i]!, files[i - 1]!))
      return [...files].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  return files;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

function defaultName(dir: string): string {
  const parts = dir.replace(/\\/g, '/').replace(/\/+$/, '').split('/');
  const last = parts[parts.length - 1];
  return last && last !== '.' ? last : 'system';
}

function crashDiagnostic(file: string, origin: string, err: unknown): Diagnostic {
  return {
    severity: 'error',
    file,
    message: `could not be read by the ${origin} adapter: ${(err as Error)?.message ?? String(err)}`,
    origin,
  };
}

function overBudgetDiagnostic(file: string, origin: string, budgetMs: number): Diagnostic {
  return {
    severity: 'error',
    file,
    message: `skipped: reading it as ${origin} took longer than the ${formatBudget(budgetMs)} budget per file`,
    origin,
  };
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if ((a.line ?? 0) !== (b.line ?? 0)) return (a.line ?? 0) - (b.line ?? 0);
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
