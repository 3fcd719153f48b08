/**
 * Parse JSON and YAML into plain data plus a locator that maps a path inside the data back to a line.
 * YAML keeps its node tree for locating; JSON is parsed with JSON.parse (fast) and a line index is
 * built lazily by a single scan the first time a location is asked for.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, type Pair, parseAllDocuments } from 'yaml';
import type { Diagnostic, Source } from '../../model/schema.js';
import { checkFileBudget } from './budget.js';
import { loadYamlFast } from './yaml-fast.js';

export type PathSegment = string | number;

export interface StructuredDocument {
  file: string;
  /** The parsed value (plain JS). */
  data: unknown;
  /** 1-based line of the document start (multi-document YAML). */
  startLine: number;
  /**
   * True when `data` is a tree (JSON): no node is shared or cyclic, so a walker needs no visited set. YAML
   * aliases can share nodes and make cycles.
   */
  tree?: boolean;
  /** Location of the value at `path` (or the nearest ancestor that has one). */
  locate(path: readonly PathSegment[]): Source;
  /**
   * Optional hint before many `locate` calls below some paths: index the containers under each `path` down to
   * `depth` levels (JSON), instead of rescanning the same text once per level. Targets directly under the root
   * share one pass over the text. Locations are the same either way.
   */
  prefetch?(targets: readonly PrefetchTarget[]): void;
  /**
   * YAML only: true when the mapping key at the end of `path` is written as a plain (unquoted) scalar, so a
   * key such as `200` is read as a number by YAML 1.1 tools; undefined when not known.
   */
  plainKey?(path: readonly PathSegment[]): boolean | undefined;
}

export interface PrefetchTarget {
  path: readonly PathSegment[];
  depth: number;
}

export interface ParseOutcome {
  documents: StructuredDocument[];
  diagnostics: Diagnostic[];
}

const MAX_ALIAS_COUNT = 100;

/**
 * Bounded work on hostile YAML (docs/security.md). yaml's own alias limit stops the classic "billion laughs",
 * but many anchors each aliased up to its limit still multiply a document's size, and every reader after the
 * parser walks the data as a tree. So a document whose aliases add more than this many values beyond its own is
 * rejected with a diagnostic, as is one whose aliases form a cycle or whose values nest deeper than MAX_DEPTH.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;
export const MAX_DEPTH = 1000;

export function isJsonText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) continue;
    return c === 0x7b || c === 0x5b; // { or [
  }
  return false;
}

/** Parse a JSON or YAML file. JSON is detected by content, so `.yaml` files holding JSON parse fast too. */
export function parseStructured(file: string, text: string, origin: string): ParseOutcome {
  if (isJsonText(text)) {
    try {
      return { documents: [jsonDocument(file, text, JSON.parse(text))], diagnostics: [] };
    } catch (err) {
      // JSON is YAML; fall through so YAML's parser can report a precise line.
      if (/\.json$/i.test(file)) {
        return { documents: [], diagnostics: [jsonErrorDiagnostic(file, text, err as Error, origin)] };
      }
    }
  }
  return parseYaml(file, text, origin);
}

function jsonErrorDiagnostic(file: string, text: string, err: Error, origin: string): Diagnostic {
  const diagnostic: Diagnostic = {
    severity: 'error',
    file,
    message: `invalid JSON: ${firstLine(err.message)}`,
    origin,
  };
  const m = /position (\d+)/.exec(err.message);
  if (m) {
    const pos = Number(m[1]);
    const before = text.slice(0, pos);
    diagnostic.line = before.split('\n').length;
    diagnostic.column = pos - before.lastIndexOf('\n');
    return diagnostic;
  }
  // Some engines' messages carry no position: find the first offending character ourselves.
  const pos = findJsonErrorOffset(text);
  const before = text.slice(0, pos);
  diagnostic.line = before.split('\n').length;
  diagnostic.column = pos - before.lastIndexOf('\n');
  return diagnostic;
}

/** Offset of the first character that makes `text` invalid JSON (a strict recursive-descent check). */
export function findJsonErrorOffset(text: string): number {
  let i = skipSpace(text, 0);
  const fail = (at: number): never => {
    throw at;
  };
  const value = (): void => {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === close) {
        i++;
        return;
      }
      for (;;) {
        if (close === 0x7d) {
          if (text.charCodeAt(i) !== 0x22) fail(i);
          string();
          i = skipSpace(text, i);
          if (text.charCodeAt(i) !== 0x3a) fail(i);
          i = skipSpace(text, i + 1);
        }
        value();
        i = skipSpace(text, i);
        const d = text.charCodeAt(i);
        if (d === close) {
          i++;
          return;
        }
        if (d !== 0x2c) fail(i);
        i = skipSpace(text, i + 1);
      }
    }
    if (c === 0x22) {
      string();
      return;
    }
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!m) fail(i);
    i += m![0].length;
  };
  const string = (): void => {
    for (let j = i + 1; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x5c) j++;
      else if (d === 0x22) {
        i = j + 1;
        return;
      } else if (d < 0x20) fail(j);
    }
    fail(text.length);
  };
  try {
    value();
    i = skipSpace(text, i);
    return Math.min(i, text.length);
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, text.length) : 0;
  }
}

/** From this size on, YAML takes the fast path (src/discover/parse/yaml-fast.ts) when it can. */
export const FAST_YAML_MIN_BYTES = 128 * 1024;

export function parseYaml(file: string, text: string, origin: string): ParseOutcome {
  if (text.length >= FAST_YAML_MIN_BYTES) {
    const fast = fastYamlDocument(file, text, origin);
    if (fast) return { documents: [fast], diagnostics: [] };
  }
  return parseYamlExact(file, text, origin);
}

function fastYamlDocument(file: string, text: string, origin: string): StructuredDocument | undefined {
  const fast = loadYamlFast(text);
  if (!fast || depthProblem(fast.data)) return undefined;
  let exact: StructuredDocument | undefined;
  return {
    file,
    data: fast.data,
    startLine: fast.startLine,
    tree: true,
    locate: (path) => {
      const at = fast.locate(path);
      if (at) return { file, ...at };
      // a location the text scan is not sure of: the exact parser, once per file
      exact ??= parseYamlExact(file, text, origin).documents[0];
      return exact ? exact.locate(path) : { file, line: fast.startLine };
    },
    plainKey: (path) => {
      const at = fast.plainKey(path);
      if (at !== undefined) return at;
      exact ??= parseYamlExact(file, text, origin).documents[0];
      return exact?.plainKey?.(path);
    },
  };
}

function parseYamlExact(file: string, text: string, origin: string): ParseOutcome {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const documents: StructuredDocument[] = [];
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: false,
      strict: false,
      logLevel: 'error',
    });
  } catch (err) {
    return {
      documents,
      diagnostics: [{ severity: 'error', file, message: `invalid YAML: ${(err as Error).message}`, origin }],
    };
  }
  if (!Array.isArray(docs)) {
    // EmptyStream
    return { documents, diagnostics };
  }
  checkFileBudget(true);
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors.slice(0, 3)) {
        const pos = lineCounter.linePos(e.pos[0]);
        diagnostics.push({
          severity: 'error',
          file,
          line: pos.line,
          column: pos.col,
          message: `invalid YAML: ${firstLine(e.message)}`,
          origin,
        });
      }
      continue;
    }
    let data: unknown;
    let anchored = false;
    try {
      data = doc.toJS({
        maxAliasCount: MAX_ALIAS_COUNT,
        onAnchor: (_value, count) => {
          if (count > 0) anchored = true;
        },
      });
    } catch (err) {
      const start = doc.contents?.range?.[0] ?? 0;
      diagnostics.push({
        severity: 'error',
        file,
        line: lineCounter.linePos(start).line,
        message: `YAML rejected: ${firstLine((err as Error).message)}`,
        origin,
      });
      continue;
    }
    if (data === null || data === undefined) continue;
    checkFileBudget(true);
    const root = doc.contents as Node | null;
    const over = anchored ? expansionProblem(data) : depthProblem(data);
    if (over) {
      diagnostics.push({
        severity: 'error',
        file,
        line: lineCounter.linePos(root?.range?.[0] ?? 0).line,
        message: `YAML rejected: ${over}`,
        origin,
      });
      continue;
    }
    duplicateKeys(root, file, lineCounter, origin, diagnostics);
    const startLine = root?.range ? lineCounter.linePos(root.range[0]).line : 1;
    documents.push({
      file,
      data,
      startLine,
      locate: (path) => {
        const offset = yamlOffset(root, path);
        const pos = lineCounter.linePos(offset ?? root?.range?.[0] ?? 0);
        return { file, line: pos.line, column: pos.col };
      },
      plainKey: (path) => {
        const pair = yamlPair(root, path);
        return pair && isScalar(pair.key) ? pair.key.type === 'PLAIN' : undefined;
      },
    });
  }
  return { documents, diagnostics };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/** Offset of the key (for map entries) or item at `path`, or of the deepest ancestor found. */
function yamlOffset(root: Node | null, path: readonly PathSegment[]): number | undefined {
  let node: unknown = root;
  let best = root?.range?.[0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = mapIndex(node).get(String(seg));
      if (!pair) break;
      const key = pair.key as Node;
      best = key.range?.[0] ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else {
      break;
    }
  }
  return best;
}

/** The map entry at the end of `path`, if every step exists. */
function yamlPair(root: Node | null, path: readonly PathSegment[]): Pair | undefined {
  let node: unknown = root;
  let pair: Pair | undefined;
  for (const seg of path) {
    pair = undefined;
    if (isMap(node)) {
      pair = mapIndex(node).get(String(seg));
      if (!pair) return undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!node) return undefined;
    } else return undefined;
  }
  return pair;
}

type YamlMap = Extract<ReturnType<typeof asMap>, object>;
const asMap = (n: unknown) => (isMap(n) ? n : undefined);
const mapIndexes = new WeakMap<object, Map<string, Pair>>();

/**
 * Each map's pairs by key, built once per map: looking keys up with a scan made locating every entry of a large
 * map quadratic (40k `$ref`s took ~50 s). The first pair of a duplicated key wins, as the scan did.
 */
function mapIndex(map: YamlMap): Map<string, Pair> {
  let index = mapIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (isPair(p) && isScalar(p.key)) {
        const k = String(p.key.value);
        if (!index.has(k)) index.set(k, p as Pair);
      }
    }
    mapIndexes.set(map, index);
  }
  return index;
}

/** Why a parsed value is too deep to walk (no aliases, so a tree), or undefined. */
function depthProblem(data: unknown): string | undefined {
  const stack: [unknown, number][] = [[data, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    checkFileBudget();
    if (depth > MAX_DEPTH) return `values nest deeper than ${MAX_DEPTH} levels`;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Why a value built with aliases is unsafe to walk: a cycle, more than MAX_DEPTH levels, or more than
 * MAX_ALIAS_EXPANSION values beyond the distinct ones. Linear in the distinct values (sizes are memoised).
 */
function expansionProblem(data: unknown): string | undefined {
  const size = new Map<object, number>();
  const onPath = new Set<object>();
  let distinct = 0;
  let problem: string | undefined;
  const visit = (v: unknown, depth: number): number => {
    if (problem) return 0;
    if (typeof v !== 'object' || v === null) return 1;
    const known = size.get(v);
    if (known !== undefined) return known;
    if (onPath.has(v)) {
      problem = 'an alias refers to a node that contains it (a cycle)';
      return 0;
    }
    if (depth > MAX_DEPTH) {
      problem = `values nest deeper than ${MAX_DEPTH} levels`;
      return 0;
    }
    checkFileBudget();
    onPath.add(v);
    let total = 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) total += visit(child, depth + 1);
    onPath.delete(v);
    distinct += 1 + (Array.isArray(v) ? v.length : Object.keys(v).length);
    size.set(v, total);
    return total;
  };
  const total = visit(data, 0);
  if (problem) return problem;
  if (total - distinct > MAX_ALIAS_EXPANSION)
    return `aliases expand the document by ${total - distinct} values, over the limit of ${MAX_ALIAS_EXPANSION}`;
  return undefined;
}

/**
 * Duplicate keys in a mapping: YAML forbids them and parsers disagree on which value wins (here, as in most,
 * the last). A warning names both lines, so an operation that vanished is explained.
 */
function duplicateKeys(
  root: Node | null,
  file: string,
  lineCounter: LineCounter,
  origin: string,
  diagnostics: Diagnostic[],
): void {
  let reported = 0;
  const stack: unknown[] = [root];
  const seenNodes = new Set<unknown>();
  while (stack.length && reported < 20) {
    const node = stack.pop();
    if (!node || seenNodes.has(node)) continue;
    checkFileBudget();
    seenNodes.add(node);
    if (isMap(node)) {
      const first = new Map<string, Node>();
      for (const p of node.items) {
        if (!isPair(p)) continue;
        if (isScalar(p.key)) {
          const k = String(p.key.value);
          const earlier = first.get(k);
          if (earlier && k !== '<<' && reported < 20) {
            reported++;
            const a = lineCounter.linePos(earlier.range?.[0] ?? 0).line;
            const b = lineCounter.linePos((p.key as Node).range?.[0] ?? 0).line;
            diagnostics.push({
              severity: 'warning',
              file,
              line: b,
              message: `duplicate key ${JSON.stringify(k)} (first at line ${a}, again at line ${b}): the value at line ${b} is used`,
              origin,
            });
          } else if (!earlier) first.set(k, p.key as Node);
        }
        stack.push(p.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
}

function jsonDocument(file: string, text: string, data: unknown): StructuredDocument {
  let locator: JsonLocator | undefined;
  return {
    file,
    data,
    startLine: 1,
    tree: true,
    locate: (path) => {
      locator ??= new JsonLocator(text, data);
      return { file, line: locator.line(path) };
    },
    prefetch: (targets) => {
      locator ??= new JsonLocator(text, data);
      locator.prefetch(targets);
    },
  };
}

interface ChildOffsets {
  /** Offset of each child's key (objects) or value (arrays). */
  at: Map<string, number>;
  /** Offset where each child's value starts. */
  value: Map<string, number>;
}

/**
 * Finds the line of a path inside JSON text without indexing the whole document: each container on a
 * looked-up path is scanned once, recording only its direct children's offsets; other subtrees are skipped.
 * Cost grows with what is looked up, not with the document.
 *
 * Skipping a subtree is most of the work. In pretty-printed JSON a container that opens at the end of a line
 * indented by k spaces closes at the next line that is k spaces and its closing bracket, which `indexOf` finds
 * far faster than walking the characters (`skipIndented`). That holds only if the file is indented
 * consistently, so when the parsed value is known every container indexed this way is checked against it: its
 * keys (or array length) must be exactly the value's. One mismatch and the locator redoes that work, and all
 * later work on the document, with the exact character walk. Locations are the same either way.
 */
export class JsonLocator {
  /** Children of each scanned container, keyed by the offset where the container starts. */
  private readonly containers = new Map<number, ChildOffsets | null>();
  private lineStarts: Uint32Array | undefined;
  /** Skip subtrees by indentation (checked against `data`); false once that failed for this document. */
  private byIndent: boolean;

  constructor(
    private readonly text: string,
    /** The parsed value of `text`, to check indentation-based scans against; without it scans are exact. */
    private readonly data?: unknown,
  ) {
    this.byIndent = data !== undefined;
  }

  line(path: readonly PathSegment[]): number {
    return this.lineAt(this.offset(path));
  }

  /** Index the containers under each target's path, `depth` levels deep, each in a single pass over its text. */
  prefetch(targets: readonly PrefetchTarget[]): void {
    if (this.byIndent) {
      const added: number[] = [];
      try {
        this.prefetchWith(targets, skipIndented, added);
        return;
      } catch (err) {
        if (err !== MISMATCH) throw err;
        for (const start of added) this.containers.delete(start);
        this.byIndent = false;
      }
    }
    this.prefetchWith(targets, skipValue, undefined);
  }

  private prefetchWith(targets: readonly PrefetchTarget[], skip: Skip, added: number[] | undefined): void {
    const root = skipSpace(this.text, 0);
    const underRoot = new Map<string, number>();
    for (const t of targets) if (t.path.length === 1) underRoot.set(String(t.path[0]), t.depth);
    const scan = (start: number, depth: number, node: unknown, only?: ReadonlyMap<string, number>) =>
      scanTree(
        { text: this.text, into: this.containers, skip, added, check: added ? node : undefined },
        start,
        depth,
        only,
      );
    if (underRoot.size > 0 && !this.containers.has(root)) {
      // the root itself is not indexed yet: index it and those subtrees in the same pass
      scan(root, 2, this.data, underRoot);
    }
    for (const { path, depth } of targets) {
      let valueStart: number | undefined = root;
      for (let k = 0; k < path.length && valueStart !== undefined; k++)
        valueStart = this.childrenOf(valueStart, path, k)?.value.get(String(path[k]));
      if (valueStart !== undefined && !this.containers.has(valueStart))
        scan(valueStart, depth, valueAt(this.data, path, path.length));
    }
  }

  /** Offset of the key (or array element) at `path`, or of the deepest ancestor found. */
  offset(path: readonly PathSegment[]): number {
    let valueStart = skipSpace(this.text, 0);
    let best = valueStart;
    for (let k = 0; k < path.length; k++) {
      const children = this.childrenOf(valueStart, path, k);
      const key = String(path[k]);
      const at = children?.at.get(key);
      if (at === undefined || !children) break;
      best = at;
      valueStart = children.value.get(key)!;
    }
    return best;
  }

  lineAt(offset: number): number {
    this.lineStarts ??= computeLineStarts(this.text);
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Children of the container at `start`, which holds the value at the first `depth` segments of `path`. */
  private childrenOf(start: number, path: readonly PathSegment[], depth: number): ChildOffsets | null {
    let children = this.containers.get(start);
    if (children === undefined) {
      children = this.byIndent ? scanContainer(this.text, start, skipIndented) : null;
      if (children === null || (this.byIndent && !sameShape(children, valueAt(this.data, path, depth)))) {
        this.byIndent = false;
        children = scanContainer(this.text, start, skipValue);
      }
      this.containers.set(start, children);
    }
    return children;
  }
}

type Skip = (text: string, i: number) => number;

/** Thrown inside an indentation-based scan whose result does not match the parsed value. */
const MISMATCH = Symbol('indentation mismatch');

interface ScanContext {
  text: string;
  into: Map<number, ChildOffsets | null>;
  skip: Skip;
  /** Offsets of the containers this scan added (to undo it); set when `check` is in use. */
  added: number[] | undefined;
  /** The parsed value of the container being scanned, to check the scan against (undefined: no check). */
  check: unknown;
}

function childValue(node: unknown, seg: PathSegment): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  return (node as Record<string, unknown>)[String(seg)];
}

function valueAt(data: unknown, path: readonly PathSegment[], depth: number): unknown {
  let node = data;
  for (let k = 0; k < depth; k++) node = childValue(node, path[k]!);
  return node;
}

/** True when the scanned children are exactly the value's keys (objects) or items (arrays). */
function sameShape(children: ChildOffsets | null, node: unknown): boolean {
  if (children === null || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return children.at.size === node.length;
  const keys = Object.keys(node);
  if (children.at.size !== keys.length) return false;
  for (const key of keys) if (!children.at.has(key)) return false;
  return true;
}

/** Offset where each line starts. One pass, into a buffer sized for ~32 characters a line that grows if needed. */
function computeLineStarts(text: string): Uint32Array {
  let starts = new Uint32Array(Math.max(1024, text.length >>> 5));
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (n === starts.length) {
      const grown = new Uint32Array(n * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[n++] = i + 1;
  }
  return starts.subarray(0, n);
}

/**
 * Scan the container at `start` and, while `depth` allows, the containers inside it, recording each one's
 * children in `ctx.into`; returns the offset just past the container. Every character is visited once, or
 * skipped by indentation.
 */
function scanTree(
  ctx: ScanContext,
  start: number,
  depth: number,
  /** At this level, descend only into these keys, each to its own depth (the others are indexed, not entered). */
  only?: ReadonlyMap<string, number>,
): number {
  const { text, into } = ctx;
  const node = ctx.check;
  const open = text.charCodeAt(start);
  if (depth <= 0 || (open !== 0x7b && open !== 0x5b)) return ctx.skip(text, start);
  const at = new Map<string, number>();
  const value = new Map<string, number>();
  let i = skipSpace(text, start + 1);
  let index = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x7d || c === 0x5d) {
      i++;
      break;
    }
    let key: string;
    if (open === 0x7b) {
      if (c !== 0x22) break;
      const keyStart = i;
      const end = skipString(text, i);
      const raw = text.slice(i + 1, end - 1);
      key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
      i = skipSpace(text, end);
      if (text.charCodeAt(i) !== 0x3a) break;
      i = skipSpace(text, i + 1);
      at.set(key, keyStart);
    } else {
      key = String(index++);
      at.set(key, i);
    }
    value.set(key, i);
    const d = text.charCodeAt(i);
    const below = only === undefined ? depth - 1 : (only.get(key) ?? 0);
    const descend = below > 0 && (d === 0x7b || d === 0x5b) && !into.has(i);
    let end: number;
    if (descend) {
      const parent = ctx.check;
      ctx.check = ctx.added ? childValue(node, key) : undefined;
      end = scanTree(ctx, i, below);
      ctx.check = parent;
    } else {
      end = ctx.skip(text, i);
    }
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
  }
  const children = { at, value };
  if (ctx.added) {
    if (!sameShape(children, node)) throw MISMATCH;
    ctx.added.push(start);
  }
  into.set(start, children);
  return i;
}

function scanContainer(text: string, start: number, skip: Skip): ChildOffsets | null {
  const open = text.charCodeAt(start);
  if (open !== 0x7b && open !== 0x5b) return null;
  const at = new Map<string, number>();
  const value = new Map<string, number>();
  let i = skipSpace(text, start + 1);
  let index = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x7d || c === 0x5d) break;
    if (open === 0x7b) {
      if (c !== 0x22) break;
      const keyStart = i;
      const end = skipString(text, i);
      const raw = text.slice(i + 1, end - 1);
      const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
      i = skipSpace(text, end);
      if (text.charCodeAt(i) !== 0x3a) break;
      i = skipSpace(text, i + 1);
      at.set(key, keyStart);
      value.set(key, i);
    } else {
      const key = String(index++);
      at.set(key, i);
      value.set(key, i);
    }
    i = skipSpace(text, skip(text, i));
    if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
  }
  return { at, value };
}

/** `"\n" + k spaces + bracket`, per indentation and bracket. */
const closingLines = new Map<number, string>();

/**
 * Skip the value at `i` by indentation when it is a container that opens at the end of its line and whose
 * first child line is indented further, with spaces: it ends at the first later line that is the opening
 * line's indentation and the closing bracket. Anything else is skipped exactly. Only right for consistently
 * indented text, so callers check the result (see JsonLocator).
 */
function skipIndented(text: string, i: number): number {
  const open = text.charCodeAt(i);
  if (open !== 0x7b && open !== 0x5b) return skipValue(text, i);
  let eol = i + 1;
  if (text.charCodeAt(eol) === 0x0d) eol++;
  if (text.charCodeAt(eol) !== 0x0a) return skipValue(text, i);
  const lineStart = text.lastIndexOf('\n', i) + 1;
  let indent = 0;
  while (text.charCodeAt(lineStart + indent) === 0x20) indent++;
  let inner = 0;
  while (text.charCodeAt(eol + 1 + inner) === 0x20) inner++;
  const first = text.charCodeAt(eol + 1 + inner);
  if (inner <= indent || first === 0x09 || first === 0x0d || first === 0x0a) return skipValue(text, i);
  const close = open === 0x7b ? '}' : ']';
  const key = indent * 2 + (open === 0x7b ? 0 : 1);
  let pattern = closingLines.get(key);
  if (pattern === undefined) {
    pattern = `\n${' '.repeat(indent)}${close}`;
    closingLines.set(key, pattern);
  }
  const at = text.indexOf(pattern, eol);
  return at === -1 ? skipValue(text, i) : at + pattern.length;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** From an opening quote, the offset just past the closing quote. */
function skipString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q === -1) return text.length;
    let backslashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return skipString(text, i);
  if (c !== 0x7b && c !== 0x5b) {
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 0x2c || d === 0x7d || d === 0x5d || isSpace(d)) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  const n = text.length;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d === 0x20) {
      // indentation: about half of a pretty-printed spec is spaces
      do i++;
      while (text.charCodeAt(i) === 0x20);
      continue;
    }
    if (d === 0x22) {
      i = skipString(text, i);
      continue;
    }
    if (d === 0x7b || d === 0x5b) depth++;
    else if (d === 0x7d || d === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return n;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}
