/**
 * protobufjs does not keep line numbers, so this scan finds where each declaration sits: comments and
 * strings are blanked out first (so `message` inside a string or comment never counts), then a small
 * tokenizer walks the text keeping a scope stack of message/enum/service blocks.
 */

export interface ProtoLines {
  /** Line of `message X`, `enum X`, `service X` by fully-qualified name without the leading dot. */
  declarations: Map<string, number>;
  /** Line of a field or enum value: `<type fqn>.<name>`. */
  members: Map<string, number>;
  /** Line of an rpc: `<service fqn>/<Method>`. */
  rpcs: Map<string, number>;
  /** Line of an import statement by the imported path. */
  imports: Map<string, number>;
  packageLine?: number;
  syntax?: string;
}

interface Token {
  text: string;
  line: number;
}

/** Identifiers, numbers (incl. hex/float), single punctuation; strings become the token `"`. */
export function tokenizeProto(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      i += 2;
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] === '\n') line++;
        i++;
      }
      i += 2;
    } else if (c === '"' || c === "'") {
      const start = line;
      let value = '';
      i++;
      while (i < n && source[i] !== c && source[i] !== '\n') {
        if (source[i] === '\\') {
          value += source[i + 1] ?? '';
          i += 2;
        } else value += source[i++];
      }
      i++;
      tokens.push({ text: '"', line: start });
      tokens.push({ text: value, line: start });
    } else if (/[A-Za-z0-9_.]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_.+-]/.test(source[i])) {
        // `+`/`-` only continue a number's exponent (1e-5), never an identifier
        if ((source[i] === '+' || source[i] === '-') && !/^[0-9.]+[eE]$/.test(source.slice(start, i))) break;
        i++;
      }
      tokens.push({ text: source.slice(start, i), line });
    } else {
      tokens.push({ text: c, line });
      i++;
    }
  }
  return tokens;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTEGER = /^(0[xX][0-9a-fA-F]+|[0-9]+)$/;

interface Scope {
  kind: 'message' | 'enum' | 'service' | 'other';
  name: string;
}

export function scanProtoLines(source: string): ProtoLines {
  const tokens = tokenizeProto(source);
  const out: ProtoLines = {
    declarations: new Map(),
    members: new Map(),
    rpcs: new Map(),
    imports: new Map(),
  };
  let pkg = '';
  const stack: Scope[] = [];
  let bracketDepth = 0;
  const named = (): Scope | undefined => {
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k].kind !== 'other') return stack[k];
    return undefined;
  };
  const qualify = (name: string) => {
    const parent = named();
    const base = parent ? parent.name : pkg;
    return base ? `${base}.${name}` : name;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].text;
    const next = tokens[i + 1]?.text;
    const line = tokens[i].line;
    if (t === '"') {
      i++; // the string's content is one token; never a keyword
      continue;
    }
    if (t === '[') bracketDepth++;
    else if (t === ']') bracketDepth = Math.max(0, bracketDepth - 1);
    if (bracketDepth > 0) continue;
    if (stack.length === 0 && t === 'package' && next) {
      pkg = next;
      out.packageLine = line;
      continue;
    }
    if (stack.length === 0 && (t === 'syntax' || t === 'edition') && next === '=') {
      if (tokens[i + 2]?.text === '"') out.syntax = tokens[i + 3]?.text;
      continue;
    }
    if (stack.length === 0 && t === 'import') {
      let k = i + 1;
      if (tokens[k]?.text === 'public' || tokens[k]?.text === 'weak') k++;
      if (tokens[k]?.text === '"' && tokens[k + 1]) out.imports.set(tokens[k + 1].text, line);
      continue;
    }
    const current = stack[stack.length - 1];
    const inBlock = current?.kind !== 'other';
    if (
      inBlock &&
      (t === 'message' || t === 'enum' || t === 'service') &&
      next &&
      IDENT.test(next) &&
      tokens[i + 2]?.text === '{'
    ) {
      const full = qualify(next);
      if (!out.declarations.has(full)) out.declarations.set(full, line);
      stack.push({ kind: t, name: full });
      i += 2;
      continue;
    }
    if (current?.kind === 'service' && t === 'rpc' && next && IDENT.test(next)) {
      out.rpcs.set(`${current.name}/${next}`, line);
      i++;
      continue;
    }
    if (t === 'group' && current?.kind === 'message' && next && IDENT.test(next)) {
      // proto2 `repeated group Result = 2 { ... }`: a nested message plus a lower-cased field
      const full = qualify(next);
      if (!out.declarations.has(full)) out.declarations.set(full, line);
      out.members.set(`${current.name}.${next.toLowerCase()}`, line);
      let j = i + 2;
      while (j < tokens.length && tokens[j].text !== '{' && tokens[j].text !== ';') j++;
      if (tokens[j]?.text === '{') {
        stack.push({ kind: 'message', name: full });
        i = j;
      }
      continue;
    }
    if (t === 'oneof' && current?.kind === 'message' && tokens[i + 2]?.text === '{') {
      // a oneof's fields belong to the enclosing message: keep the message scope by pushing it again
      stack.push({ ...current });
      i += 2;
      continue;
    }
    if (t === '{') {
      stack.push({ kind: 'other', name: '' });
      continue;
    }
    if (t === '}') {
      stack.pop();
      continue;
    }
    if (
      (current?.kind === 'message' || current?.kind === 'enum') &&
      IDENT.test(t) &&
      next === '=' &&
      tokens[i - 1]?.text !== 'option'
    ) {
      const value = tokens[i + 2]?.text === '-' ? tokens[i + 3]?.text : tokens[i + 2]?.text;
      if (value && INTEGER.test(value)) {
        const key = `${current.name}.${t}`;
        if (!out.members.has(key)) out.members.set(key, line);
      }
    }
  }
  return out;
}
