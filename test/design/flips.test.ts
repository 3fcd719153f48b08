import { describe, expect, it } from 'vitest';
import { designExample, designVariant } from './helpers.js';

describe('a changed requirement changes the decision it should', () => {
  it('team size: the marketplace with 2 teams becomes a modular monolith', () => {
    const d = designVariant('marketplace', (r) => {
      r.team = { teams: 2, size: 6 };
    });
    expect(d.pattern).toMatchObject({ pattern: 'modular-monolith', rule: 'pattern/small-team' });
    expect(d.deployables).toHaveLength(1);
    // every event now stays inside the one deployable
    expect(d.integration.broker.choice).toBe('outbox');
  });

  it('team size: the CRUD SaaS with 6 teams and 5000 req/s becomes microservices', () => {
    const d = designVariant('crud-saas', (r) => {
      r.team = { teams: 6, size: 6 };
      for (const c of r.capabilities) {
        c.peakRps *= 100;
        c.avgRps *= 100;
      }
    });
    expect(d.pattern.pattern).toBe('microservices');
    expect(d.deployables.map((x) => x.name)).toEqual(['accounts', 'customers', 'invoicing']);
  });

  it('RPS: ten times the load gives ten times the instances, more partitions and a cache', () => {
    const base = designExample('marketplace');
    const d = designVariant('marketplace', (r) => {
      for (const c of r.capabilities) {
        c.peakRps *= 10;
        c.avgRps *= 10;
      }
    });
    const inst = (x: typeof d, s: string) => x.math.instances.find((m) => m.service === s)!.forThroughput;
    expect(inst(base, 'ordering')).toBe(4);
    expect(inst(d, 'ordering')).toBe(34);
    const part = (x: typeof d) =>
      x.math.partitions.find((p) => p.channel === 'catalog.listing-changed.v1')!.partitions;
    expect(part(base)).toBe(3);
    expect(part(d)).toBe(20); // ⌈9600 / 500⌉
    expect(base.data.find((s) => s.context === 'reviews')!.cache).toBe(false);
    expect(d.data.find((s) => s.context === 'reviews')!.cache).toBe(false); // 70% reads stays under the 80% rule
  });

  it('RPS: a quiet CRUD SaaS drops below the cache and pooler thresholds, a loud one crosses them', () => {
    const loud = designVariant('crud-saas', (r) => {
      for (const c of r.capabilities) {
        c.peakRps *= 100;
        c.avgRps *= 100;
      }
    });
    expect(designExample('crud-saas').math.connections[0].needsPooler).toBe(false);
    expect(loud.math.connections[0].needsPooler).toBe(true);
    expect(loud.data.find((s) => s.context === 'customers')!.cache).toBe(true);
  });

  it('availability: 99.9% instead of 99.99% lowers the telemetry topology and replicas', () => {
    const base = designExample('telemetry');
    const d = designVariant('telemetry', (r) => {
      r.nfr.availability = '99.9%';
    });
    expect(base.math.availability).toMatchObject({ databaseTier: 'multi-region', replicaFloor: 3 });
    expect(d.math.availability).toMatchObject({ databaseTier: 'multi-zone', replicaFloor: 2 });
    expect(d.deployables.find((x) => x.name === 'devices')!.replicas).toBe(2);
  });

  it('availability: dropping the safety flag and to 99.9% turns the telemetry hybrid into a modular monolith', () => {
    const d = designVariant('telemetry', (r) => {
      r.nfr.availability = '99.9%';
      r.nfr.safetyCritical = false;
    });
    expect(d.pattern).toMatchObject({ pattern: 'modular-monolith', rule: 'pattern/small-team' });
  });

  it('availability: raising the CRUD SaaS to 99.99% needs more than a multi-zone database', () => {
    const d = designVariant('crud-saas', (r) => {
      r.nfr.availability = '99.99%';
    });
    expect(designExample('crud-saas').math.availability.databaseTier).toBe('multi-zone');
    expect(d.math.availability.databaseTier).toBe('multi-region');
    expect(d.math.availability.met).toBe(true);
  });
});
