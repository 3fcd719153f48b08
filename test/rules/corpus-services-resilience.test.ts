/**
 * The services and resilience rules on two real systems, Online Boutique and Sock Shop, as their manifests are
 * in ../shared/corpus. Every finding here was checked by hand against the manifests; the assertions pin the
 * true findings and the absence of the false ones that earlier versions of the rules (or a naive reading) made.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverDirectory, discoverWalked, walkRepository } from '../../src/discover/index.js';
import { formatSource } from '../../src/model/provenance.js';
import type { RuleRun } from '../../src/review/engine.js';
import { runRules } from '../../src/review/engine.js';
import { resilienceRules } from '../../src/rules/resilience/index.js';
import { servicesRules } from '../../src/rules/services/index.js';
import { boutiquePlainManifests, sockShopApplication } from '../helpers/corpus.js';

const corpus = path.resolve(__dirname, '../../../shared/corpus');
const boutiqueDir = path.join(corpus, 'microservices-demo');
const sockShopDir = path.join(corpus, 'sock-shop');
const rules = [...servicesRules, ...resilienceRules];

const byRule = (run: RuleRun, id: string) => run.findings.filter((f) => f.ruleId === id);
const strength = (run: RuleRun, id: string) => run.strengths.find((s) => s.ruleId === id)?.message;

describe.skipIf(!existsSync(boutiqueDir))('Online Boutique (shared/corpus/microservices-demo)', () => {
  let run: RuleRun;
  beforeAll(async () => {
    run = runRules(await discoverDirectory(boutiqueDir, boutiquePlainManifests), { rules: {} }, rules);
  });

  it('reports no services smell: the frontend and checkout fan out by design, redis-cart serves only the cart', () => {
    expect(run.findings.filter((f) => f.area === 'services').map((f) => f.message)).toEqual([]);
    expect(strength(run, 'services/dependency-cycle')).toMatch(/has no cycles/);
    expect(strength(run, 'services/hub-service')).toMatch(/^No hub services/);
    expect(strength(run, 'services/missing-api-gateway')).toBe(
      'External traffic enters through a single service (frontend)',
    );
  });

  it('does not count the load generator as the start of a call chain (frontend → checkout → cart is 2 hops)', () => {
    expect(strength(run, 'services/deep-sync-chain')).toBe(
      'The deepest synchronous call chain is 2 hops, within the limit of 4',
    );
  });

  it('credits the probes: every serving Deployment has both; loadgenerator serves nothing and is not counted', () => {
    expect(byRule(run, 'resilience/missing-readiness-probe')).toEqual([]);
    expect(byRule(run, 'resilience/missing-liveness-probe')).toEqual([]);
    expect(strength(run, 'resilience/missing-readiness-probe')).toBe(
      'All 11 Deployments that serve traffic declare readiness probes',
    );
  });

  it('does not treat redis-cart (a cache) as an unreplicated stateful store', () => {
    expect(byRule(run, 'resilience/unreplicated-datastore')).toEqual([]);
    expect(byRule(run, 'resilience/queue-without-dead-letter')).toEqual([]);
    expect(byRule(run, 'resilience/missing-disruption-budget')).toEqual([]);
  });

  it('reports the Istio VirtualService for frontend: no timeout and no outlier detection', () => {
    const timeouts = byRule(run, 'resilience/missing-timeouts');
    expect(timeouts.map((f) => [f.message, f.locations.map(formatSource)])).toEqual([
      [
        'Istio VirtualService frontend routes to frontend with no timeout (Istio sets none by default) and no DestinationRule with outlierDetection or connectionPool for frontend (no circuit breaking)',
        ['release/istio-manifests.yaml:29'],
      ],
    ]);
  });

  it('has no availability finding without a declared target', () => {
    expect(byRule(run, 'resilience/availability-budget')).toEqual([]);
  });

  describe('with a declared 99.9% target', () => {
    async function withManifest(manifest: string): Promise<RuleRun> {
      const walked = await walkRepository(boutiqueDir, boutiquePlainManifests);
      walked.files.push({ path: 'plumbline.yaml', text: manifest, bytes: Buffer.byteLength(manifest) });
      const discovery = discoverWalked(walked, boutiqueDir, boutiquePlainManifests);
      return runRules(discovery, { rules: {} }, resilienceRules);
    }

    it('computes a declared checkout path: 0.995³ = 98.5075%, two replicas each would reach it', async () => {
      const r = await withManifest(
        'system: online-boutique\nrequirements:\n  availabilityTarget: "99.9%"\ncriticalPaths:\n  checkout: [frontend, checkoutservice, paymentservice]\n',
      );
      const [f] = byRule(r, 'resilience/availability-budget');
      expect(f?.data?.composite).toBeCloseTo(0.985074875, 12);
      expect(f?.data?.target).toBe(0.999);
      expect(f?.data?.replicaFloorNeeded).toBe(2);
      expect(f?.message).toContain('computes to 98.5075% against the 99.9% target');
      expect(f?.locations.map(formatSource)).toContain('plumbline.yaml:5');
    });

    it('without declared paths, takes the longest sync chain from the public entry and adds the store it calls', async () => {
      const r = await withManifest('system: online-boutique\nrequirements:\n  availabilityTarget: 0.999\n');
      const [f] = byRule(r, 'resilience/availability-budget');
      expect(f?.data?.services).toEqual(['frontend', 'checkoutservice', 'cartservice']);
      const components = f?.data?.components as { id: string; replicas: number }[];
      expect(components.map((c) => c.id)).toEqual([
        'frontend',
        'checkoutservice',
        'cartservice',
        'redis-cart',
      ]);
      expect(f?.data?.composite).toBeCloseTo(0.995 ** 4, 12);
    });
  });
});

describe.skipIf(!existsSync(sockShopDir))('Sock Shop (shared/corpus/sock-shop)', () => {
  let run: RuleRun;
  beforeAll(async () => {
    run = runRules(await discoverDirectory(sockShopDir, sockShopApplication), { rules: {} }, rules);
  });

  const workloadsOf = (id: string) =>
    byRule(run, id)
      .map((f) => String(f.data?.workload).split('/').pop())
      .sort();

  it('reports the ten Deployments without readiness and liveness probes, and not the four that have them', () => {
    const missing = [
      'carts',
      'carts-db',
      'catalogue-db',
      'orders',
      'orders-db',
      'queue-master',
      'rabbitmq',
      'session-db',
      'shipping',
      'user-db',
    ];
    expect(workloadsOf('resilience/missing-readiness-probe')).toEqual(missing);
    expect(workloadsOf('resilience/missing-liveness-probe')).toEqual(missing);
    const carts = byRule(run, 'resilience/missing-readiness-probe').find(
      (f) => f.data?.workload === 'Deployment/sock-shop/carts',
    );
    expect(carts?.locations.map(formatSource)).toEqual(['deploy/kubernetes/manifests/01-carts-dep.yaml:20']);
  });

  it('reports the single-replica databases and broker with no volume, but not the session cache', () => {
    const stores = byRule(run, 'resilience/unreplicated-datastore').map((f) => [
      f.data?.datastore,
      f.severity,
    ]);
    expect(stores.sort()).toEqual([
      ['carts-db', 'high'],
      ['catalogue-db', 'high'],
      ['orders-db', 'high'],
      ['rabbitmq', 'medium'],
      ['user-db', 'high'],
    ]);
  });

  it('reports RabbitMQ with no dead-letter configuration', () => {
    const [f, ...rest] = byRule(run, 'resilience/queue-without-dead-letter');
    expect(rest).toEqual([]);
    expect(f?.message).toMatch(/^RabbitMQ rabbitmq is deployed \(Deployment sock-shop\/rabbitmq\)/);
    expect(f?.locations.map(formatSource)).toContain('deploy/kubernetes/manifests/19-rabbitmq-dep.yaml:2');
  });

  it('does not call the compose edge-router plus the Kubernetes front-end NodePort a missing gateway', () => {
    // They are two alternative deployments, each with one entry point; edge-router is the compose edge.
    expect(byRule(run, 'services/missing-api-gateway')).toEqual([]);
    expect(strength(run, 'services/missing-api-gateway')).toBe(
      'External traffic enters through a single service (front-end)',
    );
  });

  it('reports no services smell and no timeout finding (nothing declares client or mesh timeouts)', () => {
    expect(run.findings.filter((f) => f.area === 'services').map((f) => f.message)).toEqual([]);
    expect(byRule(run, 'resilience/missing-timeouts')).toEqual([]);
    expect(byRule(run, 'resilience/missing-disruption-budget')).toEqual([]);
  });
});
