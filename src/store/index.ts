/** Opens the history store: PostgreSQL when a database URL is given, else a SQLite file in the data directory. */
import os from 'node:os';
import path from 'node:path';
import { PostgresDriver } from './postgres.js';
import { SqlStore } from './sql-store.js';
import { SqliteDriver } from './sqlite.js';
import type { Store } from './types.js';

export { SCHEMA_VERSION } from './migrations.js';
export * from './types.js';

export interface StoreOptions {
  /** postgres://… ; when set, PostgreSQL is used. */
  databaseUrl?: string;
  /** Directory of the SQLite file (plumbline.db). */
  dataDir?: string;
  /** A SQLite file path (tests); overrides dataDir. */
  sqliteFile?: string;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLUMBLINE_DATA_DIR || path.join(os.homedir(), '.plumbline');
}

/** Store options from the environment: DATABASE_URL, PLUMBLINE_DATA_DIR. */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreOptions {
  return env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: defaultDataDir(env) };
}

/** Opens and migrates the store. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const driver = options.databaseUrl
    ? new PostgresDriver(options.databaseUrl)
    : new SqliteDriver(options.sqliteFile ?? path.join(options.dataDir ?? defaultDataDir(), 'plumbline.db'));
  const store = new SqlStore(driver);
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}

/** Where the store lives, for logs (the PostgreSQL password is never shown). */
export function describeStore(options: StoreOptions): string {
  if (options.databaseUrl) {
    try {
      const u = new URL(options.databaseUrl);
      return `postgresql://${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
    } catch {
      return 'postgresql';
    }
  }
  return options.sqliteFile ?? path.join(options.dataDir ?? defaultDataDir(), 'plumbline.db');
}
