/**
 * SQL schema evolution. The SQL adapter sees one file at a time: it applies a file's own ALTER/INDEX/DROP
 * statements to the tables that file creates, and hands statements about tables created elsewhere on as
 * alter-only table entries carrying operations. After merge, applySqlMigrations replays every set (a
 * migrations folder, or the folder of plain schema files) in version order, so a column added in V2 and
 * dropped in V3 is gone, and removes the bookkeeping.
 */
import type { Column, Diagnostic, Source, SystemModel, Table } from './schema.js';
import { compareText } from './values.js';

export type ForeignKey = Table['foreignKeys'][number];
export type TableIndex = Table['indexes'][number];

export type SqlOperation =
  | { op: 'addColumn'; column: Column; ifNotExists?: boolean }
  | { op: 'dropColumn'; name: string; source: Source }
  | {
      op: 'alterColumn';
      name: string;
      type?: string;
      nullable?: boolean;
      default?: string;
      dropDefault?: boolean;
      source: Source;
    }
  | { op: 'renameColumn'; from: string; to: string; source: Source }
  | { op: 'addPrimaryKey'; columns: string[]; source: Source }
  | { op: 'addUnique'; columns: string[]; name?: string; source: Source }
  | { op: 'addCheck'; columns: string[]; source: Source }
  | { op: 'addForeignKey'; foreignKey: ForeignKey }
  | { op: 'addIndex'; index: TableIndex }
  | { op: 'dropIndex'; name: string; source: Source }
  | { op: 'dropConstraint'; name: string; source: Source }
  | { op: 'attachPartition'; child: string; source: Source }
  | { op: 'partitionBy'; partitionedBy: string; source: Source }
  | { op: 'renameTable'; to: string; source: Source }
  | { op: 'dropTable'; source: Source };

/** Alter-only entries for `DROP INDEX name` (no table named) use this table name. */
export const ANY_TABLE = '*';

/** Lower-case lookup key; PostgreSQL's default `public` schema is the same as no schema. */
export function tableKey(schema: string | undefined, name: string): string {
  const s = schema?.toLowerCase();
  return s && s !== 'public' ? `${s}.${name.toLowerCase()}` : name.toLowerCase();
}

/** Key of a reference written as `name` or `schema.name`. */
export function refKey(ref: string): string {
  const dot = ref.lastIndexOf('.');
  return dot < 0 ? tableKey(undefined, ref) : tableKey(ref.slice(0, dot), ref.slice(dot + 1));
}

export function qualifiedName(table: Pick<Table, 'schema' | 'name'>): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

/** The live tables of one set while operations apply. */
export class TableSet {
  readonly tables: Table[] = [];

  find(key: string): Table | undefined {
    for (let i = this.tables.length - 1; i >= 0; i--) {
      const t = this.tables[i] as Table;
      if (tableKey(t.schema, t.name) === key) return t;
    }
    return undefined;
  }

  add(table: Table, replace: boolean): void {
    if (replace) {
      const existing = this.find(tableKey(table.schema, table.name));
      if (existing) this.remove(existing);
    }
    this.tables.push(table);
  }

  remove(table: Table): void {
    const i = this.tables.indexOf(table);
    if (i >= 0) this.tables.splice(i, 1);
  }
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Apply one operation to `target` (the table it names) within `set`. Returns a message when the
 * operation could not apply (its column or table is unknown), so callers can report it.
 */
export function applyOperation(set: TableSet, target: Table, op: SqlOperation): string | undefined {
  switch (op.op) {
    case 'addColumn': {
      const existing = target.columns.find((c) => eq(c.name, op.column.name));
      if (existing) {
        if (!op.ifNotExists) Object.assign(existing, op.column);
      } else target.columns.push({ ...op.column });
      if (op.column.primaryKey) target.primaryKey = [op.column.name];
      if (op.column.unique) addUnique(target, [op.column.name]);
      return undefined;
    }
    case 'dropColumn': {
      const before = target.columns.length;
      target.columns = target.columns.filter((c) => !eq(c.name, op.name));
      if (target.columns.length === before) return `column ${op.name} is not defined`;
      const keep = (cols: string[]) => !cols.some((c) => eq(c, op.name));
      target.indexes = target.indexes.filter((i) => keep(i.columns));
      target.foreignKeys = target.foreignKeys.filter((f) => keep(f.columns));
      target.uniques = target.uniques.filter(keep);
      if (target.primaryKey && !keep(target.primaryKey)) target.primaryKey = undefined;
      return undefined;
    }
    case 'alterColumn': {
      const column = target.columns.find((c) => eq(c.name, op.name));
      if (!column) return `column ${op.name} is not defined`;
      if (op.type !== undefined) column.type = op.type;
      if (op.nullable !== undefined) column.nullable = op.nullable;
      if (op.default !== undefined) column.default = op.default;
      if (op.dropDefault) column.default = undefined;
      return undefined;
    }
    case 'renameColumn': {
      const column = target.columns.find((c) => eq(c.name, op.from));
      if (!column) return `column ${op.from} is not defined`;
      column.name = op.to;
      const rename = (cols: string[]) => cols.map((c) => (eq(c, op.from) ? op.to : c));
      for (const i of target.indexes) i.columns = rename(i.columns);
      for (const f of target.foreignKeys) f.columns = rename(f.columns);
      target.uniques = target.uniques.map(rename);
      if (target.primaryKey) target.primaryKey = rename(target.primaryKey);
      return undefined;
    }
    case 'addPrimaryKey':
      target.primaryKey = op.columns;
      for (const c of target.columns) {
        if (op.columns.some((k) => eq(k, c.name))) {
          c.nullable = false;
          if (op.columns.length === 1) c.primaryKey = true;
        }
      }
      return undefined;
    case 'addUnique':
      addUnique(target, op.columns);
      if (op.columns.length === 1) {
        const column = target.columns.find((c) => eq(c.name, op.columns[0] as string));
        if (column) column.unique = true;
      }
      return undefined;
    case 'addCheck':
      for (const c of target.columns) if (op.columns.some((k) => eq(k, c.name))) c.checked = true;
      return undefined;
    case 'addForeignKey':
      target.foreignKeys.push(op.foreignKey);
      return undefined;
    case 'addIndex':
      target.indexes.push(op.index);
      return undefined;
    case 'dropIndex':
    case 'dropConstraint': {
      const tables = target.name === ANY_TABLE ? set.tables : [target];
      for (const t of tables) {
        const index = t.indexes.find((i) => i.name !== undefined && eq(i.name, op.name));
        if (index) {
          t.indexes = t.indexes.filter((i) => i !== index);
          if (index.unique) t.uniques = t.uniques.filter((u) => u.join(',') !== index.columns.join(','));
          return undefined;
        }
      }
      return undefined; // DROP INDEX IF EXISTS of an index no scanned file created
    }
    case 'attachPartition': {
      const child = set.find(refKey(op.child));
      if (!child) return `partition ${op.child} is not defined`;
      child.isPartition = true;
      child.partitionOf = qualifiedName(target);
      return undefined;
    }
    case 'partitionBy':
      target.partitionedBy = op.partitionedBy;
      return undefined;
    case 'renameTable': {
      const dot = op.to.lastIndexOf('.');
      target.name = dot < 0 ? op.to : op.to.slice(dot + 1);
      if (dot >= 0) target.schema = op.to.slice(0, dot);
      return undefined;
    }
    case 'dropTable':
      set.remove(target);
      return undefined;
  }
}

function addUnique(table: Table, columns: string[]): void {
  const key = columns.map((c) => c.toLowerCase()).join(',');
  if (!table.uniques.some((u) => u.map((c) => c.toLowerCase()).join(',') === key))
    table.uniques.push(columns);
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Replay every SQL set in version order: tables a file creates join the set (in a migrations folder a
 * re-created table replaces the old one), alter-only entries apply their operations to the live table.
 */
export function applySqlMigrations(model: SystemModel): void {
  const pending = model.tables.filter((t) => t.migration);
  if (!pending.length) return;
  const others = model.tables.filter((t) => !t.migration);
  const bySet = new Map<string, Table[]>();
  for (const t of pending) {
    const key = (t.migration as NonNullable<Table['migration']>).set;
    const list = bySet.get(key);
    if (list) list.push(t);
    else bySet.set(key, [t]);
  }
  const result: Table[] = [...others];
  for (const [, entries] of [...bySet].sort((a, b) => compareText(a[0], b[0]))) {
    // Stable order: version key, then file path, then position in the file (entries keep file order).
    const files = [...new Set(entries.map((t) => t.source.file))].sort((a, b) => {
      const ma = entries.find((t) => t.source.file === a)?.migration?.order ?? [];
      const mb = entries.find((t) => t.source.file === b)?.migration?.order ?? [];
      return compareOrder(ma, mb) || compareText(a, b);
    });
    const set = new TableSet();
    for (const file of files) {
      for (const entry of entries.filter((t) => t.source.file === file)) {
        const meta = entry.migration as NonNullable<Table['migration']>;
        if (!meta.alterOnly) {
          set.add(entry, meta.ordered);
          continue;
        }
        const target = entry.name === ANY_TABLE ? entry : set.find(tableKey(entry.schema, entry.name));
        if (!target) {
          const ops = meta.operations as SqlOperation[];
          // DROP … IF EXISTS and indexes on materialized views name no table a file creates: not worth a note.
          const quiet = new Set(['dropTable', 'dropIndex', 'addIndex']);
          if (ops.some((o) => !quiet.has(o.op))) model.diagnostics.push(unknownTable(entry));
          continue;
        }
        for (const op of meta.operations as SqlOperation[]) {
          const problem = applyOperation(set, target, op);
          if (problem) model.diagnostics.push(opProblem(entry, op, problem));
        }
      }
    }
    result.push(...set.tables);
  }
  for (const t of result) t.migration = undefined;
  model.tables = dedupeIds(result);
}

function opSource(entry: Table, op: SqlOperation): Source {
  if (op.op === 'addColumn') return op.column.source;
  if (op.op === 'addForeignKey') return op.foreignKey.source;
  if (op.op === 'addIndex') return op.index.source;
  return op.source ?? entry.source;
}

function unknownTable(entry: Table): Diagnostic {
  return {
    severity: 'info',
    file: entry.source.file,
    line: entry.source.line,
    message: `statement changes table ${qualifiedName(entry)}, which no earlier scanned SQL file in ${entry.migration?.set || '.'} creates; skipped`,
    origin: 'sql',
  };
}

function opProblem(entry: Table, op: SqlOperation, problem: string): Diagnostic {
  const at = opSource(entry, op);
  return {
    severity: 'info',
    file: at.file,
    line: at.line,
    message: `${op.op} on ${entry.name === ANY_TABLE ? 'the schema' : qualifiedName(entry)} skipped: ${problem}`,
    origin: 'sql',
  };
}

/** Ids must stay unique when a file creates the same table twice. */
function dedupeIds(tables: Table[]): Table[] {
  const seen = new Map<string, number>();
  for (const t of tables) {
    const n = seen.get(t.id) ?? 0;
    seen.set(t.id, n + 1);
    if (n > 0) t.id = `${t.id}#${n + 1}`;
  }
  return tables;
}
