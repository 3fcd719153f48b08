/**
 * Idempotent consumers: a message delivered twice (at-least-once delivery, a redelivered batch) is applied once.
 * Recognised from code and config vocabulary (`Idempotent…`, `Inbox…`, `ProcessedMessage`) and from tables
 * that record handled messages (`processed_messages`, `inbox`, `idempotency_keys`).
 */
import { busExpected, vocabularyPattern } from './guarantees.js';
import type { PatternRecognizer } from './types.js';

export const idempotentConsumer: PatternRecognizer = vocabularyPattern(
  {
    id: 'idempotent-consumer',
    name: 'Idempotent consumers',
    words: /idempoten|inbox|processed_?message/i,
    tables: /^(processed_?(messages|events)|inbox(_messages)?|idempotency(_keys)?|idempotent_\w+)$/i,
    does: 'apply a redelivered message once',
  },
  (_model, found) => ({
    'idempotent-consumer': busExpected(found, 'brokers deliver at least once, so consumers see duplicates'),
  }),
);
