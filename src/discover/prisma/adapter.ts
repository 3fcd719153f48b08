/**
 * Prisma schema files via @mrleebo/prisma-ast (a Chevrotain grammar of the Prisma schema language).
 * Models become tables (dialect 'prisma', `engine` from the datasource provider), scalar fields become
 * columns typed as the SQL type Prisma maps them to on that engine (`@db.*` native types win), relation
 * fields with `@relation(fields, references)` become foreign keys.
 */
import type {
  Field,
  PrismaParser,
  Schema,
  VisitorClassFactory,
} from '@mrleebo/prisma-ast/dist/prisma-ast.esm.js';
import type { Column, DatastoreEngine, Diagnostic, Source, Table } from '../../model/schema.js';
import { lazyRequire } from '../lazy-require.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';

const prismaAst = lazyRequire<typeof import('@mrleebo/prisma-ast/dist/prisma-ast.esm.js')>(
  '@mrleebo/prisma-ast/dist/prisma-ast.esm.js',
);

let parser: PrismaParser | undefined;
let visitor: InstanceType<ReturnType<typeof VisitorClassFactory>> | undefined;

function parseWithLocations(text: string): Schema {
  const { getSchema, PrismaParser, VisitorClassFactory } = prismaAst();
  if (!parser || !visitor) {
    parser = new PrismaParser({ nodeLocationTracking: 'full' });
    const Visitor = VisitorClassFactory(parser);
    visitor = new Visitor();
  }
  return getSchema(text, { parser, visitor });
}

export const prismaAdapter: Adapter = {
  kind: 'prisma',
  claims: (path) => /\.prisma$/i.test(path),
  parse: parsePrismaFile,
};

const PROVIDERS: Record<string, DatastoreEngine> = {
  postgresql: 'postgres',
  postgres: 'postgres',
  cockroachdb: 'postgres',
  mysql: 'mysql',
  mariadb: 'mariadb',
  sqlite: 'sqlite',
  sqlserver: 'sqlserver',
  mongodb: 'mongodb',
};

/** Prisma scalar → the column type Prisma Migrate creates, per engine family. */
const POSTGRES_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'decimal(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3)',
  Json: 'jsonb',
  Bytes: 'bytea',
};
const MYSQL_TYPES: Record<string, string> = {
  String: 'varchar(191)',
  Int: 'int',
  BigInt: 'bigint',
  Float: 'double',
  Decimal: 'decimal(65,30)',
  Boolean: 'tinyint(1)',
  DateTime: 'datetime(3)',
  Json: 'json',
  Bytes: 'longblob',
};

// biome-ignore lint/suspicious/noExplicitAny: attribute argument values are a loose union in prisma-ast.
type Loose = any;

export function parsePrismaFile(file: SourceFile): Fragment {
  let schema: Schema;
  try {
    schema = parseWithLocations(file.text);
  } catch (err) {
    const e = err as Loose;
    const line = e?.token?.startLine ?? e?.previousToken?.startLine;
    return {
      diagnostics: [
        {
          severity: 'error',
          file: file.path,
          line: Number.isFinite(line) ? line : undefined,
          message: `Prisma schema does not parse: ${String(e?.message ?? err)
            .replace(/\s+/g, ' ')
            .slice(0, 200)}`,
          origin: 'prisma',
        },
      ],
    };
  }
  const at = (node: { location?: { startLine?: number } } | undefined, fallback = 1): Source => ({
    file: file.path,
    line: node?.location?.startLine ?? fallback,
  });

  let engine: DatastoreEngine = 'unknown';
  for (const block of schema.list) {
    if (block.type !== 'datasource') continue;
    for (const a of block.assignments) {
      if (a.type === 'assignment' && a.key === 'provider' && typeof a.value === 'string')
        engine = PROVIDERS[unquote(a.value).toLowerCase()] ?? 'unknown';
    }
  }
  const mysqlLike = engine === 'mysql' || engine === 'mariadb';
  const scalarTypes = mysqlLike ? MYSQL_TYPES : POSTGRES_TYPES;

  const enums = new Map<string, string[]>();
  const models = new Map<string, { table: string; schema?: string }>();
  for (const block of schema.list) {
    if (block.type === 'enum') {
      enums.set(
        block.name,
        block.enumerators.filter((e) => e.type === 'enumerator').map((e) => (e as { name: string }).name),
      );
    } else if (block.type === 'model') {
      const map = blockAttr(block.properties, 'map');
      const schemaAttr = blockAttr(block.properties, 'schema');
      models.set(block.name, {
        table: map ? unquote(String(firstArg(map))) : block.name,
        schema: schemaAttr ? unquote(String(firstArg(schemaAttr))) : undefined,
      });
    }
  }

  const tables: Table[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const block of schema.list) {
    if (block.type !== 'model') continue;
    const names = models.get(block.name) as { table: string; schema?: string };
    const fields = block.properties.filter((p): p is Field => p.type === 'field');
    const columnName = new Map<string, string>();
    for (const f of fields) {
      const map = fieldAttr(f, 'map');
      columnName.set(f.name, map ? unquote(String(firstArg(map))) : f.name);
    }
    const toColumns = (list: unknown): string[] => arrayArg(list).map((name) => columnName.get(name) ?? name);

    const table: Table = {
      id: `${file.path}:${names.schema ? `${names.schema}.` : ''}${names.table}`,
      name: names.table,
      schema: names.schema,
      dialect: 'prisma',
      engine,
      columns: [],
      uniques: [],
      foreignKeys: [],
      indexes: [],
      source: at(block as { location?: { startLine?: number } }),
    };
    for (const f of fields) {
      const typeName = typeof f.fieldType === 'string' ? f.fieldType : f.fieldType.name;
      const relationTarget = models.get(typeName);
      if (relationTarget) {
        const relation = fieldAttr(f, 'relation');
        const fkFields = relation ? keyArg(relation, 'fields') : undefined;
        const refs = relation ? keyArg(relation, 'references') : undefined;
        if (fkFields && refs) {
          table.foreignKeys.push({
            columns: toColumns(fkFields),
            refTable: relationTarget.schema
              ? `${relationTarget.schema}.${relationTarget.table}`
              : relationTarget.table,
            refColumns: arrayArg(refs),
            source: at(f),
          });
        }
        continue;
      }
      if (f.array && !enums.has(typeName) && !scalarTypes[typeName]) continue;
      const column = toColumn(
        f,
        typeName,
        columnName.get(f.name) as string,
        scalarTypes,
        enums,
        mysqlLike,
        at(f),
      );
      table.columns.push(column);
      if (column.primaryKey) table.primaryKey = [column.name];
      if (column.unique) table.uniques.push([column.name]);
    }
    for (const p of block.properties) {
      if (p.type !== 'attribute' || p.kind !== 'object') continue;
      const cols = toColumns(firstArg(p));
      if (p.name === 'id') {
        table.primaryKey = cols;
        for (const c of table.columns) if (cols.includes(c.name)) c.nullable = false;
      } else if (p.name === 'unique') table.uniques.push(cols);
      else if (p.name === 'index') {
        const name = keyArg(p, 'name') ?? keyArg(p, 'map');
        table.indexes.push({
          name: typeof name === 'string' ? unquote(name) : undefined,
          columns: cols,
          unique: false,
          source: at(p as { location?: { startLine?: number } }, table.source.line),
        });
      }
    }
    tables.push(table);
  }
  return { tables, diagnostics };
}

function toColumn(
  f: Field,
  typeName: string,
  name: string,
  scalarTypes: Record<string, string>,
  enums: Map<string, string[]>,
  mysqlLike: boolean,
  source: Source,
): Column {
  const native = f.attributes?.find((a) => a.group === 'db');
  let type: string;
  if (native) {
    const args = (native.args ?? []).map((a) => String(a.value));
    type = `${native.name.toLowerCase()}${args.length ? `(${args.join(',')})` : ''}`;
  } else if (enums.has(typeName)) {
    type = mysqlLike
      ? `enum(${(enums.get(typeName) ?? []).map((v) => `'${v}'`).join(',')})`
      : typeName.toLowerCase();
  } else if (typeof f.fieldType !== 'string') {
    type = String((f.fieldType.params ?? [])[0] ?? 'unsupported')
      .replace(/^"|"$/g, '')
      .toLowerCase();
  } else type = scalarTypes[typeName] ?? typeName.toLowerCase();
  if (f.array) type += '[]';
  const id = Boolean(f.attributes?.some((a) => a.name === 'id' && !a.group));
  const def = f.attributes?.find((a) => a.name === 'default' && !a.group);
  return {
    name,
    type,
    nullable: Boolean(f.optional) && !id,
    default: def ? valueText(firstArg(def)) : undefined,
    primaryKey: id,
    unique: Boolean(f.attributes?.some((a) => a.name === 'unique' && !a.group)),
    ...(enums.has(typeName) ? { checked: true } : {}),
    source,
  };
}

function unquote(s: string): string {
  return s.replace(/^"(.*)"$/, '$1');
}

function blockAttr(properties: Loose[], name: string): Loose | undefined {
  return properties.find((p) => p.type === 'attribute' && p.kind === 'object' && p.name === name && !p.group);
}

function fieldAttr(f: Field, name: string): Loose | undefined {
  return f.attributes?.find((a) => a.name === name && !a.group);
}

function firstArg(attr: Loose): Loose {
  const first = attr?.args?.[0]?.value;
  if (first?.type === 'keyValue') return first.value;
  return first;
}

function keyArg(attr: Loose, key: string): Loose | undefined {
  for (const a of attr?.args ?? [])
    if (a.value?.type === 'keyValue' && a.value.key === key) return a.value.value;
  return undefined;
}

function arrayArg(value: Loose): string[] {
  // `[email(sort: Desc), role]`: a column with index options is a function-shaped value named after the column.
  if (value?.type === 'array')
    return value.args.map((v: Loose) =>
      typeof v === 'string' ? v : v?.type === 'function' ? v.name : valueText(v),
    );
  if (typeof value === 'string') return [value];
  return [];
}

function valueText(value: Loose): string {
  if (value == null) return '';
  if (typeof value !== 'object') return String(value);
  if (value.type === 'function') return `${value.name}(${(value.params ?? []).map(valueText).join(', ')})`;
  if (value.type === 'array') return `[${value.args.map(valueText).join(', ')}]`;
  return JSON.stringify(value);
}
