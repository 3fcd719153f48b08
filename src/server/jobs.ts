/**
 * Reviews run as jobs: a bounded queue in front of a fixed number of workers, so a burst of submissions waits
 * its turn (or is refused with 503 when the queue is full) instead of exhausting memory. Every state change
 * is written to the store first, then announced to listeners (the SSE route). Reviews left queued or running
 * by a stop are picked up again on start: no accepted job is lost.
 */
import { EventEmitter } from 'node:events';
import type { Report } from '../review/report.js';
import type { ReviewRecord, ReviewSummary, Store } from '../store/types.js';

export interface JobEvent {
  id: string;
  status: ReviewRecord['status'];
  /** Place in the queue (0 = next), while queued. */
  position?: number;
  error?: string;
  summary?: ReviewSummary;
}

export interface JobMetrics {
  observeDuration(outcome: 'succeeded' | 'failed', seconds: number): void;
  setDepth(queued: number, running: number): void;
}

export interface JobOptions {
  concurrency: number;
  maxQueued: number;
  review: (dir: string) => Promise<Report>;
  metrics?: JobMetrics;
  log?: { error(obj: object, msg: string): void };
}

/** What routes need of a job queue: the in-process one below (SQLite) or pg-boss (queue.ts, PostgreSQL). */
export interface ReviewQueue {
  readonly kind: 'in-process' | 'pg-boss';
  readonly depth: { queued: number; running: number };
  hasRoom(): boolean;
  /** Queue review `id` of `repository` (its real path); `queued: false` when one is already waiting for it. */
  enqueue(id: string, repository: string): Promise<{ queued: boolean; waiting?: string }>;
  positionOf(id: string): number | undefined;
  subscribe(id: string, listener: (e: JobEvent) => void): () => void;
  recover(): Promise<number>;
  close(): Promise<void>;
  settled(): Promise<void>;
  /** Call `tick` once a minute (across all serving instances), with the minute it stands for. */
  everyMinute(tick: (minute: Date) => Promise<void>): Promise<void>;
}

export function summaryOf(report: Report): ReviewSummary {
  return {
    score: report.assessment.score,
    rating: report.assessment.rating,
    findings: report.summary.findings,
    bySeverity: { ...report.summary.bySeverity },
  };
}

export class ReviewJobs implements ReviewQueue {
  readonly kind = 'in-process';
  private readonly queue: string[] = [];
  private running = 0;
  private readonly events = new EventEmitter();
  private idle: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: JobOptions,
  ) {
    this.events.setMaxListeners(0);
  }

  get depth(): { queued: number; running: number } {
    return { queued: this.queue.length, running: this.running };
  }

  /** Whether one more job fits in the queue. */
  hasRoom(): boolean {
    return !this.closed && this.queue.length < this.options.maxQueued;
  }

  async enqueue(id: string, _repository?: string): Promise<{ queued: boolean }> {
    this.queue.push(id);
    this.emit({ id, status: 'queued', position: this.queue.length - 1 });
    this.pump();
    return { queued: true };
  }

  /** After a restart: reviews that were running go back to the queue, then every unfinished one is queued. */
  async recover(): Promise<number> {
    await this.store.requeueRunning();
    const pending = await this.store.unfinishedReviews();
    for (const r of pending) this.queue.push(r.id);
    this.pump();
    return pending.length;
  }

  subscribe(id: string, listener: (e: JobEvent) => void): () => void {
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  positionOf(id: string): number | undefined {
    const i = this.queue.indexOf(id);
    return i < 0 ? undefined : i;
  }

  private minuteTimer: NodeJS.Timeout | undefined;

  async everyMinute(tick: (minute: Date) => Promise<void>): Promise<void> {
    const next = () => {
      const now = Date.now();
      this.minuteTimer = setTimeout(
        () => {
          const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
          void tick(minute).catch((err) => this.options.log?.error({ err }, 'scheduled reviews failed'));
          next();
        },
        60_000 - (now % 60_000) + 50,
      );
      this.minuteTimer.unref();
    };
    next();
  }

  /** Stops taking jobs and waits for the running ones; queued ones stay queued in the store for the next start. */
  async close(): Promise<void> {
    if (this.minuteTimer) clearTimeout(this.minuteTimer);
    this.closed = true;
    if (this.running === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Resolves when nothing is queued or running (tests, load test). */
  async settled(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private emit(e: JobEvent): void {
    this.options.metrics?.setDepth(this.queue.length, this.running);
    this.events.emit(e.id, e);
  }

  private pump(): void {
    while (!this.closed && this.running < this.options.concurrency && this.queue.length) {
      const id = this.queue.shift()!;
      this.running++;
      for (const [position, q] of this.queue.entries())
        this.events.emit(q, { id: q, status: 'queued', position });
      void this.run(id).finally(() => {
        this.running--;
        this.options.metrics?.setDepth(this.queue.length, this.running);
        this.pump();
        if (this.running === 0 && (this.queue.length === 0 || this.closed)) {
          const waiting = this.idle;
          this.idle = [];
          for (const resolve of waiting) resolve();
        }
      });
    }
  }

  private async run(id: string): Promise<void> {
    const started = performance.now();
    try {
      if (!(await this.store.startReview(id, new Date().toISOString()))) return;
      const record = await this.store.getReview(id);
      if (!record) return;
      this.emit({ id, status: 'running' });
      let report: Report;
      try {
        report = await this.options.review(record.path);
      } catch (err) {
        const message = (err as Error).message || String(err);
        await this.store.failReview(id, message, new Date().toISOString());
        this.options.metrics?.observeDuration('failed', (performance.now() - started) / 1000);
        this.emit({ id, status: 'failed', error: message });
        return;
      }
      const summary = summaryOf(report);
      await this.store.completeReview(id, JSON.stringify(report), summary, new Date().toISOString());
      this.options.metrics?.observeDuration('succeeded', (performance.now() - started) / 1000);
      this.emit({ id, status: 'succeeded', summary });
    } catch (err) {
      // the store failed: the review stays queued/running in the store and is picked up on the next start
      this.options.log?.error({ err, reviewId: id }, 'review job could not be recorded');
    }
  }
}
