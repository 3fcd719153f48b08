/**
 * The distributed queue on a real PostgreSQL server: two `plumbline worker` processes share 20 queued reviews;
 * one is killed (SIGKILL) in the middle of a review, and its job expires, is retried and finished by the other.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistributedJobs, queueSettingsFromEnv, startBoss } from '../../src/server/queue.js';
import type { Store } from '../../src/store/types.js';
import { backends, type OpenedStore } from '../helpers/stores.js';

const postgres = backends.find((b) => b.name === 'postgres')!;
const repo = path.resolve(__dirname, '../..');

interface WorkerProcess {
  name: string;
  child: ChildProcess;
  events: Record<string, unknown>[];
  exited: Promise<void>;
}

describe.skipIf(postgres.skip)('plumbline worker on PostgreSQL (pg-boss)', () => {
  let opened: OpenedStore;
  let store: Store;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    opened = await postgres.open();
    store = opened.store;
    work = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'plumbline-worker-')));
    env = {
      ...process.env,
      DATABASE_URL: opened.options.databaseUrl,
      PLUMBLINE_QUEUE_SCHEMA: `q_${randomBytes(5).toString('hex')}`,
      PLUMBLINE_JOB_EXPIRE_SECONDS: '8',
      PLUMBLINE_JOB_RETRY_DELAY_SECONDS: '1',
      PLUMBLINE_QUEUE_MAINTENANCE_SECONDS: '1',
      PLUMBLINE_QUEUE_POLL_SECONDS: '1',
      PLUMBLINE_CACHE_DIR: path.join(work, 'cache'),
    };
  });

  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await opened?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function startWorkerProcess(name: string): WorkerProcess {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repo, 'test/helpers/cli-main.ts'), 'worker', '--concurrency', '1'],
      { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const w: WorkerProcess = {
      name,
      child,
      events: [],
      exited: new Promise((resolve) => child.on('exit', () => resolve())),
    };
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        w.events.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not an event line
      }
    });
    child.stderr!.resume();
    workers.push(w);
    return w;
  }

  const until = async (what: string, test: () => boolean | Promise<boolean>, ms: number) => {
    const end = Date.now() + ms;
    while (!(await test())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('runs 20 reviews exactly once across two workers, and one killed mid-review loses no job', async () => {
    // 20 repositories (copies of the example, each its own singleton key and cache entry)
    const settings = queueSettingsFromEnv(env);
    const boss = await startBoss(env.DATABASE_URL!, settings);
    const queue = new DistributedJobs(boss, store, undefined, settings.schema);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const dir = path.join(work, `repo-${String(i).padStart(2, '0')}`);
      cpSync(path.join(repo, 'examples/shop'), dir, { recursive: true });
      const record = await store.createReview({
        id: `job${String(i).padStart(2, '0')}${randomBytes(4).toString('hex')}`,
        system: `repo-${i}`,
        path: dir,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      });
      expect(await queue.enqueue(record.id, dir)).toEqual({ queued: true });
      ids.push(record.id);
    }
    // a second push of a repository that is still waiting coalesces into the waiting review
    expect(await queue.enqueue('duplicate', path.join(work, 'repo-00'))).toEqual({
      queued: false,
      waiting: ids[0],
    });

    const a = startWorkerProcess('a');
    const b = startWorkerProcess('b');
    const succeededBy = (w: WorkerProcess) =>
      w.events.filter((e) => e.event === 'review-succeeded').map((e) => e.reviewId as string);
    // kill A while it is inside a review, after it has finished at least one
    let killedId: string | undefined;
    await until(
      'worker a to start its second review',
      () => a.events.filter((e) => e.event === 'review-started').length >= 2,
      60_000,
    );
    const started = a.events.filter((e) => e.event === 'review-started');
    killedId = started[started.length - 1]!.reviewId as string;
    a.child.kill('SIGKILL');
    await a.exited;
    expect(succeededBy(a)).not.toContain(killedId);

    await until(
      'every review to finish',
      async () => {
        const page = await store.listReviews({ limit: 100, status: 'succeeded' });
        return page.items.length === 20;
      },
      120_000,
    );
    for (const id of ids) expect((await store.getReview(id))?.status, id).toBe('succeeded');
    // exactly once: every review succeeded in one worker, none in both
    const all = [...succeededBy(a), ...succeededBy(b)];
    expect([...all].sort()).toEqual([...ids].sort());
    expect(succeededBy(b)).toContain(killedId);
    const retried = b.events.find((e) => e.event === 'review-started' && e.reviewId === killedId);
    expect(retried?.attempt).toBeGreaterThanOrEqual(2);
    expect(succeededBy(a).length).toBeGreaterThanOrEqual(1);
    await queue.close();
  }, 240_000);
});
