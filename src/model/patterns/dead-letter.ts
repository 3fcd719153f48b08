/**
 * Dead letters: a message that keeps failing is parked where someone can see and replay it, instead of being
 * redelivered forever or dropped. Recognised from AsyncAPI dead-letter bindings and DLQ topics (`topics[].
 * deadLetter`, `orders.DLT`, `orders-dlq`), dead-letter vocabulary in code and app config
 * (`x-dead-letter-exchange`, `deadLetterQueue`, `*.dlq`). Partial when some consumed topics have one and others not.
 */
import type { PatternEvidence } from '../schema.js';
import { busExpected } from './guarantees.js';
import { evidence, names, type PatternRecognizer, sortedUnique } from './types.js';

const DLQ_NAME = /([._-]|^)(dlq|dlt|dead-?letters?|deadletter|parking-?lot)([._-]|$)/i;
const DLQ_WORD = /dead-?_?letter|(^|[.-])dlq([.-]|$)/i;

export const deadLetter: PatternRecognizer = {
  ids: ['dead-letter'],
  names: { 'dead-letter': 'Dead-letter queues' },
  recognize(ctx) {
    const { model } = ctx;
    const ev: PatternEvidence[] = [];
    const services: string[] = [];
    const guarded = new Set<string>();
    for (const t of model.topics) {
      if (t.deadLetter) {
        guarded.add(t.id);
        ev.push(evidence(`${t.kind} ${t.name} dead-letters to ${t.deadLetter}`, t.source));
        services.push(...t.consumers);
      } else if (DLQ_NAME.test(t.name)) {
        ev.push(evidence(`dead-letter ${t.kind} ${t.name}`, t.source));
        const base = t.name.replace(DLQ_NAME, '');
        for (const o of model.topics) if (o.name === base) guarded.add(o.id);
      }
    }
    for (const f of model.codeFacts) {
      if (f.kind !== 'pattern' || !DLQ_WORD.test(f.value)) continue;
      if (f.serviceId && !ctx.business.has(f.serviceId)) continue;
      if (f.serviceId) services.push(f.serviceId);
      ev.push(
        evidence(
          `${f.value} in ${f.language === 'config' ? 'config' : 'code'}${f.serviceId ? ` of ${f.serviceId}` : ''}`,
          f.source,
        ),
      );
    }
    for (const c of model.configs) {
      if (ctx.inTest(c)) continue;
      const entry = c.entries.find(
        (e) => DLQ_WORD.test(e.key) || (e.value !== undefined && DLQ_WORD.test(e.value)),
      );
      if (entry) ev.push(evidence(`${c.kind} ${c.name}: ${entry.key}`, entry.source));
    }
    if (ev.length === 0) return [];
    const unguarded = model.topics.filter(
      (t) => t.consumers.length > 0 && !guarded.has(t.id) && !DLQ_NAME.test(t.name) && !t.deadLetter,
    );
    // topic-level evidence decides coverage; code or config alone cannot say which queues it guards
    const topicLevel = guarded.size > 0;
    return [
      {
        id: 'dead-letter',
        name: 'Dead-letter queues',
        status: topicLevel && unguarded.length > 0 ? 'partial' : 'applied',
        services: sortedUnique(services.filter((s) => ctx.business.has(s))),
        evidence: ev,
        gaps: topicLevel
          ? unguarded.map((t) => ({ text: `${t.kind} ${t.name} has no dead letter`, source: t.source }))
          : [],
        notes:
          topicLevel && unguarded.length > 0
            ? `${guarded.size} consumed destinations park failing messages; ${names(unguarded.map((t) => t.name))} do not`
            : 'failing messages are parked for inspection and replay',
      },
    ];
  },
  expected: (_model, found) => ({
    'dead-letter': busExpected(found, 'a message that keeps failing must be parked, not redelivered forever'),
  }),
};
