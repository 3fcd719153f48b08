import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/index.js';
import { buildModelIndex } from '../../../src/model/model-index.js';
import { dataRules } from '../../../src/rules/data/index.js';
import { ruleOptions } from '../../../src/rules/options.js';
import type { Rule } from '../../../src/rules/types.js';
import { corpusPath, corpusTitle } from '../../helpers/corpus.js';

const corpus = corpusPath('sql');

function discover(files: Record<string, string>) {
  return discoverFiles(Object.entries(files).map(([p, text]) => ({ path: p, text, bytes: text.length })));
}

function check(rule: Rule, files: Record<string, string>, options: Record<string, unknown> = {}) {
  const { model, documents, paths } = discover(files);
  return rule.check(model, {
    documents,
    paths,
    index: buildModelIndex(model),
    options: ruleOptions(rule, options),
  });
}

const rule = (id: string) => dataRules.find((r) => r.id === `data/${id}`) as Rule;

describe('data rules beyond their examples', () => {
  it('foreign-key-without-index: PostgreSQL and Prisma-on-PostgreSQL only; a composite index with the FK leading counts', () => {
    const prisma = (provider: string) =>
      `datasource db {\n  provider = "${provider}"\n  url = env("DB")\n}\nmodel A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n  a A @relation(fields: [aId], references: [id])\n  aId Int\n}\n`;
    expect(
      check(rule('foreign-key-without-index'), { 'prisma/schema.prisma': prisma('postgresql') }).findings,
    ).toHaveLength(1);
    expect(
      check(rule('foreign-key-without-index'), { 'prisma/schema.prisma': prisma('mysql') }).findings,
    ).toHaveLength(0);
    const sql =
      'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id), at timestamptz);\n';
    expect(
      check(rule('foreign-key-without-index'), { 's.sql': `${sql}CREATE INDEX b_a_at ON b (a_id, at);` })
        .findings,
    ).toEqual([]);
    expect(
      check(rule('foreign-key-without-index'), { 's.sql': `${sql}CREATE INDEX b_at_a ON b (at, a_id);` })
        .findings,
    ).toHaveLength(1);
  });

  it('unpartitioned-append-only-table: only when declared growth reaches the threshold (option minGrowthGbPerYear)', () => {
    const files = {
      'plumbline.yaml': 'system: shop\nrequirements:\n  dataGrowthGbPerYear: 10\n',
      'db/schema.sql': 'CREATE TABLE order_events (id bigint PRIMARY KEY, at timestamptz NOT NULL);\n',
    };
    const r = rule('unpartitioned-append-only-table');
    expect(check(r, files).findings).toEqual([]);
    const lowered = check(r, files, { minGrowthGbPerYear: 5 });
    expect(lowered.findings[0]?.message).toBe(
      'Append-only table order_events is not partitioned, with 10 GB/year of data growth declared',
    );
    expect(lowered.findings[0]?.data).toMatchObject({ dataGrowthGbPerYear: 10, thresholdGbPerYear: 5 });
  });

  it('nullable-required-column: optional relationships and plain value defaults stay allowed', () => {
    const outcome = check(rule('nullable-required-column'), {
      's.sql':
        "CREATE TABLE e (id int PRIMARY KEY, manager_id int REFERENCES e (id), rating text DEFAULT 'G', active boolean DEFAULT true, email text UNIQUE);\n",
    });
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]?.message).toBe(
      'Table e allows NULL where a value always exists: active (a flag defaulting to true; NULL would be a third state); email (a unique login identity)',
    );
  });

  it('enum-as-free-text: constrained by CHECK, Prisma enums and MySQL ENUM are fine', () => {
    const outcome = check(rule('enum-as-free-text'), {
      'a.sql': "CREATE TABLE t (id int PRIMARY KEY, status text, CONSTRAINT c CHECK (status IN ('a','b')));",
      'b/mysql/b.sql':
        "CREATE TABLE `u` (`id` int NOT NULL, `status` enum('a','b'), PRIMARY KEY (`id`)) ENGINE=InnoDB;",
      'c/order.sql': 'CREATE TABLE o (id int PRIMARY KEY, order_status varchar(20));',
    });
    expect(outcome.findings.map((f) => f.message)).toEqual([
      'o.order_status (varchar(20)) looks like a closed set of values but accepts any text',
    ]);
  });

  it('money-in-floating-point: PascalCase names and MySQL double are recognised', () => {
    const outcome = check(rule('money-in-floating-point'), {
      'db/mysql/s.sql':
        'CREATE TABLE `Line` (`Id` int NOT NULL, `UnitPrice` double NOT NULL, `Weight` double, PRIMARY KEY (`Id`)) ENGINE=InnoDB;',
    });
    expect(outcome.findings.map((f) => f.message)).toEqual([
      'Column Line.UnitPrice holds money in floating point (double)',
    ]);
  });
});

describe.skipIf(!existsSync(corpus))(
  corpusTitle('data rules on pagila and Chinook (hand-checked verdicts)', 'sql'),
  () => {
    const run = (rel: string) => {
      const text = readFileSync(path.join(corpus, rel), 'utf8');
      const { model, documents, paths } = discoverFiles([{ path: rel, text, bytes: text.length }]);
      const ctx = { documents, paths, index: buildModelIndex(model) };
      return Object.fromEntries(
        dataRules.map((r) => [r.id, r.check(model, { ...ctx, options: ruleOptions(r) })]),
      );
    };

    it('pagila: unindexed foreign keys (true: PostgreSQL scans the child on parent DELETE), one nullable audit timestamp', () => {
      const out = run('pagila/pagila-schema.sql');
      expect(out['data/foreign-key-without-index']?.findings.map((f) => f.element)).toEqual([
        'fk:pagila/pagila-schema.sql:public.film_category:category_id', // PK (film_id, category_id): category_id not leading
        'fk:pagila/pagila-schema.sql:public.inventory:film_id', // idx_store_id_film_id leads with store_id
        'fk:pagila/pagila-schema.sql:public.rental:customer_id', // unique (rental_date, inventory_id, customer_id)
        'fk:pagila/pagila-schema.sql:public.rental:staff_id',
        'fk:pagila/pagila-schema.sql:public.staff:address_id',
        'fk:pagila/pagila-schema.sql:public.staff:store_id',
        'fk:pagila/pagila-schema.sql:public.store:address_id',
        'fk-partitions:public.payment:rental_id', // payment_p2022_01..06 index customer_id and staff_id, not rental_id
      ]);
      expect(
        out['data/foreign-key-without-index']?.findings.map((f) => [f.messageId, f.message]).slice(-2),
      ).toEqual([
        [
          'unindexedForeignKey',
          'Foreign key public.store(address_id) → public.address(address_id) has no index on the referencing columns',
        ],
        [
          'unindexedOnPartitions',
          'Partitions of public.payment (payment_p2022_01, payment_p2022_02, payment_p2022_03, payment_p2022_04, payment_p2022_05, payment_p2022_06) have foreign key column rental_id without an index',
        ],
      ]);
      expect(out['data/nullable-required-column']?.findings.map((f) => f.message)).toEqual([
        'Table public.customer allows NULL where a value always exists: last_update (an audit timestamp every row has)',
      ]);
      for (const id of [
        'table-without-primary-key',
        'money-in-floating-point',
        'timestamp-without-time-zone',
        'unbounded-text-key',
      ]) {
        expect(out[`data/${id}`]?.findings).toEqual([]);
        expect(out[`data/${id}`]?.strength).toBeDefined();
      }
      expect(out['data/money-in-floating-point']?.strength).toBe(
        'All 2 money-like columns (film.replacement_cost, payment.amount) use exact numeric types',
      );
      expect(out['data/enum-as-free-text']?.findings).toEqual([]);
      expect(out['data/schema-coupling']?.findings).toEqual([]);
    });

    it('Chinook PostgreSQL: only timestamp without time zone (employee birth/hire dates, invoice_date)', () => {
      const out = run('chinook/Chinook_PostgreSql.sql');
      const all = Object.entries(out).flatMap(([id, o]) => o.findings.map((f) => `${id}: ${f.message}`));
      expect(all).toEqual([
        'data/timestamp-without-time-zone: Table employee stores birth_date (timestamp), hire_date (timestamp) without a time zone',
        'data/timestamp-without-time-zone: Table invoice stores invoice_date (timestamp) without a time zone',
      ]);
      expect(out['data/foreign-key-without-index']?.strength).toBe(
        'All 11 PostgreSQL foreign keys have an index on their referencing columns',
      );
    });

    it('Chinook MySQL: no findings (InnoDB indexes FKs itself; customer.state is an address field, not an enum)', () => {
      const out = run('chinook/Chinook_MySql.sql');
      expect(Object.values(out).flatMap((o) => o.findings)).toEqual([]);
    });
  },
);
