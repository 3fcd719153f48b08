/**
 * Located trees: YAML data where every value remembers the file:line it came from. Kustomize's transformations
 * (patches, images, labels, ...) operate on these trees, so a value set by a patch keeps the patch file's line and
 * a value untouched keeps the resource file's line; the result converts to plain data plus a locator.
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  type Scalar as YScalar,
} from 'yaml';
import type { Diagnostic, Source } from '../../model/schema.js';
import type { PathSegment, StructuredDocument } from '../parse/structured.js';

export type Scalar = string | number | boolean | null;
export interface LScalar {
  k: 's';
  v: Scalar;
  loc: Source;
  /** For multi-line strings: where the text starts, to parse it in place (inline patches). */
  inline?: InlineBase;
}
export interface LMap {
  k: 'm';
  e: Map<string, LNode>;
  loc: Source;
}
export interface LSeq {
  k: 'q';
  items: LNode[];
  loc: Source;
}
export type LNode = LScalar | LMap | LSeq;

export const ORIGIN = 'kustomize';
const MAX_ALIASES = 100;

/** Maps an offset in the parsed text to a place in an original file (an inline patch lives inside a kustomization). */
export type Placer = (offset: number) => Source;

/**
 * Where a multi-line string scalar's text starts in its file: the line before its first line (`lineBase`) and the
 * indentation of its lines (`colBase`), so an inline patch parsed from the string keeps lines in the kustomization.
 */
export interface InlineBase {
  lineBase: number;
  colBase: number;
}

/**
 * Parse every document of a YAML (or JSON) text into located trees. Empty documents are skipped; errors become
 * diagnostics placed in the original file. `base` shifts lines and columns (text taken from inside another file).
 */
export function parseLocated(
  text: string,
  file: string,
  base: InlineBase = { lineBase: 0, colBase: 0 },
): { docs: LNode[]; diagnostics: Diagnostic[] } {
  const lc = new LineCounter();
  const place: Placer = (offset) => {
    const p = lc.linePos(offset);
    return { file, line: p.line + base.lineBase, column: p.col + base.colBase };
  };
  const diagnostics: Diagnostic[] = [];
  const docs: LNode[] = [];
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(text, {
      lineCounter: lc,
      prettyErrors: false,
      uniqueKeys: false,
      strict: false,
    });
  } catch (err) {
    diagnostics.push(diag('error', place(0), `invalid YAML: ${firstLine((err as Error).message)}`));
    return { docs, diagnostics };
  }
  if (!Array.isArray(parsed)) return { docs, diagnostics };
  const ctx: Ctx = { place, text, base, aliases: 0, doc: undefined as unknown as Document };
  for (const doc of parsed) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      diagnostics.push(diag('error', place(e.pos[0]), `invalid YAML: ${firstLine(e.message)}`));
      continue;
    }
    const root = doc.contents as Node | null;
    if (!root) continue;
    ctx.doc = doc;
    ctx.aliases = 0;
    try {
      const node = convert(root, place(root.range?.[0] ?? 0), ctx);
      if (node.k === 's' && node.v === null) continue;
      docs.push(node);
    } catch (err) {
      diagnostics.push(
        diag('error', place(root.range?.[0] ?? 0), `YAML rejected: ${(err as Error).message}`),
      );
    }
  }
  return { docs, diagnostics };
}

interface Ctx {
  place: Placer;
  text: string;
  base: InlineBase;
  aliases: number;
  doc: Document;
}

function convert(node: unknown, loc: Source, ctx: Ctx): LNode {
  const place = ctx.place;
  if (isAlias(node)) {
    if (++ctx.aliases > MAX_ALIASES) throw new Error('too many YAML aliases');
    const target = node.resolve(ctx.doc);
    if (!target) return { k: 's', v: null, loc };
    return convert(target, loc, ctx);
  }
  if (isMap(node)) {
    const e = new Map<string, LNode>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      const keyText = isScalar(key) ? String(key.value) : key ? String(key) : '';
      const at = key?.range ? place(key.range[0]) : loc;
      e.set(keyText, pair.value == null ? { k: 's', v: null, loc: at } : convert(pair.value, at, ctx));
    }
    return { k: 'm', e, loc };
  }
  if (isSeq(node)) {
    const items: LNode[] = [];
    for (const item of node.items) {
      const n = item as Node | null;
      const at = n?.range ? place(n.range[0]) : loc;
      items.push(n == null ? { k: 's', v: null, loc: at } : convert(n, at, ctx));
    }
    return { k: 'q', items, loc };
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return { k: 's', v: null, loc };
    if (typeof v === 'string' && v.includes('\n') && node.range)
      return { k: 's', v, loc, inline: inlineBase(node, ctx) };
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { k: 's', v, loc };
    if (typeof v === 'bigint') return { k: 's', v: Number(v), loc };
    return { k: 's', v: String(v), loc };
  }
  return { k: 's', v: null, loc };
}

/** Where the text of a multi-line string scalar starts (block scalars: the line after the header, indented). */
function inlineBase(node: YScalar, ctx: Ctx): InlineBase {
  const start = node.range![0];
  const at = ctx.place(start);
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const nl = ctx.text.indexOf('\n', start);
    let i = nl + 1;
    // skip blank lines to the first content line, to measure its indentation
    for (;;) {
      let j = i;
      while (ctx.text.charCodeAt(j) === 0x20) j++;
      const c = ctx.text.charCodeAt(j);
      if ((c === 0x0a || c === 0x0d) && j < ctx.text.length) {
        i = ctx.text.indexOf('\n', j) + 1;
        continue;
      }
      return { lineBase: at.line, colBase: j - i + ctx.base.colBase };
    }
  }
  return { lineBase: at.line - 1, colBase: (at.column ?? 1) - 1 };
}

export function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

export function diag(
  severity: Diagnostic['severity'],
  at: Source | { file: string; line?: number },
  message: string,
) {
  const d: Diagnostic = { severity, file: at.file, message, origin: ORIGIN };
  if (at.line !== undefined) d.line = at.line;
  return d;
}

// ---- helpers over located trees ----

export function clone(n: LNode): LNode {
  if (n.k === 's')
    return n.inline ? { k: 's', v: n.v, loc: n.loc, inline: n.inline } : { k: 's', v: n.v, loc: n.loc };
  if (n.k === 'q') return { k: 'q', items: n.items.map(clone), loc: n.loc };
  const e = new Map<string, LNode>();
  for (const [key, v] of n.e) e.set(key, clone(v));
  return { k: 'm', e, loc: n.loc };
}

export function get(n: LNode | undefined, ...path: string[]): LNode | undefined {
  let cur = n;
  for (const seg of path) {
    if (cur?.k !== 'm') return undefined;
    cur = cur.e.get(seg);
  }
  return cur;
}

export function mapAt(n: LNode | undefined, ...path: string[]): LMap | undefined {
  const v = get(n, ...path);
  return v?.k === 'm' ? v : undefined;
}

export function seqAt(n: LNode | undefined, ...path: string[]): LSeq | undefined {
  const v = get(n, ...path);
  return v?.k === 'q' ? v : undefined;
}

/** A value computed once per file map and key (the map is the repository snapshot; it is never mutated). */
export function memo<V>(
  cache: WeakMap<ReadonlyMap<string, string>, Map<string, V>>,
  files: ReadonlyMap<string, string>,
  key: string,
  make: () => V,
): V {
  let perMap = cache.get(files);
  if (!perMap) {
    perMap = new Map();
    cache.set(files, perMap);
  }
  let value = perMap.get(key);
  if (value === undefined) {
    value = make();
    perMap.set(key, value);
  }
  return value;
}

/** A scalar at `path` as a string (numbers and booleans too), or undefined. */
export function str(n: LNode | undefined, ...path: string[]): string | undefined {
  const v = get(n, ...path);
  if (v?.k !== 's' || v.v === null) return undefined;
  return String(v.v);
}

export function scalar(v: Scalar, loc: Source): LScalar {
  return { k: 's', v, loc };
}

export function emptyMap(loc: Source): LMap {
  return { k: 'm', e: new Map(), loc };
}

/** The map at `path` under `n`, created (located at `loc`) where missing. Undefined when a non-map is in the way. */
export function ensureMap(n: LMap, path: string[], loc: Source): LMap | undefined {
  let cur: LMap = n;
  for (const seg of path) {
    const next = cur.e.get(seg);
    if (next === undefined || (next.k === 's' && next.v === null)) {
      const made = emptyMap(loc);
      cur.e.set(seg, made);
      cur = made;
    } else if (next.k === 'm') {
      cur = next;
    } else {
      return undefined;
    }
  }
  return cur;
}

export function toPlain(n: LNode): unknown {
  if (n.k === 's') return n.v;
  if (n.k === 'q') return n.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const [key, v] of n.e) out[key] = toPlain(v);
  return out;
}

/** Location of the value at `path`, or of its deepest located ancestor. */
export function locateIn(root: LNode, path: readonly PathSegment[]): Source {
  let cur: LNode | undefined = root;
  let best = root.loc;
  for (const seg of path) {
    if (!cur) break;
    if (cur.k === 'm') cur = cur.e.get(String(seg));
    else if (cur.k === 'q' && typeof seg === 'number') cur = cur.items[seg];
    else cur = undefined;
    if (cur) best = cur.loc;
  }
  return { ...best };
}

export function toDocument(root: LNode): StructuredDocument {
  return {
    file: root.loc.file,
    data: toPlain(root),
    startLine: root.loc.line,
    tree: true,
    locate: (path) => locateIn(root, path),
  };
}
