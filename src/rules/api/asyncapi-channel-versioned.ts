import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';

/** `orders.placed.v1`, `v2/orders/placed`, `orders-placed-v3`, `orders_v1beta` */
const VERSIONED = /(^|[./_:-])v\d+((alpha|beta)\d*)?($|[./_:-])/i;

const { messages, say } = defineMessages({
  unversioned:
    'Channel {{channel}} has no version in its name; an incompatible payload change would break every consumer in place',
});

export const asyncapiChannelVersioned: Rule = {
  id: 'api/asyncapi-channel-versioned',
  area: 'api',
  severity: 'low',
  title: 'AsyncAPI channel names carry a version',
  messages,
  rationale:
    'Events outlive deployments: a topic holds messages written by old producers and is read by consumers you may not know. ' +
    'When an incompatible payload change is needed, a versioned channel (`orders.placed.v2`) lets the new shape run beside the ' +
    'old one while consumers migrate; an unversioned channel forces an in-place change that breaks everyone reading it.',
  references: [
    'AsyncAPI: channel naming and versioning (https://www.asyncapi.com/docs/concepts/asyncapi-document/structure)',
    'Google AIP-185 API versioning (https://google.aip.dev/185)',
    'Confluent: schema evolution and topic versioning (https://docs.confluent.io/platform/current/schema-registry/fundamentals/schema-evolution.html)',
  ],
  recommendation:
    'Put the major version of the message contract in the channel address (`<domain>.<event>.v1`).',
  fix: {
    description: 'Version the channel address.',
    language: 'yaml',
    snippet: 'channels:\n  orderPlaced:\n    address: orders.placed.v1',
  },
  examples: {
    fail: {
      description: 'An unversioned channel',
      files: {
        'asyncapi.yaml':
          'asyncapi: 2.6.0\ninfo:\n  title: Orders\n  version: 1.0.0\nchannels:\n  orders/placed:\n    subscribe:\n      message:\n        payload:\n          type: object\n',
      },
      findings: [
        {
          at: 'asyncapi.yaml:6',
          messageId: 'unversioned',
          message:
            'Channel orders/placed has no version in its name; an incompatible payload change would break every consumer in place',
        },
      ],
    },
    pass: {
      description: 'The channel name carries v1',
      files: {
        'asyncapi.yaml':
          'asyncapi: 2.6.0\ninfo:\n  title: Orders\n  version: 1.0.0\nchannels:\n  orders/placed/v1:\n    subscribe:\n      message:\n        payload:\n          type: object\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const asyncTopics = model.topics.filter((t) =>
      model.operations.some((o) => o.path === t.name && o.apiId.startsWith('asyncapi:')),
    );
    for (const topic of asyncTopics) {
      if (VERSIONED.test(topic.name)) continue;
      // a dead-letter channel follows the version of the channel it serves
      if (/(dlq|dead[-_.]?letter|retry)$/i.test(topic.name)) continue;
      findings.push({
        ...say.unversioned({ channel: topic.name }),
        locations: [topic.source],
        element: topic.id,
        fix: {
          description: `Rename it to carry the contract version, e.g. \`${topic.name}${topic.name.includes('/') ? '/' : '.'}v1\`.`,
          language: 'yaml',
          snippet: `channels:\n  ${topic.name}${topic.name.includes('/') ? '/' : '.'}v1:`,
        },
      });
    }
    return {
      findings,
      strength:
        asyncTopics.length > 0 && findings.length === 0
          ? `All ${asyncTopics.length} AsyncAPI channels are versioned`
          : undefined,
    };
  },
};
