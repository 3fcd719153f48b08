/**
 * Whole repositories as they are (issue 13): Online Boutique and Sock Shop reviewed from their roots, with
 * every deploy tree in them (plain manifests, Kustomize with optional components and test overlays, a Helm
 * chart, a release bundle, compose files with logging and monitoring variants, platform stacks). The review
 * must speak of the system once, not once per copy, and must not take the platform for the business.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DiscoveryResult, discoverDirectory } from '../../src/discover/index.js';
import { foldedPlaces } from '../../src/review/folded.js';
import { review } from '../../src/review/index.js';
import type { Report } from '../../src/review/report.js';
import { corpusDir } from '../helpers/corpus.js';

const boutique = path.join(corpusDir, 'microservices-demo');
const sockShop = path.join(corpusDir, 'sock-shop');

const of = (report: Report, ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId);

describe.skipIf(!existsSync(boutique))(
  'Online Boutique, whole folder (corpus/microservices-demo is required)',
  () => {
    let discovery: DiscoveryResult;
    let report: Report;
    beforeAll(async () => {
      discovery = await discoverDirectory(boutique);
      report = review(discovery);
    }, 120_000);

    it('finds the plain manifests, the Kustomize root, the Helm chart and the release bundle as deployments', () => {
      const kinds = new Set(discovery.model.deployments.map((d) => d.kind));
      for (const kind of ['kustomize', 'helm', 'bundle'] as const) expect(kinds).toContain(kind);
      const names = discovery.model.deployments.map((d) => d.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'kubernetes-manifests/',
          'kustomize/',
          'helm-chart/',
          'release/kubernetes-manifests.yaml',
        ]),
      );
      expect(discovery.model.deployments.filter((d) => d.primary)).toHaveLength(1);
      // the test overlays that switch every component on are test deployments
      for (const d of discovery.model.deployments.filter((x) => x.root.startsWith('kustomize/tests/')))
        expect(d.environment).toBe('test');
    });

    it('renders the Helm templates instead of reporting them unrendered', () => {
      expect(discovery.model.diagnostics.filter((d) => /helm template/.test(d.message))).toEqual([]);
      expect(discovery.model.deployables.some((d) => d.source.file.startsWith('helm-chart/templates/'))).toBe(
        true,
      );
    });

    it('tags every workload, exposure and policy with exactly one deployment', () => {
      const ids = new Set(discovery.model.deployments.map((d) => d.id));
      for (const item of [
        ...discovery.model.deployables,
        ...discovery.model.exposures,
        ...discovery.model.configs,
      ])
        expect(ids.has(item.deployment ?? '')).toBe(true);
    });

    it('reports single replicas on most services as one systemic finding listing each service and its deployments', () => {
      const findings = of(report, 'performance/single-replica');
      expect(findings).toHaveLength(1);
      const [systemic] = findings;
      expect(systemic!.message).toMatch(/^Systemic: \d+ of \d+ application services \(.*cartservice.*\)/);
      const places = foldedPlaces(systemic!);
      expect(places.length).toBeGreaterThanOrEqual(9);
      expect(places.length).toBeLessThanOrEqual(12);
      const cart = places.find((p) => /cartservice/.test(p.message))!;
      for (const folder of ['kubernetes-manifests/', 'kustomize/base/', 'helm-chart/templates/', 'release/'])
        expect(cart.locations.some((l) => l.file.startsWith(folder))).toBe(true);
      expect(cart.message).toMatch(/in 4 deployments: .*kustomize\/.*helm-chart\//);
      expect(new Set(places.map((p) => p.fingerprint)).size).toBe(places.length);
      // the recommendation still lists every service's place
      const rec = report.recommendations.find((r) => r.ruleId === 'performance/single-replica')!;
      expect(rec.places).toBe(places.length);
    });

    it('counts application services only in Architectural Impact (not the load generator or the collector)', () => {
      const apps = discovery.model.services.filter((s) => !['platform', 'tooling', 'test'].includes(s.role));
      expect(report.impact.servicesTotal).toBe(apps.length);
      expect(report.impact.hotspots.map((h) => h.service)).not.toContain('loadgenerator');
    });

    it('keeps shoppingassistantservice out of the system: only an optional component deploys it', () => {
      expect(discovery.model.services.map((s) => s.id)).not.toContain('shoppingassistantservice');
      const kustomize = discovery.model.deployments.find((d) => d.name === 'kustomize/')!;
      const option = kustomize.options.find((o) => o.name.endsWith('shopping-assistant'));
      expect(option?.provides).toContain('Deployment shoppingassistantservice');
      expect(report.findings.filter((f) => /shoppingassistant/.test(f.message))).toEqual([]);
    });

    it('reports the missing NetworkPolicies, naming the component and Helm value that would add them', () => {
      const [finding] = of(report, 'security/missing-network-policy');
      expect(finding?.message).toMatch(/No NetworkPolicy in the system: 12 Kubernetes workloads/);
      expect(finding?.message).toMatch(
        /Kustomize component `network-policies`.*which kustomize\/ does not enable/,
      );
      expect(finding?.message).toMatch(/Helm value `networkPolicies\.create: false`/);
    });

    it("reports redis-cart on an emptyDir once, as cartservice's only store, with every deployment's location", () => {
      const findings = of(report, 'resilience/ephemeral-system-of-record');
      expect(findings).toHaveLength(1);
      const [finding] = findings;
      expect(finding?.message).toMatch(
        /^redis cache redis-cart is the only store of cartservice, yet its data lives in emptyDir volume `redis-data`/,
      );
      for (const folder of ['kubernetes-manifests/', 'kustomize/base/', 'helm-chart/templates/', 'release/'])
        expect(finding?.locations.some((l) => l.file.startsWith(folder))).toBe(true);
      // still a cache to the replication rule, which leaves caches out
      expect(of(report, 'resilience/unreplicated-datastore').some((f) => /redis-cart/.test(f.message))).toBe(
        false,
      );
    });

    it('leaves findings that hold only in the test overlays out of the default review, and shows them with --deployment all', () => {
      expect(
        report.findings.some((f) => f.locations.every((l) => l.file.startsWith('kustomize/tests/'))),
      ).toBe(false);
      const all = review(discovery, { rules: {}, deployment: 'all' });
      expect(all.findings.length).toBeGreaterThanOrEqual(report.findings.length);
    });
  },
);

describe.skipIf(!existsSync(sockShop))('Sock Shop, whole folder (corpus/sock-shop is required)', () => {
  let discovery: DiscoveryResult;
  let report: Report;
  beforeAll(async () => {
    discovery = await discoverDirectory(sockShop);
    report = review(discovery);
  }, 120_000);

  const role = (id: string) => discovery.model.services.find((s) => s.id === id)?.role;

  it('takes the logging, monitoring and tracing stacks for platform components', () => {
    for (const id of [
      'fluentd',
      'kibana',
      'elasticsearch',
      'heapster',
      'kube-state-metrics',
      'monitoring-grafana',
      'monitoring-influxdb',
      'node-directory-size-metrics',
      'prometheus-deployment',
      'grafana-core',
      'alertmanager',
      'jaeger-deployment',
    ])
      expect([id, role(id)]).toEqual([id, 'platform']);
    for (const id of ['carts', 'orders', 'catalogue', 'payment', 'shipping', 'user', 'queue-master'])
      expect([id, role(id)]).toEqual([id, 'application']);
  });

  it('merges the logging compose file as a variant layered on docker-compose.yml', () => {
    const ids = discovery.model.deployments.map((d) => d.id);
    expect(ids).toContain('compose:deploy/docker-compose/docker-compose.yml');
    expect(ids).toContain('compose:deploy/docker-compose/docker-compose.yml+docker-compose.logging.yml');
    const carts = discovery.model.services.find((s) => s.id === 'carts')!;
    expect(carts.source.file).not.toMatch(/docker-compose\.logging\.yml/);
    // the logging stack's edges stay in the model but no services rule speaks of them
    const platform = discovery.model.services.filter((s) => s.role === 'platform').map((s) => s.id);
    for (const f of report.findings.filter((x) => x.area === 'services'))
      for (const id of platform) expect(f.message).not.toContain(id);
  });

  it('reports no shared database on the logging stack', () => {
    expect(of(report, 'services/shared-database').filter((f) => /elasticsearch/.test(f.message))).toEqual([]);
  });

  it('still finds the NetworkPolicy typo and the literal MySQL password', () => {
    expect(
      of(report, 'security/missing-network-policy').some((f) =>
        /cart-access selects name=cart\b.*carts/.test(f.message),
      ),
    ).toBe(true);
    expect(of(report, 'security/plaintext-secret').some((f) => /MYSQL_ROOT_PASSWORD/.test(f.message))).toBe(
      true,
    );
  });

  it('folds the findings that hold only in the Helm variant into one finding for that variant', () => {
    const policies = of(report, 'security/missing-network-policy').filter((f) =>
      /hold only in deploy\/kubernetes\/helm-chart\//.test(f.message),
    );
    expect(policies).toHaveLength(1);
    expect(foldedPlaces(policies[0]!).length).toBeGreaterThanOrEqual(10);
    expect(policies[0]!.message).toMatch(/on carts, carts-db, catalogue/);
  });

  it('takes the compose files beside the Kubernetes deployments for development, and leaves their own findings out', () => {
    for (const d of discovery.model.deployments.filter((x) => x.kind === 'compose'))
      expect([d.name, d.environment]).toEqual([d.name, 'development']);
    const composeOnly = report.findings.filter(
      (f) => f.element?.startsWith('compose/') && f.ruleId !== 'security/plaintext-secret',
    );
    expect(composeOnly).toEqual([]);
    expect(report.diagnostics.some((d) => /development deployment/.test(d.message))).toBe(true);
  });

  it('never repeats a recommendation text', () => {
    const texts = report.recommendations.map((r) => r.action);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('stays a review of the system: at most 150 findings', () => {
    expect(report.findings.length).toBeLessThanOrEqual(150);
    expect(new Set(report.findings.map((f) => f.fingerprint)).size).toBe(report.findings.length);
  });
});
