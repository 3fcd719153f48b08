import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../../src/discover/index.js';
import { type RuleRun, runRules } from '../../../src/review/engine.js';
import { pinnedVersion, variantDrift } from '../../../src/rules/practices/variant-drift.js';
import { corpusPath, corpusTitle } from '../../helpers/corpus.js';
import { messages, review, where } from './helpers.js';

const compose = (services: Record<string, string>) =>
  `services:\n${Object.entries(services)
    .map(([name, body]) => `  ${name}:\n${body}`)
    .join('')}`;

describe('practices/variant-drift', () => {
  it('reads the pinned version of a tag, flavour suffixes aside', () => {
    expect(pinnedVersion('3.6.8-management')).toBe('3.6.8');
    expect(pinnedVersion('v0.10.6')).toBe('0.10.6');
    expect(pinnedVersion('alpine')).toBeUndefined();
    expect(pinnedVersion(undefined)).toBeUndefined();
  });

  it('names the versions and the deployments of each, one finding per service and image', () => {
    const run = review(variantDrift, variantDrift.examples.fail.files);
    expect(messages(run)).toEqual([
      'orders runs 2 different versions of shop/orders across deployments: 1.4.0 (`shop/orders:1.4.0` in deploy/k8s/); 1.2.0 (`shop/orders:1.2.0` in deploy/compose/docker-compose.yml)',
      'orders-db runs 2 different versions of mongo across deployments: 7.0 (`mongo:7.0` in deploy/k8s/); 4.4 (`mongo:4.4` in deploy/compose/docker-compose.yml)',
    ]);
    expect(run.findings.map((f) => f.messageId)).toEqual(['versionDrift', 'versionDrift']);
    expect(where(run)).toEqual([
      ['deploy/compose/docker-compose.yml:2', 'deploy/k8s/orders.yaml:13'],
      ['deploy/compose/docker-compose.yml:4', 'deploy/k8s/orders-db.yaml:14'],
    ]);
  });

  it('does not call a flavour, a build placeholder or an unpinned copy drift', () => {
    const run = review(variantDrift, {
      'a/docker-compose.yml': compose({
        rabbitmq: '    image: rabbitmq:4.1-management\n',
        api: '    image: api\n',
        cache: '    image: redis\n',
      }),
      'b/docker-compose.yml': compose({
        rabbitmq: '    image: rabbitmq:4.1\n',
        api: '    image: registry.example.com/api:2.0.1\n',
        cache: '    image: redis:8.2\n',
      }),
    });
    expect(messages(run)).toEqual([]);
    expect(run.strengths.map((s) => s.message)).toEqual([
      'The 2 images deployed by more than one deployment variant pin the same version in every variant',
    ]);
  });

  it('leaves test deployments out', () => {
    const run = review(variantDrift, {
      'deploy/docker-compose.yml': compose({ orders: '    image: shop/orders:1.4.0\n' }),
      'e2e-tests/docker-compose.yml': compose({ orders: '    image: shop/orders:1.1.0\n' }),
    });
    expect(messages(run)).toEqual([]);
  });

  it('reports variants that implement different designs: a broker and its async path in one variant only', () => {
    const run = review(variantDrift, {
      'async/docker-compose.yml': compose({
        orders: '    image: shop/orders:1.4.0\n    environment:\n      SHIPPING_URL: http://shipping:8080\n',
        shipping: '    image: shop/shipping:1.4.0\n    environment:\n      AMQP_URL: amqp://rabbitmq:5672\n',
        rabbitmq: '    image: rabbitmq:4.1\n',
      }),
      'sync/docker-compose.yml': compose({
        orders: '    image: shop/orders:1.4.0\n    environment:\n      SHIPPING_URL: http://shipping:8080\n',
        shipping: '    image: shop/shipping:1.4.0\n',
      }),
    });
    expect(messages(run)).toEqual([
      'Deployment variants implement different designs: async/docker-compose.yml runs the broker rabbitmq (used by shipping), while sync/docker-compose.yml runs shipping without it',
    ]);
    expect(run.findings.map((f) => f.messageId)).toEqual(['brokerDrift']);
  });
});

describe.skipIf(!existsSync(corpusPath('sock-shop')))(
  corpusTitle('Sock Shop variant drift', 'sock-shop'),
  () => {
    let run: RuleRun;
    beforeAll(async () => {
      run = runRules(await discoverDirectory(corpusPath('sock-shop')), { rules: {} }, [variantDrift]);
    });

    it('reports the MongoDB, user and user-db versions that differ between the Kubernetes, Helm and compose copies', () => {
      expect(run.findings.map((f) => [f.element, f.data?.versions])).toEqual([
        [
          'drift:carts-db:mongo',
          {
            '4.4.0': ['helm:deploy/kubernetes/helm-chart'],
            '3.4': [
              'compose:deploy/docker-compose/docker-compose.yml',
              'compose:deploy/docker-compose/docker-compose.yml+docker-compose.logging.yml',
            ],
            unpinned: [
              'bundle:deploy/kubernetes/complete-demo.yaml',
              'manifests:deploy/kubernetes/manifests',
            ],
          },
        ],
        [
          'drift:orders-db:mongo',
          expect.objectContaining({ '4.4.0': ['helm:deploy/kubernetes/helm-chart'] }),
        ],
        [
          'drift:user:weaveworksdemos/user',
          expect.objectContaining({
            '0.4.4': [
              'compose:deploy/docker-compose/docker-compose.yml',
              'compose:deploy/docker-compose/docker-compose.yml+docker-compose.logging.yml',
            ],
          }),
        ],
        [
          'drift:user-db:weaveworksdemos/user-db',
          expect.objectContaining({
            '0.3.0': ['bundle:deploy/kubernetes/complete-demo.yaml', 'manifests:deploy/kubernetes/manifests'],
          }),
        ],
      ]);
    });
  },
);

describe.skipIf(!existsSync(corpusPath('microservices-demo')))(
  corpusTitle('Online Boutique variant drift', 'microservices-demo'),
  () => {
    it('finds none: kubernetes-manifests/ holds build placeholders, every released copy pins v0.10.6', async () => {
      const run = runRules(await discoverDirectory(corpusPath('microservices-demo')), { rules: {} }, [
        variantDrift,
      ]);
      expect(messages(run)).toEqual([]);
    });
  },
);
