/**
 * Versioned schema migrations, each written once for both dialects (only the column types in Dialect differ).
 * Each applies in its own transaction and is recorded in schema_migrations; a store applies the ones it has not.
 * Reports are PostgreSQL `json` (not `jsonb`), which keeps the text as written, so a stored report reads back
 * byte for byte.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
}

/** The column types that differ between the dialects; everything else in a table is written once. */
interface Dialect {
  /** An auto-numbered primary key. */
  seq: string;
  time: string;
  real: string;
  /** A stored report (text kept byte for byte). */
  json: string;
}

const SQLITE: Dialect = {
  seq: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  time: 'TEXT',
  real: 'REAL',
  json: 'TEXT',
};
const POSTGRES: Dialect = {
  seq: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  time: 'TIMESTAMPTZ',
  real: 'DOUBLE PRECISION',
  json: 'JSON',
};

/** Version 1: reviews, their reports and the API keys. */
function reviewsReportsAndKeys(t: Dialect): string[] {
  return [
    `CREATE TABLE reviews (
        seq ${t.seq},
        id TEXT NOT NULL UNIQUE,
        system TEXT NOT NULL,
        path TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed')),
        created_at ${t.time} NOT NULL,
        started_at ${t.time},
        finished_at ${t.time},
        error TEXT,
        score ${t.real},
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
        report ${t.json} NOT NULL
      )`,
    `CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('read','write','admin')),
        prefix TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at ${t.time} NOT NULL,
        revoked_at ${t.time}
      )`,
  ];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'reviews, reports and api keys',
    sqlite: reviewsReportsAndKeys(SQLITE),
    postgres: reviewsReportsAndKeys(POSTGRES),
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
