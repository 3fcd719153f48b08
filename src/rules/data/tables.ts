/** Shared readings of tables for the data rules: engine, type families, index coverage. */
import { refKey, tableKey } from '../../model/infer-sql.js';
import type { Column, Table } from '../../model/schema.js';

export type Engine = 'postgres' | 'mysql' | 'other';

/** The engine whose behaviour applies: the SQL dialect, or a Prisma schema's datasource provider. */
export function engineOf(table: Table): Engine {
  if (table.dialect === 'postgres') return 'postgres';
  if (table.dialect === 'mysql') return 'mysql';
  if (table.engine === 'postgres') return 'postgres';
  if (table.engine === 'mysql' || table.engine === 'mariadb') return 'mysql';
  return 'other';
}

export const FLOAT_TYPE = /^(float\d?|real|double( precision)?|float[48])(\(\d+(,\d+)?\))?( unsigned)?$/;
export const TEXT_TYPE = /^(text|citext|varchar|character varying|string|n?varchar|char|character)(\[\])?$/;
export const BOUNDED_STRING = /^(n?varchar|character varying|n?char|character)\(\d+\)/;
export const STRING_TYPE =
  /^(text|citext|n?varchar|character varying|n?char|character|tinytext|mediumtext|longtext)\b/;

/** PostgreSQL `timestamp` / `timestamp(3)` / `timestamp without time zone` (not timestamptz). */
export function isTimestampWithoutZone(type: string): boolean {
  return /^timestamp(\(\d\))?( without time zone)?$/.test(type);
}

/** A column table-name pair for messages: `public.orders.total`. */
export function columnLabel(table: Table, column: string): string {
  return `${table.schema ? `${table.schema}.` : ''}${table.name}.${column}`;
}

export function tableLabel(table: Table): string {
  return `${table.schema ? `${table.schema}.` : ''}${table.name}`;
}

export function findColumn(table: Table, name: string): Column | undefined {
  const lower = name.toLowerCase();
  return table.columns.find((c) => c.name.toLowerCase() === lower);
}

/**
 * Column lists of every index-backed structure that can serve a lookup: the primary key, unique
 * constraints (they create unique indexes) and explicit indexes.
 */
export function indexedColumnLists(table: Table): string[][] {
  const lists: string[][] = [];
  if (table.primaryKey?.length) lists.push(table.primaryKey);
  lists.push(...table.uniques);
  lists.push(...table.indexes.map((i) => i.columns));
  return lists.map((l) => l.map((c) => c.toLowerCase()));
}

/** An index supports a foreign key when the key's columns are a leading prefix of it, in any order. */
export function isSupportedByIndex(table: Table, columns: string[]): boolean {
  const wanted = new Set(columns.map((c) => c.toLowerCase()));
  return indexedColumnLists(table).some((list) => {
    if (list.length < wanted.size) return false;
    return list.slice(0, wanted.size).every((c) => wanted.has(c));
  });
}

/** Tables by lookup key, for resolving foreign-key targets. */
export function tablesByKey(tables: Table[]): Map<string, Table> {
  const map = new Map<string, Table>();
  for (const t of tables) map.set(tableKey(t.schema, t.name), t);
  return map;
}

export { refKey };
