import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverDirectory, discoverFiles } from '../../src/discover/index.js';
import { kubernetesAdapter, parseKubernetesFile } from '../../src/discover/kubernetes/adapter.js';
import type { Dependency, SystemModel } from '../../src/model/schema.js';
import { boutiquePlainManifests, corpusPath, corpusTitle, onlyPaths } from '../helpers/corpus.js';

const fixtures = path.resolve(__dirname, '../fixtures/kubernetes');
const boutique = corpusPath('microservices-demo');
const sockShop = corpusPath('sock-shop');

function fixture(rel: string) {
  const text = readFileSync(path.join(fixtures, rel), 'utf8');
  return { path: rel, text, bytes: Buffer.byteLength(text) };
}

const edge = (d: Dependency) => `${d.from} -> ${d.to} ${d.protocol} ${d.kind}`;
const edgeAt = (m: SystemModel, from: string, to: string) =>
  m.dependencies.find((d) => d.from === from && d.to === to);

describe('kubernetes adapter claims', () => {
  it('claims YAML and JSON with apiVersion and kind, nothing else', () => {
    expect(kubernetesAdapter.claims('k8s/a.yaml', 'apiVersion: apps/v1\nkind: Deployment\n')).toBe(true);
    expect(kubernetesAdapter.claims('a.json', '{\n  "apiVersion": "v1",\n  "kind": "List"\n}')).toBe(true);
    expect(kubernetesAdapter.claims('a.yaml', 'services:\n  web:\n    image: nginx\n')).toBe(false);
    expect(kubernetesAdapter.claims('a.md', 'apiVersion: v1\nkind: Service\n')).toBe(false);
  });
});

describe('kubernetes adapter on a hand-written shop', () => {
  const fragment = parseKubernetesFile(fixture('shop.yaml'));

  it('reads every workload kind with its pod template', () => {
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.deployables?.map((d) => d.id).sort()).toEqual([
      'CronJob/shop/nightly-report',
      'Deployment/shop/orders',
      'StatefulSet/shop/orders-db',
    ]);
    const orders = fragment.deployables?.find((d) => d.name === 'orders');
    expect(orders).toMatchObject({
      kind: 'Deployment',
      namespace: 'shop',
      serviceId: 'orders',
      replicas: 3,
      labels: { app: 'orders' },
      podLabels: { app: 'orders', tier: 'backend' },
      serviceAccountName: 'orders',
      automountServiceAccountToken: false,
      podSecurityContext: { runAsNonRoot: true, runAsUser: 10001 },
      source: { file: 'shop.yaml', line: 1 },
    });
    const [init, main] = orders!.containers;
    expect(init).toMatchObject({
      name: 'migrate',
      init: true,
      image: 'shop/orders-migrate:1.4.0',
      imageTag: '1.4.0',
    });
    expect(main).toMatchObject({
      name: 'orders',
      init: false,
      image: 'registry.example.com:5000/shop/orders:1.4.0@sha256:0d5b2c1f',
      imageTag: '1.4.0',
      imageDigest: 'sha256:0d5b2c1f',
      ports: [{ containerPort: 8080, name: 'http', source: { line: 36 } }],
      command: ['/app/orders'],
      args: ['--payments-url=http://payments.shop.svc.cluster.local:8080', '--log-level', 'info'],
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      readinessProbe: { type: 'http', path: '/ready', port: 'http', source: { line: 58 } },
      livenessProbe: { type: 'tcp', port: 8080 },
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilitiesDrop: ['ALL'],
      },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    });
    expect(main!.env).toEqual([
      { name: 'DATABASE_HOST', value: 'orders-db', source: { file: 'shop.yaml', line: 39 } },
      {
        name: 'DATABASE_PASSWORD',
        valueFrom: { kind: 'secret', name: 'orders-db', key: 'password' },
        source: { file: 'shop.yaml', line: 41 },
      },
      {
        name: 'BROKER_URL',
        valueFrom: { kind: 'configMap', name: 'orders-config', key: 'broker-url' },
        source: { file: 'shop.yaml', line: 46 },
      },
      {
        name: 'POD_IP',
        valueFrom: { kind: 'field', name: 'status.podIP' },
        source: { file: 'shop.yaml', line: 51 },
      },
    ]);
    expect(main!.envFrom).toEqual([
      { kind: 'configMap', name: 'orders-config', source: { file: 'shop.yaml', line: 56 } },
    ]);
    expect(orders!.volumes).toEqual([{ name: 'tmp', type: 'emptyDir' }]);

    const db = fragment.deployables?.find((d) => d.name === 'orders-db');
    expect(db).toMatchObject({ kind: 'StatefulSet', replicas: 1, volumeClaimTemplates: ['data'] });
    const cron = fragment.deployables?.find((d) => d.kind === 'CronJob');
    expect(cron?.containers[0]).toMatchObject({
      name: 'report',
      image: 'shop/reports:latest',
      imageTag: 'latest',
    });
    expect(fragment.services?.find((s) => s.id === 'nightly-report')?.role).toBe('job');
  });

  it('reads Services, Ingress, ConfigMap, Secret, HPA, PDB and NetworkPolicy', () => {
    const exposures = Object.fromEntries((fragment.exposures ?? []).map((e) => [e.id, e]));
    expect(exposures['k8s-service/shop/orders']).toMatchObject({
      type: 'ClusterIP',
      public: false,
      selector: { app: 'orders' },
      ports: [{ port: 80, targetPort: 'http', name: 'http' }],
    });
    expect(exposures['k8s-service/shop/orders-db']).toMatchObject({ type: 'Headless', public: false });
    expect(exposures['k8s-service/shop/orders-public']).toMatchObject({ type: 'LoadBalancer', public: true });
    expect(exposures['ingress/shop/shop']).toMatchObject({
      kind: 'ingress',
      public: true,
      tls: true,
      type: 'nginx',
      routes: [
        { host: 'shop.example.com', path: '/orders', backend: 'orders', port: 80, source: { line: 153 } },
        { host: 'shop.example.com', path: '/legacy', backend: 'orders', port: 'http' },
      ],
    });
    const configs = Object.fromEntries((fragment.configs ?? []).map((c) => [c.id, c]));
    expect(configs['ConfigMap/shop/orders-config']?.entries.map((e) => [e.key, e.value])).toEqual([
      ['PAYMENTS_ADDR', 'payments:8080'],
      ['broker-url', 'amqp://shop:secret@rabbitmq.messaging:5672/orders'],
    ]);
    // Secret data is base64; the adapter keeps the decoded text for inference
    expect(configs['Secret/shop/orders-db']?.entries).toEqual([
      { key: 'password', value: 's3cret-pass', source: { file: 'shop.yaml', line: 137 } },
    ]);
    expect(fragment.autoscalers).toEqual([
      {
        id: 'HorizontalPodAutoscaler/shop/orders',
        name: 'orders',
        namespace: 'shop',
        targetKind: 'Deployment',
        targetName: 'orders',
        minReplicas: 3,
        maxReplicas: 10,
        metrics: ['cpu'],
        source: { file: 'shop.yaml', line: 168 },
      },
    ]);
    expect(fragment.disruptionBudgets?.[0]).toMatchObject({ selector: { app: 'orders' }, minAvailable: 2 });
    expect(fragment.networkPolicies?.[0]).toMatchObject({
      name: 'orders-db-access',
      podSelector: { app: 'orders-db' },
      policyTypes: ['Ingress'],
      ingressRules: 1,
      egressRules: 0,
      peers: [{ direction: 'ingress', podSelector: { app: 'orders' }, source: { line: 204 } }],
    });
  });

  it('reads List kinds and JSON manifests', () => {
    const list = parseKubernetesFile(fixture('list.json'));
    expect(list.diagnostics).toEqual([]);
    expect(list.deployables?.map((d) => d.id)).toEqual([
      'Deployment/default/web',
      'DaemonSet/kube-system/node-agent',
    ]);
    expect(list.deployables?.[1]).toMatchObject({ hostNetwork: true, hostPID: true });
    expect(list.deployables?.[1]?.containers[0]?.securityContext).toMatchObject({ privileged: true });
    expect(list.deployables?.[1]?.source.line).toBeGreaterThan(list.deployables![0]!.source.line);
  });

  it('turns an unrendered Helm template into one diagnostic', () => {
    const helm = parseKubernetesFile(fixture('helm/templates/deployment.yaml'));
    expect(helm.diagnostics).toHaveLength(1);
    expect(helm.diagnostics?.[0]).toMatchObject({
      severity: 'warning',
      file: 'helm/templates/deployment.yaml',
    });
    expect(helm.diagnostics?.[0]?.message).toMatch(/helm template/);
  });

  it('resolves the shop across files: selectors, hosts, configs, HPA, PDB, policy', () => {
    const { model } = discoverFiles([fixture('shop.yaml')]);
    const orders = model.services.find((s) => s.id === 'orders')!;
    expect(orders.hostnames).toEqual([
      'orders',
      'orders-public',
      'orders-public.shop',
      'orders-public.shop.svc',
      'orders-public.shop.svc.cluster.local',
      'orders.shop',
      'orders.shop.svc',
      'orders.shop.svc.cluster.local',
    ]);
    expect(model.exposures.find((e) => e.id === 'ingress/shop/shop')?.serviceIds).toEqual(['orders']);
    expect(model.autoscalers[0]?.serviceId).toBe('orders');
    expect(model.disruptionBudgets[0]?.serviceIds).toEqual(['orders']);
    expect(model.networkPolicies[0]?.serviceIds).toEqual(['orders-db']);
    expect(model.dependencies.map(edge)).toEqual([
      'ingress:shop/shop -> orders http sync',
      'orders -> orders-db sql data',
      'orders -> rabbitmq.messaging amqp async',
    ]);
    expect(edgeAt(model, 'orders', 'orders-db')).toMatchObject({
      via: 'env',
      evidence: 'DATABASE_HOST=orders-db',
    });
    // the broker is outside the scanned system: an external datastore, password masked in the evidence
    expect(edgeAt(model, 'orders', 'rabbitmq.messaging')).toMatchObject({
      via: 'config',
      evidence: 'BROKER_URL=amqp://shop:***@rabbitmq.messaging:5672/orders (ConfigMap orders-config)',
      source: { file: 'shop.yaml', line: 129 },
    });
    expect(model.datastores.map((d) => [d.id, d.engine, d.external, d.ownerServiceId, d.usedBy])).toEqual([
      ['orders-db', 'postgres', false, 'orders', ['orders']],
      ['rabbitmq.messaging', 'rabbitmq', true, 'orders', ['orders']],
    ]);
    expect(model.services.find((s) => s.id === 'orders-db')?.role).toBe('datastore');
    // payments is named in config but not part of this system
    expect(model.diagnostics.some((d) => d.origin === 'infer' && d.message.includes('payments'))).toBe(true);
  });
});

/** Every edge the Online Boutique manifests declare, read by hand from kubernetes-manifests/*.yaml. */
const BOUTIQUE_EDGES = [
  'cartservice -> redis-cart redis data',
  'checkoutservice -> cartservice grpc sync',
  'checkoutservice -> currencyservice grpc sync',
  'checkoutservice -> emailservice grpc sync',
  'checkoutservice -> paymentservice grpc sync',
  'checkoutservice -> productcatalogservice grpc sync',
  'checkoutservice -> shippingservice grpc sync',
  'frontend -> adservice grpc sync',
  'frontend -> cartservice grpc sync',
  'frontend -> checkoutservice grpc sync',
  'frontend -> currencyservice grpc sync',
  'frontend -> productcatalogservice grpc sync',
  'frontend -> recommendationservice grpc sync',
  'frontend -> shippingservice grpc sync',
  // release/istio-manifests.yaml: the Gateway API HTTPRoute frontend-route sends / to frontend:80
  'ingress:default/frontend-route -> frontend http sync',
  'loadgenerator -> frontend http sync',
  'recommendationservice -> productcatalogservice grpc sync',
];

describe.skipIf(!existsSync(boutique))(corpusTitle('Online Boutique', 'microservices-demo'), () => {
  let model: SystemModel;
  beforeAll(async () => {
    ({ model } = await discoverDirectory(boutique, boutiquePlainManifests));
  });

  it('finds every service', () => {
    expect(model.services.map((s) => s.id)).toEqual([
      'adservice',
      'cartservice',
      'checkoutservice',
      'currencyservice',
      'emailservice',
      'frontend',
      'loadgenerator',
      'paymentservice',
      'productcatalogservice',
      'recommendationservice',
      'redis-cart',
      'shippingservice',
    ]);
  });

  it('finds exactly the dependency edges the manifests declare', () => {
    expect(model.dependencies.map(edge)).toEqual(BOUTIQUE_EDGES);
  });

  it('points each edge at the env var that declares it', () => {
    expect(edgeAt(model, 'frontend', 'productcatalogservice')).toMatchObject({
      via: 'env',
      evidence: 'PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550',
      source: { file: 'kubernetes-manifests/frontend.yaml', line: 69 },
    });
    expect(edgeAt(model, 'checkoutservice', 'paymentservice')).toMatchObject({
      evidence: 'PAYMENT_SERVICE_ADDR=paymentservice:50051',
      source: { file: 'kubernetes-manifests/checkoutservice.yaml', line: 61 },
    });
    expect(edgeAt(model, 'cartservice', 'redis-cart')).toMatchObject({
      evidence: 'REDIS_ADDR=redis-cart:6379',
      source: { file: 'kubernetes-manifests/cartservice.yaml', line: 50 },
    });
    // the main container's env wins over the same address in the init container's wget loop
    expect(edgeAt(model, 'loadgenerator', 'frontend')).toMatchObject({
      evidence: 'FRONTEND_ADDR=frontend:80',
      source: { file: 'kubernetes-manifests/loadgenerator.yaml', line: 82 },
    });
    expect(edgeAt(model, 'recommendationservice', 'productcatalogservice')?.source).toEqual({
      file: 'kubernetes-manifests/recommendationservice.yaml',
      line: 60,
    });
    for (const dep of model.dependencies) {
      const text = readFileSync(path.join(boutique, dep.source.file), 'utf8').split('\n');
      if (dep.via === 'env') expect(text[dep.source.line - 1]).toContain(dep.evidence.split('=')[0]);
    }
  });

  it('maps every gRPC address to the Service port named grpc that listens on it', () => {
    const grpc = model.dependencies.filter((d) => d.protocol === 'grpc');
    expect(grpc).toHaveLength(14);
    for (const dep of grpc) {
      const port = Number(dep.evidence.split(':').pop());
      const service = model.exposures.find((e) => e.kind === 'k8s-service' && e.name === dep.to)!;
      expect(service.serviceIds).toEqual([dep.to]);
      expect(service.ports.find((p) => p.port === port)?.name, `${dep.to}:${port}`).toBe('grpc');
    }
    // and each proto service is served by the workload of the same name
    const served = Object.fromEntries(
      model.apis.filter((a) => a.kind === 'grpc').map((a) => [a.title, a.serviceId]),
    );
    expect(served).toMatchObject({
      CartService: 'cartservice',
      CheckoutService: 'checkoutservice',
      PaymentService: 'paymentservice',
      ProductCatalogService: 'productcatalogservice',
    });
  });

  it('recognises redis-cart as a redis store owned by cartservice', () => {
    expect(model.datastores).toHaveLength(1);
    expect(model.datastores[0]).toMatchObject({
      id: 'redis-cart',
      engine: 'redis',
      serviceId: 'redis-cart',
      external: false,
      usedBy: ['cartservice'],
      ownerServiceId: 'cartservice',
    });
    expect(model.services.find((s) => s.id === 'redis-cart')?.role).toBe('cache');
  });

  it('exposes only the frontend publicly', () => {
    const pub = model.exposures.filter((e) => e.public).map((e) => [e.id, e.serviceIds]);
    expect(pub).toEqual([
      ['gateway-route/default/frontend-route', ['frontend']],
      ['k8s-service/default/frontend-external', ['frontend']],
    ]);
  });

  it('notes the one address that names nothing in the repository', () => {
    const notes = model.diagnostics.filter((d) => d.origin === 'infer');
    expect(notes).toEqual([
      expect.objectContaining({
        file: 'kubernetes-manifests/frontend.yaml',
        line: 83,
        message: expect.stringContaining('shoppingassistantservice'),
      }),
    ]);
  });
});

/** Sock Shop's Kubernetes manifests: the services, their stores, and which service owns which. */
describe.skipIf(!existsSync(sockShop))(corpusTitle('Sock Shop on Kubernetes', 'sock-shop'), () => {
  let model: SystemModel;
  beforeAll(async () => {
    ({ model } = await discoverDirectory(
      path.join(sockShop, 'deploy/kubernetes'),
      onlyPaths('manifests/', 'manifests-policy/'),
    ));
  });

  it('finds its services in namespace sock-shop', () => {
    expect(model.services.map((s) => s.id)).toEqual([
      'carts',
      'carts-db',
      'catalogue',
      'catalogue-db',
      'front-end',
      'orders',
      'orders-db',
      'payment',
      'queue-master',
      'rabbitmq',
      'session-db',
      'shipping',
      'user',
      'user-db',
    ]);
    expect(model.services.find((s) => s.id === 'user-db')?.hostnames).toContain(
      'user-db.sock-shop.svc.cluster.local',
    );
  });

  it('recognises its databases, cache and broker and who owns each', () => {
    expect(
      model.datastores.map((d) => ({
        id: d.id,
        engine: d.engine,
        owner: d.ownerServiceId,
        usedBy: d.usedBy,
      })),
    ).toEqual([
      // mongo image; named after carts (the cart NetworkPolicy selects `name: cart`, which no pod carries)
      { id: 'carts-db', engine: 'mongodb', owner: 'carts', usedBy: [] },
      // weaveworksdemos/catalogue-db, configured with MYSQL_* env and a port named mysql
      { id: 'catalogue-db', engine: 'mysql', owner: 'catalogue', usedBy: ['catalogue'] },
      { id: 'orders-db', engine: 'mongodb', owner: 'orders', usedBy: ['orders'] },
      { id: 'rabbitmq', engine: 'rabbitmq', owner: undefined, usedBy: ['queue-master', 'shipping'] },
      // redis:alpine; the front-end reaches it by a name compiled into its code, not in any manifest
      { id: 'session-db', engine: 'redis', owner: undefined, usedBy: [] },
      // weaveworksdemos/user-db: a port named mongo
      { id: 'user-db', engine: 'mongodb', owner: 'user', usedBy: ['user'] },
    ]);
    const roles = Object.fromEntries(model.services.map((s) => [s.id, s.role]));
    expect(roles).toMatchObject({
      rabbitmq: 'broker',
      'session-db': 'cache',
      'user-db': 'datastore',
      orders: 'application',
    });
  });

  it('reads the call graph from the env and the NetworkPolicies', () => {
    expect(model.dependencies.map((d) => `${edge(d)} via ${d.via}`)).toEqual([
      'catalogue -> catalogue-db sql data via network-policy',
      'front-end -> catalogue tcp sync via network-policy',
      'front-end -> orders tcp sync via network-policy',
      'front-end -> user tcp sync via network-policy',
      'orders -> orders-db mongodb data via network-policy',
      'orders -> payment tcp sync via network-policy',
      'orders -> shipping tcp sync via network-policy',
      'orders -> user tcp sync via network-policy',
      'queue-master -> rabbitmq amqp async via network-policy',
      'shipping -> rabbitmq amqp async via network-policy',
      'user -> user-db mongodb data via env',
    ]);
    expect(edgeAt(model, 'user', 'user-db')).toMatchObject({
      evidence: 'mongo=user-db:27017',
      source: { file: 'manifests/25-user-dep.yaml', line: 32 },
    });
    expect(edgeAt(model, 'orders', 'payment')).toMatchObject({
      evidence: 'NetworkPolicy sock-shop/payment-access admits name=orders',
      source: { file: 'manifests-policy/netpol-payment-access.yaml', line: 13 },
    });
  });

  it('exposes the front-end on a NodePort', () => {
    expect(model.exposures.filter((e) => e.public).map((e) => [e.id, e.type, e.serviceIds])).toEqual([
      ['k8s-service/sock-shop/front-end', 'NodePort', ['front-end']],
    ]);
  });
});
