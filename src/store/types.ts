/** The history store: one interface, a SQLite file by default and PostgreSQL when DATABASE_URL is set. */
import type { Severity } from '../rules/types.js';

export type ReviewStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type Scope = 'read' | 'write' | 'admin';
export const SCOPES: Scope[] = ['read', 'write', 'admin'];

/** What a finished review's report adds to its row, for lists and trends without loading the report. */
export interface ReviewSummary {
  score: number;
  rating: string;
  findings: number;
  bySeverity: Record<Severity, number>;
}

export interface ReviewRecord {
  id: string;
  system: string;
  /** The reviewed directory as the client named it. */
  path: string;
  status: ReviewStatus;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
  summary?: ReviewSummary;
}

export interface NewReview {
  id: string;
  system: string;
  path: string;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor of the next page; absent on the last page. */
  next?: string;
}

export interface ListReviewsQuery {
  system?: string;
  status?: ReviewStatus;
  limit: number;
  cursor?: string;
}

export interface SystemRecord {
  name: string;
  reviews: number;
  lastReviewAt: string;
  /** The latest finished review's summary. */
  latest?: { id: string; summary: ReviewSummary };
}

/** One finished review of a system: findings by severity over time. */
export interface TrendPoint {
  id: string;
  finishedAt: string;
  summary: ReviewSummary;
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  scope: Scope;
  /** The first characters of the key, to tell keys apart in lists; the key itself is never stored. */
  prefix: string;
  createdAt: string;
  revokedAt?: string;
}

export interface NewApiKey {
  id: string;
  name: string;
  scope: Scope;
  prefix: string;
  /** SHA-256 of the key, hex. */
  hash: string;
  createdAt: string;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations; returns the schema version now in force. */
  migrate(): Promise<number>;
  /** Throws when the backend cannot answer a query. */
  ping(): Promise<void>;
  close(): Promise<void>;

  createReview(review: NewReview): Promise<ReviewRecord>;
  /** queued → running; false when the review was not queued (another worker took it). */
  startReview(id: string, at: string): Promise<boolean>;
  /** Stores the report and the summary in one transaction. */
  completeReview(id: string, report: unknown, summary: ReviewSummary, at: string): Promise<void>;
  failReview(id: string, error: string, at: string): Promise<void>;
  /** Removes a review that never left the queue (one coalesced into a review already waiting); false otherwise. */
  discardReview(id: string): Promise<boolean>;
  getReview(id: string): Promise<ReviewRecord | undefined>;
  /** The report's JSON text, as stored. */
  getReportText(id: string): Promise<string | undefined>;
  /** Newest first. */
  listReviews(query: ListReviewsQuery): Promise<Page<ReviewRecord>>;
  /** Reviews left queued or running (e.g. by a crash), oldest first, to be run again. */
  unfinishedReviews(): Promise<ReviewRecord[]>;
  /** Running reviews go back to queued (after a restart nothing is running). */
  requeueRunning(): Promise<number>;
  listSystems(): Promise<SystemRecord[]>;
  /** Finished reviews of a system, oldest first, at most `limit` (the newest ones). */
  trend(system: string, limit: number): Promise<TrendPoint[]>;

  createApiKey(key: NewApiKey): Promise<ApiKeyRecord>;
  /** An active (not revoked) key by the hash of its secret. */
  findApiKey(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** false when no active key has this id. */
  revokeApiKey(id: string, at: string): Promise<boolean>;
  countApiKeys(): Promise<number>;
}

/** Cursors are opaque to clients: the sequence number of the last row seen, base64url-encoded. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`s${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^s(\d{1,15})$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one this server issued');
    this.name = 'InvalidCursorError';
  }
}
