/**
 * The store backends the tests run against: SQLite always (a temp file), PostgreSQL when
 * PLUMBLINE_TEST_DATABASE_URL names a server (`eval "$(bash scripts/test-postgres.sh start)"`; .ci/run does it).
 * Each opened store gets its own PostgreSQL schema, so test files running in parallel never see each other.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.js';

export const postgresUrl = process.env.PLUMBLINE_TEST_DATABASE_URL;

if (!postgresUrl) {
  if (process.env.CI) throw new Error('CI must run the PostgreSQL tests: set PLUMBLINE_TEST_DATABASE_URL');
  console.warn(
    'PostgreSQL tests skipped: PLUMBLINE_TEST_DATABASE_URL is not set (eval "$(bash scripts/test-postgres.sh start)")',
  );
}

export interface OpenedStore {
  store: Store;
  options: StoreOptions;
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  skip: boolean;
  /** Store options for a fresh, empty store. */
  fresh(): Promise<{ options: StoreOptions; cleanup(): Promise<void> }>;
  open(): Promise<OpenedStore>;
}

async function freshSqlite() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-store-'));
  return {
    options: { sqliteFile: path.join(dir, 'plumbline.db') } as StoreOptions,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function freshPostgres() {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(postgresUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    options: { databaseUrl: url.toString() } as StoreOptions,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

function backend(name: Backend['name'], fresh: Backend['fresh'], skip: boolean): Backend {
  return {
    name,
    skip,
    fresh,
    async open() {
      const f = await fresh();
      const store = await openStore(f.options);
      return {
        store,
        options: f.options,
        cleanup: async () => {
          await store.close().catch(() => undefined);
          await f.cleanup();
        },
      };
    },
  };
}

export const backends: Backend[] = [
  backend('sqlite', freshSqlite, false),
  backend('postgres', freshPostgres, !postgresUrl),
];
