import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeAdapter, parseComposeFile } from '../../src/discover/compose/adapter.js';
import { readPort, readVolume } from '../../src/discover/compose/fields.js';
import { discoverDirectory } from '../../src/discover/index.js';
import { splitImage } from '../../src/discover/parse/values.js';
import type { Dependency, SystemModel } from '../../src/model/schema.js';
import { corpusPath, corpusTitle, onlyPaths } from '../helpers/corpus.js';

const fixtures = path.resolve(__dirname, '../fixtures/compose');
const sockShopCompose = 'sock-shop/deploy/docker-compose';
const sockShop = corpusPath(sockShopCompose);

function fixture(rel: string) {
  const text = readFileSync(path.join(fixtures, rel), 'utf8');
  return { path: rel, text, bytes: Buffer.byteLength(text) };
}

const edge = (d: Dependency) => `${d.from} -> ${d.to} ${d.protocol} ${d.kind} via ${d.via}`;
const at = { file: 'app/docker-compose.yml' };

describe('compose adapter claims', () => {
  it('claims compose file names, and other YAML only by a services map with images', () => {
    for (const name of [
      'compose.yaml',
      'docker-compose.yml',
      'ops/docker-compose.prod.yaml',
      'compose.override.yml',
    ])
      expect(composeAdapter.claims(name, ''), name).toBe(true);
    expect(composeAdapter.claims('deploy/stack.yml', 'services:\n  web:\n    image: nginx:1.27\n')).toBe(
      true,
    );
    expect(
      composeAdapter.claims('plumbline.yaml', 'system: shop\nservices:\n  orders:\n    owner: a\n'),
    ).toBe(false);
    expect(
      composeAdapter.claims('k8s.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: x\n'),
    ).toBe(false);
  });
});

describe('compose field syntaxes', () => {
  const src = { file: 'c.yml', line: 1 };
  it('reads short and long port syntax', () => {
    expect(readPort('3000', src)).toEqual({ containerPort: 3000, source: src });
    expect(readPort('8080:80', src)).toEqual({ containerPort: 80, hostPort: 8080, source: src });
    expect(readPort('127.0.0.1:5432:5432', src)).toMatchObject({ hostIp: '127.0.0.1', hostPort: 5432 });
    expect(readPort('[::1]:6379:6379/tcp', src)).toMatchObject({
      hostIp: '::1',
      containerPort: 6379,
      protocol: 'tcp',
    });
    expect(readPort('9000-9010:9000-9010/udp', src)).toMatchObject({
      containerPort: 9000,
      hostPort: 9000,
      protocol: 'udp',
    });
    expect(readPort({ target: 80, published: '8000-8010', host_ip: '0.0.0.0' }, src)).toMatchObject({
      containerPort: 80,
      hostPort: 8000,
      hostIp: '0.0.0.0',
    });
    expect(readPort('not-a-port', src)).toBeUndefined();
  });

  it('reads short and long volume syntax', () => {
    expect(readVolume('data:/var/lib/data')).toEqual({
      source: 'data',
      target: '/var/lib/data',
      type: 'volume',
    });
    expect(readVolume('./conf:/etc/conf:ro')).toEqual({
      source: './conf',
      target: '/etc/conf',
      type: 'bind',
      readOnly: true,
    });
    expect(readVolume('/cache')).toEqual({ source: '', target: '/cache', type: 'volume' });
    expect(readVolume({ type: 'tmpfs', target: '/run' })).toEqual({
      source: '',
      target: '/run',
      type: 'tmpfs',
    });
  });

  it('splits image references, templated tags included', () => {
    expect(splitImage('redis:7.2.4-alpine')).toEqual({ image: 'redis:7.2.4-alpine', tag: '7.2.4-alpine' });
    expect(splitImage('localhost:5000/shop/api')).toEqual({ image: 'localhost:5000/shop/api' });
    const interpolated = '$' + '{WORKER_TAG:-2.0.1}';
    expect(splitImage(`shop/worker:${interpolated}`)).toMatchObject({ tag: interpolated });
    expect(splitImage('nginx@sha256:abc')).toEqual({ image: 'nginx@sha256:abc', digest: 'sha256:abc' });
  });
});

describe('compose adapter on a hand-written shop', () => {
  const fragment = parseComposeFile(fixture('app/docker-compose.yml'));
  const deployable = (name: string) => fragment.deployables!.find((d) => d.name === name)!;
  const container = (name: string) => deployable(name).containers[0]!;

  it('reads every service as a compose-service deployable with one container', () => {
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.services?.map((s) => s.id)).toEqual([
      'gateway',
      'orders',
      'catalog',
      'orders-db',
      'cache',
      'broker',
    ]);
    expect(deployable('orders')).toMatchObject({
      id: 'compose/app/docker-compose.yml/orders',
      kind: 'compose-service',
      serviceId: 'orders',
      replicas: 2,
      restartPolicy: 'unless-stopped', // from the x-defaults merge key
      networks: ['backend'],
      source: { ...at, line: 21 },
    });
    expect(fragment.services?.find((s) => s.id === 'orders')).toMatchObject({
      images: ['shop/orders:1.4.0'],
      buildContexts: ['app/services/orders'],
      hostnames: ['orders'],
    });
    expect(fragment.services?.find((s) => s.id === 'catalog')).toMatchObject({
      buildContexts: ['catalog'],
      hostnames: ['catalog', 'products'],
    });
    expect(fragment.services?.find((s) => s.id === 'cache')?.hostnames).toEqual(['cache', 'shop-cache']);
    expect(fragment.services?.find((s) => s.id === 'broker')?.hostnames).toEqual(['broker', 'rabbit']);
  });

  it('reads environment (map and list, empty values), env_file, user, resources and healthcheck', () => {
    expect(container('orders').env).toEqual([
      {
        name: 'DATABASE_URL',
        value: 'postgres://orders:hunter2@orders-db:5432/orders',
        source: { ...at, line: 28 },
      },
      { name: 'CATALOG_ADDR', value: 'catalog:9000', source: { ...at, line: 29 } },
      { name: 'PAYMENTS_URL', value: 'https://api.payments.example.com/v2', source: { ...at, line: 30 } },
      { name: 'CACHE_HOST', source: { ...at, line: 31 } },
    ]);
    expect(container('catalog').env.map((e) => [e.name, e.value, e.source.line])).toEqual([
      ['LOG_LEVEL', 'debug', 58],
      ['AMQP_URL', 'amqp://guest:guest@broker:5672/', 59],
    ]);
    expect(container('orders')).toMatchObject({
      image: 'shop/orders:1.4.0',
      imageTag: '1.4.0',
      envFrom: [{ kind: 'file', name: './orders.env', source: { ...at, line: 33 } }],
      securityContext: { runAsUser: 10001, runAsNonRoot: true },
      resources: { limits: { cpu: '0.50', memory: '512M' }, requests: { memory: '256M' } },
      readinessProbe: { type: 'compose-healthcheck', source: { ...at, line: 48 } },
    });
    expect(container('orders-db').securityContext).toMatchObject({ runAsNonRoot: false });
    expect(container('orders-db').readinessProbe?.type).toBe('compose-healthcheck');
    expect(container('broker').readinessProbe).toBeUndefined(); // healthcheck.disable
    expect(container('catalog')).toMatchObject({
      args: ['catalog', '--listen=:9000', '--redis', 'cache:6379'],
      commandSource: { ...at, line: 56 },
      ports: [{ containerPort: 9000 }],
    });
  });

  it('reads security settings, volumes and tmpfs', () => {
    expect(container('gateway').securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      capabilitiesDrop: ['ALL'],
      capabilitiesAdd: ['NET_BIND_SERVICE'],
    });
    expect(container('broker').securityContext).toMatchObject({
      privileged: true,
      allowPrivilegeEscalation: false,
    });
    expect(deployable('broker').volumes).toEqual([
      { name: '/var/run/docker.sock', type: 'bind', claimOrSource: '/var/run/docker.sock' },
    ]);
    expect(deployable('orders-db').volumes).toEqual([
      { name: 'orders-data', type: 'volume', claimOrSource: 'orders-data' },
      { name: './init.sql', type: 'bind', claimOrSource: './init.sql' },
    ]);
    expect(container('orders-db').volumeMounts[1]).toEqual({
      name: './init.sql',
      mountPath: '/docker-entrypoint-initdb.d/init.sql',
      readOnly: true,
    });
    expect(deployable('cache').volumes).toEqual([{ name: '/data', type: 'tmpfs' }]);
  });

  it('reads depends_on (list and map) and links', () => {
    expect(deployable('gateway').dependsOn).toEqual([
      { name: 'orders', source: { ...at, line: 15 } },
      { name: 'catalog', source: { ...at, line: 16 } },
    ]);
    expect(deployable('orders').dependsOn).toEqual([
      { name: 'orders-db', condition: 'service_healthy', source: { ...at, line: 35 } },
      { name: 'broker', condition: 'service_started', source: { ...at, line: 37 } },
    ]);
    expect(deployable('catalog').dependsOn).toEqual([
      { name: 'cache', condition: 'link', source: { ...at, line: 61 } },
    ]);
  });

  it('publishes ports as compose-port exposures, loopback-bound ones not public', () => {
    expect(fragment.exposures?.map((e) => [e.name, e.ports[0], e.public, e.source.line])).toEqual([
      ['gateway', { port: 80, targetPort: 80 }, true, 9],
      ['gateway', { port: 8080, targetPort: 8080 }, false, 10],
      ['gateway', { port: 8443, targetPort: 443 }, true, 11],
      ['broker', { port: 15672, targetPort: 15672 }, true, 90],
    ]);
  });

  it('mounts the secrets a service uses', () => {
    expect(container('orders').volumeMounts).toEqual([
      { name: 'db-password', mountPath: '/run/secrets/db-password', readOnly: true },
    ]);
    expect(deployable('orders').volumes).toEqual([
      { name: 'db-password', type: 'compose-secret', claimOrSource: 'db-password' },
    ]);
  });

  it('reads top-level secrets', () => {
    expect(fragment.configs).toEqual([
      {
        id: 'compose-secret/app/docker-compose.yml/db-password',
        kind: 'compose-secret',
        name: 'db-password',
        entries: [{ key: 'file', value: './secrets/db-password.txt', source: { ...at, line: 109 } }],
        source: { ...at, line: 108 },
      },
    ]);
  });

  it('reports a compose file without services, and a service that is not a map', () => {
    const empty = parseComposeFile({ path: 'compose.yaml', text: 'version: "3"\n', bytes: 13 });
    expect(empty.diagnostics).toEqual([
      expect.objectContaining({ file: 'compose.yaml', line: 1, severity: 'warning' }),
    ]);
    const odd = parseComposeFile({ path: 'compose.yaml', text: 'services:\n  web: nginx\n', bytes: 22 });
    expect(odd.diagnostics).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('web') }),
    ]);
  });
});

describe('compose inference across the fixture tree', async () => {
  const { model } = await discoverDirectory(fixtures);

  it('infers edges from env, args, depends_on and links with the strongest evidence per pair', () => {
    expect(model.dependencies.map(edge)).toEqual([
      'catalog -> broker amqp async via env',
      'catalog -> cache redis data via args',
      'gateway -> catalog tcp sync via depends_on',
      'gateway -> orders tcp sync via depends_on',
      'orders -> broker amqp async via depends_on',
      'orders -> catalog tcp sync via env',
      'orders -> orders-db sql data via env',
      'worker -> queue nats async via env',
      'worker -> reports-db sql data via env',
    ]);
    const byPair = (from: string, to: string) =>
      model.dependencies.find((d) => d.from === from && d.to === to)!;
    expect(byPair('orders', 'orders-db')).toMatchObject({
      evidence: 'DATABASE_URL=postgres://orders:***@orders-db:5432/orders',
      source: { ...at, line: 28 },
    });
    expect(byPair('catalog', 'cache')).toMatchObject({
      evidence: '--redis cache:6379',
      source: { ...at, line: 56 },
    });
    expect(byPair('worker', 'reports-db')).toMatchObject({
      evidence: 'JAVA_OPTS: -Dspring.datasource.url=jdbc:mysql://reports-db:3306/reports',
      source: { file: 'deploy/stack.yml', line: 7 },
    });
  });

  it('recognises the stores and who owns them; an outside HTTPS API is an external system', () => {
    expect(model.datastores.map((d) => [d.id, d.engine, d.category, d.ownerServiceId, d.usedBy])).toEqual([
      ['broker', 'rabbitmq', 'broker', undefined, ['catalog', 'orders']],
      ['cache', 'redis', 'cache', 'catalog', ['catalog']],
      ['orders-db', 'postgres', 'database', 'orders', ['orders']],
      ['queue', 'nats', 'broker', 'worker', ['worker']],
      ['reports-db', 'mysql', 'database', 'worker', ['worker']],
    ]);
    expect(model.externals).toEqual([
      expect.objectContaining({ id: 'api.payments.example.com', kind: 'http', usedBy: ['orders'] }),
    ]);
  });
});

describe.skipIf(!existsSync(sockShop))(corpusTitle('Sock Shop compose', sockShopCompose), () => {
  let model: SystemModel;
  beforeAll(async () => {
    ({ model } = await discoverDirectory(sockShop, onlyPaths('docker-compose.yml')));
  });

  it('finds every service, the stores and the edges the file declares', () => {
    expect(model.services.map((s) => `${s.id}:${s.role}`)).toEqual([
      'carts:application',
      'carts-db:datastore',
      'catalogue:application',
      'catalogue-db:datastore',
      'edge-router:gateway',
      'front-end:frontend',
      'orders:application',
      'orders-db:datastore',
      'payment:application',
      'queue-master:application',
      'rabbitmq:broker',
      'shipping:application',
      'user:application',
      'user-db:datastore',
      'user-sim:tooling',
    ]);
    expect(
      model.dependencies.map((d) => `${edge(d)} ${d.source.file}:${d.source.line} ${d.evidence}`),
    ).toEqual([
      'user -> user-db mongodb data via env docker-compose.yml:155 MONGO_HOST=user-db:27017',
      'user-sim -> edge-router tcp sync via args docker-compose.yml:175 -h edge-router',
    ]);
    expect(model.datastores.map((d) => [d.id, d.engine, d.ownerServiceId])).toEqual([
      ['carts-db', 'mongodb', 'carts'],
      ['catalogue-db', 'mysql', 'catalogue'],
      ['orders-db', 'mongodb', 'orders'],
      ['rabbitmq', 'rabbitmq', undefined],
      ['user-db', 'mongodb', 'user'],
    ]);
    expect(model.exposures.map((e) => [e.name, e.ports[0]?.port, e.public])).toEqual([
      ['edge-router', 80, true],
      ['edge-router', 8080, true],
    ]);
    expect(model.services.find((s) => s.id === 'user-sim')?.hostnames).toEqual([
      'user-sim',
      'user-simulator',
    ]);
  });
});
