/** The services rules on hand-built models: the logic without the adapters. */
import { describe, expect, it } from 'vitest';
import { deepSyncChain } from '../../../src/rules/services/deep-sync-chain.js';
import { dependencyCycle } from '../../../src/rules/services/dependency-cycle.js';
import { endpointIps, hardcodedEndpoint } from '../../../src/rules/services/hardcoded-endpoint.js';
import { hubService, hubThreshold } from '../../../src/rules/services/hub-service.js';
import { inappropriateIntimacy } from '../../../src/rules/services/inappropriate-intimacy.js';
import { layeredDecomposition, layerName } from '../../../src/rules/services/layered-decomposition.js';
import { missingApiGateway } from '../../../src/rules/services/missing-api-gateway.js';
import { sharedDatabase } from '../../../src/rules/services/shared-database.js';
import { imageLanguage, technologySprawl } from '../../../src/rules/services/technology-sprawl.js';
import { ModelBuilder, run } from '../../helpers/model-builders.js';

/** Online Boutique's shape as its manifests declare it (frontend and checkout fan out; cart uses redis-cart). */
function boutique(): ModelBuilder {
  const b = new ModelBuilder();
  for (const name of [
    'frontend',
    'checkoutservice',
    'cartservice',
    'productcatalogservice',
    'currencyservice',
    'paymentservice',
    'shippingservice',
    'emailservice',
    'recommendationservice',
    'adservice',
    'loadgenerator',
  ])
    b.service(name, name === 'frontend' ? 'frontend' : 'application');
  b.service('redis-cart', 'cache');
  b.datastore('redis-cart', { engine: 'redis', category: 'cache', usedBy: ['cartservice'] });
  for (const to of [
    'productcatalogservice',
    'currencyservice',
    'cartservice',
    'recommendationservice',
    'shippingservice',
    'checkoutservice',
    'adservice',
  ])
    b.dependency('frontend', to);
  for (const to of [
    'productcatalogservice',
    'shippingservice',
    'paymentservice',
    'emailservice',
    'currencyservice',
    'cartservice',
  ])
    b.dependency('checkoutservice', to);
  b.dependency('recommendationservice', 'productcatalogservice');
  b.dependency('cartservice', 'redis-cart', { kind: 'data' });
  b.dependency('loadgenerator', 'frontend');
  b.exposure('frontend-external', ['frontend'], { type: 'LoadBalancer', public: true });
  return b;
}

describe('services/dependency-cycle', () => {
  it('reports each elementary cycle once with every edge and its file:line', () => {
    const b = new ModelBuilder();
    const m = b.model;
    for (const n of ['orders', 'payments', 'ledger']) b.service(n);
    const ordersPayments = b.dependency('orders', 'payments');
    const paymentsLedger = b.dependency('payments', 'ledger');
    // orders publishes, ledger consumes: ledger depends on orders' events
    const ledgerOrders = b.dependency('orders', 'ledger', { kind: 'async', evidence: 'topic orders.closed' });
    const paymentsOrders = b.dependency('payments', 'orders');
    const out = run(dependencyCycle, m);
    expect(out.findings.map((f) => f.data?.cycle)).toEqual([
      ['orders', 'payments'],
      ['ledger', 'orders', 'payments'],
    ]);
    expect(out.findings[0]?.severity).toBe('high');
    expect(out.findings[0]?.locations).toEqual([ordersPayments.source, paymentsOrders.source]);
    expect(out.findings[1]?.severity).toBe('medium'); // one edge is asynchronous
    expect(out.findings[1]?.locations).toEqual([
      ledgerOrders.source,
      ordersPayments.source,
      paymentsLedger.source,
    ]);
    expect(out.findings[1]?.message).toContain('ledger → orders → payments → ledger');
    expect(out.findings[1]?.message).toContain('ledger consumes events of orders');
    expect(out.findings.map((f) => f.messageId)).toEqual(['syncCycle', 'mixedCycle']);
  });

  it('takes a call answered by an event as no cycle, and a loop of events alone as low', () => {
    const b = new ModelBuilder();
    const m = b.model;
    for (const n of ['ordering', 'payments', 'fulfillment']) b.service(n);
    b.dependency('ordering', 'payments'); // ordering calls payments …
    b.dependency('payments', 'ordering', { kind: 'async', evidence: 'topic payments.captured' }); // … which answers with an event
    expect(run(dependencyCycle, m).findings).toEqual([]);
    b.dependency('ordering', 'fulfillment', { kind: 'async', evidence: 'topic ordering.placed' });
    b.dependency('fulfillment', 'ordering', { kind: 'async', evidence: 'topic fulfillment.dispatched' });
    const out = run(dependencyCycle, m);
    expect(out.findings.map((f) => [f.data?.cycle, f.severity])).toEqual([
      [['fulfillment', 'ordering'], 'low'],
    ]);
    expect(out.findings[0]?.messageId).toBe('asyncCycle');
    expect(out.findings[0]?.message).toMatch(/all asynchronous/);
  });

  it('ignores startup ordering and tooling, and reports a strength on an acyclic graph', () => {
    const b = boutique();
    const m = b.model;
    b.dependency('frontend', 'loadgenerator', { kind: 'sync' }); // a tool is never part of a cycle
    b.dependency('cartservice', 'checkoutservice', { kind: 'startup' });
    const out = run(dependencyCycle, m);
    expect(out.findings).toEqual([]);
    expect(out.strength).toMatch(/has no cycles/);
  });
});

describe('services/shared-database and services/inappropriate-intimacy', () => {
  it('reports a store used by two services with no owner among them', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('orders');
    b.service('billing');
    b.service('postgres', 'datastore');
    b.datastore('postgres');
    b.dependency('orders', 'postgres', { kind: 'data' });
    b.dependency('billing', 'postgres', { kind: 'data' });
    const shared = run(sharedDatabase, m);
    expect(shared.findings).toHaveLength(1);
    expect(shared.findings[0]?.data?.users).toEqual(['billing', 'orders']);
    expect(shared.findings[0]?.locations).toHaveLength(3);
    expect(run(inappropriateIntimacy, m).findings).toEqual([]);
  });

  it('with a known owner, reports the intruder as intimacy instead', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('orders');
    b.service('billing');
    b.service('orders-db', 'datastore');
    b.datastore('orders-db', { ownerServiceId: 'orders', usedBy: ['orders', 'billing'] });
    b.dependency('billing', 'orders-db', {
      kind: 'data',
      evidence: 'ORDERS_DATABASE_URL=postgres://orders-db:5432/orders',
    });
    expect(run(sharedDatabase, m).findings).toEqual([]);
    expect(run(sharedDatabase, m).strength).toBeUndefined();
    const intimacy = run(inappropriateIntimacy, m);
    expect(intimacy.findings.map((f) => f.messageId)).toEqual(['foreignStore']);
    expect(intimacy.findings.map((f) => f.message)).toEqual([
      'billing connects to orders-db, the postgres database owned by orders (env `ORDERS_DATABASE_URL=postgres://orders-db:5432/orders` at k8s.yaml:5)',
    ]);
  });

  it('finds nothing on Online Boutique: redis-cart serves only cartservice', () => {
    const out = run(sharedDatabase, boutique().model);
    expect(out.findings).toEqual([]);
    expect(out.strength).toBe('The one datastore in use serves a single service');
  });
});

describe('services/hub-service', () => {
  it('uses a conservative threshold relative to system size', () => {
    expect(hubThreshold(4)).toBe(3);
    expect(hubThreshold(11)).toBe(3);
    expect(hubThreshold(30)).toBe(8);
  });

  it('reports a service with both high fan-in and high fan-out', () => {
    const b = new ModelBuilder();
    const m = b.model;
    for (const n of ['a', 'b', 'c', 'core', 'x', 'y', 'z']) b.service(n);
    for (const n of ['a', 'b', 'c']) b.dependency(n, 'core');
    for (const n of ['x', 'y', 'z']) b.dependency('core', n);
    const out = run(hubService, m);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.data).toMatchObject({ service: 'core', fanIn: 3, fanOut: 3, threshold: 3 });
    expect(out.findings[0]?.locations).toHaveLength(6);
  });

  it('does not call an aggregating frontend or an orchestrator a hub (Online Boutique)', () => {
    const out = run(hubService, boutique().model);
    expect(out.findings).toEqual([]);
    expect(out.strength).toMatch(/No hub services/);
  });
});

describe('services/deep-sync-chain', () => {
  it('reports the longest chain from each entry once, with its edges', () => {
    const b = new ModelBuilder();
    const m = b.model;
    const names = ['web', 'orders', 'pricing', 'discounts', 'loyalty', 'profiles'];
    for (const n of names) b.service(n);
    for (let i = 0; i + 1 < names.length; i++) b.dependency(names[i] as string, names[i + 1] as string);
    b.dependency('web', 'pricing');
    const out = run(deepSyncChain, m);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.data).toMatchObject({ chain: names, hops: 5, maxHops: 4 });
    expect(out.findings[0]?.locations).toHaveLength(5);
    expect(run(deepSyncChain, m, { maxHops: 5 }).findings).toEqual([]);
  });

  it('does not count asynchronous or data hops, nor the load generator (Online Boutique: 2 hops)', () => {
    const out = run(deepSyncChain, boutique().model);
    expect(out.findings).toEqual([]);
    expect(out.strength).toBe('The deepest synchronous call chain is 2 hops, within the limit of 4');
  });
});

describe('services/missing-api-gateway', () => {
  it('reports two directly exposed backends', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('orders');
    b.service('payments');
    b.exposure('orders', ['orders'], { type: 'LoadBalancer', public: true });
    b.exposure('payments', ['payments'], { type: 'NodePort', public: true });
    const out = run(missingApiGateway, m);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.data?.services).toEqual(['orders', 'payments']);
  });

  it('accepts a single exposed frontend, a gateway, and exposed datastores (another rule)', () => {
    const b = boutique();
    const m = b.model;
    b.service('edge', 'gateway');
    b.exposure('edge', ['edge'], { type: 'LoadBalancer', public: true });
    b.exposure('redis-cart', ['redis-cart'], { type: 'LoadBalancer', public: true });
    const out = run(missingApiGateway, m);
    expect(out.findings).toEqual([]);
    expect(out.strength).toBe('External traffic enters through a single service (frontend)');
  });

  it('routes behind an Ingress are not direct exposure', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('orders');
    b.service('payments');
    b.exposure('edge', ['orders', 'payments'], { kind: 'ingress', type: 'Ingress', public: true });
    expect(run(missingApiGateway, m).strength).toBe(
      'External traffic enters only through a gateway or ingress',
    );
  });
});

describe('services/hardcoded-endpoint', () => {
  it('finds IP literals used as endpoints but not binds, loopback, ranges or versions', () => {
    expect(endpointIps('http://10.0.3.17:8080/api')).toEqual(['10.0.3.17']);
    expect(endpointIps('10.0.3.17:6379')).toEqual(['10.0.3.17']);
    expect(endpointIps('0.0.0.0:8080')).toEqual([]);
    expect(endpointIps('127.0.0.1')).toEqual([]);
    expect(endpointIps('169.254.169.254')).toEqual([]);
    expect(endpointIps('10.0.0.0/8')).toEqual([]);
    expect(endpointIps('v1.2.3.4')).toEqual([]);
    expect(endpointIps('1.2.3.4.5')).toEqual([]);
    expect(endpointIps('300.1.1.1')).toEqual([]);
  });

  it('reports the setting, redacting credentials, and skips allow lists', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('orders');
    b.workload('orders', {
      containers: [
        b.container('orders', {
          env: [
            {
              name: 'DATABASE_URL',
              value: 'postgres://app:s3cret@10.1.2.3:5432/orders',
              source: { file: 'o.yaml', line: 9 },
            },
            { name: 'TRUSTED_PROXIES', value: '10.1.0.1', source: { file: 'o.yaml', line: 10 } },
            { name: 'LISTEN', value: '0.0.0.0:8080', source: { file: 'o.yaml', line: 11 } },
          ],
        }),
      ],
    });
    const out = run(hardcodedEndpoint, m);
    expect(out.findings.map((f) => f.message)).toEqual([
      'orders sets DATABASE_URL=postgres://app:***@10.1.2.3:5432/orders: a hard-coded IP address (10.1.2.3) instead of a service name',
    ]);
    expect(out.findings[0]?.locations).toEqual([{ file: 'o.yaml', line: 9 }]);
  });
});

describe('services/layered-decomposition', () => {
  it('recognises layer names and leaves capability names alone', () => {
    for (const n of [
      'user-dao',
      'orders-repository',
      'data-service',
      'business-layer',
      'persistence-service',
      'dal-service',
    ])
      expect(layerName(n), n).toBeDefined();
    for (const n of [
      'orders',
      'user-db',
      'dataservice-gateway',
      'metadata-service',
      'catalogue',
      'shippingservice',
      'payment-service',
    ])
      expect(layerName(n), n).toBeUndefined();
  });

  it('reports only application services', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('user-dao');
    b.service('orders-repository', 'datastore');
    b.service('users');
    expect(run(layeredDecomposition, m).findings.map((f) => f.data?.service)).toEqual(['user-dao']);
  });
});

describe('services/technology-sprawl', () => {
  it('maps base images to languages', () => {
    expect(imageLanguage('golang:1.22-alpine')).toBe('go');
    expect(imageLanguage('mcr.microsoft.com/dotnet/sdk:8.0')).toBe('csharp');
    expect(imageLanguage('eclipse-temurin:21-jre')).toBe('java');
    expect(imageLanguage('node:20@sha256:abc')).toBe('javascript');
    expect(imageLanguage('docker.io/library/python:3.12')).toBe('python');
    expect(imageLanguage('gcr.io/distroless/static')).toBeUndefined();
    expect(imageLanguage('example/sdk:1')).toBeUndefined();
    expect(imageLanguage('redis:7')).toBeUndefined();
  });

  it('only judges against a declared team', () => {
    const b = new ModelBuilder();
    const m = b.model;
    for (const [n, l] of [
      ['a', 'go'],
      ['b', 'Java'],
      ['c', 'python'],
      ['d', 'TypeScript'],
    ] as const)
      b.service(n, 'application', l);
    expect(run(technologySprawl, m)).toEqual({ findings: [] });
    m.declared.team = { engineers: 5 };
    m.declared.source = { file: 'plumbline.yaml', line: 1 };
    const out = run(technologySprawl, m);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.message).toBe(
      '4 languages for a declared team of 5 engineers (budget 2): go (a); java (b); javascript (d); python (c)',
    );
    m.declared.team = { teams: 3 };
    expect(run(technologySprawl, m).findings).toEqual([]);
  });
});
