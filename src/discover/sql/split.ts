/**
 * Splits a SQL script into statements the way psql and the mysql client do: semicolons end statements
 * except inside strings, quoted identifiers, comments and PostgreSQL dollar-quoted bodies; psql
 * meta-commands (`\c db`) are skipped; `COPY … FROM stdin` data up to `\.` is skipped; MySQL
 * `DELIMITER` changes the terminator. One pass over the text, so megabytes of INSERT data cost
 * little more than reading them.
 */

export interface SqlStatement {
  /** Statement text without the terminator, leading comments and whitespace. */
  text: string;
  /** 1-based line of the statement's first character. */
  line: number;
  /** Upper-case leading keywords (up to four), for cheap classification without parsing. */
  head: string;
}

export interface SplitOptions {
  /** MySQL: backslash escapes inside strings. */
  backslashEscapes?: boolean;
}

export function splitSqlStatements(text: string, options: SplitOptions = {}): SqlStatement[] {
  const out: SqlStatement[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let delimiter = ';';
  let start = -1; // offset of the current statement's first significant character
  let startLine = 1;
  let atLineStart = true;

  const finish = (end: number) => {
    if (start >= 0) {
      const body = text.slice(start, end).trim();
      if (body) out.push({ text: body, line: startLine, head: leadingKeywords(body) });
    }
    start = -1;
  };
  const begin = () => {
    if (start < 0) {
      start = i;
      startLine = line;
    }
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
      atLineStart = true;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const lineStart = atLineStart;
    atLineStart = false;

    // psql meta-command: a backslash opening a line outside any statement runs to the end of the line.
    if (c === 92 /* \ */ && lineStart && start < 0) {
      i = skipToLineEnd(text, i);
      continue;
    }
    // MySQL client DELIMITER command.
    if (lineStart && start < 0 && (c === 68 || c === 100) && /^delimiter[ \t]/i.test(text.slice(i, i + 10))) {
      const end = skipToLineEnd(text, i);
      const value = text.slice(i + 10, end).trim();
      if (value) delimiter = value;
      i = end;
      continue;
    }
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      i = skipToLineEnd(text, i);
      continue;
    }
    if (c === 35 /* # */ && options.backslashEscapes) {
      i = skipToLineEnd(text, i);
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const r = skipBlockComment(text, i);
      line += r.lines;
      i = r.end;
      continue;
    }
    if (text.startsWith(delimiter, i)) {
      const end = i;
      i += delimiter.length;
      const isCopyFromStdin = start >= 0 && /^copy\b[\s\S]*\bfrom\s+stdin\b/i.test(text.slice(start, end));
      finish(end);
      if (isCopyFromStdin) {
        const r = skipCopyData(text, i);
        line += r.lines;
        i = r.end;
      }
      continue;
    }
    begin();
    if (c === 39 /* ' */) {
      const r = skipQuoted(text, i, 39, options.backslashEscapes || isEString(text, i));
      line += r.lines;
      i = r.end;
      continue;
    }
    if (c === 34 /* " */ || c === 96 /* ` */) {
      const r = skipQuoted(text, i, c, false);
      line += r.lines;
      i = r.end;
      continue;
    }
    if (c === 36 /* $ */) {
      const tag = dollarTag(text, i);
      if (tag) {
        const close = text.indexOf(tag, i + tag.length);
        const end = close < 0 ? n : close + tag.length;
        line += countNewlines(text, i, end);
        i = end;
        continue;
      }
    }
    i++;
  }
  finish(n);
  return out;
}

function skipToLineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

function skipBlockComment(text: string, i: number): { end: number; lines: number } {
  // PostgreSQL block comments nest.
  let depth = 0;
  let j = i;
  let lines = 0;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 10) lines++;
    if (c === 47 && text.charCodeAt(j + 1) === 42) {
      depth++;
      j += 2;
      continue;
    }
    if (c === 42 && text.charCodeAt(j + 1) === 47) {
      depth--;
      j += 2;
      if (depth === 0) return { end: j, lines };
      continue;
    }
    j++;
  }
  return { end: text.length, lines };
}

function skipQuoted(
  text: string,
  i: number,
  quote: number,
  backslash: boolean,
): { end: number; lines: number } {
  let j = i + 1;
  let lines = 0;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 10) lines++;
    if (backslash && c === 92) {
      if (text.charCodeAt(j + 1) === 10) lines++;
      j += 2;
      continue;
    }
    if (c === quote) {
      if (text.charCodeAt(j + 1) === quote) {
        j += 2;
        continue;
      }
      return { end: j + 1, lines };
    }
    j++;
  }
  return { end: text.length, lines };
}

/** `E'…'` strings take backslash escapes in PostgreSQL. */
function isEString(text: string, i: number): boolean {
  const prev = text.charCodeAt(i - 1);
  if (prev !== 69 && prev !== 101) return false;
  const before = text.charCodeAt(i - 2);
  return Number.isNaN(before) || !isIdentChar(before);
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

/** `$tag$` or `$$` opening a dollar-quoted string; not `$1` parameters. */
function dollarTag(text: string, i: number): string | undefined {
  if (i > 0 && isIdentChar(text.charCodeAt(i - 1))) return undefined;
  let j = i + 1;
  while (j < text.length && j - i < 64) {
    const c = text.charCodeAt(j);
    if (c === 36) return text.slice(i, j + 1);
    if (!isIdentChar(c) || (j === i + 1 && c >= 48 && c <= 57)) return undefined;
    j++;
  }
  return undefined;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let j = text.indexOf('\n', from); j >= 0 && j < to; j = text.indexOf('\n', j + 1)) count++;
  return count;
}

/** COPY … FROM stdin data runs to a line holding only `\.`. */
function skipCopyData(text: string, i: number): { end: number; lines: number } {
  const match = /^\\\.[ \t\r]*$/m.exec(text.slice(i));
  const end = match ? i + match.index + match[0].length : text.length;
  return { end, lines: countNewlines(text, i, end) };
}

function leadingKeywords(body: string): string {
  const words: string[] = [];
  const re = /[A-Za-z_]+/y;
  let j = 0;
  while (words.length < 4 && j < body.length) {
    const c = body.charCodeAt(j);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      j++;
      continue;
    }
    re.lastIndex = j;
    const m = re.exec(body);
    if (!m) break;
    words.push(m[0].toUpperCase());
    j = re.lastIndex;
  }
  return words.join(' ');
}
