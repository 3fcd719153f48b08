/** Lookups shared by the GraphQL rules. */
import type { ApiType, Operation, SystemModel } from '../../model/schema.js';

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
