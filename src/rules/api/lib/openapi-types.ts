/**
 * The small language the OpenAPI type trees (openapi-types-oas2.ts, openapi-types-oas3.ts) are written in, and
 * its compiler. A tree is data: one entry per object type of the OpenAPI object model, mapping each allowed
 * field to the kind of value it takes. Kinds are short strings, compiled once into linked `Kind` objects:
 *
 *   string | boolean | number | integer   a scalar of that JSON type
 *   any                                   anything (example/default values, extension values): never descended into
 *   object                                any mapping, contents unchecked
 *   =a,b,c                                a string, one of the listed values
 *   [K]                                   an array of K
 *   {K}                                   a mapping of arbitrary names to K
 *   Name                                  an object of the type `Name` of the same tree
 *   ref                                   a Reference Object (`{$ref: ...}`): checked as a reference, never followed
 *   K|K                                   any of the alternatives (`Schema|ref`, `boolean|Schema`)
 */

export interface Kind {
  /** What a message calls the expected value: `a string`, `a Schema object`, `an array of strings`. */
  label: string;
  alts: Alt[];
  /** Set when the kind is one scalar (or `any`): the walker checks it inline, without a call or a path entry. */
  scalar?: 'string' | 'boolean' | 'number' | 'integer' | 'any';
  /** Set when the kind is one enum: the walker checks a matching string inline. */
  enumValues?: ReadonlySet<string>;
  /** The object type among the alternatives, and whether a Reference Object is one too: the walker's fast path. */
  node?: NodeType;
  ref?: boolean;
}

export type Alt =
  | { t: 'string' | 'boolean' | 'number' | 'integer' | 'any' | 'object' | 'ref'; label: string }
  | { t: 'enum'; values: ReadonlySet<string>; list: string[]; label: string }
  | { t: 'array' | 'map'; of: Kind; label: string }
  | { t: 'node'; node: NodeType; label: string };

export interface NodeType {
  name: string;
  fields: ReadonlyMap<string, Kind>;
  required: readonly string[];
  /** `^x-` keys allowed (the spec's "This object MAY be extended with Specification Extensions"). */
  extensions: boolean;
  /** Keys matching a pattern (`/pets` in Paths, `200` in Responses). */
  patterns: readonly (readonly [RegExp, Kind])[];
  /** Any other key maps to this kind (Security Requirement, Callback). */
  additional?: Kind;
  /** Unknown keys are allowed (OpenAPI 3.1 Schema: JSON Schema 2020-12 vocabularies); only typos are reported. */
  open: boolean;
  /** The value of `field` selects extra fields and required fields (Parameter by `in`, Security Scheme by `type`). */
  variants?: { field: string; cases: ReadonlyMap<string, Variant>; any: Variant };
  /** Exactly one of these fields must be present (a Parameter's `schema` or `content`). */
  oneOfFields?: readonly string[];
  /** Why a known-wrong unknown field is wrong (`nullable` in a 3.1 Schema). */
  hints: ReadonlyMap<string, string>;
  /** Extra explanation when a field's value has the wrong kind (`type`), or a wrong enum value (`in=body`). */
  kindHints: ReadonlyMap<string, string>;
}

export interface Variant {
  fields: ReadonlyMap<string, Kind>;
  required: readonly string[];
}

export interface TypeDef {
  fields?: Record<string, string>;
  required?: string[];
  /** Set to false where the spec does not allow `^x-` extensions. */
  extensions?: false;
  patterns?: [RegExp, string][];
  additional?: string;
  open?: true;
  variants?: {
    field: string;
    cases: Record<string, { fields?: Record<string, string>; required?: string[] }>;
  };
  oneOfFields?: string[];
  hints?: Record<string, string>;
  kindHints?: Record<string, string>;
}

export interface TypeTree {
  /** Which specification the tree describes, for messages: `OpenAPI 3.0`. */
  spec: string;
  root: NodeType;
}

/** Compile a tree of type definitions. Throws on a malformed definition: the trees are constants of this module set. */
export function compileTree(spec: string, rootName: string, defs: Record<string, TypeDef>): TypeTree {
  const nodes = new Map<string, NodeType>();
  const kinds = new Map<string, Kind>();
  for (const name of Object.keys(defs)) {
    nodes.set(name, {
      name,
      fields: new Map(),
      required: [],
      extensions: true,
      patterns: [],
      open: false,
      hints: new Map(),
      kindHints: new Map(),
    });
  }
  const kind = (src: string): Kind => {
    let k = kinds.get(src);
    if (k) return k;
    const alts = splitTop(src).map((part) => alt(part));
    k = { label: alts.map((a) => a.label).join(' or '), alts };
    const only = alts.length === 1 ? alts[0]! : undefined;
    if (only?.t === 'string' || only?.t === 'boolean' || only?.t === 'number' || only?.t === 'integer')
      k.scalar = only.t;
    else if (only?.t === 'any') k.scalar = 'any';
    else if (only?.t === 'enum') k.enumValues = only.values;
    for (const a of alts) {
      if (a.t === 'node') k.node = a.node;
      else if (a.t === 'ref') k.ref = true;
    }
    kinds.set(src, k);
    return k;
  };
  const alt = (src: string): Alt => {
    if (src.startsWith('[') && src.endsWith(']')) {
      const of = kind(src.slice(1, -1));
      return { t: 'array', of, label: of.scalar === 'any' ? 'an array' : `an array of ${plainLabel(of)}` };
    }
    if (src.startsWith('{') && src.endsWith('}')) {
      const of = kind(src.slice(1, -1));
      return { t: 'map', of, label: of.scalar === 'any' ? 'a mapping' : `a map of ${plainLabel(of)}` };
    }
    if (src.startsWith('=')) {
      const list = src.slice(1).split(',');
      return { t: 'enum', values: new Set(list), list, label: `one of ${list.join(', ')}` };
    }
    switch (src) {
      case 'string':
      case 'boolean':
      case 'number':
      case 'integer':
      case 'object':
        return { t: src, label: `${src === 'integer' || src === 'object' ? 'an' : 'a'} ${src}` };
      case 'any':
        return { t: 'any', label: 'any value' };
      case 'ref':
        return { t: 'ref', label: 'a $ref' };
    }
    const node = nodes.get(src);
    if (!node) throw new Error(`${spec} type tree: unknown type ${src}`);
    return { t: 'node', node, label: `${/^[AEIOU]/.test(src) ? 'an' : 'a'} ${src} object` };
  };
  const fieldMap = (fields: Record<string, string> | undefined): Map<string, Kind> =>
    new Map(Object.entries(fields ?? {}).map(([k, v]) => [k, kind(v)]));
  for (const [name, def] of Object.entries(defs)) {
    const node = nodes.get(name)!;
    Object.assign(node, {
      fields: fieldMap(def.fields),
      required: def.required ?? [],
      extensions: def.extensions !== false,
      patterns: (def.patterns ?? []).map(([re, k]) => [re, kind(k)] as const),
      additional: def.additional ? kind(def.additional) : undefined,
      open: def.open === true,
      variants: def.variants && {
        field: def.variants.field,
        cases: new Map(
          Object.entries(def.variants.cases).map(([value, c]) => [
            value,
            { fields: fieldMap(c.fields), required: c.required ?? [] },
          ]),
        ),
        // when the selecting value is missing or wrong (reported itself), any case's fields are accepted
        any: {
          fields: fieldMap(
            Object.assign({}, ...Object.values(def.variants.cases).map((c) => c.fields ?? {})),
          ),
          required: [],
        },
      },
      oneOfFields: def.oneOfFields,
      hints: new Map(Object.entries(def.hints ?? {})),
      kindHints: new Map(Object.entries(def.kindHints ?? {})),
    } satisfies Partial<NodeType>);
  }
  const root = nodes.get(rootName);
  if (!root) throw new Error(`${spec} type tree: no root ${rootName}`);
  return { spec, root };
}

/** `Schema` rather than `a Schema object`, inside array/map labels. */
function plainLabel(k: Kind): string {
  return k.alts
    .map((a) =>
      a.t === 'node'
        ? `${a.node.name} objects`
        : a.t === 'ref'
          ? '$refs'
          : a.t === 'string' || a.t === 'boolean' || a.t === 'number' || a.t === 'integer'
            ? `${a.t}s`
            : a.label,
    )
    .join(' or ');
}

/** Split `A|[B|C]|{D}` on the top-level bars only. */
function splitTop(src: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(src.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(src.slice(start));
  return parts;
}
