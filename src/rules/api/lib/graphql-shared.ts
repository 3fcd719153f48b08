/** Lookups shared by the GraphQL rules. */
import type { ApiType, Operation, SystemModel } from '../../../model/schema.js';

export const BUILTIN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

export function graphqlTypes(model: SystemModel): Map<string, ApiType> {
  const out = new Map<string, ApiType>();
  for (const t of model.apiTypes) if (t.apiId.startsWith('graphql:') && !out.has(t.name)) out.set(t.name, t);
  return out;
}

export function graphqlOperations(model: SystemModel, method?: string): Operation[] {
  return model.operations.filter(
    (o) => o.apiId.startsWith('graphql:') && (method ? o.method === method : true),
  );
}

/** `[Repo!]!` → `Repo`. */
export function namedType(printed: string): string {
  return printed.replace(/[[\]!]/g, '');
}

export function isListType(printed: string): boolean {
  return printed.startsWith('[');
}

/** True when the named type is an object, interface or union (not a scalar or enum) — or unknown (defined elsewhere). */
export function isCompositeType(name: string, types: Map<string, ApiType>): boolean {
  if (BUILTIN_SCALARS.has(name)) return false;
  const t = types.get(name);
  if (!t) return false;
  return t.kind === 'object' || t.kind === 'interface' || t.kind === 'union';
}

/** Keys `file:line` of every root field (Query/Mutation/Subscription), to tell root fields from nested ones. */
export function rootFieldKeys(model: SystemModel): Set<string> {
  return new Set(graphqlOperations(model).map((o) => `${o.source.file}:${o.source.line}`));
}

/** An entity (has an `id`), as opposed to a value object: lists of entities grow with the data. */
export function isEntityType(name: string, types: Map<string, ApiType>, depth = 0): boolean {
  const t = types.get(name);
  if (!t || depth > 2) return false;
  if (t.kind === 'union') return t.fields.some((m) => isEntityType(m.name, types, depth + 1));
  return t.fields.some((f) => f.name === 'id');
}

/** How many list fields in the schema are Relay connections: a schema that uses them knows the pattern. */
export function connectionFieldCount(types: Map<string, ApiType>): number {
  let n = 0;
  for (const t of types.values()) for (const f of t.fields) if (f.pagination === 'connection') n++;
  return n;
}

/** A field whose result is bounded by a required list argument (`nodes(ids: [ID!]!)`). */
export function boundedByListArgument(parameters: { type?: string; required: boolean }[]): boolean {
  return parameters.some((p) => p.required && (p.type ?? '').startsWith('['));
}

const PAGE_ARGUMENTS = new Set([
  'limit',
  'offset',
  'page',
  'pageSize',
  'perPage',
  'skip',
  'first',
  'after',
  'cursor',
]);

/**
 * Page wrappers of the schema's own pagination convention: an object returned (not as a list) by a field that
 * takes paging arguments (`addOns(limit: Int, page: Int): AddOnCollection!` whose `collection: [AddOn!]!` is
 * the page). Relay connections are one such convention; `*Collection { collection, metadata }` is another.
 */
export function pageWrapperTypes(types: Map<string, ApiType>): Set<string> {
  const out = new Set<string>();
  for (const t of types.values()) {
    for (const f of t.fields) {
      if (isListType(f.type)) continue;
      const args = (f.arguments ?? []).map((a) => a.slice(0, a.indexOf(':')).trim());
      if (!args.some((a) => PAGE_ARGUMENTS.has(a))) continue;
      const target = types.get(namedType(f.type));
      if (
        target &&
        (target.kind === 'object' || target.kind === 'interface') &&
        target.fields.some((x) => isListType(x.type))
      )
        out.add(target.name);
    }
  }
  // a wrapper of the same shape returned without paging arguments still follows the convention
  const shapes = new Set([...out].map((n) => shapeKey(types.get(n) as ApiType)));
  if (out.size >= 3) for (const t of types.values()) if (shapes.has(shapeKey(t))) out.add(t.name);
  return out;
}

function shapeKey(t: ApiType): string {
  return `${t.kind}:${t.fields
    .map((f) => (isListType(f.type) ? `${f.name}[]` : `${f.name}:${namedType(f.type)}`))
    .sort()
    .join(',')}`;
}

/** How many fields return a page of the schema's own (non-Relay) pagination convention. */
export function pageWrapperFieldCount(types: Map<string, ApiType>, wrappers: Set<string>): number {
  let n = 0;
  for (const t of types.values())
    for (const f of t.fields) if (!isListType(f.type) && wrappers.has(namedType(f.type))) n++;
  return n;
}
