import type { Container, Deployable, Source, SystemModel } from '../../model/schema.js';
import { defineMessages, type Said } from '../messages.js';
import { imageReference, isCompose, parseImageRef, workloadLabel } from '../shared/k8s.js';
import type { FindingDraft, Rule, Severity } from '../types.js';

type Engine = 'mongodb' | 'etcd' | 'consul' | 'zookeeper' | 'kafka' | 'rabbitmq';

const ENGINE_NAMES: Record<Engine, string> = {
  mongodb: 'MongoDB',
  etcd: 'etcd',
  consul: 'Consul',
  zookeeper: 'ZooKeeper',
  kafka: 'Kafka',
  rabbitmq: 'RabbitMQ',
};

/** The engine an image runs, from its repository's last path segment (`bitnami/etcd`, `confluentinc/cp-kafka`). */
export function engineOfImage(image: string): Engine | undefined {
  const name = parseImageRef(image).repository.toLowerCase().split('/').pop() ?? '';
  if (/^(mongo|mongodb|percona-server-mongodb)$/.test(name)) return 'mongodb';
  if (name === 'etcd') return 'etcd';
  if (name === 'consul') return 'consul';
  if (/^(zookeeper|cp-zookeeper)$/.test(name)) return 'zookeeper';
  if (/^(kafka|cp-kafka|cp-server)$/.test(name)) return 'kafka';
  if (name === 'rabbitmq') return 'rabbitmq';
  return undefined;
}

/** The value of a command-line flag in `--flag value`, `--flag=value` or `-flag=value` form. */
export function flagValue(words: string[], flag: string): string | undefined {
  const all = words.flatMap((w) => w.split(/\s+/)).filter(Boolean);
  for (let i = 0; i < all.length; i++) {
    const w = all[i] as string;
    const bare = w.replace(/^--?/, '');
    if (bare === flag) return all[i + 1]?.startsWith('-') ? '' : (all[i + 1] ?? '');
    if (bare.startsWith(`${flag}=`)) return bare.slice(flag.length + 1);
  }
  return undefined;
}

const hasFlag = (words: string[], flag: string) => flagValue(words, flag) !== undefined;

function envValue(c: Container, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = c.env.find((e) => e.name === name)?.value;
    if (v !== undefined) return v;
  }
  return undefined;
}

/** One member workload of a cluster. */
interface Member {
  workload: Deployable;
  container: Container;
  engine: Engine;
  words: string[];
  replicas: number;
}

/** Workloads of the same cluster: the deployment, the engine and what names the cluster (replica set, role). */
interface Cluster {
  engine: Engine;
  key: string;
  label: string;
  members: Member[];
}

function clusterKey(m: Member): { key: string; label: string } | undefined {
  if (m.engine === 'mongodb') {
    if (hasFlag(m.words, 'configsvr')) {
      const rs = flagValue(m.words, 'replSet') ?? '';
      return { key: `configsvr:${rs}`, label: `config server replica set${rs ? ` ${rs}` : ''}` };
    }
    const rs = flagValue(m.words, 'replSet');
    return rs ? { key: `rs:${rs}`, label: `replica set ${rs}` } : undefined;
  }
  if (m.engine === 'consul') {
    // only servers vote; clients are not part of the quorum
    return m.words.some((w) => /(^|\s)-?-server(\s|=|$)/.test(w)) || hasFlag(m.words, 'bootstrap-expect')
      ? { key: 'servers', label: 'servers' }
      : undefined;
  }
  return { key: 'cluster', label: 'cluster' };
}

function membersOf(model: SystemModel): Member[] {
  const out: Member[] = [];
  for (const workload of model.deployables) {
    if (workload.kind === 'Job' || workload.kind === 'CronJob') continue;
    for (const container of workload.containers) {
      if (container.init) continue;
      const image = imageReference(container);
      const engine = image ? engineOfImage(image) : undefined;
      if (!engine) continue;
      const words = [...(container.command ?? []), ...(container.args ?? [])];
      out.push({ workload, container, engine, words, replicas: workload.replicas ?? 1 });
    }
  }
  return out;
}

function clustersOf(model: SystemModel): Cluster[] {
  const byKey = new Map<string, Cluster>();
  for (const m of membersOf(model)) {
    const key = clusterKey(m);
    if (!key) continue;
    // compose services of one deployment join one cluster; Kubernetes workloads are a cluster each (replicas)
    const scope = isCompose(m.workload)
      ? `compose|${m.workload.deployment ?? m.workload.source.file}`
      : m.workload.id;
    const id = `${scope}|${m.engine}|${key.key}`;
    const cluster = byKey.get(id) ?? { engine: m.engine, key: id, label: key.label, members: [] };
    byKey.set(id, cluster);
    cluster.members.push(m);
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

const size = (c: Cluster) => c.members.reduce((n, m) => n + m.replicas, 0);

function clusterLabel(c: Cluster): string {
  const first = c.members[0] as Member;
  const names = c.members.map((m) => m.workload.name);
  return isCompose(first.workload)
    ? `${ENGINE_NAMES[c.engine]} ${c.label} of compose services ${names.join(', ')} (${first.workload.source.file})`
    : `${ENGINE_NAMES[c.engine]} ${c.label} ${workloadLabel(first.workload)}`;
}

const { messages, say } = defineMessages({
  bootstrapExpectMismatch:
    '{{cluster}} expects {{expected}} servers (-bootstrap-expect) but runs {{members}}',
  twoVoters:
    '{{cluster}} has 2 voting members: a majority is 2, so losing either one stops elections (it tolerates no failure, like a single member, at twice the cost)',
  evenVoters:
    '{{cluster}} has {{members}} voting members, an even number: it tolerates {{failures}}, no more than {{odd}} members would, and a network split in halves leaves neither side a majority',
  replicationAboveBrokers:
    '{{cluster}} sets {{setting}}={{value}} on {{brokers}}: topics that need it cannot be created',
  unreplicatedPartitions:
    '{{cluster}} runs {{brokers}} brokers but default.replication.factor=1: each partition lives on one broker and is lost or unavailable with it',
  insyncReplicasBlockWrites:
    '{{cluster}} sets min.insync.replicas={{minInsync}} with replication factor {{replicationFactor}}: losing one broker blocks every producer that writes with acks=all',
  singleConfigServer:
    '{{cluster}} has a single config server: when it fails the sharded cluster can no longer change its metadata (no chunk migrations, no DDL) and mongos routers that restart cannot load the routing table',
});

const tolerance = (n: number) => Math.floor((n - 1) / 2);

interface Problem {
  severity: Severity;
  said: Said;
  data: Record<string, unknown>;
}

/** `cluster` names the cluster (or its voting part) as the finding says it. */
function consensusProblem(c: Cluster, n: number, cluster: string): Problem | undefined {
  const expect =
    c.engine === 'consul' ? Number(flagValue(c.members[0]?.words ?? [], 'bootstrap-expect')) : Number.NaN;
  if (c.engine === 'consul' && Number.isInteger(expect) && expect > 0 && expect !== n)
    return {
      severity: 'high',
      said: say.bootstrapExpectMismatch({ cluster, expected: expect, members: n }),
      data: { members: n, bootstrapExpect: expect },
    };
  if (n === 2)
    return {
      severity: 'high',
      said: say.twoVoters({ cluster }),
      data: { members: n, majority: 2, tolerates: 0 },
    };
  if (n >= 4 && n % 2 === 0)
    return {
      severity: 'medium',
      said: say.evenVoters({
        cluster,
        members: n,
        failures: `${tolerance(n)} failure${tolerance(n) === 1 ? '' : 's'}`,
        odd: n - 1,
      }),
      data: { members: n, majority: Math.floor(n / 2) + 1, tolerates: tolerance(n) },
    };
  return undefined;
}

function kafkaProblems(c: Cluster, brokers: number, cluster: string): Problem[] {
  const out: Problem[] = [];
  const c0 = c.members[0]?.container as Container;
  const num = (...names: string[]) => {
    const v = envValue(c0, ...names);
    return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
  };
  const rf = num('KAFKA_DEFAULT_REPLICATION_FACTOR', 'KAFKA_CFG_DEFAULT_REPLICATION_FACTOR');
  const offsets = num('KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR', 'KAFKA_CFG_OFFSETS_TOPIC_REPLICATION_FACTOR');
  const isr = num('KAFKA_MIN_INSYNC_REPLICAS', 'KAFKA_CFG_MIN_INSYNC_REPLICAS');
  for (const [name, value] of [
    ['default.replication.factor', rf],
    ['offsets.topic.replication.factor', offsets],
  ] as const) {
    if (value !== undefined && value > brokers)
      out.push({
        severity: 'high',
        said: say.replicationAboveBrokers({
          cluster,
          setting: name,
          value,
          brokers: `${brokers} broker${brokers === 1 ? '' : 's'}`,
        }),
        data: { brokers, [name]: value },
      });
  }
  if (brokers >= 3 && rf === 1)
    out.push({
      severity: 'medium',
      said: say.unreplicatedPartitions({ cluster, brokers }),
      data: { brokers, replicationFactor: rf },
    });
  if (rf !== undefined && rf > 1 && isr !== undefined && isr >= rf)
    out.push({
      severity: 'high',
      said: say.insyncReplicasBlockWrites({ cluster, minInsync: isr, replicationFactor: rf }),
      data: { brokers, replicationFactor: rf, minInsyncReplicas: isr },
    });
  return out;
}

function problemsOf(c: Cluster): Problem[] {
  const n = size(c);
  const cluster = clusterLabel(c);
  if (c.engine === 'kafka') {
    // KRaft controllers vote; brokers with ZooKeeper do not
    const kraft = c.members.some((m) =>
      /controller/.test(envValue(m.container, 'KAFKA_PROCESS_ROLES', 'KAFKA_CFG_PROCESS_ROLES') ?? ''),
    );
    const problems = kafkaProblems(c, n, cluster);
    if (kraft && n > 1) {
      const p = consensusProblem(c, n, `${cluster} (KRaft controllers)`);
      if (p) problems.push(p);
    }
    return problems;
  }
  if (c.key.includes('|configsvr:')) {
    if (n === 1)
      return [
        {
          severity: 'high',
          said: say.singleConfigServer({ cluster }),
          data: { members: 1 },
        },
      ];
  }
  if (n === 1) return [];
  const p = consensusProblem(c, n, cluster);
  return p ? [p] : [];
}

export const quorumSizing: Rule = {
  id: 'resilience/quorum-sizing',
  area: 'resilience',
  severity: 'high',
  title: 'Cluster sized so it cannot keep a quorum',
  messages,
  rationale:
    'MongoDB replica sets, etcd, Consul servers, ZooKeeper ensembles, KRaft controllers and RabbitMQ quorum queues ' +
    'elect a leader by majority: n members tolerate floor((n-1)/2) failures. Two members tolerate none (losing ' +
    'either loses the majority), and an even number tolerates no more than one member fewer would while adding a ' +
    'split-brain-prone half-and-half partition. A sharded MongoDB needs its config servers as a replica set (three ' +
    'members); Kafka topics need a replication factor the brokers can hold and a min.insync.replicas below it, or a ' +
    'single broker loss stops writes.',
  references: [
    'MongoDB Manual: Replica Set Deployment Architectures, "Consider Fault Tolerance" and "Deploy an Odd Number of Members" (https://www.mongodb.com/docs/manual/core/replica-set-architectures/)',
    'MongoDB Manual: Config Servers, replica set config servers (https://www.mongodb.com/docs/manual/core/sharded-cluster-config-servers/)',
    'etcd FAQ: Why an odd number of cluster members? (https://etcd.io/docs/latest/faq/#why-an-odd-number-of-cluster-members)',
    'Consul: Consensus protocol, deployment table (https://developer.hashicorp.com/consul/docs/architecture/consensus#deployment-table)',
    'ZooKeeper Administrator\'s Guide: "ensembles with an odd number of machines" (https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_designing)',
    'Apache Kafka documentation: min.insync.replicas and replication (https://kafka.apache.org/documentation/#replication)',
    'RabbitMQ: Quorum queues, fault tolerance and minimum number of replicas online (https://www.rabbitmq.com/docs/quorum-queues#quorum-requirements)',
    'Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm (Raft)", USENIX ATC 2014',
  ],
  recommendation:
    'Run consensus clusters with an odd number of voting members (3, or 5 to survive two failures), config servers as a three-member replica set, and Kafka with replication factor 3 and min.insync.replicas 2 on at least three brokers.',
  fix: {
    description: 'Three voting members: a majority of two survives the loss of any one.',
    language: 'yaml',
    snippet:
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: orders-db\nspec:\n  serviceName: orders-db\n  replicas: 3   # was 2: a majority of 2 of 2 survives no failure\n  template:\n    spec:\n      containers:\n        - name: mongo\n          image: mongo:8.0\n          args: ["--replSet", "rs0", "--bind_ip_all"]',
  },
  examples: {
    fail: {
      description: 'a two-member MongoDB replica set and a sharded cluster with one config server',
      files: {
        'k8s/orders-db.yaml':
          'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: orders-db\nspec:\n  serviceName: orders-db\n  replicas: 2\n  selector:\n    matchLabels: { app: orders-db }\n  template:\n    metadata:\n      labels: { app: orders-db }\n    spec:\n      containers:\n        - name: mongo\n          image: mongo:8.0\n          args: ["--replSet", "rs0", "--bind_ip_all"]\n',
        'k8s/config-db.yaml':
          'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: config-db\nspec:\n  serviceName: config-db\n  replicas: 1\n  selector:\n    matchLabels: { app: config-db }\n  template:\n    metadata:\n      labels: { app: config-db }\n    spec:\n      containers:\n        - name: mongo\n          image: mongo:8.0\n          args: ["--configsvr", "--replSet", "cfg", "--bind_ip_all"]\n',
      },
      findings: [
        {
          at: 'k8s/config-db.yaml:17',
          messageId: 'singleConfigServer',
          message:
            'MongoDB config server replica set cfg StatefulSet config-db has a single config server: when it fails the sharded cluster can no longer change its metadata (no chunk migrations, no DDL) and mongos routers that restart cannot load the routing table',
        },
        {
          at: 'k8s/orders-db.yaml:17',
          messageId: 'twoVoters',
          message:
            'MongoDB replica set rs0 StatefulSet orders-db has 2 voting members: a majority is 2, so losing either one stops elections (it tolerates no failure, like a single member, at twice the cost)',
        },
      ],
    },
    pass: {
      description: 'three-member replica sets for the data and the config servers',
      files: {
        'k8s/orders-db.yaml':
          'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: orders-db\nspec:\n  serviceName: orders-db\n  replicas: 3\n  selector:\n    matchLabels: { app: orders-db }\n  template:\n    metadata:\n      labels: { app: orders-db }\n    spec:\n      containers:\n        - name: mongo\n          image: mongo:8.0\n          args: ["--replSet", "rs0", "--bind_ip_all"]\n',
        'k8s/config-db.yaml':
          'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: config-db\nspec:\n  serviceName: config-db\n  replicas: 3\n  selector:\n    matchLabels: { app: config-db }\n  template:\n    metadata:\n      labels: { app: config-db }\n    spec:\n      containers:\n        - name: mongo\n          image: mongo:8.0\n          args: ["--configsvr", "--replSet", "cfg", "--bind_ip_all"]\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const clusters = clustersOf(model).filter(
      (c) => size(c) > 1 || c.key.includes('|configsvr:') || c.engine === 'kafka',
    );
    for (const cluster of clusters) {
      const label = clusterLabel(cluster);
      for (const p of problemsOf(cluster)) {
        const sources: Source[] = cluster.members.map((m) => m.container.commandSource ?? m.container.source);
        findings.push({
          ...p.said,
          locations: sources,
          // the element (and so the fingerprint) keys on the start of what follows the cluster's name, as before ids
          element: `quorum:${cluster.key}:${p.said.message.slice(label.length + 1, label.length + 25)}`,
          severity: p.severity,
          data: { engine: cluster.engine, ...p.data },
        });
      }
    }
    return {
      findings,
      strength:
        clusters.some((c) => size(c) > 1) && findings.length === 0
          ? `All ${clusters.filter((c) => size(c) > 1).length} replicated coordination, database and broker clusters are sized to keep a majority through a member failure`
          : undefined,
    };
  },
};
