/**
 * The fast path for large YAML files (an OpenAPI description of 1–3 MB): js-yaml builds the plain data several
 * times faster than a full `yaml` Document (with its node tree, ranges and tokens), and locations come from a
 * scan of the block-style text. Anything that path is not sure about — several documents, anchors, duplicate keys,
 * a parse error, a flow collection or complex key on the way to a location — goes to the exact `yaml` parse, so
 * diagnostics and locations stay the same as before.
 */
import { CORE_SCHEMA, load } from 'js-yaml';
import type { Source } from '../../model/schema.js';
import type { PathSegment } from './structured.js';

export interface FastYaml {
  data: unknown;
  /** 1-based line where the document's content starts. */
  startLine: number;
  /** Line and column of the key or item at `path`, or undefined when the text scan cannot be sure. */
  locate(path: readonly PathSegment[]): Omit<Source, 'file'> | undefined;
  /** Whether the key at the end of `path` is written unquoted, or undefined when the scan cannot tell. */
  plainKey(path: readonly PathSegment[]): boolean | undefined;
}

/** Plain data and a block-style locator, or undefined when the exact parser must decide. */
export function loadYamlFast(text: string): FastYaml | undefined {
  // several documents, or directives: the exact parser
  if (/\n(?:---|\.\.\.)(?:[ \t]|\r?\n|$)/.test(text) || /^%/m.test(text)) return undefined;
  let anchored = false;
  let data: unknown;
  try {
    data = load(text, {
      schema: CORE_SCHEMA,
      listener(event, state) {
        if (event === 'close' && (state as unknown as { anchor: string | null }).anchor !== null)
          anchored = true;
      },
    });
  } catch {
    return undefined; // errors and duplicate keys are reported by the exact parser, with lines
  }
  if (anchored || data === null || typeof data !== 'object') return undefined;
  const scan = new BlockScan(text);
  const root = scan.root();
  if (!root) return undefined;
  return {
    data,
    startLine: root.line + 1,
    locate: (path) => scan.locate(root, path),
    plainKey: (path) => {
      if (path.length === 0 || typeof path[path.length - 1] !== 'string') return undefined;
      const at = scan.locate(root, path);
      if (!at) return undefined;
      const c = scan.charAt(at.line - 1, (at.column ?? 1) - 1);
      return c !== '"' && c !== "'";
    },
  };
}

interface Block {
  /** First line of the block (0-based). */
  line: number;
  /** Column where the block's content starts on its first line (a `- key: v` item starts after the dash). */
  col: number;
  /** Line after the block's last line. */
  end: number;
}

class BlockScan {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  charAt(line: number, col: number): string {
    return this.lineText(line)[col] ?? '';
  }

  private lineText(i: number): string {
    const end = i + 1 < this.starts.length ? this.starts[i + 1]! - 1 : this.text.length;
    const s = this.text.slice(this.starts[i]!, end);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }

  /** Column of the first content character from `from`, or -1 for a blank or comment-only rest. */
  private contentAt(line: string, from: number): number {
    let c = from;
    while (c < line.length && line[c] === ' ') c++;
    if (c >= line.length || line[c] === '#') return -1;
    if (line[c] === '\t') return -2; // tabs make indentation ambiguous here
    return c;
  }

  root(): Block | undefined {
    for (let i = 0; i < this.starts.length; i++) {
      const line = this.lineText(i);
      if (/^---\s*$/.test(line)) continue;
      const c = this.contentAt(line, 0);
      if (c === -2) return undefined;
      if (c >= 0) return c === 0 ? { line: i, col: 0, end: this.starts.length } : undefined;
    }
    return undefined;
  }

  locate(root: Block, path: readonly PathSegment[]): Omit<Source, 'file'> | undefined {
    let block = root;
    let at = { line: root.line + 1, column: root.col + 1 };
    for (const seg of path) {
      const found = typeof seg === 'number' ? this.item(block, seg) : this.key(block, seg);
      if (!found) return undefined;
      at = { line: found.line + 1, column: found.col + 1 };
      block = found.value;
    }
    return at;
  }

  /** The content lines directly in `block`: [line, column] at the block's own indentation. */
  private *children(block: Block): Generator<[number, number, string]> {
    let indent = -1;
    for (let i = block.line; i < block.end; i++) {
      const line = this.lineText(i);
      const c = this.contentAt(line, i === block.line ? block.col : 0);
      if (c === -2) return;
      if (c < 0) continue;
      if (indent === -1) indent = c;
      if (c < indent) return;
      if (c === indent) yield [i, c, line];
    }
  }

  /** Each block's keys (or items), indexed once: locating every entry of a large map stays linear. */
  private readonly indexes = new Map<string, BlockIndex>();

  private index(block: Block): BlockIndex {
    const id = `${block.line}:${block.col}:${block.end}`;
    let index = this.indexes.get(id);
    if (index) return index;
    const keys = new Map<string, Entry>();
    const items: Entry[] = [];
    let last: Entry | undefined;
    let lastLine = block.line;
    let kind: 'map' | 'seq' | undefined;
    for (const [i, c, line] of this.children(block)) {
      lastLine = i;
      const dash = isDash(line, c);
      kind ??= dash ? 'seq' : 'map';
      // in a map, dashes at the keys' column are an indentless sequence: the previous key's value
      if (kind === 'map' && dash) continue;
      if (kind === 'seq' && !dash) break;
      if (last) last.end = i;
      if (kind === 'seq') {
        last = { line: i, col: c, after: c + 1, end: block.end };
        items.push(last);
        continue;
      }
      const key = readKey(line, c);
      last = key ? { line: i, col: c, after: key[1], end: block.end } : undefined;
      if (key && last && !keys.has(key[0])) keys.set(key[0], last);
    }
    // the block ends where its content does: comments and blank lines after it belong to no entry
    if (last) last.end = Math.min(last.end, this.contentEnd(lastLine, block.end, last.col));
    index = { keys, items };
    this.indexes.set(id, index);
    return index;
  }

  /** Line after the last line, from `from` on, indented deeper than (or, for dashes, at) `col`. */
  private contentEnd(from: number, end: number, col: number): number {
    let out = from + 1;
    for (let i = from + 1; i < end; i++) {
      const line = this.lineText(i);
      const c = this.contentAt(line, 0);
      if (c === -1) continue;
      if (c < col || (c === col && !isDash(line, c))) break;
      out = i + 1;
    }
    return out;
  }

  private key(block: Block, key: string): { line: number; col: number; value: Block } | undefined {
    const found = this.index(block).keys.get(key);
    if (!found) return undefined;
    const line = this.lineText(found.line);
    const rest = this.contentAt(line, found.after);
    if (rest === -2) return undefined;
    // an inline value (scalar, flow collection, block scalar header) has nothing the scan can descend into
    const value: Block =
      rest >= 0
        ? { line: found.line, col: line.length, end: found.line }
        : { line: found.line + 1, col: 0, end: found.end };
    return { line: found.line, col: found.col, value };
  }

  private item(block: Block, index: number): { line: number; col: number; value: Block } | undefined {
    const found = this.index(block).items[index];
    if (!found) return undefined;
    const line = this.lineText(found.line);
    const content = this.contentAt(line, found.after);
    if (content === -2) return undefined;
    if (content >= 0) {
      // flow collections are the exact parser's
      if (line[content] === '[' || line[content] === '{') return undefined;
      return { line: found.line, col: content, value: { line: found.line, col: content, end: found.end } };
    }
    // `-` alone on its line: the item starts on the next content line
    for (let j = found.line + 1; j < found.end; j++) {
      const cc = this.contentAt(this.lineText(j), 0);
      if (cc === -2) return undefined;
      if (cc >= 0) return { line: j, col: cc, value: { line: j, col: cc, end: found.end } };
    }
    return undefined;
  }
}

interface Entry {
  line: number;
  col: number;
  /** Column after the key's colon, or after an item's dash. */
  after: number;
  /** Line after the entry's value. */
  end: number;
}

interface BlockIndex {
  keys: Map<string, Entry>;
  items: Entry[];
}

function isDash(line: string, c: number): boolean {
  return line[c] === '-' && (c + 1 >= line.length || line[c + 1] === ' ');
}

/** The mapping key written at column `c` (plain, single- or double-quoted) and the column after its colon. */
function readKey(line: string, c: number): [string, number] | undefined {
  let key: string;
  let e: number;
  const q = line[c];
  if (q === '"') {
    let j = c + 1;
    while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
    if (j >= line.length) return undefined;
    try {
      key = JSON.parse(line.slice(c, j + 1)) as string;
    } catch {
      return undefined;
    }
    e = j + 1;
  } else if (q === "'") {
    let j = c + 1;
    for (;;) {
      if (j >= line.length) return undefined;
      if (line[j] === "'") {
        if (line[j + 1] === "'") j += 2;
        else break;
      } else j++;
    }
    key = line.slice(c + 1, j).replace(/''/g, "'");
    e = j + 1;
  } else {
    if (q === '?' || q === '{' || q === '[' || q === '&' || q === '*' || q === '!' || q === '|' || q === '>')
      return undefined;
    let j = line.indexOf(':', c);
    while (j !== -1 && j + 1 < line.length && line[j + 1] !== ' ') j = line.indexOf(':', j + 1);
    if (j === -1) return undefined;
    key = line.slice(c, j).trimEnd();
    if (key.includes(' #')) return undefined;
    return [key, j + 1];
  }
  while (line[e] === ' ') e++;
  if (line[e] !== ':' || (e + 1 < line.length && line[e + 1] !== ' ')) return undefined;
  return [key, e + 1];
}
