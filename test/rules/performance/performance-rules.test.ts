import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/index.js';
import type { Deployable } from '../../../src/model/schema.js';
import { review } from '../../../src/review/index.js';
import {
  chainLatency,
  DEFAULT_PER_HOP_MS,
  latencyBudget,
} from '../../../src/rules/performance/latency-budget.js';
import { missingAutoscaling } from '../../../src/rules/performance/missing-autoscaling.js';
import { missingCache } from '../../../src/rules/performance/missing-cache.js';
import { missingResources } from '../../../src/rules/performance/missing-resources.js';
import { singleReplica } from '../../../src/rules/performance/single-replica.js';
import { sideWorkKind, synchronousSideWork } from '../../../src/rules/performance/synchronous-side-work.js';
import { deployment } from '../../../src/rules/shared/example-manifests.js';
import { ModelBuilder, run } from '../../helpers/model-builders.js';

describe('performance/missing-resources', () => {
  it('requires cpu and memory requests and a memory limit, skipping init containers', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('ok', {
      containers: [
        b.container('ok', {
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        }),
        b.container('wait', { init: true }),
      ],
    });
    b.workload('cpu-only', {
      containers: [
        b.container('c', { resources: { requests: { memory: '64Mi' }, limits: { memory: '128Mi' } } }),
      ],
    });
    b.workload('none');
    const findings = run(missingResources, m).findings;
    expect(findings.map((f) => [f.data?.workload, f.severity, f.data?.missing])).toEqual([
      ['Deployment/default/cpu-only', 'low', ['cpu request']],
      ['Deployment/default/none', 'medium', ['cpu request', 'memory request', 'memory limit']],
    ]);
    expect(findings[1]?.message).toContain('declares no resources at all');
  });
});

describe('performance/single-replica', () => {
  it('reports application Deployments without replicas or HPA, not stores, tools or autoscaled ones', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('cartservice');
    b.workload('checkout', { replicas: 3 });
    b.workload('orders', { replicas: 1 });
    b.workload('redis-cart');
    m.services.find((s) => s.id === 'redis-cart')!.role = 'cache';
    b.workload('loadgenerator');
    b.workload('search');
    m.autoscalers.push({
      id: 'hpa/search',
      name: 'search',
      targetKind: 'Deployment',
      targetName: 'search',
      minReplicas: 2,
      maxReplicas: 5,
      metrics: ['cpu'],
      source: b.at(),
    });
    const out = run(singleReplica, m).findings;
    expect(out.map((f) => f.message)).toEqual([
      'Deployment cartservice runs a single replica (replicas unset, default 1) and no HorizontalPodAutoscaler: every restart, rollout or node drain takes cartservice down',
      'Deployment orders runs a single replica (replicas: 1) and no HorizontalPodAutoscaler: every restart, rollout or node drain takes orders down',
    ]);
    expect(out.every((f) => f.severity === 'medium')).toBe(true);
  });

  it('writes each fix snippet for its own workload: the HPA is named for and targets that Deployment', () => {
    const b = new ModelBuilder();
    b.workload('frontend');
    b.workload('ledger', { kind: 'StatefulSet', namespace: 'bank' } as Partial<Deployable>);
    const out = run(singleReplica, b.model).findings;
    const byWorkload = new Map(out.map((f) => [f.data?.workload, f.fix?.snippet ?? '']));
    const frontend = byWorkload.get('Deployment/default/frontend')!;
    expect(frontend).toMatch(/metadata:\n {2}name: frontend\n/);
    expect(frontend).toMatch(/scaleTargetRef:\n(.*\n)* {4}name: frontend\n/);
    expect(frontend).not.toContain('orders');
    const ledger = [...byWorkload.entries()].find(([k]) => String(k).includes('ledger'))![1];
    expect(ledger).toContain('kind: StatefulSet');
    expect(ledger).toContain('namespace: bank');
    // the report keeps one recommendation for the rule and says whose names the shown snippet carries
    const files = {
      'k8s/frontend.yaml': deployment({ name: 'frontend', replicas: 1, serviceType: 'ClusterIP' }),
      'k8s/orders.yaml': deployment({ name: 'orders', replicas: 1, serviceType: 'ClusterIP' }),
    };
    const report = review(
      discoverFiles(Object.entries(files).map(([path, text]) => ({ path, text, bytes: text.length }))),
    );
    const recs = report.recommendations.filter((r) => r.ruleId === 'performance/single-replica');
    expect(recs).toHaveLength(1);
    expect(recs[0]!.fix.description).toMatch(/written for Deployment\/default\/frontend/);
    const findings = report.findings.filter((f) => f.ruleId === 'performance/single-replica');
    for (const f of findings)
      expect(f.fix.snippet).toContain(`name: ${f.element!.split('/')[2]!.split('#')[0]}`);
  });

  it('grades high against a declared availability target', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('orders');
    m.declared.requirements = { availabilityTarget: 0.999 };
    const [f] = run(singleReplica, m).findings;
    expect(f?.severity).toBe('high');
    expect(f?.message).toContain('declared availability target of 99.9%');
  });
});

describe('performance/missing-autoscaling', () => {
  it('applies only with a declared peak and only to stateless application workloads', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('orders', { replicas: 2 });
    b.workload('ledger', { kind: 'StatefulSet', volumeClaimTemplates: ['data'] });
    expect(run(missingAutoscaling, m)).toEqual({ findings: [] });
    m.declared.requirements = { peakRps: 800 };
    expect(run(missingAutoscaling, m).findings.map((f) => f.message)).toEqual([
      'Deployment orders is stateless but has no HorizontalPodAutoscaler; it runs a fixed 2 replicas against a declared peak of 800 requests/s',
    ]);
  });
});

describe('performance/synchronous-side-work', () => {
  it('recognises side-work services by name', () => {
    expect(sideWorkKind('emailservice')).toBe('email');
    expect(sideWorkKind('notification-api')).toBe('notification');
    expect(sideWorkKind('report-worker')).toBe('report');
    expect(sideWorkKind('rabbitmq-exporter')).toBeUndefined();
    expect(sideWorkKind('checkoutservice')).toBeUndefined();
  });

  it('reports sync calls to them and POST side-work operations answering 200', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('checkoutservice');
    b.service('emailservice');
    b.service('orders');
    b.dependency('checkoutservice', 'emailservice', {
      protocol: 'grpc',
      evidence: 'EMAIL_SERVICE_ADDR=emailservice:5000',
    });
    b.dependency('orders', 'emailservice', { kind: 'async', protocol: 'amqp' });
    m.apis.push({
      id: 'openapi:r.yaml',
      kind: 'openapi',
      title: 'Reports',
      file: 'r.yaml',
      servers: [],
      securitySchemes: [],
      source: b.at('r.yaml'),
    });
    const op = (method: string, path: string, statuses: string[]) =>
      m.operations.push({
        id: `openapi:r.yaml#${method} ${path}`,
        apiId: 'openapi:r.yaml',
        method,
        path,
        tags: [],
        parameters: [],
        responses: statuses.map((status) => ({ status, contentTypes: [] })),
        source: b.at('r.yaml'),
      });
    op('POST', '/reports', ['200']); // api/long-running-async's
    op('POST', '/orders/{id}/emails', ['201']);
    op('POST', '/exports', ['202']);
    op('GET', '/reports/{id}', ['200']);
    // evidence, not words: a registered webhook and a readable e-mail address list are resources, not deliveries
    op('POST', '/webhooks', ['201']);
    op('POST', '/user/emails', ['201']);
    op('GET', '/user/emails', ['200']);
    op('POST', '/notifications/{id}/read', ['204']);
    const messages = run(synchronousSideWork, m).findings.map((f) => f.message);
    expect(messages).toEqual([
      'checkoutservice calls emailservice synchronously (grpc, EMAIL_SERVICE_ADDR=emailservice:5000): email work in the request path adds its latency and failures to checkoutservice',
      'POST /orders/{id}/emails (r.yaml) answers 201 rather than 202 Accepted: the caller waits while the emails work runs',
    ]);
  });
});

describe('performance/latency-budget', () => {
  it('sums per-hop latency on the longest chain against the declared p99 (worked numbers)', () => {
    expect(DEFAULT_PER_HOP_MS).toBe(25);
    expect(chainLatency(['a', 'b', 'c', 'd', 'e'], 25)).toBe(125);
    const b = new ModelBuilder();
    const m = b.model;
    for (const s of ['web', 'orders', 'pricing', 'discounts', 'loyalty']) b.service(s);
    b.dependency('web', 'orders');
    b.dependency('orders', 'pricing');
    b.dependency('pricing', 'discounts');
    b.dependency('discounts', 'loyalty');
    expect(run(latencyBudget, m)).toEqual({ findings: [] }); // no target declared
    m.declared.requirements = { p99LatencyMs: 100 };
    const [f] = run(latencyBudget, m).findings;
    expect(f?.message).toBe(
      'the longest synchronous chain web → orders → pricing → discounts → loyalty has 5 synchronous hops × 25 ms = 125 ms at p99, over the declared p99 of 100 ms by 25 ms',
    );
    expect(f?.severity).toBe('medium');
    expect(f?.data).toMatchObject({
      hops: 5,
      perHopMs: 25,
      estimatedMs: 125,
      p99LatencyMs: 100,
      overByMs: 25,
    });
    expect(f?.locations).toHaveLength(4);
    // 5 × 40 = 200 > 1.5 × 100: high
    expect(run(latencyBudget, m, { perHopMs: 40 }).findings[0]?.severity).toBe('high');
    // 5 × 15 = 75 ≤ 100: within budget
    expect(run(latencyBudget, m, { perHopMs: 15 }).strength).toBe(
      'Synchronous paths fit the declared p99 of 100 ms at 15 ms per hop (web → orders → pricing → discounts → loyalty ≈ 75 ms)',
    );
  });

  it('checks declared critical paths as declared', () => {
    const b = new ModelBuilder();
    const m = b.model;
    for (const s of ['web', 'checkout', 'payments']) b.service(s);
    b.dependency('web', 'checkout');
    b.dependency('checkout', 'payments');
    m.declared.requirements = { p99LatencyMs: 60 };
    m.declared.criticalPaths = [
      { name: 'checkout', services: ['web', 'checkout', 'payments'], source: b.at('plumbline.yaml') },
    ];
    const [f] = run(latencyBudget, m).findings;
    expect(f?.message).toContain(
      'critical path "checkout" web → checkout → payments has 3 synchronous hops × 25 ms = 75 ms',
    );
    expect(f?.locations[0]?.file).toBe('plumbline.yaml');
  });
});

describe('performance/missing-cache', () => {
  it('reports a read-heavy service reading its database directly under a latency target', () => {
    const b = new ModelBuilder();
    const m = b.model;
    for (const s of ['web', 'orders', 'catalog']) b.service(s);
    b.service('catalog-db', 'datastore');
    b.datastore('catalog-db', { usedBy: ['catalog'] });
    b.dependency('web', 'catalog');
    b.dependency('orders', 'catalog');
    b.dependency('catalog', 'catalog-db', { kind: 'data', protocol: 'sql' });
    expect(run(missingCache, m)).toEqual({ findings: [] });
    m.declared.requirements = { p99LatencyMs: 200 };
    expect(run(missingCache, m).findings.map((f) => f.message)).toEqual([
      'catalog is read-heavy (2 services call it synchronously) and reads postgres catalog-db with no cache in front, under a declared latency target of 200 ms',
    ]);
    b.service('catalog-cache', 'cache');
    b.datastore('catalog-cache', { engine: 'redis', category: 'cache' });
    b.dependency('catalog', 'catalog-cache', { kind: 'data', protocol: 'redis' });
    expect(run(missingCache, m).findings).toEqual([]);
  });
});
