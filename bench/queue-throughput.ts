/**
 * Jobs per minute of one `plumbline worker` (concurrency 1) on this machine, through the real pg-boss queue on
 * PostgreSQL: N copies of a tree are queued, one worker runs them, and the rate is measured from the first start
 * to the last finish. Usage (a server from scripts/test-postgres.sh):
 *   DATABASE_URL=postgres://… node --import tsx bench/queue-throughput.ts [tree] [count]
 * docs/performance.md records the numbers.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reviewDirectory } from '../src/index.js';
import { DistributedJobs, queueSettingsFromEnv, startBoss, startWorker } from '../src/server/queue.js';
import { openStore } from '../src/store/index.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to a PostgreSQL server');
const tree = path.resolve(process.argv[2] ?? 'examples/shop');
const count = Number(process.argv[3] ?? 30);
const work = mkdtempSync(path.join(os.tmpdir(), 'plumbline-queue-bench-'));
const env = {
  ...process.env,
  PLUMBLINE_QUEUE_SCHEMA: `bench_${randomBytes(4).toString('hex')}`,
  PLUMBLINE_QUEUE_POLL_SECONDS: '1',
};
const settings = queueSettingsFromEnv(env);
const store = await openStore({ databaseUrl: url });
const boss = await startBoss(url, settings);
const queue = new DistributedJobs(boss, store, undefined, settings.schema);
const ids = new Set<string>();
for (let i = 0; i < count; i++) {
  const dir = path.join(work, `repo-${i}`);
  cpSync(tree, dir, { recursive: true });
  const id = `bench${randomBytes(6).toString('hex')}`;
  await store.createReview({ id, system: `bench-${i}`, path: dir, createdAt: new Date().toISOString() });
  await queue.enqueue(id, dir);
  ids.add(id);
}
let first = 0;
let last = 0;
let done = 0;
const finished = new Promise<void>((resolve) => {
  void startWorker({
    databaseUrl: url,
    store,
    concurrency: 1,
    settings,
    review: (dir) => reviewDirectory(dir),
    log: (e) => {
      if (!ids.has(e.reviewId as string)) return;
      if (e.event === 'review-started' && !first) first = performance.now();
      if (e.event === 'review-succeeded' || e.event === 'review-failed') {
        last = performance.now();
        if (++done === count) resolve();
      }
    },
  }).then((w) => finished.then(() => w.stop()));
});
await finished;
const minutes = (last - first) / 60_000;
console.log(
  `${path.relative(process.cwd(), tree) || tree}: ${count} reviews in ${((last - first) / 1000).toFixed(1)} s = ${(count / minutes).toFixed(0)} jobs/minute for one worker (${((last - first) / count).toFixed(0)} ms a job)`,
);
await queue.close();
await store.close();
rmSync(work, { recursive: true, force: true });
process.exit(0);
