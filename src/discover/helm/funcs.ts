/**
 * The functions Helm charts call: Go's template builtins, the Sprig functions charts really use, and Helm's
 * own (include, tpl, required, toYaml, fromYaml, lookup, …). A function not here is reported by the caller as
 * unsupported, naming the template line that calls it.
 */
import { createHash } from 'node:crypto';
import { parse as yamlParse, stringify as yamlStringify } from 'yaml';
import { type Exec, type Fn, goFloat, goString, goType, isMap, isStruct, MAX_ITEMS, truthy } from './exec.js';
import { semverCompare } from './semver.js';

type Args = unknown[];

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : goString(v);

/** Sprig's toString (strval): nil prints as <nil>. */
const strval = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '<nil>' : goString(v, true);

/** cast.ToInt64 as Sprig uses it: strings parse, floats truncate, bools are 0/1, anything else 0. */
export function toInt(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s, 16);
    const n = Number(s);
    return Number.isFinite(n) && /^[+-]?\d+$/.test(s) ? n : 0;
  }
  return 0;
}

function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}

/** Sprig's empty: nil, false, 0, "" and empty lists and maps. */
export function empty(v: unknown): boolean {
  return !truthy(v);
}

function list(v: unknown, fn: string): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  throw new Error(`${fn}: cannot find ${fn} on type ${goType(v)}`);
}

function map(v: unknown, fn: string): Record<string, unknown> {
  if (isMap(v)) return v;
  throw new Error(`${fn}: expected a map, got ${goType(v)}`);
}

function arity(name: string, args: Args, min: number, max = min): true {
  if (args.length < min || args.length > max)
    throw new Error(
      `wrong number of args for ${name}: want ${min === max ? min : `${min}-${max}`} got ${args.length}`,
    );
  return true;
}

export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (isMap(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = deepCopy(v[k]);
    return o as T;
  }
  return v;
}

/** mergo.Merge: fill `dst` with what it lacks from `src` (deeply); with overwrite, `src` wins. */
function mergeInto(dst: Record<string, unknown>, src: Record<string, unknown>, overwrite: boolean): void {
  for (const k of Object.keys(src)) {
    const s = src[k];
    const d = dst[k];
    if (isMap(d) && isMap(s)) mergeInto(d, s, overwrite);
    else if (!Object.hasOwn(dst, k) || empty(d)) dst[k] = deepCopy(s);
    else if (overwrite && !empty(s)) dst[k] = deepCopy(s);
  }
}

/** Keys sorted the way Go's encoders write maps. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isMap(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) o[k] = v[k] === undefined ? null : sortKeys(v[k]);
    return o;
  }
  return v === undefined ? null : v;
}

/** Helm's toYaml: sorted keys, block style, no trailing newline. */
export function toYaml(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  const text = yamlStringify(sortKeys(v), { indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
  return text.replace(/\n$/, '');
}

/** Go's json.Marshal: sorted keys, HTML-safe escapes. */
export function toJson(v: unknown, indent?: string): string {
  const text = JSON.stringify(sortKeys(v), null, indent) ?? 'null';
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function fromYaml(s: unknown): unknown {
  try {
    const v = yamlParse(str(s), { uniqueKeys: false, maxAliasCount: 100 });
    return v ?? {};
  } catch (err) {
    return { Error: (err as Error).message };
  }
}

/** Refuse a list or string larger than a chart could sensibly need (a runaway `until` or `repeat`). */
function items(n: number, limit = MAX_ITEMS): void {
  if (!(n <= limit)) throw new Error(`more than ${limit} items`);
}

function indent(n: unknown, s: unknown): string {
  const pad = ' '.repeat(Math.min(Math.max(0, toInt(n)), 1000));
  return pad + str(s).replace(/\n/g, `\n${pad}`);
}

function goQuote(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, pre: string, c: string) => pre + c.toUpperCase());
}

function compare(name: string, a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new Error(`${name}: incompatible types for comparison`);
}

function basicEq(a: unknown, b: unknown): boolean {
  const nil = (x: unknown) => x === null || x === undefined;
  if (nil(a) || nil(b)) return nil(a) && nil(b);
  if (typeof a === 'object' || typeof b === 'object') throw new Error('eq: non-comparable type');
  if (typeof a !== typeof b) throw new Error('incompatible types for comparison');
  return a === b;
}

/** Go's fmt.Sprintf for the verbs charts use. */
export function sprintf(format: string, args: Args): string {
  let ai = 0;
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*)?)?([a-zA-Z%])/.exec(format.slice(i + 1));
    if (!m) {
      out += '%!(NOVERB)';
      continue;
    }
    i += m[0].length;
    const [, flags = '', widthS, precS, verb] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    const width = widthS === '*' ? toInt(args[ai++]) : widthS ? Number(widthS) : undefined;
    const prec = precS === '*' ? toInt(args[ai++]) : precS !== undefined ? Number(precS) : undefined;
    if (ai >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const a = args[ai++];
    let s: string;
    switch (verb) {
      case 'v':
      case 's':
        s = a === null || a === undefined ? (verb === 's' ? '%!s(<nil>)' : '<nil>') : goString(a, true);
        if (prec !== undefined) s = s.slice(0, prec);
        break;
      case 'q':
        s = typeof a === 'number' ? `'${String.fromCodePoint(a)}'` : goQuote(str(a));
        break;
      case 'd':
        s = typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${goType(a)}=${goString(a, true)})`;
        if (flags.includes('+') && typeof a === 'number' && a >= 0) s = `+${s}`;
        break;
      case 'f':
      case 'F':
        s = typeof a === 'number' ? a.toFixed(prec ?? 6) : `%!f(${goType(a)}=${goString(a, true)})`;
        break;
      case 'g':
        s = typeof a === 'number' ? goFloat(a) : `%!g(${goType(a)}=${goString(a, true)})`;
        break;
      case 'e':
        s = typeof a === 'number' ? a.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2') : '%!e(?)';
        break;
      case 't':
        s = typeof a === 'boolean' ? String(a) : `%!t(${goType(a)}=${goString(a, true)})`;
        break;
      case 'x':
      case 'X': {
        if (typeof a === 'number') s = Math.trunc(a).toString(16);
        else s = Buffer.from(str(a)).toString('hex');
        if (verb === 'X') s = s.toUpperCase();
        break;
      }
      case 'o':
        s = typeof a === 'number' ? Math.trunc(a).toString(8) : '%!o(?)';
        break;
      case 'b':
        s = typeof a === 'number' ? Math.trunc(a).toString(2) : '%!b(?)';
        break;
      case 'c':
        s = typeof a === 'number' ? String.fromCodePoint(a) : '%!c(?)';
        break;
      case 'T':
        s = goType(a);
        break;
      default:
        s = `%!${verb}(${goType(a)}=${goString(a, true)})`;
    }
    if (width !== undefined && s.length < width) {
      if (flags.includes('-')) s = s.padEnd(width);
      else if (flags.includes('0') && /[dfFeEgxXob]/.test(verb!)) {
        const neg = s.startsWith('-');
        s = (neg ? '-' : '') + s.slice(neg ? 1 : 0).padStart(width - (neg ? 1 : 0), '0');
      } else s = s.padStart(width);
    }
    out += s;
  }
  if (ai < args.length)
    out += `%!(EXTRA ${args
      .slice(ai)
      .map((a) => `${goType(a)}=${goString(a, true)}`)
      .join(', ')})`;
  return out;
}

/** fmt.Sprint: spaces between operands when neither is a string. */
function sprint(args: Args): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += a === null || a === undefined ? '<nil>' : goString(a, true);
  }
  return out;
}

function goRegex(re: unknown): RegExp {
  let src = str(re);
  let flags = 'g';
  const m = /^\(\?([imsU]+)\)/.exec(src);
  if (m) {
    src = src.slice(m[0].length);
    for (const f of m[1]!) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  return new RegExp(src.replace(/\\z/g, '$').replace(/\\A/g, '^'), flags + 'u');
}

function goReplacement(repl: string): string {
  return repl.replace(/\$\{(\w+)\}/g, (_, n: string) => (/^\d+$/.test(n) ? `$${n}` : `$<${n}>`));
}

type Impl = (ex: Exec, a: Args) => unknown;

const fns: Record<string, Impl> = {
  // Go builtins
  print: (_, a) => sprint(a),
  println: (_, a) =>
    `${a.map((x) => (x === null || x === undefined ? '<nil>' : goString(x, true))).join(' ')}\n`,
  printf: (_, a) => {
    if (!a.length) throw new Error('wrong number of args for printf: want at least 1 got 0');
    return sprintf(str(a[0]), a.slice(1));
  },
  len: (_, a) => {
    arity('len', a, 1);
    const v = a[0];
    if (typeof v === 'string') return Buffer.byteLength(v);
    if (Array.isArray(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    throw new Error(`len of type ${goType(v)}`);
  },
  index: (_, a) => {
    let v = a[0];
    for (const k of a.slice(1)) {
      if (Array.isArray(v)) {
        const i = toInt(k);
        if (i < 0 || i >= v.length) throw new Error(`index out of range: ${i}`);
        v = v[i];
      } else if (isMap(v)) v = Object.hasOwn(v, str(k)) ? v[str(k)] : undefined;
      else if (typeof v === 'string') v = v.charCodeAt(toInt(k));
      else if (v === null || v === undefined) throw new Error('index of untyped nil');
      else throw new Error(`can't index item of type ${goType(v)}`);
    }
    return v;
  },
  slice: (_, a) => {
    const v = a[0];
    const from = a.length > 1 ? toInt(a[1]) : 0;
    const to = a.length > 2 ? toInt(a[2]) : undefined;
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(from, to);
    throw new Error(`can't slice item of type ${goType(v)}`);
  },
  not: (_, a) => arity('not', a, 1) && !truthy(a[0]),
  eq: (_, a) => {
    if (a.length < 2) throw new Error('missing argument for comparison');
    return a.slice(1).some((b) => basicEq(a[0], b));
  },
  ne: (_, a) => arity('ne', a, 2) && !basicEq(a[0], a[1]),
  lt: (_, a) => arity('lt', a, 2) && compare('lt', a[0], a[1]) < 0,
  le: (_, a) => arity('le', a, 2) && compare('le', a[0], a[1]) <= 0,
  gt: (_, a) => arity('gt', a, 2) && compare('gt', a[0], a[1]) > 0,
  ge: (_, a) => arity('ge', a, 2) && compare('ge', a[0], a[1]) >= 0,
  html: (_, a) =>
    sprint(a).replace(
      /[<>&'"]/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;' })[c]!,
    ),
  js: (_, a) => JSON.stringify(sprint(a)).slice(1, -1).replace(/'/g, "\\'"),
  urlquery: (_, a) => encodeURIComponent(sprint(a)).replace(/%20/g, '+'),

  // Helm
  include: (ex, a) => arity('include', a, 1, 2) && ex.include(str(a[0]), a[1]),
  tpl: (ex, a) => arity('tpl', a, 2) && ex.tpl(str(a[0]), a[1]),
  required: (_, a) => {
    arity('required', a, 2);
    if (a[1] === null || a[1] === undefined || a[1] === '') throw new Error(str(a[0]));
    return a[1];
  },
  fail: (_, a) => {
    throw new Error(str(a[0]));
  },
  toYaml: (_, a) => toYaml(a[0]),
  toYamlPretty: (_, a) => toYaml(a[0]),
  toJson: (_, a) => toJson(a[0]),
  toPrettyJson: (_, a) => toJson(a[0], '  '),
  toRawJson: (_, a) => JSON.stringify(sortKeys(a[0])) ?? 'null',
  fromYaml: (_, a) => {
    const v = fromYaml(a[0]);
    return isMap(v) ? v : {};
  },
  fromYamlArray: (_, a) => {
    const v = fromYaml(a[0]);
    return Array.isArray(v) ? v : [];
  },
  fromJson: (_, a) => {
    try {
      const v = JSON.parse(str(a[0]));
      return isMap(v) ? v : {};
    } catch (err) {
      return { Error: (err as Error).message };
    }
  },
  fromJsonArray: (_, a) => {
    try {
      const v = JSON.parse(str(a[0]));
      return Array.isArray(v) ? v : [];
    } catch {
      return [];
    }
  },
  lookup: () => ({}),

  // defaults and logic
  default: (_, a) => {
    if (a.length < 1) throw new Error('wrong number of args for default: want at least 1 got 0');
    return a.length < 2 || empty(a[1]) ? a[0] : a[1];
  },
  empty: (_, a) => empty(a[0]),
  coalesce: (_, a) => a.find((x) => !empty(x)) ?? null,
  all: (_, a) => a.every((x) => !empty(x)),
  any: (_, a) => a.some((x) => !empty(x)),
  ternary: (_, a) => (arity('ternary', a, 3) && truthy(a[2]) ? a[0] : a[1]),

  // strings
  quote: (_, a) =>
    a
      .filter((x) => x !== null && x !== undefined)
      .map((x) => goQuote(strval(x)))
      .join(' '),
  squote: (_, a) =>
    a
      .filter((x) => x !== null && x !== undefined)
      .map((x) => `'${strval(x)}'`)
      .join(' '),
  upper: (_, a) => str(a[0]).toUpperCase(),
  lower: (_, a) => str(a[0]).toLowerCase(),
  title: (_, a) => title(str(a[0])),
  untitle: (_, a) => str(a[0]).replace(/(^|\s)(\S)/g, (_m, p: string, c: string) => p + c.toLowerCase()),
  trim: (_, a) => str(a[0]).trim(),
  trimAll: (_, a) => {
    const cut = [...str(a[0])];
    const s = [...str(a[1])];
    let i = 0;
    let j = s.length;
    while (i < j && cut.includes(s[i]!)) i++;
    while (j > i && cut.includes(s[j - 1]!)) j--;
    return s.slice(i, j).join('');
  },
  trimPrefix: (_, a) => {
    const p = str(a[0]);
    const s = str(a[1]);
    return p && s.startsWith(p) ? s.slice(p.length) : s;
  },
  trimSuffix: (_, a) => {
    const p = str(a[0]);
    const s = str(a[1]);
    return p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  },
  trunc: (_, a) => {
    const n = toInt(a[0]);
    const s = str(a[1]);
    if (n < 0) return -n < s.length ? s.slice(s.length + n) : s;
    return s.length > n ? s.slice(0, n) : s;
  },
  abbrev: (_, a) => {
    const n = toInt(a[0]);
    const s = str(a[1]);
    return n < 4 || s.length <= n ? s : `${s.slice(0, n - 3)}...`;
  },
  replace: (_, a) => str(a[2]).split(str(a[0])).join(str(a[1])),
  contains: (_, a) => str(a[1]).includes(str(a[0])),
  hasPrefix: (_, a) => str(a[1]).startsWith(str(a[0])),
  hasSuffix: (_, a) => str(a[1]).endsWith(str(a[0])),
  repeat: (_, a) => {
    const n = Math.max(0, toInt(a[0]));
    items(n * str(a[1]).length, 10_000_000);
    return str(a[1]).repeat(n);
  },
  substr: (_, a) => {
    const s = str(a[2]);
    const start = toInt(a[0]);
    const end = toInt(a[1]);
    if (start < 0) return s.slice(0, end);
    if (end < 0 || end > s.length) return s.slice(start);
    return s.slice(start, end);
  },
  nospace: (_, a) => str(a[0]).replace(/\s+/g, ''),
  cat: (_, a) =>
    a
      .filter((x) => x !== null && x !== undefined)
      .map((x) => strval(x))
      .join(' '),
  indent: (_, a) => arity('indent', a, 2) && indent(a[0], a[1]),
  nindent: (_, a) => arity('nindent', a, 2) && `\n${indent(a[0], a[1])}`,
  split: (_, a) => {
    const parts = str(a[1]).split(str(a[0]));
    return Object.fromEntries(parts.map((p, i) => [`_${i}`, p]));
  },
  splitList: (_, a) => str(a[1]).split(str(a[0])),
  join: (_, a) => {
    const v = a[1];
    const items = Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
    return items.map((x) => strval(x)).join(str(a[0]));
  },
  toString: (_: Exec, a: Args) => strval(a[0]),
  toStrings: (_, a) => list(a[0], 'toStrings').map((x) => strval(x)),
  snakecase: (_, a) =>
    str(a[0])
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[-\s]+/g, '_')
      .toLowerCase(),
  kebabcase: (_, a) =>
    str(a[0])
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[_\s]+/g, '-')
      .toLowerCase(),
  camelcase: (_, a) =>
    str(a[0])
      .split(/[_\-\s]+/)
      .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
      .join(''),
  plural: (_, a) => (toInt(a[2]) === 1 ? a[0] : a[1]),
  b64enc: (_, a) => Buffer.from(str(a[0])).toString('base64'),
  b64dec: (_, a) => Buffer.from(str(a[0]), 'base64').toString(),
  sha256sum: (_, a) => createHash('sha256').update(str(a[0])).digest('hex'),
  sha1sum: (_, a) => createHash('sha1').update(str(a[0])).digest('hex'),
  adler32sum: (_, a) => {
    let s1 = 1;
    let s2 = 0;
    for (const b of Buffer.from(str(a[0]))) {
      s1 = (s1 + b) % 65521;
      s2 = (s2 + s1) % 65521;
    }
    return String(((s2 << 16) | s1) >>> 0);
  },
  regexMatch: (_, a) => goRegex(a[0]).test(str(a[1])),
  regexFind: (_, a) => goRegex(a[0]).exec(str(a[1]))?.[0] ?? '',
  regexFindAll: (_, a) => {
    const all = [...str(a[1]).matchAll(goRegex(a[0]))].map((m) => m[0]);
    const n = toInt(a[2]);
    return n < 0 ? all : all.slice(0, n);
  },
  regexReplaceAll: (_, a) => str(a[1]).replace(goRegex(a[0]), goReplacement(str(a[2]))),
  regexReplaceAllLiteral: (_, a) => str(a[1]).replace(goRegex(a[0]), () => str(a[2])),
  regexSplit: (_, a) => {
    const parts = str(a[1]).split(goRegex(a[0]));
    const n = toInt(a[2]);
    return n < 0 ? parts : parts.slice(0, n);
  },

  // numbers
  int: (_, a) => toInt(a[0]),
  int64: (_, a) => toInt(a[0]),
  atoi: (_, a) => toInt(a[0]),
  float64: (_, a) => toFloat(a[0]),
  add: (_, a) => a.reduce<number>((s, x) => s + toInt(x), 0),
  add1: (_, a) => toInt(a[0]) + 1,
  sub: (_, a) => toInt(a[0]) - toInt(a[1]),
  mul: (_, a) => a.reduce<number>((s, x) => s * toInt(x), 1),
  div: (_, a) => {
    const d = toInt(a[1]);
    if (d === 0) throw new Error('integer divide by zero');
    return Math.trunc(toInt(a[0]) / d);
  },
  mod: (_, a) => {
    const d = toInt(a[1]);
    if (d === 0) throw new Error('integer divide by zero');
    return toInt(a[0]) % d;
  },
  max: (_, a) => Math.max(...a.map(toInt)),
  min: (_, a) => Math.min(...a.map(toInt)),
  addf: (_, a) => a.reduce<number>((s, x) => s + toFloat(x), 0),
  subf: (_, a) => a.slice(1).reduce<number>((s, x) => s - toFloat(x), toFloat(a[0])),
  mulf: (_, a) => a.reduce<number>((s, x) => s * toFloat(x), 1),
  divf: (_, a) => a.slice(1).reduce<number>((s, x) => s / toFloat(x), toFloat(a[0])),
  floor: (_, a) => Math.floor(toFloat(a[0])),
  ceil: (_, a) => Math.ceil(toFloat(a[0])),
  round: (_, a) => {
    const p = 10 ** toInt(a[1]);
    return Math.round(toFloat(a[0]) * p) / p;
  },
  until: (_, a) => {
    const n = toInt(a[0]);
    items(Math.abs(n));
    return Array.from({ length: Math.abs(n) }, (_x, i) => (n < 0 ? -i : i));
  },
  untilStep: (_, a) => {
    const [start, stop, step] = [toInt(a[0]), toInt(a[1]), toInt(a[2])];
    const out: number[] = [];
    if (step === 0) return out;
    items((stop - start) / step);
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
    return out;
  },
  seq: (_, a) => {
    const n = a.map(toInt);
    const [start, end, step] =
      n.length === 1 ? [1, n[0]!, 1] : n.length === 2 ? [n[0]!, n[1]!, n[0]! <= n[1]! ? 1 : -1] : n;
    const out: number[] = [];
    if (!step) return '';
    items((end! - start!) / step);
    for (let i = start!; step! > 0 ? i <= end! : i >= end!; i += step!) out.push(i);
    return out.join(' ');
  },

  // lists
  list: (_, a) => [...a],
  tuple: (_, a) => [...a],
  first: (_, a) => list(a[0], 'first')[0] ?? null,
  last: (_, a) => {
    const l = list(a[0], 'last');
    return l.length ? l[l.length - 1] : null;
  },
  rest: (_, a) => list(a[0], 'rest').slice(1),
  initial: (_, a) => list(a[0], 'initial').slice(0, -1),
  append: (_, a) => [...list(a[0], 'append'), a[1]],
  push: (_, a) => [...list(a[0], 'push'), a[1]],
  prepend: (_, a) => [a[1], ...list(a[0], 'prepend')],
  concat: (_, a) => a.flatMap((l) => list(l, 'concat')),
  reverse: (_, a) => [...list(a[0], 'reverse')].reverse(),
  uniq: (_, a) => {
    const out: unknown[] = [];
    for (const x of list(a[0], 'uniq')) if (!out.some((y) => goString(y) === goString(x))) out.push(x);
    return out;
  },
  compact: (_, a) => list(a[0], 'compact').filter((x) => !empty(x)),
  without: (_, a) =>
    list(a[0], 'without').filter((x) => !a.slice(1).some((y) => goString(y) === goString(x))),
  has: (_, a) => list(a[1], 'has').some((x) => goString(x, true) === goString(a[0], true)),
  sortAlpha: (_, a) =>
    list(a[0], 'sortAlpha')
      .map((x) => strval(x))
      .sort(),

  // dictionaries
  dict: (_, a) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < a.length; i += 2) o[strval(a[i])] = i + 1 < a.length ? a[i + 1] : '';
    return o;
  },
  get: (_, a) => {
    const m = map(a[0], 'get');
    return Object.hasOwn(m, str(a[1])) ? m[str(a[1])] : '';
  },
  set: (_, a) => {
    const m = map(a[0], 'set');
    m[str(a[1])] = a[2];
    return m;
  },
  unset: (_, a) => {
    const m = map(a[0], 'unset');
    delete m[str(a[1])];
    return m;
  },
  hasKey: (_, a) => Object.hasOwn(map(a[0], 'hasKey'), str(a[1])),
  keys: (_, a) => a.flatMap((m) => Object.keys(map(m, 'keys'))).sort(),
  values: (_, a) => {
    const m = map(a[0], 'values');
    return Object.keys(m)
      .sort()
      .map((k) => m[k]);
  },
  pluck: (_, a) => a.slice(1).flatMap((m) => (isMap(m) && Object.hasOwn(m, str(a[0])) ? [m[str(a[0])]] : [])),
  pick: (_, a) => {
    const m = map(a[0], 'pick');
    const keep = a.slice(1).map(str);
    return Object.fromEntries(Object.entries(m).filter(([k]) => keep.includes(k)));
  },
  omit: (_, a) => {
    const m = map(a[0], 'omit');
    const drop = a.slice(1).map(str);
    return Object.fromEntries(Object.entries(m).filter(([k]) => !drop.includes(k)));
  },
  dig: (_, a) => {
    if (a.length < 3) throw new Error('dig needs at least three arguments');
    const m = a[a.length - 1];
    const dflt = a[a.length - 2];
    let v: unknown = m;
    for (const k of a.slice(0, -2)) {
      if (!isMap(v) || !Object.hasOwn(v, str(k))) return dflt;
      v = v[str(k)];
    }
    return v;
  },
  merge: (_, a) => {
    const dst = map(a[0], 'merge');
    for (const s of a.slice(1)) mergeInto(dst, map(s, 'merge'), false);
    return dst;
  },
  mergeOverwrite: (_, a) => {
    const dst = map(a[0], 'mergeOverwrite');
    for (const s of a.slice(1)) mergeInto(dst, map(s, 'mergeOverwrite'), true);
    return dst;
  },
  deepCopy: (_, a) => deepCopy(a[0]),

  // random values: helm gives a new one each run, any is as good; here one derived from the calling line, so
  // that the same chart renders byte-identically
  randAlphaNum: (ex, a) =>
    pseudoRandom(ex, a[0], 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
  randAlpha: (ex, a) => pseudoRandom(ex, a[0], 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
  randNumeric: (ex, a) => pseudoRandom(ex, a[0], '0123456789'),
  randAscii: (ex, a) =>
    pseudoRandom(
      ex,
      a[0],
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%&()*+,-./:;<=>?@[]^_{|}~',
    ),
  uuidv4: (ex) => {
    const h = createHash('sha256').update(`${ex.file}:${ex.line}:uuid`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  },

  // types and versions
  kindOf: (_, a) => kindOf(a[0]),
  kindIs: (_, a) => kindOf(a[1]) === str(a[0]),
  typeOf: (_, a) => goType(a[0]),
  typeIs: (_, a) => goType(a[1]) === str(a[0]),
  semverCompare: (_, a) => semverCompare(str(a[0]), str(a[1])),

  // paths
  base: (_, a) => str(a[0]).replace(/\/+$/, '').split('/').pop() || '.',
  dir: (_, a) => {
    const s = str(a[0]);
    const i = s.lastIndexOf('/');
    return i < 0 ? '.' : i === 0 ? '/' : s.slice(0, i);
  },
  ext: (_, a) => /\.[^./]*$/.exec(str(a[0]))?.[0] ?? '',
  isAbs: (_, a) => str(a[0]).startsWith('/'),
};

function pseudoRandom(ex: Exec, length: unknown, alphabet: string): string {
  const n = Math.max(0, Math.min(toInt(length), 4096));
  const bytes: number[] = [];
  for (let block = 0; bytes.length < n; block++)
    bytes.push(...createHash('sha256').update(`${ex.file}:${ex.line}:${block}`).digest());
  return bytes
    .slice(0, n)
    .map((b) => alphabet[b % alphabet.length])
    .join('');
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'invalid';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (Array.isArray(v)) return 'slice';
  if (isStruct(v)) return 'struct';
  return 'map';
}

// Sprig's must* variants behave the same here: errors already stop the template.
for (const name of [
  'toYaml',
  'toJson',
  'toPrettyJson',
  'toRawJson',
  'fromYaml',
  'fromJson',
  'merge',
  'mergeOverwrite',
  'deepCopy',
  'regexMatch',
  'regexFind',
  'regexFindAll',
  'regexReplaceAll',
  'regexReplaceAllLiteral',
  'regexSplit',
  'first',
  'last',
  'rest',
  'initial',
  'append',
  'push',
  'prepend',
  'reverse',
  'uniq',
  'compact',
  'without',
  'has',
]) {
  const capital = name[0]!.toUpperCase() + name.slice(1);
  fns[`must${capital}`] = fns[name]!;
}

export const FUNCS: Record<string, Fn> = fns;
