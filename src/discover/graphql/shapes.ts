/**
 * Pagination shapes in GraphQL schemas: Relay connections (GraphQL Cursor Connections Specification: a
 * `*Connection` type with `edges` and `pageInfo`), bare cursor arguments and offset arguments.
 */
import type { ApiType } from '../../model/schema.js';

type Field = ApiType['fields'][number];
export type Pagination = NonNullable<Field['pagination']>;

/** Named type of a printed GraphQL type: `[Repo!]!` → `Repo`. */
export function baseTypeName(printed: string): string {
  return printed.replace(/[[\]!]/g, '');
}

export function isConnectionShape(type: ApiType | undefined): boolean {
  if (!type || (type.kind !== 'object' && type.kind !== 'interface')) return false;
  const names = new Set(type.fields.map((f) => f.name));
  return (
    type.name.endsWith('Connection') && names.has('pageInfo') && (names.has('edges') || names.has('nodes'))
  );
}

function argNames(field: Field): Set<string> {
  return new Set((field.arguments ?? []).map((a) => a.slice(0, a.indexOf(':')).trim()));
}

export function fieldPagination(field: Field, types: Map<string, ApiType>): Pagination | undefined {
  const target = types.get(baseTypeName(field.type));
  if (isConnectionShape(target)) return 'connection';
  if (!field.repeated) {
    // a Connection declared elsewhere (another file) is still recognisable by name and args
    if (baseTypeName(field.type).endsWith('Connection') && hasCursorArgs(argNames(field)))
      return 'connection';
    return undefined;
  }
  const args = argNames(field);
  if (hasCursorArgs(args)) return 'cursor';
  if (
    args.has('limit') ||
    args.has('offset') ||
    args.has('page') ||
    args.has('pageSize') ||
    args.has('skip')
  ) {
    return 'offset';
  }
  return undefined;
}

function hasCursorArgs(args: Set<string>): boolean {
  return (args.has('first') && args.has('after')) || (args.has('last') && args.has('before'));
}
