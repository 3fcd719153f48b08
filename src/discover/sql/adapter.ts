/**
 * SQL DDL and migrations (PostgreSQL, MySQL). The script is split into statements (dollar quotes,
 * strings, comments, psql meta-commands and COPY data handled), only DDL that shapes tables is read
 * (CREATE/ALTER/DROP TABLE, CREATE/DROP INDEX), and INSERT/COPY data, functions, triggers and views are
 * passed over without parsing. A file's own ALTERs apply to the tables it creates; ALTERs of tables
 * created elsewhere travel as alter-only entries that applySqlMigrations replays in version order.
 */
import type { Parser } from 'node-sql-parser';
import {
  ANY_TABLE,
  applyOperation,
  qualifiedName,
  type SqlOperation,
  TableSet,
  tableKey,
} from '../../model/infer-sql.js';
import type { Diagnostic, Table } from '../../model/schema.js';
import { lazyRequire } from '../lazy-require.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';
import { detectDialect, type MigrationPlace, migrationPlace, type SqlDialect } from './files.js';
import { splitSqlStatements } from './split.js';
import {
  classifyStatement,
  readStatement,
  type StatementContext,
  type TableDefinition,
} from './statements.js';

const HEAD = 64 * 1024;

const nodeSqlParser = lazyRequire<typeof import('node-sql-parser')>('node-sql-parser');
let parser: Parser | undefined;
function sharedParser(): Parser {
  parser ??= new (nodeSqlParser().Parser)();
  return parser;
}

export const sqlAdapter: Adapter = {
  kind: 'sql',
  claims: (path) => /\.sql$/i.test(path),
  parse: parseSqlFile,
};

export function parseSqlFile(file: SourceFile): Fragment {
  const place = migrationPlace(file.path);
  if (place.down) return {};
  const dialect = detectDialect(file.path, file.text.length > HEAD ? file.text.slice(0, HEAD) : file.text);
  const ctx: StatementContext = { file: file.path, dialect, parser: sharedParser() };
  const statements = splitSqlStatements(file.text, { backslashEscapes: dialect === 'mysql' });

  const set = new TableSet();
  const entries: Table[] = [];
  const skippedLines: number[] = [];
  let alterCount = 0;

  for (const stmt of statements) {
    const kind = classifyStatement(stmt.head);
    if (!kind) continue;
    let result: ReturnType<typeof readStatement>;
    try {
      result = readStatement(kind, stmt, ctx);
    } catch {
      skippedLines.push(stmt.line);
      continue;
    }
    if (result.partial) skippedLines.push(stmt.line);
    for (const effect of result.effects) {
      if (effect.kind === 'create') {
        const key = tableKey(effect.table.schema, effect.table.name);
        if (effect.table.ifNotExists && set.find(key)) continue;
        const table = toTable(effect.table, file.path, dialect, place, set);
        set.add(table, true);
        entries.push(table);
        continue;
      }
      const target = effect.name === ANY_TABLE ? undefined : set.find(tableKey(effect.schema, effect.name));
      if (target) {
        for (const op of effect.operations) {
          if (applyOperation(set, target, op)) skippedLines.push(stmt.line);
        }
        continue;
      }
      if (effect.name === ANY_TABLE && applyDropIndexHere(set, effect.operations)) continue;
      // A table created in another file: keep the operations for applySqlMigrations, in statement order.
      const last = entries[entries.length - 1];
      if (
        last?.migration?.alterOnly &&
        tableKey(last.schema, last.name) === tableKey(effect.schema, effect.name)
      ) {
        last.migration.operations.push(...effect.operations);
        continue;
      }
      entries.push({
        id: `${file.path}:alter#${++alterCount}:${qualifiedName(effect)}`,
        name: effect.name,
        schema: effect.schema,
        dialect,
        columns: [],
        uniques: [],
        foreignKeys: [],
        indexes: [],
        source: effect.source,
        migration: { ...migrationMeta(place), alterOnly: true, operations: [...effect.operations] },
      });
    }
  }

  const live = new Set(set.tables);
  const tables = entries.filter((t) => t.migration?.alterOnly || live.has(t));
  const diagnostics: Diagnostic[] = [];
  if (skippedLines.length) {
    const lines = [...new Set(skippedLines)];
    diagnostics.push({
      severity: 'info',
      file: file.path,
      line: lines[0],
      message: `${lines.length} ${dialect} statement${lines.length === 1 ? '' : 's'} could not be fully read and ${
        lines.length === 1 ? 'was' : 'were'
      } skipped in part (line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 8).join(', ')}${lines.length > 8 ? ', …' : ''}); the rest of the file was read`,
      origin: 'sql',
    });
  }
  return { tables, diagnostics };
}

function migrationMeta(
  place: MigrationPlace,
): Omit<NonNullable<Table['migration']>, 'alterOnly' | 'operations'> {
  return { set: place.set, order: place.order, ordered: place.ordered };
}

function toTable(
  def: TableDefinition,
  file: string,
  dialect: SqlDialect,
  place: MigrationPlace,
  set: TableSet,
): Table {
  const checked = new Set(def.checked.map((c) => c.toLowerCase()));
  let columns = def.columns.map((c) => (checked.has(c.name.toLowerCase()) ? { ...c, checked: true } : c));
  let primaryKey = def.primaryKey;
  if (def.partitionOf && columns.length === 0) {
    // PARTITION OF: the partition has its parent's columns.
    const parent = set.find(tableKey(...splitRef(def.partitionOf)));
    if (parent) {
      columns = parent.columns.map((c) => ({ ...c }));
      primaryKey = parent.primaryKey;
    }
  }
  const name = qualifiedName(def);
  return {
    id: `${file}:${name}`,
    name: def.name,
    schema: def.schema,
    dialect,
    columns,
    primaryKey,
    uniques: def.uniques,
    foreignKeys: def.foreignKeys,
    indexes: def.indexes,
    partitionedBy: def.partitionedBy,
    isPartition: def.partitionOf ? true : undefined,
    partitionOf: def.partitionOf,
    source: def.source,
    migration: { ...migrationMeta(place), alterOnly: false, operations: [] },
  };
}

function splitRef(ref: string): [string | undefined, string] {
  const dot = ref.lastIndexOf('.');
  return dot < 0 ? [undefined, ref] : [ref.slice(0, dot), ref.slice(dot + 1)];
}

/** `DROP INDEX name` without a table: apply here when one of this file's tables has that index. */
function applyDropIndexHere(set: TableSet, operations: SqlOperation[]): boolean {
  return operations.every((op) => {
    if (op.op !== 'dropIndex') return false;
    const owner = set.tables.find((t) =>
      t.indexes.some((i) => i.name?.toLowerCase() === op.name.toLowerCase()),
    );
    if (!owner) return false;
    applyOperation(set, owner, op);
    return true;
  });
}
