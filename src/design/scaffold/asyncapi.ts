/**
 * AsyncAPI 3.0 per deployable for the events it publishes and consumes: versioned channel addresses,
 * a payload schema per message, and for every consumed channel its retry policy and dead-letter channel.
 */

import type { InteractionDecision } from '../decisions/integration.js';
import { uniqueChannels } from '../design.js';
import { camel, pascal } from '../names.js';
import type { DeployableDesign, DesignResult } from '../result.js';

type Obj = Record<string, unknown>;

/** Events a deployable takes part in: cross-deployable ones, and in-process ones of a monolith. */
function eventsOf(d: DesignResult, dep: DeployableDesign): InteractionDecision[] {
  return d.integration.interactions.filter(
    (i) => i.event && (i.fromDeployable === dep.name || i.toDeployable === dep.name),
  );
}

export function hasEvents(d: DesignResult, dep: DeployableDesign): boolean {
  return eventsOf(d, dep).length > 0;
}

function payloadFor(d: DesignResult, e: { event: string; from: string }): Obj {
  const context = d.requirements.contexts.find((c) => c.name === e.from)!;
  const aggregate = context.entities[0].name;
  return {
    type: 'object',
    additionalProperties: false,
    required: ['eventId', 'eventType', 'occurredAt', `${camel(aggregate)}Id`],
    properties: {
      eventId: {
        type: 'string',
        format: 'uuid',
        description: 'Unique per event; consumers deduplicate on it.',
      },
      eventType: { type: 'string', const: e.event },
      occurredAt: { type: 'string', format: 'date-time' },
      [`${camel(aggregate)}Id`]: {
        type: 'string',
        format: 'uuid',
        description: `The ${aggregate} the event is about.`,
      },
      data: {
        type: 'object',
        maxProperties: 50,
        description: 'Event-specific fields; ids, not personal data.',
      },
    },
  };
}

export function asyncapiFor(d: DesignResult, dep: DeployableDesign): Obj {
  const events = eventsOf(d, dep);
  const channels: Obj = {};
  const operations: Obj = {};
  const messages: Obj = {};
  const broker = d.integration.broker.choice;
  const all = uniqueChannels(events);
  for (const c of all) {
    const key = `${camel(c.from)}${pascal(c.event)}`;
    const produces = events.some((e) => e.channel === c.channel && e.fromDeployable === dep.name);
    const consumers = events.filter((e) => e.channel === c.channel && e.toDeployable === dep.name);
    messages[c.event] = {
      name: c.event,
      title: c.event,
      summary: `${c.from}: ${events.find((e) => e.channel === c.channel)!.purpose}.`,
      contentType: 'application/json',
      payload: payloadFor(d, c),
    };
    const channel: Obj = {
      address: c.channel,
      description: `${c.event} events from ${c.from}, peak ${Math.round(c.rate * 10) / 10}/s.`,
      messages: { [c.event]: { $ref: `#/components/messages/${c.event}` } },
    };
    if (consumers.length > 0) {
      const dlq = `${c.channel}.${dep.name}.dlq`;
      channel['x-dead-letter'] = dlq;
      channel['x-retry'] = {
        maxAttempts: 5,
        backoff: 'exponential',
        initialIntervalMs: 500,
        maxIntervalMs: 30000,
      };
      channels[`${key}DeadLetter`] = {
        address: dlq,
        description: `Messages from ${c.channel} that ${dep.name} failed to process after 5 attempts; alerted on and replayed by hand.`,
        messages: { [c.event]: { $ref: `#/components/messages/${c.event}` } },
      };
      operations[`on${pascal(c.from)}${c.event}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${key}` },
        summary: consumers.map((x) => x.purpose).join('; '),
        'x-retry': { maxAttempts: 5, backoff: 'exponential' },
        'x-dead-letter': dlq,
      };
    }
    if (produces)
      operations[`publish${c.event}`] = {
        action: 'send',
        channel: { $ref: `#/channels/${key}` },
        summary: `Published from the transactional outbox after the ${c.from} change commits.`,
      };
    channels[key] = channel;
  }
  const servers =
    broker === 'kafka'
      ? {
          production: {
            host: 'kafka:9092',
            protocol: 'kafka',
            description: 'Kafka cluster (TLS and SASL in production).',
          },
        }
      : broker === 'rabbitmq'
        ? {
            production: {
              host: 'rabbitmq:5672',
              protocol: 'amqp',
              description: 'RabbitMQ cluster (quorum queues).',
            },
          }
        : undefined;
  return {
    asyncapi: '3.0.0',
    info: {
      title: `${d.system} ${dep.name} events`,
      version: '1.0.0',
      description:
        broker === 'outbox'
          ? `Domain events of ${dep.name}, dispatched in-process from a transactional outbox; the same contract carries over to a broker when a module is extracted.`
          : `Events ${dep.name} publishes and consumes.`,
    },
    ...(servers ? { servers } : {}),
    defaultContentType: 'application/json',
    channels: sortKeys(channels),
    operations: sortKeys(operations),
    components: { messages: sortKeys(messages) },
  };
}

function sortKeys(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
