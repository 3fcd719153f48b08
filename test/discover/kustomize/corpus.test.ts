/**
 * The Kustomize builder on Online Boutique's real trees (shared corpus): its root kustomization, base, components
 * and tests/ kustomizations, and the plain kubernetes-manifests/ kustomization. Skips when the corpus is absent.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildKustomization,
  findKustomizations,
  type KustomizeLayout,
} from '../../../src/discover/kustomize/index.js';
import type { StructuredDocument } from '../../../src/discover/parse/structured.js';
import { corpusPath, corpusTitle } from '../../helpers/corpus.js';

const boutique = corpusPath('microservices-demo');
const rootKustomization = 'microservices-demo/kustomize/kustomization.yaml';

function readTree(root: string, rel: string, out: Map<string, string>): Map<string, string> {
  for (const name of readdirSync(path.join(root, rel)).sort()) {
    const r = `${rel}/${name}`;
    if (statSync(path.join(root, r)).isDirectory()) readTree(root, r, out);
    else out.set(r, readFileSync(path.join(root, r), 'utf8'));
  }
  return out;
}

type Obj = {
  kind: string;
  metadata: { name: string };
  spec: {
    template: {
      spec: { containers: { name: string; image: string; env?: { name: string; value?: string }[] }[] };
    };
  };
};

const objects = (docs: StructuredDocument[], kind: string) =>
  docs.filter((d) => (d.data as Obj).kind === kind).map((d) => d.data as Obj);
const named = (docs: StructuredDocument[], kind: string, name: string) =>
  docs.find((d) => (d.data as Obj).kind === kind && (d.data as Obj).metadata.name === name);
const envOf = (doc: StructuredDocument | undefined) =>
  Object.fromEntries(
    ((doc!.data as Obj).spec.template.spec.containers[0]!.env ?? []).map((e) => [e.name, e.value]),
  );

describe.skipIf(!existsSync(corpusPath(rootKustomization)))(
  corpusTitle('Kustomize on Online Boutique', rootKustomization),
  () => {
    let files: Map<string, string>;
    let layout: KustomizeLayout | undefined;
    beforeAll(() => {
      files = readTree(boutique, 'kubernetes-manifests', readTree(boutique, 'kustomize', new Map()));
      layout = findKustomizations(files);
    });
    const tests = [
      'kustomize/tests/memorystore-with-all-components',
      'kustomize/tests/service-mesh-istio-with-all-components',
      'kustomize/tests/spanner-with-all-components',
    ];

    it('finds the deployments: the root, the plain manifests and the three tests/ kustomizations; base is included', () => {
      expect(layout!.roots).toEqual(['kubernetes-manifests', 'kustomize', ...tests]);
      expect(layout!.included).toEqual(['kustomize/base']);
    });

    it('knows which components only the tests/ kustomizations enable and which no root enables (options)', () => {
      const enabled = Object.fromEntries(layout!.components.map((c) => [path.basename(c.dir), c.enabledBy]));
      expect(Object.keys(enabled)).toHaveLength(15);
      expect(enabled['network-policies']).toEqual(tests);
      expect(enabled['cymbal-branding']).toEqual(tests);
      expect(enabled.memorystore).toEqual([tests[0]]);
      expect(enabled['service-mesh-istio']).toEqual([tests[1]]);
      expect(enabled.spanner).toEqual([tests[2]]);
      const options = Object.entries(enabled)
        .filter(([, by]) => by.length === 0)
        .map(([name]) => name);
      expect(options).toEqual([
        'alloydb',
        'container-images-registry',
        'container-images-tag',
        'container-images-tag-suffix',
        'custom-base-url',
        'non-public-frontend',
        'shopping-assistant',
        'single-shared-session',
        'without-loadgenerator',
      ]);
      // the root kustomization's components are all commented out
      for (const c of layout!.components) expect(c.enabledBy).not.toContain('kustomize');
    });

    it('builds the root into the same Deployments as base, with base images located in base files', () => {
      const root = buildKustomization(files, 'kustomize');
      const base = buildKustomization(files, 'kustomize/base');
      expect(root.diagnostics).toEqual([]);
      const deployments = objects(root.documents, 'Deployment');
      expect(deployments).toEqual(objects(base.documents, 'Deployment'));
      expect(deployments.map((d) => d.metadata.name)).toEqual([
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
      const frontend = named(root.documents, 'Deployment', 'frontend')!;
      expect((frontend.data as Obj).spec.template.spec.containers[0]!.image).toBe(
        'us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/frontend:v0.10.6',
      );
      expect(frontend.locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toMatchObject({
        file: 'kustomize/base/frontend.yaml',
        line: 47,
      });
      expect(objects(root.documents, 'NetworkPolicy')).toEqual([]);
      expect(layout!.members.get('kustomize')).toContain('kustomize/base/frontend.yaml');
    });

    it('builds kubernetes-manifests/: the services without the load generator', () => {
      const build = buildKustomization(files, 'kubernetes-manifests');
      expect(build.diagnostics).toEqual([]);
      const names = objects(build.documents, 'Deployment').map((d) => d.metadata.name);
      expect(names).toHaveLength(11);
      expect(names).not.toContain('loadgenerator');
      expect(build.files).toHaveLength(11);
    });

    it('applies the components of a tests/ kustomization: memorystore swaps redis-cart for Memorystore', () => {
      const build = buildKustomization(files, tests[0]!);
      expect(build.diagnostics).toEqual([]);
      expect(named(build.documents, 'Deployment', 'redis-cart')).toBeUndefined();
      expect(named(build.documents, 'Service', 'redis-cart')).toBeUndefined();
      expect(objects(build.documents, 'NetworkPolicy')).toHaveLength(13);
      const cart = named(build.documents, 'Deployment', 'cartservice')!;
      expect(envOf(cart).REDIS_ADDR).toBe('REDIS_CONNECTION_STRING');
      const env = (cart.data as Obj).spec.template.spec.containers[0]!.env!;
      const i = env.findIndex((e) => e.name === 'REDIS_ADDR');
      expect(cart.locate(['spec', 'template', 'spec', 'containers', 0, 'env', i, 'value'])).toMatchObject({
        file: 'kustomize/components/memorystore/kustomization.yaml',
        line: 31,
      });
      // google-cloud-operations deletes DISABLE_PROFILER from currencyservice and adds the collector
      const currency = envOf(named(build.documents, 'Deployment', 'currencyservice'));
      expect(currency.DISABLE_PROFILER).toBeUndefined();
      expect(currency.COLLECTOR_SERVICE_ADDR).toBe('opentelemetrycollector:4317');
      expect(named(build.documents, 'Deployment', 'opentelemetrycollector')).toBeDefined();
    });

    it('spanner removes REDIS_ADDR by $patch: delete and the mesh component deletes frontend-external', () => {
      const spanner = buildKustomization(files, tests[2]!);
      const cart = envOf(named(spanner.documents, 'Deployment', 'cartservice'));
      expect(cart.REDIS_ADDR).toBeUndefined();
      expect(cart.SPANNER_CONNECTION_STRING).toContain('projects/');
      const mesh = buildKustomization(files, tests[1]!);
      expect(named(mesh.documents, 'Service', 'frontend-external')).toBeUndefined();
      expect(named(mesh.documents, 'VirtualService', 'frontend')).toBeDefined();
    });

    it('evaluates options on request: shopping-assistant, custom-base-url and without-loadgenerator', () => {
      const build = buildKustomization(files, 'kustomize', {
        components: [
          'kustomize/components/shopping-assistant',
          'kustomize/components/custom-base-url',
          'kustomize/components/without-loadgenerator',
        ],
      });
      expect(build.diagnostics).toEqual([]);
      expect(named(build.documents, 'Deployment', 'shoppingassistantservice')).toBeDefined();
      expect(named(build.documents, 'Deployment', 'loadgenerator')).toBeUndefined();
      const frontend = named(build.documents, 'Deployment', 'frontend')!;
      expect(envOf(frontend)).toMatchObject({ ENABLE_ASSISTANT: 'true', BASE_URL: '/online-boutique' });
      expect(
        frontend.locate(['spec', 'template', 'spec', 'containers', 0, 'livenessProbe', 'httpGet', 'path']),
      ).toEqual({ file: 'kustomize/components/custom-base-url/kustomization.yaml', line: 29, column: 7 });
      // the option does not change the cached default build
      expect(
        named(buildKustomization(files, 'kustomize').documents, 'Deployment', 'loadgenerator'),
      ).toBeDefined();
    });

    it('image components retag and re-home every image', () => {
      const build = buildKustomization(files, 'kustomize', {
        components: [
          'kustomize/components/container-images-tag',
          'kustomize/components/container-images-tag-suffix',
          'kustomize/components/container-images-registry',
        ],
      });
      const images = objects(build.documents, 'Deployment').flatMap((d) =>
        d.spec.template.spec.containers.map((c) => c.image),
      );
      // the suffix component appends to the tag the tag component set
      expect(images).toContain(
        'CONTAINER_IMAGES_REGISTRY/frontend:CONTAINER_IMAGES_TAGCONTAINER_IMAGES_TAG_SUFFIX',
      );
      expect(images).toContain('CONTAINER_IMAGES_REGISTRY/redis:alpine');
    });

    it('stays fast: a fresh layout with five root builds', () => {
      const fresh = new Map(files);
      const started = performance.now();
      findKustomizations(fresh);
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(5000);
    });
  },
);
