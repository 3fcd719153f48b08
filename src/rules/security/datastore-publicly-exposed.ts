import type { Service, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { isDatastoreService, workloadLabel } from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

/** Services that run a database, cache, broker or search engine. */
export function storeServiceIds(model: SystemModel): Set<string> {
  const ids = new Set(model.services.filter((s) => isDatastoreService(s)).map((s) => s.id));
  for (const d of model.datastores) if (d.serviceId && !d.external) ids.add(d.serviceId);
  return ids;
}

function storeDescription(model: SystemModel, service: Service | undefined, id: string): string {
  const store = model.datastores.find((d) => d.serviceId === id);
  if (store) return `${store.engine} ${store.category} ${id}`;
  return `${service?.role ?? 'datastore'} ${id}`;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

const { messages, say } = defineMessages({
  exposedOutsideCluster: '{{store}} is exposed outside the cluster by {{exposure}}{{ports}}',
  publishedOnHost: '{{store}} publishes {{ports}} on the host ({{workload}})',
});

export const datastorePubliclyExposed: Rule = {
  id: 'security/datastore-publicly-exposed',
  area: 'security',
  severity: 'high',
  title: 'Database or broker reachable from outside the system',
  messages,
  rationale:
    'Databases, caches and brokers are meant to be reached only by the services that own them. Publishing one on a host ' +
    'port, a NodePort or a LoadBalancer puts its wire protocol — often with default or no authentication (Redis, MongoDB, ' +
    'Elasticsearch) — on the network, where scanners find exposed instances within hours; it also lets clients bypass the ' +
    "owning service's API and its checks. The NSA/CISA guide asks to expose only what must be public; the CIS Docker " +
    'Benchmark to bind published ports to a specific interface.',
  references: [
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Network separation and hardening"',
    'CIS Docker Benchmark v1.2.0, 5.13 "Ensure that incoming container traffic is bound to a specific host interface"',
    'OWASP API Security Top 10 2023, API8: Security Misconfiguration',
  ],
  recommendation:
    'Give stores a ClusterIP Service only (compose: no `ports:`, or bind to 127.0.0.1 for local debugging) and reach them ' +
    'from operators through `kubectl port-forward` or a bastion.',
  fix: {
    description: 'Keep the store on the internal network.',
    language: 'yaml',
    snippet:
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: orders-db\nspec:\n  type: ClusterIP\n  selector:\n    app: orders-db\n  ports:\n  - port: 5432\n# compose, for local debugging only\n#   ports:\n#     - "127.0.0.1:5432:5432"',
  },
  examples: {
    fail: {
      description: 'postgres is published on every host interface',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      DATABASE_URL: postgres://orders@orders-db:5432/orders\n  orders-db:\n    image: postgres:16.3\n    ports:\n      - "5432:5432"\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:9',
          messageId: 'publishedOnHost',
          message:
            'postgres database orders-db publishes 5432→5432 on the host (compose service orders-db (docker-compose.yml))',
          severity: 'medium',
        },
      ],
    },
    pass: {
      description: 'postgres stays on the compose network',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      DATABASE_URL: postgres://orders@orders-db:5432/orders\n  orders-db:\n    image: postgres:16.3\n',
      },
    },
  },
  check(model) {
    const stores = storeServiceIds(model);
    const findings: FindingDraft[] = [];
    const services = new Map(model.services.map((s) => [s.id, s]));
    const reported = new Set<string>();
    for (const e of model.exposures) {
      if (!e.public || e.kind === 'compose-port') continue;
      for (const id of e.serviceIds) {
        if (!stores.has(id)) continue;
        const key = `${e.id}>${id}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push({
          ...say.exposedOutsideCluster({
            store: storeDescription(model, services.get(id), id),
            exposure: `${e.kind === 'ingress' ? 'Ingress' : `${e.type} Service`} ${e.name}`,
            ports: e.ports.length ? ` (port ${e.ports.map((p) => p.port).join(', ')})` : '',
          }),
          locations: [e.source],
          element: `${e.id}#${id}`,
          data: { exposure: e.id, service: id, type: e.type },
        });
      }
    }
    for (const d of model.deployables) {
      if (!stores.has(d.serviceId)) continue;
      const published = d.containers.flatMap((c) =>
        c.ports.filter((p) => p.hostPort !== undefined && !(p.hostIp && LOOPBACK.test(p.hostIp))),
      );
      if (published.length === 0) continue;
      findings.push({
        ...say.publishedOnHost({
          store: storeDescription(model, services.get(d.serviceId), d.serviceId),
          ports: published
            .map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort}→${p.containerPort}`)
            .join(', '),
          workload: workloadLabel(d),
        }),
        locations: published.map((p) => p.source),
        element: `${d.id}#host-ports`,
        severity: d.kind === 'compose-service' ? 'medium' : 'high',
        data: {
          workload: d.id,
          ports: published.map((p) => ({ host: p.hostPort, container: p.containerPort })),
        },
      });
    }
    return {
      findings,
      strength:
        stores.size > 0 && findings.length === 0
          ? stores.size === 1
            ? `The system's one datastore (${[...stores][0]}) is reachable only inside the system`
            : `All ${stores.size} datastores and brokers are reachable only inside the system`
          : undefined,
    };
  },
};
