/**
 * Backend for frontend / API composition: a service in front of the backends that calls several of them for
 * one client — a server-side frontend (Online Boutique's `frontend`), or a service named as an aggregator or BFF
 * (`web-shopping-agg`, `mobile-bff`). Its sync calls to two or more application services are the evidence.
 */
import type { PatternEvidence } from '../schema.js';
import { evidence, names, type PatternRecognizer, plural, sortedUnique } from './types.js';

const AGGREGATOR_NAME = /(^|[-_.])(bff|agg|aggregator|composer|composition)([-_.]|$)|bff$|agg$/i;

export const bff: PatternRecognizer = {
  ids: ['backend-for-frontend'],
  names: { 'backend-for-frontend': 'Backend for frontend / API composition' },
  recognize(ctx) {
    const { model, applicationIds: apps } = ctx;
    const composers: { id: string; callees: string[]; evidence: PatternEvidence[] }[] = [];
    for (const s of model.services) {
      if (!ctx.business.has(s.id)) continue;
      const named = AGGREGATOR_NAME.test(s.id);
      if (s.role !== 'frontend' && !named) continue;
      const calls = model.dependencies.filter(
        (d) =>
          d.from === s.id &&
          d.kind === 'sync' &&
          apps.has(d.to) &&
          d.to !== s.id &&
          !ctx.testOnly(d.source.file),
      );
      const callees = sortedUnique(calls.map((d) => d.to));
      if (callees.length < 2) continue;
      const seen = new Set<string>();
      const ev: PatternEvidence[] = [];
      for (const d of calls) {
        if (seen.has(d.to)) continue;
        seen.add(d.to);
        ev.push(evidence(`${s.name} calls ${d.to} (${d.protocol}, ${d.evidence})`, d.source));
      }
      composers.push({ id: s.id, callees, evidence: ev });
    }
    if (composers.length === 0) return [];
    return [
      {
        id: 'backend-for-frontend',
        name: 'Backend for frontend / API composition',
        status: 'applied',
        services: sortedUnique(composers.flatMap((c) => [c.id, ...c.callees])),
        evidence: composers.flatMap((c) => c.evidence),
        gaps: [],
        notes: composers
          .map(
            (c) =>
              `${c.id} composes ${plural(c.callees.length, 'backend')} (${names(c.callees)}) for its clients`,
          )
          .join('; '),
      },
    ];
  },
};
