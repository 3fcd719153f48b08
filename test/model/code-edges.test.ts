import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DiscoveryResult, discoverDirectory, discoverFiles } from '../../src/discover/index.js';
import { renderMermaid } from '../../src/render/mermaid.js';
import { review } from '../../src/review/index.js';

const SPRING = path.resolve(__dirname, '../fixtures/code-spring');
const POLYGLOT = path.resolve(__dirname, '../fixtures/code-polyglot');

/** The caller → callee pairs the Spring fixture's Java code holds (URL literals, Feign, WebClient). */
const JAVA_PAIRS = [
  'orders-service>customer-service',
  'orders-service>inventory-service',
  'orders-service>payment-service',
  'payment-service>customer-service',
];

describe('edges from a Java/Spring system: code and application.yml', () => {
  let spring: DiscoveryResult;
  beforeAll(async () => {
    spring = await discoverDirectory(SPRING);
  });
  const edge = (from: string, to: string) =>
    spring.model.dependencies.find((d) => d.from === from && d.to === to);

  it('turns at least 90% of the caller → callee pairs in the code into edges citing the .java file', () => {
    const cited = JAVA_PAIRS.filter((pair) => {
      const [from, to] = pair.split('>') as [string, string];
      return edge(from, to)?.evidences?.some((e) => e.via === 'code' && e.source.file.endsWith('.java'));
    });
    expect(cited.length / JAVA_PAIRS.length).toBeGreaterThanOrEqual(0.9);
    expect(cited).toEqual(JAVA_PAIRS);
    const orders = edge('orders-service', 'payment-service');
    expect(orders).toMatchObject({ kind: 'sync', protocol: 'http', via: 'code' });
    expect(orders?.source).toEqual({
      file: 'orders-service/src/main/java/com/shop/orders/OrderService.java',
      line: 32,
    });
    expect(orders?.confidence).toBeGreaterThan(0.8);
  });

  it('gives every service with a Mongo or MySQL datasource an edge to that store citing its config file', () => {
    const stores: [string, string, string][] = [
      ['orders-service', 'mysql', 'orders-service/src/main/resources/application.yml'],
      ['inventory-service', 'mysql', 'inventory-service/src/main/resources/application.properties'],
      ['payment-service', 'mongo', 'payment-service/src/main/resources/application.yml'],
      ['customer-service', 'customer-mongo', 'customer-service/src/main/resources/application.yml'],
    ];
    for (const [from, to, file] of stores) {
      const dep = edge(from, to);
      expect(dep?.kind, `${from} → ${to}`).toBe('data');
      expect(
        dep?.evidences?.some((e) => e.via === 'app-config' && e.source.file === file),
        `${from} → ${to}`,
      ).toBe(true);
    }
    // the compose env and the placeholder default say the same thing: one edge, both evidences
    expect(edge('orders-service', 'mysql')?.evidences?.map((e) => e.via)).toEqual(['env', 'app-config']);
    expect(spring.model.datastores.find((d) => d.id === 'customer-mongo')).toMatchObject({
      engine: 'mongodb',
    });
  });

  it('invents no service: unknown hosts become a diagnostic, test code and localhost profiles are ignored', () => {
    const serviceIds = new Set(spring.model.services.map((s) => s.id));
    const storeIds = new Set(spring.model.datastores.map((d) => d.id));
    for (const d of spring.model.dependencies) {
      expect(serviceIds.has(d.from), d.from).toBe(true);
      expect(serviceIds.has(d.to) || storeIds.has(d.to), d.to).toBe(true);
    }
    expect([...serviceIds].sort()).toEqual([
      'customer-service',
      'gateway',
      'inventory-service',
      'kafka',
      'mongo',
      'mysql',
      'notification-service',
      'orders-service',
      'payment-service',
      'rabbitmq',
    ]);
    expect(spring.model.diagnostics.map((d) => d.message)).toContainEqual(
      expect.stringContaining('names host `legacy-billing`, which no discovered service answers to'),
    );
    expect(spring.model.codeFacts.some((f) => f.source.file.includes('/src/test/'))).toBe(false);
    expect(spring.model.externals.map((e) => e.name)).toEqual(['api.stripe.com']);
  });

  it('records how each file was attributed, and topics with producers and consumers', () => {
    const fact = spring.model.codeFacts.find((f) => f.source.file.endsWith('OrderService.java'));
    expect(fact?.attribution).toEqual({ by: 'build-context', root: 'orders-service' });
    const topics = Object.fromEntries(spring.model.topics.map((t) => [t.name, [t.producers, t.consumers]]));
    expect(topics).toEqual({
      notifications: [['orders-service'], ['notification-service']],
      'orders.created': [['orders-service'], ['payment-service']],
    });
    expect(edge('orders-service', 'notification-service')).toMatchObject({ kind: 'async', protocol: 'amqp' });
  });

  it('scan --format mermaid shows the graph', () => {
    const mermaid = renderMermaid(spring.model);
    const ids = Object.fromEntries([...mermaid.matchAll(/(n\d+)[^"\s]*"([^"]+)"/g)].map((m) => [m[2], m[1]]));
    for (const pair of [...JAVA_PAIRS, 'gateway>orders-service', 'payment-service>mongo'])
      expect(mermaid).toContain(`${ids[pair.split('>')[0] as string]} -->`);
    expect(mermaid).toMatch(new RegExp(`${ids['orders-service']} -->\\|http\\| ${ids['payment-service']}`));
  });

  it('feeds the rules: chatty call, missing timeouts, distributed write, shared database through config', () => {
    const report = review(spring);
    const byRule = (id: string) => report.findings.filter((f) => f.ruleId === id).map((f) => f.message);
    expect(byRule('performance/chatty-calls')).toEqual([
      expect.stringContaining(
        'orders-service calls inventory-service inside a loop in OrderService.placeOrder',
      ),
    ]);
    expect(byRule('resilience/call-without-timeout')).toEqual([
      expect.stringContaining('orders-service calls inventory-service with RestTemplate'),
      expect.stringContaining('orders-service calls payment-service with RestTemplate'),
    ]);
    expect(byRule('services/distributed-write')).toEqual([
      expect.stringContaining(
        'orders-service OrderService.placeOrder writes to inventory-service and payment-service',
      ),
    ]);
    expect(byRule('services/shared-database').join('\n')).toMatch(
      /mysql .*inventory-service.*orders-service/,
    );
  });
});

describe('edges from a polyglot system (Go, Python, C#, Kotlin, TypeScript, JavaScript)', () => {
  let poly: DiscoveryResult;
  beforeAll(async () => {
    poly = await discoverDirectory(POLYGLOT);
  });

  it('finds each language’s calls, stores and topics', () => {
    const edges = poly.model.dependencies.map((d) => `${d.from}>${d.to} ${d.kind} ${d.protocol}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'basket>catalog sync http',
        'basket>redis data redis',
        'basket>rabbitmq async amqp',
        'cart>basket sync grpc',
        'cart>catalog sync http',
        'cart>redis data redis',
        'cart>ledger async kafka',
        'cart>orders async kafka',
        'catalog>ledger sync http',
        'catalog>rabbitmq async amqp',
        'orders>ledger sync http',
        'ledger>kafka async kafka',
        'web>catalog sync http',
        'web>cart sync http',
      ]),
    );
    expect(poly.model.codeFacts.some((f) => f.source.file.endsWith('_test.go'))).toBe(false);
  });

  it('credits timeouts from the call, the file and the service config', () => {
    const calls = poly.model.codeFacts.filter((f) => f.kind === 'http-call' && f.targetId);
    const timeout = Object.fromEntries(
      calls.map((f) => [`${f.serviceId}>${f.targetId}`, f.timeout ?? false]),
    );
    expect(timeout).toMatchObject({
      'basket>catalog': true, // appsettings.json Services.TimeoutSeconds
      'cart>catalog': true, // http.Client{Timeout: ...} in the same file
      'catalog>ledger': false,
      'web>catalog': false,
    });
  });
});

describe('services/deep-sync-chain from entry operations in code', () => {
  const callees = ['cart', 'pricing', 'tax', 'stock', 'shipping', 'payments', 'loyalty'];
  const compose = `services:\n${['checkout', ...callees].map((s) => `  ${s}:\n    build: ./${s}\n`).join('')}`;
  const checkout = (names: string[]) =>
    `import requests\n\n\ndef place(order):\n${names
      .map((n) => `    requests.post("http://${n}:8080/api", json=order, timeout=2)\n`)
      .join('')}`;
  const run = (names: string[]) => {
    const files = { 'docker-compose.yml': compose, 'checkout/app/checkout.py': checkout(names) };
    const discovery = discoverFiles(
      Object.entries(files).map(([p, text]) => ({ path: p, text, bytes: text.length })),
      '.',
    );
    return review(discovery).findings.filter((f) => f.ruleId === 'services/deep-sync-chain');
  };

  it('reports one operation that reaches more services synchronously than the limit', () => {
    const findings = run(callees);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('Request path from checkout place reaches 7 services synchronously (limit 6)'),
    ]);
    expect(findings.map((f) => f.messageId)).toEqual(['wideRequestPath']);
    expect(findings[0]?.locations).toHaveLength(7);
  });

  it('stays quiet within the limit', () => {
    expect(run(callees.slice(0, 6))).toEqual([]);
  });
});

describe('a Spring Cloud Config repository', () => {
  it('attributes shared/<service>.yml to that service and the shared application.yml to none', () => {
    const files: Record<string, string> = {
      'docker-compose.yml':
        'services:\n  config:\n    build: ./config\n  accounts:\n    build: ./accounts\n  accounts-mongodb:\n    image: mongo:7.0\n  auth:\n    build: ./auth\n',
      'config/src/main/resources/shared/accounts.yml':
        'spring:\n  data:\n    mongodb:\n      host: accounts-mongodb\n      database: accounts\n',
      'config/src/main/resources/shared/application.yml':
        'security:\n  oauth2:\n    resource:\n      user-info-uri: http://auth:5000/uaa/users/current\n',
    };
    const { model } = discoverFiles(
      Object.entries(files).map(([p, text]) => ({ path: p, text, bytes: text.length })),
      '.',
    );
    const edges = model.dependencies.map((d) => `${d.from}>${d.to}`);
    expect(edges).toContain('accounts>accounts-mongodb');
    expect(edges.some((e) => e.startsWith('config>'))).toBe(false);
    expect(model.codeFacts.find((f) => f.key === 'spring.data.mongodb.host')?.attribution).toEqual({
      by: 'config-name',
      root: 'config/src/main/resources/shared',
    });
  });
});
