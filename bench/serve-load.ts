/**
 * `npm run bench:serve`: a bounded load test of `plumbline serve` on loopback (autocannon): the read routes
 * for a few seconds each, then a fixed number of review submissions. Checks that nothing but 429 (and 503
 * from a full queue) failed and that every accepted review finished. Prints throughput and latency
 * percentiles for docs/performance.md. Store: SQLite in a temp dir, or PostgreSQL with
 * PLUMBLINE_TEST_DATABASE_URL.
 *
 * Flags: --seconds N (per read route, default 5) · --submissions N (default 300) · --connections N (default 10)
 */
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { startTestServer } from '../test/helpers/server.js';
import { type Backend, backends } from '../test/helpers/stores.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = arg('seconds', 5);
const submissions = arg('submissions', 300);
const connections = arg('connections', 10);

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  statusCodeStats: Record<string, { count: number }>;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function run(opts: Record<string, unknown>): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err: Error | null, result: Result) => (err ? reject(err) : resolve(result)));
  });
}

const backend: Backend = process.env.PLUMBLINE_TEST_DATABASE_URL ? backends[1]! : backends[0]!;
const t = await startTestServer(backend, {
  // generous limits: the test measures the server, the limiter answers what exceeds them
  rateLimit: { max: 1_000_000, submitMax: 200, windowMs: 60_000 },
  maxQueued: 10_000,
  workers: 2,
  reviewCacheDir: mkdtempSync(path.join(tmpdir(), 'plumbline-load-cache-')),
});
const auth = { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' };

// one finished review to read
const first = await fetch(`${t.url}/v1/reviews`, {
  method: 'POST',
  headers: auth,
  body: JSON.stringify({ path: 'shop-v1' }),
});
const { id } = (await first.json()) as { id: string };
await t.server.jobs.settled();

console.log(
  `plumbline serve load test · ${backend.name} · ${cpus().length} × ${cpus()[0]?.model.trim()} · Node ${process.version}`,
);
console.log(`${connections} connections; read routes ${seconds} s each; ${submissions} submissions\n`);
console.log('route                          req/s    p50 ms  p99 ms  max ms  responses');
const rows: [string, string][] = [
  ['GET /v1/reviews?limit=20', '/v1/reviews?limit=20'],
  ['GET /v1/reviews/{id}', `/v1/reviews/${id}`],
  ['GET /v1/reviews/{id}/report', `/v1/reviews/${id}/report`],
  ['GET /v1/systems', '/v1/systems'],
  ['GET /v1/rules', '/v1/rules'],
  ['GET /healthz', '/healthz'],
];
let bad = 0;
function line(name: string, r: Result) {
  const codes = Object.entries(r.statusCodeStats)
    .map(([c, s]) => `${c}×${s.count}`)
    .join(' ');
  console.log(
    `${name.padEnd(30)} ${String(Math.round(r.requests.average)).padStart(6)}  ${String(r.latency.p50).padStart(6)}  ${String(r.latency.p99).padStart(6)}  ${String(r.latency.max).padStart(6)}  ${codes}`,
  );
  for (const c of Object.keys(r.statusCodeStats))
    if (!/^2|^429$|^503$/.test(c)) bad += r.statusCodeStats[c]!.count;
  bad += r.errors + r.timeouts;
}
for (const [name, url] of rows)
  line(name, await run({ url: `${t.url}${url}`, connections, duration: seconds, headers: auth }));

// submissions: a fixed count; every 202 must end as a stored, finished review
const before = (await t.store.listReviews({ limit: 100 })).items.length;
const submitted = await run({
  url: `${t.url}/v1/reviews`,
  method: 'POST',
  connections,
  amount: submissions,
  headers: auth,
  body: JSON.stringify({ path: 'shop-v1', system: 'load' }),
});
line('POST /v1/reviews', submitted);
const accepted = submitted.statusCodeStats['202']?.count ?? 0;
const started = performance.now();
await t.server.jobs.settled();
const drained = (performance.now() - started) / 1000;
let stored = 0;
let succeeded = 0;
let cursor: string | undefined;
do {
  const page = await t.store.listReviews({ system: 'load', limit: 100, cursor });
  stored += page.items.length;
  succeeded += page.items.filter((r) => r.status === 'succeeded').length;
  cursor = page.next;
} while (cursor);
console.log(
  `\naccepted ${accepted}, stored ${stored}, succeeded ${succeeded}; queue drained ${drained.toFixed(1)} s after the last submission (${before} earlier review)`,
);
await t.close();
if (bad || stored !== accepted || succeeded !== accepted) {
  console.error(
    `FAILED: ${bad} responses other than 2xx/429/503, ${accepted - succeeded} accepted reviews not finished`,
  );
  process.exit(1);
}
