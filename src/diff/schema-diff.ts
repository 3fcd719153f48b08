/**
 * Compares two JSON Schemas (OpenAPI flavour) for client-visible breaks, following local `$ref`s on each
 * side. The direction decides what breaks: a request schema breaks when it accepts less (new required
 * property, narrowed enum, changed type); a response schema breaks when it promises less (property gone,
 * required made optional, changed type) and warns when it may return more (new enum value).
 * Cycles end at a visited set of (old, new) schema pairs; very deep nesting ends at a depth cap.
 */
import { isObj, type PointerIndex, pathToPointer } from '../discover/openapi/refs.js';
import type { PathSegment } from '../discover/parse/structured.js';
import type { Source } from '../model/schema.js';
import type { ChangeSeverity } from './types.js';

type Obj = Record<string, unknown>;

export const MAX_SCHEMA_DEPTH = 24;

export interface SchemaSide {
  pointers: PointerIndex;
  locate(path: PathSegment[]): Source;
}

export interface SchemaChange {
  kind: string;
  severity: ChangeSeverity;
  /** Completes "<operation>: <what>": e.g. "response 200 property `owner.name` was removed". */
  message: string;
  base: Source;
  head: Source;
}

export interface SchemaDiffOptions {
  base: SchemaSide;
  head: SchemaSide;
  direction: 'request' | 'response';
  /** Kind prefix for changes at the root: `parameter`, `request-body`, `response-body`. */
  rootSubject: string;
  /** Describes the root in messages: "parameter `limit`", "request body", "response 200". */
  rootLabel: string;
  emit(change: SchemaChange): void;
}

interface SchemaAt {
  value: unknown;
  path: PathSegment[];
}

interface Flat {
  path: PathSegment[];
  type?: string;
  enum?: unknown[];
  properties: Map<string, SchemaAt>;
  required: Set<string>;
  items?: SchemaAt;
  /** The branches of an `anyOf`/`oneOf` with more than one non-null branch. */
  union?: SchemaAt[];
}

export function diffSchemas(
  options: SchemaDiffOptions,
  base: { value: unknown; path: PathSegment[] },
  head: { value: unknown; path: PathSegment[] },
): void {
  const visited = new Set<string>();
  walk(options, visited, base, head, '', 0);
}

function walk(
  o: SchemaDiffOptions,
  visited: Set<string>,
  baseRef: { value: unknown; path: PathSegment[] },
  headRef: { value: unknown; path: PathSegment[] },
  prop: string,
  depth: number,
): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  const b0 = flatten(o.base.pointers, baseRef.value, baseRef.path);
  const h0 = flatten(o.head.pointers, headRef.value, headRef.path);
  if (!b0 || !h0) return;
  let b: Flat = b0;
  let h: Flat = h0;
  const pair = `${pathToPointer(b.path)}\u0000${pathToPointer(h.path)}`;
  if (visited.has(pair)) return;
  visited.add(pair);

  const subject = prop ? `${o.direction}-property` : o.rootSubject;
  const where = prop ? `${o.rootLabel} property \`${prop}\`` : o.rootLabel;
  const at = { base: o.base.locate(b.path), head: o.head.locate(h.path) };

  // unions: branches are compared with their counterparts (matched by $ref, else by shape)
  if (b.union || h.union) {
    const bBranches = b.union ?? [{ value: baseRef.value, path: b.path }];
    const hBranches = h.union ?? [{ value: headRef.value, path: h.path }];
    const pairs = matchBranches(o, bBranches, hBranches);
    if (o.direction === 'request') {
      const lost = bBranches.filter((x) => !pairs.some(([bb]) => bb === x));
      if (lost.length)
        o.emit({
          kind: `openapi/${subject}-union-branch-removed`,
          severity: 'breaking',
          message: `${where} no longer accepts ${lost.length === 1 ? 'one of its alternatives' : `${lost.length} of its alternatives`} (${lost.map((x) => describeBranch(o.base.pointers, x)).join(', ')})`,
          base: o.base.locate(lost[0]!.path),
          head: at.head,
        });
    } else {
      const added = hBranches.filter((x) => !pairs.some(([, hb]) => hb === x));
      if (added.length)
        o.emit({
          kind: `openapi/${subject}-union-branch-added`,
          severity: 'warning',
          message: `${where} may now return ${added.length === 1 ? 'another shape' : `${added.length} other shapes`} (${added.map((x) => describeBranch(o.head.pointers, x)).join(', ')}; clients may not handle ${added.length === 1 ? 'it' : 'them'})`,
          base: at.base,
          head: o.head.locate(added[0]!.path),
        });
    }
    if (b.union && h.union) {
      for (const [bb, hb] of pairs) walk(o, visited, bb, hb, prop, depth + 1);
      return;
    }
    // one side is a plain schema: compare it with the branch it matches, as if that were the whole schema
    const [bb, hb] = pairs[0] ?? [];
    if (!bb || !hb) return;
    const other = b.union
      ? flatten(o.base.pointers, bb.value, bb.path)
      : flatten(o.head.pointers, hb.value, hb.path);
    if (!other || other.union) {
      walk(o, visited, bb, hb, prop, depth + 1);
      return;
    }
    if (b.union) b = other;
    else h = other;
  }

  if (b.type && h.type && b.type !== h.type) {
    o.emit({
      kind: `openapi/${subject}-type-changed`,
      severity: 'breaking',
      message: `${where} changed type from ${b.type} to ${h.type}`,
      ...at,
    });
    return;
  }
  if (b.enum && h.enum) {
    if (o.direction === 'request') {
      const removed = missing(b.enum, h.enum);
      if (removed.length)
        o.emit({
          kind: `openapi/${subject}-enum-value-removed`,
          severity: 'breaking',
          message: `${where} no longer accepts enum ${plural(removed.length, 'value')} ${show(removed)}`,
          ...at,
        });
    } else {
      const added = missing(h.enum, b.enum);
      if (added.length)
        o.emit({
          kind: `openapi/${subject}-enum-value-added`,
          severity: 'warning',
          message: `${where} may now return enum ${plural(added.length, 'value')} ${show(added)} (clients may not handle ${added.length === 1 ? 'it' : 'them'})`,
          ...at,
        });
    }
  }

  const child = (name: string) => (prop ? `${prop}.${name}` : name);
  for (const [name, bp] of b.properties) {
    const hp = h.properties.get(name);
    const childWhere = `${o.rootLabel} property \`${child(name)}\``;
    if (!hp) {
      if (o.direction === 'response')
        o.emit({
          kind: 'openapi/response-property-removed',
          severity: 'breaking',
          message: `${childWhere} was removed`,
          base: o.base.locate(bp.path),
          head: at.head,
        });
      else
        o.emit({
          kind: 'openapi/request-property-removed',
          severity: 'warning',
          message: `${childWhere} was removed (clients still sending it may be rejected or ignored)`,
          base: o.base.locate(bp.path),
          head: at.head,
        });
      continue;
    }
    const wasRequired = b.required.has(name);
    const isRequired = h.required.has(name);
    const propAt = { base: o.base.locate(bp.path), head: o.head.locate(hp.path) };
    if (o.direction === 'request' && isRequired && !wasRequired)
      o.emit({
        kind: 'openapi/request-property-made-required',
        severity: 'breaking',
        message: `${childWhere} is now required`,
        ...propAt,
      });
    if (o.direction === 'response' && wasRequired && !isRequired)
      o.emit({
        kind: 'openapi/response-property-made-optional',
        severity: 'breaking',
        message: `${childWhere} is no longer required (clients may rely on it being present)`,
        ...propAt,
      });
    walk(o, visited, bp, hp, child(name), depth + 1);
  }
  if (o.direction === 'request') {
    for (const [name, hp] of h.properties) {
      if (b.properties.has(name) || !h.required.has(name)) continue;
      o.emit({
        kind: 'openapi/request-property-required-added',
        severity: 'breaking',
        message: `${o.rootLabel} has a new required property \`${child(name)}\``,
        base: at.base,
        head: o.head.locate(hp.path),
      });
    }
  }
  if (b.items && h.items) walk(o, visited, b.items, h.items, prop ? `${prop}[]` : '[]', depth + 1);
}

/**
 * A schema with its `allOf` parts merged: properties, required names, type (with format), enum, items.
 * `nullable` and 3.1's `null` type member are ignored: they are not a change of the value's type.
 */
function flatten(pointers: PointerIndex, value: unknown, path: PathSegment[]): Flat | undefined {
  const r = pointers.resolve(value, path);
  if (!isObj(r.value) || r.unresolved) return undefined;
  const flat: Flat = { path: r.path, properties: new Map(), required: new Set() };
  const seen = new Set<unknown>();
  const merge = (schema: Obj, at: PathSegment[], depth: number) => {
    if (seen.has(schema) || depth > 8) return;
    seen.add(schema);
    flat.type ??= typeOf(schema);
    if (!flat.enum && Array.isArray(schema.enum)) flat.enum = schema.enum;
    if (isObj(schema.properties)) {
      for (const [name, p] of Object.entries(schema.properties))
        if (!flat.properties.has(name))
          flat.properties.set(name, { value: p, path: [...at, 'properties', name] });
    }
    if (Array.isArray(schema.required))
      for (const n of schema.required) if (typeof n === 'string') flat.required.add(n);
    if (!flat.items && schema.items !== undefined && !Array.isArray(schema.items))
      flat.items = { value: schema.items, path: [...at, 'items'] };
    if (Array.isArray(schema.allOf)) {
      schema.allOf.forEach((part, i) => {
        const rp = pointers.resolve(part, [...at, 'allOf', i]);
        if (isObj(rp.value) && !rp.unresolved) merge(rp.value, rp.path, depth + 1);
      });
    }
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (!Array.isArray(list) || flat.union) continue;
      // `anyOf: [{$ref: X}, {type: 'null'}]` (or a single branch) is X, nullable: not a union
      const branches = list
        .map((part, i) => ({ value: part, path: [...at, key, i] as PathSegment[] }))
        .filter((x) => !isNullSchema(pointers.deref(x.value)));
      if (branches.length === 1) {
        const rp = pointers.resolve(branches[0]!.value, branches[0]!.path);
        if (isObj(rp.value) && !rp.unresolved) merge(rp.value, rp.path, depth + 1);
      } else if (branches.length > 1) flat.union = branches;
    }
  };
  merge(r.value, r.path, 0);
  if (!flat.type && flat.properties.size > 0) flat.type = 'object';
  return flat;
}

function isNullSchema(schema: unknown): boolean {
  return (
    isObj(schema) &&
    (schema.type === 'null' ||
      (Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null))
  );
}

/**
 * Pairs base and head branches of a union: first those that are the same `$ref`, then by shape (same type,
 * most property names in common). Each branch is used at most once; branches with nothing in common stay
 * unpaired.
 */
function matchBranches(o: SchemaDiffOptions, bs: SchemaAt[], hs: SchemaAt[]): [SchemaAt, SchemaAt][] {
  const pairs: [SchemaAt, SchemaAt][] = [];
  const usedB = new Set<SchemaAt>();
  const usedH = new Set<SchemaAt>();
  const refOf = (x: SchemaAt) =>
    isObj(x.value) && typeof x.value.$ref === 'string' ? x.value.$ref : undefined;
  const text = (x: SchemaAt) => JSON.stringify(x.value);
  for (const bb of bs) {
    const ref = refOf(bb);
    const same = text(bb);
    const hb = ref
      ? hs.find((x) => !usedH.has(x) && refOf(x) === ref)
      : hs.find((x) => !usedH.has(x) && refOf(x) === undefined && text(x) === same);
    if (hb) {
      pairs.push([bb, hb]);
      usedB.add(bb);
      usedH.add(hb);
    }
  }
  const shape = (pointers: PointerIndex, x: SchemaAt) => flatten(pointers, x.value, x.path);
  const scored: { bb: SchemaAt; hb: SchemaAt; score: number }[] = [];
  for (const bb of bs) {
    if (usedB.has(bb)) continue;
    const bf = shape(o.base.pointers, bb);
    if (!bf) continue;
    for (const hb of hs) {
      if (usedH.has(hb)) continue;
      const hf = shape(o.head.pointers, hb);
      if (!hf || (bf.type && hf.type && bf.type !== hf.type)) continue;
      let common = 0;
      for (const name of bf.properties.keys()) if (hf.properties.has(name)) common++;
      const total = bf.properties.size + hf.properties.size;
      // same type and no properties on either side (two strings) or at least half the names shared
      const score = total === 0 ? (bf.type && bf.type === hf.type ? 1 : 0) : (2 * common) / total;
      if (score >= 0.5) scored.push({ bb, hb, score });
    }
  }
  scored.sort((x, y) => y.score - x.score);
  for (const { bb, hb } of scored) {
    if (usedB.has(bb) || usedH.has(hb)) continue;
    pairs.push([bb, hb]);
    usedB.add(bb);
    usedH.add(hb);
  }
  return pairs.sort((x, y) => bs.indexOf(x[0]) - bs.indexOf(y[0]));
}

function describeBranch(pointers: PointerIndex, x: SchemaAt): string {
  if (isObj(x.value) && typeof x.value.$ref === 'string')
    return x.value.$ref.slice(x.value.$ref.lastIndexOf('/') + 1);
  const f = flatten(pointers, x.value, x.path);
  return f?.type ?? 'schema';
}

function typeOf(schema: Obj): string | undefined {
  let type: string | undefined;
  if (typeof schema.type === 'string') type = schema.type;
  else if (Array.isArray(schema.type)) {
    const kinds = schema.type.filter((t): t is string => typeof t === 'string' && t !== 'null').sort();
    type = kinds.length ? kinds.join('|') : undefined;
  }
  if (!type) return undefined;
  return typeof schema.format === 'string' ? `${type}(${schema.format})` : type;
}

function missing(from: unknown[], within: unknown[]): unknown[] {
  const keys = new Set(within.map((v) => JSON.stringify(v)));
  return from.filter((v) => !keys.has(JSON.stringify(v)));
}

function show(values: unknown[]): string {
  const shown = values.slice(0, 5).map((v) => JSON.stringify(v));
  return values.length > 5 ? `${shown.join(', ')} and ${values.length - 5} more` : shown.join(', ');
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
