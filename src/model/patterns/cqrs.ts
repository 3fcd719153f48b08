/**
 * CQRS / read models: commands and queries handled apart, queries served from read models or projections kept
 * up to date from the write side. Recognised from code vocabulary: `ReadModel`, `Projection`, or both
 * `CommandHandler` and `QueryHandler` in one service.
 */
import { vocabularyPattern } from './guarantees.js';
import type { PatternRecognizer } from './types.js';

export const cqrs: PatternRecognizer = vocabularyPattern({
  id: 'cqrs',
  name: 'CQRS / read models',
  words: /readmodel|read_model|projection|queryhandler|commandhandler/i,
  tables: /(^|_)(read_?model|projection|view_model)s?$/i,
  does: 'serve queries from read models apart from commands',
  // a command handler alone is plain command handling: a service needs a read side too
  accept: (values) =>
    values.some((v) => /readmodel|read_model|projection/i.test(v)) ||
    (values.some((v) => /commandhandler/i.test(v)) && values.some((v) => /queryhandler/i.test(v))),
});
