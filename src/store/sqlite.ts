/**
 * SQLite backend: node-sqlite3-wasm, SQLite compiled to WebAssembly with real file I/O. No native addon, so one
 * `npm ci` serves every Node version (docs/server.md says why not better-sqlite3 or node:sqlite). Its calls
 * are synchronous; every statement and transaction runs through one queue so an awaited transaction never
 * interleaves with other statements on the connection.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Driver, Row } from './sql-store.js';

interface WasmDatabase {
  all(sql: string, values?: unknown[]): Row[];
  exec(sql: string): void;
  close(): void;
  readonly inTransaction: boolean;
}

const require = createRequire(import.meta.url);

/** `$1` → `?1`: SQLite's numbered parameters, so both backends share the statement text. */
function sqliteParams(sql: string): string {
  return sql.replace(/\$(\d+)/g, '?$1');
}

export class SqliteDriver implements Driver {
  readonly kind = 'sqlite' as const;
  private readonly db: WasmDatabase;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const { Database } = require('node-sqlite3-wasm') as { Database: new (file: string) => WasmDatabase };
    this.db = new Database(file);
    // Another process (e.g. `plumbline keys` beside a running server) waits for the lock instead of failing.
    this.db.exec('PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL');
  }

  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private run(sql: string, params: unknown[] = []): Row[] {
    return this.db.all(
      sqliteParams(sql),
      params.map((p) => (p === undefined ? null : p)),
    );
  }

  query(sql: string, params?: unknown[]): Promise<Row[]> {
    return this.serial(() => this.run(sql, params));
  }

  transaction<T>(fn: (tx: Pick<Driver, 'query'>) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn({ query: async (sql, params) => this.run(sql, params) });
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  withMigrationLock<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  close(): Promise<void> {
    return this.serial(() => this.db.close());
  }
}
