import type { Datastore, Deployable, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { businessDatastores, serviceName, storeUsers, uniqueSources } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';
import { hasPersistentStorage, storeWorkloads } from './unreplicated-datastore.js';

/**
 * The stores judged here: caches, which resilience/unreplicated-datastore leaves out as rebuildable. A cache
 * that is some service's only store has nothing to be rebuilt from. (A database, search index or object
 * store without a persistent volume is already reported by resilience/unreplicated-datastore.)
 */
const JUDGED: Datastore['category'][] = ['cache'];

/** Where each engine's official image keeps its data. */
const DATA_PATHS: Partial<Record<Datastore['engine'], string>> = {
  redis: '/data',
  memcached: '/data',
  mongodb: '/data/db',
  postgres: '/var/lib/postgresql/data',
  mysql: '/var/lib/mysql',
  mariadb: '/var/lib/mysql',
  elasticsearch: '/usr/share/elasticsearch/data',
  opensearch: '/usr/share/opensearch/data',
  cassandra: '/var/lib/cassandra',
};

/** Mounts that never hold a store's data. */
const SCRATCH = /^\/(tmp|run|var\/run|var\/tmp|dev\/shm)(\/|$)/;

/** The Kubernetes workloads that run the store and keep nothing on a persistent volume. */
function ephemeralWorkloads(model: SystemModel, store: Datastore): Deployable[] {
  // a compose container keeps its writable layer across restarts; a replaced pod keeps nothing
  return storeWorkloads(model, store).filter((d) => d.kind !== 'compose-service' && !hasPersistentStorage(d));
}

function within(path: string, dir: string): boolean {
  const p = path.replace(/\/+$/, '');
  const d = dir.replace(/\/+$/, '');
  return p === d || p.startsWith(`${d}/`) || d.startsWith(`${p}/`);
}

/** The emptyDir volumes mounted where the store keeps its data, with their mount paths. */
function dataVolumes(d: Deployable, store: Datastore): { name: string; mountPath: string }[] {
  const dataPath = DATA_PATHS[store.engine];
  const out: { name: string; mountPath: string }[] = [];
  for (const v of d.volumes) {
    if (!/^emptydir$/i.test(v.type)) continue;
    const mount = d.containers
      .filter((c) => !c.init)
      .flatMap((c) => c.volumeMounts)
      .find((m) => m.name === v.name);
    if (!mount || SCRATCH.test(mount.mountPath)) continue;
    if (dataPath && !within(mount.mountPath, dataPath)) continue;
    out.push({ name: v.name, mountPath: mount.mountPath });
  }
  return out;
}

/** "emptyDir volume `redis-data` (mounted at /data)" or "no volume": where the store's data lives. */
function dataPlace(d: Deployable, store: Datastore): string {
  const volumes = dataVolumes(d, store);
  if (volumes.length > 0)
    return volumes.map((v) => `emptyDir volume \`${v.name}\` (mounted at ${v.mountPath})`).join(', ');
  return "the container's own filesystem (no volume at its data path)";
}

/** The business stores each application service uses, by service id. */
function storesByUser(model: SystemModel, stores: Datastore[]): Map<string, Set<string>> {
  const byUser = new Map<string, Set<string>>();
  for (const store of stores)
    for (const user of storeUsers(model, store).keys()) {
      const set = byUser.get(user);
      if (set) set.add(store.id);
      else byUser.set(user, new Set([store.id]));
    }
  return byUser;
}

const MANIFEST =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cartservice\nspec:\n  selector:\n    matchLabels:\n      app: cartservice\n  template:\n    metadata:\n      labels:\n        app: cartservice\n    spec:\n      containers:\n        - name: server\n          image: shop/cartservice:1.2.0\n          env:\n            - name: REDIS_ADDR\n              value: "redis-cart:6379"\n---\n';

const EMPTY_DIR_REDIS =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: redis-cart\nspec:\n  selector:\n    matchLabels:\n      app: redis-cart\n  template:\n    metadata:\n      labels:\n        app: redis-cart\n    spec:\n      containers:\n        - name: redis\n          image: redis:7.2-alpine\n          ports:\n            - containerPort: 6379\n          volumeMounts:\n            - name: redis-data\n              mountPath: /data\n      volumes:\n        - name: redis-data\n          emptyDir: {}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: redis-cart\nspec:\n  selector:\n    app: redis-cart\n  ports:\n    - port: 6379\n';

const PERSISTENT_REDIS =
  'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis-cart\nspec:\n  serviceName: redis-cart\n  selector:\n    matchLabels:\n      app: redis-cart\n  template:\n    metadata:\n      labels:\n        app: redis-cart\n    spec:\n      containers:\n        - name: redis\n          image: redis:7.2-alpine\n          args: ["--appendonly", "yes"]\n          ports:\n            - containerPort: 6379\n          volumeMounts:\n            - name: redis-data\n              mountPath: /data\n  volumeClaimTemplates:\n    - metadata:\n        name: redis-data\n      spec:\n        accessModes: ["ReadWriteOnce"]\n        resources:\n          requests:\n            storage: 1Gi\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: redis-cart\nspec:\n  selector:\n    app: redis-cart\n  ports:\n    - port: 6379\n';

const { messages, say } = defineMessages({
  ephemeralOnlyStore:
    '{{store}} is the only store of {{dependents}}, yet its data lives in {{places}} ({{workloads}}): every restart, rollout or reschedule of its pod loses all of it — for {{dependents}} it is the system of record, not a cache',
});

export const ephemeralSystemOfRecord: Rule = {
  id: 'resilience/ephemeral-system-of-record',
  area: 'resilience',
  severity: 'medium',
  title: "A service's only store keeps its data on an ephemeral volume",
  messages,
  rationale:
    'A cache sits in front of a primary store and can be rebuilt from it; a Redis or Memcached that is the only store a ' +
    "service uses is that service's system of record, whatever it is called. When its data lives in an `emptyDir` " +
    "volume, or in the container's own filesystem, Kubernetes deletes it whenever the pod is removed from its node: " +
    'every rollout, eviction, node drain or reschedule starts the store empty, and everything the service kept there ' +
    '(shopping carts, sessions, drafts) is gone without an error anywhere. A cache that fronts another store is left ' +
    'out (it refills from that store), and so are platform and test components; a database without a persistent ' +
    'volume is reported by resilience/unreplicated-datastore.',
  references: [
    'Kubernetes documentation: Volumes — emptyDir ("When a Pod is removed from a node for any reason, the data in the emptyDir is deleted permanently") (https://kubernetes.io/docs/concepts/storage/volumes/#emptydir)',
    'Redis documentation: Redis persistence — RDB and AOF (https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/)',
    'Kubernetes documentation: StatefulSets — stable, persistent storage (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/)',
  ],
  recommendation:
    'Give the store persistent storage: run it as a StatefulSet with a PersistentVolumeClaim for its data path and ' +
    'persistence switched on (Redis: `appendonly yes`), or use a managed store (Memorystore, ElastiCache, a managed ' +
    'database). If losing the data on every restart is really acceptable, say so in plumbline.yaml ' +
    '(`overrides.datastores.<name>.replicated: true` or `backup: true` when it is handled elsewhere).',
  fix: {
    description: 'Run the store as a StatefulSet with a persistent volume and Redis append-only persistence.',
    language: 'yaml',
    snippet:
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis-cart\nspec:\n  serviceName: redis-cart\n  replicas: 1\n  selector:\n    matchLabels:\n      app: redis-cart\n  template:\n    metadata:\n      labels:\n        app: redis-cart\n    spec:\n      containers:\n        - name: redis\n          image: redis:7.2-alpine\n          args: ["--appendonly", "yes", "--appendfsync", "everysec"]\n          volumeMounts:\n            - name: redis-data\n              mountPath: /data\n  volumeClaimTemplates:\n    - metadata:\n        name: redis-data\n      spec:\n        accessModes: ["ReadWriteOnce"]\n        resources:\n          requests:\n            storage: 1Gi\n# or point the service at a managed Redis (Memorystore, ElastiCache) and drop the in-cluster one',
  },
  examples: {
    fail: {
      description:
        'cartservice keeps every cart in redis-cart, its only store, whose data is an emptyDir volume: a restart empties every cart',
      files: { 'k8s/cart.yaml': MANIFEST + EMPTY_DIR_REDIS },
      findings: [
        {
          at: 'k8s/cart.yaml:21',
          messageId: 'ephemeralOnlyStore',
          message:
            'redis cache redis-cart is the only store of cartservice, yet its data lives in emptyDir volume `redis-data` (mounted at /data) (Deployment redis-cart): every restart, rollout or reschedule of its pod loses all of it — for cartservice it is the system of record, not a cache',
        },
      ],
    },
    pass: {
      description: 'the same Redis as a StatefulSet with a PersistentVolumeClaim and append-only persistence',
      files: { 'k8s/cart.yaml': MANIFEST + PERSISTENT_REDIS },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let considered = 0;
    const stores = businessDatastores(model);
    const byUser = storesByUser(model, stores);
    for (const store of stores) {
      if (store.external || !JUDGED.includes(store.category)) continue;
      if (store.replicated === true || store.backup === true) continue;
      // the application services for which this is the one and only store
      const dependents = [...storeUsers(model, store).keys()].filter((id) => byUser.get(id)?.size === 1);
      if (dependents.length === 0) continue;
      const k8s = storeWorkloads(model, store).filter((d) => d.kind !== 'compose-service');
      if (k8s.length === 0) continue;
      considered++;
      const ephemeral = ephemeralWorkloads(model, store);
      if (ephemeral.length === 0) continue;
      const places = [...new Set(ephemeral.map((d) => dataPlace(d, store)))];
      const kinds = [...new Set(ephemeral.map((d) => `${d.kind} ${d.name}`))].join(', ');
      const names = dependents.map((id) => serviceName(model, id));
      const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
      findings.push({
        ...say.ephemeralOnlyStore({
          store: `${store.engine} ${store.category} ${store.name}`,
          dependents: who ?? '',
          places: places.join('; '),
          workloads: kinds,
        }),
        locations: uniqueSources([...ephemeral.map((d) => d.source), store.source]),
        element: `datastore:${store.id}#ephemeral`,
        data: {
          datastore: store.id,
          engine: store.engine,
          dependents,
          workloads: ephemeral.map((d) => d.id),
          volumes: [...new Set(ephemeral.flatMap((d) => dataVolumes(d, store).map((v) => v.name)))],
        },
      });
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0
          ? considered === 1
            ? "The store that is a service's only store keeps its data on a persistent volume"
            : `All ${considered} stores that are a service's only store keep their data on persistent volumes`
          : undefined,
    };
  },
};
