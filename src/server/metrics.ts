/** Prometheus metrics: request latency, review durations, queue depth. One registry per server. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { JobMetrics } from './jobs.js';

export class ServerMetrics implements JobMetrics {
  readonly registry = new Registry();
  readonly requests: Histogram<'method' | 'route' | 'status'>;
  readonly reviews: Histogram<'outcome'>;
  readonly queued: Gauge;
  readonly running: Gauge;
  readonly rejected: Counter<'reason'>;

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'plumbline_' });
    this.requests = new Histogram({
      name: 'plumbline_http_request_duration_seconds',
      help: 'HTTP request latency by route and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.reviews = new Histogram({
      name: 'plumbline_review_duration_seconds',
      help: 'Time from a review job starting to its result being stored.',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [this.registry],
    });
    this.queued = new Gauge({
      name: 'plumbline_review_jobs_queued',
      help: 'Review jobs waiting for a worker.',
      registers: [this.registry],
    });
    this.running = new Gauge({
      name: 'plumbline_review_jobs_running',
      help: 'Review jobs running.',
      registers: [this.registry],
    });
    this.rejected = new Counter({
      name: 'plumbline_review_jobs_rejected_total',
      help: 'Review submissions refused because the queue was full.',
      labelNames: ['reason'],
      registers: [this.registry],
    });
  }

  observeDuration(outcome: 'succeeded' | 'failed', seconds: number): void {
    this.reviews.observe({ outcome }, seconds);
  }

  setDepth(queued: number, running: number): void {
    this.queued.set(queued);
    this.running.set(running);
  }
}
