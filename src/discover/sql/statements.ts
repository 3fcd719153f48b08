/**
 * One DDL statement → its effect on the schema. node-sql-parser reads each statement first; the parts it
 * rejects (user-defined column types such as `public.mpaa_rating`, `GENERATED … AS IDENTITY`, NVARCHAR,
 * index methods like hnsw, `ATTACH PARTITION`, `RENAME COLUMN`) are read from the statement's tokens
 * instead, element by element, so one unfamiliar clause never loses a table.
 */
import type { Parser } from 'node-sql-parser';
import type { SqlOperation, TableIndex } from '../../model/infer-sql.js';
import { ANY_TABLE } from '../../model/infer-sql.js';
import type { Column, Source, Table } from '../../model/schema.js';
import {
  type AstNode,
  columnNames,
  constraintKind,
  nameOf,
  referencedColumns,
  tableRef,
  typeOf,
} from './ast.js';
import type { SqlDialect } from './files.js';
import type { SqlStatement } from './split.js';
import {
  closingParen,
  readQualifiedName,
  type SqlToken,
  splitTopLevel,
  tokenizeSql,
  tokensText,
} from './tokens.js';

export interface StatementContext {
  file: string;
  dialect: SqlDialect;
  parser: Parser;
}

export interface TableDefinition {
  schema?: string;
  name: string;
  ifNotExists: boolean;
  /** PARTITION OF parent: columns come from the parent. */
  partitionOf?: string;
  partitionedBy?: string;
  columns: Column[];
  primaryKey?: string[];
  uniques: string[][];
  checked: string[];
  foreignKeys: Table['foreignKeys'];
  indexes: TableIndex[];
  source: Source;
}

export type SqlEffect =
  | { kind: 'create'; table: TableDefinition }
  | { kind: 'ops'; schema?: string; name: string; operations: SqlOperation[]; source: Source };

export interface StatementResult {
  effects: SqlEffect[];
  /** Some clause could be read neither by the parser nor from tokens and was skipped. */
  partial?: boolean;
}

export type StatementKind = 'create-table' | 'alter-table' | 'create-index' | 'drop-table' | 'drop-index';

export function classifyStatement(head: string): StatementKind | undefined {
  if (/^CREATE (OR REPLACE )?((GLOBAL|LOCAL) )?(UNLOGGED )?TABLE\b/.test(head)) return 'create-table';
  if (/^ALTER TABLE\b/.test(head)) return 'alter-table';
  if (/^CREATE (UNIQUE )?INDEX\b/.test(head)) return 'create-index';
  if (/^DROP TABLE\b/.test(head)) return 'drop-table';
  if (/^DROP INDEX\b/.test(head)) return 'drop-index';
  return undefined;
}

export function readStatement(
  kind: StatementKind,
  stmt: SqlStatement,
  ctx: StatementContext,
): StatementResult {
  const tokens = tokenizeSql(stmt.text, stmt.line);
  switch (kind) {
    case 'create-table':
      return readCreateTable(stmt, tokens, ctx);
    case 'alter-table':
      return readAlterTable(stmt, tokens, ctx);
    case 'create-index':
      return readCreateIndex(stmt, tokens, ctx);
    case 'drop-table':
      return readDropTable(stmt, tokens, ctx);
    case 'drop-index':
      return readDropIndex(stmt, tokens, ctx);
  }
}

function astify(ctx: StatementContext, sql: string): AstNode | undefined {
  try {
    const ast = ctx.parser.astify(sql, { database: ctx.dialect === 'mysql' ? 'mysql' : 'postgresql' });
    return Array.isArray(ast) ? ast[0] : ast;
  } catch {
    return undefined;
  }
}

const word = (t: SqlToken | undefined, ...values: string[]) =>
  t !== undefined && t.kind === 'word' && values.includes(t.value);

function skipWords(tokens: SqlToken[], i: number, ...seq: string[]): number {
  for (let k = 0; k < seq.length; k++) if (!word(tokens[i + k], seq[k] as string)) return i;
  return i + seq.length;
}

function identText(t: SqlToken | undefined): string | undefined {
  if (!t) return undefined;
  if (t.kind === 'ident') return t.value;
  if (t.kind === 'word') return t.text;
  return undefined;
}

function qualified(schema: string | undefined, name: string): string {
  return schema ? `${schema}.${name}` : name;
}

// ---------------------------------------------------------------- CREATE TABLE

function readCreateTable(stmt: SqlStatement, tokens: SqlToken[], ctx: StatementContext): StatementResult {
  let i = tokens.findIndex((t) => word(t, 'TABLE')) + 1;
  if (i <= 0) return { effects: [] };
  if (tokens.slice(0, i).some((t) => word(t, 'TEMP', 'TEMPORARY'))) return { effects: [] };
  const afterIf = skipWords(tokens, i, 'IF', 'NOT', 'EXISTS');
  const ifNotExists = afterIf !== i;
  i = afterIf;
  const ref = readQualifiedName(tokens, i);
  if (!ref) return { effects: [], partial: true };
  i = ref.next;
  const source: Source = { file: ctx.file, line: stmt.line };
  const table: TableDefinition = {
    schema: ref.schema,
    name: ref.name,
    ifNotExists,
    columns: [],
    uniques: [],
    checked: [],
    foreignKeys: [],
    indexes: [],
    source,
  };
  if (word(tokens[i], 'PARTITION') && word(tokens[i + 1], 'OF')) {
    const parent = readQualifiedName(tokens, i + 2);
    if (!parent) return { effects: [], partial: true };
    table.partitionOf = qualified(parent.schema, parent.name);
    table.partitionedBy = partitionBy(stmt.text, tokens, parent.next);
    return { effects: [{ kind: 'create', table }] };
  }
  if (tokens[i]?.value !== '(') {
    // CREATE TABLE … AS SELECT / LIKE / ENGINE-only: no column list to read; anything else is malformed.
    return { effects: [], partial: !word(tokens[i], 'AS', 'LIKE', 'WITH', 'ENGINE') };
  }
  const close = closingParen(tokens, i);
  if (close < 0) return { effects: [], partial: true };
  const elements = splitTopLevel(tokens, i + 1, close);
  table.partitionedBy = partitionBy(stmt.text, tokens, close + 1);

  const ast = astify(ctx, stmt.text);
  const defs: AstNode[] | undefined =
    ast?.type === 'create' && Array.isArray(ast.create_definitions) ? ast.create_definitions : undefined;
  let partial = false;
  elements.forEach(([from, to], k) => {
    const def = defs && defs.length === elements.length ? defs[k] : undefined;
    const ok = def
      ? readDefinitionAst(def, table, stmt.text, tokens, from, to, ctx)
      : readDefinitionTokens(table, stmt.text, tokens, from, to, ctx);
    if (!ok) partial = true;
  });
  return { effects: [{ kind: 'create', table }], partial };
}

function partitionBy(text: string, tokens: SqlToken[], from: number): string | undefined {
  for (let j = from; j < tokens.length - 2; j++) {
    if (word(tokens[j], 'PARTITION') && word(tokens[j + 1], 'BY')) {
      const open = tokens.findIndex((t, k) => k > j && t.value === '(');
      const end = open < 0 ? tokens.length : closingParen(tokens, open) + 1 || tokens.length;
      return normaliseType(tokensText(text, tokens, j + 2, end));
    }
  }
  return undefined;
}

const COLUMN_STOP = new Set([
  'NOT',
  'NULL',
  'DEFAULT',
  'PRIMARY',
  'UNIQUE',
  'REFERENCES',
  'CHECK',
  'CONSTRAINT',
  'COLLATE',
  'GENERATED',
  'AUTO_INCREMENT',
  'COMMENT',
  'ON',
  'CHARSET',
  'IDENTITY',
  'AS',
]);

const CONSTRAINT_START = new Set([
  'CONSTRAINT',
  'PRIMARY',
  'UNIQUE',
  'FOREIGN',
  'CHECK',
  'KEY',
  'INDEX',
  'FULLTEXT',
  'SPATIAL',
  'EXCLUDE',
  'LIKE',
  'PERIOD',
]);

/** `timestamp(6) with time zone`, `numeric(10,2)`, `public.vector(20)`: lower-case, tight around punctuation. */
export function normaliseType(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),.[\]])\s*/g, (m, p: string) => (p === ')' && /\s$/.test(m) ? `${p} ` : p))
    .replace(/\s+$/, '');
}

function isSerial(type: string): boolean {
  return /^(small|big)?serial\b|^serial[248]\b/.test(type);
}

/** Text after DEFAULT up to the next column constraint keyword, as written. */
function defaultText(text: string, tokens: SqlToken[], from: number, to: number): string | undefined {
  let depth = 0;
  for (let j = from; j < to; j++) {
    const t = tokens[j] as SqlToken;
    if (t.value === '(') depth++;
    else if (t.value === ')') depth--;
    if (depth === 0 && word(t, 'DEFAULT')) {
      let end = j + 1;
      let d = 0;
      for (; end < to; end++) {
        const u = tokens[end] as SqlToken;
        if (u.value === '(') d++;
        else if (u.value === ')') d--;
        if (d === 0 && end > j + 1 && u.kind === 'word' && COLUMN_STOP.has(u.value) && u.value !== 'NULL')
          break;
      }
      return tokensText(text, tokens, j + 1, end) || undefined;
    }
  }
  return undefined;
}

function readDefinitionAst(
  def: AstNode,
  table: TableDefinition,
  text: string,
  tokens: SqlToken[],
  from: number,
  to: number,
  ctx: StatementContext,
): boolean {
  const source: Source = { file: ctx.file, line: (tokens[from] as SqlToken).line };
  if (def.resource === 'column') {
    const column = columnFromAst(def, text, tokens, from, to, source);
    if (!column) return false;
    table.columns.push(column);
    if (column.primaryKey) table.primaryKey = [column.name];
    if (column.unique) table.uniques.push([column.name]);
    const fk = inlineReference(def.reference_definition, column.name, source);
    if (fk) table.foreignKeys.push(fk);
    return true;
  }
  if (def.resource === 'index') {
    table.indexes.push({
      name: def.index ?? undefined,
      columns: columnNames(def.definition),
      unique: false,
      source,
    });
    return true;
  }
  if (def.resource === 'constraint') {
    const op = constraintFromAst(def, source);
    if (op) applyToDefinition(table, op);
    return true;
  }
  return readDefinitionTokens(table, text, tokens, from, to, ctx);
}

function columnFromAst(
  def: AstNode,
  text: string,
  tokens: SqlToken[],
  from: number,
  to: number,
  source: Source,
): Column | undefined {
  const name = nameOf(def.column);
  if (!name) return undefined;
  const type = typeOf(def.definition);
  const primaryKey = Boolean(def.primary_key) || def.unique_or_primary === 'primary key';
  return {
    name,
    type,
    nullable: !(def.nullable?.type === 'not null' || primaryKey || isSerial(type)),
    default: defaultText(text, tokens, from, to),
    primaryKey,
    unique: Boolean(def.unique),
    ...(def.check ? { checked: true } : {}),
    source,
  };
}

function inlineReference(
  ref: AstNode,
  column: string,
  source: Source,
): Table['foreignKeys'][number] | undefined {
  if (!ref) return undefined;
  const target = tableRef(ref.table);
  if (!target) return undefined;
  return {
    columns: [column],
    refTable: qualified(target.schema, target.name),
    refColumns: columnNames(ref.definition),
    source,
  };
}

function constraintFromAst(def: AstNode, source: Source): SqlOperation | undefined {
  const kind = constraintKind(def);
  if (kind === 'primary') return { op: 'addPrimaryKey', columns: columnNames(def.definition), source };
  if (kind === 'unique')
    return {
      op: 'addUnique',
      columns: columnNames(def.definition),
      name: def.constraint ?? def.index,
      source,
    };
  if (kind === 'check') return { op: 'addCheck', columns: [...referencedColumns(def.definition)], source };
  if (kind === 'foreign') {
    const target = tableRef(def.reference_definition?.table);
    if (!target) return undefined;
    return {
      op: 'addForeignKey',
      foreignKey: {
        columns: columnNames(def.definition),
        refTable: qualified(target.schema, target.name),
        refColumns: columnNames(def.reference_definition?.definition),
        source,
      },
    };
  }
  return undefined;
}

/** Table-level constraints inside CREATE TABLE, applied to the definition being built. */
function applyToDefinition(table: TableDefinition, op: SqlOperation): void {
  const has = (cols: string[], name: string) => cols.some((c) => c.toLowerCase() === name.toLowerCase());
  switch (op.op) {
    case 'addPrimaryKey':
      table.primaryKey = op.columns;
      for (const c of table.columns) {
        if (has(op.columns, c.name)) {
          c.nullable = false;
          if (op.columns.length === 1) c.primaryKey = true;
        }
      }
      break;
    case 'addUnique':
      table.uniques.push(op.columns);
      if (op.columns.length === 1)
        for (const c of table.columns) if (has(op.columns, c.name)) c.unique = true;
      break;
    case 'addCheck':
      table.checked.push(...op.columns);
      break;
    case 'addForeignKey':
      table.foreignKeys.push(op.foreignKey);
      break;
    case 'addIndex':
      table.indexes.push(op.index);
      break;
    default:
      break;
  }
}

const TYPE_WORD =
  /^(n?var)?char(acter)?$|^(tiny|small|medium|big)?int(eger)?\d?$|^(tiny|medium|long)?text$|^(numeric|decimal|real|float\d?|double|bit|varbit|binary|varbinary|tsvector|bool(ean)?|date|time(stamp)?(tz)?|uuid|json|jsonb|bytea|serial)$/i;

/**
 * `KEY idx (a)` and `FULLTEXT ft (body)` open MySQL index elements, but `key varchar(10)` and
 * `fulltext tsvector` are columns with those names: a constraint keyword followed by a type is a column.
 */
function isConstraintElement(tokens: SqlToken[], from: number): boolean {
  const first = tokens[from] as SqlToken;
  if (first.kind !== 'word' || !CONSTRAINT_START.has(first.value)) return false;
  if (!['UNIQUE', 'KEY', 'INDEX', 'FULLTEXT', 'SPATIAL'].includes(first.value)) return true;
  const second = tokens[from + 1];
  if (!second || second.value === '(' || word(second, 'KEY', 'INDEX')) return true;
  if (second.kind === 'word' && TYPE_WORD.test(second.text)) return false;
  return tokens[from + 2]?.value === '(';
}

/** Token reading of one CREATE TABLE element the parser rejected. */
function readDefinitionTokens(
  table: TableDefinition,
  text: string,
  tokens: SqlToken[],
  from: number,
  to: number,
  ctx: StatementContext,
): boolean {
  const first = tokens[from] as SqlToken;
  const source: Source = { file: ctx.file, line: first.line };
  if (isConstraintElement(tokens, from)) {
    const op = constraintFromTokens(tokens, from, to, source);
    if (!op) return first.value === 'LIKE' || first.value === 'EXCLUDE' || first.value === 'PERIOD';
    applyToDefinition(table, op);
    return true;
  }
  const read = columnFromTokens(text, tokens, from, to, source);
  if (!read) return false;
  table.columns.push(read.column);
  if (read.column.primaryKey) table.primaryKey = [read.column.name];
  if (read.column.unique) table.uniques.push([read.column.name]);
  if (read.foreignKey) table.foreignKeys.push(read.foreignKey);
  return true;
}

function columnFromTokens(
  text: string,
  tokens: SqlToken[],
  from: number,
  to: number,
  source: Source,
): { column: Column; foreignKey?: Table['foreignKeys'][number] } | undefined {
  const name = identText(tokens[from]);
  if (!name) return undefined;
  let j = from + 1;
  let depth = 0;
  for (; j < to; j++) {
    const t = tokens[j] as SqlToken;
    if (t.value === '(') depth++;
    else if (t.value === ')') depth--;
    if (depth === 0 && t.kind === 'word' && COLUMN_STOP.has(t.value)) break;
    if (depth === 0 && word(t, 'CHARACTER') && word(tokens[j + 1], 'SET')) break;
  }
  const type = normaliseType(tokensText(text, tokens, from + 1, j)) || 'unknown';
  let notNull = false;
  let primaryKey = false;
  let unique = false;
  let checked = false;
  let foreignKey: Table['foreignKeys'][number] | undefined;
  depth = 0;
  for (let k = j; k < to; k++) {
    const t = tokens[k] as SqlToken;
    if (t.value === '(') depth++;
    else if (t.value === ')') depth--;
    if (depth !== 0 || t.kind !== 'word') continue;
    if (t.value === 'NOT' && word(tokens[k + 1], 'NULL')) notNull = true;
    else if (t.value === 'PRIMARY' && word(tokens[k + 1], 'KEY')) primaryKey = true;
    else if (t.value === 'UNIQUE') unique = true;
    else if (t.value === 'CHECK') checked = true;
    else if (t.value === 'REFERENCES') {
      const ref = readQualifiedName(tokens, k + 1);
      if (ref) {
        const cols = tokens[ref.next]?.value === '(' ? parenNames(tokens, ref.next) : [];
        foreignKey = { columns: [name], refTable: qualified(ref.schema, ref.name), refColumns: cols, source };
      }
    }
  }
  return {
    column: {
      name,
      type,
      nullable: !(notNull || primaryKey || isSerial(type)),
      default: defaultText(text, tokens, j, to),
      primaryKey,
      unique,
      ...(checked ? { checked: true } : {}),
      source,
    },
    foreignKey,
  };
}

/** Simple names inside the parentheses at `open` (`(a, b)`); expressions are kept as written. */
function parenNames(tokens: SqlToken[], open: number, text?: string): string[] {
  const close = closingParen(tokens, open);
  if (close < 0) return [];
  return splitTopLevel(tokens, open + 1, close).map(([a, b]) => {
    const first = tokens[a] as SqlToken;
    const simple = identText(first);
    const rest = tokens.slice(a + 1, b);
    const modifiersOnly = rest.every(
      (t) => (t.kind === 'word' && /^(ASC|DESC|NULLS|FIRST|LAST)$/.test(t.value)) || t.kind === 'ident',
    );
    // MySQL prefix index `col(10)` and PostgreSQL opclass `col text_pattern_ops` still index the column.
    const prefix = rest[0]?.value === '(' && rest[1]?.kind === 'number' && rest[2]?.value === ')';
    const opclass = rest.length >= 1 && rest[0]?.kind === 'word' && !/^(ASC|DESC|NULLS)$/.test(rest[0].value);
    if (simple && (rest.length === 0 || modifiersOnly || prefix || opclass)) return simple;
    return text ? normaliseType(tokensText(text, tokens, a, b)) : (simple ?? '?');
  });
}

function constraintFromTokens(
  tokens: SqlToken[],
  from: number,
  to: number,
  source: Source,
): SqlOperation | undefined {
  let i = from;
  let name: string | undefined;
  if (word(tokens[i], 'CONSTRAINT')) {
    name = identText(tokens[i + 1]);
    i += 2;
  }
  const open = (k: number) => {
    for (let j = k; j < to; j++) if (tokens[j]?.value === '(') return j;
    return -1;
  };
  const t = tokens[i];
  if (word(t, 'PRIMARY')) {
    const o = open(i);
    return o < 0 ? undefined : { op: 'addPrimaryKey', columns: parenNames(tokens, o), source };
  }
  if (word(t, 'UNIQUE')) {
    const o = open(i);
    return o < 0 ? undefined : { op: 'addUnique', columns: parenNames(tokens, o), name, source };
  }
  if (word(t, 'CHECK')) {
    const o = open(i);
    const close = o < 0 ? -1 : closingParen(tokens, o);
    const cols = new Set<string>();
    for (let j = o + 1; j < close; j++) {
      const u = tokens[j] as SqlToken;
      if (u.kind === 'ident' || (u.kind === 'word' && tokens[j + 1]?.value !== '('))
        cols.add(identText(u) as string);
    }
    return { op: 'addCheck', columns: [...cols], source };
  }
  if (word(t, 'FOREIGN')) {
    const o = open(i);
    if (o < 0) return undefined;
    const columns = parenNames(tokens, o);
    const close = closingParen(tokens, o);
    const refAt = tokens.findIndex((u, k) => k > close && word(u, 'REFERENCES'));
    const ref = refAt < 0 ? undefined : readQualifiedName(tokens, refAt + 1);
    if (!ref) return undefined;
    const refColumns = tokens[ref.next]?.value === '(' ? parenNames(tokens, ref.next) : [];
    return {
      op: 'addForeignKey',
      foreignKey: { columns, refTable: qualified(ref.schema, ref.name), refColumns, source },
    };
  }
  if (word(t, 'KEY', 'INDEX')) {
    const o = open(i);
    if (o < 0) return undefined;
    const indexName = o > i + 1 ? identText(tokens[i + 1]) : undefined;
    return {
      op: 'addIndex',
      index: { name: indexName, columns: parenNames(tokens, o), unique: false, source },
    };
  }
  return undefined;
}

// ---------------------------------------------------------------- ALTER TABLE

const IGNORED_ALTER = new Set([
  'OWNER',
  'ENABLE',
  'DISABLE',
  'CLUSTER',
  'REPLICA',
  'SET',
  'RESET',
  'INHERIT',
  'NO',
  'OF',
  'NOT',
  'VALIDATE',
  'FORCE',
  'DETACH',
  'ALGORITHM',
  'LOCK',
  'CONVERT',
  'ENGINE',
  'AUTO_INCREMENT',
  'COMMENT',
  'CHARACTER',
  'COLLATE',
  'ORDER',
  'WITH',
  'WITHOUT',
]);

function readAlterTable(stmt: SqlStatement, tokens: SqlToken[], ctx: StatementContext): StatementResult {
  let i = tokens.findIndex((t) => word(t, 'TABLE')) + 1;
  i = skipWords(tokens, i, 'IF', 'EXISTS');
  i = skipWords(tokens, i, 'ONLY');
  const ref = readQualifiedName(tokens, i);
  if (!ref) return { effects: [], partial: true };
  const source: Source = { file: ctx.file, line: stmt.line };
  const operations: SqlOperation[] = [];
  let partial = false;
  const actions = splitTopLevel(tokens, ref.next, tokens.length);
  const prefix = stmt.text.slice(0, (tokens[ref.next] as SqlToken | undefined)?.start ?? stmt.text.length);
  for (const [from, to] of actions) {
    const first = tokens[from] as SqlToken;
    if (first.kind === 'word' && IGNORED_ALTER.has(first.value) && !word(tokens[from + 1], 'DATA')) continue;
    const actionSource: Source = { file: ctx.file, line: first.line };
    const actionText = stmt.text.slice(first.start, (tokens[to - 1] as SqlToken).end);
    const tokenOps = alterActionFromTokens(stmt.text, tokens, from, to, actionSource);
    if (tokenOps === 'unknown') {
      partial = true;
      continue;
    }
    if (tokenOps) {
      operations.push(...tokenOps);
      continue;
    }
    const ast = astify(ctx, `${prefix}${actionText}`);
    const astOps =
      ast?.type === 'alter' ? alterOpsFromAst(ast, stmt.text, tokens, from, to, actionSource) : undefined;
    if (astOps) {
      operations.push(...astOps);
      continue;
    }
    const fallback = alterFallback(stmt.text, tokens, from, to, actionSource);
    if (fallback) operations.push(...fallback);
    else partial = true;
  }
  if (!operations.length) return { effects: [], partial };
  return { effects: [{ kind: 'ops', schema: ref.schema, name: ref.name, operations, source }], partial };
}

/**
 * Actions node-sql-parser does not know at all (ATTACH PARTITION, RENAME COLUMN): read from tokens.
 * Returns undefined to let the parser handle the action.
 */
function alterActionFromTokens(
  _text: string,
  tokens: SqlToken[],
  from: number,
  _to: number,
  source: Source,
): SqlOperation[] | 'unknown' | undefined {
  const first = tokens[from];
  if (word(first, 'ATTACH') && word(tokens[from + 1], 'PARTITION')) {
    const child = readQualifiedName(tokens, from + 2);
    if (!child) return 'unknown';
    return [{ op: 'attachPartition', child: qualified(child.schema, child.name), source }];
  }
  if (word(first, 'RENAME')) {
    let j = from + 1;
    if (word(tokens[j], 'TO', 'AS')) {
      const to = readQualifiedName(tokens, j + 1);
      return to ? [{ op: 'renameTable', to: qualified(to.schema, to.name), source }] : 'unknown';
    }
    if (word(tokens[j], 'CONSTRAINT', 'INDEX', 'KEY')) return [];
    if (word(tokens[j], 'COLUMN')) j++;
    const fromName = identText(tokens[j]);
    const toName = word(tokens[j + 1], 'TO') ? identText(tokens[j + 2]) : undefined;
    return fromName && toName ? [{ op: 'renameColumn', from: fromName, to: toName, source }] : 'unknown';
  }
  return undefined;
}

function alterOpsFromAst(
  ast: AstNode,
  text: string,
  tokens: SqlToken[],
  from: number,
  to: number,
  source: Source,
): SqlOperation[] | undefined {
  const ops: SqlOperation[] = [];
  for (const expr of Array.isArray(ast.expr) ? ast.expr : []) {
    const action = String(expr.action ?? '').toLowerCase();
    const resource = String(expr.resource ?? '').toLowerCase();
    if (action === 'add' && resource === 'column') {
      const column = columnFromAst(expr, text, tokens, from, to, source);
      if (!column) return undefined;
      ops.push({ op: 'addColumn', column, ifNotExists: Boolean(expr.if_not_exists) });
      const fk = inlineReference(expr.reference_definition, column.name, source);
      if (fk) ops.push({ op: 'addForeignKey', foreignKey: fk });
    } else if (action === 'add' && resource === 'constraint') {
      const op = constraintFromAst(expr.create_definitions, source);
      if (op) ops.push(op);
    } else if (action === 'add' && resource === 'index') {
      ops.push({
        op: 'addIndex',
        index: {
          name: expr.index ?? undefined,
          columns: columnNames(expr.definition),
          unique: /unique/i.test(String(expr.keyword ?? '')),
          source,
        },
      });
    } else if (action === 'drop' && resource === 'column') {
      const name = nameOf(expr.column);
      if (!name) return undefined;
      ops.push({ op: 'dropColumn', name, source });
    } else if (
      action === 'drop' &&
      (resource === 'constraint' || resource === 'index' || resource === 'key')
    ) {
      const name = typeof expr.constraint === 'string' ? expr.constraint : nameOf(expr.index ?? expr.name);
      if (name) ops.push({ op: resource === 'constraint' ? 'dropConstraint' : 'dropIndex', name, source });
    } else if (action === 'alter' && resource === 'column') {
      const name = nameOf(expr.column);
      if (!name) return undefined;
      ops.push({
        op: 'alterColumn',
        name,
        type: expr.definition ? typeOf(expr.definition) : undefined,
        nullable: expr.nullable ? expr.nullable.action === 'drop' : undefined,
        default: expr.default_val ? defaultText(text, tokens, from, to) : undefined,
        dropDefault: /\bDROP\s+DEFAULT\b/i.test(
          text.slice((tokens[from] as SqlToken).start, (tokens[to - 1] as SqlToken).end),
        )
          ? true
          : undefined,
        source,
      });
    } else if (action === 'modify' || action === 'change') {
      const column = columnFromAst(expr, text, tokens, from, to, source);
      if (!column) return undefined;
      const old = action === 'change' ? nameOf(expr.old_column) : undefined;
      if (old && old.toLowerCase() !== column.name.toLowerCase())
        ops.push({ op: 'renameColumn', from: old, to: column.name, source });
      ops.push({ op: 'addColumn', column });
    } else if (action === 'rename') {
      if (resource === 'table' && expr.table) ops.push({ op: 'renameTable', to: String(expr.table), source });
    } else {
      return undefined;
    }
  }
  return ops;
}

/** Token reading of the ALTER actions the parser rejected (usually for a column type it does not know). */
function alterFallback(
  text: string,
  tokens: SqlToken[],
  from: number,
  to: number,
  source: Source,
): SqlOperation[] | undefined {
  let i = from;
  if (word(tokens[i], 'ADD')) {
    i++;
    if (tokens[i] && isConstraintElement(tokens, i)) {
      const op = constraintFromTokens(tokens, i, to, source);
      return op ? [op] : undefined;
    }
    i = skipWords(tokens, i, 'COLUMN');
    const afterIf = skipWords(tokens, i, 'IF', 'NOT', 'EXISTS');
    const read = columnFromTokens(text, tokens, afterIf, to, {
      ...source,
      line: tokens[afterIf]?.line ?? source.line,
    });
    if (!read) return undefined;
    const ops: SqlOperation[] = [{ op: 'addColumn', column: read.column, ifNotExists: afterIf !== i }];
    if (read.foreignKey) ops.push({ op: 'addForeignKey', foreignKey: read.foreignKey });
    return ops;
  }
  if (word(tokens[i], 'DROP')) {
    i++;
    if (word(tokens[i], 'CONSTRAINT', 'INDEX', 'KEY')) {
      const kind = (tokens[i] as SqlToken).value;
      const name = identText(tokens[skipWords(tokens, i + 1, 'IF', 'EXISTS')]);
      if (!name) return undefined;
      return [{ op: kind === 'CONSTRAINT' ? 'dropConstraint' : 'dropIndex', name, source }];
    }
    i = skipWords(tokens, i, 'COLUMN');
    const name = identText(tokens[skipWords(tokens, i, 'IF', 'EXISTS')]);
    return name ? [{ op: 'dropColumn', name, source }] : undefined;
  }
  if (word(tokens[i], 'ALTER')) {
    i = skipWords(tokens, i + 1, 'COLUMN');
    const name = identText(tokens[i]);
    if (!name) return undefined;
    const rest = tokens[i + 1];
    if (word(rest, 'TYPE') || (word(rest, 'SET') && word(tokens[i + 2], 'DATA'))) {
      const start = word(rest, 'TYPE') ? i + 2 : i + 4;
      let end = start;
      while (end < to && !word(tokens[end], 'USING', 'COLLATE')) end++;
      return [{ op: 'alterColumn', name, type: normaliseType(tokensText(text, tokens, start, end)), source }];
    }
    if (word(rest, 'SET', 'DROP') && word(tokens[i + 2], 'NOT'))
      return [{ op: 'alterColumn', name, nullable: word(rest, 'DROP'), source }];
    if (word(rest, 'DROP') && word(tokens[i + 2], 'DEFAULT'))
      return [{ op: 'alterColumn', name, dropDefault: true, source }];
    if (word(rest, 'SET') && word(tokens[i + 2], 'DEFAULT'))
      return [{ op: 'alterColumn', name, default: tokensText(text, tokens, i + 3, to), source }];
    return []; // SET STATISTICS, SET STORAGE, ADD GENERATED …: nothing the model keeps
  }
  return undefined;
}

// ---------------------------------------------------------------- INDEX / DROP

function readCreateIndex(stmt: SqlStatement, tokens: SqlToken[], ctx: StatementContext): StatementResult {
  const source: Source = { file: ctx.file, line: stmt.line };
  const unique = word(tokens[1], 'UNIQUE');
  const on = tokens.findIndex((t) => word(t, 'ON'));
  if (on < 0) return { effects: [], partial: true };
  let k = tokens.findIndex((t) => word(t, 'INDEX')) + 1;
  k = skipWords(tokens, k, 'CONCURRENTLY');
  k = skipWords(tokens, k, 'IF', 'NOT', 'EXISTS');
  const name = k < on ? identText(tokens[k]) : undefined;
  const table = readQualifiedName(tokens, skipWords(tokens, on + 1, 'ONLY'));
  const open = tokens.findIndex((t, j) => j > on && t.value === '(');
  if (!table || open < 0) return { effects: [], partial: true };
  // Read from tokens: node-sql-parser rejects index methods it does not know (hnsw, ivfflat) and
  // CONCURRENTLY IF NOT EXISTS, and the tokens keep expression items as written (`lower(email)`).
  const columns = parenNames(tokens, open, stmt.text);
  const index: TableIndex = { name, columns, unique, source };
  return {
    effects: [
      {
        kind: 'ops',
        schema: table.schema,
        name: table.name,
        operations: [{ op: 'addIndex', index }],
        source,
      },
    ],
  };
}

function readDropTable(stmt: SqlStatement, tokens: SqlToken[], ctx: StatementContext): StatementResult {
  const source: Source = { file: ctx.file, line: stmt.line };
  let i = tokens.findIndex((t) => word(t, 'TABLE')) + 1;
  i = skipWords(tokens, i, 'IF', 'EXISTS');
  const effects: SqlEffect[] = [];
  for (const [from] of splitTopLevel(tokens, i, tokens.length)) {
    const ref = readQualifiedName(tokens, from);
    if (ref)
      effects.push({
        kind: 'ops',
        schema: ref.schema,
        name: ref.name,
        operations: [{ op: 'dropTable', source }],
        source,
      });
  }
  return { effects };
}

function readDropIndex(stmt: SqlStatement, tokens: SqlToken[], ctx: StatementContext): StatementResult {
  const source: Source = { file: ctx.file, line: stmt.line };
  let i = tokens.findIndex((t) => word(t, 'INDEX')) + 1;
  i = skipWords(tokens, i, 'CONCURRENTLY');
  i = skipWords(tokens, i, 'IF', 'EXISTS');
  const ref = readQualifiedName(tokens, i);
  if (!ref) return { effects: [], partial: true };
  const on = word(tokens[ref.next], 'ON') ? readQualifiedName(tokens, ref.next + 1) : undefined;
  const op: SqlOperation = { op: 'dropIndex', name: ref.name, source };
  return {
    effects: [{ kind: 'ops', schema: on?.schema, name: on?.name ?? ANY_TABLE, operations: [op], source }],
  };
}
