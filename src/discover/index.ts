import { performance } from 'node:perf_hooks';
import { merge } from '../model/merge.js';
import type { ArtifactKind, Diagnostic, SystemModel } from '../model/schema.js';
import { adapters, isCandidatePath } from './registry.js';
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
}

export type FileParsedHook = (file: string, kind: string, ms: number) => void;

const HEAD_BYTES = 64 * 1024;

/** Route each file to the first adapter that claims it and collect the fragments. Pure: no I/O. */
export function discoverFiles(
  files: SourceFile[],
  root = '.',
  options: { name?: string; paths?: string[]; onFileParsed?: FileParsedHook } = {},
): DiscoveryResult {
  const fragments: Fragment[] = [];
  const texts = new Map<string, string>();
  const byPath = new Map(files.map((f) => [f.path, f]));
  const lookup = (path: string) => byPath.get(path);
  for (const file of files) {
    const head = file.text.length > HEAD_BYTES ? file.text.slice(0, HEAD_BYTES) : file.text;
    // a file an adapter declined with diagnostics (e.g. invalid JSON carrying an OpenAPI version) stays that
    // adapter's artifact, with its diagnostics, unless a later adapter takes it
    let declined: { kind: ArtifactKind; diagnostics: Diagnostic[] } | undefined;
    for (const adapter of adapters) {
      if (!adapter.claims(file.path, head, file.text)) continue;
      let fragment: Fragment;
      const started = options.onFileParsed ? performance.now() : 0;
      try {
        fragment = adapter.parse(file, lookup);
      } catch (err) {
        fragment = { diagnostics: [crashDiagnostic(file.path, adapter.kind, err)] };
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
  const paths = options.paths ?? files.map((f) => f.path);
  return { ...merge(fragments, { root, name: options.name, paths }), texts };
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
  });
  result.model.diagnostics.push(...walked.diagnostics);
  result.model.diagnostics.sort(compareDiagnostics);
  return result;
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

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if ((a.line ?? 0) !== (b.line ?? 0)) return (a.line ?? 0) - (b.line ?? 0);
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
