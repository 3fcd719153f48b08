/**
 * A small SQL lexer for one statement: words, quoted identifiers, strings, numbers and punctuation with
 * their lines. Used to place columns on their lines and to read the few statement shapes node-sql-parser
 * does not accept (ATTACH PARTITION, index methods it does not know, user-defined column types).
 */

export interface SqlToken {
  kind: 'word' | 'ident' | 'string' | 'number' | 'punct';
  /** Raw text as written. */
  text: string;
  /** Upper-case for words; unquoted name for quoted identifiers; raw otherwise. */
  value: string;
  line: number;
  start: number;
  end: number;
}

export function tokenizeSql(text: string, firstLine = 1): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  let line = firstLine;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '#' && text[i + 1] === ' ') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      line += newlines(text, i, end);
      i = end;
      continue;
    }
    const start = i;
    const startLine = line;
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n) {
        if (text[j] === '\\' && c === "'") {
          j += 2;
          continue;
        }
        if (text[j] === c) {
          if (text[j + 1] === c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      const end = Math.min(j + 1, n);
      const raw = text.slice(start, end);
      line += newlines(text, start, end);
      const inner = raw
        .slice(1, -1)
        .split(c + c)
        .join(c);
      tokens.push({
        kind: c === "'" ? 'string' : 'ident',
        text: raw,
        value: inner,
        line: startLine,
        start,
        end,
      });
      i = end;
      continue;
    }
    if (c === '$') {
      const m = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64));
      if (m) {
        const close = text.indexOf(m[0], i + m[0].length);
        const end = close < 0 ? n : close + m[0].length;
        line += newlines(text, start, end);
        tokens.push({ kind: 'string', text: text.slice(start, end), value: '', line: startLine, start, end });
        i = end;
        continue;
      }
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordChar(text[j] as string)) j++;
      const raw = text.slice(i, j);
      tokens.push({ kind: 'word', text: raw, value: raw.toUpperCase(), line: startLine, start, end: j });
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(text[j] as string)) j++;
      tokens.push({
        kind: 'number',
        text: text.slice(i, j),
        value: text.slice(i, j),
        line: startLine,
        start,
        end: j,
      });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    const p = two === '::' || two === '<=' || two === '>=' || two === '<>' || two === '!=' ? two : c;
    tokens.push({ kind: 'punct', text: p, value: p, line: startLine, start, end: i + p.length });
    i += p.length;
  }
  return tokens;
}

function newlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let j = from; j < to; j++) if (text.charCodeAt(j) === 10) count++;
  return count;
}

function isWordStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\x7f';
}

function isWordChar(c: string): boolean {
  return isWordStart(c) || (c >= '0' && c <= '9') || c === '$';
}

/** Index of the `)` closing the `(` at `open`, or -1. */
export function closingParen(tokens: SqlToken[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j] as SqlToken;
    if (t.kind !== 'punct') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** Split tokens[from, to) at commas outside parentheses. */
export function splitTopLevel(tokens: SqlToken[], from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let j = from; j < to; j++) {
    const t = tokens[j] as SqlToken;
    if (t.kind !== 'punct') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')') depth--;
    else if (t.value === ',' && depth === 0) {
      if (j > start) parts.push([start, j]);
      start = j + 1;
    }
  }
  if (to > start) parts.push([start, to]);
  return parts;
}

/** A possibly qualified name starting at `i`: `schema.name`, `"s"."n"`, `` `n` ``. */
export function readQualifiedName(
  tokens: SqlToken[],
  i: number,
): { schema?: string; name: string; next: number } | undefined {
  const parts: string[] = [];
  let j = i;
  while (j < tokens.length) {
    const t = tokens[j] as SqlToken;
    if (t.kind !== 'word' && t.kind !== 'ident') break;
    parts.push(t.kind === 'word' ? t.text : t.value);
    j++;
    if (tokens[j]?.value === '.') j++;
    else break;
  }
  if (!parts.length) return undefined;
  const name = parts[parts.length - 1] as string;
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return { schema, name, next: j };
}

/** Text of tokens[from, to) re-joined with single spaces where the source had any. */
export function tokensText(text: string, tokens: SqlToken[], from: number, to: number): string {
  if (to <= from) return '';
  const first = tokens[from] as SqlToken;
  const last = tokens[to - 1] as SqlToken;
  return text.slice(first.start, last.end).replace(/\s+/g, ' ');
}
