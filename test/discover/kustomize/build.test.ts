import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKustomization, findKustomizations } from '../../../src/discover/kustomize/index.js';
import type { PathSegment, StructuredDocument } from '../../../src/discover/parse/structured.js';

const fixtures = path.resolve(__dirname, '../../fixtures/kustomize');

function readTree(root: string, rel = '', out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(path.join(root, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(root, r)).isDirectory()) readTree(root, r, out);
    else out.set(r, readFileSync(path.join(root, r), 'utf8'));
  }
  return out;
}

const files = readTree(fixtures);

/** 1-based line of the first line of `file` holding `needle` (after line `after`). */
function lineOf(file: string, needle: string, after = 0): number {
  const lines = files.get(file)!.split('\n');
  const i = lines.findIndex((l, n) => n >= after && l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

type Obj = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: unknown };

function find(docs: StructuredDocument[], kind: string, name: string): StructuredDocument {
  const doc = docs.find((d) => (d.data as Obj).kind === kind && (d.data as Obj).metadata.name === name);
  if (!doc) throw new Error(`${kind} ${name} not built`);
  return doc;
}

function at(doc: StructuredDocument, p: PathSegment[]) {
  const { file, line } = doc.locate(p);
  return { file, line };
}

const names = (docs: StructuredDocument[]) =>
  docs.map((d) => `${(d.data as Obj).kind}/${(d.data as Obj).metadata.name}`);

describe('findKustomizations', () => {
  const layout = findKustomizations(files);

  it('tells deployments (roots) from included bases and components, and who enables each component', () => {
    expect(layout.roots).toEqual(['broken', 'overlays/production', 'overlays/staging']);
    expect(layout.included).toEqual(['addons/metrics', 'addons/metrics/redis', 'base']);
    expect(layout.components).toEqual([
      { dir: 'components/debug', enabledBy: [] },
      { dir: 'components/network-policy', enabledBy: ['overlays/production'] },
    ]);
  });

  it('lists every file a root build reads, so plain-manifest discovery can skip them', () => {
    expect(layout.members.get('overlays/staging')).toEqual([
      'base/deployment.yaml',
      'base/kustomization.yaml',
      'base/service.yaml',
      'base/web.env',
      'overlays/staging/kustomization.yaml',
      'overlays/staging/web-patch.yaml',
    ]);
    const production = layout.members.get('overlays/production')!;
    expect(production).toContain('addons/metrics/redis/redis.yaml');
    expect(production).toContain('components/network-policy/policy.yaml');
    expect(production).not.toContain('components/debug/kustomization.yaml');
  });
});

describe('buildKustomization: staging overlay (prefix, namespace, images, replicas, strategic merge)', () => {
  const build = buildKustomization(files, 'overlays/staging');
  const deployment = find(build.documents, 'Deployment', 'staging-web');
  const data = deployment.data as {
    metadata: { namespace: string };
    spec: {
      replicas: number;
      selector: { matchLabels: Record<string, string> };
      template: {
        spec: { serviceAccountName: string; containers: Record<string, unknown>[]; volumes: unknown[] };
      };
    };
  };
  const pod = data.spec.template.spec;

  it('builds the base through the overlay, in kustomize order, without diagnostics', () => {
    expect(build.diagnostics).toEqual([]);
    expect(names(build.documents)).toEqual([
      'ServiceAccount/staging-web',
      'ConfigMap/staging-web-config-hb5hgdtkmt',
      'Service/staging-web',
      'Deployment/staging-web',
    ]);
  });

  it('sets namespace, replicas and image where the kustomization says, located at its lines', () => {
    const k = 'overlays/staging/kustomization.yaml';
    expect(data.metadata.namespace).toBe('staging');
    expect(at(deployment, ['metadata', 'namespace'])).toEqual({
      file: k,
      line: lineOf(k, 'namespace: staging'),
    });
    expect(data.spec.replicas).toBe(2);
    expect(at(deployment, ['spec', 'replicas'])).toEqual({ file: k, line: lineOf(k, 'count: 2') });
    expect(pod.containers[0]!.image).toBe('registry.example.com/shop/web:1.1');
    expect(at(deployment, ['spec', 'template', 'spec', 'containers', 0, 'image'])).toEqual({
      file: k,
      line: lineOf(k, 'newTag'),
    });
  });

  it('merges containers and env by name, deletes with $patch: delete, and locates patched fields in the patch', () => {
    const patch = 'overlays/staging/web-patch.yaml';
    expect(pod.containers.map((c) => c.name)).toEqual(['web']);
    expect(pod.containers[0]!.env).toEqual([{ name: 'MODE', value: 'staging' }]);
    expect(pod.containers[0]!.resources).toEqual({ limits: { memory: '256Mi' } });
    expect(at(deployment, ['spec', 'template', 'spec', 'containers', 0, 'env', 0, 'value'])).toEqual({
      file: patch,
      line: lineOf(patch, 'value: staging'),
    });
    expect(at(deployment, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits'])).toEqual({
      file: patch,
      line: lineOf(patch, 'limits:'),
    });
    // untouched fields keep the resource file's line
    expect(
      at(deployment, ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort']),
    ).toEqual({
      file: 'base/deployment.yaml',
      line: lineOf('base/deployment.yaml', 'containerPort: 8080'),
    });
    expect(deployment.file).toBe('base/deployment.yaml');
    expect(deployment.startLine).toBe(1);
  });

  it('prefixes names and follows references, but leaves selectors to labels', () => {
    expect(pod.serviceAccountName).toBe('staging-web');
    expect(pod.containers[0]!.envFrom).toEqual([{ configMapRef: { name: 'staging-web-config-hb5hgdtkmt' } }]);
    expect(pod.volumes).toEqual([{ name: 'config', configMap: { name: 'staging-web-config-hb5hgdtkmt' } }]);
    const service = find(build.documents, 'Service', 'staging-web').data as { spec: { selector: unknown } };
    expect(service.spec.selector).toEqual({ app: 'web', 'app.kubernetes.io/part-of': 'shop' });
    // the renamed object's name still points at its resource file
    expect(at(deployment, ['metadata', 'name'])).toEqual({
      file: 'base/deployment.yaml',
      line: lineOf('base/deployment.yaml', 'name: web'),
    });
  });

  it('applies commonLabels to metadata, selectors and pod templates, located at the base kustomization', () => {
    expect(data.spec.selector.matchLabels).toEqual({ app: 'web', 'app.kubernetes.io/part-of': 'shop' });
    expect(at(deployment, ['spec', 'selector', 'matchLabels', 'app.kubernetes.io/part-of']).file).toBe(
      'base/kustomization.yaml',
    );
  });

  it('generates the ConfigMap from literals and env files, with kustomize hash and per-key provenance', () => {
    const cm = find(build.documents, 'ConfigMap', 'staging-web-config-hb5hgdtkmt');
    expect(cm.data).toMatchObject({
      data: { LOG_LEVEL: 'info', FEATURE_X: 'on', CACHE_TTL: '60', UPSTREAM: 'http://catalog:8080' },
    });
    expect(at(cm, ['data', 'CACHE_TTL'])).toEqual({ file: 'base/web.env', line: 2 });
    expect(at(cm, ['data', 'LOG_LEVEL'])).toEqual({
      file: 'base/kustomization.yaml',
      line: lineOf('base/kustomization.yaml', 'LOG_LEVEL=info'),
    });
  });
});

describe('buildKustomization: production overlay (nested bases, component, JSON 6902, digest, merge generator)', () => {
  const build = buildKustomization(files, 'overlays/production');
  const k = 'overlays/production/kustomization.yaml';

  it('reads nested bases and the enabled component', () => {
    expect(build.diagnostics).toEqual([]);
    expect(names(build.documents)).toEqual([
      'ServiceAccount/web',
      'ConfigMap/web-config-mkb9762ckc',
      'Service/redis-cache',
      'Service/web',
      'Deployment/exporter',
      'Deployment/web',
      'StatefulSet/redis-cache',
      'PodDisruptionBudget/web',
      'NetworkPolicy/web',
    ]);
    // the nested base's suffix follows the StatefulSet's serviceName reference
    const redis = find(build.documents, 'StatefulSet', 'redis-cache').data as {
      spec: { serviceName: string };
    };
    expect(redis.spec.serviceName).toBe('redis-cache');
  });

  it('applies a JSON 6902 patch selected by label, located in the inline patch of the kustomization', () => {
    const web = find(build.documents, 'Deployment', 'web');
    const spec = (
      web.data as { spec: { replicas: number; template: { spec: { containers: { args?: string[] }[] } } } }
    ).spec;
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.containers[0]!.args).toEqual(['--tls']);
    expect(at(web, ['spec', 'replicas'])).toEqual({ file: k, line: lineOf(k, 'value: 3') });
    expect(at(web, ['spec', 'template', 'spec', 'containers', 0, 'args'])).toEqual({
      file: k,
      line: lineOf(k, 'value: ["--tls"]'),
    });
    // the exporter has no app=web label
    const exporter = find(build.documents, 'Deployment', 'exporter').data as { spec: { replicas?: number } };
    expect(exporter.spec.replicas).toBeUndefined();
  });

  it('replaces name and pins the digest; the component patch adds the policy label to the pod template', () => {
    const web = find(build.documents, 'Deployment', 'web');
    const template = (
      web.data as {
        spec: { template: { metadata: { labels: object }; spec: { containers: { image: string }[] } } };
      }
    ).spec.template;
    expect(template.spec.containers[0]!.image).toBe(
      'registry.example.com/shop/web-prod@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
    expect(template.metadata.labels).toMatchObject({ 'network-policy': 'web' });
    const component = 'components/network-policy/kustomization.yaml';
    expect(at(web, ['spec', 'template', 'metadata', 'labels', 'network-policy'])).toEqual({
      file: component,
      line: lineOf(component, 'network-policy: web'),
    });
  });

  it('merges the overlay generator into the base ConfigMap and namespaces everything', () => {
    const cm = find(build.documents, 'ConfigMap', 'web-config-mkb9762ckc');
    expect((cm.data as { data: object }).data).toMatchObject({ LOG_LEVEL: 'warn', CACHE_TTL: '60' });
    expect(at(cm, ['data', 'LOG_LEVEL'])).toEqual({ file: k, line: lineOf(k, 'LOG_LEVEL=warn') });
    for (const d of build.documents) expect((d.data as Obj).metadata.namespace).toBe('shop');
  });

  it('enables an option on request: the debug component adds an env var', () => {
    const withDebug = buildKustomization(files, 'overlays/production', { components: ['components/debug'] });
    const web = find(withDebug.documents, 'Deployment', 'web');
    const env = (web.data as { spec: { template: { spec: { containers: { env: { name: string }[] }[] } } } })
      .spec.template.spec.containers[0]!.env;
    expect(env.map((e) => e.name)).toEqual(['MODE', 'DEBUG', 'DEBUG_ENDPOINTS']);
    expect(at(web, ['spec', 'template', 'spec', 'containers', 0, 'env', 2])).toEqual({
      file: 'components/debug/kustomization.yaml',
      line: lineOf('components/debug/kustomization.yaml', 'value:'),
    });
    expect(withDebug.files).toContain('components/debug/kustomization.yaml');
  });
});

describe('buildKustomization: what it cannot build', () => {
  const k = 'broken/kustomization.yaml';
  const build = buildKustomization(files, 'broken');

  it('names remote, missing and escaping resources, bad patches and helm charts by file and line; the rest builds', () => {
    expect(names(build.documents)).toEqual(['Deployment/worker']);
    const byLine = build.diagnostics.map((d) => [d.severity, d.file, d.line, d.message]);
    expect(byLine).toEqual([
      [
        'info',
        k,
        lineOf(k, 'helmCharts'),
        'helmCharts are not inflated by the Kustomize builder: the charts are read by the Helm renderer',
      ],
      [
        'warning',
        k,
        lineOf(k, 'https://github.com'),
        'remote resource https://github.com/example/platform//deploy/base?ref=v1.2.0 is not fetched',
      ],
      ['error', k, lineOf(k, 'missing.yaml'), 'resource missing.yaml not found (broken/missing.yaml)'],
      [
        'error',
        k,
        lineOf(k, 'outside.yaml'),
        'resource ../../outside.yaml is outside the repository root; not read',
      ],
      [
        'error',
        k,
        lineOf(k, 'op: replace'),
        'JSON patch on Deployment worker: path "/spec/template/spec/containers/5/image" does not exist',
      ],
      ['error', k, lineOf(k, 'apiVersion: apps/v1'), 'patch target Deployment ghost is not in the build'],
    ]);
    expect(build.files).toEqual(['broken/kustomization.yaml', 'broken/worker.yaml']);
  });

  it('reports a cycle instead of looping', () => {
    const cyclic = new Map([
      ['a/kustomization.yaml', 'resources:\n  - ../b\n'],
      ['b/kustomization.yaml', 'resources:\n  - ../a\n  - cm.yaml\n'],
      ['b/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n'],
    ]);
    const result = buildKustomization(cyclic, 'a');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        file: 'b/kustomization.yaml',
        line: 2,
        message: 'kustomization cycle: a -> b -> a',
      }),
    ]);
    expect(names(result.documents)).toEqual(['ConfigMap/x']);
    expect(findKustomizations(cyclic).roots).toEqual([]);
  });
});
