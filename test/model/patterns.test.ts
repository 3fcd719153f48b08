/**
 * Pattern recognition (src/model/patterns/) on two small systems written for these tests: `applied` shows the
 * patterns held (the pass case of every recognizer), `contradicted` shows them contradicted, partly applied or
 * absent (the fail case). Then what the review makes of them: strengths, findings, Compliance with Patterns.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DiscoveryResult, discoverDirectory, discoverFiles } from '../../src/discover/index.js';
import { expectedPatterns } from '../../src/model/patterns/index.js';
import type { PatternFact } from '../../src/model/schema.js';
import { review } from '../../src/review/index.js';
import type { Report } from '../../src/review/report.js';

const fixture = (name: string) => path.join(__dirname, '../fixtures/patterns', name);
const pattern = (d: DiscoveryResult, id: string): PatternFact | undefined =>
  d.model.patterns.find((p) => p.id === id);
const files = (texts: Record<string, string>) =>
  discoverFiles(Object.entries(texts).map(([p, text]) => ({ path: p, text, bytes: text.length })));

describe('patterns held (test/fixtures/patterns/applied)', () => {
  let d: DiscoveryResult;
  let report: Report;
  beforeAll(async () => {
    d = await discoverDirectory(fixture('applied'));
    report = review(d);
  }, 60_000);

  it('recognises every pattern the files show, each applied, in catalogue order', () => {
    expect(d.model.patterns.map((p) => [p.id, p.status])).toEqual([
      ['api-gateway', 'applied'],
      ['api-contracts', 'applied'],
      ['event-bus', 'applied'],
      ['outbox', 'applied'],
      ['idempotent-consumer', 'applied'],
      ['dead-letter', 'applied'],
      ['saga', 'applied'],
      ['cqrs', 'applied'],
      ['database-per-service', 'applied'],
      ['circuit-breakers-retries', 'applied'],
      ['health-checks', 'applied'],
      ['centralized-logging', 'applied'],
      ['distributed-tracing', 'applied'],
      ['metrics-monitoring', 'applied'],
    ]);
  });

  it('keeps file:line evidence for every pattern', () => {
    for (const p of d.model.patterns) {
      expect(p.evidence.length, p.id).toBeGreaterThan(0);
      for (const e of p.evidence) expect(e.source.line, `${p.id}: ${e.text}`).toBeGreaterThanOrEqual(1);
    }
  });

  it('names the gateway technology and its route configuration', () => {
    const gw = pattern(d, 'api-gateway')!;
    expect(gw.name).toBe('API gateway (Envoy)');
    expect(gw.evidence.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        'gateway is a gateway (Envoy)',
        'Envoy route configuration gateway/envoy.yaml',
      ]),
    );
    expect(gw.notes).toBe('external traffic enters through gateway, which routes to orders and payments');
  });

  it('reads the bus and its guarantees from deployments, code vocabulary and config', () => {
    expect(pattern(d, 'event-bus')).toMatchObject({
      name: 'Event bus (RabbitMQ)',
      services: ['orders', 'payments', 'shipping'],
    });
    expect(pattern(d, 'outbox')?.evidence[0]).toMatchObject({
      text: 'outbox in code of orders',
      source: { file: 'orders/OrderingService.cs', line: 5 },
    });
    expect(pattern(d, 'idempotent-consumer')?.services).toEqual(['payments']);
    expect(pattern(d, 'dead-letter')?.services).toEqual(['payments']);
    expect(pattern(d, 'saga')?.notes).toBe('orders coordinates multi-service changes with compensation');
  });

  it('credits retries and circuit breakers by library, and health checks by /hc probes and code', () => {
    expect(pattern(d, 'circuit-breakers-retries')?.name).toBe(
      'Circuit breakers and retries (Polly, gobreaker)',
    );
    expect(pattern(d, 'health-checks')?.notes).toBe('all 3 application services report their health');
  });

  it('reports the patterns as strengths and lists them in Compliance with Patterns; none is absent', () => {
    const ids = report.strengths.filter((s) => s.ruleId.startsWith('pattern/')).map((s) => s.ruleId);
    expect(ids).toHaveLength(14);
    expect(report.strengths[0]).toMatchObject({ ruleId: 'pattern/api-gateway', area: 'services' });
    expect(report.patterns.summary).toBe(
      '14 architecture patterns recognised: 14 applied, 0 partly applied, 0 contradicted, 0 expected but absent.',
    );
    expect(report.findings.filter((f) => f.ruleId === 'services/pattern-contradicted')).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === 'services/missing-api-gateway')).toEqual([]);
  });
});

describe('patterns contradicted, partly applied or absent (test/fixtures/patterns/contradicted)', () => {
  let d: DiscoveryResult;
  let report: Report;
  beforeAll(async () => {
    d = await discoverDirectory(fixture('contradicted'));
    report = review(d);
  }, 60_000);

  it('says how each pattern falls short', () => {
    expect(d.model.patterns.map((p) => [p.id, p.status])).toEqual([
      ['api-gateway', 'contradicted'],
      ['event-bus', 'partial'],
      ['database-per-service', 'contradicted'],
      ['service-mesh', 'contradicted'],
      ['circuit-breakers-retries', 'partial'],
      ['health-checks', 'partial'],
      ['distributed-tracing', 'partial'],
    ]);
    expect(pattern(d, 'api-gateway')?.gaps).toEqual([
      {
        text: 'orders is published directly around the gateway (host port orders)',
        source: { file: 'docker-compose.yml', line: 13 },
      },
    ]);
    expect(pattern(d, 'database-per-service')?.notes).toBe(
      'shop-db (PostgreSQL) is shared by orders and payments',
    );
    expect(pattern(d, 'service-mesh')?.notes).toBe(
      'mutual TLS is required, but payments runs without a sidecar',
    );
    expect(pattern(d, 'health-checks')?.notes).toBe(
      '1 of 2 application services report their health; not payments',
    );
  });

  it('recognises nothing of outbox, saga, CQRS, dead letters or idempotency without their vocabulary', () => {
    for (const id of ['outbox', 'saga', 'cqrs', 'dead-letter', 'idempotent-consumer', 'backend-for-frontend'])
      expect(pattern(d, id), id).toBeUndefined();
  });

  it('turns a contradicted gateway and mesh into findings; the shared store stays services/shared-database', () => {
    const contradicted = report.findings.filter((f) => f.ruleId === 'services/pattern-contradicted');
    expect(contradicted.map((f) => f.element)).toEqual(['pattern:api-gateway', 'pattern:service-mesh']);
    expect(contradicted[0]!.message).toBe(
      'API gateway (nginx) is contradicted: external traffic has a gateway, but 1 backend service is also published around it: orders',
    );
    expect(contradicted[0]!.locations).toEqual([{ file: 'docker-compose.yml', line: 13 }]);
    expect(report.findings.some((f) => f.ruleId === 'services/shared-database')).toBe(true);
    // the gateway is there: missing-api-gateway does not deny it
    expect(report.findings.filter((f) => f.ruleId === 'services/missing-api-gateway')).toEqual([]);
  });

  it('lists partly applied patterns as strengths that say what they miss, and the absent ones the system needs', () => {
    expect(report.strengths.find((s) => s.ruleId === 'pattern/health-checks')?.message).toBe(
      'Health checks (probes), partly applied: 1 of 2 application services report their health; not payments',
    );
    expect(report.strengths.some((s) => s.ruleId === 'pattern/api-gateway')).toBe(false);
    const absent = report.patterns.patterns.filter((p) => p.status === 'absent');
    expect(absent.map((p) => [p.id, p.expected])).toEqual([
      ['api-contracts', '2 application services are called by others'],
    ]);
    expect(report.patterns.patterns.map((p) => p.status)).toEqual([
      'partial',
      'partial',
      'partial',
      'partial',
      'contradicted',
      'contradicted',
      'contradicted',
      'absent',
    ]);
  });
});

describe('single recognizers on minimal systems', () => {
  it('API gateway: an Ingress or an Istio Gateway is an edge; a route file alone is not', () => {
    const ingress = files({
      'k8s/ingress.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: edge\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: { name: orders, port: { number: 80 } }\n',
    });
    expect(pattern(ingress, 'api-gateway')).toMatchObject({
      name: 'API gateway (Kubernetes Ingress)',
      status: 'applied',
    });
    const istio = files({
      'istio/gw.yaml':
        'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: shop-gw\nspec:\n  selector: { istio: ingressgateway }\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: shop\nspec:\n  gateways: [shop-gw]\n  hosts: ["*"]\n  http:\n    - route:\n        - destination: { host: orders }\n',
    });
    expect(pattern(istio, 'api-gateway')?.evidence[0]?.text).toBe(
      'Istio Gateway shop-gw with VirtualService shop routing to orders',
    );
    expect(pattern(files({ 'nginx/envoy.yaml': 'static_resources: {}\n' }), 'api-gateway')).toBeUndefined();
  });

  it('API gateway: a service built from a folder holding ocelot.json is an Ocelot gateway, whatever its name', () => {
    const d = files({
      'docker-compose.yml':
        'services:\n  webshoppingapigw:\n    build: ./ApiGw\n    ports:\n      - "5202:80"\n    environment:\n      ORDERS_URL: http://orders:80\n  orders:\n    image: shop/orders:1\n    ports:\n      - "5102:80"\n',
      'ApiGw/ocelot.json': '{ "Routes": [] }\n',
    });
    expect(pattern(d, 'api-gateway')).toMatchObject({
      name: 'API gateway (Ocelot)',
      status: 'contradicted',
      gaps: [{ text: 'orders is published directly around the gateway (host port orders)' }],
    });
    expect(pattern(d, 'api-gateway')?.evidence[0]?.text).toBe(
      'Ocelot route configuration ApiGw/ocelot.json of webshoppingapigw',
    );
  });

  it('service mesh: mesh objects without injection are partial; a namespace label injects', () => {
    const objects =
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: orders\nspec:\n  hosts: [orders]\n';
    expect(pattern(files({ 'k8s/vs.yaml': objects }), 'service-mesh')?.status).toBe('partial');
    const injected = files({
      'k8s/vs.yaml': objects,
      'k8s/ns.yaml':
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n',
    });
    expect(pattern(injected, 'service-mesh')).toMatchObject({
      status: 'applied',
      name: 'Service mesh (Istio)',
    });
  });

  it('dead letters need evidence; a broker only one service uses is a partial event bus', () => {
    const d = files({
      'docker-compose.yml':
        'services:\n  orders:\n    image: shop/orders:1\n    environment:\n      AMQP_URL: amqp://rabbitmq:5672\n  rabbitmq:\n    image: rabbitmq:3.13\n',
    });
    expect(pattern(d, 'dead-letter')).toBeUndefined();
    expect(pattern(d, 'event-bus')?.status).toBe('partial');
  });

  it('expected patterns follow what the system declares: declared compliance expects a mesh', () => {
    const d = files({ 'plumbline.yaml': 'system: shop\ncompliance: [PCI-DSS]\n' });
    expect(expectedPatterns(d.model).map((p) => p.id)).toEqual(['service-mesh']);
  });
});
