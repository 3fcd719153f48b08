/**
 * JSON for reports too large for one string (issue 16): a review of 10^5 paths makes a report of hundreds of
 * megabytes, and `JSON.stringify` of the whole report then fails ("Invalid string length", V8 caps a string near
 * 512 MiB). `jsonChunks` yields the same bytes as `JSON.stringify(value, null, 2)` in pieces: it walks the top
 * levels of the value itself and stringifies each element below them whole, so no piece is larger than one
 * finding, location or diagnostic.
 */

/** How many container levels are walked before elements are stringified whole. */
const WALKED_LEVELS = 3;

/** The pieces of `JSON.stringify(value, null, 2)`, in order; joined they are byte-identical to it. */
export function* jsonChunks(value: unknown): Generator<string> {
  const top = toJsonValue(value, '');
  if (top === undefined) return;
  yield* walk(top, '', WALKED_LEVELS);
  yield '\n';
}

/** Chunks joined into pieces of at least `size` characters (fewer, larger writes). */
export function* batched(chunks: Iterable<string>, size = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}

function* walk(value: unknown, indent: string, levels: number): Generator<string> {
  if (levels === 0 || value === null || typeof value !== 'object') {
    yield whole(value, indent);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      // as JSON.stringify does: an element that has no JSON form is null
      const item = toJsonValue(value[i], String(i));
      if (item === undefined) yield 'null';
      else yield* walk(item, inner, levels - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const item = toJsonValue((value as Record<string, unknown>)[key], key);
    // as JSON.stringify does: a property that has no JSON form is left out
    if (item === undefined) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* walk(item, inner, levels - 1);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** A value stringified whole, indented to sit at `indent` (JSON strings hold no raw newline). */
function whole(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2);
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

/** What JSON.stringify would serialise for this value: toJSON applied; undefined when it has no JSON form. */
function toJsonValue(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function')
    v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (v instanceof Number || v instanceof String || v instanceof Boolean) return v.valueOf();
  return v;
}
