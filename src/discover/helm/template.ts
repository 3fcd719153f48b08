/**
 * Lexer and parser for Go's text/template language as Helm charts use it: text and `{{ }}` actions with trim
 * markers (`{{- ` and ` -}}`), comments, pipelines, variables (`$x := …`, `$x = …`), if / else if / else, with
 * (and else with), range (with index/key variables, else, break, continue), define, template and block.
 * Every node keeps the 1-based line it starts on, so evaluation errors and rendered output name template lines.
 */

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export type Arg =
  | { t: 'field'; names: string[] }
  | { t: 'var'; name: string; names: string[] }
  | { t: 'ident'; name: string }
  | { t: 'chain'; node: Arg; names: string[] }
  | { t: 'pipe'; pipe: Pipe }
  | { t: 'lit'; v: string | number | boolean }
  | { t: 'nil' }
  | { t: 'dot' };

export interface Cmd {
  args: Arg[];
  line: number;
}

export interface Pipe {
  decl: string[];
  assign: boolean;
  cmds: Cmd[];
  line: number;
}

export interface ControlNode {
  t: 'if' | 'with' | 'range';
  pipe: Pipe;
  list: TNode[];
  elseList?: TNode[];
  line: number;
}

export type TNode =
  | { t: 'text'; text: string; line: number }
  | { t: 'action'; pipe: Pipe; line: number }
  | ControlNode
  | { t: 'template'; name: string; pipe?: Pipe; line: number }
  | { t: 'break' | 'continue'; line: number };

export interface ParsedTemplate {
  file: string;
  root: TNode[];
  defines: Map<string, TNode[]>;
  /** Function names the template calls, with the line of their first use. */
  functions: Map<string, number>;
}

type TokKind =
  | 'field'
  | 'var'
  | 'ident'
  | 'str'
  | 'num'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'pipe'
  | 'lp'
  | 'rp'
  | 'comma'
  | 'decl'
  | 'assign';

interface Tok {
  k: TokKind;
  v: string;
  /** Parsed value (literals) or path segments (fields and variables). */
  val?: string | number | boolean | string[];
  line: number;
  /** No white space between this token and the previous one. */
  adj: boolean;
}

type Item = { k: 'text'; text: string; line: number } | { k: 'action'; toks: Tok[]; line: number };

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/** Split a template into text and action items, applying trim markers and dropping comments. */
function scan(file: string, src: string, leftDelim = '{{', rightDelim = '}}'): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let line = 1;
  let trimNext = false;
  while (pos <= src.length) {
    const open = src.indexOf(leftDelim, pos);
    let textEnd = open === -1 ? src.length : open;
    let textStart = pos;
    let textLine = line;
    let trimLeft = false;
    if (open !== -1) {
      const c1 = src[open + leftDelim.length];
      const c2 = src[open + leftDelim.length + 1];
      trimLeft = c1 === '-' && c2 !== undefined && isSpace(c2);
    }
    if (trimNext) {
      while (textStart < textEnd && isSpace(src[textStart]!)) {
        if (src[textStart] === '\n') textLine++;
        textStart++;
      }
    }
    const rawEnd = textEnd;
    if (trimLeft) while (textEnd > textStart && isSpace(src[textEnd - 1]!)) textEnd--;
    if (textEnd > textStart) items.push({ k: 'text', text: src.slice(textStart, textEnd), line: textLine });
    line += countLines(src, pos, rawEnd);
    if (open === -1) break;
    const i = open + leftDelim.length + (trimLeft ? 2 : 0);
    const actionLine = line;
    // comment
    let j = i;
    while (j < src.length && isSpace(src[j]!)) j++;
    if (src.startsWith('/*', j)) {
      const close = src.indexOf('*/', j + 2);
      if (close === -1) throw new TemplateError('unclosed comment', file, actionLine);
      let k = close + 2;
      let trimRight = false;
      if (src.startsWith(' -' + rightDelim, k) || src.startsWith('\t-' + rightDelim, k)) {
        trimRight = true;
        k += 2;
      }
      if (!src.startsWith(rightDelim, k))
        throw new TemplateError('comment ends before closing delimiter', file, line);
      line += countLines(src, open, k + rightDelim.length);
      pos = k + rightDelim.length;
      trimNext = trimRight;
      continue;
    }
    const lexed = lexAction(file, src, i, actionLine, rightDelim);
    items.push({ k: 'action', toks: lexed.toks, line: actionLine });
    line += countLines(src, open, lexed.end);
    pos = lexed.end;
    trimNext = lexed.trimRight;
  }
  return items;
}

/** Match a sticky regular expression at `i`. */
function at(re: RegExp, src: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(src);
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  '"': '"',
  "'": "'",
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

function unquote(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    if (e.length > 1) {
      if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
      return String.fromCharCode(parseInt(e, 8));
    }
    return ESCAPES[e] ?? e;
  });
}

function lexAction(
  file: string,
  src: string,
  start: number,
  startLine: number,
  rightDelim: string,
): { toks: Tok[]; end: number; trimRight: boolean } {
  const toks: Tok[] = [];
  let i = start;
  let line = startLine;
  let adj = false;
  const fail = (msg: string): never => {
    throw new TemplateError(msg, file, line);
  };
  for (;;) {
    if (i >= src.length) fail('unclosed action');
    const c = src[i]!;
    if (isSpace(c)) {
      // ` -}}` closes with a right trim
      if (src.startsWith('-' + rightDelim, i + 1)) {
        line += c === '\n' ? 1 : 0;
        return { toks, end: i + 1 + 1 + rightDelim.length, trimRight: true };
      }
      if (c === '\n') line++;
      i++;
      adj = false;
      continue;
    }
    if (src.startsWith(rightDelim, i)) return { toks, end: i + rightDelim.length, trimRight: false };
    const push = (k: TokKind, v: string, val?: Tok['val']) => {
      toks.push({ k, v, val, line, adj });
      adj = true;
    };
    if (c === '|') {
      push('pipe', c);
      i++;
    } else if (c === '(') {
      push('lp', c);
      i++;
    } else if (c === ')') {
      push('rp', c);
      i++;
    } else if (c === ',') {
      push('comma', c);
      i++;
    } else if (c === ':' && src[i + 1] === '=') {
      push('decl', ':=');
      i += 2;
    } else if (c === '=') {
      push('assign', '=');
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') j++;
        if (src[j] === '\n') fail('newline in string');
        j++;
      }
      if (j >= src.length) fail('unterminated quoted string');
      push('str', src.slice(i, j + 1), unquote(src.slice(i + 1, j)));
      i = j + 1;
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j === -1) fail('unterminated raw quoted string');
      const body = src.slice(i + 1, j);
      push('str', src.slice(i, j + 1), body);
      line += countLines(body, 0, body.length);
      i = j + 1;
    } else if (c === "'") {
      const m = /^'(\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{3}|.)|[^\\'])'/u.exec(src.slice(i, i + 12));
      if (!m) fail('malformed character constant');
      push('num', m![0], unquote(m![1]!).codePointAt(0)!);
      i += m![0].length;
    } else if (c === '$') {
      const m = at(/\$[A-Za-z0-9_]*((?:\.[A-Za-z0-9_]+)*)/y, src, i);
      const whole = m![0];
      const name = whole.slice(0, whole.length - m![1]!.length);
      push('var', name, m![1] ? m![1].slice(1).split('.') : []);
      i += whole.length;
    } else if (c === '.') {
      const m = at(/(?:\.[A-Za-z_][A-Za-z0-9_]*)+/y, src, i);
      if (m) {
        push('field', m[0], m[0].slice(1).split('.'));
        i += m[0].length;
      } else if (/[0-9]/.test(src[i + 1] ?? '')) {
        const n = at(/\.[0-9][0-9_]*(?:[eE][+-]?[0-9]+)?/y, src, i)![0];
        push('num', n, Number(n.replace(/_/g, '')));
        i += n.length;
      } else {
        push('dot', '.');
        i++;
      }
    } else if (/[0-9+-]/.test(c)) {
      const m = at(
        /[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9]+)?)/y,
        src,
        i,
      );
      if (!m || m[0] === '' || m[0] === '+' || m[0] === '-') fail(`unexpected "${c}" in command`);
      const text = m![0].replace(/_/g, '');
      let value: number;
      const sign = text.startsWith('-') ? -1 : 1;
      const body = text.replace(/^[+-]/, '');
      if (/^0[xX]/.test(body)) value = parseInt(body.slice(2), 16);
      else if (/^0[bB]/.test(body)) value = parseInt(body.slice(2), 2);
      else if (/^0[oO]/.test(body)) value = parseInt(body.slice(2), 8);
      else if (/^0[0-7]+$/.test(body)) value = parseInt(body, 8);
      else value = Number(body);
      if (Number.isNaN(value)) fail(`bad number syntax: "${m![0]}"`);
      push('num', m![0], sign * value);
      i += m![0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = at(/[A-Za-z_][A-Za-z0-9_]*/y, src, i)!;
      const word = m[0];
      if (word === 'true' || word === 'false') push('bool', word, word === 'true');
      else if (word === 'nil') push('nil', word);
      else push('ident', word);
      i += word.length;
    } else {
      fail(`unexpected "${c}" in command`);
    }
  }
}

const KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
]);

class Parser {
  private idx = 0;
  readonly defines = new Map<string, TNode[]>();
  readonly functions = new Map<string, number>();
  private rangeDepth = 0;

  constructor(
    private readonly file: string,
    private readonly items: Item[],
  ) {}

  private fail(msg: string, line: number): never {
    throw new TemplateError(msg, this.file, line);
  }

  parse(): TNode[] {
    const { list, stop } = this.parseList();
    if (stop) this.fail(`unexpected {{${stop.word}}}`, stop.line);
    return list;
  }

  /** Parse nodes until {{end}} or {{else …}} (returned as `stop`) or the end of input. */
  private parseList(): { list: TNode[]; stop?: { word: 'end' | 'else'; toks: Tok[]; line: number } } {
    const list: TNode[] = [];
    while (this.idx < this.items.length) {
      const item = this.items[this.idx++]!;
      if (item.k === 'text') {
        list.push({ t: 'text', text: item.text, line: item.line });
        continue;
      }
      const toks = item.toks;
      const first = toks[0];
      if (!first) this.fail('missing value for command', item.line);
      const word = first.k === 'ident' && KEYWORDS.has(first.v) ? first.v : undefined;
      switch (word) {
        case 'end':
          if (toks.length > 1) this.fail('unexpected tokens after end', item.line);
          return { list, stop: { word: 'end', toks, line: item.line } };
        case 'else':
          return { list, stop: { word: 'else', toks: toks.slice(1), line: item.line } };
        case 'if':
        case 'with':
        case 'range':
          list.push(this.parseControl(word, toks.slice(1), item.line));
          break;
        case 'define': {
          const name = this.templateName(toks, item.line);
          if (toks.length > 2) this.fail('unexpected tokens in define clause', item.line);
          const body = this.parseList();
          if (body.stop?.word !== 'end') this.fail('unexpected EOF in define', item.line);
          this.defines.set(name, body.list);
          break;
        }
        case 'block': {
          const name = this.templateName(toks, item.line);
          const pipe = this.parsePipe(toks.slice(2), item.line, false);
          const body = this.parseList();
          if (body.stop?.word !== 'end') this.fail('unexpected EOF in block', item.line);
          this.defines.set(name, body.list);
          list.push({ t: 'template', name, pipe, line: item.line });
          break;
        }
        case 'template': {
          const name = this.templateName(toks, item.line);
          const rest = toks.slice(2);
          list.push({
            t: 'template',
            name,
            pipe: rest.length ? this.parsePipe(rest, item.line, false) : undefined,
            line: item.line,
          });
          break;
        }
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) this.fail(`{{${word}}} outside {{range}}`, item.line);
          list.push({ t: word, line: item.line });
          break;
        default:
          list.push({ t: 'action', pipe: this.parsePipe(toks, item.line, true), line: item.line });
      }
    }
    return { list };
  }

  private templateName(toks: Tok[], line: number): string {
    const n = toks[1];
    if (n?.k !== 'str') this.fail(`${toks[0]!.v} needs a quoted template name`, line);
    return n!.val as string;
  }

  private parseControl(kind: 'if' | 'with' | 'range', toks: Tok[], line: number): TNode {
    const pipe = this.parsePipe(toks, line, true, kind === 'range');
    if (kind === 'range') this.rangeDepth++;
    const body = this.parseList();
    if (kind === 'range') this.rangeDepth--;
    if (!body.stop) this.fail(`unexpected EOF in ${kind}`, line);
    const node: TNode = { t: kind, pipe, list: body.list, line };
    if (body.stop.word === 'else') {
      const rest = body.stop.toks;
      const chained = rest[0];
      if (chained && chained.k === 'ident' && (chained.v === 'if' || chained.v === 'with')) {
        // {{else if …}} / {{else with …}}: a nested control that consumes the final {{end}}
        node.elseList = [this.parseControl(chained.v, rest.slice(1), body.stop.line)];
      } else {
        if (rest.length) this.fail('unexpected tokens after else', body.stop.line);
        const alt = this.parseList();
        if (alt.stop?.word !== 'end') this.fail(`expected end; found ${alt.stop?.word ?? 'EOF'}`, line);
        node.elseList = alt.list;
      }
    }
    return node;
  }

  private parsePipe(toks: Tok[], line: number, allowDecl: boolean, range = false): Pipe {
    let i = 0;
    const decl: string[] = [];
    let assign = false;
    if (allowDecl && toks[0]?.k === 'var' && !(toks[0].val as string[]).length) {
      // look for `$x :=`, `$x =`, or in range `$i, $v :=`
      let j = 0;
      const names: string[] = [];
      for (;;) {
        const t = toks[j];
        if (t?.k !== 'var' || (t.val as string[]).length) break;
        names.push(t.v);
        j++;
        if (toks[j]?.k === 'comma' && range && names.length < 2) {
          j++;
          continue;
        }
        break;
      }
      const op = toks[j];
      if (names.length && (op?.k === 'decl' || op?.k === 'assign')) {
        decl.push(...names);
        assign = op.k === 'assign';
        i = j + 1;
      }
    }
    const cmds: Cmd[] = [];
    let args: Arg[] = [];
    let cmdLine = toks[i]?.line ?? line;
    const end = toks.length;
    while (i < end) {
      const t = toks[i]!;
      if (t.k === 'pipe') {
        if (!args.length) this.fail('missing command before |', t.line);
        cmds.push({ args, line: cmdLine });
        args = [];
        i++;
        cmdLine = toks[i]?.line ?? t.line;
        continue;
      }
      const r = this.operand(toks, i);
      args.push(r.arg);
      i = r.next;
    }
    if (args.length) cmds.push({ args, line: cmdLine });
    else if (cmds.length) this.fail('missing command after |', line);
    if (!cmds.length) this.fail('missing value for command', line);
    return { decl, assign, cmds, line };
  }

  private operand(toks: Tok[], i: number): { arg: Arg; next: number } {
    const t = toks[i]!;
    let arg: Arg;
    let next = i + 1;
    switch (t.k) {
      case 'field':
        arg = { t: 'field', names: t.val as string[] };
        break;
      case 'var':
        arg = { t: 'var', name: t.v.split('.')[0]!, names: t.val as string[] };
        break;
      case 'ident':
        if (KEYWORDS.has(t.v)) this.fail(`unexpected <${t.v}> in command`, t.line);
        if (!this.functions.has(t.v)) this.functions.set(t.v, t.line);
        arg = { t: 'ident', name: t.v };
        break;
      case 'str':
      case 'num':
      case 'bool':
        arg = { t: 'lit', v: t.val as string | number | boolean };
        break;
      case 'nil':
        arg = { t: 'nil' };
        break;
      case 'dot':
        arg = { t: 'dot' };
        break;
      case 'lp': {
        let depth = 1;
        let j = i + 1;
        for (; j < toks.length; j++) {
          if (toks[j]!.k === 'lp') depth++;
          else if (toks[j]!.k === 'rp' && --depth === 0) break;
        }
        if (j >= toks.length) this.fail('unclosed left paren', t.line);
        arg = { t: 'pipe', pipe: this.parsePipe(toks.slice(i + 1, j), t.line, true) };
        next = j + 1;
        break;
      }
      default:
        this.fail(`unexpected "${t.v}" in operand`, t.line);
    }
    // a field chain right after a term: (…).Field, or $x.Field handled by the lexer
    const after = toks[next];
    if (after?.k === 'field' && after.adj && arg.t !== 'field') {
      arg = { t: 'chain', node: arg, names: after.val as string[] };
      next++;
    }
    return { arg, next };
  }
}

/** Parse one template file. Throws TemplateError (file and line) on a syntax error. */
export function parseTemplate(file: string, src: string): ParsedTemplate {
  const parser = new Parser(file, scan(file, src));
  const root = parser.parse();
  return { file, root, defines: parser.defines, functions: parser.functions };
}
