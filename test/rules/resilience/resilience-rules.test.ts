/** The resilience rules on hand-built models: the logic without the adapters. */
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/discover/parse/structured.js';
import type { SystemModel } from '../../../src/model/schema.js';
import {
  assumptionsFrom,
  availabilityBudget,
  pathComponents,
} from '../../../src/rules/resilience/availability-budget.js';
import { ephemeralSystemOfRecord } from '../../../src/rules/resilience/ephemeral-system-of-record.js';
import { missingDisruptionBudget } from '../../../src/rules/resilience/missing-disruption-budget.js';
import { missingLivenessProbe } from '../../../src/rules/resilience/missing-liveness-probe.js';
import { missingReadinessProbe } from '../../../src/rules/resilience/missing-readiness-probe.js';
import { missingTimeouts } from '../../../src/rules/resilience/missing-timeouts.js';
import { queueWithoutDeadLetter } from '../../../src/rules/resilience/queue-without-dead-letter.js';
import { unreplicatedDatastore } from '../../../src/rules/resilience/unreplicated-datastore.js';
import { ModelBuilder, run } from '../../helpers/model-builders.js';

const probe = { type: 'http' as const, path: '/healthz', port: 8080, source: { file: 'k8s.yaml', line: 99 } };

describe('resilience/missing-readiness-probe and missing-liveness-probe', () => {
  function system(): SystemModel {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('orders');
    b.service('payments');
    b.service('loadgenerator', 'tooling');
    b.service('worker');
    b.workload('orders', { containers: [b.container('orders', { readinessProbe: probe })] });
    b.workload('payments');
    b.workload('loadgenerator', { containers: [b.container('main', { ports: [] })] });
    b.workload('worker', { containers: [b.container('worker', { ports: [] })] });
    b.workload('migrate', { kind: 'Job', serviceId: 'orders' });
    b.exposure('orders', ['orders']);
    b.exposure('payments', ['payments']);
    return m;
  }

  it('reports serving workloads only: not tools, not workers without a Service or ports, not Jobs', () => {
    const out = run(missingReadinessProbe, system());
    expect(out.findings.map((f) => f.messageId)).toEqual(['noReadinessProbe']);
    expect(out.findings.map((f) => f.message)).toEqual([
      'Deployment payments: container `payments` declares no readinessProbe, so traffic reaches it before it is ready',
    ]);
    const live = run(missingLivenessProbe, system());
    expect(live.findings.map((f) => f.data?.workload)).toEqual([
      'Deployment/default/orders',
      'Deployment/default/payments',
    ]);
  });

  it('reports a strength naming how many workloads are covered', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('orders');
    b.workload('orders', {
      containers: [b.container('orders', { readinessProbe: probe, livenessProbe: probe })],
    });
    b.workload('orders-db', {
      kind: 'StatefulSet',
      containers: [b.container('pg', { readinessProbe: probe, livenessProbe: probe })],
    });
    expect(run(missingReadinessProbe, m).strength).toBe(
      'All 2 Deployments and StatefulSets that serve traffic declare readiness probes',
    );
    expect(run(missingLivenessProbe, m).strength).toBe(
      'All 2 Deployments and StatefulSets that serve traffic declare liveness probes',
    );
  });

  it('ignores init containers', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('orders');
    b.workload('orders', {
      containers: [b.container('orders', { readinessProbe: probe }), b.container('wait', { init: true })],
    });
    expect(run(missingReadinessProbe, m).findings).toEqual([]);
  });
});

describe('resilience/missing-disruption-budget', () => {
  it('reports replicated or autoscaled workloads no PDB selects', () => {
    const b = new ModelBuilder();
    const m = b.model;
    for (const n of ['orders', 'payments', 'search', 'single']) b.service(n);
    b.workload('orders', { replicas: 3 });
    b.workload('payments', { replicas: 1 });
    b.workload('search', { replicas: 2 });
    b.workload('single');
    m.autoscalers.push({
      id: 'hpa/payments',
      name: 'payments',
      targetKind: 'Deployment',
      targetName: 'payments',
      minReplicas: 2,
      maxReplicas: 10,
      metrics: ['cpu'],
      source: { file: 'hpa.yaml', line: 1 },
    });
    m.disruptionBudgets.push({
      id: 'pdb/search',
      name: 'search',
      selector: { app: 'search' },
      maxUnavailable: 1,
      serviceIds: [],
      source: { file: 'pdb.yaml', line: 1 },
    });
    const out = run(missingDisruptionBudget, m);
    expect(out.findings.map((f) => f.messageId)).toEqual([
      'noDisruptionBudget',
      'autoscaledNoDisruptionBudget',
    ]);
    expect(out.findings.map((f) => f.message)).toEqual([
      'Deployment orders runs 3 replicas but no PodDisruptionBudget selects its pods; a node drain may evict them all at once',
      'Deployment payments runs autoscaled 2–10 by HorizontalPodAutoscaler payments but no PodDisruptionBudget selects its pods; a node drain may evict them all at once',
    ]);
    expect(out.findings[0]?.fix?.snippet).toContain('app: orders');
  });

  it('does not apply to single-replica systems', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('orders');
    b.workload('orders');
    expect(run(missingDisruptionBudget, m)).toEqual({ findings: [], strength: undefined });
  });
});

describe('resilience/unreplicated-datastore', () => {
  it('reports single-replica databases and brokers, not caches, managed or declared-replicated stores', () => {
    const b = new ModelBuilder();
    const m = b.model;
    for (const [n, role] of [
      ['orders-db', 'datastore'],
      ['redis-cart', 'cache'],
      ['rabbitmq', 'broker'],
      ['users-db', 'datastore'],
      ['pg-cluster', 'datastore'],
    ] as const)
      b.service(n, role);
    b.datastore('orders-db', { engine: 'mongodb' });
    b.datastore('redis-cart', { engine: 'redis', category: 'cache' });
    b.datastore('rabbitmq', { engine: 'rabbitmq', category: 'broker' });
    b.datastore('users-db', { backup: true });
    b.datastore('pg-cluster');
    b.datastore('cloudsql', { external: true, serviceId: undefined });
    b.workload('orders-db', { volumes: [{ name: 'tmp', type: 'emptyDir' }] });
    b.workload('redis-cart');
    b.workload('rabbitmq');
    b.workload('users-db');
    b.workload('pg-cluster', { kind: 'StatefulSet', replicas: 3, volumeClaimTemplates: ['data'] });
    const out = run(unreplicatedDatastore, m);
    expect(out.findings.map((f) => [f.data?.datastore, f.severity])).toEqual([
      ['orders-db', 'high'],
      ['rabbitmq', 'medium'],
    ]);
    expect(out.findings[0]?.message).toBe(
      'mongodb database orders-db runs as a single replica (Deployment orders-db) with no declared replication or backup; it has no persistent volume, so anything written to it is lost whenever the pod or container is replaced',
    );
  });
});

describe('resilience/ephemeral-system-of-record', () => {
  const redisMount = { name: 'redis-data', mountPath: '/data' };
  /** cartservice keeps its carts in redis-cart, a Redis cache run by a Deployment. */
  function cart(volumes: { name: string; type: string }[], extra: { volumeClaimTemplates?: string[] } = {}) {
    const b = new ModelBuilder();
    b.service('cartservice');
    b.service('redis-cart', 'cache');
    b.service('loadgenerator', 'tooling');
    b.datastore('redis-cart', {
      engine: 'redis',
      category: 'cache',
      usedBy: ['cartservice', 'loadgenerator'],
    });
    b.workload('cartservice');
    b.workload('redis-cart', {
      containers: [b.container('redis', { volumeMounts: volumes.length ? [redisMount] : [] })],
      volumes,
      kind: extra.volumeClaimTemplates ? 'StatefulSet' : 'Deployment',
      volumeClaimTemplates: extra.volumeClaimTemplates ?? [],
    });
    b.dependency('cartservice', 'redis-cart', { kind: 'data', protocol: 'redis' });
    return b;
  }

  it("reports a Redis on an emptyDir that is a service's only store, naming the store, its users and the volume", () => {
    const out = run(ephemeralSystemOfRecord, cart([{ name: 'redis-data', type: 'emptyDir' }]).model);
    expect(out.findings).toHaveLength(1);
    const [finding] = out.findings;
    expect(finding?.message).toBe(
      'redis cache redis-cart is the only store of cartservice, yet its data lives in emptyDir volume `redis-data` (mounted at /data) (Deployment redis-cart): every restart, rollout or reschedule of its pod loses all of it — for cartservice it is the system of record, not a cache',
    );
    // the load generator uses it too, but a test tool is no dependent
    expect(finding?.data).toMatchObject({
      datastore: 'redis-cart',
      dependents: ['cartservice'],
      volumes: ['redis-data'],
    });
    expect(finding?.element).toBe('datastore:redis-cart#ephemeral');
  });

  it('reports a Redis with no volume at all, and one whose only emptyDir is scratch space', () => {
    const bare = run(ephemeralSystemOfRecord, cart([]).model);
    expect(bare.findings[0]?.message).toMatch(/its data lives in the container's own filesystem/);
    const b = cart([]);
    const redis = b.model.deployables.find((d) => d.name === 'redis-cart')!;
    redis.volumes = [{ name: 'tmp', type: 'emptyDir' }];
    redis.containers[0]!.volumeMounts = [{ name: 'tmp', mountPath: '/tmp' }];
    const scratch = run(ephemeralSystemOfRecord, b.model);
    expect(scratch.findings[0]?.data?.volumes).toEqual([]);
  });

  it('passes a Redis with a PersistentVolumeClaim, as a StatefulSet or a Deployment', () => {
    const sts = run(ephemeralSystemOfRecord, cart([], { volumeClaimTemplates: ['redis-data'] }).model);
    expect(sts.findings).toEqual([]);
    expect(sts.strength).toMatch(/keeps its data on a persistent volume/);
    const pvc = run(
      ephemeralSystemOfRecord,
      cart([{ name: 'redis-data', type: 'persistentVolumeClaim' }]).model,
    );
    expect(pvc.findings).toEqual([]);
  });

  it('passes a Redis cache in front of Postgres, and a cache only platform components or tools use', () => {
    const b = cart([{ name: 'redis-data', type: 'emptyDir' }]);
    b.service('cart-db', 'datastore');
    b.datastore('cart-db', { usedBy: ['cartservice'] });
    b.workload('cart-db', { kind: 'StatefulSet', volumeClaimTemplates: ['data'] });
    b.dependency('cartservice', 'cart-db', { kind: 'data' });
    expect(run(ephemeralSystemOfRecord, b.model).findings).toEqual([]);

    const tools = cart([{ name: 'redis-data', type: 'emptyDir' }]);
    tools.model.dependencies = [];
    tools.model.datastores[0]!.usedBy = ['loadgenerator'];
    expect(run(ephemeralSystemOfRecord, tools.model).findings).toEqual([]);
  });

  it('leaves declared and managed stores, and compose-only setups, alone', () => {
    const declared = cart([{ name: 'redis-data', type: 'emptyDir' }]);
    declared.model.datastores[0]!.backup = true;
    expect(run(ephemeralSystemOfRecord, declared.model).findings).toEqual([]);
    const compose = cart([]);
    for (const d of compose.model.deployables) d.kind = 'compose-service';
    expect(run(ephemeralSystemOfRecord, compose.model).findings).toEqual([]);
  });
});

describe('resilience/queue-without-dead-letter', () => {
  function broker(): ModelBuilder {
    const b = new ModelBuilder();
    b.service('orders');
    b.service('rabbitmq', 'broker');
    b.datastore('rabbitmq', { engine: 'rabbitmq', category: 'broker', usedBy: ['orders'] });
    b.workload('rabbitmq');
    return b;
  }

  it('reports a deployed broker when nothing mentions dead-lettering', () => {
    const out = run(queueWithoutDeadLetter, broker().model);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.message).toMatch(
      /^RabbitMQ rabbitmq is deployed \(Deployment rabbitmq\) and used by orders, but/,
    );
  });

  it('accepts any evidence: a DLQ setting, a definitions file, a topic with a dead letter', () => {
    const withEnv = broker();
    withEnv.workload('orders', {
      containers: [
        withEnv.container('orders', {
          env: [{ name: 'QUEUE_DLX', value: 'orders.dlx', source: { file: 'o.yaml', line: 3 } }],
        }),
      ],
    });
    expect(run(queueWithoutDeadLetter, withEnv.model).findings).toEqual([]);
    expect(
      run(queueWithoutDeadLetter, broker().model, {}, { paths: ['rabbitmq/dead-letter-policy.json'] })
        .findings,
    ).toEqual([]);
    const withTopic = broker().model;
    withTopic.topics.push({
      id: 't',
      name: 'orders.placed',
      kind: 'queue',
      producers: ['orders'],
      consumers: ['billing'],
      deadLetter: 'orders.placed.dlq',
      messageTypes: [],
      source: { file: 'topics.yaml', line: 1 },
    });
    expect(run(queueWithoutDeadLetter, withTopic).findings).toEqual([]);
  });
});

describe('resilience/missing-timeouts', () => {
  const istio = (text: string) =>
    parseYaml('istio.yaml', text, 'test').documents.map((document) => ({
      kind: 'kubernetes' as const,
      document,
    }));

  it('reports an Istio route without timeout and without circuit breaking', () => {
    const docs = istio(
      'apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata:\n  name: frontend\nspec:\n  hosts: ["frontend.default.svc.cluster.local"]\n  http:\n  - route:\n    - destination:\n        host: frontend\n        port:\n          number: 80\n',
    );
    const out = run(missingTimeouts, new ModelBuilder().model, {}, { documents: docs });
    expect(out.findings.map((f) => f.messageId)).toEqual(['routeWithoutTimeoutOrCircuitBreaking']);
    expect(out.findings.map((f) => f.message)).toEqual([
      'Istio VirtualService frontend routes to frontend with no timeout (Istio sets none by default) and no DestinationRule with outlierDetection or connectionPool for frontend (no circuit breaking)',
    ]);
    expect(out.findings[0]?.locations).toEqual([{ file: 'istio.yaml', line: 8 }]);
  });

  it('accepts a route with a timeout and a DestinationRule with outlier detection', () => {
    const docs = istio(
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: payments\nspec:\n  hosts: [payments]\n  http:\n  - timeout: 2s\n    route:\n    - destination:\n        host: payments\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: payments\nspec:\n  host: payments.shop.svc.cluster.local\n  trafficPolicy:\n    outlierDetection:\n      consecutive5xxErrors: 5\n',
    );
    const out = run(missingTimeouts, new ModelBuilder().model, {}, { documents: docs });
    expect(out.findings).toEqual([]);
    expect(out.strength).toMatch(/1 mesh route/);
  });

  it('compares per-client timeout settings and flags disabled timeouts; says nothing without such settings', () => {
    const b = new ModelBuilder();
    const m = b.model;
    for (const n of ['orders', 'payments', 'shipping']) b.service(n);
    const env = (name: string, value: string, line: number) => ({
      name,
      value,
      source: { file: 'o.yaml', line },
    });
    b.workload('orders', {
      containers: [
        b.container('orders', {
          env: [
            env('PAYMENTS_SERVICE_URL', 'http://payments:8080', 1),
            env('PAYMENTS_SERVICE_TIMEOUT_MS', '2000', 2),
            env('SHIPPING_URL', 'http://shipping:8080', 3),
          ],
        }),
      ],
    });
    b.dependency('orders', 'payments', {
      kind: 'sync',
      evidence: 'PAYMENTS_SERVICE_URL=http://payments:8080',
    });
    b.dependency('orders', 'shipping', { kind: 'sync', evidence: 'SHIPPING_URL=http://shipping:8080' });
    expect(run(missingTimeouts, m).findings.map((f) => [f.messageId, f.message])).toEqual([
      [
        'dependencyWithoutTimeout',
        'orders configures client timeouts (PAYMENTS_SERVICE_TIMEOUT_MS) but none for SHIPPING_URL (shipping)',
      ],
    ]);
    // A generic timeout may cover every client: nothing to conclude.
    m.deployables[0]?.containers[0]?.env.push(env('REQUEST_TIMEOUT', '0', 4));
    expect(run(missingTimeouts, m).findings.map((f) => [f.messageId, f.message])).toEqual([
      [
        'timeoutDisabled',
        'orders sets REQUEST_TIMEOUT=0, which disables the timeout: a hung dependency holds the caller forever',
      ],
    ]);
    const none = new ModelBuilder();
    none.service('orders');
    none.workload('orders');
    expect(run(missingTimeouts, none.model)).toEqual({ findings: [], strength: undefined });
  });
});

describe('resilience/availability-budget', () => {
  function shop(): SystemModel {
    const b = new ModelBuilder();
    const m = b.model;
    m.declared.requirements = { availabilityTarget: 0.999 };
    m.declared.source = { file: 'plumbline.yaml', line: 1 };
    for (const n of ['frontend', 'checkout', 'payment', 'loadgenerator']) b.service(n);
    b.service('redis-cart', 'cache');
    b.datastore('redis-cart', { engine: 'redis', category: 'cache' });
    b.datastore('cloudsql', { external: true, serviceId: undefined });
    b.workload('frontend', { replicas: 2 });
    b.workload('checkout');
    b.workload('payment');
    b.workload('redis-cart');
    b.dependency('loadgenerator', 'frontend');
    b.dependency('frontend', 'checkout');
    b.dependency('checkout', 'payment');
    b.dependency('checkout', 'redis-cart', { kind: 'data' });
    b.dependency('payment', 'cloudsql', { kind: 'data' });
    b.exposure('frontend-external', ['frontend'], { type: 'LoadBalancer', public: true });
    return m;
  }

  it('builds the components of a path: services, then the stores they call', () => {
    const m = shop();
    const components = pathComponents(m, ['frontend', 'checkout', 'payment'], assumptionsFrom({}));
    expect(components.map((c) => [c.id, c.kind, c.perReplica, c.replicas])).toEqual([
      ['frontend', 'pod', 0.995, 2],
      ['checkout', 'pod', 0.995, 1],
      ['payment', 'pod', 0.995, 1],
      ['redis-cart', 'pod', 0.995, 1],
      ['cloudsql', 'fixed', 0.9995, 1],
    ]);
  });

  it('infers the longest sync chain from the public entry when no path is declared, and shows the numbers', () => {
    const out = run(availabilityBudget, shop());
    expect(out.findings).toHaveLength(1);
    const f = out.findings[0];
    // 0.999975 × 0.995 × 0.995 × 0.995 × 0.9995
    const composite = 0.999975 * 0.995 ** 3 * 0.9995;
    expect(f?.data?.composite).toBeCloseTo(composite, 12);
    expect(f?.data?.target).toBe(0.999);
    expect(f?.data?.shortfall).toBeCloseTo(0.999 - composite, 12);
    expect(f?.data?.services).toEqual(['frontend', 'checkout', 'payment']);
    expect(f?.data?.replicaFloorNeeded).toBe(2); // 0.999975^4 × 0.9995 = 0.9994
    expect(f?.severity).toBe('high');
    expect(f?.message).toContain('computes to 98.4558% against the 99.9% target');
    expect(f?.message).toContain('frontend 99.5% ×2 → 99.9975% × checkout 99.5%');
    expect(f?.message).toContain('Running checkout, payment, redis-cart with at least 2 replicas');
    expect(f?.messageId).toBe('belowTarget');
  });

  it('uses declared critical paths and rule options, and reports a strength when met', () => {
    const m = shop();
    m.declared.criticalPaths = [
      { name: 'browse', services: ['frontend'], source: { file: 'plumbline.yaml', line: 4 } },
    ];
    const met = run(availabilityBudget, m);
    expect(met.findings).toEqual([]);
    expect(met.strength).toBe('Critical path browse computes to 99.9975%, meeting the 99.9% target');
    const strict = run(availabilityBudget, m, { podAvailability: 0.9 });
    expect(strict.findings[0]?.data?.composite).toBeCloseTo(0.99, 12);
    expect(strict.findings[0]?.locations[0]).toEqual({ file: 'plumbline.yaml', line: 4 });
  });

  it('says when the managed components alone cap the path', () => {
    const m = shop();
    m.declared.requirements = { availabilityTarget: 0.9999 };
    const f = run(availabilityBudget, m).findings[0];
    expect(f?.data?.replicaFloorNeeded).toBeNull();
    expect(f?.message).toContain('the managed components alone cap the path at 99.95%');
    expect(f?.messageId).toBe('belowTargetAtAnyScale');
  });

  it('does nothing without a declared target', () => {
    const m = shop();
    m.declared.requirements = undefined;
    expect(run(availabilityBudget, m)).toEqual({ findings: [], strength: undefined });
  });
});
