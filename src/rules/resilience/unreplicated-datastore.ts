import type { Datastore, Deployable, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { businessDatastores, uniqueSources } from '../shared/roles.js';
import { kindLabels } from '../shared/workloads.js';
import type { FindingDraft, Rule } from '../types.js';

/** Stores whose loss loses data or stops the system; caches are rebuilt from their source and are left out. */
const STATEFUL: Datastore['category'][] = ['database', 'search', 'broker', 'object-store'];

const PERSISTENT_VOLUME = /persistentvolumeclaim|pvc|hostpath|^volume$|named|bind|nfs|csi/i;

export function hasPersistentStorage(d: Deployable): boolean {
  return d.volumeClaimTemplates.length > 0 || d.volumes.some((v) => PERSISTENT_VOLUME.test(v.type));
}

/** The workloads that run the store: Kubernetes ones when there are any (compose is usually the dev setup). */
export function storeWorkloads(model: SystemModel, store: Datastore): Deployable[] {
  if (!store.serviceId) return [];
  const all = model.deployables.filter((d) => d.serviceId === store.serviceId);
  const k8s = all.filter((d) => d.kind !== 'compose-service');
  return k8s.length > 0 ? k8s : all;
}

const COMPOSE =
  'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      DATABASE_URL: postgres://orders@orders-db:5432/orders\n  orders-db:\n    image: postgres:16.3\n    volumes:\n      - orders-data:/var/lib/postgresql/data\nvolumes:\n  orders-data: {}\n';

const { messages, say } = defineMessages({
  singleReplicaVolume:
    '{{store}} runs as a single replica ({{workloads}}) with no declared replication or backup; its volume is the only copy of the data',
  singleReplicaNoVolume:
    '{{store}} runs as a single replica ({{workloads}}) with no declared replication or backup; it has no persistent volume, so anything written to it is lost whenever the pod or container is replaced',
});

export const unreplicatedDatastore: Rule = {
  id: 'resilience/unreplicated-datastore',
  area: 'resilience',
  severity: 'high',
  title: 'Stateful store with one replica and no declared replication or backup',
  messages,
  rationale:
    'A database, broker or search cluster running as a single pod is a single point of failure for every service that uses ' +
    "it, and unless something outside the repository backs it up, a lost volume is lost data. The SRE book's first " +
    "question for any stateful system is how it is restored; Kleppmann's is how it survives the loss of a node. When the " +
    'repository shows neither replication nor backup, the answer is not written down. Caches are left out: they are ' +
    'rebuilt from their source. Declare `replicated`/`backup` in plumbline.yaml when they are handled elsewhere (a managed ' +
    'service, Velero, an operator).',
  references: [
    'Google SRE book, ch. 26: Data Integrity — What You Read Is What You Wrote',
    'Kleppmann, Designing Data-Intensive Applications, ch. 5: Replication',
    'Kubernetes documentation: StatefulSets and Run a Replicated Stateful Application (https://kubernetes.io/docs/tasks/run-application/run-replicated-stateful-application/)',
  ],
  recommendation:
    'Run the store replicated (an operator such as CloudNativePG, the MongoDB or RabbitMQ cluster operator, or a managed ' +
    'service) with persistent volumes and scheduled, restore-tested backups; then record it in plumbline.yaml.',
  fix: {
    description:
      'Run the store as a replicated StatefulSet with persistent volumes (or use a managed service), and declare it.',
    language: 'yaml',
    snippet:
      '# plumbline.yaml — once replication and backups exist (operator, managed service, Velero schedule)\noverrides:\n  datastores:\n    orders-db:\n      replicated: true\n      backup: true\n---\n# e.g. with CloudNativePG\napiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: orders-db\nspec:\n  instances: 3\n  storage:\n    size: 20Gi\n  backup:\n    barmanObjectStore:\n      destinationPath: s3://backups/orders-db',
  },
  examples: {
    fail: {
      description: 'orders-db is one postgres container; nothing says it is replicated or backed up',
      files: { 'docker-compose.yml': COMPOSE },
      findings: [
        {
          at: 'docker-compose.yml:6',
          messageId: 'singleReplicaVolume',
          message:
            'postgres database orders-db runs as a single replica (compose-service orders-db) with no declared replication or backup; its volume is the only copy of the data',
          severity: 'medium',
        },
      ],
    },
    pass: {
      description: 'the same store, declared replicated and backed up in plumbline.yaml',
      files: {
        'docker-compose.yml': COMPOSE,
        'plumbline.yaml':
          'system: shop\noverrides:\n  datastores:\n    orders-db:\n      replicated: true\n      backup: true\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let considered = 0;
    for (const store of businessDatastores(model)) {
      if (store.external || !STATEFUL.includes(store.category)) continue;
      const workloads = storeWorkloads(model, store);
      if (workloads.length === 0) continue;
      considered++;
      if (store.replicated === true || store.backup === true) continue;
      if (workloads.some((d) => (d.replicas ?? 1) >= 2)) continue;
      const persistent = workloads.some(hasPersistentStorage);
      findings.push({
        ...(persistent ? say.singleReplicaVolume : say.singleReplicaNoVolume)({
          store: `${store.engine} ${store.category} ${store.name}`,
          workloads: kindLabels(workloads),
        }),
        locations: uniqueSources([...workloads.map((d) => d.source), store.source]),
        element: `datastore:${store.id}#replication`,
        severity: store.category === 'broker' || persistent ? 'medium' : 'high',
        data: {
          datastore: store.id,
          engine: store.engine,
          workloads: workloads.map((d) => d.id),
          persistent,
        },
      });
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0
          ? considered === 1
            ? 'The one stateful store runs replicated or declares replication/backup'
            : `All ${considered} stateful stores run replicated or declare replication/backup`
          : undefined,
    };
  },
};
