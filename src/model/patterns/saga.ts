/**
 * Saga / process manager: a business transaction across services as a sequence of local steps, each with a
 * compensating action, orchestrated (a process manager, a workflow engine such as Temporal, Camunda/Zeebe,
 * Conductor, Cadence) or choreographed through events. Recognised from code vocabulary (`Saga`, `Compensate…`,
 * `ProcessManager`) and workflow-engine images.
 */
import { vocabulary } from './guarantees.js';
import { evidence, names, type PatternRecognizer, plural, sortedUnique } from './types.js';

const WORKFLOW_IMAGE =
  /(^|\/)(temporalio\/|temporal(-server)?(:|$)|camunda|zeebe|conductor|cadence(:|$)|ubercadence\/)/i;

export const saga: PatternRecognizer = {
  ids: ['saga'],
  names: { saga: 'Saga / process manager' },
  recognize(ctx) {
    const facts = vocabulary(ctx, {
      id: 'saga',
      name: 'Saga / process manager',
      words: /saga|compensat|processmanager/i,
      does: 'coordinate multi-service changes with compensation',
    });
    const engines = ctx.model.services.filter(
      (s) => ctx.shipped(s.id) && s.images.some((i) => WORKFLOW_IMAGE.test(i)),
    );
    if (engines.length === 0) return facts;
    const ev = engines.map((s) => evidence(`${s.name} runs a workflow engine (${s.images[0]})`, s.source));
    if (facts[0]) {
      facts[0].evidence.push(...ev);
      return facts;
    }
    return [
      {
        id: 'saga',
        name: 'Saga / process manager (workflow engine)',
        status: 'applied',
        services: sortedUnique(engines.map((s) => s.id)),
        evidence: ev,
        gaps: [],
        notes: `${plural(engines.length, 'workflow engine')} (${names(engines.map((s) => s.id))}) orchestrate long-running business transactions`,
      },
    ];
  },
  expected(model) {
    const owners = new Set(
      model.datastores
        .filter((d) => d.category === 'database' && d.ownerServiceId)
        .map((d) => d.ownerServiceId!),
    );
    for (const s of model.services) {
      if (s.role !== 'application') continue;
      const targets = sortedUnique(
        model.dependencies
          .filter((d) => d.from === s.id && (d.kind === 'sync' || d.kind === 'async') && owners.has(d.to))
          .map((d) => d.to),
      );
      if (targets.length >= 2)
        return {
          saga: `${s.id} drives ${names(targets)}, each owning its own database, in one business flow`,
        };
    }
    return { saga: undefined };
  },
};
