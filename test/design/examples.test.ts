import { describe, expect, it } from 'vitest';
import { renderDesign } from '../../src/design/index.js';
import { designExample } from './helpers.js';

describe('worked example: small CRUD SaaS (examples/design/crud-saas.yaml)', () => {
  const d = designExample('crud-saas');

  it('gets a modular monolith by the small-team rule, microservices as runner-up', () => {
    expect(d.pattern).toMatchObject({
      pattern: 'modular-monolith',
      rule: 'pattern/small-team',
      runnerUp: 'microservices',
    });
    expect(d.deployables.map((x) => x.name)).toEqual(['invoicely']);
  });

  it('keeps the three contexts as modules in one PostgreSQL, events through an outbox', () => {
    expect(d.boundaries.map((g) => g.name)).toEqual(['accounts', 'customers', 'invoicing']);
    expect(new Set(d.data.map((s) => s.instance))).toEqual(new Set(['invoicely-db']));
    expect(d.integration.broker.choice).toBe('outbox');
    expect(d.integration.interactions.map((i) => i.style)).toEqual(['in-process-call', 'in-process-event']);
  });

  it('computes 2 replicas and a multi-zone database for 99.9%', () => {
    expect(d.math.instances[0]).toMatchObject({ peakRps: 63, forThroughput: 1, replicas: 2 });
    expect(d.math.availability.databaseTier).toBe('multi-zone');
    // 0.9999 × (1 − 0.01²) × 0.9995
    expect(d.math.availability.proposed.composite).toBeCloseTo(0.9999 * 0.9999 * 0.9995, 10);
    expect(d.math.availability.met).toBe(true);
  });

  it('grows 20 GB at 60%/year to 81.92 GB in 3 years', () => {
    expect(d.math.storage[0].dataGb).toBeCloseTo(20 * 1.6 ** 3, 9);
  });

  it('splits the 400 ms p99 of issue-invoice across one service', () => {
    expect(d.math.latency.capability).toBe('issue-invoice');
    expect(d.math.latency.applicationMsPerService).toBe(400 - 15 - 2 * 15);
  });

  it('puts Idempotency-Key and money risks in the report', () => {
    expect(d.risks.some((r) => r.risk.includes('retried POST'))).toBe(true);
  });
});

describe('worked example: event-driven marketplace (examples/design/marketplace.yaml)', () => {
  const d = designExample('marketplace');

  it('gets microservices, one per context, by the team-autonomy-at-scale rule', () => {
    expect(d.pattern).toMatchObject({
      pattern: 'microservices',
      rule: 'pattern/team-autonomy-at-scale',
      runnerUp: 'modular-monolith',
    });
    expect(d.deployables).toHaveLength(7);
  });

  it('uses Kafka with versioned channels and a sync call only where an answer is needed', () => {
    expect(d.integration.broker.choice).toBe('kafka');
    const styles = Object.fromEntries(d.integration.interactions.map((i) => [`${i.from}>${i.to}`, i.style]));
    expect(styles['ordering>payments']).toBe('sync-http');
    expect(styles['ordering>fulfillment']).toBe('async-event');
    expect(d.integration.interactions.find((i) => i.event === 'OrderPlaced')?.channel).toBe(
      'ordering.order-placed.v1',
    );
  });

  it('chooses a store per context by access pattern', () => {
    const store = Object.fromEntries(d.data.map((s) => [s.context, s.store]));
    expect(store).toMatchObject({
      search: 'postgres+opensearch',
      cart: 'redis',
      reviews: 'mongodb',
      ordering: 'postgres',
    });
    expect(d.data.find((s) => s.context === 'catalog')?.cache).toBe(true);
  });

  it('sizes catalog at 53 instances and asks for a pooler', () => {
    const catalog = d.math.instances.find((m) => m.service === 'catalog')!;
    expect(catalog).toMatchObject({ peakRps: 6300, forThroughput: 53, replicas: 53, maxReplicas: 106 });
    expect(d.math.connections.find((c) => c.instance === 'catalog-db')?.needsPooler).toBe(true);
  });

  it('needs a multi-region database for 99.95% with two databases and Stripe on the checkout path', () => {
    const av = d.math.availability;
    expect(av.proposed.components.map((c) => c.name)).toEqual([
      'load balancer (2 regions, DNS failover)',
      'ordering',
      'payments',
      'ordering-db (multi-region)',
      'payments-db (multi-region)',
      'stripe',
    ]);
    expect(av.databaseTier).toBe('multi-region');
    expect(av.met).toBe(true);
  });

  it('sizes the listing-changed topic from 4 events per update', () => {
    const t = d.math.partitions.find((p) => p.channel === 'catalog.listing-changed.v1')!;
    expect(t.messagesPerSecond).toBeCloseTo(300 * 0.8 * 4, 9);
    expect(t.partitions).toBe(3);
  });

  it('budgets the checkout p99 across both services and the Stripe call', () => {
    expect(d.math.latency.applicationMsPerService).toBe((800 - 15 - 30 - 5 - 30 - 300) / 2);
  });
});

describe('worked example: safety-critical telemetry (examples/design/telemetry.yaml)', () => {
  const d = designExample('telemetry');

  it('gets a hybrid that isolates the critical and real-time paths', () => {
    expect(d.pattern).toMatchObject({
      pattern: 'hybrid',
      rule: 'pattern/isolate-critical-path',
      runnerUp: 'microservices',
    });
    const deploy = Object.fromEntries(d.boundaries.map((g) => [g.name, g.deployRule]));
    expect(deploy).toEqual({
      devices: 'deploy/core',
      ingest: 'deploy/safety-critical-path',
      alarms: 'deploy/safety-critical-path',
      console: 'deploy/realtime-fanout',
    });
  });

  it('stores readings in TimescaleDB and streams them through Kafka with 24 partitions', () => {
    expect(d.data.find((s) => s.context === 'ingest')?.store).toBe('timescaledb');
    expect(d.integration.broker.choice).toBe('kafka');
    const readings = d.math.partitions.find((p) => p.channel === 'ingest.readings-received.v1')!;
    expect(readings.partitions).toBe(24); // ⌈12000 / 500⌉
  });

  it('honours the overridden per-instance throughput', () => {
    expect(d.assumptions.find((a) => a.name === 'instanceThroughputRps')).toMatchObject({
      value: 800,
      overridden: true,
    });
    expect(d.math.instances.find((m) => m.service === 'ingest')?.forThroughput).toBe(
      Math.ceil(12200 / (800 * 0.6)),
    );
  });

  it('needs 3 replicas and a multi-region topology for 99.99%', () => {
    expect(d.math.availability).toMatchObject({ databaseTier: 'multi-region', replicaFloor: 3, met: true });
    expect(d.deployables.every((x) => x.replicas >= 3)).toBe(true);
  });

  it('computes real-time fan-out', () => {
    expect(d.math.realtime[0]).toMatchObject({ connections: 2000, deliveriesPerSecond: 10000, instances: 1 });
  });

  it('lists the safety-critical path first among success factors', () => {
    expect(d.analysis.successFactors[0]).toContain('safety-critical path');
    expect(d.analysis.complexity.level).toBe('high');
  });
});

describe('report rendering', () => {
  it('has every section, the formulas and the assumptions', () => {
    const md = renderDesign(designExample('marketplace'), 'md');
    for (const heading of [
      '## 1. Architecture Analysis',
      '## 2. Recommended Architecture',
      '## 3. Service Boundaries',
      '## 4. Data Strategy',
      '## 5. Integration Approach',
      '## 6. Implementation Roadmap',
      '## 7. Technical Recommendations',
      '## 8. Risk Mitigation',
      '## 9. The Math',
      '## 10. Assumptions',
    ])
      expect(md).toContain(heading);
    expect(md).toContain('⌈6300 ÷ (200 × 0.6)⌉ = ⌈52.5⌉ = 53');
    expect(md).toContain('`instanceThroughputRps`');
    expect(md).toContain('Runner-up: Modular monolith');
  });

  it('is deterministic and JSON round-trips', () => {
    const a = renderDesign(designExample('telemetry'), 'json');
    expect(renderDesign(designExample('telemetry'), 'json')).toBe(a);
    expect(JSON.parse(a).pattern.pattern).toBe('hybrid');
  });
});
