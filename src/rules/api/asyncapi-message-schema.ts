import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { asyncapiDocuments, asyncMessages, isObj } from './lib/asyncapi-shared.js';

const { messages, say } = defineMessages({
  noPayloadSchema: 'Message {{name}} on channel {{channel}} ({{file}}) has no payload schema',
});

export const asyncapiMessageSchema: Rule = {
  id: 'api/asyncapi-message-schema',
  area: 'api',
  severity: 'high',
  title: 'Every AsyncAPI message has a payload schema',
  messages,
  rationale:
    'An event without a payload schema is a contract in name only: producers can change the shape at will, consumers parse ' +
    'by guesswork, and nothing can check compatibility before a deploy breaks every subscriber at once. Because consumers are ' +
    'decoupled in time, a bad event may sit in a topic for days before anyone reads it.',
  references: [
    'AsyncAPI 3.0 Message Object: payload (https://www.asyncapi.com/docs/reference/specification/v3.0.0#messageObject)',
    'AsyncAPI 2.6 Message Object (https://www.asyncapi.com/docs/reference/specification/v2.6.0#messageObject)',
    'Kleppmann, Designing Data-Intensive Applications, ch. 4 (schema evolution)',
  ],
  recommendation:
    'Describe each message payload with a schema (JSON Schema, Avro or Protobuf via schemaFormat).',
  fix: {
    description: 'Add a payload schema to the message.',
    language: 'yaml',
    snippet:
      'components:\n  messages:\n    OrderPlaced:\n      payload:\n        type: object\n        required: [orderId, placedAt]\n        properties:\n          orderId: { type: string }\n          placedAt: { type: string, format: date-time }',
  },
  examples: {
    fail: {
      description: 'A message with a name but no payload',
      files: {
        'asyncapi.yaml':
          'asyncapi: 3.0.0\ninfo:\n  title: Orders\n  version: 1.0.0\nchannels:\n  orderPlaced:\n    address: orders.placed.v1\n    messages:\n      OrderPlaced:\n        name: OrderPlaced\n        summary: An order was placed.\noperations:\n  publishOrderPlaced:\n    action: send\n    channel:\n      $ref: "#/channels/orderPlaced"\n',
      },
      findings: [
        {
          at: 'asyncapi.yaml:9:7',
          messageId: 'noPayloadSchema',
          message: 'Message OrderPlaced on channel orders.placed.v1 (asyncapi.yaml) has no payload schema',
        },
      ],
    },
    pass: {
      description: 'The message carries its payload schema',
      files: {
        'asyncapi.yaml':
          'asyncapi: 3.0.0\ninfo:\n  title: Orders\n  version: 1.0.0\nchannels:\n  orderPlaced:\n    address: orders.placed.v1\n    messages:\n      OrderPlaced:\n        name: OrderPlaced\n        payload:\n          type: object\n          properties:\n            orderId:\n              type: string\noperations:\n  publishOrderPlaced:\n    action: send\n    channel:\n      $ref: "#/channels/orderPlaced"\n',
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of asyncapiDocuments(ctx)) {
      for (const m of asyncMessages(doc)) {
        checked++;
        const payload = m.message.payload;
        const hasSchema = isObj(payload) && Object.keys(payload).length > 0;
        if (hasSchema) continue;
        findings.push({
          ...say.noPayloadSchema({ name: m.name, channel: m.channel, file: doc.file }),
          locations: [doc.locate(m.path)],
          element: `asyncapi-message:${doc.file}#${m.path.join('/')}`,
        });
      }
    }
    return {
      findings,
      strength:
        checked > 0 && findings.length === 0
          ? `All ${checked} AsyncAPI messages have payload schemas`
          : undefined,
    };
  },
};
