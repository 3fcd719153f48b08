/**
 * The build: what `kustomize build <dir>` does, over an in-memory map of repository files. Resources (files and
 * nested kustomizations), components, generators, then the built-in transformers in kustomize's order; at the
 * top, generated names get their hash and references follow renamed objects. Nothing is fetched; whatever cannot
 * be read or applied is a diagnostic naming file and line, and the rest still builds.
 */
import path from 'node:path';
import type { Diagnostic, Source } from '../../model/schema.js';
import { applyJsonPatch, DELETE, strategicMerge } from './patch.js';
import { applyReplacements } from './replacements.js';
import {
  describe,
  groupOf,
  idOf,
  kindOf,
  legacySort,
  makeRes,
  nameOf,
  namespaceOf,
  type Res,
  type Selector,
  selectorFrom,
  selects,
} from './resources.js';
import {
  addAnnotations,
  addHashes,
  addLabels,
  fixReferences,
  prefixSuffix,
  setImages,
  setNamespace,
  setReplicas,
} from './transformers.js';
import {
  clone,
  diag,
  emptyMap,
  type LMap,
  type LNode,
  type LScalar,
  type LSeq,
  mapAt,
  memo,
  parseLocated,
  scalar,
  seqAt,
  str,
} from './tree.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const MAX_DEPTH = 32;
const MAX_RESOURCES = 20_000;

/** Directories of a file map, cached per map. */
const dirCache = new WeakMap<ReadonlyMap<string, string>, Set<string>>();
export function dirsOf(files: ReadonlyMap<string, string>): Set<string> {
  let dirs = dirCache.get(files);
  if (!dirs) {
    dirs = new Set(['.']);
    for (const f of files.keys()) {
      let i = f.lastIndexOf('/');
      while (i > 0) {
        const d = f.slice(0, i);
        if (dirs.has(d)) break;
        dirs.add(d);
        i = f.lastIndexOf('/', i - 1);
      }
    }
    dirCache.set(files, dirs);
  }
  return dirs;
}

/** Parsed files, per file map: bases are read by every overlay; a build works on clones. */
const parseCache = new WeakMap<
  ReadonlyMap<string, string>,
  Map<string, { docs: LNode[]; diagnostics: Diagnostic[] }>
>();
export function parseFile(
  files: ReadonlyMap<string, string>,
  file: string,
): { docs: LNode[]; diagnostics: Diagnostic[] } {
  const parsed = memo(parseCache, files, file, () => parseLocated(files.get(file) ?? '', file));
  return { docs: parsed.docs.map(clone), diagnostics: [...parsed.diagnostics] };
}

/** Normalise a directory argument: `./a/b/` -> `a/b`, `` -> `.`. */
export function normDir(dir: string): string {
  const n = path.posix.normalize(dir.replace(/\\/g, '/')).replace(/\/+$/, '');
  return n === '' || n === '.' ? '.' : n.replace(/^\.\//, '');
}

/** `rel` resolved against `dir`, or undefined when it leaves the repository root or is absolute. */
export function resolveIn(dir: string, rel: string): string | undefined {
  if (rel.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(rel)) return undefined;
  const joined = path.posix.normalize(dir === '.' ? rel : `${dir}/${rel}`).replace(/\/+$/, '');
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '' ? '.' : joined;
}

export function kustomizationFileIn(files: ReadonlyMap<string, string>, dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const f = dir === '.' ? name : `${dir}/${name}`;
    if (files.has(f)) return f;
  }
  return undefined;
}

/** Remote targets kustomize would fetch: URLs, git/ssh addresses, `host.tld/org/repo` shorthands, `?ref=`. */
export function isRemote(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ||
    /^git(::|@)/.test(ref) ||
    /\?(ref|version|submodules|timeout)=/.test(ref) ||
    /^(github\.com|gitlab\.com|bitbucket\.org|dev\.azure\.com)[/:]/i.test(ref)
  );
}

function looksLikeHost(ref: string): boolean {
  return /^[\w-]+(\.[\w-]+)*\.[a-z]{2,}\/[^/]+\/[^/]+/i.test(ref);
}

interface Kust {
  dir: string;
  file: string;
  root: LMap;
  kind: string;
}

export interface BuildResult {
  resources: Res[];
  diagnostics: Diagnostic[];
  files: string[];
  /** Component dirs applied, in order (nested ones too). */
  components: string[];
  /** Kustomization dirs read as resources (nested bases), in order. */
  bases: string[];
}

class Builder {
  readonly diagnostics: Diagnostic[] = [];
  readonly read = new Set<string>();
  readonly components: string[] = [];
  readonly bases: string[] = [];
  private readonly stack: string[] = [];
  private readonly dirs: Set<string>;
  private count = 0;
  private tooMany = false;
  /** Ids of each list being accumulated; rebuilt after transformers may have renamed or deleted (generation). */
  private readonly ids = new WeakMap<Res[], { generation: number; ids: Set<string> }>();
  private generation = 0;

  constructor(private readonly files: ReadonlyMap<string, string>) {
    this.dirs = dirsOf(files);
  }

  private text(file: string): string | undefined {
    const t = this.files.get(file);
    if (t !== undefined) this.read.add(file);
    return t;
  }

  private parse(file: string): { docs: LNode[]; diagnostics: Diagnostic[] } {
    this.read.add(file);
    return parseFile(this.files, file);
  }

  private load(dir: string, at: Source | undefined): Kust | undefined {
    const file = kustomizationFileIn(this.files, dir);
    if (!file) {
      this.diagnostics.push(
        diag(
          'error',
          at ?? { file: dir },
          `no kustomization.yaml in ${dir === '.' ? 'the repository root' : dir}`,
        ),
      );
      return undefined;
    }
    const { docs, diagnostics } = this.parse(file);
    this.diagnostics.push(...diagnostics);
    const root = docs[0];
    if (root?.k !== 'm') {
      if (diagnostics.length === 0)
        this.diagnostics.push(diag('error', { file, line: 1 }, 'kustomization is not a map'));
      return undefined;
    }
    return { dir, file, root, kind: str(root, 'kind') ?? 'Kustomization' };
  }

  /** Build `dir`: a kustomization (inherited undefined) or a component applied to `inherited`. */
  run(
    dir: string,
    at: Source | undefined,
    inherited: Res[] | undefined,
    extraComponents: string[] = [],
  ): Res[] {
    const list = inherited ?? [];
    if (this.stack.includes(dir)) {
      const cycle = [...this.stack.slice(this.stack.indexOf(dir)), dir].join(' -> ');
      this.diagnostics.push(diag('error', at ?? { file: dir }, `kustomization cycle: ${cycle}`));
      return list;
    }
    if (this.stack.length >= MAX_DEPTH) {
      this.diagnostics.push(
        diag('error', at ?? { file: dir }, `kustomizations nested deeper than ${MAX_DEPTH}`),
      );
      return list;
    }
    const k = this.load(dir, at);
    if (!k) return list;
    const isComponent = k.kind === 'Component';
    if (inherited && !isComponent) {
      this.diagnostics.push(
        diag('error', at ?? k.root.loc, `${k.file} is listed as a component but its kind is ${k.kind}`),
      );
      return list;
    }
    if (!inherited && isComponent && this.stack.length > 0) {
      this.diagnostics.push(
        diag('error', at ?? k.root.loc, `${k.file} is a Component: list it under components, not resources`),
      );
      return list;
    }
    this.stack.push(dir);
    try {
      this.unsupported(k);
      for (const field of ['resources', 'bases']) {
        for (const entry of seqAt(k.root, field)?.items ?? []) this.resource(k, entry, list);
      }
      for (const entry of seqAt(k.root, 'components')?.items ?? []) {
        const ref = entry.k === 's' && typeof entry.v === 'string' ? entry.v : undefined;
        const target = ref === undefined ? undefined : this.localDir(k, ref, entry.loc, 'component');
        if (target) {
          this.components.push(target);
          this.run(target, entry.loc, list);
        }
      }
      for (const c of extraComponents) {
        this.components.push(c);
        this.run(c, undefined, list);
      }
      this.generate(k, list);
      this.transform(k, list);
    } finally {
      this.stack.pop();
    }
    return list;
  }

  private unsupported(k: Kust): void {
    const charts = seqAt(k.root, 'helmCharts');
    if (charts) {
      this.diagnostics.push(
        diag(
          'info',
          charts.loc,
          'helmCharts are not inflated by the Kustomize builder: the charts are read by the Helm renderer',
        ),
      );
    }
    for (const field of [
      'vars',
      'transformers',
      'generators',
      'validators',
      'helmChartInflationGenerator',
      'configurations',
      'openapi',
    ]) {
      const v = k.root.e.get(field);
      if (!v || (v.k === 'q' && v.items.length === 0)) continue;
      this.diagnostics.push(
        diag('warning', v.loc, `\`${field}\` is not applied by the built-in Kustomize builder`),
      );
    }
  }

  /** A local directory named by a kustomization (component or base), or undefined with a diagnostic. */
  private localDir(k: Kust, ref: string, at: Source, what: string): string | undefined {
    if (isRemote(ref)) {
      this.diagnostics.push(diag('warning', at, `remote ${what} ${ref} is not fetched`));
      return undefined;
    }
    const target = resolveIn(k.dir, ref);
    if (!target) {
      this.diagnostics.push(diag('error', at, `${what} ${ref} is outside the repository root; not read`));
      return undefined;
    }
    if (!this.dirs.has(target)) {
      this.diagnostics.push(diag('error', at, `${what} ${ref} not found (${target})`));
      return undefined;
    }
    return target;
  }

  private add(list: Res[], r: Res, at: Source): void {
    if (this.count >= MAX_RESOURCES) {
      if (!this.tooMany)
        this.diagnostics.push(diag('error', at, `more than ${MAX_RESOURCES} objects; the rest skipped`));
      this.tooMany = true;
      return;
    }
    const id = idOf(r);
    let index = this.ids.get(list);
    if (!index || index.generation !== this.generation) {
      index = { generation: this.generation, ids: new Set(list.map(idOf)) };
      this.ids.set(list, index);
    }
    if (index.ids.has(id)) {
      this.diagnostics.push(
        diag('error', r.node.loc, `${describe(r)} is defined twice in the build; kept the first`),
      );
      return;
    }
    this.count++;
    list.push(r);
    index.ids.add(id);
  }

  private resource(k: Kust, entry: LNode, list: Res[]): void {
    if (entry.k !== 's' || typeof entry.v !== 'string') {
      this.diagnostics.push(diag('error', entry.loc, 'a resource entry must be a path'));
      return;
    }
    const ref = entry.v;
    if (isRemote(ref)) {
      this.diagnostics.push(diag('warning', entry.loc, `remote resource ${ref} is not fetched`));
      return;
    }
    const target = resolveIn(k.dir, ref);
    if (!target) {
      this.diagnostics.push(
        diag('error', entry.loc, `resource ${ref} is outside the repository root; not read`),
      );
      return;
    }
    if (this.files.has(target)) {
      for (const r of this.readObjects(target)) this.add(list, r, entry.loc);
      return;
    }
    if (this.dirs.has(target)) {
      if (!kustomizationFileIn(this.files, target)) {
        this.diagnostics.push(diag('error', entry.loc, `resource folder ${ref} has no kustomization.yaml`));
        return;
      }
      this.bases.push(target);
      for (const r of this.run(target, entry.loc, undefined)) this.add(list, r, entry.loc);
      return;
    }
    if (looksLikeHost(ref)) {
      this.diagnostics.push(diag('warning', entry.loc, `remote resource ${ref} is not fetched`));
      return;
    }
    this.diagnostics.push(diag('error', entry.loc, `resource ${ref} not found (${target})`));
  }

  /** The objects of a manifest file (a `List` contributes its items). */
  private readObjects(file: string): Res[] {
    const { docs, diagnostics } = this.parse(file);
    this.diagnostics.push(...diagnostics);
    const out: Res[] = [];
    for (const doc of docs) {
      if (doc.k !== 'm') {
        this.diagnostics.push(diag('error', doc.loc, 'a resource must be a map'));
        continue;
      }
      const kind = str(doc, 'kind');
      const items = seqAt(doc, 'items');
      if (kind && /List$/.test(kind) && items) {
        for (const item of items.items) if (item.k === 'm') out.push(makeRes(item));
        continue;
      }
      if (!kind) {
        this.diagnostics.push(diag('warning', doc.loc, 'object without kind skipped'));
        continue;
      }
      out.push(makeRes(doc));
    }
    return out;
  }

  // ---- generators ----

  private generate(k: Kust, list: Res[]): void {
    const options = mapAt(k.root, 'generatorOptions');
    for (const [field, kind] of [
      ['configMapGenerator', 'ConfigMap'],
      ['secretGenerator', 'Secret'],
    ] as const) {
      for (const entry of seqAt(k.root, field)?.items ?? []) {
        if (entry.k !== 'm') continue;
        this.generateOne(k, entry, kind, options, list);
      }
    }
  }

  private generateOne(
    k: Kust,
    entry: LMap,
    kind: 'ConfigMap' | 'Secret',
    options: LMap | undefined,
    list: Res[],
  ) {
    const name = str(entry, 'name');
    if (!name) {
      this.diagnostics.push(diag('error', entry.loc, `${kind} generator without a name`));
      return;
    }
    const data = emptyMap(entry.loc);
    const encode = (v: string) => (kind === 'Secret' ? Buffer.from(v, 'utf8').toString('base64') : v);
    for (const lit of seqAt(entry, 'literals')?.items ?? []) {
      if (lit.k !== 's' || lit.v === null) continue;
      const text = String(lit.v);
      const eq = text.indexOf('=');
      if (eq <= 0) {
        this.diagnostics.push(diag('error', lit.loc, `literal "${text}" is not KEY=VALUE`));
        continue;
      }
      data.e.set(text.slice(0, eq), scalar(encode(unquote(text.slice(eq + 1))), lit.loc));
    }
    for (const f of seqAt(entry, 'files')?.items ?? []) {
      if (f.k !== 's' || f.v === null) continue;
      const spec = String(f.v);
      const eq = spec.indexOf('=');
      const key = eq > 0 ? spec.slice(0, eq) : path.posix.basename(spec);
      const rel = eq > 0 ? spec.slice(eq + 1) : spec;
      const text = this.generatorFile(k, rel, f.loc);
      if (text !== undefined) data.e.set(key, scalar(encode(text), f.loc));
    }
    const envs = [...(seqAt(entry, 'envs')?.items ?? [])];
    const env = entry.e.get('env');
    if (env) envs.push(env);
    for (const e of envs) {
      if (e.k !== 's' || e.v === null) continue;
      const file = resolveIn(k.dir, String(e.v));
      const text = this.generatorFile(k, String(e.v), e.loc);
      if (text === undefined || !file) continue;
      const lines = text.split(/\r?\n/);
      lines.forEach((line, i) => {
        const t = line.trim();
        if (!t || t.startsWith('#')) return;
        const eq = line.indexOf('=');
        const at = { file, line: i + 1, column: 1 };
        if (eq <= 0) {
          this.diagnostics.push(
            diag('warning', at, `"${t}" has no value here (kustomize would read the environment)`),
          );
          return;
        }
        data.e.set(line.slice(0, eq).trim(), scalar(encode(line.slice(eq + 1)), at));
      });
    }

    const node = emptyMap(entry.loc);
    node.e.set('apiVersion', scalar('v1', entry.loc));
    node.e.set('kind', scalar(kind, entry.loc));
    const meta = emptyMap(entry.loc);
    meta.e.set('name', scalar(name, entry.e.get('name')!.loc));
    const ns = entry.e.get('namespace');
    if (ns?.k === 's' && ns.v !== null) meta.e.set('namespace', scalar(String(ns.v), ns.loc));
    node.e.set('metadata', meta);
    if (kind === 'Secret')
      node.e.set('type', scalar(str(entry, 'type') ?? 'Opaque', entry.e.get('type')?.loc ?? entry.loc));
    node.e.set('data', data);

    const own = mapAt(entry, 'options');
    let needsHash = true;
    for (const opts of [options, own]) {
      if (!opts) continue;
      const disable = opts.e.get('disableNameSuffixHash');
      if (disable?.k === 's') needsHash = !(disable.v === true || disable.v === 'true');
      for (const what of ['labels', 'annotations'] as const) {
        const pairs = mapAt(opts, what);
        if (!pairs) continue;
        const target = meta.e.get(what)?.k === 'm' ? (meta.e.get(what) as LMap) : emptyMap(pairs.loc);
        for (const [key, v] of pairs.e) target.e.set(key, clone(v));
        meta.e.set(what, target);
      }
      const immutable = opts.e.get('immutable');
      if (immutable?.k === 's' && (immutable.v === true || immutable.v === 'true')) {
        node.e.set('immutable', scalar(true, immutable.loc));
      }
    }

    const behavior = str(entry, 'behavior') ?? 'create';
    const generated = makeRes(node);
    generated.needsHash = needsHash;
    if (behavior === 'create') {
      this.add(list, generated, entry.loc);
      return;
    }
    const existing = list.find(
      (r) =>
        kindOf(r) === kind &&
        r.names.includes(name) &&
        (ns?.k !== 's' || ns.v === null || namespaceOf(r) === String(ns.v)),
    );
    if (!existing) {
      this.diagnostics.push(diag('error', entry.loc, `${kind} ${name} to ${behavior} is not in the build`));
      return;
    }
    const target = mapAt(existing.node, 'data');
    if (behavior === 'replace' || !target) existing.node.e.set('data', data);
    else for (const [key, v] of data.e) target.e.set(key, v);
    for (const what of ['labels', 'annotations'] as const) {
      const add = mapAt(meta, what);
      if (!add) continue;
      const into = mapAt(existing.node, 'metadata', what) ?? emptyMap(add.loc);
      for (const [key, v] of add.e) into.e.set(key, v);
      mapAt(existing.node, 'metadata')?.e.set(what, into);
    }
    existing.needsHash = existing.needsHash || needsHash;
  }

  private generatorFile(k: Kust, rel: string, at: Source): string | undefined {
    const file = resolveIn(k.dir, rel);
    if (!file) {
      this.diagnostics.push(diag('error', at, `${rel} is outside the repository root; not read`));
      return undefined;
    }
    const text = this.text(file);
    if (text === undefined) this.diagnostics.push(diag('error', at, `${rel} not found (${file})`));
    return text;
  }

  // ---- transformers, in kustomize's order ----

  private transform(k: Kust, list: Res[]): void {
    this.generation++;
    for (const entry of seqAt(k.root, 'patchesStrategicMerge')?.items ?? []) {
      if (entry.k !== 's' || typeof entry.v !== 'string') continue;
      const inline = entry.v.includes('\n') || /^\s*(apiVersion|kind|metadata)\s*:/.test(entry.v);
      for (const doc of this.patchDocs(k, entry, inline)) this.applyPatch(doc, undefined, list);
    }
    for (const entry of seqAt(k.root, 'patches')?.items ?? []) {
      if (entry.k !== 'm') continue;
      const body = entry.e.get('patch') ?? entry.e.get('path');
      if (body?.k !== 's') {
        this.diagnostics.push(diag('error', entry.loc, 'a patch needs `path` or `patch`'));
        continue;
      }
      const target = selectorFrom(entry.e.get('target'));
      for (const doc of this.patchDocs(k, body, entry.e.has('patch'))) this.applyPatch(doc, target, list);
    }
    const ns = k.root.e.get('namespace');
    if (ns?.k === 's' && ns.v !== null && String(ns.v) !== '') setNamespace(list, String(ns.v), ns.loc);
    const prefix = str(k.root, 'namePrefix') ?? '';
    const suffix = str(k.root, 'nameSuffix') ?? '';
    if (prefix || suffix) prefixSuffix(list, prefix, suffix);
    const common = mapAt(k.root, 'commonLabels');
    if (common) addLabels(list, common, { includeSelectors: true, includeTemplates: true });
    for (const entry of seqAt(k.root, 'labels')?.items ?? []) {
      const pairs = mapAt(entry, 'pairs');
      if (!pairs) continue;
      const flag = (name: string) => {
        const v = mapAt(entry)?.e.get(name);
        return v?.k === 's' && (v.v === true || v.v === 'true');
      };
      addLabels(list, pairs, {
        includeSelectors: flag('includeSelectors'),
        includeTemplates: flag('includeTemplates'),
      });
    }
    const annotations = mapAt(k.root, 'commonAnnotations');
    if (annotations) addAnnotations(list, annotations);
    for (const entry of seqAt(k.root, 'patchesJson6902')?.items ?? []) {
      if (entry.k !== 'm') continue;
      const body = entry.e.get('patch') ?? entry.e.get('path');
      const target = selectorFrom(entry.e.get('target'));
      if (body?.k !== 's' || !target) {
        this.diagnostics.push(
          diag('error', entry.loc, 'a JSON 6902 patch needs `target` and `path` or `patch`'),
        );
        continue;
      }
      for (const doc of this.patchDocs(k, body, entry.e.has('patch')))
        this.applyPatch(doc, target, list, true);
    }
    const replicas = seqAt(k.root, 'replicas');
    if (replicas) {
      for (const entry of setReplicas(list, replicas.items).unmatched) {
        this.diagnostics.push(
          diag('warning', entry.loc, `replicas for ${str(entry, 'name')}: no such workload`),
        );
      }
    }
    const images = seqAt(k.root, 'images');
    if (images) setImages(list, images.items);
    const replacements = seqAt(k.root, 'replacements');
    if (replacements) {
      applyReplacements(
        replacements.items,
        list,
        (entry) => this.replacementFile(k, entry),
        this.diagnostics,
      );
    }
  }

  /** A `replacements` entry's file: one replacement or a list of them. */
  private replacementFile(k: Kust, entry: LMap): LNode[] | undefined {
    const rel = str(entry, 'path');
    const at = entry.e.get('path')!.loc;
    const file = rel === undefined ? undefined : resolveIn(k.dir, rel);
    if (!file || !this.files.has(file)) {
      this.diagnostics.push(diag('error', at, `replacement file ${rel} not found or outside the repository`));
      return undefined;
    }
    const { docs, diagnostics } = this.parse(file);
    this.diagnostics.push(...diagnostics);
    return docs.flatMap((d) => (d.k === 'q' ? d.items : [d]));
  }

  /** The documents of a patch: from its file (`path`) or parsed in place from the kustomization (`patch`). */
  private patchDocs(k: Kust, body: LScalar, inline: boolean): LNode[] {
    const text = body.v === null ? '' : String(body.v);
    if (inline) {
      const base = body.inline ?? { lineBase: body.loc.line - 1, colBase: (body.loc.column ?? 1) - 1 };
      const { docs, diagnostics } = parseLocated(text, k.file, base);
      this.diagnostics.push(...diagnostics);
      return docs;
    }
    if (isRemote(text)) {
      this.diagnostics.push(diag('warning', body.loc, `remote patch ${text} is not fetched`));
      return [];
    }
    const file = resolveIn(k.dir, text);
    if (!file) {
      this.diagnostics.push(
        diag('error', body.loc, `patch ${text} is outside the repository root; not read`),
      );
      return [];
    }
    if (!this.files.has(file)) {
      this.diagnostics.push(diag('error', body.loc, `patch ${text} not found (${file})`));
      return [];
    }
    const { docs, diagnostics } = this.parse(file);
    this.diagnostics.push(...diagnostics);
    return docs;
  }

  private applyPatch(doc: LNode, target: Selector | undefined, list: Res[], jsonOnly = false): void {
    if (doc.k === 'q') {
      if (!target) {
        this.diagnostics.push(diag('error', doc.loc, 'a JSON 6902 patch needs a target'));
        return;
      }
      const matched = list.filter((r) => selects(target, r));
      for (const r of matched) {
        const { result, failed } = applyJsonPatch(r.node, doc);
        if (failed) {
          this.diagnostics.push(
            diag('error', failed.op.loc, `JSON patch on ${describe(r)}: ${failed.message}`),
          );
          continue;
        }
        if (result.k !== 'm') {
          this.diagnostics.push(
            diag('error', doc.loc, `JSON patch on ${describe(r)} does not leave an object`),
          );
          continue;
        }
        r.node = result;
        const name = nameOf(r);
        if (name && !r.names.includes(name)) r.names.push(name);
      }
      return;
    }
    if (doc.k !== 'm' || jsonOnly) {
      this.diagnostics.push(
        diag('error', doc.loc, 'a patch must be a strategic merge patch (a map) or a JSON 6902 list'),
      );
      return;
    }
    let matched: Res[];
    // the patch takes its identity from each object it patches (a base name may have gained a prefix since)
    const patch = clone(doc) as LMap;
    patch.e.delete('apiVersion');
    patch.e.delete('kind');
    const meta = mapAt(patch, 'metadata');
    meta?.e.delete('name');
    meta?.e.delete('namespace');
    if (target) {
      matched = list.filter((r) => selects(target, r));
    } else {
      const kind = str(doc, 'kind');
      const name = str(doc, 'metadata', 'name');
      const ns = str(doc, 'metadata', 'namespace');
      const group = groupOf(str(doc, 'apiVersion'));
      matched = list.filter(
        (r) =>
          kindOf(r) === kind &&
          (name === undefined || r.names.includes(name)) &&
          (ns === undefined || namespaceOf(r) === ns) &&
          (str(doc, 'apiVersion') === undefined || groupOf(str(r.node, 'apiVersion')) === group),
      );
      if (!kind || matched.length === 0) {
        this.diagnostics.push(
          diag(
            'error',
            doc.loc,
            `patch target ${kind ?? '(no kind)'} ${name ?? '(no name)'} is not in the build`,
          ),
        );
        return;
      }
      if (matched.length > 1 && name !== undefined) matched = matched.slice(0, 1);
    }
    for (const r of matched) {
      const merged = strategicMerge(r.node, patch, kindOf(r));
      if (merged === DELETE) list.splice(list.indexOf(r), 1);
      else r.node = merged;
    }
  }
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) {
    return v.slice(1, -1);
  }
  return v;
}

/** `kustomize build dir` over the file map: resources in kustomize's output order. */
export function buildResources(
  files: ReadonlyMap<string, string>,
  dir: string,
  extraComponents: string[] = [],
): BuildResult {
  const b = new Builder(files);
  const root = normDir(dir);
  const extras: string[] = [];
  for (const c of extraComponents) {
    const d = normDir(c);
    if (!kustomizationFileIn(files, d)) {
      b.diagnostics.push(diag('error', { file: d }, `component ${c} has no kustomization.yaml`));
    } else extras.push(d);
  }
  const file = kustomizationFileIn(files, root);
  let list: Res[] = [];
  try {
    list = b.run(root, undefined, undefined, extras);
    addHashes(list);
    fixReferences(list);
    const order = file ? str(parseFile(files, file).docs[0], 'sortOptions', 'order') : undefined;
    if (order !== 'fifo') list = legacySort(list);
  } catch (err) {
    // never throw on bad input (a pathologically deep document): say so and return nothing for this build
    list = [];
    b.diagnostics.push(
      diag(
        'error',
        { file: file ?? root },
        `kustomize build failed: ${(err as Error).message ?? String(err)}`,
      ),
    );
  }
  return {
    resources: list,
    diagnostics: b.diagnostics,
    files: [...b.read].sort(),
    components: b.components,
    bases: b.bases,
  };
}

export type { LSeq };
