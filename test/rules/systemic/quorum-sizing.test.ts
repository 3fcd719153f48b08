import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../../src/discover/index.js';
import { runRules } from '../../../src/review/engine.js';
import { engineOfImage, flagValue, quorumSizing } from '../../../src/rules/resilience/quorum-sizing.js';
import { corpusPath, corpusTitle } from '../../helpers/corpus.js';
import { messages, review, where } from './helpers.js';

describe('resilience/quorum-sizing', () => {
  it('reads engines from images and flags from command words', () => {
    expect(engineOfImage('bitnami/etcd:3.5')).toBe('etcd');
    expect(engineOfImage('confluentinc/cp-kafka:7.6.0')).toBe('kafka');
    expect(engineOfImage('hashicorp/consul:1.20')).toBe('consul');
    expect(engineOfImage('mongo-express')).toBeUndefined();
    expect(flagValue(['mongod', '--replSet', 'rs0'], 'replSet')).toBe('rs0');
    expect(flagValue(['mongod --replSet=rs0 --bind_ip_all'], 'replSet')).toBe('rs0');
    expect(flagValue(['agent', '-server', '-bootstrap-expect=3'], 'bootstrap-expect')).toBe('3');
    expect(flagValue(['mongod', '--configsvr'], 'configsvr')).toBe('');
  });

  it('reports the two-member replica set and the single config server of the example', () => {
    const run = review(quorumSizing, quorumSizing.examples.fail.files);
    expect(messages(run)).toEqual([
      'MongoDB config server replica set cfg StatefulSet config-db has a single config server: when it fails the sharded cluster can no longer change its metadata (no chunk migrations, no DDL) and mongos routers that restart cannot load the routing table',
      'MongoDB replica set rs0 StatefulSet orders-db has 2 voting members: a majority is 2, so losing either one stops elections (it tolerates no failure, like a single member, at twice the cost)',
    ]);
    expect(where(run)).toEqual([['k8s/config-db.yaml:17'], ['k8s/orders-db.yaml:17']]);
  });

  it('counts compose services of one project as one cluster: ZooKeeper of 4, Consul servers short of bootstrap-expect', () => {
    const zk = (n: number) => `  zk${n}:\n    image: zookeeper:3.9\n`;
    const run = review(quorumSizing, {
      'docker-compose.yml': `services:\n${[1, 2, 3, 4].map(zk).join('')}  consul1:\n    image: hashicorp/consul:1.20\n    command: agent -server -bootstrap-expect=3\n  consul2:\n    image: hashicorp/consul:1.20\n    command: agent -server -bootstrap-expect=3\n  consul-client:\n    image: hashicorp/consul:1.20\n    command: agent -retry-join=consul1\n`,
    });
    expect(run.findings.map((f) => f.messageId)).toEqual(['bootstrapExpectMismatch', 'evenVoters']);
    expect(run.findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'high',
        'Consul servers of compose services consul1, consul2 (docker-compose.yml) expects 3 servers (-bootstrap-expect) but runs 2',
      ],
      [
        'medium',
        'ZooKeeper cluster of compose services zk1, zk2, zk3, zk4 (docker-compose.yml) has 4 voting members, an even number: it tolerates 1 failure, no more than 3 members would, and a network split in halves leaves neither side a majority',
      ],
    ]);
  });

  it('checks Kafka replication settings against the brokers', () => {
    const broker = (n: number) =>
      `  kafka${n}:\n    image: confluentinc/cp-kafka:7.6.0\n    environment:\n      KAFKA_DEFAULT_REPLICATION_FACTOR: "2"\n      KAFKA_MIN_INSYNC_REPLICAS: "2"\n      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "3"\n`;
    const run = review(quorumSizing, { 'docker-compose.yml': `services:\n${broker(1)}${broker(2)}` });
    expect(run.findings.map((f) => f.messageId)).toEqual([
      'insyncReplicasBlockWrites',
      'replicationAboveBrokers',
    ]);
    expect(messages(run)).toEqual([
      'Kafka cluster of compose services kafka1, kafka2 (docker-compose.yml) sets min.insync.replicas=2 with replication factor 2: losing one broker blocks every producer that writes with acks=all',
      'Kafka cluster of compose services kafka1, kafka2 (docker-compose.yml) sets offsets.topic.replication.factor=3 on 2 brokers: topics that need it cannot be created',
    ]);
  });

  it('passes odd clusters and leaves single instances to the replication rules', () => {
    const run = review(quorumSizing, {
      'k8s/etcd.yaml':
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: etcd\nspec:\n  serviceName: etcd\n  replicas: 3\n  selector:\n    matchLabels: { app: etcd }\n  template:\n    metadata:\n      labels: { app: etcd }\n    spec:\n      containers:\n        - name: etcd\n          image: quay.io/coreos/etcd:v3.5.17\n',
      'docker-compose.yml':
        'services:\n  rabbitmq:\n    image: rabbitmq:4.1\n  mongo:\n    image: mongo:8.0\n',
    });
    expect(messages(run)).toEqual([]);
    expect(run.strengths.map((s) => s.message)).toEqual([
      'All 1 replicated coordination, database and broker clusters are sized to keep a majority through a member failure',
    ]);
  });
});

describe.skipIf(!existsSync(corpusPath('sock-shop')))(
  corpusTitle('Sock Shop quorum sizing', 'sock-shop'),
  () => {
    it('finds no cluster to judge: every MongoDB and RabbitMQ runs as one instance', async () => {
      const run = runRules(await discoverDirectory(corpusPath('sock-shop')), { rules: {} }, [quorumSizing]);
      expect(messages(run)).toEqual([]);
      expect(run.strengths).toEqual([]);
    });
  },
);
