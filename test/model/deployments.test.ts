/**
 * Deployments (issue 13): compose projects merged as compose merges them, plain manifests grouped by folder
 * and bundle, environments inferred or declared, one primary, platform and test roles, and findings folded
 * across the deployments that repeat them.
 */
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import { environmentOf } from '../../src/model/deployments.js';
import type { SystemModel } from '../../src/model/schema.js';
import { review } from '../../src/review/index.js';

function discover(files: Record<string, string>) {
  return discoverFiles(
    Object.entries(files).map(([p, text]) => ({ path: p, text, bytes: Buffer.byteLength(text) })),
  );
}
const scan = (files: Record<string, string>): SystemModel => discover(files).model;

function deployment(
  name: string,
  opts: { ns?: string; image?: string; replicas?: number; env?: string } = {},
) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${opts.ns ? `  namespace: ${opts.ns}\n` : ''}spec:
${opts.replicas ? `  replicas: ${opts.replicas}\n` : ''}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: ${opts.image ?? `shop/${name}:1.0.0`}
${opts.env ? `        env:\n        - name: TARGET\n          value: "${opts.env}"\n` : ''}`;
}

describe('compose projects', () => {
  it('layers docker-compose.override.yml on docker-compose.yml, with every value located in its own file', () => {
    const m = scan({
      'docker-compose.yml':
        'services:\n  api:\n    image: shop/api:1.0.0\n    environment:\n      LEVEL: info\n',
      'docker-compose.override.yml':
        'services:\n  api:\n    environment:\n      DEBUG: "1"\n    ports: ["8080:8080"]\n',
    });
    expect(m.deployments.map((d) => [d.id, d.files])).toEqual([
      ['compose:docker-compose.yml', ['docker-compose.override.yml', 'docker-compose.yml']],
    ]);
    expect(m.deployables).toHaveLength(1);
    const env = m.deployables[0]!.containers[0]!.env;
    expect(env.map((e) => [e.name, e.source.file, e.source.line])).toEqual([
      ['LEVEL', 'docker-compose.yml', 5],
      ['DEBUG', 'docker-compose.override.yml', 4],
    ]);
    expect(m.exposures.map((e) => e.source.file)).toEqual(['docker-compose.override.yml']);
  });

  it('reads an override fragment (services without image or build) as a variant layered on the base', () => {
    const m = scan({
      'docker-compose.yml': 'services:\n  api:\n    image: shop/api:1.0.0\n  db:\n    image: postgres:16.3\n',
      'docker-compose.logging.yml':
        'services:\n  fluentd:\n    image: fluent/fluentd:v1.16\n  api:\n    logging:\n      driver: fluentd\n    depends_on: [fluentd]\n',
    });
    expect(m.deployments.map((d) => d.id)).toEqual([
      'compose:docker-compose.yml',
      'compose:docker-compose.yml+docker-compose.logging.yml',
    ]);
    const variant = m.deployables.filter(
      (d) => d.deployment === 'compose:docker-compose.yml+docker-compose.logging.yml',
    );
    expect(variant.map((d) => d.name).sort()).toEqual(['api', 'db', 'fluentd']);
    // the service is the base file's, not the fragment's, and fluentd is platform
    expect(m.services.find((s) => s.id === 'api')?.source.file).toBe('docker-compose.yml');
    expect(m.services.find((s) => s.id === 'fluentd')?.role).toBe('platform');
  });

  it('resolves extends, include, profiles and variables with defaults from .env', () => {
    const m = scan({
      '.env': 'TAG=2.1.0\n',
      'compose.yaml':
        // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation, not a JS template
        'include:\n  - infra.yaml\nservices:\n  base:\n    image: shop/base:${TAG}\n    environment:\n      REGION: ${REGION:-eu-west-1}\n  worker:\n    extends: base\n    command: ["work"]\n  debug:\n    image: shop/debug:1.0.0\n    profiles: [debug]\n',
      'infra.yaml': 'services:\n  cache:\n    image: redis:7.2\n',
    });
    expect(m.deployments.map((d) => d.id)).toEqual(['compose:compose.yaml']);
    const byName = new Map(m.deployables.map((d) => [d.name, d]));
    expect([...byName.keys()].sort()).toEqual(['base', 'cache', 'worker']);
    expect(byName.get('base')?.containers[0]?.image).toBe('shop/base:2.1.0');
    expect(byName.get('worker')?.containers[0]?.imageTag).toBe('2.1.0');
    expect(byName.get('worker')?.containers[0]?.env[0]?.value).toBe('eu-west-1');
    expect(byName.get('worker')?.containers[0]?.env[0]?.source.line).toBe(7);
    expect(m.deployments[0]?.options.map((o) => [o.kind, o.name, o.provides])).toEqual([
      ['compose-profile', 'debug', ['compose service debug']],
    ]);
  });
});

describe('plain manifests', () => {
  it('groups a folder of manifests as one deployment and a multi-service file as a bundle of its own', () => {
    const bundle = ['a', 'b', 'c'].map((n) => deployment(n)).join('---\n');
    const m = scan({
      'k8s/a.yaml': deployment('a'),
      'k8s/b.yaml': deployment('b'),
      'k8s/c.yaml': deployment('c'),
      'release/all.yaml': bundle,
      'deploy/loadtest/locust.yaml': deployment('locust', { image: 'locustio/locust:2.31.1' }),
    });
    expect(m.deployments.map((d) => [d.id, d.kind, d.environment, d.primary])).toEqual([
      ['bundle:release/all.yaml', 'bundle', 'unspecified', false],
      ['manifests:deploy/loadtest', 'manifests', 'test', false],
      ['manifests:k8s', 'manifests', 'unspecified', true],
    ]);
    const ids = new Set(m.deployments.map((d) => d.id));
    for (const d of m.deployables) expect(ids.has(d.deployment!)).toBe(true);
    expect(m.services.find((s) => s.id === 'a')?.source.file).toBe('k8s/a.yaml');
  });

  it('lets plumbline.yaml name the primary and label environments', () => {
    const m = scan({
      'plumbline.yaml': 'deployments:\n  primary: release/all.yaml\n  environments:\n    k8s: staging\n',
      'k8s/a.yaml': deployment('a'),
      'release/all.yaml': ['a', 'b', 'c'].map((n) => deployment(n)).join('---\n'),
    });
    expect(m.deployments.map((d) => [d.name, d.environment, d.environmentFrom, d.primary])).toEqual([
      ['release/all.yaml', 'unspecified', undefined, true],
      ['k8s/', 'staging', 'declared', false],
    ]);
  });

  it('infers environments from names and paths', () => {
    expect(environmentOf('deploy/kubernetes/manifests-loadtest').environment).toBe('test');
    expect(environmentOf('overlays/prod').environment).toBe('production');
    expect(environmentOf('docker-compose.local.yml').environment).toBe('local');
    expect(environmentOf('helm/values-staging.yaml').environment).toBe('staging');
    expect(environmentOf('k8s/dev').environment).toBe('development');
    expect(environmentOf('kubernetes-manifests').environment).toBe('unspecified');
    expect(environmentOf('contest/app').environment).toBe('test'); // `*test` words are test words
  });
});

describe('roles and the business graph', () => {
  it('makes monitoring and logging stacks platform, by image, name, stack or users', () => {
    const m = scan({
      'k8s/app.yaml': deployment('orders', { env: 'http://es:9200' }),
      'monitoring/prom.yaml': deployment('prometheus', {
        image: 'prom/prometheus:v2.53.0',
        ns: 'monitoring',
      }),
      'monitoring/store.yaml': deployment('metrics-db', { image: 'influxdb:1.8', ns: 'monitoring' }),
      'logging/kibana.yaml': deployment('kibana', { image: 'kibana:8.14.0', env: 'http://search:9200' }),
      'logging/search.yaml': deployment('search', { image: 'elasticsearch:8.14.0' }),
    });
    const roles = Object.fromEntries(m.services.map((s) => [s.id, s.role]));
    expect(roles).toMatchObject({
      orders: 'application',
      prometheus: 'platform',
      'metrics-db': 'platform',
      kibana: 'platform',
      search: 'platform',
    });
  });

  it('keeps edges to platform components in the model but out of the store-sharing rules', () => {
    const d = discover({
      'docker-compose.yml':
        'services:\n  orders:\n    image: shop/orders:1.0.0\n    environment:\n      DB: postgres://orders-db:5432/o\n  orders-db:\n    image: postgres:16.3\n  fluentd:\n    image: fluent/fluentd:v1.16\n    environment:\n      DB: postgres://logs-db:5432/l\n  kibana:\n    image: kibana:8.14.0\n    environment:\n      DB: postgres://logs-db:5432/l\n  logs-db:\n    image: postgres:16.3\n',
    });
    expect(d.model.services.find((s) => s.id === 'logs-db')?.role).toBe('platform');
    const report = review(d);
    expect(report.findings.filter((f) => f.ruleId === 'services/shared-database')).toEqual([]);
  });
});

describe('findings across deployments', () => {
  it('folds one fact repeated by several deployments into one finding naming them all', () => {
    const d = discover({
      'k8s/orders.yaml': deployment('orders'),
      'k8s/pay.yaml': deployment('pay', { replicas: 3 }),
      'release/all.yaml': [deployment('orders'), deployment('pay'), deployment('web')].join('---\n'),
      'e2e/orders.yaml': deployment('orders'),
    });
    const report = review(d);
    const single = report.findings.filter((f) => f.ruleId === 'performance/single-replica');
    const orders = single.find((f) => /orders/.test(f.message))!;
    expect(orders.locations.map((l) => l.file)).toEqual(['k8s/orders.yaml', 'release/all.yaml']);
    expect(orders.message).toMatch(/in 2 deployments: k8s\/, release\/all\.yaml/);
    // pay runs three replicas in k8s/: the bundle's single replica says where it differs
    const pay = single.find((f) => /takes pay down/.test(f.message))!;
    expect(pay.message).toMatch(/— in release\/all\.yaml \(not in k8s\/\)/);
    // the e2e copy is a test deployment: it is named only with --deployment all
    expect(single.some((f) => f.locations.some((l) => l.file.startsWith('e2e/')))).toBe(false);
    const all = review(d, { rules: {}, deployment: 'all' });
    expect(
      all.findings.some(
        (f) =>
          f.ruleId === 'performance/single-replica' && f.locations.some((l) => l.file.startsWith('e2e/')),
      ),
    ).toBe(true);
    const one = review(d, { rules: {}, deployment: 'k8s' });
    expect(
      one.findings
        .filter((f) => f.ruleId === 'performance/single-replica')
        .flatMap((f) => f.locations.map((l) => l.file)),
    ).toEqual(['k8s/orders.yaml']);
  });

  it('keeps the fingerprint of a finding no other deployment repeats', () => {
    const files = { 'k8s/orders.yaml': deployment('orders') };
    const before = review(discover(files)).findings.map((f) => f.fingerprint);
    const after = review(discover({ ...files, 'k8s/other.yaml': deployment('other', { replicas: 2 }) }))
      .findings.filter((f) => /orders/.test(f.message))
      .map((f) => f.fingerprint);
    for (const fp of after) expect(before).toContain(fp);
  });
});

describe('a compose stack beside Kubernetes (issue 17)', () => {
  const compose =
    'services:\n  gateway:\n    image: nginx:1.27.0\n  orders:\n    image: shop/orders:latest\n    environment:\n      DB_PASSWORD: hunter2hunter2\n';

  it("is the development environment, and its objects' own findings leave the default review (counted in a note)", () => {
    const d = discover({
      'docker-compose.yml': compose,
      'k8s/orders.yaml': deployment('orders', { replicas: 3 }),
    });
    expect(d.model.deployments.map((x) => [x.name, x.environment, x.environmentFrom])).toEqual([
      ['docker-compose.yml', 'development', 'compose beside Kubernetes'],
      ['k8s/', 'unspecified', undefined],
    ]);
    const report = review(d);
    // the compose gateway's single replica and the compose image tag do not ship
    expect(
      report.findings.filter(
        (f) => f.element?.startsWith('compose/') && f.ruleId !== 'security/plaintext-secret',
      ),
    ).toEqual([]);
    // a password written in the compose file leaks all the same
    expect(report.findings.some((f) => f.ruleId === 'security/plaintext-secret')).toBe(true);
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'info',
        message: expect.stringMatching(
          /findings about the objects of the development deployment docker-compose\.yml left out/,
        ),
      }),
    );
    const all = review(d, { rules: {}, deployment: 'all' });
    expect(
      all.findings.some(
        (f) => f.ruleId === 'performance/single-replica' && f.element?.startsWith('compose/'),
      ),
    ).toBe(true);
  });

  it("stays the system's deployment when it is the only one", () => {
    const d = discover({ 'docker-compose.yml': compose });
    expect(d.model.deployments.map((x) => x.environment)).toEqual(['unspecified']);
    expect(review(d).findings.some((f) => f.ruleId === 'performance/single-replica')).toBe(true);
  });
});

describe('folding variant-only and systemic findings (issue 17)', () => {
  it('folds the findings that hold only in one variant into one finding for that variant', () => {
    const names = ['orders', 'pay', 'web'];
    const d = discover({
      ...Object.fromEntries(names.map((n) => [`k8s/${n}.yaml`, deployment(n, { replicas: 3 })])),
      'release/all.yaml': names.map((n) => deployment(n)).join('---\n'),
    });
    const single = review(d).findings.filter((f) => f.ruleId === 'performance/single-replica');
    expect(single).toHaveLength(1);
    expect(single[0]!.message).toMatch(
      /^3 findings hold only in release\/all\.yaml \(not in k8s\/\), on orders, pay, web: e\.g\./,
    );
    expect(single[0]!.locations.map((l) => l.file)).toEqual([
      'release/all.yaml',
      'release/all.yaml',
      'release/all.yaml',
    ]);
  });

  it('folds a per-service fact on most services into one systemic finding listing them', () => {
    const names = ['orders', 'pay', 'web', 'cart'];
    const d = discover(Object.fromEntries(names.map((n) => [`k8s/${n}.yaml`, deployment(n)])));
    const report = review(d);
    const single = report.findings.filter((f) => f.ruleId === 'performance/single-replica');
    expect(single).toHaveLength(1);
    expect(single[0]!.message).toMatch(
      /^Systemic: 4 of 4 application services \(cart, orders, pay, web\): e\.g\./,
    );
    const rec = report.recommendations.find((r) => r.ruleId === 'performance/single-replica')!;
    expect(rec.affected.map((p) => p.locations[0]!.file)).toEqual(names.map((n) => `k8s/${n}.yaml`).sort());
    expect(rec.affected.every((p) => p.finding === single[0]!.fingerprint)).toBe(true);
  });
});
