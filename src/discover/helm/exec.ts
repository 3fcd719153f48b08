/**
 * Evaluates parsed Go templates over plain data (maps are objects, lists arrays) the way text/template does:
 * field chains, method calls on Helm's objects, pipelines with the previous result as the last argument,
 * variables scoped to their control block, Go's truthiness, range over lists, maps (sorted keys) and integers.
 * Output keeps provenance: every rendered line knows the template file and line that produced its content.
 */
import { type Arg, type Cmd, type ControlNode, type Pipe, TemplateError, type TNode } from './template.js';

/** Marks an object as a Go struct (Helm's .Release, .Chart, .Capabilities, .Files): a missing field is an error. */
export const STRUCT = Symbol('go-struct');

export type Fn = (ex: Exec, args: unknown[]) => unknown;

export interface Define {
  nodes: TNode[];
  file: string;
}

export interface SwitchHit {
  /** Field names after `.Values`. */
  names: string[];
  value: unknown;
}

export interface ExecEnv {
  defines: Map<string, Define>;
  funcs: Record<string, Fn>;
  /** Parse a template text at run time (`tpl`), keeping its defines. */
  parseInline(name: string, text: string): TNode[];
  /** Called when an if/with that holds whole objects evaluates false on plain `.Values` fields. */
  onSwitch?(hits: SwitchHit[], line: number): void;
}

const MAX_DEPTH = 100;
/** Nodes one top-level render may execute: a runaway template (recursion, huge ranges) stops with a diagnostic. */
const MAX_STEPS = 2_000_000;
/** Largest list a function or an integer range may produce. */
export const MAX_ITEMS = 100_000;

/** Rendered text plus, per rendered line, the template file and line of its first non-blank content. */
export class Out {
  private readonly chunks: string[] = [];
  readonly lineFile: string[] = [];
  readonly lineNo: number[] = [];
  private cur = 0;
  private curHas = false;

  constructor(readonly track: boolean) {}

  write(s: string, file: string, line: number, advance: boolean): void {
    if (!s) return;
    this.chunks.push(s);
    if (!this.track) return;
    let start = 0;
    let src = line;
    for (;;) {
      const nl = s.indexOf('\n', start);
      const end = nl === -1 ? s.length : nl;
      if (!this.curHas) {
        for (let i = start; i < end; i++) {
          const c = s.charCodeAt(i);
          if (c !== 32 && c !== 9 && c !== 13) {
            this.lineFile[this.cur] = file;
            this.lineNo[this.cur] = src;
            this.curHas = true;
            break;
          }
        }
      }
      if (nl === -1) break;
      if (!this.curHas && this.lineFile[this.cur] === undefined) {
        this.lineFile[this.cur] = file;
        this.lineNo[this.cur] = src;
      }
      this.cur++;
      this.curHas = false;
      if (advance) src++;
      start = nl + 1;
    }
  }

  toString(): string {
    return this.chunks.join('');
  }
}

class Break {}
class Continue {}
const BREAK = new Break();
const CONTINUE = new Continue();

export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(STRUCT in v);
}

export function isStruct(v: unknown): v is Record<string | symbol, unknown> {
  return v !== null && typeof v === 'object' && STRUCT in v;
}

/** Go's truth: false, 0, nil, and empty strings, lists and maps are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** Go's type name for messages and typeOf. */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  if (isStruct(v)) return String(v[STRUCT]);
  if (typeof v === 'function') return 'func';
  return 'map[string]interface {}';
}

/** Go's %v of a float64: the shortest representation, with an exponent below 1e-4 and from 1e21 (integral
 * values, which Helm's values also hold as float64, print in full: Go would print 1e+06). */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= (Number.isInteger(n) ? 21 : 6)) {
    const [m, e] = n.toExponential().split('e');
    const ev = Number(e);
    return `${m}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
  }
  return String(n);
}

/** Go's %v of a value, as text/template prints it. */
export function goString(v: unknown, inner = false): string {
  if (v === null || v === undefined) return inner ? '<nil>' : '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : goFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map((x) => goString(x, true)).join(' ')}]`;
  if (isStruct(v))
    return `{${Object.keys(v)
      .map((k) => goString(v[k], true))
      .join(' ')}}`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goString(o[k], true)}`)
      .join(' ')}]`;
  }
  return String(v);
}

const objectsCache = new WeakMap<TNode[], boolean>();

/** Whether a branch holds whole Kubernetes objects (a top-level `kind:` line in its text). */
function holdsObjects(list: TNode[]): boolean {
  let known = objectsCache.get(list);
  if (known !== undefined) return known;
  known = list.some((n) => {
    if (n.t === 'text') return /(?:^|\n)kind:[ \t]*\S/.test(n.text);
    if (n.t === 'if' || n.t === 'with' || n.t === 'range')
      return holdsObjects(n.list) || (n.elseList ? holdsObjects(n.elseList) : false);
    return false;
  });
  objectsCache.set(list, known);
  return known;
}

const includesCache = new WeakMap<TNode[], string[]>();

/** Names a branch renders through {{template "x"}} or `include "x"`, at any depth of its control blocks. */
function includedNames(list: TNode[]): string[] {
  let names = includesCache.get(list);
  if (names) return names;
  const found = new Set<string>();
  const fromPipe = (p: Pipe): void => {
    for (const c of p.cmds)
      c.args.forEach((a, i) => {
        const next = c.args[i + 1];
        if (a.t === 'ident' && a.name === 'include' && next?.t === 'lit' && typeof next.v === 'string')
          found.add(next.v);
        if (a.t === 'pipe') fromPipe(a.pipe);
      });
  };
  const walk = (nodes: TNode[]): void => {
    for (const n of nodes) {
      if (n.t === 'template') found.add(n.name);
      else if (n.t === 'action') fromPipe(n.pipe);
      else if (n.t === 'if' || n.t === 'with' || n.t === 'range') {
        fromPipe(n.pipe);
        walk(n.list);
        if (n.elseList) walk(n.elseList);
      }
    }
  };
  walk(list);
  names = [...found];
  includesCache.set(list, names);
  return names;
}

export class Exec {
  private vars: { name: string; value: unknown }[] = [];
  private depth = 0;
  private steps = 0;
  /** File and line of the command being evaluated, for error messages. */
  file: string;
  line = 1;

  constructor(
    readonly env: ExecEnv,
    file: string,
    /** The template name (`.Template.Name`) of the file being rendered. */
    readonly templateName: string,
  ) {
    this.file = file;
  }

  fail(msg: string): never {
    throw new TemplateError(msg, this.file, this.line);
  }

  /** Execute a node list with `data` as both dot and `$`. */
  run(nodes: TNode[], file: string, data: unknown, out: Out): void {
    const savedVars = this.vars;
    const savedFile = this.file;
    const savedLine = this.line;
    if (++this.depth > MAX_DEPTH) this.fail('exceeded max template depth (recursive include?)');
    this.vars = [{ name: '$', value: data }];
    this.file = file;
    try {
      this.list(nodes, data, out);
    } finally {
      this.depth--;
      this.vars = savedVars;
      this.file = savedFile;
      this.line = savedLine;
    }
  }

  /** Execute a named template into a string (Helm's `include`). */
  include(name: string, data: unknown): string {
    const def = this.env.defines.get(name);
    if (!def) this.fail(`no template "${name}" associated with template "gotpl"`);
    const out = new Out(false);
    this.run(def.nodes, def.file, data, out);
    return out.toString();
  }

  /** Render a string as a template (Helm's `tpl`). */
  tpl(text: string, data: unknown): string {
    let nodes: TNode[];
    try {
      nodes = this.env.parseInline(this.templateName, text);
    } catch (err) {
      this.fail(`tpl: ${(err as Error).message}`);
    }
    const out = new Out(false);
    this.run(nodes, this.file, data, out);
    return out.toString();
  }

  private list(nodes: TNode[], dot: unknown, out: Out): void {
    for (const n of nodes) this.node(n, dot, out);
  }

  private node(n: TNode, dot: unknown, out: Out): void {
    if (++this.steps > MAX_STEPS) {
      this.line = n.line;
      this.fail('template too costly to render (more than 2 million steps)');
    }
    switch (n.t) {
      case 'text':
        out.write(n.text, this.file, n.line, true);
        return;
      case 'action': {
        this.line = n.line;
        const v = this.pipe(n.pipe, dot);
        if (!n.pipe.decl.length) out.write(goString(v), this.file, n.line, false);
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        this.line = n.line;
        const v = this.pipe(n.pipe, dot);
        try {
          if (truthy(v)) this.list(n.list, n.t === 'with' ? v : dot, out);
          else {
            if (this.env.onSwitch && this.branchHoldsObjects(n.list, new Set()))
              this.reportSwitch(n.pipe, dot, n.line);
            if (n.elseList) this.list(n.elseList, dot, out);
          }
        } finally {
          this.vars.length = mark;
        }
        return;
      }
      case 'range':
        this.range(n, dot, out);
        return;
      case 'template': {
        this.line = n.line;
        const def = this.env.defines.get(n.name);
        if (!def) this.fail(`no such template "${n.name}"`);
        const data = n.pipe ? this.pipe(n.pipe, dot) : undefined;
        this.run(def.nodes, def.file, data, out);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  private range(n: ControlNode, dot: unknown, out: Out): void {
    this.line = n.line;
    const mark = this.vars.length;
    const decl = n.pipe.decl;
    const v = this.pipe({ ...n.pipe, decl: [] }, dot);
    const each = (key: unknown, el: unknown): boolean => {
      if (decl.length === 1) this.setVar(decl[0]!, el, true);
      else if (decl.length === 2) {
        this.setVar(decl[0]!, key, true);
        this.setVar(decl[1]!, el, true);
      }
      try {
        this.list(n.list, el, out);
      } catch (e) {
        if (e === BREAK) return false;
        if (e !== CONTINUE) throw e;
      } finally {
        this.vars.length = mark;
      }
      return true;
    };
    let ran = false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        ran = true;
        if (!each(i, v[i])) break;
      }
    } else if (isMap(v)) {
      for (const k of Object.keys(v).sort()) {
        ran = true;
        if (!each(k, v[k])) break;
      }
    } else if (typeof v === 'number' && Number.isInteger(v)) {
      if (v > MAX_ITEMS) this.fail(`range over ${v}: more than ${MAX_ITEMS} iterations`);
      for (let i = 0; i < v; i++) {
        ran = true;
        if (!each(i, i)) break;
      }
    } else if (v !== null && v !== undefined) {
      this.line = n.line;
      this.fail(`range can't iterate over ${goString(v)}`);
    }
    if (!ran && n.elseList) this.list(n.elseList, dot, out);
  }

  private setVar(name: string, value: unknown, declare: boolean): void {
    if (declare) {
      this.vars.push({ name, value });
      return;
    }
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private getVar(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i]!.name === name) return this.vars[i]!.value;
    return this.fail(`undefined variable: ${name}`);
  }

  pipe(p: Pipe, dot: unknown): unknown {
    let v: unknown;
    let has = false;
    for (const c of p.cmds) {
      v = this.cmd(c, dot, has, v);
      has = true;
    }
    for (const name of p.decl) this.setVar(name, v, !p.assign);
    return v;
  }

  private cmd(c: Cmd, dot: unknown, hasFinal: boolean, final: unknown): unknown {
    this.line = c.line;
    const [head, ...rest] = c.args;
    try {
      switch (head!.t) {
        case 'ident':
          return this.call(head!.name, rest, dot, hasFinal, final);
        case 'field':
          return this.fields(dot, head!.names, rest, dot, hasFinal, final);
        case 'var':
          return this.fields(this.getVar(head!.name), head!.names, rest, dot, hasFinal, final);
        case 'chain':
          return this.fields(this.arg(head!.node, dot), head!.names, rest, dot, hasFinal, final);
        default:
          if (rest.length || hasFinal) this.fail(`can't give argument to non-function ${argText(head!)}`);
          return this.arg(head!, dot);
      }
    } catch (err) {
      if (err instanceof TemplateError || err === BREAK || err === CONTINUE) throw err;
      this.line = c.line;
      return this.fail((err as Error).message);
    }
  }

  /** Evaluate an argument (not in command position). */
  private arg(a: Arg, dot: unknown): unknown {
    switch (a.t) {
      case 'lit':
        return a.v;
      case 'nil':
        return null;
      case 'dot':
        return dot;
      case 'field':
        return this.fields(dot, a.names, [], dot, false, undefined);
      case 'var':
        return this.fields(this.getVar(a.name), a.names, [], dot, false, undefined);
      case 'chain':
        return this.fields(this.arg(a.node, dot), a.names, [], dot, false, undefined);
      case 'pipe':
        return this.pipe(a.pipe, dot);
      case 'ident':
        return this.call(a.name, [], dot, false, undefined);
    }
  }

  /** Walk a field chain; a function at the end is a method, called with the command's arguments. */
  private fields(
    recv: unknown,
    names: string[],
    args: Arg[],
    dot: unknown,
    hasFinal: boolean,
    final: unknown,
  ): unknown {
    let v = recv;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const last = i === names.length - 1;
      if (v === null || v === undefined) this.fail(`nil pointer evaluating interface {}.${name}`);
      let f: unknown;
      if (isStruct(v)) {
        if (!(name in v)) this.fail(`can't evaluate field ${name} in type ${String(v[STRUCT])}`);
        f = v[name];
      } else if (isMap(v)) {
        f = Object.hasOwn(v, name) ? v[name] : undefined;
      } else {
        this.fail(`can't evaluate field ${name} in type ${goType(v)}`);
      }
      if (typeof f === 'function') {
        // a method (Files.Get, APIVersions.Has, …): the last one takes the command's arguments
        const callArgs = last ? args.map((a) => this.arg(a, dot)) : [];
        if (last && hasFinal) callArgs.push(final);
        v = (f as (...a: unknown[]) => unknown)(...callArgs);
        if (last) return v;
        continue;
      }
      v = f;
    }
    if (args.length || hasFinal) {
      if (names.length === 0) this.fail(`can't give argument to non-function`);
      this.fail(`${names[names.length - 1]} has arguments but cannot be invoked as function`);
    }
    return v;
  }

  private call(name: string, argNodes: Arg[], dot: unknown, hasFinal: boolean, final: unknown): unknown {
    if (name === 'and' || name === 'or') {
      // short-circuit like Go 1.18+
      const all = argNodes.map((a) => () => this.arg(a, dot));
      if (hasFinal) all.push(() => final);
      if (!all.length) this.fail(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: unknown;
      for (const get of all) {
        v = get();
        if (name === 'and' ? !truthy(v) : truthy(v)) return v;
      }
      return v;
    }
    const fn = this.env.funcs[name];
    if (!fn) this.fail(`function "${name}" not defined`);
    const args = argNodes.map((a) => this.arg(a, dot));
    if (hasFinal) args.push(final);
    return fn(this, args);
  }

  /** Whether a branch holds whole objects, written in it or in the named templates it renders. */
  private branchHoldsObjects(list: TNode[], seen: Set<string>): boolean {
    if (holdsObjects(list)) return true;
    for (const name of includedNames(list)) {
      if (seen.has(name)) continue;
      seen.add(name);
      const def = this.env.defines.get(name);
      if (def && this.branchHoldsObjects(def.nodes, seen)) return true;
    }
    return false;
  }

  /** Record the plain `.Values` fields whose falsy value kept a branch of objects out. */
  private reportSwitch(p: Pipe, dot: unknown, line: number): void {
    if (p.cmds.length !== 1 || p.decl.length) return;
    const args = p.cmds[0]!.args;
    const root = this.vars[0]?.value;
    const valuesField = (a: Arg): string[] | undefined => {
      if (a.t === 'field' && a.names[0] === 'Values' && a.names.length > 1 && dot === root)
        return a.names.slice(1);
      if (a.t === 'var' && a.name === '$' && a.names[0] === 'Values' && a.names.length > 1)
        return a.names.slice(1);
      return undefined;
    };
    let candidates: string[][] = [];
    if (args.length === 1) {
      const f = valuesField(args[0]!);
      if (f) candidates = [f];
    } else if (args[0]?.t === 'ident' && (args[0].name === 'and' || args[0].name === 'or')) {
      candidates = args.slice(1).flatMap((a) => {
        const f = valuesField(a);
        return f ? [f] : [];
      });
    }
    const hits: SwitchHit[] = [];
    for (const names of candidates) {
      let v: unknown = (root as Record<string, unknown>)?.Values;
      for (const n of names) v = isMap(v) ? v[n] : undefined;
      if (!truthy(v)) hits.push({ names, value: v === undefined ? null : v });
    }
    if (hits.length) this.env.onSwitch!(hits, line);
  }
}

function argText(a: Arg): string {
  switch (a.t) {
    case 'lit':
      return typeof a.v === 'string' ? JSON.stringify(a.v) : String(a.v);
    case 'nil':
      return 'nil';
    case 'dot':
      return '.';
    default:
      return a.t;
  }
}
