/**
 * Review jobs on PostgreSQL through pg-boss (docs/server.md, "Distributed queue"). `plumbline serve` only
 * enqueues; `plumbline worker` processes, on any number of machines against the same database. pg-boss gives:
 * - `stately` queue policy with the repository as singleton key: per repository at most one review waiting
 *   and one running, so a repository is never reviewed twice at once and a burst of pushes coalesces;
 * - retries with exponential backoff, and a dead-letter queue once they are spent;
 * - expiry as the visibility timeout: a job whose worker died (SIGKILL, lost machine) expires, is retried and
 *   picked up by another worker; nothing is lost;
 * - cron schedules that fire once however many instances run (one `tick` a minute, which enqueues the
 *   repositories whose own schedule is due).
 * The store row stays the status resource; the job carries only the review id. A review that fails on its input
 * (a parse that throws) is recorded as failed and not retried: the same files fail the same way.
 */
import { EventEmitter } from 'node:events';
import PgBoss from 'pg-boss';
import type { Report } from '../review/report.js';
import type { ReviewRecord, Store } from '../store/types.js';
import { type JobEvent, type JobMetrics, type ReviewQueue, summaryOf } from './jobs.js';

export const REVIEW_QUEUE = 'plumbline-review';
export const DEAD_QUEUE = 'plumbline-review-dead';
export const TICK_QUEUE = 'plumbline-schedule-tick';

export interface QueueSettings {
  /** Seconds a job may run before it counts as abandoned and is retried (the visibility timeout). */
  expireSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
  /** How often expired jobs are looked for (pg-boss maintenance). */
  maintenanceSeconds: number;
  /** How often an idle worker asks for a job. */
  pollSeconds: number;
  /** PostgreSQL schema of pg-boss's tables. */
  schema: string;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  expireSeconds: 15 * 60,
  retryLimit: 3,
  retryDelaySeconds: 10,
  maintenanceSeconds: 30,
  pollSeconds: 2,
  schema: 'pgboss',
};

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

/**
 * PLUMBLINE_JOB_EXPIRE_SECONDS, PLUMBLINE_JOB_RETRIES, PLUMBLINE_JOB_RETRY_DELAY_SECONDS,
 * PLUMBLINE_QUEUE_MAINTENANCE_SECONDS, PLUMBLINE_QUEUE_POLL_SECONDS, PLUMBLINE_QUEUE_SCHEMA.
 */
export function queueSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): QueueSettings {
  const d = DEFAULT_QUEUE_SETTINGS;
  const retries =
    env.PLUMBLINE_JOB_RETRIES === '0' ? 0 : positive(env, 'PLUMBLINE_JOB_RETRIES', d.retryLimit);
  return {
    expireSeconds: positive(env, 'PLUMBLINE_JOB_EXPIRE_SECONDS', d.expireSeconds),
    retryLimit: retries,
    retryDelaySeconds: positive(env, 'PLUMBLINE_JOB_RETRY_DELAY_SECONDS', d.retryDelaySeconds),
    maintenanceSeconds: positive(env, 'PLUMBLINE_QUEUE_MAINTENANCE_SECONDS', d.maintenanceSeconds),
    pollSeconds: positive(env, 'PLUMBLINE_QUEUE_POLL_SECONDS', d.pollSeconds),
    schema: queueSchema(env.PLUMBLINE_QUEUE_SCHEMA || d.schema),
  };
}

function queueSchema(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error('PLUMBLINE_QUEUE_SCHEMA must be a lower-case PostgreSQL identifier');
  return name;
}

/** Starts pg-boss on the database (creating its schema on first use) and makes sure the queues exist. */
export async function startBoss(databaseUrl: string, settings: QueueSettings): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: settings.schema,
    maintenanceIntervalSeconds: settings.maintenanceSeconds,
  });
  boss.on('error', () => {
    // pg-boss reports connection hiccups here and retries by itself; without a listener Node would throw
  });
  await boss.start();
  const queues = await boss.getQueues();
  const existing = new Set(queues.map((q) => q.name));
  if (!existing.has(DEAD_QUEUE)) await boss.createQueue(DEAD_QUEUE, { name: DEAD_QUEUE });
  const reviewQueue: PgBoss.Queue = {
    name: REVIEW_QUEUE,
    policy: 'stately',
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: settings.expireSeconds,
    deadLetter: DEAD_QUEUE,
  };
  if (!existing.has(REVIEW_QUEUE)) await boss.createQueue(REVIEW_QUEUE, reviewQueue);
  else await boss.updateQueue(REVIEW_QUEUE, reviewQueue);
  if (!existing.has(TICK_QUEUE)) await boss.createQueue(TICK_QUEUE, { name: TICK_QUEUE, policy: 'short' });
  return boss;
}

export interface ReviewJobData {
  reviewId: string;
  /** The singleton key: the repository's real path. */
  repository: string;
}

export type EnqueueOutcome = { queued: true } | { queued: false; waiting?: string };

/**
 * The serving side of the pg-boss queue, with the interface routes use for the in-process queue: enqueue,
 * position (not known across machines: undefined), status events (the store polled for subscribed reviews,
 * since a worker on another machine cannot call back), depth for /readyz.
 */
export class DistributedJobs implements ReviewQueue {
  readonly kind = 'pg-boss';
  private readonly events = new EventEmitter();
  private readonly watched = new Map<string, ReviewRecord['status']>();
  private timer: NodeJS.Timeout | undefined;
  private sizes = { queued: 0, running: 0 };

  constructor(
    private readonly boss: PgBoss,
    private readonly store: Store,
    private readonly metrics?: JobMetrics,
    private readonly schema = DEFAULT_QUEUE_SETTINGS.schema,
  ) {
    this.events.setMaxListeners(0);
    this.timer = setInterval(() => void this.poll(), 1000);
    this.timer.unref();
  }

  get depth(): { queued: number; running: number } {
    return this.sizes;
  }

  hasRoom(): boolean {
    return this.timer !== undefined;
  }

  /** Queue a review of `repository`; when one is already waiting for it, this one is not queued. */
  async enqueue(id: string, repository: string): Promise<EnqueueOutcome> {
    const data: ReviewJobData = { reviewId: id, repository };
    // the waiting job may start between the refused send and the look-up: then this one can queue
    for (let attempt = 0; attempt < 5; attempt++) {
      const jobId = await this.boss.send(REVIEW_QUEUE, data, { singletonKey: repository });
      if (jobId) {
        this.events.emit(id, { id, status: 'queued' } satisfies JobEvent);
        return { queued: true };
      }
      const waiting = await this.waitingFor(repository);
      if (waiting) return { queued: false, waiting };
    }
    throw new Error(`could not queue a review of ${repository}`);
  }

  /** The review id of the job already waiting for a repository. */
  private async waitingFor(repository: string): Promise<string | undefined> {
    const db = this.boss.getDb();
    const result = (await db.executeSql(
      `SELECT data->>'reviewId' AS id FROM ${this.schema}.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry') ORDER BY created_on LIMIT 1`,
      [REVIEW_QUEUE, repository],
    )) as { rows: { id: string }[] };
    return result.rows[0]?.id;
  }

  positionOf(_id: string): number | undefined {
    return undefined;
  }

  subscribe(id: string, listener: (e: JobEvent) => void): () => void {
    this.events.on(id, listener);
    if (!this.watched.has(id)) this.watched.set(id, 'queued');
    return () => {
      this.events.off(id, listener);
      if (this.events.listenerCount(id) === 0) this.watched.delete(id);
    };
  }

  /** Nothing to recover here: jobs live in PostgreSQL and expire into a retry when their worker is gone. */
  async recover(): Promise<number> {
    await this.poll();
    return 0;
  }

  /** pg-boss's cron: the schedule lives in the database and fires once a minute however many servers run. */
  async everyMinute(tick: (minute: Date) => Promise<void>): Promise<void> {
    await this.boss.schedule(TICK_QUEUE, '* * * * *', {}, { tz: 'UTC' });
    await this.boss.work(TICK_QUEUE, { includeMetadata: true, batchSize: 1 }, async ([job]) => {
      if (!job) return;
      await tick(new Date(Math.floor(new Date(job.createdOn).getTime() / 60_000) * 60_000));
    });
  }

  async settled(): Promise<void> {
    for (;;) {
      await this.poll();
      if (this.sizes.queued === 0 && this.sizes.running === 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.boss.stop({ graceful: false, wait: true, timeout: 5000 }).catch(() => undefined);
  }

  private polling = false;

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const [queued, running] = await Promise.all([
        this.boss.getQueueSize(REVIEW_QUEUE, { before: 'active' }),
        this.activeCount(),
      ]);
      this.sizes = { queued, running };
      this.metrics?.setDepth(queued, running);
      for (const [id, last] of this.watched) {
        const record = await this.store.getReview(id);
        if (!record || record.status === last) continue;
        this.watched.set(id, record.status);
        const e: JobEvent = { id, status: record.status };
        if (record.error) e.error = record.error;
        if (record.summary) e.summary = record.summary;
        this.events.emit(id, e);
      }
    } catch {
      // the next poll tries again
    } finally {
      this.polling = false;
    }
  }

  private async activeCount(): Promise<number> {
    const result = (await this.boss
      .getDb()
      .executeSql(`SELECT COUNT(*)::int AS n FROM ${this.schema}.job WHERE name = $1 AND state = 'active'`, [
        REVIEW_QUEUE,
      ])) as { rows: { n: number }[] };
    return result.rows[0]?.n ?? 0;
  }
}

export interface WorkerOptions {
  databaseUrl: string;
  store: Store;
  /** Reviews this process runs at once. */
  concurrency: number;
  review: (dir: string) => Promise<Report>;
  settings?: QueueSettings;
  metrics?: JobMetrics;
  /** One line per event (JSON), for logs and the crash test. */
  log?: (event: Record<string, unknown>) => void;
}

export interface RunningWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

/**
 * `plumbline worker`: takes review jobs from the queue. A job is done when its review is recorded in the store
 * (succeeded, or failed on its input); a store or process failure leaves the job to retry. A job whose review is
 * already finished (recorded by an earlier attempt just before its worker died) completes without reviewing
 * again.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const settings = options.settings ?? DEFAULT_QUEUE_SETTINGS;
  const boss = await startBoss(options.databaseUrl, settings);
  const log = options.log ?? (() => {});
  const { store } = options;
  const handle = async (job: PgBoss.JobWithMetadata<ReviewJobData>): Promise<void> => {
    const id = job.data.reviewId;
    const record = await store.getReview(id);
    if (!record) {
      log({ event: 'review-missing', reviewId: id, jobId: job.id });
      return;
    }
    if (record.status === 'succeeded' || record.status === 'failed') {
      log({ event: 'review-already-finished', reviewId: id, jobId: job.id });
      return;
    }
    const at = new Date().toISOString();
    // queued → running; a retry finds it running (its earlier worker died) and runs it again
    if (record.status === 'queued') await store.startReview(id, at);
    log({
      event: 'review-started',
      reviewId: id,
      jobId: job.id,
      attempt: job.retryCount + 1,
      pid: process.pid,
    });
    const started = performance.now();
    let report: Report;
    try {
      report = await options.review(record.path);
    } catch (err) {
      const message = (err as Error).message || String(err);
      await store.failReview(id, message, new Date().toISOString());
      options.metrics?.observeDuration('failed', (performance.now() - started) / 1000);
      log({ event: 'review-failed', reviewId: id, jobId: job.id, error: message, pid: process.pid });
      return;
    }
    const now = await store.getReview(id);
    if (now?.status === 'succeeded') {
      log({ event: 'review-already-finished', reviewId: id, jobId: job.id });
      return;
    }
    await store.completeReview(id, JSON.stringify(report), summaryOf(report), new Date().toISOString());
    options.metrics?.observeDuration('succeeded', (performance.now() - started) / 1000);
    log({ event: 'review-succeeded', reviewId: id, jobId: job.id, pid: process.pid });
  };
  const workOptions = {
    batchSize: 1,
    includeMetadata: true as const,
    pollingIntervalSeconds: settings.pollSeconds,
  };
  for (let i = 0; i < options.concurrency; i++)
    await boss.work<ReviewJobData>(REVIEW_QUEUE, workOptions, async ([job]) => {
      if (job) await handle(job);
    });
  // retries spent: the review is recorded as failed so it does not stay queued for ever
  await boss.work<ReviewJobData>(DEAD_QUEUE, workOptions, async ([job]) => {
    if (!job) return;
    const record = await store.getReview(job.data.reviewId);
    if (record && (record.status === 'queued' || record.status === 'running')) {
      await store.failReview(
        record.id,
        `gave up after ${settings.retryLimit + 1} attempts (worker lost or store unreachable each time)`,
        new Date().toISOString(),
      );
      log({ event: 'review-dead-lettered', reviewId: record.id });
    }
  });
  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
