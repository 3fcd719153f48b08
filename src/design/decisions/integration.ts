/** Integration approach: sync or async per interaction, the events that carry async ones, and the broker. */
import { kebab, pascal } from '../names.js';
import type { Interaction } from '../requirements.js';
import { type DecisionRow, decide, num } from './table.js';

export type InteractionStyle = 'in-process-call' | 'sync-http' | 'in-process-event' | 'async-event';

export interface InteractionFacts {
  interaction: Interaction;
  fromDeployable: string;
  toDeployable: string;
  ratePerSecond: number;
}

export const INTERACTION_TABLE: DecisionRow<InteractionFacts, InteractionStyle>[] = [
  {
    id: 'integration/in-process-query',
    when: (f) => f.interaction.needsImmediateAnswer && f.fromDeployable === f.toDeployable,
    choose: 'in-process-call',
    because: (f) =>
      `${f.interaction.from} needs the answer now and both modules run in ${f.fromDeployable}: call the ${f.interaction.to} module's public interface, never its tables`,
  },
  {
    id: 'integration/sync-when-answer-needed',
    when: (f) => f.interaction.needsImmediateAnswer,
    choose: 'sync-http',
    because: (f) =>
      `${f.interaction.from} cannot continue without the answer: synchronous HTTP with a timeout, a bounded retry with jitter and a circuit breaker`,
  },
  {
    id: 'integration/in-process-event',
    when: (f) => f.fromDeployable === f.toDeployable,
    choose: 'in-process-event',
    because: () =>
      'no answer needed and both modules share a deployable: a domain event written to the outbox in the same transaction and dispatched in-process, so extraction later only changes the transport',
  },
  {
    id: 'integration/async-event',
    when: () => true,
    choose: 'async-event',
    because: (f) =>
      `no answer needed: ${f.interaction.from} publishes an event (${num(f.ratePerSecond, 1)}/s at peak) and ${f.interaction.to} consumes it at its own pace, so neither's outage blocks the other`,
  },
];

export type BrokerKind = 'none' | 'outbox' | 'kafka' | 'rabbitmq';

export interface BrokerFacts {
  crossDeployableEvents: number;
  inProcessEvents: number;
  peakEventRate: number;
  streaming: boolean;
}

export const BROKER_TABLE: DecisionRow<BrokerFacts, BrokerKind>[] = [
  {
    id: 'broker/streaming-or-high-rate',
    when: (f) => f.crossDeployableEvents > 0 && (f.streaming || f.peakEventRate >= 1000),
    choose: 'kafka',
    because: (f) =>
      `${num(f.peakEventRate, 0)} events/s at peak${f.streaming ? ' and a real-time stream to fan out' : ''}: a partitioned, replicated log keeps per-key order, absorbs bursts and lets new consumers replay history`,
  },
  {
    id: 'broker/work-queues',
    when: (f) => f.crossDeployableEvents > 0,
    choose: 'rabbitmq',
    because: (f) =>
      `${f.crossDeployableEvents} event flows at ${num(f.peakEventRate, 0)} events/s at peak: per-message acknowledgement, dead-letter exchanges and routing without operating a log cluster`,
  },
  {
    id: 'broker/outbox-only',
    when: (f) => f.inProcessEvents > 0,
    choose: 'outbox',
    because: () =>
      'every event stays inside one deployable: a transactional outbox table in the primary database, polled by an in-process dispatcher, needs no broker to run',
  },
  {
    id: 'broker/none',
    when: () => true,
    choose: 'none',
    because: () => 'no asynchronous interactions were declared',
  },
];

export interface InteractionDecision {
  from: string;
  to: string;
  fromDeployable: string;
  toDeployable: string;
  purpose: string;
  style: InteractionStyle;
  rule: string;
  because: string;
  ratePerSecond: number;
  event?: string;
  /** Versioned channel name `<producer-context>.<event>.v1`. */
  channel?: string;
}

export function decideInteraction(facts: InteractionFacts): InteractionDecision {
  const d = decide(INTERACTION_TABLE, facts);
  const i = facts.interaction;
  const async = d.choice === 'async-event' || d.choice === 'in-process-event';
  const event = async ? (i.event ?? pascal(i.purpose)) : undefined;
  return {
    from: i.from,
    to: i.to,
    fromDeployable: facts.fromDeployable,
    toDeployable: facts.toDeployable,
    purpose: i.purpose,
    style: d.choice,
    rule: d.rule,
    because: d.because,
    ratePerSecond: facts.ratePerSecond,
    event,
    channel: event ? `${i.from}.${kebab(event)}.v1` : undefined,
  };
}

export function chooseBroker(facts: BrokerFacts) {
  return decide(BROKER_TABLE, facts);
}

/** The context, then every context it reaches through calls that wait for an answer. */
export function syncClosure(start: string, interactions: InteractionDecision[]): string[] {
  const seen = [start];
  for (let i = 0; i < seen.length; i++) {
    for (const x of interactions) {
      if (
        x.from === seen[i] &&
        (x.style === 'sync-http' || x.style === 'in-process-call') &&
        !seen.includes(x.to)
      )
        seen.push(x.to);
    }
  }
  return seen;
}
