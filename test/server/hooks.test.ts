/** Reviews the service starts on its own: per push (signed webhook) and on a cron schedule per repository. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dueRepositories,
  parseRepositories,
  signature,
  validSignature,
} from '../../src/server/repositories.js';
import { client, startTestServer, type TestServer, waitForReview } from '../helpers/server.js';
import { backends } from '../helpers/stores.js';

const SECRET = 'a-webhook-secret-of-some-length';
const sqlite = backends.find((b) => b.name === 'sqlite')!;

describe('push webhook', () => {
  let t: TestServer;
  beforeAll(async () => {
    // a secret but no repositories file: every push names an unknown repository
    t = await startTestServer(sqlite, { webhookSecret: SECRET });
  });
  afterAll(async () => t?.close());

  const push = (body: unknown, sign: string | undefined = SECRET) => {
    const text = JSON.stringify(body);
    return fetch(`${t.url}/v1/hooks/push`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        ...(sign ? { 'x-hub-signature-256': signature(sign, text) } : {}),
      },
      body: text,
    });
  };

  it('queues a review of the mapped clone for a correctly signed push, and refuses the rest', async () => {
    const served = await startTestServer(sqlite, {
      webhookSecret: SECRET,
      repositories: [{ name: 'acme/shop', path: 'shop-v1', system: 'shop' }],
    });
    try {
      const send = (body: unknown, sign: string | null = SECRET) => {
        const text = JSON.stringify(body);
        return fetch(`${served.url}/v1/hooks/push`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(sign ? { 'x-hub-signature-256': signature(sign, text) } : {}),
          },
          body: text,
        });
      };
      const ok = await send({ ref: 'refs/heads/main', repository: { full_name: 'acme/shop', id: 1 } });
      expect(ok.status).toBe(202);
      const review = (await ok.json()) as { id: string; system: string; path: string };
      expect(review.system).toBe('shop');
      expect(path.basename(review.path)).toBe('shop-v1');
      expect(ok.headers.get('location')).toBe(`/v1/reviews/${review.id}`);
      const done = await waitForReview(client(served.url, served.keys.read), review.id);
      expect(done.status).toBe('succeeded');

      expect(
        (await send({ repository: { full_name: 'acme/shop' } }, 'the-wrong-secret-entirely')).status,
      ).toBe(401);
      expect((await send({ repository: { full_name: 'acme/shop' } }, null)).status).toBe(401);
      const unknown = await send({ repository: { full_name: 'acme/other' } });
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { detail: string }).detail).toContain('acme/other');
    } finally {
      await served.close();
    }
  });

  it('is off without a secret', async () => {
    const off = await startTestServer(sqlite);
    try {
      const text = JSON.stringify({ repository: { full_name: 'acme/shop' } });
      const r = await fetch(`${off.url}/v1/hooks/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(SECRET, text) },
        body: text,
      });
      expect(r.status).toBe(404);
    } finally {
      await off.close();
    }
    expect((await push({ repository: { full_name: 'acme/shop' } })).status).toBe(404);
    expect((await push({ repository: { full_name: 'acme/shop' } }, 'another-secret-entirely')).status).toBe(
      401,
    );
  });

  it('checks signatures in constant time over the exact bytes', () => {
    const body = Buffer.from('{"a":1}');
    expect(validSignature(SECRET, body, signature(SECRET, body))).toBe(true);
    expect(validSignature(SECRET, Buffer.from('{"a": 1}'), signature(SECRET, body))).toBe(false);
    expect(validSignature(SECRET, body, 'sha1=abc')).toBe(false);
    expect(validSignature(SECRET, body, 'sha256=00')).toBe(false);
    expect(validSignature(SECRET, body, undefined)).toBe(false);
  });
});

describe('schedules per repository', () => {
  const list = parseRepositories(`
repositories:
  - name: acme/carts
    path: carts
    schedule: "0 3 * * *"
  - name: acme/orders
    path: orders
    schedule: "*/15 * * * *"
  - name: acme/web
    path: web
`);

  it('fires each repository in the minutes its cron names (UTC)', () => {
    const at = (iso: string) => dueRepositories(list, new Date(iso)).map((r) => r.name);
    expect(at('2026-12-03T03:00:00Z')).toEqual(['acme/carts', 'acme/orders']);
    expect(at('2026-12-03T03:00:42Z')).toEqual(['acme/carts', 'acme/orders']);
    expect(at('2026-12-03T03:01:00Z')).toEqual([]);
    expect(at('2026-12-03T17:45:00Z')).toEqual(['acme/orders']);
  });

  it('refuses a bad cron, an unknown key and a repository listed twice', () => {
    expect(() => parseRepositories('repositories:\n  - {name: a, path: a, schedule: "every day"}\n')).toThrow(
      /not a cron expression/,
    );
    expect(() => parseRepositories('repositories:\n  - {name: a, path: a, branch: main}\n')).toThrow();
    expect(() =>
      parseRepositories('repositories:\n  - {name: a, path: a}\n  - {name: a, path: b}\n'),
    ).toThrow(/twice/);
  });
});
