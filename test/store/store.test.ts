import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/index.js';
import { InvalidCursorError, type ReviewSummary, type Store } from '../../src/store/types.js';
import { backends, type OpenedStore } from '../helpers/stores.js';

const summary = (score: number, high: number): ReviewSummary => ({
  score,
  rating: score > 80 ? 'Good' : 'Needs Improvement',
  findings: high + 2,
  bySeverity: { critical: 0, high, medium: 2, low: 0, info: 0 },
});

function at(n: number): string {
  return new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
}

for (const b of backends) {
  describe.skipIf(b.skip)(`store: ${b.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    beforeEach(async () => {
      opened = await b.open();
      store = opened.store;
    });
    afterEach(async () => opened.cleanup());

    it('migrates once and again as a no-op', async () => {
      expect(await store.migrate()).toBe(SCHEMA_VERSION);
      expect(await store.migrate()).toBe(SCHEMA_VERSION);
      await store.ping();
    });

    it('runs a review through its life cycle and keeps the report text byte for byte', async () => {
      const created = await store.createReview({
        id: 'r1',
        system: 'shop',
        path: 'examples/shop',
        createdAt: at(1),
      });
      expect(created).toEqual({
        id: 'r1',
        system: 'shop',
        path: 'examples/shop',
        status: 'queued',
        createdAt: at(1),
      });
      expect(await store.startReview('r1', at(2))).toBe(true);
      expect(await store.startReview('r1', at(2))).toBe(false);
      const report = '{"z":1,"a":{"b":[1,2]},"text":"é"}';
      await store.completeReview('r1', report, summary(75.5, 3), at(3));
      const done = await store.getReview('r1');
      expect(done).toMatchObject({ status: 'succeeded', startedAt: at(2), finishedAt: at(3) });
      expect(done?.summary).toEqual(summary(75.5, 3));
      expect(await store.getReportText('r1')).toBe(report);
      expect(await store.getReview('nope')).toBeUndefined();
      expect(await store.getReportText('nope')).toBeUndefined();
    });

    it('records a failure', async () => {
      await store.createReview({ id: 'r1', system: 's', path: 'p', createdAt: at(1) });
      await store.startReview('r1', at(2));
      await store.failReview('r1', 'boom', at(3));
      expect(await store.getReview('r1')).toMatchObject({
        status: 'failed',
        error: 'boom',
        finishedAt: at(3),
      });
    });

    it('pages reviews newest first with cursors, per system and status', async () => {
      for (let i = 0; i < 7; i++)
        await store.createReview({
          id: `r${i}`,
          system: i % 2 ? 'odd' : 'even',
          path: 'p',
          createdAt: at(i),
        });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listReviews({ limit: 3, cursor });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.next;
      } while (cursor);
      expect(seen).toEqual(['r6', 'r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
      const odd = await store.listReviews({ system: 'odd', limit: 2 });
      expect(odd.items.map((r) => r.id)).toEqual(['r5', 'r3']);
      const odd2 = await store.listReviews({ system: 'odd', limit: 2, cursor: odd.next });
      expect(odd2.items.map((r) => r.id)).toEqual(['r1']);
      expect(odd2.next).toBeUndefined();
      await store.startReview('r2', at(9));
      expect((await store.listReviews({ status: 'running', limit: 10 })).items.map((r) => r.id)).toEqual([
        'r2',
      ]);
      await expect(store.listReviews({ limit: 2, cursor: 'garbage' })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });

    it('lists systems with their latest finished review, and the trend oldest first', async () => {
      for (let i = 0; i < 4; i++) {
        await store.createReview({ id: `s${i}`, system: 'shop', path: 'p', createdAt: at(i) });
        await store.startReview(`s${i}`, at(i));
        await store.completeReview(`s${i}`, '{}', summary(60 + i, 4 - i), at(i + 10));
      }
      await store.createReview({ id: 'q', system: 'shop', path: 'p', createdAt: at(20) });
      await store.createReview({ id: 'b', system: 'bank', path: 'p', createdAt: at(21) });
      const systems = await store.listSystems();
      expect(systems.map((s) => [s.name, s.reviews, s.lastReviewAt])).toEqual([
        ['bank', 1, at(21)],
        ['shop', 5, at(20)],
      ]);
      expect(systems[0]!.latest).toBeUndefined();
      expect(systems[1]!.latest).toEqual({ id: 's3', summary: summary(63, 1) });
      const trend = await store.trend('shop', 3);
      expect(trend.map((t) => [t.id, t.summary.bySeverity.high])).toEqual([
        ['s1', 3],
        ['s2', 2],
        ['s3', 1],
      ]);
    });

    it('finds unfinished reviews and requeues running ones after a restart', async () => {
      await store.createReview({ id: 'a', system: 's', path: 'p', createdAt: at(1) });
      await store.createReview({ id: 'b', system: 's', path: 'p', createdAt: at(2) });
      await store.createReview({ id: 'c', system: 's', path: 'p', createdAt: at(3) });
      await store.startReview('a', at(4));
      await store.startReview('c', at(4));
      await store.completeReview('c', '{}', summary(90, 0), at(5));
      expect(await store.requeueRunning()).toBe(1);
      expect((await store.unfinishedReviews()).map((r) => [r.id, r.status])).toEqual([
        ['a', 'queued'],
        ['b', 'queued'],
      ]);
    });

    it('keeps API keys by hash and revokes them', async () => {
      expect(await store.countApiKeys()).toBe(0);
      await store.createApiKey({
        id: 'k1',
        name: 'ci',
        scope: 'write',
        prefix: 'plb_abcd',
        hash: 'h1',
        createdAt: at(1),
      });
      await store.createApiKey({
        id: 'k2',
        name: 'ops',
        scope: 'admin',
        prefix: 'plb_efgh',
        hash: 'h2',
        createdAt: at(2),
      });
      expect(await store.findApiKey('h1')).toEqual({
        id: 'k1',
        name: 'ci',
        scope: 'write',
        prefix: 'plb_abcd',
        createdAt: at(1),
      });
      expect(await store.revokeApiKey('k1', at(3))).toBe(true);
      expect(await store.revokeApiKey('k1', at(3))).toBe(false);
      expect(await store.findApiKey('h1')).toBeUndefined();
      expect((await store.listApiKeys()).map((k) => [k.id, k.revokedAt])).toEqual([
        ['k1', at(3)],
        ['k2', undefined],
      ]);
      expect(await store.countApiKeys()).toBe(2);
      await expect(
        store.createApiKey({
          id: 'k3',
          name: 'dup',
          scope: 'read',
          prefix: 'x',
          hash: 'h2',
          createdAt: at(4),
        }),
      ).rejects.toThrow();
    });

    it('rolls back a failed transaction: nothing half-written', async () => {
      await store.createReview({ id: 'r', system: 's', path: 'p', createdAt: at(1) });
      // the second statement (the report of an unknown review) breaks the foreign key: the first is undone
      await expect(store.completeReview('missing', '{}', summary(50, 1), at(2))).rejects.toThrow();
      expect(await store.getReportText('missing')).toBeUndefined();
      expect((await store.getReview('r'))?.status).toBe('queued');
    });

    it('survives reopening: the data is on disk / in the server', async () => {
      await store.createReview({ id: 'r', system: 's', path: 'p', createdAt: at(1) });
      await store.close();
      const { openStore } = await import('../../src/store/index.js');
      store = await openStore(opened.options);
      opened.store = store;
      expect((await store.getReview('r'))?.id).toBe('r');
    });
  });
}
