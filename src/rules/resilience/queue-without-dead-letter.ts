import type { SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { businessDatastores, serviceName, storeUsers, uniqueSources } from '../shared/roles.js';
import { kindLabels } from '../shared/workloads.js';
import type { FindingDraft, Rule, RuleContext } from '../types.js';
import { storeWorkloads } from './unreplicated-datastore.js';

const DEAD_LETTER =
  /dead[-_. ]?letter|deadletter|\bdlq\b|\bdlx\b|[-_.]dlq\b|[-_.]dlx\b|\bdlq[-_.]|\bdlx[-_.]/i;
const QUEUE_BROKERS = new Set(['rabbitmq', 'kafka', 'pulsar', 'nats']);

/** Any sign of dead-letter handling anywhere in the configuration the repository holds. */
export function deadLetterEvidence(model: SystemModel, ctx: RuleContext): string | undefined {
  for (const t of model.topics) if (t.deadLetter) return `topic ${t.name} → ${t.deadLetter}`;
  for (const d of model.deployables) {
    for (const c of d.containers) {
      for (const e of c.env)
        if (DEAD_LETTER.test(e.name) || DEAD_LETTER.test(e.value ?? '')) return `${d.name} env ${e.name}`;
      for (const a of [...(c.command ?? []), ...(c.args ?? [])])
        if (DEAD_LETTER.test(a)) return `${d.name} arguments`;
    }
  }
  for (const config of model.configs) {
    for (const e of config.entries)
      if (DEAD_LETTER.test(e.key) || DEAD_LETTER.test(e.value ?? ''))
        return `${config.kind} ${config.name} ${e.key}`;
  }
  const file = ctx.paths.find((p) => DEAD_LETTER.test(p.slice(p.lastIndexOf('/') + 1)));
  return file ? `file ${file}` : undefined;
}

function brokerName(engine: string): string {
  return { rabbitmq: 'RabbitMQ', kafka: 'Kafka', pulsar: 'Pulsar', nats: 'NATS' }[engine] ?? engine;
}

const COMPOSE = (consumerEnv: string) =>
  `services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      AMQP_URL: amqp://rabbitmq:5672\n  shipping:\n    image: shop/shipping:1.2.0\n    environment:\n      AMQP_URL: amqp://rabbitmq:5672\n${consumerEnv}  rabbitmq:\n    image: rabbitmq:3.13.6-management\n`;

const { messages, say } = defineMessages({
  topicWithoutDeadLetter: '{{topic}} is consumed by {{consumers}} but has no dead-letter destination',
  brokerWithoutDeadLetter:
    '{{broker}} is deployed ({{workloads}}){{users}}, but nothing in the repository configures dead-lettering (no DLQ topic, dead-letter exchange policy or client setting)',
});

export const queueWithoutDeadLetter: Rule = {
  id: 'resilience/queue-without-dead-letter',
  area: 'resilience',
  severity: 'medium',
  title: 'Message broker or queue with no dead-letter handling',
  messages,
  rationale:
    'Sooner or later a consumer meets a message it cannot process. Without a dead-letter queue the broker redelivers it ' +
    'forever (blocking the queue or burning CPU), or the consumer acks and drops it — either way the failure is invisible. ' +
    'A dead-letter destination keeps the poison message, unblocks the queue and gives operators something to alert on ' +
    'and replay. Reported only when nothing in the repository (topics, broker or client configuration, definitions files) ' +
    'mentions dead-lettering; AsyncAPI channels are covered by api/asyncapi-dead-letter.',
  references: [
    'Hohpe & Woolf, Enterprise Integration Patterns: Dead Letter Channel (https://www.enterpriseintegrationpatterns.com/patterns/messaging/DeadLetterChannel.html)',
    'RabbitMQ documentation: Dead Letter Exchanges (https://www.rabbitmq.com/docs/dlx)',
    'Nygard, Release It! (2nd ed.), ch. 4: Integration Points',
  ],
  recommendation:
    'Give every consumed queue a dead-letter destination and a bounded retry count (RabbitMQ: a `dead-letter-exchange` ' +
    "policy; Kafka: a `.DLT` topic via the client's error handler or Connect's `errors.deadletterqueue.topic.name`), " +
    'and alert on its depth.',
  fix: {
    description: 'A RabbitMQ policy that dead-letters every queue, with bounded redelivery on quorum queues.',
    language: 'yaml',
    snippet:
      '# rabbitmq definitions.json, loaded with load_definitions (shown as YAML)\npolicies:\n  - name: dead-letter\n    vhost: /\n    pattern: "^(?!dlq\\\\.).*"\n    apply-to: queues\n    definition:\n      dead-letter-exchange: dlx\n      delivery-limit: 5\nexchanges:\n  - { name: dlx, vhost: /, type: fanout, durable: true }\nqueues:\n  - { name: dlq.all, vhost: /, durable: true }\nbindings:\n  - { source: dlx, vhost: /, destination: dlq.all, destination_type: queue }',
  },
  examples: {
    fail: {
      description: 'orders and shipping use RabbitMQ; nothing configures a dead-letter exchange',
      files: { 'docker-compose.yml': COMPOSE('') },
      findings: [
        {
          at: 'docker-compose.yml:10',
          messageId: 'brokerWithoutDeadLetter',
          message:
            'RabbitMQ rabbitmq is deployed (compose-service rabbitmq) and used by orders, shipping, but nothing in the repository configures dead-lettering (no DLQ topic, dead-letter exchange policy or client setting)',
        },
      ],
    },
    pass: {
      description: 'the consumer declares its queue with a dead-letter exchange',
      files: { 'docker-compose.yml': COMPOSE('      SHIPPING_QUEUE_DEAD_LETTER_EXCHANGE: shipping.dlx\n') },
    },
  },
  check(model, ctx) {
    const evidence = deadLetterEvidence(model, ctx);
    const findings: FindingDraft[] = [];
    let considered = 0;

    // Topics known from non-AsyncAPI sources (AsyncAPI channels have their own rule).
    const asyncapiFiles = new Set(model.artifacts.filter((a) => a.kind === 'asyncapi').map((a) => a.file));
    for (const topic of model.topics) {
      if (asyncapiFiles.has(topic.source.file) || topic.consumers.length === 0) continue;
      considered++;
      if (topic.deadLetter) continue;
      findings.push({
        ...say.topicWithoutDeadLetter({
          topic: `${topic.kind} ${topic.name}`,
          consumers: topic.consumers.join(', '),
        }),
        locations: [topic.source],
        element: `topic:${topic.id}#dead-letter`,
        data: { topic: topic.id, consumers: topic.consumers },
      });
    }

    for (const store of businessDatastores(model)) {
      if (store.category !== 'broker' || !QUEUE_BROKERS.has(store.engine) || store.external) continue;
      const workloads = storeWorkloads(model, store);
      if (workloads.length === 0) continue;
      considered++;
      if (evidence) continue;
      const users = [...storeUsers(model, store).keys()].map((id) => serviceName(model, id));
      findings.push({
        ...say.brokerWithoutDeadLetter({
          broker: `${brokerName(store.engine)} ${store.name}`,
          workloads: kindLabels(workloads),
          users: users.length ? ` and used by ${users.join(', ')}` : '',
        }),
        locations: uniqueSources([...workloads.map((d) => d.source), store.source]),
        element: `datastore:${store.id}#dead-letter`,
        data: { datastore: store.id, engine: store.engine, users },
      });
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0
          ? `Dead-letter handling is configured for the messaging in use (${evidence ?? 'every consumed topic names one'})`
          : undefined,
    };
  },
};
