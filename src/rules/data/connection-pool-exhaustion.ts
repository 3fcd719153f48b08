import type { Datastore, Source, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { businessDatastores, storeUsers } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';
import { maxConnectionsOf, POSTGRES_RESERVED, type PoolClient, poolBudget, poolSizeOf } from './pool-math.js';

const SQL_ENGINES = new Set<Datastore['engine']>(['postgres', 'mysql', 'mariadb']);

/**
 * Replicas a service can run: the autoscaler ceiling when one targets it, else the declared replicas (default 1),
 * summed over the service's workloads of one deployment. Deployment variants (raw manifests, a Helm chart, a
 * bundle of the same system) are alternatives, not clusters running side by side: the largest one counts.
 */
function replicasOf(model: SystemModel, serviceId: string): { replicas: number; why: string } {
  const byDeployment = new Map<string | undefined, { replicas: number; why: string[] }>();
  for (const d of model.deployables.filter((w) => w.serviceId === serviceId)) {
    const hpa = model.autoscalers.find(
      (a) =>
        (a.serviceId === serviceId || a.targetName === d.name) &&
        a.targetKind === d.kind &&
        a.deployment === d.deployment,
    );
    const group = byDeployment.get(d.deployment) ?? { replicas: 0, why: [] };
    if (hpa) {
      group.replicas += hpa.maxReplicas;
      group.why.push(`HPA ${hpa.name} maxReplicas ${hpa.maxReplicas}`);
    } else {
      group.replicas += d.replicas ?? 1;
      group.why.push(`${d.kind} ${d.name} replicas ${d.replicas ?? 1}`);
    }
    byDeployment.set(d.deployment, group);
  }
  const largest = [...byDeployment.values()].sort((a, b) => b.replicas - a.replicas)[0];
  return largest
    ? { replicas: largest.replicas, why: largest.why.join(', ') }
    : { replicas: 1, why: 'no deployment found; 1 assumed' };
}

const { messages, say } = defineMessages({
  poolsExceedMaxConnections: '{{engine}} {{store}}: {{sum}} max_connections ({{maxFrom}}); pools: {{pools}}',
});

export const connectionPoolExhaustion: Rule = {
  id: 'data/connection-pool-exhaustion',
  area: 'data',
  severity: 'high',
  title: 'Connection pools can exceed the database max_connections',
  messages,
  rationale:
    'Each replica of each service opens up to its pool size. When replicas × pool size, summed over the clients, exceeds ' +
    'max_connections, a scale-out or a deploy (old and new pods overlap) makes new connections fail with "too many ' +
    'clients" — an outage triggered by adding capacity. PostgreSQL also keeps 3 slots for superusers, and every ' +
    'connection costs a backend process and memory.',
  references: [
    'PostgreSQL documentation, 19.3.1 Connection Settings: max_connections (default 100), superuser_reserved_connections (default 3) (https://www.postgresql.org/docs/current/runtime-config-connection.html)',
    'MySQL 8.0 Reference Manual, max_connections (default 151) (https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_max_connections)',
    'HikariCP, About Pool Sizing (https://github.com/brettwooldridge/HikariCP/wiki/About-Pool-Sizing)',
    'Kleppmann, Designing Data-Intensive Applications, ch. 1 (describing load and scaling)',
  ],
  recommendation:
    'Size pools so that the sum over all replicas (at autoscaler maximum) stays under max_connections, or put a pooler ' +
    '(PgBouncer in transaction mode, ProxySQL) between the services and the database.',
  fix: {
    description: 'Smaller per-replica pools, or a connection pooler in front of the database.',
    language: 'yaml',
    snippet:
      'services:\n  orders:\n    deploy:\n      replicas: 4\n    environment:\n      DATABASE_URL: postgres://app@pgbouncer:6432/shop\n      DB_POOL_SIZE: "10"\n  pgbouncer:\n    image: bitnami/pgbouncer:1.23.1\n    environment:\n      PGBOUNCER_POOL_MODE: transaction\n      PGBOUNCER_DEFAULT_POOL_SIZE: "40"\n      POSTGRESQL_HOST: db',
  },
  examples: {
    fail: {
      description: '4 × 30 + 1 × 20 = 140 connections against PostgreSQL max_connections 100',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    deploy:\n      replicas: 4\n    environment:\n      DATABASE_URL: postgres://app@db:5432/shop\n      DB_POOL_SIZE: "30"\n  billing:\n    image: shop/billing:1.0.0\n    environment:\n      SPRING_DATASOURCE_URL: jdbc:postgresql://db:5432/shop\n      SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE: "20"\n  db:\n    image: postgres:16.3\n    command: ["postgres", "-c", "max_connections=100"]\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:7',
          messageId: 'poolsExceedMaxConnections',
          message:
            'postgres db: billing 1 × 20 + orders 4 × 30 = 140 > 97 (100 − 3 reserved) max_connections (-c max_connections=100); pools: billing SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=20; orders DB_POOL_SIZE=30',
          also: ['docker-compose.yml:12', 'docker-compose.yml:14'],
        },
      ],
    },
    pass: {
      description: '4 × 10 + 1 × 20 = 60 connections against max_connections 100',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    deploy:\n      replicas: 4\n    environment:\n      DATABASE_URL: postgres://app@db:5432/shop\n      DB_POOL_SIZE: "10"\n  billing:\n    image: shop/billing:1.0.0\n    environment:\n      SPRING_DATASOURCE_URL: jdbc:postgresql://db:5432/shop\n      SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE: "20"\n  db:\n    image: postgres:16.3\n    command: ["postgres", "-c", "max_connections=100"]\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let fitting = 0;
    for (const store of businessDatastores(model)) {
      if (!SQL_ENGINES.has(store.engine) || store.external || !store.serviceId) continue;
      const users = storeUsers(model, store);
      if (!users.size) continue;
      const storeContainers = model.deployables
        .filter((d) => d.serviceId === store.serviceId)
        .flatMap((d) => d.containers);
      const max = maxConnectionsOf(storeContainers, model.configs, store.engine);
      if (!max) continue;
      const clients: PoolClient[] = [];
      const locations: Source[] = [store.source];
      const replicaNotes: Record<string, string> = {};
      for (const [serviceId, dep] of users) {
        const deployables = model.deployables.filter((d) => d.serviceId === serviceId);
        const language = model.services.find((s) => s.id === serviceId)?.language;
        const pool = poolSizeOf(
          deployables.flatMap((d) => d.containers),
          model.configs,
          language,
        );
        const { replicas, why } = replicasOf(model, serviceId);
        replicaNotes[serviceId] = why;
        clients.push({ service: serviceId, replicas, pool });
        if (dep) locations.push(dep.source);
        else if (deployables[0]) locations.push(deployables[0].source);
      }
      const reserved = store.engine === 'postgres' ? POSTGRES_RESERVED : 0;
      const budget = poolBudget(clients, max.value, reserved);
      if (!budget.exceeded) {
        fitting++;
        continue;
      }
      const assumed = clients.filter((c) => !c.pool.explicit).map((c) => c.service);
      findings.push({
        ...say.poolsExceedMaxConnections({
          engine: store.engine,
          store: store.name,
          sum: budget.shown,
          maxFrom: max.source,
          pools: clients.map((c) => `${c.service} ${c.pool.source}`).join('; '),
        }),
        locations,
        element: `datastore:${store.id}:connections`,
        severity: assumed.length === clients.length ? 'medium' : 'high',
        data: {
          datastore: store.id,
          engine: store.engine,
          maxConnections: budget.maxConnections,
          maxConnectionsSource: max.source,
          reserved: budget.reserved,
          available: budget.available,
          totalConnections: budget.totalConnections,
          clients: budget.clients.map((c) => ({
            service: c.service,
            replicas: c.replicas,
            replicasFrom: replicaNotes[c.service],
            poolSize: c.pool.size,
            poolSizeFrom: c.pool.source,
            connections: c.connections,
          })),
          assumedPools: assumed,
          shown: budget.shown,
        },
      });
    }
    return {
      findings,
      strength:
        fitting > 0 && findings.length === 0
          ? `Connection pools fit within max_connections for all ${fitting} SQL databases`
          : undefined,
    };
  },
};
