/**
 * Shared by the patterns recognised from vocabulary (outbox, idempotent consumers, saga, CQRS): the pattern
 * words code and app config use (`pattern` code facts, src/discover/code/extract.ts and app-config/adapter.ts) and the
 * tables that carry the pattern, grouped per service.
 */
import type { PatternEvidence, PatternFact } from '../schema.js';
import type { PatternRecognizer } from './types.js';
import { evidence, names, type PatternContext, plural, sortedUnique } from './types.js';

export interface Vocabulary {
  id: string;
  name: string;
  /** Pattern words (values of `pattern` code facts). */
  words: RegExp;
  /** Table names that carry the pattern. */
  tables?: RegExp;
  /** What the services do, for the notes: `write events in the same transaction as their state`. */
  does: string;
  /** Whether one service's words are enough (default: any word). */
  accept?: (values: string[]) => boolean;
}

/** A recognizer of one vocabulary (its id and name declared once, in `v`), with what the system is expected to show. */
export function vocabularyPattern(
  v: Vocabulary,
  expected?: PatternRecognizer['expected'],
): PatternRecognizer {
  return {
    ids: [v.id],
    names: { [v.id]: v.name },
    recognize: (ctx) => vocabulary(ctx, v),
    ...(expected ? { expected } : {}),
  };
}

export function vocabulary(ctx: PatternContext, v: Vocabulary): PatternFact[] {
  const perService = new Map<string, { values: string[]; evidence: PatternEvidence[] }>();
  const note = (service: string, value: string, e: PatternEvidence) => {
    const entry = perService.get(service) ?? { values: [], evidence: [] };
    entry.values.push(value);
    entry.evidence.push(e);
    perService.set(service, entry);
  };
  for (const f of ctx.model.codeFacts) {
    if (f.kind !== 'pattern' || !v.words.test(f.value)) continue;
    const service = f.serviceId ?? '(unattributed)';
    if (f.serviceId && !ctx.business.has(f.serviceId)) continue;
    note(
      service,
      f.value,
      evidence(`${f.value} in ${f.language === 'config' ? 'config' : 'code'} of ${service}`, f.source),
    );
  }
  if (v.tables) {
    for (const t of ctx.model.tables) {
      if (!v.tables.test(t.name)) continue;
      const service = t.serviceId ?? '(unattributed)';
      note(
        service,
        t.name,
        evidence(
          `table ${t.schema ? `${t.schema}.` : ''}${t.name}${t.serviceId ? ` of ${t.serviceId}` : ''}`,
          t.source,
        ),
      );
    }
  }
  const accepted = [...perService].filter(([, e]) => (v.accept ? v.accept(e.values) : true));
  if (accepted.length === 0) return [];
  const services = sortedUnique(accepted.map(([s]) => s).filter((s) => s !== '(unattributed)'));
  return [
    {
      id: v.id,
      name: v.name,
      status: 'applied',
      services,
      evidence: accepted.flatMap(([, e]) => e.evidence),
      gaps: [],
      notes: services.length
        ? `${names(services)} ${services.length === 1 ? singular(v.does) : v.does}`
        : `the code ${v.does.replace(/^(\w+)/, '$1s')} (${plural(accepted[0]![1].evidence.length, 'place')}; no service attributed)`,
    },
  ];
}

/** The bus is there and `why` applies: the guarantee is expected. */
export function busExpected(found: PatternFact[], why: string): string | undefined {
  const bus = found.find((p) => p.id === 'event-bus' && p.status !== 'partial');
  return bus ? `an event bus joins ${names(bus.services)}; ${why}` : undefined;
}

/** `write events` → `writes events`, `apply` → `applies`: the verb for one service. */
function singular(does: string): string {
  return does.replace(/^(\w+)/, (verb) => (/[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ies` : `${verb}s`));
}
