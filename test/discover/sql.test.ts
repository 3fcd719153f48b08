import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDirectory, discoverFiles } from '../../src/discover/index.js';
import { detectDialect, migrationPlace } from '../../src/discover/sql/files.js';
import { splitSqlStatements } from '../../src/discover/sql/split.js';
import type { Table } from '../../src/model/schema.js';
import { corpusPath, corpusTitle } from '../helpers/corpus.js';

const fixtures = path.resolve(__dirname, '../fixtures/sql');
const corpus = corpusPath('sql');

const byName = (tables: Table[]) => Object.fromEntries(tables.map((t) => [t.name, t]));
const col = (t: Table | undefined, name: string) => t?.columns.find((c) => c.name === name);

describe('SQL statement splitting', () => {
  it('keeps semicolons inside dollar quotes, strings, comments and COPY data, and drops psql meta-commands', () => {
    const sql = [
      '\\connect shop',
      'CREATE FUNCTION f() RETURNS int AS $x$ SELECT 1; $x$ LANGUAGE sql;',
      "INSERT INTO t VALUES ('a;b', E'c\\';d'); -- trailing; comment",
      '/* block; /* nested; */ still comment */ SELECT 2;',
      'COPY t (a) FROM stdin;',
      'x;y',
      '\\.',
      'SELECT 3;',
    ].join('\n');
    const statements = splitSqlStatements(sql);
    expect(statements.map((s) => s.head.split(' ')[0])).toEqual([
      'CREATE',
      'INSERT',
      'SELECT',
      'COPY',
      'SELECT',
    ]);
    expect(statements.map((s) => s.line)).toEqual([2, 3, 4, 5, 8]);
  });

  it('follows the MySQL DELIMITER command and backslash escapes', () => {
    const sql =
      "INSERT INTO t VALUES ('it\\'s;');\nDELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\nDELIMITER ;\nSELECT 2;";
    const statements = splitSqlStatements(sql, { backslashEscapes: true });
    expect(statements.map((s) => s.head.split(' ').slice(0, 2).join(' '))).toEqual([
      'INSERT INTO',
      'CREATE PROCEDURE',
      'SELECT',
    ]);
  });
});

describe('dialect and migration placement', () => {
  it('reads the dialect from path hints, then content', () => {
    expect(detectDialect('db/Chinook_MySql.sql', '')).toBe('mysql');
    expect(detectDialect('schema.sql', 'CREATE TABLE `a` (id int AUTO_INCREMENT) ENGINE=InnoDB;')).toBe(
      'mysql',
    );
    expect(detectDialect('schema.sql', 'CREATE TABLE a (id bigserial, at timestamptz);')).toBe('postgres');
    expect(detectDialect('schema.sql', 'CREATE TABLE a (id int);')).toBe('postgres');
  });

  it('orders Flyway, numbered and timestamped migrations by their version prefix', () => {
    expect(migrationPlace('db/migration/V1_1__x.sql')).toMatchObject({
      set: 'db/migration',
      order: [1, 1],
      ordered: true,
    });
    expect(migrationPlace('db/migrations/001_init.up.sql')).toMatchObject({ order: [1], down: false });
    expect(migrationPlace('db/migrations/001_init.down.sql').down).toBe(true);
    expect(migrationPlace('db/migration/U2__undo.sql').down).toBe(true);
    expect(migrationPlace('prisma/migrations/20240102030405_init/migration.sql')).toMatchObject({
      set: 'prisma/migrations',
      order: [20240102030405],
    });
    expect(migrationPlace('sql/schema.sql')).toMatchObject({ set: 'sql', order: [], ordered: false });
  });
});

describe('SQL adapter on hand-written PostgreSQL and MySQL schemas', async () => {
  const result = await discoverDirectory(path.join(fixtures, 'good'));
  const tables = byName(result.model.tables);

  it('reads every table and only the tables (COPY data and function bodies are not DDL)', () => {
    expect(Object.keys(tables).sort()).toEqual([
      'Audit Log',
      'customers',
      'orders',
      'orders_2024',
      'stock',
      'warehouse',
    ]);
    expect(result.model.diagnostics).toEqual([]);
  });

  it('reads columns with normalised types, NOT NULL, defaults, inline keys and lines', () => {
    const customers = tables.customers;
    expect(customers?.dialect).toBe('postgres');
    expect(col(customers, 'id')).toMatchObject({ type: 'bigserial', nullable: false, primaryKey: true });
    expect(col(customers, 'email')).toMatchObject({
      type: 'varchar(255)',
      nullable: false,
      unique: true,
      source: { line: 19 },
    });
    expect(col(customers, 'note')?.default).toBe("E'it''s; fine\\\\n'");
    expect(col(customers, 'created_at')).toMatchObject({ type: 'timestamptz', default: 'now()' });
    // ALTER TABLE … ADD COLUMN …, ALTER COLUMN … SET NOT NULL in the same file
    expect(col(customers, 'tier')).toMatchObject({
      type: 'varchar(20)',
      nullable: true,
      source: { line: 49 },
    });
    expect(col(customers, 'name')?.nullable).toBe(false);
    expect(customers?.indexes).toEqual([
      {
        name: 'customers_lower_email',
        columns: ['lower(email)'],
        unique: true,
        source: { file: 'shop.sql', line: 47 },
      },
    ]);
  });

  it('reads user-defined types, identity columns, CHECKs, table-level keys and partitioning', () => {
    const orders = tables.orders;
    expect(col(orders, 'status')).toMatchObject({ type: 'order_status', default: "'new'" });
    expect(col(orders, 'total')).toMatchObject({ type: 'numeric(12,2)', checked: true });
    expect(col(orders, 'placed_at')?.type).toBe('timestamp with time zone');
    expect(orders?.primaryKey).toEqual(['id', 'placed_at']);
    expect(orders?.foreignKeys).toEqual([
      {
        columns: ['customer_id'],
        refTable: 'customers',
        refColumns: ['id'],
        source: { file: 'shop.sql', line: 27 },
      },
    ]);
    expect(orders?.indexes.map((i) => i.columns)).toEqual([['customer_id']]);
    expect(orders?.partitionedBy).toBe('range(placed_at)');
    expect(tables.orders_2024).toMatchObject({ isPartition: true, partitionOf: 'orders' });
    expect(tables.orders_2024?.columns.map((c) => c.name)).toEqual(orders?.columns.map((c) => c.name));
    expect(tables['Audit Log']?.primaryKey).toEqual(['Id']);
  });

  it('reads MySQL dumps: backticks, AUTO_INCREMENT, KEY/UNIQUE KEY, enum, procedures skipped', () => {
    const stock = tables.stock;
    expect(stock?.dialect).toBe('mysql');
    expect(stock?.primaryKey).toEqual(['warehouse_id', 'sku']);
    expect(col(stock, 'unit_cost')?.type).toBe('double');
    expect(col(stock, 'kind')?.type).toBe("enum('raw','finished')");
    expect(col(stock, 'warehouse_id')?.type).toBe('int unsigned');
    expect(stock?.indexes.map((i) => `${i.name}:${i.columns.join(',')}`)).toEqual([
      'stock_sku:sku',
      'stock_kind:kind',
    ]);
    expect(stock?.foreignKeys[0]).toMatchObject({
      columns: ['warehouse_id'],
      refTable: 'warehouse',
      refColumns: ['id'],
    });
    expect(tables.warehouse?.uniques).toEqual([['code']]);
    expect(col(tables.warehouse, 'city')).toMatchObject({ nullable: true, default: 'NULL' });
  });

  it('removes the migration bookkeeping from the final model', () => {
    expect(result.model.tables.every((t) => t.migration === undefined)).toBe(true);
  });
});

describe('SQL adapter on broken input', async () => {
  const result = await discoverDirectory(path.join(fixtures, 'broken'));

  it('keeps the tables around the statements it cannot read, with one info diagnostic for the file', () => {
    expect(result.model.tables.map((t) => t.name)).toEqual(['good_one', 'good_two']);
    expect(result.model.tables[1]?.foreignKeys[0]?.refTable).toBe('good_one');
    const sqlDiagnostics = result.model.diagnostics.filter((d) => d.origin === 'sql');
    expect(sqlDiagnostics).toHaveLength(1);
    expect(sqlDiagnostics[0]).toMatchObject({ severity: 'info', file: 'half.sql', line: 6 });
    expect(sqlDiagnostics[0]?.message).toContain('lines 6, 8, 15');
  });

  it('never throws on binary-ish or empty text', () => {
    const r = discoverFiles([
      { path: 'a.sql', text: '', bytes: 0 },
      { path: 'b.sql', text: '\u0000\u0001CREATE TABLE (((', bytes: 20 },
      { path: 'c.sql', text: "CREATE TABLE x (a text DEFAULT 'unterminated", bytes: 40 },
    ]);
    expect(r.model.tables.length).toBeLessThanOrEqual(1);
  });
});

describe('ordered migrations', async () => {
  const result = await discoverDirectory(path.join(fixtures, 'migrations'));
  const tables = byName(result.model.tables);

  it('applies V1, V2, V3, V10 in version order (not file-name order) and ignores undo scripts', () => {
    const orders = tables.orders;
    expect(orders?.id).toBe('db/migrations/V1__create_orders.sql:orders');
    // note: added in V2, dropped in V3 (U3 would add it back and is ignored); shipped_at renamed in V3, retyped in V10
    expect(orders?.columns.map((c) => c.name)).toEqual(['id', 'customer_id', 'total', 'shipped_on']);
    expect(col(orders, 'shipped_on')).toMatchObject({
      type: 'timestamptz',
      source: { file: 'db/migrations/V2__add_note.sql', line: 2 },
    });
    expect(orders?.foreignKeys).toEqual([
      {
        columns: ['customer_id'],
        refTable: 'customers',
        refColumns: ['id'],
        source: { file: 'db/migrations/V10__index_and_fk.sql', line: 2 },
      },
    ]);
    expect(orders?.indexes[0]).toMatchObject({ name: 'orders_customer_idx', source: { line: 3 } });
    expect(Object.keys(tables).sort()).toEqual(['customers', 'orders']);
    expect(result.model.diagnostics).toEqual([]);
  });

  it('skips .down.sql files in numbered migrations', async () => {
    const numbered = await discoverDirectory(path.join(fixtures, 'numbered'));
    expect(numbered.model.tables).toHaveLength(1);
    expect(numbered.model.tables[0]?.columns.map((c) => c.name)).toEqual(['id', 'kind', 'payload']);
  });

  it('reports an ALTER of a table no scanned file creates', () => {
    const r = discoverFiles([
      { path: 'db/migrations/V2__x.sql', text: 'ALTER TABLE ghosts ADD COLUMN boo int;', bytes: 38 },
    ]);
    expect(r.model.tables).toEqual([]);
    expect(r.model.diagnostics[0]).toMatchObject({
      severity: 'info',
      file: 'db/migrations/V2__x.sql',
      line: 1,
    });
  });
});

const PAGILA_TABLES = [
  'actor',
  'address',
  'category',
  'city',
  'country',
  'customer',
  'film',
  'film_actor',
  'film_category',
  'film_embedding',
  'inventory',
  'language',
  'payment',
  'rental',
  'staff',
  'store',
];

describe.skipIf(!existsSync(corpus))(corpusTitle('SQL corpus: pagila and Chinook', 'sql'), () => {
  const read = (rel: string) => {
    const text = readFileSync(path.join(corpus, rel), 'utf8');
    return { path: rel, text, bytes: Buffer.byteLength(text) };
  };

  it('pagila: every table, the partitioned payment table and its 55 attached partitions, FKs and indexes', () => {
    // Speed is measured by `npm run bench`, not asserted here.
    const file = read('pagila/pagila-schema.sql');
    const { model } = discoverFiles([file]);
    const base = model.tables.filter((t) => !t.isPartition);
    expect(base.map((t) => t.name).sort()).toEqual(PAGILA_TABLES);
    expect(base.every((t) => t.schema === 'public' && t.dialect === 'postgres')).toBe(true);
    const tables = byName(model.tables);

    const partitions = model.tables.filter((t) => t.isPartition);
    expect(partitions).toHaveLength(55); // payment_p2022_01 … payment_p2026_07
    expect(
      partitions.every((t) => t.partitionOf === 'public.payment' && /^payment_p20\d\d_\d\d$/.test(t.name)),
    ).toBe(true);
    expect(tables.payment?.partitionedBy).toBe('range(payment_date)');
    expect(tables.payment?.primaryKey).toEqual(['payment_date', 'payment_id']);

    // film needs the token reader: public.year, public.mpaa_rating, text[], tsvector, a generated column
    const film = tables.film;
    expect(film?.columns.map((c) => c.name)).toEqual([
      'film_id',
      'title',
      'description',
      'release_year',
      'language_id',
      'original_language_id',
      'rental_duration',
      'rental_rate',
      'length',
      'replacement_cost',
      'rating',
      'last_update',
      'special_features',
      'fulltext',
      'length_hours',
    ]);
    expect(col(film, 'rating')).toMatchObject({ type: 'public.mpaa_rating', source: { line: 449 } });
    expect(col(film, 'fulltext')).toMatchObject({ type: 'tsvector', nullable: false });
    expect(col(tables.film_embedding, 'embedding')?.type).toBe('public.vector(20)');

    // primary keys come from ALTER TABLE ONLY … ADD CONSTRAINT near the end of the dump
    expect(tables.film_actor?.primaryKey).toEqual(['actor_id', 'film_id']);
    expect(tables.actor?.primaryKey).toEqual(['actor_id']);
    const fks = base.flatMap((t) =>
      t.foreignKeys.map((f) => `${t.name}.${f.columns.join(',')}->${f.refTable}`),
    );
    expect(fks.sort()).toEqual([
      'address.city_id->public.city',
      'city.country_id->public.country',
      'customer.address_id->public.address',
      'customer.store_id->public.store',
      'film.language_id->public.language',
      'film.original_language_id->public.language',
      'film_actor.actor_id->public.actor',
      'film_actor.film_id->public.film',
      'film_category.category_id->public.category',
      'film_category.film_id->public.film',
      'film_embedding.film_id->public.film',
      'inventory.film_id->public.film',
      'inventory.store_id->public.store',
      'rental.customer_id->public.customer',
      'rental.inventory_id->public.inventory',
      'rental.staff_id->public.staff',
      'staff.address_id->public.address',
      'staff.store_id->public.store',
      'store.address_id->public.address',
    ]);
    expect(tables.payment_p2022_01?.foreignKeys.map((f) => f.columns[0])).toEqual([
      'customer_id',
      'rental_id',
      'staff_id',
    ]);
    expect(tables.rental?.indexes.map((i) => `${i.name}${i.unique ? '!' : ''}`)).toEqual([
      'idx_fk_inventory_id',
      'idx_unq_rental_rental_date_inventory_id_customer_id!',
      'rental_uuid_key!',
    ]);
    expect(tables.film_embedding?.indexes[0]).toMatchObject({
      name: 'film_embedding_embedding_hnsw_idx',
      columns: ['embedding'],
    });
    // The dump's only non-table index (on the materialized view rental_by_category) is not a table's.
    expect(model.diagnostics).toEqual([]);
  });

  const CHINOOK = [
    'album',
    'artist',
    'customer',
    'employee',
    'genre',
    'invoice',
    'invoice_line',
    'media_type',
    'playlist',
    'playlist_track',
    'track',
  ];
  const CHINOOK_FKS = [
    'album.artist_id->artist',
    'customer.support_rep_id->employee',
    'employee.reports_to->employee',
    'invoice.customer_id->customer',
    'invoice_line.invoice_id->invoice',
    'invoice_line.track_id->track',
    'playlist_track.playlist_id->playlist',
    'playlist_track.track_id->track',
    'track.album_id->album',
    'track.genre_id->genre',
    'track.media_type_id->media_type',
  ];
  const snake = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

  it.each([
    ['chinook/Chinook_PostgreSql.sql', 'postgres'],
    ['chinook/Chinook_MySql.sql', 'mysql'],
  ] as const)('%s: 11 tables with keys and FKs, INSERT data skipped', (rel, dialect) => {
    const file = read(rel);
    const { model } = discoverFiles([file]);
    expect(model.diagnostics).toEqual([]);
    expect(model.tables.map((t) => snake(t.name)).sort()).toEqual(CHINOOK);
    expect(model.tables.every((t) => t.dialect === dialect && (t.primaryKey?.length ?? 0) > 0)).toBe(true);
    const fks = model.tables.flatMap((t) =>
      t.foreignKeys.map((f) => `${snake(t.name)}.${snake(f.columns.join(','))}->${snake(f.refTable)}`),
    );
    expect(fks.sort()).toEqual(CHINOOK_FKS);
    const invoice = model.tables.find((t) => snake(t.name) === 'invoice');
    expect(invoice?.columns.find((c) => snake(c.name) === 'total')).toMatchObject({
      type: 'numeric(10,2)',
      nullable: false,
    });
    expect(model.tables.reduce((n, t) => n + t.indexes.length, 0)).toBe(11);
  });
});
