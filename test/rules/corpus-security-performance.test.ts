/**
 * The security, performance and practices rules on two real systems, checked by hand against their manifests:
 * Online Boutique (hardened securityContexts everywhere, build-placeholder images, no NetworkPolicies, one
 * replica each) and Sock Shop (a literal MySQL password, the Docker socket in compose, a NetworkPolicy typo
 * `name: cart` for the `carts` pods, untagged mongo images, stores without resources).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DiscoverOptions, discoverDirectory } from '../../src/discover/index.js';
import { type RuleRun, runRules } from '../../src/review/engine.js';
import { performanceRules } from '../../src/rules/performance/index.js';
import { practicesRules } from '../../src/rules/practices/index.js';
import { securityRules } from '../../src/rules/security/index.js';
import { boutiquePlainManifests, sockShopApplication } from '../helpers/corpus.js';

const corpus = path.resolve(__dirname, '../../../shared/corpus');
const boutique = path.join(corpus, 'microservices-demo');
const sockShop = path.join(corpus, 'sock-shop');
const rules = [...securityRules, ...performanceRules, ...practicesRules];

async function review(dir: string, options: DiscoverOptions): Promise<RuleRun> {
  return runRules(await discoverDirectory(dir, options), { rules: {} }, rules);
}

const of = (run: RuleRun, ruleId: string) => run.findings.filter((f) => f.ruleId === ruleId);
const where = (run: RuleRun, ruleId: string) =>
  of(run, ruleId).map((f) => `${f.locations[0]?.file}:${f.locations[0]?.line}`);
const strength = (run: RuleRun, ruleId: string) => run.strengths.find((s) => s.ruleId === ruleId)?.message;

describe.skipIf(!existsSync(boutique))('Online Boutique (corpus/microservices-demo is required)', () => {
  let run: RuleRun;
  beforeAll(async () => {
    run = await review(boutique, boutiquePlainManifests);
  });

  it('reports no hardening findings: every pod sets runAsNonRoot, drops ALL, read-only root, no escalation', () => {
    for (const id of [
      'security/container-runs-as-root',
      'security/capabilities-not-dropped',
      'security/privilege-escalation-allowed',
      'security/writable-root-filesystem',
      'security/privileged-container',
      'security/host-namespaces',
      'security/plaintext-secret',
    ])
      expect(of(run, id), id).toEqual([]);
    expect(strength(run, 'security/container-runs-as-root')).toBe('All 13 containers run as a non-root user');
  });

  it('treats `image: frontend`-style build placeholders as such, and frontend-external as an app on purpose', () => {
    expect(of(run, 'security/mutable-image-tag')).toEqual([]);
    expect(strength(run, 'security/mutable-image-tag')).toContain('11 more are build placeholders');
    expect(of(run, 'security/datastore-publicly-exposed')).toEqual([]);
  });

  it('reports the missing NetworkPolicies once', () => {
    expect(of(run, 'security/missing-network-policy').map((f) => f.message)).toEqual([
      'No NetworkPolicy in the system: 12 Kubernetes workloads (namespace default) accept traffic from every pod in the cluster',
    ]);
  });

  it('reports the ten application services running one replica, not redis-cart or the load generator', () => {
    const workloads = of(run, 'performance/single-replica').map((f) => f.data?.workload);
    expect(workloads).toEqual(
      [
        'adservice',
        'cartservice',
        'checkoutservice',
        'currencyservice',
        'emailservice',
        'frontend',
        'paymentservice',
        'productcatalogservice',
        'recommendationservice',
        'shippingservice',
      ].map((n) => `Deployment/default/${n}`),
    );
    expect(of(run, 'performance/missing-resources')).toEqual([]);
  });

  it('reports the synchronous confirmation email from checkout', () => {
    expect(where(run, 'performance/synchronous-side-work')).toEqual([
      'kubernetes-manifests/checkoutservice.yaml:63',
    ]);
  });

  it('practices: probes and protos are strengths; CI, tests and ADRs are absent from this copy (info)', () => {
    expect(strength(run, 'practices/health-endpoints')).toBe(
      'All 10 application services expose a health endpoint',
    );
    expect(strength(run, 'practices/api-specs')).toMatch(/keep a specification/);
    for (const id of [
      'practices/ci-pipeline',
      'practices/tests-present',
      'practices/architecture-decision-records',
    ])
      expect(
        of(run, id).map((f) => f.severity),
        id,
      ).toEqual(['info']);
  });
});

describe.skipIf(!existsSync(sockShop))('Sock Shop (corpus/sock-shop is required)', () => {
  let run: RuleRun;
  beforeAll(async () => {
    run = await review(sockShop, sockShopApplication);
  });

  it('reports the literal MySQL root password, masked, and not the compose interpolation or the boolean flag', () => {
    const secrets = of(run, 'security/plaintext-secret');
    expect(where(run, 'security/plaintext-secret')).toEqual([
      'deploy/kubernetes/manifests/07-catalogue-db-dep.yaml:23',
    ]);
    expect(secrets[0]?.message).toContain('MYSQL_ROOT_PASSWORD=****');
    expect(JSON.stringify(run.findings)).not.toContain('fake_password');
  });

  it('reports the Docker socket mounted into queue-master in compose', () => {
    expect(of(run, 'security/privileged-container').map((f) => f.message)).toEqual([
      'compose service queue-master (deploy/docker-compose/docker-compose.yml) mounts the container runtime socket (/var/run/docker.sock): anything in it can start privileged containers on the host',
    ]);
  });

  it('finds the `name: cart` typo in two NetworkPolicies, and nothing for the unrelated cortex peer', () => {
    expect(where(run, 'security/missing-network-policy')).toEqual([
      'deploy/kubernetes/manifests-policy/netpol-cart-access.yaml:2',
      'deploy/kubernetes/manifests-policy/netpol-cart-db-access.yaml:13',
    ]);
    expect(
      of(run, 'security/missing-network-policy').every((f) => f.message.includes('did you mean name=carts?')),
    ).toBe(true);
  });

  it('reports the untagged images, not redis:alpine or the versioned weaveworksdemos images', () => {
    expect(of(run, 'security/mutable-image-tag').map((f) => f.data?.image)).toEqual([
      'mongo',
      'mongo',
      'kbudde/rabbitmq-exporter',
    ]);
  });

  it('judges root only where nothing enforces non-root: the stores, queue-master, the exporter and compose-only services', () => {
    const flagged = of(run, 'security/container-runs-as-root').map((f) => f.data?.workload);
    for (const app of ['carts', 'catalogue', 'front-end', 'orders', 'payment', 'shipping', 'user'])
      expect(
        flagged.some((w) => String(w).endsWith(`/${app}`)),
        app,
      ).toBe(false);
    expect(flagged).toContain('Deployment/sock-shop/carts-db');
    expect(flagged).toContain('Deployment/sock-shop/queue-master');
  });

  it('reports stores without resources and application services with one replica', () => {
    expect(
      of(run, 'performance/missing-resources').map((f) => `${f.data?.workload}/${f.data?.container}`),
    ).toEqual([
      'Deployment/sock-shop/carts-db/carts-db',
      'Deployment/sock-shop/catalogue-db/catalogue-db',
      'Deployment/sock-shop/orders-db/orders-db',
      'Deployment/sock-shop/rabbitmq/rabbitmq',
      'Deployment/sock-shop/rabbitmq/rabbitmq-exporter',
      'Deployment/sock-shop/session-db/session-db',
      'Deployment/sock-shop/user-db/user-db',
    ]);
    const single = of(run, 'performance/single-replica').map((f) => String(f.data?.workload));
    expect(single.filter((w) => w.startsWith('Deployment/'))).toEqual(
      ['carts', 'catalogue', 'front-end', 'orders', 'payment', 'queue-master', 'shipping', 'user'].map(
        (n) => `Deployment/sock-shop/${n}`,
      ),
    );
    expect(single.some((w) => /-db$|rabbitmq|user-sim/.test(w))).toBe(false);
  });

  it('keeps the stores internal and the deploy-only practices findings informational', () => {
    expect(of(run, 'security/datastore-publicly-exposed')).toEqual([]);
    expect(of(run, 'practices/api-specs').map((f) => f.severity)).toEqual(['info']);
    expect(strength(run, 'practices/observability')).toContain('env ZIPKIN on shipping');
  });
});
