import { deploymentIndex, isTestEnvironment } from '../../model/deployments.js';
import { BESIDE_ROLES } from '../../model/roles.js';
import type { Deployment, Source, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { imageReference, isTemplated, parseImageRef } from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

const { messages, say } = defineMessages({
  versionDrift:
    '{{service}} runs {{count}} different versions of {{repository}} across deployments: {{versions}}',
  brokerDrift:
    'Deployment variants implement different designs: {{with}} {{runWith}} the broker {{broker}} (used by {{users}}), while {{without}} {{runWithout}} {{users}} without it',
});

/** The version a tag pins (`3.6.8-management` pins 3.6.8); undefined for `latest`, `alpine`, no tag. */
export function pinnedVersion(tag: string | undefined): string | undefined {
  return tag ? /^v?(\d+(?:\.\d+)*)/.exec(tag)?.[1] : undefined;
}

interface Seen {
  deployment: Deployment;
  image: string;
  source: Source;
}

/** Non-test deployments that run each service, with the image of each of its containers there. */
function imagesByService(model: SystemModel): Map<string, Map<string, Seen[]>> {
  const deployments = deploymentIndex(model);
  const roles = new Map(model.services.map((s) => [s.id, s.role]));
  const out = new Map<string, Map<string, Seen[]>>();
  for (const workload of model.deployables) {
    const deployment = workload.deployment ? deployments.get(workload.deployment) : undefined;
    if (!deployment || isTestEnvironment(deployment.environment)) continue;
    // drift matters in what serves the system, not in test rigs or tools
    const role = roles.get(workload.serviceId);
    if (!role || BESIDE_ROLES.has(role)) continue;
    for (const container of workload.containers) {
      if (container.init) continue;
      const image = imageReference(container);
      if (!image || isTemplated(image)) continue;
      const repository = parseImageRef(image).repository;
      const perService = out.get(workload.serviceId) ?? new Map<string, Seen[]>();
      out.set(workload.serviceId, perService);
      const list = perService.get(repository) ?? [];
      perService.set(repository, list);
      if (!list.some((s) => s.deployment.id === deployment.id && s.image === image))
        list.push({ deployment, image, source: container.source });
    }
  }
  return out;
}

/** Brokers some application deployments run and others leave out: their async paths exist in one design only. */
function brokerDrift(model: SystemModel): FindingDraft[] {
  const deployments = deploymentIndex(model);
  const roles = new Map(model.services.map((s) => [s.id, s.role]));
  const runs = new Map<string, Set<string>>();
  const where = new Map<string, Source>();
  for (const w of model.deployables) {
    const d = w.deployment ? deployments.get(w.deployment) : undefined;
    if (!d || isTestEnvironment(d.environment)) continue;
    const set = runs.get(d.id) ?? new Set<string>();
    runs.set(d.id, set);
    set.add(w.serviceId);
    if (!where.has(`${d.id}|${w.serviceId}`)) where.set(`${d.id}|${w.serviceId}`, w.source);
  }
  const apps = (set: Set<string>) => [...set].filter((s) => roles.get(s) === 'application');
  // compare like with like: a compose file beside Kubernetes manifests is the local setup, where a managed broker is not
  const family = (id: string) => (deployments.get(id)?.kind === 'compose' ? 'compose' : 'kubernetes');
  // variants of the application: deployments that run at least two application services
  const variants = [...runs].filter(([, set]) => apps(set).length >= 2).sort(([a], [b]) => (a < b ? -1 : 1));
  if (variants.length < 2) return [];
  const brokers = [
    ...new Set(variants.flatMap(([, set]) => [...set].filter((s) => roles.get(s) === 'broker'))),
  ].sort();
  const findings: FindingDraft[] = [];
  for (const broker of brokers) {
    const withBroker = variants.filter(([, set]) => set.has(broker));
    const families = new Set(withBroker.map(([id]) => family(id)));
    const without = variants.filter(([id, set]) => !set.has(broker) && families.has(family(id)));
    if (without.length === 0) continue;
    // the services that use the broker, where the variants without it still run them
    const users = model.dependencies
      .filter((d) => d.to === broker && (d.kind === 'async' || d.kind === 'data'))
      .map((d) => d.from)
      .filter((s) => roles.get(s) === 'application');
    const affected = [...new Set(users)].filter((u) => without.some(([, set]) => set.has(u))).sort();
    if (affected.length === 0) continue;
    const name = (id: string) => deployments.get(id)?.name ?? id;
    findings.push({
      ...say.brokerDrift({
        with: withBroker.map(([id]) => name(id)).join(', '),
        runWith: withBroker.length === 1 ? 'runs' : 'run',
        broker,
        users: affected.join(', '),
        without: without.map(([id]) => name(id)).join(', '),
        runWithout: without.length === 1 ? 'runs' : 'run',
      }),
      locations: [
        ...withBroker.map(([id]) => where.get(`${id}|${broker}`)),
        ...without.flatMap(([id]) => affected.map((u) => where.get(`${id}|${u}`))),
      ].filter((s): s is Source => s !== undefined),
      element: `variant-design:${broker}`,
      data: {
        broker,
        with: withBroker.map(([id]) => id),
        without: without.map(([id]) => id),
        services: affected,
      },
    });
  }
  return findings;
}

export const variantDrift: Rule = {
  id: 'practices/variant-drift',
  area: 'practices',
  severity: 'medium',
  title: 'Deployment variants of the same service have drifted apart',
  messages,
  rationale:
    'A repository that deploys the same system several ways (plain manifests, a Helm chart, a generated bundle, a ' +
    'compose file) promises that they describe one system. When the copies pin different versions of a service or ' +
    'its database, or one runs a broker and an asynchronous path the others leave out, what was tested is not what ' +
    'runs: a fix reaches one variant only, data written by one version is read by another, and an incident in one ' +
    'environment cannot be reproduced in the next. Drift is the usual result of copying deployment files instead of ' +
    'generating them from one source.',
  references: [
    'The Twelve-Factor App, X. Dev/prod parity (https://12factor.net/dev-prod-parity)',
    'Humble & Farley, Continuous Delivery, ch. 2: Configuration management (one versioned source for every environment)',
    'Kubernetes documentation: Kustomize bases and overlays (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/kustomization/#bases-and-overlays)',
    'Google SRE Workbook, ch. 14: Configuration design and best practices (https://sre.google/workbook/configuration-design/)',
  ],
  recommendation:
    'Generate every variant from one source (a Kustomize base with overlays, or one Helm chart with values files) and set image versions in one place, so a version bump or a design change reaches every variant at once; delete copies nobody deploys.',
  fix: {
    description: 'Keep the image version in one base and let overlays change only what must differ.',
    language: 'yaml',
    snippet:
      '# kustomize/base/kustomization.yaml\nresources: [orders.yaml, orders-db.yaml]\nimages:\n  - name: mongo\n    newTag: "8.0"   # one version for every overlay\n---\n# kustomize/overlays/production/kustomization.yaml\nresources: [../../base]\npatches: [replicas.yaml]',
  },
  examples: {
    fail: {
      description:
        'the Kubernetes manifests run orders 1.4.0 and MongoDB 7.0, the compose file orders 1.2.0 and MongoDB 4.4',
      files: {
        'deploy/k8s/orders.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  selector:\n    matchLabels: { app: orders }\n  template:\n    metadata:\n      labels: { app: orders }\n    spec:\n      containers:\n        - name: orders\n          image: shop/orders:1.4.0\n',
        'deploy/k8s/orders-db.yaml':
          'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: orders-db\nspec:\n  serviceName: orders-db\n  selector:\n    matchLabels: { app: orders-db }\n  template:\n    metadata:\n      labels: { app: orders-db }\n    spec:\n      containers:\n        - name: mongo\n          image: mongo:7.0\n',
        'deploy/compose/docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.2.0\n  orders-db:\n    image: mongo:4.4\n',
      },
      findings: [
        {
          at: 'deploy/compose/docker-compose.yml:2',
          messageId: 'versionDrift',
          message:
            'orders runs 2 different versions of shop/orders across deployments: 1.4.0 (`shop/orders:1.4.0` in deploy/k8s/); 1.2.0 (`shop/orders:1.2.0` in deploy/compose/docker-compose.yml)',
          also: ['deploy/k8s/orders.yaml:13'],
        },
        {
          at: 'deploy/compose/docker-compose.yml:4',
          messageId: 'versionDrift',
          message:
            'orders-db runs 2 different versions of mongo across deployments: 7.0 (`mongo:7.0` in deploy/k8s/); 4.4 (`mongo:4.4` in deploy/compose/docker-compose.yml)',
          also: ['deploy/k8s/orders-db.yaml:14'],
        },
      ],
    },
    pass: {
      description: 'both variants run the same versions',
      files: {
        'deploy/k8s/orders.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  selector:\n    matchLabels: { app: orders }\n  template:\n    metadata:\n      labels: { app: orders }\n    spec:\n      containers:\n        - name: orders\n          image: shop/orders:1.4.0\n',
        'deploy/compose/docker-compose.yml': 'services:\n  orders:\n    image: shop/orders:1.4.0\n',
      },
    },
  },
  check(model) {
    if ((model.deployments ?? []).length < 2) return { findings: [] };
    const findings: FindingDraft[] = [];
    let compared = 0;
    for (const [service, perRepository] of [...imagesByService(model)].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const [repository, seen] of [...perRepository].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (new Set(seen.map((s) => s.deployment.id)).size < 2) continue;
        compared++;
        const byVersion = new Map<string, Seen[]>();
        for (const s of seen) {
          const version = pinnedVersion(parseImageRef(s.image).tag) ?? 'unpinned';
          byVersion.set(version, [...(byVersion.get(version) ?? []), s]);
        }
        const pinned = [...byVersion.keys()].filter((v) => v !== 'unpinned');
        if (pinned.length < 2) continue;
        const order = [...byVersion.keys()].sort((a, b) =>
          a === 'unpinned' ? 1 : b === 'unpinned' ? -1 : b.localeCompare(a, 'en', { numeric: true }),
        );
        const parts = order.map((v) => {
          const list = byVersion.get(v) ?? [];
          const names = [...new Set(list.map((s) => s.deployment.name))].sort();
          const images = [...new Set(list.map((s) => `\`${s.image}\``))].sort();
          return `${v === 'unpinned' ? 'unpinned' : v} (${images.join(', ')} in ${names.join(', ')})`;
        });
        findings.push({
          ...say.versionDrift({ service, count: pinned.length, repository, versions: parts.join('; ') }),
          locations: order.flatMap((v) => {
            const first = new Map<string, Source>();
            for (const s of byVersion.get(v) ?? [])
              if (!first.has(s.deployment.id)) first.set(s.deployment.id, s.source);
            return [...first.values()];
          }),
          element: `drift:${service}:${repository}`,
          data: {
            service,
            repository,
            versions: Object.fromEntries(
              order.map((v) => [
                v,
                [...new Set((byVersion.get(v) ?? []).map((s) => s.deployment.id))].sort(),
              ]),
            ),
          },
        });
      }
    }
    findings.push(...brokerDrift(model));
    return {
      findings,
      strength:
        compared > 0 && findings.length === 0
          ? `The ${compared} images deployed by more than one deployment variant pin the same version in every variant`
          : undefined,
    };
  },
};
