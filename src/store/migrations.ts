/**
 * Versioned schema migrations, one list per dialect kept in step (same versions, same tables). Each applies in
 * its own transaction and is recorded in schema_migrations; a store applies the ones it has not. Reports are
 * PostgreSQL `json` (not `jsonb`), which keeps the text as written, so a stored report reads back byte for byte.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'reviews, reports and api keys',
    sqlite: [
      `CREATE TABLE reviews (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        system TEXT NOT NULL,
        path TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed')),
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        error TEXT,
        score REAL,
        rating TEXT,
        findings INTEGER,
        critical INTEGER,
        high INTEGER,
        medium INTEGER,
        low INTEGER,
        info INTEGER
      )`,
      'CREATE INDEX reviews_system_seq ON reviews (system, seq)',
      'CREATE INDEX reviews_status ON reviews (status)',
      `CREATE TABLE review_reports (
        review_id TEXT PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
        report TEXT NOT NULL
      )`,
      `CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('read','write','admin')),
        prefix TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      )`,
    ],
    postgres: [
      `CREATE TABLE reviews (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        system TEXT NOT NULL,
        path TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed')),
        created_at TIMESTAMPTZ NOT NULL,
        started_at TIMESTAMPTZ,
        finished_at TIMESTAMPTZ,
        error TEXT,
        score DOUBLE PRECISION,
        rating TEXT,
        findings INTEGER,
        critical INTEGER,
        high INTEGER,
        medium INTEGER,
        low INTEGER,
        info INTEGER
      )`,
      'CREATE INDEX reviews_system_seq ON reviews (system, seq)',
      'CREATE INDEX reviews_status ON reviews (status)',
      `CREATE TABLE review_reports (
        review_id TEXT PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
        report JSON NOT NULL
      )`,
      `CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('read','write','admin')),
        prefix TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL,
        revoked_at TIMESTAMPTZ
      )`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
