/** Maps a key path (as zod reports it) to the line of a YAML document, so errors can name file:line. */
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export interface LocatedDocument {
  document: Document;
  lineCounter: LineCounter;
}

export function parseLocated(text: string): LocatedDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  return { document, lineCounter };
}

/**
 * The line of the deepest node on `path` that exists. With `key`, the line of that key inside the
 * node at `path` (used for unknown keys, which zod reports on their parent object).
 */
export function lineOf(located: LocatedDocument, path: readonly PropertyKey[], key?: string): number {
  let node: unknown = located.document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const step of path) {
    const next = child(node, step);
    if (!next) break;
    node = next.value;
    offset = rangeStart(next.value) ?? next.keyOffset ?? offset;
  }
  if (key !== undefined) offset = child(node, key)?.keyOffset ?? offset;
  return located.lineCounter.linePos(offset).line;
}

function child(node: unknown, step: PropertyKey): { value: unknown; keyOffset?: number } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
    return pair ? { value: pair.value, keyOffset: rangeStart(pair.key) } : undefined;
  }
  if (isSeq(node) && typeof step === 'number' && step < node.items.length) return { value: node.items[step] };
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
