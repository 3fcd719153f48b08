import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverDirectory, discoverFiles } from '../../src/discover/index.js';
import { inferServiceRoles } from '../../src/model/infer-roles.js';
import type { SystemModel } from '../../src/model/schema.js';
import { boutiquePlainManifests, corpusPath, corpusTitle, sockShopApplication } from '../helpers/corpus.js';

const boutique = corpusPath('microservices-demo');
const sockShop = corpusPath('sock-shop');

function scan(files: Record<string, string>): SystemModel {
  return discoverFiles(
    Object.entries(files).map(([p, text]) => ({ path: p, text, bytes: Buffer.byteLength(text) })),
  ).model;
}

const roles = (m: SystemModel) => Object.fromEntries(m.services.map((s) => [s.id, s.role]));

/** A Deployment running `image`, optionally with env and a volume mount, and a Service of `type` in front. */
function workload(
  name: string,
  opts: { image?: string; env?: Record<string, string>; type?: string; mount?: string } = {},
): string {
  const env = Object.entries(opts.env ?? {})
    .map(([k, v]) => `            - name: ${k}\n              value: "${v}"`)
    .join('\n');
  const mount = opts.mount
    ? `          volumeMounts:\n            - { name: content, mountPath: ${opts.mount} }\n      volumes:\n        - name: content\n          configMap: { name: ${name}-content }\n`
    : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: main
          image: ${opts.image ?? `shop/${name}:1.0.0`}
          ports: [{ containerPort: 8080 }]
${env ? `          env:\n${env}\n` : ''}${mount}---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: ${opts.type ?? 'ClusterIP'}
  selector: { app: ${name} }
  ports:
    - { name: http, port: 80, targetPort: 8080 }
`;
}

const BACKENDS = ['catalog', 'cart', 'orders', 'pricing'];
const callsAll = (names: string[]) =>
  Object.fromEntries(names.map((n) => [`${n.toUpperCase()}_ADDR`, `${n}:80`]));

describe('tooling: load generators and traffic simulators', () => {
  it('recognises them by image whatever they are called, and by name whatever they run', () => {
    const m = scan({
      'docker-compose.yml': `services:
  swarm:
    image: locustio/locust:2.31.1
    command: -f /mnt/locust/locustfile.py --host http://shop:8080
  perf:
    image: grafana/k6:0.54.0
  bench:
    image: justb4/jmeter:5.5
  loadgenerator:
    build: ./loadgenerator
  user-sim:
    image: shop/traffic:1.0.0
  shop:
    image: shop/shop:1.0.0
    ports: ["8080:8080"]
`,
    });
    expect(roles(m)).toEqual({
      bench: 'tooling',
      loadgenerator: 'tooling',
      perf: 'tooling',
      shop: 'application',
      swarm: 'tooling',
      'user-sim': 'tooling',
    });
  });

  it('leaves services alone whose names only resemble a tool (a data loader, a user service)', () => {
    const m = scan({
      'docker-compose.yml': `services:
  loader:
    image: shop/loader:1.0.0
  users:
    image: shop/users:1.0.0
  simulation:
    image: shop/simulation:1.0.0
`,
    });
    expect(roles(m)).toEqual({ loader: 'application', simulation: 'application', users: 'application' });
  });
});

describe('gateway: edge proxies and API gateways', () => {
  it('recognises proxy images (declared or as the final Dockerfile stage) and unmistakable names', () => {
    const m = scan({
      'docker-compose.yml': `services:
  edge:
    image: traefik:v3.1
    ports: ["443:443"]
  lb:
    image: nginx:1.27-alpine
    volumes: ["./nginx.conf:/etc/nginx/conf.d/default.conf:ro"]
  mesh-in:
    build: ./mesh-in
  frontend-proxy:
    image: envoyproxy/envoy:v1.31.0
  api-gateway:
    image: shop/api-gateway:2.0.0
  orders:
    image: shop/orders:1.0.0
`,
      'mesh-in/Dockerfile': 'FROM envoyproxy/envoy:v1.31.0\nCOPY envoy.yaml /etc/envoy/envoy.yaml\n',
    });
    expect(roles(m)).toEqual({
      'api-gateway': 'gateway',
      edge: 'gateway',
      // an envoy in front of the UI is the edge, whatever its name says
      'frontend-proxy': 'gateway',
      lb: 'gateway',
      'mesh-in': 'gateway',
      orders: 'application',
    });
  });

  it('does not call a service a gateway for a name that merely contains the word, or an exporter image', () => {
    const m = scan({
      'docker-compose.yml': `services:
  payment-gateway:
    image: shop/payment-gateway:1.0.0
    environment:
      STRIPE_URL: https://api.stripe.com
  gateway-events:
    image: shop/gateway-events:1.0.0
  nginx-metrics:
    image: nginx/nginx-prometheus-exporter:1.3.0
`,
    });
    expect(roles(m)).toEqual({
      'gateway-events': 'application',
      'nginx-metrics': 'platform', // an exporter: monitoring platform, recognised before roles are inferred
      'payment-gateway': 'application',
    });
  });

  it('does not infer a gateway from topology alone: a public service that calls several others stays as it is', () => {
    // same shape as a routing-only proxy, but a custom image and three callees: nothing says "proxy"
    const m = scan({
      'k8s.yaml': [
        workload('router', { type: 'LoadBalancer', env: callsAll(['catalog', 'cart', 'orders']) }),
        ...['catalog', 'cart', 'orders'].map((n) => workload(n)),
      ].join('---\n'),
    });
    expect(roles(m).router).toBe('application');
  });
});

describe('frontend: web UIs', () => {
  it('recognises UI names', () => {
    const m = scan({
      'docker-compose.yml': `services:
  frontend:
    image: shop/frontend:1.0.0
  front-end:
    image: shop/front-end:1.0.0
  ui:
    image: shop/ui:1.0.0
  admin-frontend:
    image: shop/admin:1.0.0
`,
    });
    expect(roles(m)).toEqual({
      'admin-frontend': 'frontend',
      'front-end': 'frontend',
      frontend: 'frontend',
      ui: 'frontend',
    });
  });

  it('an nginx that serves built assets is a frontend, not a gateway: a node build stage or a document-root mount', () => {
    const m = scan({
      'docker-compose.yml': `services:
  shop:
    build: ./shop
    ports: ["80:80"]
  docs:
    image: nginx:1.27-alpine
    volumes: ["./site:/usr/share/nginx/html:ro"]
  proxy:
    build: ./proxy
`,
      'shop/Dockerfile':
        'FROM node:20-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
      // an nginx image with only a config: it routes, so it is the gateway
      'proxy/Dockerfile': 'FROM nginx:1.27-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
    });
    expect(roles(m)).toEqual({ docs: 'frontend', proxy: 'gateway', shop: 'frontend' });
  });

  it('`web` is a frontend only when it keeps no data: beside its own database it is the application', () => {
    const ui = scan({
      'docker-compose.yml': `services:
  web:
    image: shop/web:1.0.0
    environment:
      API_URL: http://api:8080
    ports: ["80:3000"]
  api:
    image: shop/api:1.0.0
    environment:
      DATABASE_URL: postgres://app@db:5432/app
  db:
    image: postgres:16
`,
    });
    expect(roles(ui)).toEqual({ api: 'application', db: 'datastore', web: 'frontend' });

    const monolith = scan({
      'docker-compose.yml': `services:
  web:
    build: .
    command: gunicorn app.wsgi
    environment:
      DATABASE_URL: postgres://app@db:5432/app
    ports: ["8000:8000"]
    depends_on: [db]
  db:
    image: postgres:16
`,
    });
    expect(roles(monolith)).toEqual({ db: 'datastore', web: 'application' });
  });

  it('a public service at the top of the call graph that fans out to many services and keeps no data is a frontend', () => {
    const m = scan({
      'k8s.yaml': [
        workload('storefront-bff', { type: 'LoadBalancer', env: callsAll(BACKENDS) }),
        ...BACKENDS.map((n) => workload(n)),
      ].join('---\n'),
    });
    expect(roles(m)['storefront-bff']).toBe('frontend');
    for (const n of BACKENDS) expect(roles(m)[n]).toBe('application');
  });

  it('the fan-out test stays conservative: internal, too few callees, called by another service, or keeping data', () => {
    const internal = scan({
      'k8s.yaml': [workload('hub', { env: callsAll(BACKENDS) }), ...BACKENDS.map((n) => workload(n))].join(
        '---\n',
      ),
    });
    expect(roles(internal).hub).toBe('application');

    const few = scan({
      'k8s.yaml': [
        workload('hub', { type: 'LoadBalancer', env: callsAll(BACKENDS.slice(0, 3)) }),
        ...BACKENDS.slice(0, 3).map((n) => workload(n)),
      ].join('---\n'),
    });
    expect(roles(few).hub).toBe('application');

    const called = scan({
      'k8s.yaml': [
        workload('hub', { type: 'LoadBalancer', env: callsAll(BACKENDS) }),
        workload('mobile-api', { type: 'LoadBalancer', env: { HUB_ADDR: 'hub:80' } }),
        ...BACKENDS.map((n) => workload(n)),
      ].join('---\n'),
    });
    expect(roles(called).hub).toBe('application');

    const keepsData = scan({
      'k8s.yaml': [
        workload('hub', {
          type: 'LoadBalancer',
          env: { ...callsAll(BACKENDS), DATABASE_URL: 'postgres://app@hub-db:5432/hub' },
        }),
        workload('hub-db', { image: 'postgres:16' }),
        ...BACKENDS.map((n) => workload(n)),
      ].join('---\n'),
    });
    expect(roles(keepsData).hub).toBe('application');
  });

  it('a load generator calling the UI does not stop it being the top of the graph', () => {
    const m = scan({
      'k8s.yaml': [
        workload('shopper', { type: 'LoadBalancer', env: callsAll(BACKENDS) }),
        workload('loadgenerator', { env: { FRONTEND_ADDR: 'shopper:80' } }),
        ...BACKENDS.map((n) => workload(n)),
      ].join('---\n'),
    });
    expect(roles(m)).toMatchObject({ loadgenerator: 'tooling', shopper: 'frontend' });
  });
});

describe('precedence', () => {
  it('never overrides a store role or a role declared in plumbline.yaml', () => {
    const m = scan({
      'docker-compose.yml': `services:
  gateway:
    image: redis:7.4
  frontend:
    image: shop/frontend:1.0.0
  loadgenerator:
    image: shop/loadgenerator:1.0.0
  edge:
    image: nginx:1.27
`,
      'plumbline.yaml': `overrides:
  services:
    frontend: { role: application }
    loadgenerator: { role: job }
`,
    });
    expect(roles(m)).toEqual({
      edge: 'gateway',
      frontend: 'application',
      gateway: 'cache',
      loadgenerator: 'job',
    });
  });

  it('reasons over declared roles: a declared application calling the UI makes it a backend', () => {
    const files = (manifest: string) =>
      scan({
        'k8s.yaml': [
          workload('shopper', { type: 'LoadBalancer', env: callsAll(BACKENDS) }),
          workload('loadgenerator', { env: { FRONTEND_ADDR: 'shopper:80' } }),
          ...BACKENDS.map((n) => workload(n)),
        ].join('---\n'),
        'plumbline.yaml': manifest,
      });
    expect(roles(files('system: shop\n'))).toMatchObject({ loadgenerator: 'tooling', shopper: 'frontend' });
    expect(roles(files('overrides:\n  services:\n    loadgenerator: { role: application }\n'))).toMatchObject(
      {
        loadgenerator: 'application',
        shopper: 'application',
      },
    );
  });

  it('says why it chose each role', () => {
    const m = scan({
      'k8s.yaml': [
        workload('shopper', { type: 'LoadBalancer', env: callsAll(BACKENDS) }),
        workload('swarm', { image: 'locustio/locust:2.31.1', env: { TARGET: 'http://shopper:80' } }),
        workload('edge', { image: 'traefik:v3.1', type: 'LoadBalancer' }),
        workload('site', { image: 'nginx:1.27', mount: '/usr/share/nginx/html' }),
        ...BACKENDS.map((n) => workload(n)),
      ].join('---\n'),
    });
    // run the inference again over the discovered model with the inferred roles cleared
    for (const s of m.services)
      if (['tooling', 'gateway', 'frontend'].includes(s.role)) s.role = 'application';
    expect(inferServiceRoles(m)).toEqual([
      { serviceId: 'edge', role: 'gateway', reason: 'runs the reverse proxy / gateway image `traefik:v3.1`' },
      {
        serviceId: 'shopper',
        role: 'frontend',
        reason:
          'exposed publicly, called by no application or frontend service, keeps no data, serves no API contract, and calls 4 application services (cart, catalog, orders, pricing)',
      },
      {
        serviceId: 'site',
        role: 'frontend',
        reason: 'serves files mounted at `/usr/share/nginx/html` from `nginx:1.27`',
      },
      {
        serviceId: 'swarm',
        role: 'tooling',
        reason: 'image `locustio/locust:2.31.1` is a load-testing tool',
      },
    ]);
  });
});

describe.skipIf(!existsSync(boutique))(corpusTitle('roles in Online Boutique', 'microservices-demo'), () => {
  let model: SystemModel;
  beforeAll(async () => {
    ({ model } = await discoverDirectory(boutique, boutiquePlainManifests));
  });
  it('the load generator is tooling and the frontend is a frontend; the rest keep their roles', () => {
    expect(roles(model)).toEqual({
      adservice: 'application',
      cartservice: 'application',
      checkoutservice: 'application',
      currencyservice: 'application',
      emailservice: 'application',
      frontend: 'frontend',
      loadgenerator: 'tooling',
      paymentservice: 'application',
      productcatalogservice: 'application',
      recommendationservice: 'application',
      'redis-cart': 'cache',
      shippingservice: 'application',
    });
  });
});

describe.skipIf(!existsSync(sockShop))(corpusTitle('roles in Sock Shop', 'sock-shop'), () => {
  let model: SystemModel;
  beforeAll(async () => {
    ({ model } = await discoverDirectory(sockShop, sockShopApplication));
  });
  it('user-sim is tooling, front-end a frontend, edge-router the gateway', () => {
    expect(roles(model)).toMatchObject({
      'edge-router': 'gateway',
      'front-end': 'frontend',
      'user-sim': 'tooling',
      carts: 'application',
      orders: 'application',
      'queue-master': 'application',
      rabbitmq: 'broker',
      'session-db': 'cache',
    });
  });
});
