/** Opens the history store: PostgreSQL when a database URL is given, else a SQLite file in the data directory. */
import { readFileSync } from 'node:fs';
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

/** A setting from NAME, or from the file NAME_FILE names (container secrets), trimmed. */
export function envSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  if (env[name]) return env[name];
  const file = env[`${name}_FILE`];
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch (err) {
    throw new Error(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Store options from the environment: DATABASE_URL (or DATABASE_URL_FILE), PLUMBLINE_DATA_DIR. */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreOptions {
  const databaseUrl = envSetting(env, 'DATABASE_URL');
  return databaseUrl ? { databaseUrl } : { dataDir: defaultDataDir(env) };
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
