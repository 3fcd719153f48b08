import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHelmCharts, type HelmRender, renderHelmChart } from '../../../src/discover/helm/index.js';
import { lineOf, loadTree } from './load.js';

const fixtures = path.resolve(__dirname, '../../fixtures/helm');
const files = loadTree(fixtures, 'shop');
const chart = findHelmCharts([...files.keys()])[0]!;

// biome-ignore lint/suspicious/noExplicitAny: rendered Kubernetes objects are explored dynamically by the assertions
type Obj = { kind: string; metadata: { name: string }; spec: any; data?: unknown };
const objects = (r: HelmRender) => r.documents.map((d) => d.data as Obj);
const find = (r: HelmRender, kind: string, name: string) => {
  const i = objects(r).findIndex((o) => o.kind === kind && o.metadata.name === name);
  if (i < 0) throw new Error(`${kind} ${name} not rendered`);
  return { doc: r.documents[i]!, obj: objects(r)[i]! };
};

describe('findHelmCharts', () => {
  it('finds the chart folder, not its unpacked subchart, with values.yaml before its variants', () => {
    expect(findHelmCharts([...files.keys()])).toEqual([
      {
        dir: 'shop',
        name: 'shop',
        chartFile: 'shop/Chart.yaml',
        valuesFiles: ['shop/values.yaml', 'shop/values-prod.yaml'],
      },
    ]);
  });

  it('needs templates beside Chart.yaml and handles a chart at the root', () => {
    expect(findHelmCharts(['lib/Chart.yaml', 'lib/values.yaml'])).toEqual([]);
    expect(findHelmCharts(['Chart.yaml', 'templates/a.yaml', 'values.yaml', 'values-dev.yml'])).toEqual([
      { dir: '', name: '.', chartFile: 'Chart.yaml', valuesFiles: ['values.yaml', 'values-dev.yml'] },
    ]);
  });
});

describe('renderHelmChart on a fixture chart', () => {
  const base = renderHelmChart({ chart, files });
  const prod = renderHelmChart({ chart, files, valuesFile: 'shop/values-prod.yaml' });
  const deploymentText = files.get('shop/templates/deployment.yaml')!;
  const helpersText = files.get('shop/templates/_helpers.tpl')!;

  it('renders one object per range item with values, include/define and defaults', () => {
    const kinds = objects(base).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual([
      'StatefulSet/release-name-cache',
      'ConfigMap/release-name-config',
      'Deployment/release-name-api',
      'Deployment/release-name-web',
      'Service/release-name-api',
      'Service/release-name-web',
    ]);
    const { obj } = find(base, 'Deployment', 'release-name-web');
    const spec = obj.spec;
    expect(spec.replicas).toBe(1);
    expect(obj.metadata).toMatchObject({
      labels: { 'app.kubernetes.io/name': 'web', 'helm.sh/chart': 'shop-1.2.3' },
    });
    const container = spec.template.spec.containers[0];
    // image tag empty in values: `default` falls back to the chart's appVersion
    expect(container.image).toBe('registry.example.com/shop/web:2.0.1');
    // toYaml | nindent
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' } });
    // if / else if / else
    expect(container.env).toEqual([{ name: 'PUBLIC', value: 'true' }]);
    expect(find(base, 'Deployment', 'release-name-api').obj.spec).toMatchObject({
      template: { spec: { containers: [{ env: [{ name: 'INTERNAL_ONLY', value: '0' }] }] } },
    });
    // `with` over an empty map leaves the annotations out
    expect(spec.template.metadata.annotations).toBeUndefined();
    expect(find(base, 'Service', 'release-name-web').obj.spec).toMatchObject({ type: 'LoadBalancer' });
    expect(find(base, 'Service', 'release-name-api').obj.spec).toMatchObject({ type: 'ClusterIP' });
  });

  it('locates rendered objects at template lines, through range, include and nindent', () => {
    const { doc } = find(base, 'Deployment', 'release-name-web');
    const at = (p: (string | number)[]) => doc.locate(p);
    expect(doc.file).toBe('shop/templates/deployment.yaml');
    expect(at(['spec', 'replicas'])).toEqual({
      file: 'shop/templates/deployment.yaml',
      line: lineOf(deploymentText, 'replicas:'),
    });
    expect(at(['metadata', 'name']).line).toBe(lineOf(deploymentText, '  name: {{ include'));
    // a label produced by `include … | nindent 4` points at the include call
    expect(at(['metadata', 'labels', 'helm.sh/chart']).line).toBe(
      lineOf(deploymentText, 'include "shop.labels" $ctx | nindent 4'),
    );
    expect(at(['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'cpu']).line).toBe(
      lineOf(deploymentText, 'toYaml $.Values.resources'),
    );
    expect(doc.startLine).toBe(lineOf(deploymentText, 'apiVersion: apps/v1'));
    expect(helpersText).toContain('define "shop.labels"');
  });

  it('reports a value that switches whole objects off, with its values line', () => {
    expect(objects(base).some((o) => o.kind === 'NetworkPolicy')).toBe(false);
    expect(base.switches).toEqual([
      {
        path: 'networkPolicy.enabled',
        value: false,
        file: 'shop/values.yaml',
        line: lineOf(files.get('shop/values.yaml')!, 'enabled: false'),
        templates: ['shop/templates/networkpolicy.yaml'],
      },
    ]);
  });

  it('layers a values-prod.yaml variant over values.yaml', () => {
    const web = find(prod, 'Deployment', 'release-name-web').obj.spec;
    expect(web.replicas).toBe(3);
    expect(web.template.spec.containers[0].image).toBe('registry.example.com/shop/web:2.0.1-prod');
    expect(web.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    // values the variant does not set keep their defaults
    expect(web.template.spec.containers[0].resources.requests.cpu).toBe('100m');
    expect(find(prod, 'NetworkPolicy', 'release-name-default-deny').doc.locate(['kind']).line).toBe(3);
    expect(prod.switches).toEqual([]);
    expect(prod.files).toContain('shop/values-prod.yaml');
  });

  it('names the template line of an unsupported function, skips that template and renders the rest', () => {
    const unsupported = base.diagnostics.filter((d) => d.message.includes('genCA'));
    expect(unsupported).toEqual([
      {
        severity: 'warning',
        file: 'shop/templates/certificate.yaml',
        line: 6,
        message: 'unsupported template function "genCA"; the template is skipped',
        origin: 'helm',
      },
    ]);
    expect(objects(base).some((o) => o.kind === 'Secret')).toBe(false);
    expect(objects(base)).toHaveLength(6);
  });

  it('renders an unpacked subchart with its scoped values and globals; a missing remote dependency is a diagnostic', () => {
    const { obj, doc } = find(base, 'StatefulSet', 'release-name-cache');
    expect(obj).toMatchObject({
      metadata: {
        annotations: { region: 'eu-west-1', template: 'shop/charts/cache/templates/statefulset.yaml' },
      },
      spec: { template: { spec: { containers: [{ image: 'redis:7', ports: [{ containerPort: 6380 }] }] } } },
    });
    expect(doc.locate(['spec', 'serviceName'])).toEqual({
      file: 'shop/charts/cache/templates/statefulset.yaml',
      line: 9,
    });
    const missing = base.diagnostics.filter((d) => d.message.includes('postgresql'));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ file: 'shop/Chart.yaml', line: 10, severity: 'warning' });
    expect(missing[0]!.message).toContain('not fetched');
    expect(base.diagnostics).toHaveLength(2);
  });

  it('turns a subchart off by its dependency condition and reports that switch', () => {
    const off = new Map(files);
    off.set('shop/values-nocache.yaml', 'cache:\n  enabled: false\n');
    const r = renderHelmChart({ chart, files: off, valuesFile: 'shop/values-nocache.yaml' });
    expect(objects(r).some((o) => o.kind === 'StatefulSet')).toBe(false);
    expect(r.switches.find((s) => s.path === 'cache.enabled')).toEqual({
      path: 'cache.enabled',
      value: false,
      file: 'shop/values-nocache.yaml',
      line: 2,
      templates: ['shop/charts/cache/templates/statefulset.yaml'],
    });
  });

  it('renders an aliased subchart under its alias, with the values under that key', () => {
    const aliased = new Map(files);
    aliased.set(
      'shop/Chart.yaml',
      files.get('shop/Chart.yaml')!.replace('- name: cache\n', '- name: cache\n    alias: sessions\n'),
    );
    aliased.set('shop/values-sessions.yaml', 'sessions:\n  port: 7000\n');
    const r = renderHelmChart({ chart, files: aliased, valuesFile: 'shop/values-sessions.yaml' });
    expect(find(r, 'StatefulSet', 'release-name-sessions').obj).toMatchObject({
      metadata: { annotations: { template: 'shop/charts/sessions/templates/statefulset.yaml' } },
      spec: { template: { spec: { containers: [{ ports: [{ containerPort: 7000 }] }] } } },
    });
  });

  it('gives .Files, .Template, .Capabilities, tpl and semverCompare their Helm meaning', () => {
    expect(find(base, 'ConfigMap', 'release-name-config').obj.data).toEqual({
      'app.conf': 'listen = 0.0.0.0\n',
      template: 'shop/templates/configmap.yaml',
      kube: 'modern',
      greeting: 'hello release-name',
    });
    expect(base.files).toEqual(
      expect.arrayContaining([
        'shop/Chart.yaml',
        'shop/values.yaml',
        'shop/files/app.conf',
        'shop/templates/_helpers.tpl',
      ]),
    );
    expect(base.files).not.toContain('shop/values-prod.yaml');
    expect(base.files).not.toContain('shop/templates/NOTES.txt');
  });

  it('takes a release name and namespace', () => {
    const r = renderHelmChart({ chart, files, releaseName: 'prod', namespace: 'shop' });
    expect(find(r, 'ConfigMap', 'prod-config').obj.metadata).toMatchObject({ namespace: 'shop' });
  });

  it('is deterministic', () => {
    const again = renderHelmChart({ chart, files });
    expect(JSON.stringify(objects(again))).toBe(JSON.stringify(objects(base)));
    expect(again.switches).toEqual(base.switches);
  });
});

describe('renderHelmChart on a chart in the shape `helm create` scaffolds', () => {
  const webFiles = loadTree(fixtures, 'webapp');
  const webChart = findHelmCharts([...webFiles.keys()])[0]!;
  const r = renderHelmChart({ chart: webChart, files: webFiles });

  it('renders names, labels and the service account through nested helpers', () => {
    expect(r.diagnostics).toEqual([]);
    expect(objects(r).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/release-name-webapp',
      'Ingress/release-name-webapp',
      'Service/release-name-webapp',
      'ServiceAccount/release-name-webapp',
      'Pod/release-name-webapp-test-connection',
    ]);
    const deployment = find(r, 'Deployment', 'release-name-webapp').obj;
    expect(deployment.metadata).toMatchObject({
      labels: { 'helm.sh/chart': 'webapp-0.3.0_build.7', 'app.kubernetes.io/version': '1.16.0' },
    });
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('release-name-webapp');
    expect(deployment.spec.template.spec.containers[0].image).toBe('nginx:1.16.0');
  });

  it('renders nested ranges with outer variables, located at their template lines', () => {
    const { obj, doc } = find(r, 'Ingress', 'release-name-webapp');
    expect(obj.spec.ingressClassName).toBe('nginx');
    const paths = obj.spec.rules[0].http.paths;
    expect(paths.map((p: { path: string }) => p.path)).toEqual(['/', '/api']);
    expect(paths[1].backend.service).toEqual({ name: 'release-name-webapp', port: { number: 80 } });
    const text = webFiles.get('webapp/templates/ingress.yaml')!;
    expect(
      doc.locate(['spec', 'rules', 0, 'http', 'paths', 1, 'backend', 'service', 'port', 'number']),
    ).toEqual({
      file: 'webapp/templates/ingress.yaml',
      line: lineOf(text, 'number: {{ $svcPort }}'),
    });
  });

  it('reports the autoscaler behind autoscaling.enabled, and renders it without replicas once on', () => {
    expect(r.switches.map((s) => [s.path, s.templates])).toEqual([
      ['autoscaling.enabled', ['webapp/templates/hpa.yaml']],
    ]);
    const on = new Map(webFiles);
    on.set('webapp/values-autoscaled.yaml', 'autoscaling:\n  enabled: true\n');
    const scaled = renderHelmChart({
      chart: webChart,
      files: on,
      valuesFile: 'webapp/values-autoscaled.yaml',
    });
    expect(find(scaled, 'HorizontalPodAutoscaler', 'release-name-webapp').obj.spec).toMatchObject({
      minReplicas: 1,
      maxReplicas: 100,
    });
    expect(find(scaled, 'Deployment', 'release-name-webapp').obj.spec.replicas).toBeUndefined();
  });
});
