import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../src/discover/index.js';
import { parsePrismaFile } from '../../src/discover/prisma/adapter.js';
import type { Table } from '../../src/model/schema.js';

const fixtures = path.resolve(__dirname, '../fixtures/prisma');

function parseFixture(rel: string) {
  const text = readFileSync(path.join(fixtures, rel), 'utf8');
  return parsePrismaFile({ path: rel, text, bytes: Buffer.byteLength(text) });
}
const byName = (tables: Table[] = []) => Object.fromEntries(tables.map((t) => [t.name, t]));
const col = (t: Table | undefined, name: string) => t?.columns.find((c) => c.name === name);

describe('Prisma adapter on a PostgreSQL schema', () => {
  const fragment = parseFixture('good/schema.prisma');
  const tables = byName(fragment.tables);

  it('turns models into tables named by @@map, with the datasource engine', () => {
    expect(fragment.diagnostics).toEqual([]);
    expect(Object.keys(tables)).toEqual(['customers', 'orders', 'OrderLine']);
    expect(tables.customers).toMatchObject({
      id: 'good/schema.prisma:customers',
      dialect: 'prisma',
      engine: 'postgres',
      primaryKey: ['id'],
      source: { file: 'good/schema.prisma', line: 17 },
    });
  });

  it('maps scalar fields to the SQL types Prisma creates, native @db types winning, with @map names', () => {
    expect(col(tables.customers, 'email')).toMatchObject({
      type: 'varchar(255)',
      unique: true,
      nullable: false,
      source: { line: 19 },
    });
    expect(col(tables.customers, 'name')).toMatchObject({ type: 'text', nullable: true });
    expect(col(tables.customers, 'created_at')).toMatchObject({ type: 'timestamptz(3)', default: 'now()' });
    expect(col(tables.orders, 'placedAt')?.type).toBe('timestamp(3)');
    expect(col(tables.orders, 'total')?.type).toBe('decimal(12,2)');
    expect(col(tables.OrderLine, 'price')?.type).toBe('double precision');
    expect(col(tables.OrderLine, 'tags')?.type).toBe('text[]');
    expect(col(tables.orders, 'status')).toMatchObject({
      type: 'orderstatus',
      default: 'NEW',
      checked: true,
    });
    // relation fields (customer, orders, lines) are not columns
    expect(tables.orders?.columns.map((c) => c.name)).toEqual([
      'id',
      'customer_id',
      'status',
      'total',
      'placedAt',
    ]);
  });

  it('reads @relation(fields, references) as foreign keys on the mapped columns and @@id/@@unique/@@index', () => {
    expect(tables.orders?.foreignKeys).toEqual([
      {
        columns: ['customer_id'],
        refTable: 'customers',
        refColumns: ['id'],
        source: { file: 'good/schema.prisma', line: 29 },
      },
    ]);
    expect(tables.orders?.indexes).toEqual([
      {
        columns: ['customer_id', 'placedAt'],
        unique: false,
        source: { file: 'good/schema.prisma', line: 36 },
      },
    ]);
    expect(tables.OrderLine?.primaryKey).toEqual(['orderId', 'sku']);
    expect(tables.OrderLine?.uniques).toEqual([['orderId', 'price']]);
    expect(tables.OrderLine?.foreignKeys[0]).toMatchObject({ columns: ['orderId'], refTable: 'orders' });
  });
});

describe('Prisma adapter on MySQL and broken schemas', () => {
  it('uses MySQL type mappings and enum values, and keeps Unsupported() types', () => {
    const item = parseFixture('mysql/schema.prisma').tables?.[0];
    expect(item?.engine).toBe('mysql');
    expect(col(item, 'code')?.type).toBe('varchar(191)');
    expect(col(item, 'kind')?.type).toBe("enum('RAW','FINISHED')");
    expect(col(item, 'notes')).toMatchObject({ type: 'geometry', nullable: true });
  });

  it('reports a syntax error with its line instead of throwing', () => {
    const fragment = parseFixture('broken/schema.prisma');
    expect(fragment.tables).toBeUndefined();
    expect(fragment.diagnostics?.[0]).toMatchObject({
      severity: 'error',
      file: 'broken/schema.prisma',
      line: 8,
      origin: 'prisma',
    });
  });

  it('is routed by discovery to the prisma adapter', async () => {
    const result = await discoverDirectory(path.join(fixtures, 'good'));
    expect(result.model.artifacts).toEqual([
      { file: 'schema.prisma', kind: 'prisma', bytes: expect.any(Number) },
    ]);
    expect(result.model.tables).toHaveLength(3);
  });
});
