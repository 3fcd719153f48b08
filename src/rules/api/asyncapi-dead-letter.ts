import { asyncDirection } from '../../discover/asyncapi/adapter.js';
import type { Operation } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { asyncapiDocuments, isObj } from './lib/asyncapi-shared.js';

const { messages, say } = defineMessages({
  noFailurePath: '{{file}} consumes {{channel}} but describes no dead-letter channel or retry policy',
});

const RETRY_KEY = /retr(y|ies)|redeliver|backoff|maxDeliver|max[-_]?attempts/i;

/** True when a retry policy is described anywhere in the object (x-retry, bindings, ...), bounded depth. */
function describesRetry(node: unknown, depth = 0): boolean {
  if (!isObj(node) || depth > 5) return false;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'payload' || key === 'messages' || key === 'message') continue;
    if (RETRY_KEY.test(key)) return true;
    if (isObj(value) && describesRetry(value, depth + 1)) return true;
  }
  return false;
}

export const asyncapiDeadLetter: Rule = {
  id: 'api/asyncapi-dead-letter',
  area: 'api',
  severity: 'medium',
  title: 'Consumed channels describe dead-letter or retry handling',
  messages,
  rationale:
    'A consumer will meet a message it cannot process: a bad payload, a bug, a dependency that is down. Without a described ' +
    'retry policy and a dead-letter destination, the team either blocks the partition/queue behind the poison message or drops ' +
    'it silently — and in both cases nobody reading the contract knows which. Writing it into the AsyncAPI document makes the ' +
    'failure path part of the design.',
  references: [
    'AsyncAPI bindings (AMQP, SQS redrivePolicy, Kafka) (https://github.com/asyncapi/bindings)',
    'Hohpe & Woolf, Enterprise Integration Patterns: Dead Letter Channel (https://www.enterpriseintegrationpatterns.com/patterns/messaging/DeadLetterChannel.html)',
    'Nygard, Release It! (2nd ed.): stability patterns for integration points',
  ],
  recommendation:
    'For each channel the application consumes, describe the retry policy and the dead-letter channel (an `x-dead-letter` extension or the protocol binding).',
  fix: {
    description: 'Describe the dead-letter channel and retry policy on the consumed channel.',
    language: 'yaml',
    snippet:
      'channels:\n  payments.settled.v1:\n    x-dead-letter: payments.settled.v1.dlq\n    x-retry:\n      maxAttempts: 5\n      backoff: exponential',
  },
  examples: {
    fail: {
      description: 'A consumer with no failure path',
      files: {
        'asyncapi.yaml':
          'asyncapi: 3.0.0\ninfo:\n  title: Billing\n  version: 1.0.0\nchannels:\n  orderPlaced:\n    address: orders.placed.v1\n    messages:\n      OrderPlaced:\n        payload:\n          type: object\noperations:\n  onOrderPlaced:\n    action: receive\n    channel:\n      $ref: "#/channels/orderPlaced"\n',
      },
      findings: [
        {
          at: 'asyncapi.yaml:6',
          messageId: 'noFailurePath',
          message:
            'asyncapi.yaml consumes orders.placed.v1 but describes no dead-letter channel or retry policy',
          also: ['asyncapi.yaml:13'],
        },
      ],
    },
    pass: {
      description: 'The consumed channel names its dead-letter channel and retry policy',
      files: {
        'asyncapi.yaml':
          'asyncapi: 3.0.0\ninfo:\n  title: Billing\n  version: 1.0.0\nchannels:\n  orderPlaced:\n    address: orders.placed.v1\n    x-dead-letter: orders.placed.v1.billing.dlq\n    x-retry:\n      maxAttempts: 5\n    messages:\n      OrderPlaced:\n        payload:\n          type: object\noperations:\n  onOrderPlaced:\n    action: receive\n    channel:\n      $ref: "#/channels/orderPlaced"\n',
      },
    },
  },
  check(model, ctx) {
    const docs = new Map(asyncapiDocuments(ctx).map((d) => [`asyncapi:${d.file}`, d]));
    const topics = new Map(model.topics.map((t) => [t.name, t]));
    const consumed: Operation[] = model.operations.filter(
      (o) => o.apiId.startsWith('asyncapi:') && asyncDirection(o.method) === 'consumes',
    );
    const findings: FindingDraft[] = [];
    for (const op of consumed) {
      const topic = topics.get(op.path);
      if (topic?.deadLetter) continue;
      const doc = docs.get(op.apiId);
      const data = doc?.data as Record<string, unknown> | undefined;
      const channels = isObj(data?.channels) ? data.channels : {};
      const channel = Object.entries(channels).find(
        ([key, c]) => key === op.path || (isObj(c) && c.address === op.path),
      )?.[1];
      const operations = isObj(data?.operations) ? data.operations : {};
      const operation = op.operationId ? operations[op.operationId] : undefined;
      if (describesRetry(channel) || describesRetry(operation)) continue;
      findings.push({
        ...say.noFailurePath({ file: op.apiId.slice('asyncapi:'.length), channel: op.path }),
        locations: [op.source, ...(topic ? [topic.source] : [])],
        element: op.id,
        fix: {
          description: `Describe where messages from ${op.path} go after failed processing, and how often they are retried.`,
          language: 'yaml',
          snippet: `x-dead-letter: ${op.path}.dlq\nx-retry:\n  maxAttempts: 5\n  backoff: exponential`,
        },
      });
    }
    return {
      findings,
      strength:
        consumed.length > 0 && findings.length === 0
          ? `All ${consumed.length} consumed AsyncAPI channels describe their failure path`
          : undefined,
    };
  },
};
