/**
 * Evidence that a service keeps multi-service changes consistent (saga, outbox, compensation), and whether the
 * system has a broker at all. Read from code facts today; recognised patterns in the model can feed the same
 * answers later without changing the rules that ask.
 */
import type { Source, SystemModel } from '../../model/schema.js';

const SAGA_WORDS = /saga|compensat|processmanager|outbox|integrationeventlog|integration_event_log/i;

/** Services with saga, outbox or compensation code, with where it was seen. */
export function consistencyEvidence(model: SystemModel): Map<string, Source[]> {
  const out = new Map<string, Source[]>();
  for (const f of model.codeFacts)
    if (f.kind === 'pattern' && f.serviceId && SAGA_WORDS.test(f.value))
      out.set(f.serviceId, [...(out.get(f.serviceId) ?? []), f.source]);
  return out;
}

/** Whether the system runs or uses a message broker: a broker store or service, async edges, or publish/consume code. */
export function hasBroker(model: SystemModel): boolean {
  return (
    model.datastores.some((d) => d.category === 'broker') ||
    model.services.some((s) => s.role === 'broker') ||
    model.dependencies.some((d) => d.kind === 'async') ||
    model.topics.length > 0 ||
    model.codeFacts.some((f) => f.kind === 'publish' || f.kind === 'consume')
  );
}
