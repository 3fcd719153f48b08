/**
 * The Store over SQL: one implementation for both backends, written in the SQL both speak. A Driver runs
 * statements with `$1`-style parameters (the SQLite driver rewrites them to `?1`) and transactions.
 */
import type { Severity } from '../rules/types.js';
import { MIGRATIONS } from './migrations.js';
import {
  type ApiKeyRecord,
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  type ListReviewsQuery,
  type NewApiKey,
  type NewReview,
  type Page,
  type ReviewRecord,
  type ReviewSummary,
  type Scope,
  type Store,
  type SystemRecord,
  type TrendPoint,
} from './types.js';

export type Row = Record<string, unknown>;

export interface Driver {
  readonly kind: 'sqlite' | 'postgres';
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs fn inside one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Pick<Driver, 'query'>) => Promise<T>): Promise<T>;
  /** Serialises migrators across processes where the backend can (PostgreSQL advisory lock). */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const REVIEW_COLUMNS =
  'seq, id, system, path, status, created_at, started_at, finished_at, error, score, rating, findings, critical, high, medium, low, info';

function iso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

function reviewOf(row: Row): ReviewRecord {
  const record: ReviewRecord = {
    id: String(row.id),
    system: String(row.system),
    path: String(row.path),
    status: row.status as ReviewRecord['status'],
    createdAt: iso(row.created_at)!,
  };
  const startedAt = iso(row.started_at);
  if (startedAt) record.startedAt = startedAt;
  const finishedAt = iso(row.finished_at);
  if (finishedAt) record.finishedAt = finishedAt;
  if (row.error !== null && row.error !== undefined) record.error = String(row.error);
  if (row.score !== null && row.score !== undefined) record.summary = summaryOf(row);
  return record;
}

function summaryOf(row: Row): ReviewSummary {
  const bySeverity = {} as Record<Severity, number>;
  for (const s of ['critical', 'high', 'medium', 'low', 'info'] as const) bySeverity[s] = num(row[s]);
  return { score: num(row.score), rating: String(row.rating), findings: num(row.findings), bySeverity };
}

function keyOf(row: Row): ApiKeyRecord {
  const key: ApiKeyRecord = {
    id: String(row.id),
    name: String(row.name),
    scope: row.scope as Scope,
    prefix: String(row.prefix),
    createdAt: iso(row.created_at)!,
  };
  const revokedAt = iso(row.revoked_at);
  if (revokedAt) key.revokedAt = revokedAt;
  return key;
}

export class SqlStore implements Store {
  readonly kind: 'sqlite' | 'postgres';

  constructor(private readonly db: Driver) {
    this.kind = db.kind;
  }

  async migrate(): Promise<number> {
    return this.db.withMigrationLock(async () => {
      await this.db.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const rows = await this.db.query('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => num(r.version)));
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await this.db.transaction(async (tx) => {
          for (const sql of this.kind === 'sqlite' ? m.sqlite : m.postgres) await tx.query(sql);
          await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            new Date().toISOString(),
          ]);
        });
      }
      const [row] = await this.db.query('SELECT MAX(version) AS v FROM schema_migrations');
      return num(row?.v ?? 0);
    });
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1 AS ok');
  }

  close(): Promise<void> {
    return this.db.close();
  }

  async createReview(review: NewReview): Promise<ReviewRecord> {
    const [row] = await this.db.query(
      `INSERT INTO reviews (id, system, path, status, created_at) VALUES ($1, $2, $3, 'queued', $4) RETURNING ${REVIEW_COLUMNS}`,
      [review.id, review.system, review.path, review.createdAt],
    );
    return reviewOf(row!);
  }

  async startReview(id: string, at: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE reviews SET status = 'running', started_at = $2 WHERE id = $1 AND status = 'queued' RETURNING id`,
      [id, at],
    );
    return rows.length === 1;
  }

  async completeReview(id: string, report: unknown, summary: ReviewSummary, at: string): Promise<void> {
    const text = typeof report === 'string' ? report : JSON.stringify(report);
    const s = summary.bySeverity;
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE reviews SET status = 'succeeded', finished_at = $2, error = NULL, score = $3, rating = $4, findings = $5,
           critical = $6, high = $7, medium = $8, low = $9, info = $10 WHERE id = $1`,
        [
          id,
          at,
          summary.score,
          summary.rating,
          summary.findings,
          s.critical,
          s.high,
          s.medium,
          s.low,
          s.info,
        ],
      );
      await tx.query('DELETE FROM review_reports WHERE review_id = $1', [id]);
      await tx.query('INSERT INTO review_reports (review_id, report) VALUES ($1, $2)', [id, text]);
    });
  }

  async discardReview(id: string): Promise<boolean> {
    const rows = await this.db.query(`DELETE FROM reviews WHERE id = $1 AND status = 'queued' RETURNING id`, [
      id,
    ]);
    return rows.length === 1;
  }

  async failReview(id: string, error: string, at: string): Promise<void> {
    await this.db.query(`UPDATE reviews SET status = 'failed', finished_at = $2, error = $3 WHERE id = $1`, [
      id,
      at,
      error,
    ]);
  }

  async getReview(id: string): Promise<ReviewRecord | undefined> {
    const [row] = await this.db.query(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE id = $1`, [id]);
    return row ? reviewOf(row) : undefined;
  }

  async getReportText(id: string): Promise<string | undefined> {
    const cast = this.kind === 'postgres' ? 'report::text' : 'report';
    const [row] = await this.db.query(`SELECT ${cast} AS report FROM review_reports WHERE review_id = $1`, [
      id,
    ]);
    return row ? String(row.report) : undefined;
  }

  async listReviews(query: ListReviewsQuery): Promise<Page<ReviewRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.system !== undefined) {
      params.push(query.system);
      where.push(`system = $${params.length}`);
    }
    if (query.status !== undefined) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    if (query.cursor !== undefined) {
      const seq = decodeCursor(query.cursor);
      if (seq === undefined) throw new InvalidCursorError();
      params.push(seq);
      where.push(`seq < $${params.length}`);
    }
    params.push(query.limit + 1);
    const rows = await this.db.query(
      `SELECT ${REVIEW_COLUMNS} FROM reviews ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const page: Page<ReviewRecord> = { items: rows.slice(0, query.limit).map(reviewOf) };
    if (rows.length > query.limit) page.next = encodeCursor(num(rows[query.limit - 1]!.seq));
    return page;
  }

  async unfinishedReviews(): Promise<ReviewRecord[]> {
    const rows = await this.db.query(
      `SELECT ${REVIEW_COLUMNS} FROM reviews WHERE status IN ('queued', 'running') ORDER BY seq`,
    );
    return rows.map(reviewOf);
  }

  async requeueRunning(): Promise<number> {
    const rows = await this.db.query(
      `UPDATE reviews SET status = 'queued', started_at = NULL WHERE status = 'running' RETURNING id`,
    );
    return rows.length;
  }

  async listSystems(): Promise<SystemRecord[]> {
    const rows = await this.db.query(
      `SELECT system, COUNT(*) AS reviews, MAX(created_at) AS last_review_at FROM reviews GROUP BY system ORDER BY system`,
    );
    const latest = await this.db.query(
      `SELECT r.* FROM reviews r JOIN (SELECT system, MAX(seq) AS seq FROM reviews WHERE status = 'succeeded' GROUP BY system) l
         ON r.seq = l.seq`,
    );
    const latestOf = new Map(latest.map((r) => [String(r.system), r]));
    return rows.map((r) => {
      const system: SystemRecord = {
        name: String(r.system),
        reviews: num(r.reviews),
        lastReviewAt: iso(r.last_review_at)!,
      };
      const l = latestOf.get(system.name);
      if (l) system.latest = { id: String(l.id), summary: summaryOf(l) };
      return system;
    });
  }

  async trend(system: string, limit: number): Promise<TrendPoint[]> {
    const rows = await this.db.query(
      `SELECT ${REVIEW_COLUMNS} FROM reviews WHERE system = $1 AND status = 'succeeded' ORDER BY seq DESC LIMIT $2`,
      [system, limit],
    );
    return rows
      .reverse()
      .map((r) => ({ id: String(r.id), finishedAt: iso(r.finished_at)!, summary: summaryOf(r) }));
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const [row] = await this.db.query(
      'INSERT INTO api_keys (id, name, scope, prefix, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, scope, prefix, created_at, revoked_at',
      [key.id, key.name, key.scope, key.prefix, key.hash, key.createdAt],
    );
    return keyOf(row!);
  }

  async findApiKey(hash: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.db.query(
      'SELECT id, name, scope, prefix, created_at, revoked_at FROM api_keys WHERE hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    return row ? keyOf(row) : undefined;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const rows = await this.db.query(
      'SELECT id, name, scope, prefix, created_at, revoked_at FROM api_keys ORDER BY created_at, id',
    );
    return rows.map(keyOf);
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [id, at],
    );
    return rows.length === 1;
  }

  async countApiKeys(): Promise<number> {
    const [row] = await this.db.query('SELECT COUNT(*) AS n FROM api_keys');
    return num(row?.n ?? 0);
  }
}
