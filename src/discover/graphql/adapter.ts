/**
 * GraphQL SDL adapter. Uses graphql-js `parse` (syntax only, not buildSchema) so a schema split across files,
 * or one that references types defined elsewhere, still yields everything it declares.
 */
import type {
  ConstDirectiveNode,
  DefinitionNode,
  DocumentNode,
  FieldDefinitionNode,
  InputValueDefinitionNode,
  Location,
  TypeNode,
} from 'graphql';
import type { Api, ApiType, Diagnostic, Operation, Source } from '../../model/schema.js';
import { lazyRequire } from '../lazy-require.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';
import { fieldPagination } from './shapes.js';

const graphql = lazyRequire<typeof import('graphql')>('graphql');
/** graphql's Kind enum, set on the first parse; the helpers below only run after one. */
let Kind: typeof import('graphql').Kind;

type Field = ApiType['fields'][number];

export const graphqlAdapter: Adapter = {
  kind: 'graphql',
  claims: (path) => /\.(graphqls?|gql)$/i.test(path),
  parse: parseGraphqlFile,
};

const ROOT_METHODS = { query: 'QUERY', mutation: 'MUTATION', subscription: 'SUBSCRIPTION' } as const;

export function parseGraphqlFile(file: SourceFile): Fragment {
  const path = file.path;
  let doc: DocumentNode;
  Kind = graphql().Kind;
  try {
    doc = graphql().parse(file.text, { noLocation: false });
  } catch (err) {
    return { diagnostics: [syntaxDiagnostic(path, err)] };
  }
  const at = (loc: Location | undefined): Source =>
    loc ? { file: path, line: loc.startToken.line, column: loc.startToken.column } : { file: path, line: 1 };
  const apiId = `graphql:${path}`;
  const diagnostics: Diagnostic[] = [];
  const types = new Map<string, ApiType>();
  const roots: Record<keyof typeof ROOT_METHODS, string> = {
    query: 'Query',
    mutation: 'Mutation',
    subscription: 'Subscription',
  };
  let schemaLoc: Location | undefined;
  let schemaDescription: string | undefined;

  for (const def of doc.definitions) {
    if (def.kind === Kind.SCHEMA_DEFINITION || def.kind === Kind.SCHEMA_EXTENSION) {
      schemaLoc ??= def.loc;
      if (def.kind === Kind.SCHEMA_DEFINITION) schemaDescription = def.description?.value;
      for (const op of def.operationTypes ?? []) roots[op.operation] = op.type.name.value;
      continue;
    }
    const converted = convertDefinition(def, apiId, at);
    if (!converted) {
      if (def.kind === Kind.OPERATION_DEFINITION || def.kind === Kind.FRAGMENT_DEFINITION) {
        diagnostics.push({
          severity: 'info',
          file: path,
          line: def.loc?.startToken.line,
          message: 'executable GraphQL document (query/fragment), not a schema: ignored',
          origin: 'graphql',
        });
      }
      continue;
    }
    const existing = types.get(converted.name);
    if (existing) existing.fields.push(...converted.fields);
    else types.set(converted.name, converted);
  }

  const apiTypes = [...types.values()];
  for (const type of apiTypes) {
    for (const field of type.fields) {
      const pagination = fieldPagination(field, types);
      if (pagination) field.pagination = pagination;
    }
  }

  const operations: Operation[] = [];
  for (const [kind, typeName] of Object.entries(roots) as [keyof typeof ROOT_METHODS, string][]) {
    const rootType = types.get(typeName);
    if (!rootType) continue;
    const method = ROOT_METHODS[kind];
    const fieldNodes = rootFieldNodes(doc, typeName);
    for (const field of rootType.fields) {
      const node = fieldNodes.get(field.name);
      const inputArg = node?.arguments?.find((a) => a.name.value === 'input');
      operations.push({
        id: `${apiId}#${method} ${field.name}`,
        apiId,
        method,
        path: field.name,
        operationId: field.name,
        summary: firstLine(node?.description?.value),
        tags: [],
        deprecated: isDeprecated(node?.directives) || undefined,
        parameters: (node?.arguments ?? []).map((a) => ({
          name: a.name.value,
          in: 'argument',
          required: a.type.kind === Kind.NON_NULL_TYPE && !a.defaultValue,
          type: printType(a.type),
        })),
        responses: [],
        requestType: inputArg ? namedType(inputArg.type) : undefined,
        responseType: field.type,
        pagination: field.pagination,
        source: field.source ?? rootType.source,
      });
    }
  }

  const firstDef = doc.definitions[0];
  const api: Api = {
    id: apiId,
    kind: 'graphql',
    title: firstLine(schemaDescription) ?? path.slice(path.lastIndexOf('/') + 1),
    specVersion: 'graphql-sdl',
    file: path,
    servers: [],
    securitySchemes: [],
    source: at(schemaLoc ?? firstDef?.loc),
  };
  return { apis: [api], operations, apiTypes, diagnostics };
}

function convertDefinition(
  def: DefinitionNode,
  apiId: string,
  at: (loc: Location | undefined) => Source,
): ApiType | undefined {
  const base = (name: string, kind: ApiType['kind'], fields: Field[]): ApiType => ({
    id: `${apiId}#${name}`,
    apiId,
    name,
    kind,
    fields,
    reserved: [],
    source: at('name' in def && def.name ? def.name.loc : def.loc),
  });
  switch (def.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION:
      return base(
        def.name.value,
        'object',
        (def.fields ?? []).map((f) => convertField(f, at)),
      );
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_EXTENSION:
      return base(
        def.name.value,
        'interface',
        (def.fields ?? []).map((f) => convertField(f, at)),
      );
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
      return base(
        def.name.value,
        'input',
        (def.fields ?? []).map((f) => convertInputValue(f, at)),
      );
    case Kind.UNION_TYPE_DEFINITION:
    case Kind.UNION_TYPE_EXTENSION:
      return base(
        def.name.value,
        'union',
        (def.types ?? []).map((t) => ({ name: t.name.value, type: 'union-member', source: at(t.loc) })),
      );
    case Kind.ENUM_TYPE_DEFINITION:
    case Kind.ENUM_TYPE_EXTENSION:
      return base(
        def.name.value,
        'enum',
        (def.values ?? []).map((v) => ({ name: v.name.value, type: 'enum-value', source: at(v.name.loc) })),
      );
    case Kind.SCALAR_TYPE_DEFINITION:
    case Kind.SCALAR_TYPE_EXTENSION:
      return base(def.name.value, 'scalar', []);
    default:
      return undefined;
  }
}

function convertField(f: FieldDefinitionNode, at: (loc: Location | undefined) => Source): Field {
  return {
    name: f.name.value,
    type: printType(f.type),
    repeated: isList(f.type) || undefined,
    nullable: f.type.kind !== Kind.NON_NULL_TYPE,
    arguments: (f.arguments ?? []).map((a) => `${a.name.value}: ${printType(a.type)}`),
    source: at(f.name.loc),
  };
}

function convertInputValue(f: InputValueDefinitionNode, at: (loc: Location | undefined) => Source): Field {
  return {
    name: f.name.value,
    type: printType(f.type),
    repeated: isList(f.type) || undefined,
    nullable: f.type.kind !== Kind.NON_NULL_TYPE,
    source: at(f.name.loc),
  };
}

function rootFieldNodes(doc: DocumentNode, typeName: string): Map<string, FieldDefinitionNode> {
  const out = new Map<string, FieldDefinitionNode>();
  for (const def of doc.definitions) {
    if (
      (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      def.name.value === typeName
    ) {
      for (const f of def.fields ?? []) out.set(f.name.value, f);
    }
  }
  return out;
}

export function printType(t: TypeNode): string {
  if (t.kind === Kind.NON_NULL_TYPE) return `${printType(t.type)}!`;
  if (t.kind === Kind.LIST_TYPE) return `[${printType(t.type)}]`;
  return t.name.value;
}

function namedType(t: TypeNode): string {
  return t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type);
}

function isList(t: TypeNode): boolean {
  if (t.kind === Kind.NON_NULL_TYPE) return isList(t.type);
  return t.kind === Kind.LIST_TYPE;
}

function isDeprecated(directives: readonly ConstDirectiveNode[] | undefined): boolean {
  return directives?.some((d) => d.name.value === 'deprecated') ?? false;
}

function firstLine(s: string | undefined): string | undefined {
  const line = s?.split('\n').find((l) => l.trim().length > 0);
  return line?.trim() || undefined;
}

function syntaxDiagnostic(file: string, err: unknown): Diagnostic {
  const { GraphQLError } = graphql();
  const loc = err instanceof GraphQLError ? err.locations?.[0] : undefined;
  const message = err instanceof GraphQLError ? err.message : String((err as Error)?.message ?? err);
  return {
    severity: 'error',
    file,
    line: loc?.line,
    column: loc?.column,
    message: `invalid GraphQL SDL: ${message}`,
    origin: 'graphql',
  };
}
