/**
 * Parse JSON and YAML into plain data plus a locator that maps a path inside the data back to a line.
 * YAML keeps its node tree for locating; JSON is parsed with JSON.parse (fast) and a line index is
 * built lazily by a single scan the first time a location is asked for.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { Diagnostic, Source } from '../../model/schema.js';

export type PathSegment = string | number;

export interface StructuredDocument {
  file: string;
  /** The parsed value (plain JS). */
  data: unknown;
  /** 1-based line of the document start (multi-document YAML). */
  startLine: number;
  /** Location of the value at `path` (or the nearest ancestor that has one). */
  locate(path: readonly PathSegment[]): Source;
}

export interface ParseOutcome {
  documents: StructuredDocument[];
  diagnostics: Diagnostic[];
}

const MAX_ALIAS_COUNT = 100;

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
  const m = /position (\d+)/.exec(err.message);
  let line: number | undefined;
  let column: number | undefined;
  if (m) {
    const pos = Number(m[1]);
    const before = text.slice(0, pos);
    line = before.split('\n').length;
    column = pos - before.lastIndexOf('\n');
  } else {
    const lm = /line (\d+) column (\d+)/.exec(err.message);
    if (lm) {
      line = Number(lm[1]);
      column = Number(lm[2]);
    }
  }
  return { severity: 'error', file, line, column, message: `invalid JSON: ${err.message}`, origin };
}

export function parseYaml(file: string, text: string, origin: string): ParseOutcome {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const documents: StructuredDocument[] = [];
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
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
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
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
    const root = doc.contents as Node | null;
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
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
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

function jsonDocument(file: string, text: string, data: unknown): StructuredDocument {
  let index: Map<string, number> | undefined;
  return {
    file,
    data,
    startLine: 1,
    locate: (path) => {
      index ??= buildJsonLineIndex(text);
      for (let n = path.length; n >= 0; n--) {
        const line = index.get(pointerKey(path, n));
        if (line !== undefined) return { file, line };
      }
      return { file, line: 1 };
    },
  };
}

function pointerKey(path: readonly PathSegment[], n: number): string {
  let key = '';
  for (let i = 0; i < n; i++) key += `\u0000${path[i]}`;
  return key;
}

/**
 * One scan over JSON text recording the line of every object key and array element.
 * Keys are joined with NUL (not `/`) so no escaping is needed.
 */
export function buildJsonLineIndex(text: string): Map<string, number> {
  const index = new Map<string, number>();
  index.set('', 1);
  const stack: { path: string; isArray: boolean; next: number }[] = [];
  let line = 1;
  let pendingKey: string | undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      i++;
      continue;
    }
    if (c === 0x22) {
      // string
      const start = i + 1;
      let j = start;
      let escaped = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === 0x22) break;
        j++;
      }
      const top = stack[stack.length - 1];
      // A string is a key when we are in an object and the next non-space char is ':'
      let k = j + 1;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (top && !top.isArray && text.charCodeAt(k) === 0x3a) {
        const raw = text.slice(start, j);
        const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        pendingKey = `${top.path}\u0000${key}`;
        index.set(pendingKey, line);
      } else if (top?.isArray) {
        index.set(`${top.path}\u0000${top.next}`, line);
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      const top = stack[stack.length - 1];
      let path: string;
      if (!top) path = '';
      else if (top.isArray) {
        path = `${top.path}\u0000${top.next}`;
        index.set(path, line);
      } else path = pendingKey ?? top.path;
      stack.push({ path, isArray: c === 0x5b, next: 0 });
      pendingKey = undefined;
      i++;
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
      continue;
    }
    if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top?.isArray) top.next++;
      i++;
      continue;
    }
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x3a) {
      // number / literal inside an array: record its index position
      const top = stack[stack.length - 1];
      if (top?.isArray) {
        const key = `${top.path}\u0000${top.next}`;
        if (!index.has(key)) index.set(key, line);
      }
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x0a || isSpace(d)) break;
        i++;
      }
      continue;
    }
    i++;
  }
  return index;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}
