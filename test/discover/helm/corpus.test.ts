/** The renderer on the two real charts of the shared corpus (skipped when the corpus is absent). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  findHelmCharts,
  type HelmChart,
  type HelmRender,
  renderHelmChart,
} from '../../../src/discover/helm/index.js';
import { corpusPath, corpusTitle } from '../../helpers/corpus.js';
import { lineOf, loadTree } from './load.js';

// biome-ignore lint/suspicious/noExplicitAny: rendered Kubernetes objects are explored dynamically by the assertions
type Obj = { kind: string; metadata: { name: string }; spec?: any };
const objects = (r: HelmRender) => r.documents.map((d) => d.data as Obj);
const names = (r: HelmRender, kind: string) =>
  objects(r)
    .filter((o) => o.kind === kind)
    .map((o) => o.metadata.name)
    .sort();
const doc = (r: HelmRender, kind: string, name: string) =>
  r.documents.find((d) => (d.data as Obj).kind === kind && (d.data as Obj).metadata.name === name)!;

const boutique = corpusPath('microservices-demo');
const sockShop = corpusPath('sock-shop');

const SERVICES = [
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
];

describe.skipIf(!existsSync(path.join(boutique, 'helm-chart')))(
  corpusTitle('Online Boutique helm-chart', 'microservices-demo/helm-chart'),
  () => {
    let files: Map<string, string>;
    let charts: HelmChart[];
    let chart: HelmChart;
    let r: HelmRender;
    beforeAll(() => {
      files = loadTree(boutique, 'helm-chart');
      charts = findHelmCharts([...files.keys()]);
      chart = charts[0]!;
      r = renderHelmChart({ chart, files });
    });

    it('finds the chart and renders all 13 templates without a diagnostic', () => {
      expect(charts.map((c) => c.dir)).toEqual(['helm-chart']);
      expect(r.diagnostics).toEqual([]);
      expect(r.files.filter((f) => f.startsWith('helm-chart/templates/'))).toHaveLength(13);
    });

    it('renders the Deployments, Services and ServiceAccounts the defaults switch on, and nothing else', () => {
      expect(names(r, 'Deployment')).toEqual(SERVICES);
      expect(names(r, 'ServiceAccount')).toEqual(SERVICES);
      expect(names(r, 'Service')).toEqual(
        [...SERVICES.filter((s) => s !== 'loadgenerator'), 'frontend-external'].sort(),
      );
      expect(new Set(objects(r).map((o) => o.kind))).toEqual(
        new Set(['Deployment', 'Service', 'ServiceAccount']),
      );
    });

    it('fills images from values and the chart appVersion, and keeps template lines', () => {
      const frontend = doc(r, 'Deployment', 'frontend');
      const container = (frontend.data as Obj).spec.template.spec.containers[0];
      expect(container.image).toBe(
        'us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/frontend:v0.10.6',
      );
      expect(container.resources).toEqual({
        requests: { cpu: '100m', memory: '64Mi' },
        limits: { cpu: '200m', memory: '128Mi' },
      });
      const text = files.get('helm-chart/templates/frontend.yaml')!;
      expect(frontend.locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toEqual({
        file: 'helm-chart/templates/frontend.yaml',
        line: lineOf(text, 'image: {{ .Values.images.repository }}'),
      });
      expect(frontend.locate(['metadata', 'name']).line).toBe(33);
      const external = doc(r, 'Service', 'frontend-external');
      expect((external.data as Obj).spec.type).toBe('LoadBalancer');
    });

    it('reports NetworkPolicies, Sidecars, AuthorizationPolicies and the collector as options behind their values', () => {
      const byPath = new Map(r.switches.map((s) => [s.path, s]));
      expect([...byPath.keys()]).toEqual([
        'authorizationPolicies.create',
        'cartDatabase.externalRedisTlsOrigination.enable',
        'frontend.virtualService.create',
        'networkPolicies.create',
        'opentelemetryCollector.create',
        'sidecars.create',
      ]);
      const values = files.get('helm-chart/values.yaml')!;
      expect(byPath.get('networkPolicies.create')).toMatchObject({
        value: false,
        file: 'helm-chart/values.yaml',
        line: lineOf(values, 'networkPolicies:') + 2,
      });
      expect(byPath.get('networkPolicies.create')!.templates).toHaveLength(12);
      expect(byPath.get('opentelemetryCollector.create')!.templates).toEqual([
        'helm-chart/templates/opentelemetry-collector.yaml',
      ]);
    });

    it('renders the optional objects once their switches are on', () => {
      const on = new Map(files);
      on.set(
        'helm-chart/values-all-on.yaml',
        [
          'networkPolicies: {create: true}',
          'sidecars: {create: true}',
          'authorizationPolicies: {create: true}',
          'opentelemetryCollector: {create: true}',
          'frontend: {virtualService: {create: true}}',
          'cartDatabase: {externalRedisTlsOrigination: {enable: true}}',
          '',
        ].join('\n'),
      );
      const all = renderHelmChart({ chart, files: on, valuesFile: 'helm-chart/values-all-on.yaml' });
      expect(all.diagnostics).toEqual([]);
      const otel = 'opentelemetrycollector';
      expect(names(all, 'NetworkPolicy')).toEqual([...SERVICES, 'deny-all', otel].sort());
      expect(names(all, 'AuthorizationPolicy')).toEqual(
        [...SERVICES.filter((s) => s !== 'loadgenerator'), 'deny-all', otel].sort(),
      );
      expect(names(all, 'Sidecar')).toEqual([...SERVICES, otel].sort());
      expect(names(all, 'ServiceEntry')).toEqual(['exernal-redis-tls-origination']);
      expect(names(all, 'Deployment')).toContain('opentelemetrycollector');
      expect(names(all, 'VirtualService')).toEqual(['frontend']);
      const policy = doc(all, 'NetworkPolicy', 'frontend');
      expect(policy.locate(['kind'])).toEqual({
        file: 'helm-chart/templates/frontend.yaml',
        line: lineOf(files.get('helm-chart/templates/frontend.yaml')!, 'kind: NetworkPolicy'),
      });
      expect(all.switches.map((s) => s.path)).not.toContain('networkPolicies.create');
    });
  },
);

describe.skipIf(!existsSync(path.join(sockShop, 'deploy/kubernetes/helm-chart')))(
  corpusTitle('Sock Shop helm-chart', 'sock-shop/deploy/kubernetes/helm-chart'),
  () => {
    const dir = 'deploy/kubernetes/helm-chart';
    let r: HelmRender;
    beforeAll(() => {
      const files = loadTree(sockShop, dir);
      r = renderHelmChart({ chart: findHelmCharts([...files.keys()])[0]!, files });
    });

    it('renders the shop; the ingress template (no helper defines "fullname") and the remote nginx-ingress dependency are diagnostics', () => {
      expect(names(r, 'Deployment')).toEqual([
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
      expect(names(r, 'Service')).toHaveLength(14);
      expect(r.diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual([
        `${dir}/requirements.yaml:2`,
        `${dir}/templates/ingress.yaml:8`,
      ]);
      expect(r.diagnostics[0]!.message).toContain('nginx-ingress');
      expect(r.diagnostics[1]!.message).toContain('"fullname"');
    });

    it('fills replicas, images and resources from values, located at template lines', () => {
      const frontEnd = doc(r, 'Deployment', 'front-end');
      const spec = (frontEnd.data as Obj).spec;
      expect(spec.replicas).toBe(1);
      expect(spec.template.spec.containers[0].image).toBe('weaveworksdemos/front-end:0.3.12');
      expect(spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '300m', memory: '1000Mi' });
      expect(frontEnd.locate(['spec', 'replicas'])).toEqual({
        file: `${dir}/templates/front-end-dep.yaml`,
        line: 7,
      });
      const carts = (doc(r, 'Deployment', 'carts').data as Obj).spec.template.spec.containers[0];
      // `lt (int .Values.carts.containerPort) 1024` adds NET_BIND_SERVICE for port 80
      expect(carts.securityContext.capabilities.add).toEqual(['NET_BIND_SERVICE']);
      expect(carts.env).toEqual([{ name: 'JAVA_OPTS', value: expect.stringContaining('-Xms64m') }]);
    });

    it('reports zipkin and the load test as options switched off by their values', () => {
      expect(r.switches.map((s) => [s.path, s.value, s.templates.length])).toEqual([
        ['loadtest.enabled', false, 1],
        ['zipkin.enabled', false, 5],
      ]);
      expect(names(r, 'Deployment')).not.toContain('zipkin');
    });
  },
);
