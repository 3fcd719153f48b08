import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import { ownerNameOf } from '../../src/model/infer.js';
import { mask } from '../../src/model/infer-deps.js';
import { commandPairs, endpointsIn } from '../../src/model/infer-endpoints.js';
import type { SystemModel } from '../../src/model/schema.js';

function scan(files: Record<string, string>): SystemModel {
  return discoverFiles(
    Object.entries(files).map(([path, text]) => ({ path, text, bytes: Buffer.byteLength(text) })),
  ).model;
}

const edges = (m: SystemModel) =>
  m.dependencies.map((d) => `${d.from} -> ${d.to} ${d.protocol} ${d.kind} ${d.via}`);

function deployment(name: string, env: Record<string, string>, extra = ''): string {
  const vars = Object.entries(env)
    .map(([k, v]) => `            - name: ${k}\n              value: "${v}"`)
    .join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${extra}spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: main
          image: shop/${name}:1.0.0
${vars ? `          env:\n${vars}\n` : ''}`;
}

function service(name: string, selector: string, ports = '    - { name: http, port: 80 }', ns = ''): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${ns}spec:
  selector: { app: ${selector} }
  ports:
${ports}
`;
}

describe('addresses in configuration values', () => {
  it('finds host:port, URLs, connection strings and host lists', () => {
    expect(endpointsIn('productcatalogservice:3550')).toEqual([
      { host: 'productcatalogservice', port: 3550 },
    ]);
    expect(endpointsIn('http://orders:8080/v1')).toEqual([{ host: 'orders', port: 8080, scheme: 'http' }]);
    expect(endpointsIn('postgresql://app:p%40ss@orders-db:5432/orders?sslmode=require')).toEqual([
      { host: 'orders-db', port: 5432, scheme: 'postgres' },
    ]);
    expect(endpointsIn('jdbc:mysql://catalogue-db:3306/socksdb')).toEqual([
      { host: 'catalogue-db', port: 3306, scheme: 'mysql' },
    ]);
    expect(endpointsIn('jdbc:sqlserver://ledger-db:1433;databaseName=ledger')).toEqual([
      { host: 'ledger-db', port: 1433, scheme: 'sqlserver' },
    ]);
    expect(endpointsIn('mongodb://carts-db-0:27017,carts-db-1:27017/carts?replicaSet=rs0')).toEqual([
      { host: 'carts-db-0', port: 27017, scheme: 'mongodb' },
      { host: 'carts-db-1', port: 27017, scheme: 'mongodb' },
    ]);
    expect(endpointsIn('kafka-0:9092,kafka-1:9092', 'KAFKA_BOOTSTRAP_SERVERS')).toEqual([
      { host: 'kafka-0', port: 9092 },
      { host: 'kafka-1', port: 9092 },
    ]);
    expect(endpointsIn('Host=orders-db;Port=5432;Database=orders;Username=app')).toEqual([
      { host: 'orders-db', port: 5432 },
    ]);
    expect(endpointsIn('jdbc:oracle:thin:@ledger:1521:ORCL')).toEqual([
      { host: 'ledger', port: 1521, scheme: 'oracle' },
    ]);
  });

  it('takes bare host names only under a key that holds an address', () => {
    expect(endpointsIn('orders-db', 'DATABASE_HOST')).toEqual([{ host: 'orders-db' }]);
    expect(endpointsIn('edge-router', 'h')).toEqual([{ host: 'edge-router' }]);
    expect(endpointsIn('orders', 'APP_NAME')).toEqual([]);
    expect(endpointsIn('true', 'SESSION_REDIS')).toEqual([]);
    expect(endpointsIn('true', 'USE_HOST')).toEqual([]);
    expect(endpointsIn('8080', 'PORT')).toEqual([]);
  });

  it('leaves templated hosts alone', () => {
    expect(endpointsIn(['http://$', '{API_HOST}:8080'].join(''))).toEqual([]);
    expect(endpointsIn('{{ .Values.db.host }}:5432')).toEqual([]);
  });

  it('splits command lines into flags and values', () => {
    expect(
      commandPairs([
        '-d',
        '60',
        '-h',
        'edge-router',
        '--db=orders-db:5432',
        '-Dspring.redis.host=cache',
        'serve',
      ]),
    ).toEqual([
      { key: 'd', value: '60', text: '-d 60' },
      { key: 'h', value: 'edge-router', text: '-h edge-router' },
      { key: 'db', value: 'orders-db:5432', text: '--db=orders-db:5432' },
      { key: 'spring.redis.host', value: 'cache', text: '-Dspring.redis.host=cache' },
      { value: 'serve', text: 'serve' },
    ]);
  });

  it('masks passwords in evidence', () => {
    expect(mask('DATABASE_URL=postgres://app:s3cret@db:5432/x')).toBe(
      'DATABASE_URL=postgres://app:***@db:5432/x',
    );
    expect(mask('CONN=Host=db;Password=s3cret;Port=5432')).toBe('CONN=Host=db;Password=***;Port=5432');
  });

  it('derives the owner name from a store name', () => {
    expect(ownerNameOf('orders-db')).toBe('orders');
    expect(ownerNameOf('carts-db')).toBe('carts');
    expect(ownerNameOf('redis-cart')).toBe('cart');
    expect(ownerNameOf('catalog_cache')).toBe('catalog');
    expect(ownerNameOf('postgres')).toBeUndefined();
    expect(ownerNameOf('rabbitmq')).toBeUndefined();
  });
});

describe('hostnames and dependencies across files', () => {
  it('reaches a workload through a Service with another name, and never links a service to itself', () => {
    const m = scan({
      'k8s/orders.yaml': `${deployment('orders', { SELF_URL: 'http://orders-api', PAYMENTS_ADDR: 'payments-api:9000' })}---\n${service('orders-api', 'orders')}`,
      'k8s/payments.yaml': `${deployment('payments', {})}---\n${service('payments-api', 'payments', '    - { name: grpc-payments, port: 9000 }')}`,
    });
    expect(edges(m)).toEqual(['orders -> payments grpc sync env']);
    expect(m.services.find((s) => s.id === 'payments')?.hostnames).toContain(
      'payments-api.default.svc.cluster.local',
    );
  });

  it('resolves a bare name inside its namespace and a qualified name anywhere', () => {
    const m = scan({
      'a.yaml': [
        deployment('pg-a', {}, '  namespace: a\n'),
        service('db', 'pg-a', '    - { port: 5432 }', '  namespace: a\n'),
        deployment('api-a', { DB_HOST: 'db', REPORTS_DB: 'db.b.svc.cluster.local:3306' }, '  namespace: a\n'),
      ].join('---\n'),
      'b.yaml': [
        deployment('mysql-b', {}, '  namespace: b\n'),
        service('db', 'mysql-b', '    - { port: 3306 }', '  namespace: b\n'),
        deployment('api-b', { DB_HOST: 'db' }, '  namespace: b\n'),
      ].join('---\n'),
    });
    expect(m.dependencies.map((d) => `${d.from} -> ${d.to}`)).toEqual([
      'api-a -> mysql-b',
      'api-a -> pg-a',
      'api-b -> mysql-b',
    ]);
  });

  it('keeps two compose projects apart: each app reaches its own db', () => {
    const project = (app: string) =>
      `services:\n  ${app}:\n    image: shop/${app}:1.0.0\n    environment:\n      DATABASE_URL: postgres://${app}@db:5432/${app}\n  db-${app}:\n    image: postgres:16.3\n    hostname: db\n`;
    const m = scan({
      'billing/docker-compose.yml': project('billing'),
      'crm/docker-compose.yml': project('crm'),
    });
    expect(edges(m)).toEqual(['billing -> db-billing sql data env', 'crm -> db-crm sql data env']);
    // naming: db-billing → billing
    expect(m.datastores.map((d) => [d.id, d.ownerServiceId])).toEqual([
      ['db-billing', 'billing'],
      ['db-crm', 'crm'],
    ]);
  });

  it('keeps the strongest evidence per pair and picks protocol and kind from scheme, engine and port name', () => {
    const m = scan({
      'docker-compose.yml': `services:
  web:
    image: shop/web:1.0.0
    environment:
      API_ADDR: api:8080
      EVENTS: amqp://mq:5672
    depends_on: [api, cache, mq]
  api:
    image: shop/api:1.0.0
    environment:
      - REDIS_HOST=cache
  cache:
    image: memcached:1.6.29
  mq:
    image: nats:2.10.16
`,
    });
    expect(
      m.dependencies.map((d) => `${d.from} -> ${d.to} ${d.protocol} ${d.kind} ${d.via} ${d.evidence}`),
    ).toEqual([
      'api -> cache tcp data env REDIS_HOST=cache',
      'web -> api tcp sync env API_ADDR=api:8080',
      'web -> cache tcp data depends_on depends_on: cache',
      'web -> mq amqp async env EVENTS=amqp://mq:5672',
    ]);
    expect(m.services.find((s) => s.id === 'cache')?.role).toBe('cache');
    expect(m.services.find((s) => s.id === 'mq')?.role).toBe('broker');
    // cache has two users and no owner by name; mq one user
    expect(m.datastores.map((d) => [d.id, d.category, d.usedBy, d.ownerServiceId])).toEqual([
      ['cache', 'cache', ['api', 'web'], undefined],
      ['mq', 'broker', ['web'], 'web'],
    ]);
  });

  it('reads addresses from ConfigMap and Secret values the workload references', () => {
    const m = scan({
      'app.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
data:
  SEARCH_URL: http://search:9200
---
apiVersion: v1
kind: Secret
metadata:
  name: api-db
stringData:
  uri: mongodb://api:pw@api-mongo:27017/api
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: shop/api:1.0.0
          envFrom:
            - configMapRef: { name: api-config }
          env:
            - name: MONGO_URI
              valueFrom:
                secretKeyRef: { name: api-db, key: uri }
---
${deployment('search', {})}---
${service('search', 'search', '    - { port: 9200 }')}---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: api-mongo
spec:
  template:
    metadata:
      labels: { app: api-mongo }
    spec:
      containers:
        - name: mongo
          image: mongo:7.0.12
`,
    });
    expect(
      m.dependencies.map(
        (d) => `${d.from} -> ${d.to} ${d.protocol} ${d.via} ${d.evidence} @${d.source.line}`,
      ),
    ).toEqual([
      'api -> api-mongo mongodb config MONGO_URI=mongodb://api:***@api-mongo:27017/api (Secret api-db) @13',
      'api -> search http config SEARCH_URL=http://search:9200 (ConfigMap api-config) @6',
    ]);
    expect(m.datastores.find((d) => d.id === 'api-mongo')?.ownerServiceId).toBe('api');
  });

  it('records a managed database outside the system as an external datastore', () => {
    const m = scan({
      'docker-compose.yml': `services:
  ledger:
    image: shop/ledger:3.1.0
    environment:
      DATABASE_URL: postgres://ledger@ledger.cluster-c9.eu-west-1.rds.amazonaws.com:5432/ledger
      FX_API: https://api.exchangerate.host/latest
`,
    });
    expect(m.datastores).toEqual([
      expect.objectContaining({
        id: 'ledger.cluster-c9.eu-west-1.rds.amazonaws.com',
        engine: 'postgres',
        category: 'database',
        external: true,
        usedBy: ['ledger'],
        ownerServiceId: 'ledger',
      }),
    ]);
    expect(edges(m)).toEqual(['ledger -> ledger.cluster-c9.eu-west-1.rds.amazonaws.com sql data env']);
    expect(m.externals.map((e) => [e.id, e.kind, e.url, e.usedBy])).toEqual([
      ['api.exchangerate.host', 'http', 'https://api.exchangerate.host', ['ledger']],
    ]);
  });

  it('recognises a custom-built server by its server settings and port; admin consoles are tooling', () => {
    const m = scan({
      'docker-compose.yml': `services:
  pagila:
    build: .
    environment:
      POSTGRES_PASSWORD: "123456"
      POSTGRES_DB: pagila
    ports: ["5432:5432"]
  pgadmin:
    image: dpage/pgadmin4
    ports: ["5050:80"]
  api:
    build: ./api
    environment:
      POSTGRES_PASSWORD: from-the-vault
      POSTGRES_HOST: pagila
    ports: ["8080:8080"]
`,
    });
    expect(m.services.map((s) => `${s.id}:${s.role}`)).toEqual([
      'api:application',
      'pagila:datastore',
      'pgadmin:tooling',
    ]);
    expect(m.datastores.map((d) => [d.id, d.engine, d.ownerServiceId])).toEqual([
      ['pagila', 'postgres', 'api'],
    ]);
  });

  it('finds the engine of a custom store image from its clients', () => {
    const m = scan({
      'docker-compose.yml': `services:
  user:
    image: shop/user:1.0.0
    environment: ["MONGO_HOST=user-db:27017"]
  user-db:
    image: shop/user-db:1.0.0
`,
    });
    expect(m.datastores.map((d) => [d.id, d.engine, d.ownerServiceId])).toEqual([
      ['user-db', 'mongodb', 'user'],
    ]);
    expect(edges(m)).toEqual(['user -> user-db mongodb data env']);
  });
});

describe('one service across compose, Kubernetes and Dockerfiles', () => {
  const m = scan({
    'docker-compose.yml': `services:
  orders-service:
    build: ./services/orders
    image: shop/orders:1.4.0
    environment:
      DB: postgres://orders@orders-db:5432/orders
  orders-db:
    image: postgres:16.3
`,
    'k8s/orders.yaml': `${deployment('orders', {})}---\n${service('orders', 'orders')}`.replace(
      'shop/orders:1.0.0',
      'shop/orders:1.5.0',
    ),
    'k8s/orders-copy.yaml': deployment('orders', {}).replace('shop/orders:1.0.0', 'shop/orders:1.5.0'),
    'services/orders/Dockerfile': 'FROM node:20.15.1-alpine\nUSER node\nCMD ["node", "server.js"]\n',
  });

  it('unites a compose service and a workload that run the same application image', () => {
    expect(m.services.map((s) => s.id)).toEqual(['orders', 'orders-db']);
    const orders = m.services.find((s) => s.id === 'orders')!;
    expect(orders.hostnames).toContain('orders-service');
    expect(orders.buildContexts).toEqual(['services/orders']);
    expect(orders.deployables).toContain('compose/docker-compose.yml/orders-service');
    expect(m.images[0]?.serviceId).toBe('orders');
    expect(edges(m)).toEqual(['orders -> orders-db sql data env']);
  });

  it('reports the facts the files disagree on instead of picking one', () => {
    const merge = m.diagnostics.filter((d) => d.origin === 'merge').map((d) => d.message);
    expect(merge).toEqual([
      'Deployment orders is also defined at k8s/orders-copy.yaml:1',
      'service orders runs different images in different files: shop/orders:1.4.0 (docker-compose.yml:2), shop/orders:1.5.0 (k8s/orders-copy.yaml:1)',
    ]);
    expect(m.deployables.map((d) => d.id)).toEqual([
      'Deployment/default/orders',
      'Deployment/default/orders@k8s/orders.yaml',
      'compose/docker-compose.yml/orders-db',
      'compose/docker-compose.yml/orders-service',
    ]);
  });
});
