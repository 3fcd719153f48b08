/**
 * Transactional outbox / integration-event log: the service writes its state change and the event in one local
 * transaction and a relay publishes the event afterwards, so a crash between "saved" and "published" loses
 * nothing. Recognised from code and config vocabulary (`Outbox`, `IntegrationEventLog`) and from tables
 * (`outbox`, `outbox_messages`, `integration_event_log`).
 */
import { busExpected, vocabularyPattern } from './guarantees.js';
import type { PatternRecognizer } from './types.js';

export const outbox: PatternRecognizer = vocabularyPattern(
  {
    id: 'outbox',
    name: 'Transactional outbox / integration-event log',
    words: /outbox|integration_?event_?log/i,
    tables: /outbox|integration_?event_?log/i,
    does: 'write events in the same transaction as their state',
  },
  (_model, found) => ({
    outbox: busExpected(found, 'services publish events after writing their own state'),
  }),
);
