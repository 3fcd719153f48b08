/**
 * One walk over an OpenAPI document along its type tree (openapi-types-*.ts): every object is checked against the
 * type the tree expects at that place (unknown fields, missing required fields, values of the wrong kind or outside
 * an enum). Example, default and extension values are never entered; Reference Objects are checked as references
 * and not followed (the target is checked where it is written). The walk keeps one shared path stack and copies it
 * only when it records a problem, and it stops descending below `maxDepth` so a hostile document cannot exhaust the
 * call stack.
 */
import type { PathSegment } from '../../../discover/parse/structured.js';
import type { Alt, Kind, NodeType, TypeTree, Variant } from './openapi-types.js';

export type ProblemCode =
  | 'unknown-field'
  | 'typo'
  | 'missing'
  | 'one-of'
  | 'wrong-kind'
  | 'bad-value'
  | 'too-deep';

export interface StructureProblem {
  code: ProblemCode;
  /** JSON path of the offending key or value (of the object, for missing fields). */
  path: PathSegment[];
  /** The object type the problem is in (`Operation`), or that holds the field with the bad value. */
  type: string;
  field: string;
  /** The expected kind, for wrong kinds and bad values: `an array of strings`, `one of path, query`. */
  expected?: string;
  /** What was found: `a string`, `"date"`. */
  actual?: string;
  suggestion?: string;
  hint?: string;
  severity: 'medium' | 'low';
}

export interface WalkOptions {
  /** The data may share or cycle nodes (YAML aliases): visit each object once. */
  shared?: boolean;
  maxDepth?: number;
}

export const MAX_DEPTH = 512;

export function checkStructure(data: unknown, tree: TypeTree, options: WalkOptions = {}): StructureProblem[] {
  const maxDepth = options.maxDepth ?? MAX_DEPTH;
  const seen = options.shared ? new Set<object>() : undefined;
  const problems: StructureProblem[] = [];
  const path: PathSegment[] = [];
  let tooDeep = false;

  const visit = (value: unknown, kind: Kind, field: string, owner: string, kindHints?: NodeType): void => {
    // the common case first: an object where an object type is expected (and not a $ref where one may be)
    if (
      kind.node !== undefined &&
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      (kind.ref !== true || (value as Record<string, unknown>).$ref === undefined)
    ) {
      visitNode(value as Record<string, unknown>, kind.node);
      return;
    }
    const alt = choose(kind, value);
    if (!alt) {
      const hint = kindHints?.kindHints.get(field);
      problems.push({
        code: 'wrong-kind',
        path: path.slice(),
        type: owner,
        field,
        expected: kind.label,
        actual: describe(value),
        hint,
        severity: scalarCoercion(kind, value) ? 'low' : 'medium',
      });
      return;
    }
    switch (alt.t) {
      case 'enum': {
        if (alt.values.has(value as string)) return;
        problems.push({
          code: 'bad-value',
          path: path.slice(),
          type: owner,
          field,
          expected: alt.label,
          actual: JSON.stringify(value),
          suggestion: closest(value as string, alt.list),
          hint: kindHints?.kindHints.get(`${field}=${value as string}`),
          severity: 'medium',
        });
        return;
      }
      case 'ref': {
        const ref = (value as Record<string, unknown>).$ref;
        if (typeof ref !== 'string') {
          path.push('$ref');
          problems.push({
            code: 'wrong-kind',
            path: path.slice(),
            type: 'Reference',
            field: '$ref',
            expected: 'a string',
            actual: describe(ref),
            severity: 'medium',
          });
          path.pop();
        }
        return;
      }
      case 'array': {
        const list = value as unknown[];
        const of = alt.of;
        if (of.scalar === 'any' || deep()) return;
        for (let i = 0; i < list.length; i++) {
          if (of.scalar !== undefined && isScalar(of.scalar, list[i])) continue;
          path.push(i);
          visit(list[i], alt.of, field, owner, kindHints);
          path.pop();
        }
        return;
      }
      case 'map': {
        const map = value as Record<string, unknown>;
        if (alt.of.scalar === 'any' || deep()) return;
        for (const key in map) {
          path.push(key);
          visit(map[key], alt.of, field, owner);
          path.pop();
        }
        return;
      }
      case 'node':
        visitNode(value as Record<string, unknown>, alt.node);
        return;
      default:
        return;
    }
  };

  const deep = (): boolean => {
    if (path.length < maxDepth) return false;
    if (!tooDeep) {
      tooDeep = true;
      problems.push({
        code: 'too-deep',
        path: path.slice(),
        type: '',
        field: '',
        severity: 'low',
      });
    }
    return true;
  };

  const visitNode = (obj: Record<string, unknown>, node: NodeType): void => {
    if (seen) {
      if (seen.has(obj)) return;
      seen.add(obj);
    }
    if (path.length >= maxDepth && deep()) return;
    let variant: Variant | undefined;
    if (node.variants) {
      const selector = obj[node.variants.field];
      if (typeof selector === 'string') variant = node.variants.cases.get(selector);
      variant ??= node.variants.any;
    }
    for (const key in obj) {
      let kind = variant?.fields.get(key) ?? node.fields.get(key);
      if (!kind) {
        if (node.extensions && key.startsWith('x-')) continue;
        const patterns = node.patterns;
        for (let i = 0; i < patterns.length; i++) {
          if (patterns[i]![0].test(key)) {
            kind = patterns[i]![1];
            break;
          }
        }
        kind ??= node.additional;
        if (!kind) {
          unknownField(node, variant, key);
          continue;
        }
      }
      const value = obj[key];
      if (kind.scalar !== undefined ? isScalar(kind.scalar, value) : kind.enumValues?.has(value as string))
        continue;
      path.push(key);
      if (
        kind.node !== undefined &&
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        (kind.ref !== true || (value as Record<string, unknown>).$ref === undefined)
      )
        visitNode(value as Record<string, unknown>, kind.node);
      else visit(value, kind, key, node.name, node);
      path.pop();
    }
    const required = node.required;
    for (let i = 0; i < required.length; i++)
      if (obj[required[i]!] === undefined) missing(node, required[i]!);
    if (variant) {
      const more = variant.required;
      for (let i = 0; i < more.length; i++) if (obj[more[i]!] === undefined) missing(node, more[i]!);
    }
    if (node.oneOfFields) {
      let present = 0;
      for (let i = 0; i < node.oneOfFields.length; i++)
        if (obj[node.oneOfFields[i]!] !== undefined) present++;
      if (present !== 1) {
        problems.push({
          code: 'one-of',
          path: path.slice(),
          type: node.name,
          field: node.oneOfFields.join('|'),
          actual: present === 0 ? 'neither' : 'both',
          severity: 'medium',
        });
      }
    }
  };

  const missing = (node: NodeType, field: string): void => {
    problems.push({ code: 'missing', path: path.slice(), type: node.name, field, severity: 'medium' });
  };

  const unknownField = (node: NodeType, variant: Variant | undefined, key: string): void => {
    const at = [...path, key];
    let hint = node.hints.get(key);
    if (hint) {
      problems.push({
        code: 'unknown-field',
        path: at,
        type: node.name,
        field: key,
        hint,
        // an open type (3.1 Schema) reports only what silently changes meaning
        severity: node.open ? 'medium' : 'low',
      });
      return;
    }
    const allowed = [...node.fields.keys(), ...(variant ? variant.fields.keys() : [])];
    const suggestion = closest(key, allowed);
    if (suggestion) {
      problems.push({ code: 'typo', path: at, type: node.name, field: key, suggestion, severity: 'medium' });
      return;
    }
    if (node.open) return;
    if (node.variants && variant) {
      for (const [value, other] of node.variants.cases) {
        if (variant === node.variants.any) break;
        if (other !== variant && other.fields.has(key)) {
          hint = `\`${key}\` applies to \`${node.variants.field}: ${value}\``;
          break;
        }
      }
    }
    problems.push({ code: 'unknown-field', path: at, type: node.name, field: key, hint, severity: 'low' });
  };

  if (tree.root && isPlainObject(data)) visitNode(data, tree.root);
  return problems;
}

function isScalar(scalar: NonNullable<Kind['scalar']>, value: unknown): boolean {
  switch (scalar) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    default:
      return true;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The alternative of `kind` that `value` is an instance of; a `$ref` object picks the Reference alternative. */
function choose(kind: Kind, value: unknown): Alt | undefined {
  const object = isPlainObject(value);
  const alts = kind.alts;
  if (object && value.$ref !== undefined) {
    for (let i = 0; i < alts.length; i++) if (alts[i]!.t === 'ref') return alts[i];
  }
  for (let i = 0; i < alts.length; i++) {
    const alt = alts[i]!;
    switch (alt.t) {
      case 'any':
        return alt;
      case 'string':
      case 'enum':
        if (typeof value === 'string') return alt;
        break;
      case 'boolean':
        if (typeof value === 'boolean') return alt;
        break;
      case 'number':
        if (typeof value === 'number') return alt;
        break;
      case 'integer':
        if (Number.isInteger(value)) return alt;
        break;
      case 'array':
        if (Array.isArray(value)) return alt;
        break;
      case 'object':
      case 'map':
      case 'node':
        if (object) return alt;
        break;
      default:
        break;
    }
  }
  return undefined;
}

/** A number or boolean where a string is expected: YAML read `1.0` or `yes` unquoted. */
function scalarCoercion(kind: Kind, value: unknown): boolean {
  return (
    (typeof value === 'number' || typeof value === 'boolean') &&
    kind.alts.some((a) => a.t === 'string' || a.t === 'enum')
  );
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `\`${value}\``;
    case 'object':
      return 'an object';
    default:
      return 'nothing';
  }
}

/**
 * The allowed name `key` is most likely a slip for: same letters in another case, or within a small edit distance
 * (one edit for names up to 5 characters, two beyond), with a unique best candidate.
 */
export function closest(key: string, allowed: Iterable<string>): string | undefined {
  const lower = key.toLowerCase();
  const budget = key.length <= 3 ? 0 : key.length <= 5 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const name of allowed) {
    if (name === key) continue;
    const candidate = name.toLowerCase();
    const d = candidate === lower ? 0 : distance(lower, candidate, budget);
    if (d > budget) continue;
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return tie ? undefined : best;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up above `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1);
    row[0] = i;
    rows.push(row);
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
  }
  return rows[a.length]![b.length]!;
}
