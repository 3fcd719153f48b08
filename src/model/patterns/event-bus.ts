/**
 * Event bus / asynchronous messaging: a broker of the business system (RabbitMQ, Kafka, NATS, Pulsar, a Redis
 * used as a broker) that two or more business services exchange messages through — async edges from manifests
 * (env, NetworkPolicies), topics from AsyncAPI, code and app config. The path into the bus is named too: the
 * services that call the bus's producers synchronously (Sock Shop: orders → shipping → rabbitmq ← queue-master).
 * Its delivery guarantees (outbox, idempotent consumers, dead letters) are patterns of their own.
 */
import type { Datastore, PatternEvidence, SystemModel } from '../schema.js';
import { evidence, names, type PatternContext, type PatternRecognizer, sortedUnique } from './types.js';

const ENGINE_NAME: Record<string, string> = {
  rabbitmq: 'RabbitMQ',
  kafka: 'Kafka',
  nats: 'NATS',
  pulsar: 'Pulsar',
  redis: 'Redis',
};

/** Brokers of the business system, with the business services connected to each. */
export function busesOf(ctx: Pick<PatternContext, 'model' | 'business' | 'testOnly'>): {
  broker: Datastore;
  services: string[];
  evidence: PatternEvidence[];
}[] {
  const { model } = ctx;
  const out: { broker: Datastore; services: string[]; evidence: PatternEvidence[] }[] = [];
  for (const broker of model.datastores) {
    if (broker.category !== 'broker') continue;
    if (broker.serviceId && !ctx.business.has(broker.serviceId)) continue;
    const target = broker.serviceId ?? broker.id;
    const ev: PatternEvidence[] = [
      evidence(
        `${broker.name} (${ENGINE_NAME[broker.engine] ?? broker.engine}) ${broker.external ? 'is used' : 'is deployed'}`,
        broker.source,
      ),
    ];
    const services = new Set<string>();
    for (const d of model.dependencies) {
      const other = d.to === target || d.to === broker.id ? d.from : d.from === target ? d.to : undefined;
      if (!other || other === target || !ctx.business.has(other) || d.kind === 'startup') continue;
      if (ctx.testOnly(d.source.file)) continue;
      if (services.has(other)) continue;
      services.add(other);
      ev.push(evidence(`${other} ↔ ${broker.name} (${d.protocol}, ${d.via}: ${d.evidence})`, d.source));
    }
    for (const t of model.topics) {
      if (t.datastoreId && t.datastoreId !== broker.id) continue;
      if (!t.datastoreId && busCount(model) > 1) continue;
      const parties = [...t.producers, ...t.consumers].filter((p) => ctx.business.has(p));
      if (parties.length === 0) continue;
      for (const p of parties) services.add(p);
      ev.push(
        evidence(
          `${t.kind} ${t.name}: ${t.producers.join(', ') || '?'} → ${t.consumers.join(', ') || '?'}`,
          t.source,
        ),
      );
    }
    out.push({ broker, services: [...services].sort(), evidence: ev });
  }
  return out;
}

const busCount = (model: SystemModel) => model.datastores.filter((d) => d.category === 'broker').length;

/** Who reaches the bus synchronously through one of its services: `orders → shipping`. */
function upstream(ctx: PatternContext, onBus: Set<string>): string[] {
  const paths: string[] = [];
  for (const d of ctx.model.dependencies) {
    if (d.kind !== 'sync' || !onBus.has(d.to) || onBus.has(d.from)) continue;
    const from = ctx.model.services.find((s) => s.id === d.from);
    if (from?.role !== 'application') continue;
    paths.push(`${d.from} → ${d.to}`);
  }
  return sortedUnique(paths);
}

export const eventBus: PatternRecognizer = {
  ids: ['event-bus'],
  names: { 'event-bus': 'Event bus / asynchronous messaging' },
  recognize(ctx) {
    const buses = busesOf(ctx).filter((b) => b.services.length > 0);
    if (buses.length === 0) return [];
    const engines = sortedUnique(buses.map((b) => ENGINE_NAME[b.broker.engine] ?? b.broker.engine));
    const services = sortedUnique(buses.flatMap((b) => b.services));
    const shared = buses.filter((b) => b.services.length >= 2);
    const paths = upstream(ctx, new Set(services));
    const notes = buses
      .map((b) =>
        b.services.length >= 2
          ? `${names(b.services)} exchange messages through ${b.broker.name}`
          : `only ${b.services[0]} uses ${b.broker.name}`,
      )
      .join('; ');
    return [
      {
        id: 'event-bus',
        name: `Event bus (${engines.join(', ')})`,
        status: shared.length > 0 ? 'applied' : 'partial',
        services,
        evidence: buses.flatMap((b) => b.evidence),
        gaps:
          shared.length > 0
            ? []
            : buses.map((b) => ({
                text: `only ${b.services[0]} connects to ${b.broker.name}`,
                source: b.broker.source,
              })),
        notes: `${notes}${paths.length ? `; reached synchronously by ${paths.join(', ')}` : ''}`,
      },
    ];
  },
};
