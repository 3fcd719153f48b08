/**
 * Multi-file OpenAPI documents: a root document whose `$ref`s point at other files of the reviewed tree
 * (`get: {$ref: resources/orders/list.yaml}`, `schema: {$ref: ../schemas/Order.yaml}`) is read as one document.
 *
 * Each referenced value is copied into the root's data where it is first used (components before paths, so a
 * schema a component names is placed under that component); later references to the same target become local
 * `$ref`s to where it was placed, so the bundled data stays a tree and every rule that follows local refs works
 * unchanged. Refs inside a referenced file to its own root (`#/definitions/X`) are followed the same way; refs
 * back into the root document become plain local refs.
 *
 * Locations stay true: the bundled document's `locate` maps a path below a placed value into the file it came
 * from, with that file's own line. Refs to files outside the reviewed root, remote refs, and refs to files that
 * are not there are kept (rewritten relative to the root document so `api/unresolved-ref` resolves them from
 * there) and reported. Bounds: a ref chain depth, a number of files and a number of copied nodes per root.
 */
import type { Diagnostic, Source } from '../../model/schema.js';
import {
  type ParseOutcome,
  type PathSegment,
  parseStructured,
  type StructuredDocument,
} from '../parse/structured.js';
import type { FileLookup, SourceFile } from '../types.js';
import { isResponsesMap } from './facts.js';
import { isObj, PointerIndex, pathToPointer, refKind } from './refs.js';

type Obj = Record<string, unknown>;

export const BUNDLE_LIMITS = {
  /** Distinct files one root document may pull in. */
  files: 2000,
  /** Nested file references followed from one place (a chain of refs to refs). */
  depth: 64,
  /** Values copied into one bundled document. */
  nodes: 5_000_000,
};

/** Keys whose values are literal data: refs inside them are not references (as in facts.ts). */
const LITERAL_KEYS = new Set(['example', 'x-example', 'default', 'const', 'enum']);

interface Part {
  file: string;
  doc: StructuredDocument;
  pointers: PointerIndex;
}

interface Mount {
  children?: Map<string, Mount>;
  source?: { doc: StructuredDocument; path: PathSegment[] };
}

const parsedFragments = new WeakMap<SourceFile, ParseOutcome>();

export interface BundleOutcome {
  document: StructuredDocument;
  /** Other files read into the document (relative to the scanned root), sorted. */
  files: string[];
  /** The values of other files the document uses, as `file#/pointer` (`file#` for a whole file), sorted. */
  imports: string[];
  diagnostics: Diagnostic[];
}

/**
 * Bundle `root` (parsed from `rootFile`) with the files its `$ref`s point at. Returns undefined when it
 * references no other file that could be read (the root is used as it is).
 */
export function bundleOpenApi(root: StructuredDocument, files: FileLookup): BundleOutcome | undefined {
  return new Bundler(root, files).run();
}

/** `dir/a/../b.yaml` → `dir/b.yaml`; undefined when the path climbs above the scanned root. */
export function joinRelative(fromFile: string, target: string): string | undefined {
  const parts = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')).split('/') : [];
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** The path of `file` relative to the directory of `fromFile` (both relative to the same root). */
function relativeTo(fromFile: string, file: string): string {
  const from = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')).split('/') : [];
  const to = file.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/') || '.';
}

class Bundler {
  private readonly rootFile: string;
  private readonly parts = new Map<string, Part | null>();
  /** `file#pointer` → where its value was placed in the bundled data. */
  private readonly placed = new Map<string, PathSegment[]>();
  /** Targets copied in already (a reserved component place is not filled until its entry is copied). */
  private readonly filled = new Set<string>();
  private readonly mounts: Mount = {};
  private readonly diagnostics: Diagnostic[] = [];
  private readonly reported = new Set<string>();
  private nodes = 0;
  private inlined = false;

  constructor(
    private readonly root: StructuredDocument,
    private readonly lookup: FileLookup,
  ) {
    this.rootFile = root.file;
    this.parts.set(root.file, { file: root.file, doc: root, pointers: new PointerIndex(root.data) });
    this.mount([], root, []);
  }

  run(): BundleOutcome | undefined {
    const data = this.root.data;
    if (!isObj(data)) return undefined;
    // components (and 2.0's definitions, parameters, responses) first: a file a component names is placed there
    const first = ['components', 'definitions', 'parameters', 'responses', 'securityDefinitions'];
    this.reserveComponents(data);
    const copied = new Map<string, unknown>();
    for (const key of first) {
      if (key in data) copied.set(key, this.copy(data[key], this.rootFile, [key], [key], 0));
    }
    const out: Obj = {};
    for (const [key, value] of Object.entries(data)) {
      out[key] = copied.has(key) ? copied.get(key) : this.copy(value, this.rootFile, [key], [key], 0);
    }
    if (!this.inlined) return this.diagnostics.length ? this.unchanged() : undefined;
    const files = [...this.parts.entries()]
      .filter(([file, part]) => part && file !== this.rootFile)
      .map(([file]) => file)
      .sort();
    const mounts = this.mounts;
    const root = this.root;
    const document: StructuredDocument = {
      file: root.file,
      data: out,
      startLine: root.startLine,
      tree: true,
      locate: (path) => locateIn(mounts, path) ?? root.locate(path),
      prefetch: (targets) => root.prefetch?.(targets),
    };
    return { document, files, imports: [...this.filled].sort(), diagnostics: this.diagnostics };
  }

  /**
   * A component that is a ref to another file (`Money: {$ref: schemas/Money.yaml}`) names that file's value:
   * reserve the component's place for it, so refs to the file from anywhere become refs to the component.
   */
  private reserveComponents(data: Obj): void {
    const maps: [PathSegment[], unknown][] = isObj(data.components)
      ? Object.entries(data.components).map(([kind, map]) => [['components', kind], map])
      : ['definitions', 'parameters', 'responses'].map((key) => [[key], data[key]]);
    for (const [base, map] of maps) {
      if (!isObj(map)) continue;
      for (const [name, entry] of Object.entries(map)) {
        if (!isObj(entry) || typeof entry.$ref !== 'string' || refKind(entry.$ref) !== 'file') continue;
        const hash = entry.$ref.indexOf('#');
        const target = joinRelative(this.rootFile, hash === -1 ? entry.$ref : entry.$ref.slice(0, hash));
        if (target === undefined || target === this.rootFile) continue;
        const key = `${target}${hash === -1 ? '#' : entry.$ref.slice(hash)}`;
        if (!this.placed.has(key)) this.placed.set(key, [...base, name]);
      }
    }
  }

  private unchanged(): BundleOutcome {
    return { document: this.root, files: [], imports: [], diagnostics: this.diagnostics };
  }

  private mount(at: PathSegment[], doc: StructuredDocument, path: PathSegment[]): void {
    let node = this.mounts;
    for (const seg of at) {
      node.children ??= new Map();
      let next = node.children.get(String(seg));
      if (!next) {
        next = {};
        node.children.set(String(seg), next);
      }
      node = next;
    }
    node.source = { doc, path };
  }

  /** Copy `value` (found in `file` at `src`) to `dst` in the bundled data, following refs to other files. */
  private copy(value: unknown, file: string, src: PathSegment[], dst: PathSegment[], depth: number): unknown {
    if (++this.nodes > BUNDLE_LIMITS.nodes) {
      this.report(
        file,
        src,
        'limit',
        `bundling stopped after ${BUNDLE_LIMITS.nodes} values; the rest is not read`,
      );
      return value;
    }
    if (Array.isArray(value)) {
      return value.map((v, i) => this.copy(v, file, [...src, i], [...dst, i], depth));
    }
    if (!isObj(value)) return value;
    if (typeof value.$ref === 'string') {
      const replaced = this.follow(value, value.$ref, file, src, dst, depth);
      if (replaced !== undefined) return replaced;
    }
    const out: Obj = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] =
        (LITERAL_KEYS.has(key) && !(key === 'default' && isResponsesMap(src.at(-1), src.at(-2)))) ||
        (key === 'examples' && Array.isArray(child))
          ? file === this.rootFile
            ? child
            : structuredClone(child)
          : key === 'value' && isExampleValue(src)
            ? file === this.rootFile
              ? child
              : structuredClone(child)
            : this.copy(child, file, [...src, key], [...dst, key], depth);
    }
    return out;
  }

  /**
   * What a `$ref` object in `file` becomes in the bundle: the referenced value copied in, a local ref to where
   * it already is, or the ref rewritten relative to the root file. Undefined: copy the object as it is.
   */
  private follow(
    node: Obj,
    ref: string,
    file: string,
    src: PathSegment[],
    dst: PathSegment[],
    depth: number,
  ): unknown {
    const kind = refKind(ref);
    if (kind === 'remote') return undefined;
    const hash = ref.indexOf('#');
    const target = kind === 'local' ? file : joinRelative(file, hash === -1 ? ref : ref.slice(0, hash));
    const pointer = hash === -1 ? '#' : ref.slice(hash);
    if (target === undefined) {
      this.report(file, src, ref, `$ref ${ref} leaves the reviewed root; not read`);
      return this.keepRef(node, ref, file);
    }
    if (target === this.rootFile) {
      // a ref into the root document: local there
      return file === this.rootFile
        ? undefined
        : { ...this.siblings(node, file, src, dst, depth), $ref: pointer };
    }
    const key = `${target}${pointer}`;
    const placedAt = this.placed.get(key);
    if (placedAt && (this.filled.has(key) || !samePath(placedAt, dst)))
      return { ...this.siblings(node, file, src, dst, depth), $ref: pathToPointer(placedAt) };
    if (depth >= BUNDLE_LIMITS.depth) {
      this.report(
        file,
        src,
        'depth',
        `$ref ${ref}: more than ${BUNDLE_LIMITS.depth} nested file references; not followed`,
      );
      return this.keepRef(node, ref, file);
    }
    const part = this.part(target);
    if (!part) {
      // not in the tree (or not readable): api/unresolved-ref reports it, relative to the root document
      return this.keepRef(node, ref, file);
    }
    const path = part.pointers.pathOf(pointer);
    const value = part.pointers.get(pointer);
    if (value === undefined) {
      this.report(file, src, key, `$ref ${ref} points at nothing in ${target}`);
      return this.keepRef(node, ref, file);
    }
    this.placed.set(key, dst);
    this.filled.add(key);
    this.mount(dst, part.doc, path);
    this.inlined = true;
    const copied = this.copy(value, target, path, dst, depth + 1);
    const extra = this.siblings(node, file, src, dst, depth);
    return isObj(copied) && Object.keys(extra).length ? { ...copied, ...extra } : copied;
  }

  /** The keys beside a `$ref` (3.1 lets `description` and `summary` override the target's). */
  private siblings(node: Obj, file: string, src: PathSegment[], dst: PathSegment[], depth: number): Obj {
    const out: Obj = {};
    for (const [key, value] of Object.entries(node)) {
      if (key !== '$ref') out[key] = this.copy(value, file, [...src, key], [...dst, key], depth);
    }
    return out;
  }

  /** Keep a ref that cannot be followed; from another file it is rewritten to resolve from the root file. */
  private keepRef(node: Obj, ref: string, file: string): Obj {
    if (file === this.rootFile) return node;
    let rewritten = ref;
    if (refKind(ref) === 'file') {
      const hash = ref.indexOf('#');
      const target = joinRelative(file, hash === -1 ? ref : ref.slice(0, hash));
      if (target !== undefined)
        rewritten = `${relativeTo(this.rootFile, target)}${hash === -1 ? '' : ref.slice(hash)}`;
    }
    return { ...node, $ref: rewritten };
  }

  private part(file: string): Part | null {
    const known = this.parts.get(file);
    if (known !== undefined) return known;
    if (this.parts.size > BUNDLE_LIMITS.files) {
      this.report(file, [], 'files', `more than ${BUNDLE_LIMITS.files} files referenced; ${file} not read`);
      this.parts.set(file, null);
      return null;
    }
    const source = this.lookup(file);
    let part: Part | null = null;
    if (source) {
      let outcome = parsedFragments.get(source);
      if (!outcome) {
        outcome = parseStructured(source.path, source.text, 'openapi');
        parsedFragments.set(source, outcome);
      }
      const doc = outcome.documents[0];
      if (doc) part = { file, doc, pointers: new PointerIndex(doc.data) };
      for (const d of outcome.diagnostics) this.pushOnce(`parse:${file}:${d.line}`, d);
    }
    this.parts.set(file, part);
    return part;
  }

  private report(file: string, src: PathSegment[], key: string, message: string): void {
    const part = this.parts.get(file);
    const loc: Source | undefined = part ? part.doc.locate(src) : undefined;
    this.pushOnce(`${key}:${file}`, {
      severity: 'warning',
      file,
      line: loc?.line,
      message,
      origin: 'openapi',
    });
  }

  private pushOnce(key: string, d: Diagnostic): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(d);
  }
}

function samePath(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  return a.length === b.length && a.every((seg, i) => String(seg) === String(b[i]));
}

/** `…/examples/<name>/value`: the literal value of an Example Object. */
function isExampleValue(src: PathSegment[]): boolean {
  return src.length >= 2 && src[src.length - 2] === 'examples';
}

function locateIn(mounts: Mount, path: readonly PathSegment[]): Source | undefined {
  let node: Mount | undefined = mounts;
  let best = mounts.source ? { source: mounts.source, at: 0 } : undefined;
  for (let i = 0; i < path.length && node; i++) {
    node = node.children?.get(String(path[i]));
    if (node?.source) best = { source: node.source, at: i + 1 };
  }
  if (!best || best.at === 0) return undefined;
  return best.source.doc.locate([...best.source.path, ...path.slice(best.at)]);
}
