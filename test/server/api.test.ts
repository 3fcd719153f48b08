/** The HTTP API against a real server on loopback, once over SQLite and once over PostgreSQL. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, repoRoot, startTestServer, type TestServer, waitForReview } from '../helpers/server.js';
import { backends } from '../helpers/stores.js';

async function sseEvents(url: string, key: string): Promise<{ status: string }[]> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await res.text(); // the stream ends when the review finishes
  return text
    .split('\n\n')
    .map((block) => block.split('\n').find((l) => l.startsWith('data: ')))
    .filter((l): l is string => Boolean(l))
    .map((l) => JSON.parse(l.slice(6)));
}

// biome-ignore lint/suspicious/noExplicitAny: problem bodies are checked field by field
function expectProblem(r: { status: number; headers: Headers; json: any }, status: number, type: string) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.json).toMatchObject({ status, type: `https://plumbline.dev/problems/${type}` });
  expect(typeof r.json.title).toBe('string');
}

for (const b of backends) {
  describe.skipIf(b.skip)(`API over ${b.name}`, () => {
    let t: TestServer;
    let admin: ReturnType<typeof client>;
    let writer: ReturnType<typeof client>;
    let reader: ReturnType<typeof client>;
    let anon: ReturnType<typeof client>;
    beforeAll(async () => {
      t = await startTestServer(b);
      admin = client(t.url, t.keys.admin);
      writer = client(t.url, t.keys.write);
      reader = client(t.url, t.keys.read);
      anon = client(t.url);
    });
    afterAll(async () => t?.close());

    it('asks for a key, checks scopes, and leaves health, metrics and the contract public', async () => {
      const none = await anon('GET', '/v1/reviews');
      expectProblem(none, 401, 'unauthorized');
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expectProblem(await client(t.url, 'plb_not-a-key')('GET', '/v1/reviews'), 401, 'unauthorized');
      // an anonymous caller with a bad body still gets 401, not a validation answer
      expectProblem(await anon('POST', '/v1/reviews', { nope: 1 }), 401, 'unauthorized');
      expectProblem(await reader('POST', '/v1/reviews', { path: 'shop-v1' }), 403, 'forbidden');
      expectProblem(await writer('GET', '/v1/keys'), 403, 'forbidden');
      expect((await reader('GET', '/v1/reviews')).status).toBe(200);
      expect((await anon('GET', '/healthz')).json).toEqual({ status: 'ok' });
      expect((await anon('GET', '/readyz')).json).toMatchObject({ status: 'ready', store: b.name });
      expect((await anon('GET', '/v1/openapi.json')).json.openapi).toBe('3.1.0');
      const page = await anon('GET', '/');
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('validates bodies, parameters and queries, answering problem+json', async () => {
      const missing = await writer('POST', '/v1/reviews', {});
      expectProblem(missing, 400, 'validation');
      expect(missing.json.errors[0].pointer).toBe('/body/path');
      expectProblem(await writer('POST', '/v1/reviews', { path: 'shop-v1', extra: true }), 400, 'validation');
      expectProblem(await writer('POST', '/v1/reviews', { path: 42 }), 400, 'validation');
      expectProblem(await reader('GET', '/v1/reviews?limit=0'), 400, 'validation');
      expectProblem(await reader('GET', '/v1/reviews?limit=101'), 400, 'validation');
      expectProblem(await reader('GET', '/v1/reviews?status=done'), 400, 'validation');
      expectProblem(await reader('GET', '/v1/reviews?cursor=bm9wZQ'), 400, 'validation');
      expectProblem(await reader('GET', '/v1/reviews/has%20space'), 400, 'validation');
      expectProblem(await reader('GET', '/v1/comparisons?base=a'), 400, 'validation');
      expectProblem(await reader('GET', '/v1/reviews/unknown-id'), 404, 'not-found');
      expectProblem(await reader('GET', '/v1/nothing-here'), 404, 'not-found');
      const text = await fetch(`${t.url}/v1/reviews`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.keys.write}`, 'content-type': 'text/plain' },
        body: 'path=shop-v1',
      });
      expect(text.status).toBe(415);
      const big = await writer('POST', '/v1/designs', { requirements: 'x'.repeat(2 * 1024 * 1024) });
      expectProblem(big, 413, 'body-too-large');
      const bad = await fetch(`${t.url}/v1/reviews`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.keys.write}`, 'content-type': 'application/json' },
        body: '{"path": ',
      });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
      // paths outside the allowed roots, by .. or absolute or through a file
      for (const p of ['../', '/etc', 'shop-v1/README.md', 'no-such-dir'])
        expectProblem(await writer('POST', '/v1/reviews', { path: p }), 422, 'path-not-allowed');
    });

    let first: string;
    let second: string;
    it('runs a review as a job: 202, Location, events, the stored report, the list', async () => {
      const res = await writer(
        'POST',
        '/v1/reviews',
        { path: 'shop-v1', system: 'shop' },
        { 'x-request-id': 'test-req-1' },
      );
      expect(res.status).toBe(202);
      expect(res.headers.get('x-request-id')).toBe('test-req-1');
      expect(res.json).toMatchObject({ system: 'shop', status: 'queued' });
      expect(res.headers.get('location')).toBe(`/v1/reviews/${res.json.id}`);
      first = res.json.id;
      const events = await sseEvents(`${t.url}/v1/reviews/${first}/events`, t.keys.read);
      expect(events.at(-1)?.status).toBe('succeeded');
      const done = await waitForReview(reader, first);
      expect(done.summary.findings).toBeGreaterThan(0);
      const report = await reader('GET', `/v1/reviews/${first}/report`);
      expect(report.json.findings.length).toBe(done.summary.findings);
      expect(report.json.system.name).toBeTruthy();
      const list = await reader('GET', '/v1/reviews?system=shop');
      expect(list.json.items.map((r: { id: string }) => r.id)).toContain(first);
      // events of a finished review: one event, then the stream ends
      expect(
        (await sseEvents(`${t.url}/v1/reviews/${first}/events`, t.keys.read)).map((e) => e.status),
      ).toEqual(['succeeded']);
    });

    it('compares two reviews: new, fixed and unchanged findings by fingerprint', async () => {
      const res = await writer('POST', '/v1/reviews', { path: 'shop-v2', system: 'shop' });
      second = res.json.id;
      await waitForReview(reader, second);
      const c = await reader('GET', `/v1/comparisons?base=${first}&head=${second}`);
      expect(c.status).toBe(200);
      expect(c.json.base.id).toBe(first);
      expect(c.json.fixed.length).toBeGreaterThan(0); // payments' Deployment is gone with its findings
      expect(c.json.fixed.some((f: { message: string }) => /payments/i.test(f.message))).toBe(true);
      const base = (await reader('GET', `/v1/reviews/${first}/report`)).json.findings.length;
      const head = (await reader('GET', `/v1/reviews/${second}/report`)).json.findings.length;
      expect(c.json.unchanged.length + c.json.fixed.length).toBe(base);
      expect(c.json.unchanged.length + c.json.new.length).toBe(head);
      const trend = await reader('GET', '/v1/systems/shop/trend');
      expect(trend.json.points.map((p: { id: string }) => p.id)).toEqual([first, second]);
      const systems = await reader('GET', '/v1/systems');
      expect(systems.json.items.find((s: { name: string }) => s.name === 'shop').latest.id).toBe(second);
      expectProblem(await reader('GET', '/v1/systems/unknown/trend'), 404, 'not-found');
    });

    it('pages the list with cursors and a Link header', async () => {
      for (let i = 0; i < 5; i++)
        await t.store.createReview({
          id: `page${i}`,
          system: 'paged',
          path: '/x',
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        });
      const seen: string[] = [];
      let url: string | undefined = '/v1/reviews?system=paged&limit=2';
      let pages = 0;
      while (url) {
        const r = await reader('GET', url);
        expect(r.json.items.length).toBeLessThanOrEqual(2);
        seen.push(...r.json.items.map((x: { id: string }) => x.id));
        const link = r.headers.get('link');
        url = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : undefined;
        expect(Boolean(r.json.next)).toBe(Boolean(link));
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(['page4', 'page3', 'page2', 'page1', 'page0']);
      expectProblem(await reader('GET', '/v1/reviews/page1/report'), 409, 'review-not-finished');
    });

    it('diffs two contract versions, designs from requirements, lists and explains rules', async () => {
      const d = await writer('POST', '/v1/diffs', { base: 'diff/openapi3/base', head: 'diff/openapi3/head' });
      expect(d.status).toBe(200);
      expect(d.json.changes.length).toBeGreaterThan(0);
      expectProblem(
        await writer('POST', '/v1/diffs', { base: '/etc', head: 'diff/openapi3/head' }),
        422,
        'path-not-allowed',
      );
      const requirements = readFileSync(path.join(repoRoot, 'examples/design/crud-saas.yaml'), 'utf8');
      const design = await writer('POST', '/v1/designs', { requirements });
      expect(design.status).toBe(200);
      expect(typeof design.json).toBe('object');
      const invalid = await writer('POST', '/v1/designs', { requirements: { system: 'x', nonsense: true } });
      expectProblem(invalid, 422, 'invalid-requirements');
      expect(invalid.json.errors.length).toBeGreaterThan(0);
      const rules = await reader('GET', '/v1/rules');
      expect(rules.json.items.length).toBeGreaterThan(50);
      const one = await reader('GET', `/v1/rules/${rules.json.items[0].id}`);
      expect(one.json.id).toBe(rules.json.items[0].id);
      expect(one.json.rationale).toBeTruthy();
      expectProblem(await reader('GET', '/v1/rules/api/no-such-rule'), 404, 'not-found');
    });

    it('manages keys: admin creates, the key works, revoking stops it; only hashes are stored', async () => {
      const created = await admin('POST', '/v1/keys', { name: 'temp', scope: 'read' });
      expect(created.status).toBe(201);
      const key = created.json.key as string;
      expect(key).toMatch(/^plb_/);
      expect((await client(t.url, key)('GET', '/v1/rules')).status).toBe(200);
      const list = await admin('GET', '/v1/keys');
      expect(JSON.stringify(list.json)).not.toContain(key);
      expect((await admin('DELETE', `/v1/keys/${created.json.apiKey.id}`)).status).toBe(204);
      expectProblem(await client(t.url, key)('GET', '/v1/rules'), 401, 'unauthorized');
      expectProblem(await admin('DELETE', `/v1/keys/${created.json.apiKey.id}`), 404, 'not-found');
    });

    it('exports Prometheus metrics: request latency, review durations, queue depth', async () => {
      const m = await anon('GET', '/metrics');
      expect(m.text).toContain('plumbline_http_request_duration_seconds_bucket');
      expect(m.text).toMatch(/plumbline_review_duration_seconds_count\{outcome="succeeded"\} [1-9]/);
      expect(m.text).toContain('plumbline_review_jobs_queued');
    });
  });

  describe.skipIf(b.skip)(`limits over ${b.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(b, {
        rateLimit: { max: 5, submitMax: 2, windowMs: 60_000 },
        maxQueued: 1,
        workers: 1,
      });
    });
    afterAll(async () => t?.close());

    it('rate-limits per key with 429, Retry-After and problem+json; other keys are unaffected', async () => {
      const reader = client(t.url, t.keys.read);
      for (let i = 0; i < 5; i++) expect((await reader('GET', '/v1/rules')).status).toBe(200);
      const limited = await reader('GET', '/v1/rules');
      expectProblem(limited, 429, 'rate-limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await client(t.url, t.keys.admin)('GET', '/v1/rules')).status).toBe(200);
      expect((await client(t.url)('GET', '/healthz')).status).toBe(200);
    });

    it('limits submissions more tightly, and a full queue answers 503 with Retry-After', async () => {
      const writer = client(t.url, t.keys.write);
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await writer('POST', '/v1/reviews', { path: 'shop-v1' }));
      // one worker takes the first, the queue (1) holds the second or refuses it, the third hits the limit
      expect(answers[0]!.status).toBe(202);
      expect([202, 503]).toContain(answers[1]!.status);
      expectProblem(answers[2]!, 429, 'rate-limited');
      await t.server.jobs.settled();
    });
  });
}
