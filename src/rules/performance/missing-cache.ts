import type { Datastore, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { businessDependencies, datastoreFor } from '../shared/roles.js';
import { isApplicationService } from '../shared/workloads.js';
import type { FindingDraft, Rule } from '../types.js';

interface ReadHeavy {
  reason: string;
}

/** Read-heavy evidence: an OpenAPI contract that is mostly GETs, or several application callers. */
function readHeavy(model: SystemModel, serviceId: string, callers: number): ReadHeavy | undefined {
  const apiIds = new Set(
    model.apis.filter((a) => a.serviceId === serviceId && a.kind === 'openapi').map((a) => a.id),
  );
  const ops = model.operations.filter((o) => apiIds.has(o.apiId));
  const reads = ops.filter((o) => o.method.toUpperCase() === 'GET').length;
  if (ops.length >= 3 && reads / ops.length >= 0.7)
    return { reason: `${reads} of its ${ops.length} operations are reads` };
  if (callers >= 2) return { reason: `${callers} services call it synchronously` };
  return undefined;
}

const compose = (cache: boolean) =>
  `services:\n  web:\n    image: shop/web:1.0.0\n    environment:\n      CATALOG_URL: http://catalog:8080\n  orders:\n    image: shop/orders:1.0.0\n    environment:\n      CATALOG_URL: http://catalog:8080\n  catalog:\n    image: shop/catalog:1.0.0\n    environment:\n      DATABASE_URL: postgres://catalog@catalog-db:5432/catalog\n${
    cache ? '      REDIS_URL: redis://catalog-cache:6379\n' : ''
  }  catalog-db:\n    image: postgres:16.3\n${cache ? '  catalog-cache:\n    image: redis:7.2.4\n' : ''}`;

const { messages, say } = defineMessages({
  uncachedReads:
    '{{service}} is read-heavy ({{reason}}) and reads {{engine}} {{store}} with no cache in front, under a declared latency target of {{target}} ms',
});

export const missingCache: Rule = {
  id: 'performance/missing-cache',
  area: 'performance',
  severity: 'low',
  title: 'Read-heavy service reads its database without a cache under a latency target',
  messages,
  rationale:
    'When a latency target is declared, a service that many callers read from and that answers every read from its ' +
    "database puts a disk or network round trip — and the database's tail latency under load — into every request. A " +
    'cache (cache-aside in Redis/Memcached, or an HTTP cache in front) takes the repeated reads off the database and the ' +
    'tail off the request. The rule is conservative: it needs a declared latency target, a database the service reads, no ' +
    'cache used by the service, and read-heavy evidence (a mostly-GET OpenAPI contract or two or more synchronous ' +
    'callers). Caching is a trade-off (staleness, invalidation), hence the low severity.',
  references: [
    'Kleppmann, Designing Data-Intensive Applications, ch. 1 and 11: derived data and caches',
    'AWS Well-Architected Framework, Performance Efficiency pillar: PERF 5 — caching (https://docs.aws.amazon.com/wellarchitected/latest/performance-efficiency-pillar/)',
    'Microsoft Azure Architecture Center: Cache-Aside pattern (https://learn.microsoft.com/azure/architecture/patterns/cache-aside)',
  ],
  recommendation:
    'Put a cache in front of the hot reads (cache-aside with a TTL matched to how stale the data may be), or a read ' +
    'replica; measure the hit rate and the p99 before and after.',
  fix: {
    description: 'Add a cache the service reads through.',
    language: 'yaml',
    snippet:
      'services:\n  catalog:\n    environment:\n      REDIS_URL: redis://catalog-cache:6379   # cache-aside, TTL 60s\n  catalog-cache:\n    image: redis:7.2.4\n    command: ["redis-server", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"]',
  },
  examples: {
    fail: {
      description: 'catalog is read by web and orders and reads postgres directly, under a 200 ms p99',
      files: {
        'docker-compose.yml': compose(false),
        'plumbline.yaml': 'system: shop\nrequirements:\n  p99LatencyMs: 200\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:13',
          messageId: 'uncachedReads',
          message:
            'catalog is read-heavy (2 services call it synchronously) and reads postgres catalog-db with no cache in front, under a declared latency target of 200 ms',
        },
      ],
    },
    pass: {
      description: 'catalog reads through a Redis cache',
      files: {
        'docker-compose.yml': compose(true),
        'plumbline.yaml': 'system: shop\nrequirements:\n  p99LatencyMs: 200\n',
      },
    },
  },
  check(model) {
    const target = model.declared.requirements?.p99LatencyMs ?? model.declared.requirements?.p50LatencyMs;
    if (target === undefined) return { findings: [] };
    const services = new Map(model.services.map((s) => [s.id, s]));
    const findings: FindingDraft[] = [];
    let considered = 0;
    for (const service of model.services) {
      if (!isApplicationService(model, service)) continue;
      const deps = businessDependencies(model).filter((d) => d.from === service.id && d.kind !== 'startup');
      const stores = deps
        .map((d) => ({ dep: d, store: datastoreFor(model, d.to) }))
        .filter((x): x is { dep: (typeof deps)[number]; store: Datastore } => !!x.store);
      const databases = stores.filter(
        (x) => x.store.category === 'database' || x.store.category === 'search',
      );
      if (databases.length === 0) continue;
      const callers = new Set(
        businessDependencies(model)
          .filter(
            (d) =>
              d.to === service.id && d.kind === 'sync' && isApplicationService(model, services.get(d.from)),
          )
          .map((d) => d.from),
      );
      const heavy = readHeavy(model, service.id, callers.size);
      if (!heavy) continue;
      considered++;
      if (stores.some((x) => x.store.category === 'cache')) continue;
      const db = databases[0] as { dep: (typeof deps)[number]; store: Datastore };
      findings.push({
        ...say.uncachedReads({
          service: service.id,
          reason: heavy.reason,
          engine: db.store.engine,
          store: db.store.name,
          target,
        }),
        locations: [db.dep.source],
        element: `${service.id}#cache`,
        data: {
          service: service.id,
          datastore: db.store.id,
          callers: [...callers].sort(),
          latencyTargetMs: target,
        },
      });
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0
          ? `All ${considered} read-heavy services read through a cache`
          : undefined,
    };
  },
};
