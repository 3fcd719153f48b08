import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/index.js';
import { buildModelIndex } from '../../../src/model/model-index.js';
import type { Container } from '../../../src/model/schema.js';
import { connectionPoolExhaustion } from '../../../src/rules/data/connection-pool-exhaustion.js';
import { maxConnectionsOf, poolBudget, poolSizeOf } from '../../../src/rules/data/pool-math.js';

const at = { file: 'x.yaml', line: 1 };
const container = (env: Record<string, string>, extra: Partial<Container> = {}): Container => ({
  name: 'app',
  init: false,
  ports: [],
  env: Object.entries(env).map(([name, value]) => ({ name, value, source: at })),
  envFrom: [],
  resources: {},
  securityContext: {},
  volumeMounts: [],
  source: at,
  ...extra,
});

function run(files: Record<string, string>) {
  const { model, documents, paths } = discoverFiles(
    Object.entries(files).map(([path, text]) => ({ path, text, bytes: text.length })),
  );
  return connectionPoolExhaustion.check(model, {
    documents,
    paths,
    index: buildModelIndex(model),
    options: {},
  });
}

describe('pool budget arithmetic (worked numbers)', () => {
  it('4 replicas × 30 + 1 × 20 = 140 exceeds PostgreSQL 100 − 3 reserved = 97', () => {
    const budget = poolBudget(
      [
        { service: 'orders', replicas: 4, pool: { size: 30, source: 'DB_POOL_SIZE=30', explicit: true } },
        { service: 'billing', replicas: 1, pool: { size: 20, source: 'hikari', explicit: true } },
      ],
      100,
      3,
    );
    expect(budget.totalConnections).toBe(140);
    expect(budget.available).toBe(97);
    expect(budget.exceeded).toBe(true);
    expect(budget.shown).toBe('orders 4 × 30 + billing 1 × 20 = 140 > 97 (100 − 3 reserved)');
  });

  it('exactly at the limit fits: 97 = 97; MySQL has no reserved slots: 151 ≤ 151', () => {
    const one = (size: number) => ({ service: 's', replicas: 1, pool: { size, source: '', explicit: true } });
    expect(poolBudget([one(97)], 100, 3).exceeded).toBe(false);
    expect(poolBudget([one(98)], 100, 3).exceeded).toBe(true);
    expect(poolBudget([one(151)], 151, 0)).toMatchObject({ exceeded: false, shown: 's 1 × 151 = 151 ≤ 151' });
  });
});

describe('pool sizes and max_connections from configuration', () => {
  it('reads explicit pool settings from env names, URLs and SQLAlchemy overflow', () => {
    expect(poolSizeOf([container({ DB_POOL_SIZE: '30' })], [])).toMatchObject({ size: 30, explicit: true });
    expect(poolSizeOf([container({ SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE: '20' })], []).size).toBe(20);
    expect(poolSizeOf([container({ PG_POOL_MAX: '12' })], []).size).toBe(12);
    expect(
      poolSizeOf([container({ DATABASE_URL: 'postgresql://u@db/app?connection_limit=7&schema=public' })], []),
    ).toMatchObject({ size: 7, source: 'DATABASE_URL connection_limit=7' });
    expect(
      poolSizeOf([container({ SQLALCHEMY_POOL_SIZE: '5', SQLALCHEMY_MAX_OVERFLOW: '10' })], []).size,
    ).toBe(15);
  });

  it('falls back to the documented defaults: HikariCP 10, SQLAlchemy 5 + 10, node-postgres 10', () => {
    expect(poolSizeOf([container({ SPRING_DATASOURCE_URL: 'jdbc:postgresql://db/app' })], [])).toMatchObject({
      size: 10,
      explicit: false,
    });
    expect(poolSizeOf([container({ DATABASE_URL: 'postgresql+psycopg://db/app' })], []).size).toBe(15);
    expect(poolSizeOf([container({})], [], 'typescript').source).toContain('node-postgres');
    expect(poolSizeOf([container({})], []).source).toContain('assumed');
  });

  it('reads max_connections from postgres -c, mysqld --max-connections, bitnami env, else the engine default', () => {
    expect(
      maxConnectionsOf([container({}, { args: ['postgres', '-c', 'max_connections=300'] })], [], 'postgres'),
    ).toEqual({
      value: 300,
      source: '-c max_connections=300',
    });
    expect(
      maxConnectionsOf([container({}, { command: ['mysqld', '--max-connections', '500'] })], [], 'mysql')
        ?.value,
    ).toBe(500);
    expect(maxConnectionsOf([container({ POSTGRESQL_MAX_CONNECTIONS: '250' })], [], 'postgres')?.value).toBe(
      250,
    );
    expect(maxConnectionsOf([container({})], [], 'postgres')?.value).toBe(100);
    expect(maxConnectionsOf([container({})], [], 'mysql')?.value).toBe(151);
  });
});

describe('data/connection-pool-exhaustion on real compose and Kubernetes files', () => {
  it('shows the numbers in the message and data', () => {
    const outcome = run(connectionPoolExhaustion.examples.fail.files);
    expect(outcome.findings).toHaveLength(1);
    const finding = outcome.findings[0];
    expect(finding?.message).toContain('billing 1 × 20 + orders 4 × 30 = 140 > 97 (100 − 3 reserved)');
    expect(finding?.severity).toBe('high');
    expect(finding?.data).toMatchObject({
      datastore: 'db',
      maxConnections: 100,
      maxConnectionsSource: '-c max_connections=100',
      totalConnections: 140,
      available: 97,
    });
  });

  it('uses the HPA ceiling for replicas and MySQL default 151 when nothing is set', () => {
    const deployment = (name: string, pool: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: shop/${name}:1.0.0\n          env:\n            - name: DATABASE_URL\n              value: mysql://app@mysql:3306/shop\n            - name: DB_POOL_SIZE\n              value: "${pool}"\n`;
    const files = {
      'k8s/orders.yaml': deployment('orders', '20'),
      'k8s/orders-hpa.yaml':
        'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: orders\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: orders\n  minReplicas: 2\n  maxReplicas: 8\n',
      'k8s/mysql.yaml':
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: mysql\nspec:\n  serviceName: mysql\n  selector:\n    matchLabels: {app: mysql}\n  template:\n    metadata:\n      labels: {app: mysql}\n    spec:\n      containers:\n        - name: mysql\n          image: mysql:8.4\n          ports:\n            - containerPort: 3306\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: mysql\nspec:\n  selector: {app: mysql}\n  ports:\n    - port: 3306\n',
    };
    const outcome = run(files);
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]?.data).toMatchObject({
      maxConnections: 151,
      reserved: 0,
      totalConnections: 160,
    });
    expect(outcome.findings[0]?.message).toContain('orders 8 × 20 = 160 > 151');

    // the same manifests in a second deployment folder are a variant, not a second cluster: still 8 replicas
    const twice = run({
      ...Object.fromEntries(Object.entries(files).map(([path, text]) => [`deploy/a/${path}`, text])),
      ...Object.fromEntries(Object.entries(files).map(([path, text]) => [`deploy/b/${path}`, text])),
    });
    expect(twice.findings).toHaveLength(1);
    expect(twice.findings[0]?.message).toContain('orders 8 × 20 = 160 > 151');
  });
});
