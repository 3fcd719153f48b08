/**
 * Kustomize, offline: which kustomization folders of a repository are deployments (roots), which are bases other
 * kustomizations include, which are components and which roots enable them, and `kustomize build` of a folder
 * into located documents (each value answers file:line in the original files).
 *
 * Built as kustomize does: `resources` (files, `List`s, folders with their own kustomization) and legacy `bases`,
 * `components` (applied in order to what the parent accumulated), `configMapGenerator`/`secretGenerator`
 * (literals, files, envs, options, behavior create|merge|replace, kustomize's content hash at the top), then the
 * transformers in kustomize's order: `patchesStrategicMerge`, `patches` (strategic merge or JSON 6902, path or
 * inline, target selectors), `namespace`, `namePrefix`/`nameSuffix`, `commonLabels`/`labels`,
 * `commonAnnotations`, `patchesJson6902`, `replicas`, `images`, `replacements`; finally name references follow
 * renamed objects and the output takes kustomize's legacy order (or `sortOptions.order: fifo`).
 * Diagnostics, never fetched or run: remote resources, `helmCharts` (the Helm renderer reads charts), plugins
 * (`transformers`, `generators`, `validators`), `vars`, `configurations`, `openapi`.
 *
 * Locations: a value keeps the line it was written on (resource file, patch file or inline patch line in the
 * kustomization); values a transformer sets (namespace, replicas, images, labels) point at the kustomization
 * line that asked; a renamed object's name keeps its resource line. Data is a tree (`tree: true`); builds without
 * options are cached per file map, and every call returns fresh plain data.
 */
import path from 'node:path';
import type { Diagnostic } from '../../model/schema.js';
import type { StructuredDocument } from '../parse/structured.js';
import {
  type BuildResult,
  buildResources,
  isRemote,
  KUSTOMIZATION_FILES,
  kustomizationFileIn,
  normDir,
  parseFile,
  resolveIn,
} from './build.js';
import { type LNode, memo, seqAt, str, toDocument } from './tree.js';

export interface KustomizeLayout {
  /** Dirs of kustomizations that no other kustomization includes (as resource or component): deployments. */
  roots: string[];
  /** Kustomization dirs included by another (bases, overlays used as resources). */
  included: string[];
  /** `kind: Component` dirs and the roots that enable them (empty: an option no root enables). */
  components: { dir: string; enabledBy: string[] }[];
  /** Root dir -> every repository-relative file its build reads (plain-manifest discovery skips them). */
  members: Map<string, string[]>;
}

export interface KustomizeBuild {
  /** One per output object, in kustomize's output order; `locate` answers file:line in the original files. */
  documents: StructuredDocument[];
  diagnostics: Diagnostic[];
  /** Every file read. */
  files: string[];
}

export interface KustomizeBuildOptions {
  /** Extra component dirs (repository-relative) to enable after the kustomization's own, e.g. to evaluate an option. */
  components?: string[];
}

/** Builds without options, per file map: findKustomizations builds every root, the caller builds them again. */
const buildCache = new WeakMap<ReadonlyMap<string, string>, Map<string, BuildResult>>();

function cachedBuild(files: ReadonlyMap<string, string>, dir: string): BuildResult {
  return memo(buildCache, files, dir, () => buildResources(files, dir));
}

export function buildKustomization(
  files: ReadonlyMap<string, string>,
  dir: string,
  options?: KustomizeBuildOptions,
): KustomizeBuild {
  const root = normDir(dir);
  const extra = options?.components ?? [];
  const result = extra.length === 0 ? cachedBuild(files, root) : buildResources(files, root, extra);
  return {
    documents: result.resources.map((r) => toDocument(r.node)),
    diagnostics: [...result.diagnostics],
    files: [...result.files],
  };
}

interface Entry {
  dir: string;
  kind: string;
  resources: string[];
  components: string[];
}

/** The kustomization dirs a kustomization names as resources/bases and as components (local folders only). */
function readEntry(files: ReadonlyMap<string, string>, dir: string, file: string): Entry {
  let root: LNode | undefined;
  try {
    root = parseFile(files, file).docs[0];
  } catch {
    root = undefined; // the build of a root reports it
  }
  const entry: Entry = { dir, kind: str(root, 'kind') ?? 'Kustomization', resources: [], components: [] };
  const refs = (field: string) =>
    (seqAt(root, field)?.items ?? [])
      .map((n) =>
        n.k === 's' && typeof n.v === 'string' && !isRemote(n.v) ? resolveIn(dir, n.v) : undefined,
      )
      .filter((d): d is string => d !== undefined && kustomizationFileIn(files, d) !== undefined);
  entry.resources = [...refs('resources'), ...refs('bases')];
  entry.components = refs('components');
  return entry;
}

export function findKustomizations(files: ReadonlyMap<string, string>): KustomizeLayout {
  const dirs = new Set<string>();
  for (const f of files.keys()) {
    if (KUSTOMIZATION_FILES.includes(path.posix.basename(f))) dirs.add(normDir(path.posix.dirname(f)));
  }
  const entries = [...dirs].sort().map((d) => readEntry(files, d, kustomizationFileIn(files, d)!));
  const included = new Set<string>();
  const componentDirs = new Set<string>();
  for (const e of entries) {
    if (e.kind === 'Component') componentDirs.add(e.dir);
    for (const r of e.resources) if (r !== e.dir) included.add(r);
    for (const c of e.components) if (c !== e.dir) componentDirs.add(c);
  }
  const roots = entries
    .map((e) => e.dir)
    .filter((d) => !included.has(d) && !componentDirs.has(d))
    .sort();
  const members = new Map<string, string[]>();
  const enabledBy = new Map<string, Set<string>>([...componentDirs].map((d) => [d, new Set<string>()]));
  for (const root of roots) {
    const build = cachedBuild(files, root);
    members.set(root, build.files);
    for (const c of build.components) enabledBy.get(c)?.add(root);
  }
  return {
    roots,
    included: [...included].filter((d) => !componentDirs.has(d)).sort(),
    components: [...componentDirs].sort().map((dir) => ({ dir, enabledBy: [...enabledBy.get(dir)!].sort() })),
    members,
  };
}
