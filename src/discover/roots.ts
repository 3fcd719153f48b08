/**
 * One system read from several repositories (roots): local directories, or git refs of local clones read from
 * the object store (`path@ref`, never fetched). Discovery sees each root as a folder named after it
 * (`<name>/<path>`), so every adapter's path logic (relative `$ref`s, compose `.env`, Kustomize bases) works
 * unchanged inside a root and never crosses into another; the report then names each location
 * `<name>:<path>` (see `locateInRoots`).
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { GitTreeError, readGitTree } from '../diff/git-tree.js';
import type { Diagnostic, Repository } from '../model/schema.js';
import { isWithin, realRoot } from '../safety/paths.js';
import {
  compareDiagnostics,
  type DiscoverOptions,
  type DiscoveryResult,
  discoverFiles,
  walkRepository,
} from './index.js';
import { isCandidatePath } from './registry.js';
import type { SourceFile } from './types.js';

export class RootsError extends Error {}

/** A root as asked for: a directory, optionally a git ref of it, optionally the name locations use. */
export interface RootSpec {
  dir: string;
  ref?: string;
  name?: string;
}

export interface ResolvedRoot extends Repository {
  /** Real path of the directory. */
  real: string;
}

/**
 * `path` or `path@ref`. A path that exists as given is a path even when it holds `@`; otherwise the last `@`
 * separates the ref.
 */
export function parseRootSpec(spec: string): RootSpec {
  const at = spec.lastIndexOf('@');
  if (at <= 0 || existsSync(spec)) return { dir: spec };
  return { dir: spec.slice(0, at), ref: spec.slice(at + 1) };
}

/**
 * Check the roots and name them. A name not given is the root's path relative to the deepest folder all roots
 * share (`sock-shop`, `sock-shop-services/catalogue`), with `@ref` when the same folder is read at two refs.
 * Roots must be directories, and none may lie inside another (its files would be read twice).
 */
export async function resolveRoots(specs: RootSpec[]): Promise<ResolvedRoot[]> {
  if (specs.length === 0) throw new RootsError('no repository to read');
  const resolved: { spec: RootSpec; real: string }[] = [];
  for (const spec of specs) {
    let real: string;
    try {
      real = await realRoot(spec.dir);
    } catch {
      throw new RootsError(`${spec.dir} does not exist`);
    }
    if (!(await stat(spec.dir)).isDirectory())
      throw new RootsError(`${spec.dir} is not a directory (each repository is a directory)`);
    resolved.push({ spec, real });
  }
  for (let i = 0; i < resolved.length; i++) {
    for (let j = 0; j < resolved.length; j++) {
      const a = resolved[i]!;
      const b = resolved[j]!;
      if (i === j || (a.real === b.real && a.spec.ref !== b.spec.ref)) continue;
      if (isWithin(a.real, b.real))
        throw new RootsError(
          a.real === b.real
            ? `${b.spec.dir} is given twice`
            : `${b.spec.dir} lies inside ${a.spec.dir}: give either the folder or the repositories in it`,
        );
    }
  }
  const common = commonDir(resolved.map((r) => r.real));
  const roots = resolved.map(({ spec, real }): ResolvedRoot => {
    const derived = path.relative(common, real).split(path.sep).join('/') || path.basename(real) || 'root';
    const twice = resolved.filter((r) => r.real === real).length > 1;
    const name = spec.name ?? (twice && spec.ref ? `${derived}@${spec.ref}` : derived);
    return { name, root: spec.dir, real, ...(spec.ref ? { ref: spec.ref } : {}) };
  });
  const names = new Set<string>();
  for (const r of roots) {
    const problem = nameProblem(r.name);
    if (problem) throw new RootsError(`repository name ${JSON.stringify(r.name)} ${problem}`);
    if (names.has(r.name)) throw new RootsError(`two repositories are named ${r.name}; name them apart`);
    names.add(r.name);
  }
  for (const a of roots)
    for (const b of roots)
      if (a !== b && b.name.startsWith(`${a.name}/`))
        throw new RootsError(`repository name ${b.name} starts with the name of ${a.name}; name them apart`);
  return roots;
}

function nameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'is empty';
  if (name.split('/').some((s) => s === '' || s === '.' || s === '..'))
    return 'has an empty, . or .. segment';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[:\\\u0000-\u001f\u007f]/.test(name)) return 'holds ":", "\\" or a control character';
  return undefined;
}

function commonDir(dirs: string[]): string {
  let common = dirs[0]!;
  if (dirs.length === 1) return path.dirname(common);
  while (
    !dirs.every((d) => d === common || d.startsWith(common.endsWith(path.sep) ? common : common + path.sep))
  ) {
    const up = path.dirname(common);
    if (up === common) break;
    common = up;
  }
  return dirs.includes(common) ? path.dirname(common) : common;
}

export interface RootsWalk {
  files: SourceFile[];
  paths: string[];
  diagnostics: Diagnostic[];
}

/** Read every root (work tree, or the git ref's tree), each path prefixed `<name>/`. */
export async function readRoots(roots: ResolvedRoot[], options: DiscoverOptions = {}): Promise<RootsWalk> {
  const out: RootsWalk = { files: [], paths: [], diagnostics: [] };
  const parts = await Promise.all(
    roots.map(async (root) => {
      if (root.ref === undefined) return walkRepository(root.real, options);
      try {
        const files = await readGitTree(root.real, root.ref, {
          wants: options.wants ?? isCandidatePath,
          maxFileBytes: options.maxFileBytes,
        });
        return { files, paths: files.map((f) => f.path), diagnostics: [] as Diagnostic[] };
      } catch (err) {
        if (err instanceof GitTreeError)
          throw new RootsError(`${root.root}@${root.ref}: ${err.message.replace(/^--base: /, '')}`);
        throw err;
      }
    }),
  );
  roots.forEach((root, i) => {
    const walked = parts[i]!;
    const prefix = `${root.name}/`;
    for (const f of walked.files) out.files.push({ ...f, path: prefix + f.path });
    for (const p of walked.paths) out.paths.push(prefix + p);
    for (const d of walked.diagnostics) out.diagnostics.push({ ...d, file: prefix + d.file });
  });
  out.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  out.paths.sort();
  return out;
}

/** Discover one system from roots already read. Paths in the result are `<name>/<path>` until located. */
export function discoverRoots(
  walked: RootsWalk,
  roots: ResolvedRoot[],
  options: DiscoverOptions = {},
): DiscoveryResult {
  const result = discoverFiles(walked.files, roots.map((r) => r.root).join(' '), {
    name: options.name ?? defaultSystemName(roots),
    paths: walked.paths,
    onFileParsed: options.onFileParsed,
    roots: roots.map((r) => r.name),
    fileTimeBudgetMs: options.fileTimeBudgetMs,
  });
  result.model.diagnostics.push(...walked.diagnostics);
  result.model.diagnostics.sort(compareDiagnostics);
  result.model.repositories = roots.map(({ name, root, ref }) => ({ name, root, ...(ref ? { ref } : {}) }));
  return result;
}

function defaultSystemName(roots: ResolvedRoot[]): string {
  return roots[0]!.name.split('/')[0]!;
}

/**
 * The same value with every location naming its root: a string that is a path read (or a folder of one),
 * `<name>/<path>`, becomes `<name>:<path>`, and so does such a path quoted inside a message. Ids keep their
 * form (they are keys, not locations).
 */
export function locateInRoots<T>(value: T, roots: Repository[], paths: readonly string[]): T {
  const names = roots.map((r) => r.name).sort((a, b) => b.length - a.length);
  const known = new Set<string>();
  for (const p of paths) {
    known.add(p);
    for (let at = p.lastIndexOf('/'); at > 0; at = p.lastIndexOf('/', at - 1)) {
      const dir = p.slice(0, at);
      if (known.has(dir)) break;
      known.add(dir);
    }
  }
  const relocate = (s: string): string => {
    for (const name of names) if (s.startsWith(`${name}/`)) return `${name}:${s.slice(name.length + 1)}`;
    return s;
  };
  const mentions = new RegExp(
    `(?<![\\w.:/@-])(?:${names.map(escapeRegExp).join('|')})/[^\\s,;()'"\`<>\\]]+`,
    'g',
  );
  const inText = (s: string): string =>
    s.replace(mentions, (m) => {
      // a quoted location may end in :line(:column) or punctuation
      const bare = m.replace(/(:\d+)+$|[.:/]+$/, '');
      return known.has(bare) ? relocate(bare) + m.slice(bare.length) : m;
    });
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') {
      if (key === 'id' || key.endsWith('Id') || key === 'fingerprint') return v;
      if (known.has(v)) return relocate(v);
      return v.includes('/') ? inText(v) : v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value, '') as T;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Discover one system from several repositories (`path` or `path@ref` of a local clone, never fetched). Every
 * location in the model reads `<name>:<path>`; `model.repositories` lists the roots.
 */
export async function scanRepositories(
  roots: (string | RootSpec)[],
  options: DiscoverOptions = {},
): Promise<DiscoveryResult> {
  const discovery = await discoverRepositories(roots, options);
  return {
    ...discovery,
    model: locateInRoots(discovery.model, discovery.model.repositories ?? [], discovery.paths),
  };
}

/** Resolve, read and discover roots; paths stay `<name>/<path>` (locateInRoots names them for output). */
export async function discoverRepositories(
  roots: (string | RootSpec)[],
  options: DiscoverOptions = {},
): Promise<DiscoveryResult> {
  const resolved = await resolveRoots(roots.map((r) => (typeof r === 'string' ? parseRootSpec(r) : r)));
  return discoverRoots(await readRoots(resolved, options), resolved, options);
}
