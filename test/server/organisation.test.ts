/** GET /v1/organisation: every system's rating and trend, the most violated rules, the graph across systems. */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, repoRoot, startTestServer, type TestServer, waitForReview } from '../helpers/server.js';
import { backends } from '../helpers/stores.js';

const sqlite = backends.find((b) => b.name === 'sqlite')!;

describe('organisation view', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(sqlite);
    cpSync(path.join(repoRoot, 'test/fixtures/storefront'), path.join(t.root, 'storefront'), {
      recursive: true,
    });
  });
  afterAll(async () => t?.close());

  it('lists each system with its trend, ranks rules by systems, and links a call into another system', async () => {
    const writer = client(t.url, t.keys.write);
    const reader = client(t.url, t.keys.read);
    for (const [dir, system] of [
      ['shop-v1', 'shop'],
      ['shop-v2', 'shop'],
      ['storefront', 'storefront'],
    ]) {
      const r = await writer('POST', '/v1/reviews', { path: dir, system });
      expect(r.status).toBe(202);
      expect((await waitForReview(reader, r.json.id)).status).toBe('succeeded');
    }
    const r = await reader('GET', '/v1/organisation?trend=5&rules=50');
    expect(r.status).toBe(200);
    const view = r.json;
    expect(view.systems.map((s: { name: string }) => s.name)).toEqual(['shop', 'storefront']);
    const shop = view.systems[0];
    expect(shop.trend).toHaveLength(2);
    expect(shop.latest.id).toBe(shop.trend[1].id);
    expect(shop.trend[1]).toMatchObject({
      score: shop.latest.summary.score,
      rating: shop.latest.summary.rating,
    });
    // rules: most systems first, each with the systems that break it
    expect(view.rules.length).toBeGreaterThan(0);
    for (let i = 1; i < view.rules.length; i++)
      expect(view.rules[i - 1].systems.length).toBeGreaterThanOrEqual(view.rules[i].systems.length);
    const both = view.rules.filter((x: { systems: string[] }) => x.systems.length === 2);
    expect(both.length).toBeGreaterThan(0);
    // the storefront calls orders.acme.example.com: the shop's orders service
    const ids = view.graph.nodes.map((n: { id: string }) => n.id);
    expect(ids).toContain('shop/orders');
    expect(ids).toContain('storefront/storefront');
    expect(view.graph.edges).toContainEqual({
      from: 'storefront/storefront',
      to: 'shop/orders',
      protocol: 'http',
      kind: 'sync',
      crossSystem: true,
    });
    expect(view.graph.edges.filter((e: { crossSystem: boolean }) => !e.crossSystem).length).toBeGreaterThan(
      0,
    );
    expect((await client(t.url)('GET', '/v1/organisation')).status).toBe(401);
  });
});
