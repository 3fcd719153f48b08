/**
 * Architecture patterns recognised in a merged model: one recognizer per pattern (this folder), each returning
 * `patterns[]` facts with file:line evidence. Run at the end of merge, after every inference, so recognizers see
 * settled roles, stores and edges. `expectedPatterns` says which absent patterns the system needs, and why.
 */

import { applicationRoleIds } from '../roles.js';
import type { PatternFact, SystemModel } from '../schema.js';
import { apiContracts } from './api-contracts.js';
import { apiGateway } from './api-gateway.js';
import { bff } from './bff.js';
import { cqrs } from './cqrs.js';
import { databasePerService } from './database-per-service.js';
import { deadLetter } from './dead-letter.js';
import { eventBus } from './event-bus.js';
import { healthChecks } from './health-checks.js';
import { idempotentConsumer } from './idempotent-consumer.js';
import { observability } from './observability.js';
import { outbox } from './outbox.js';
import { resilience } from './resilience.js';
import { saga } from './saga.js';
import { serviceMesh } from './service-mesh.js';
import { kubeObjects, type ParsedArtifact, type PatternContext, type PatternRecognizer } from './types.js';

/** Every recognizer, in the order the report lists patterns. */
export const RECOGNIZERS: PatternRecognizer[] = [
  apiGateway,
  bff,
  apiContracts,
  eventBus,
  outbox,
  idempotentConsumer,
  deadLetter,
  saga,
  cqrs,
  databasePerService,
  serviceMesh,
  resilience,
  healthChecks,
  observability,
];

const ORDER = RECOGNIZERS.flatMap((r) => r.ids);

export function patternContext(
  model: SystemModel,
  documents: ParsedArtifact[],
  paths: string[],
): PatternContext {
  const deploymentsOf = new Map<string, SystemModel['deployments']>();
  for (const d of model.deployments)
    for (const f of d.files) deploymentsOf.set(f, [...(deploymentsOf.get(f) ?? []), d]);
  const testOnly = (file: string) => {
    const list = deploymentsOf.get(file);
    return !!list?.length && list.every((d) => d.environment === 'test' || d.environment === 'local');
  };
  const environments = new Map(model.deployments.map((d) => [d.id, d.environment]));
  const inTest = (item: { deployment?: string; source: { file: string } }) => {
    const env = item.deployment ? environments.get(item.deployment) : undefined;
    return env ? env === 'test' || env === 'local' : testOnly(item.source.file);
  };
  const business = new Set(
    model.services.filter((s) => s.role !== 'platform' && s.role !== 'test').map((s) => s.id),
  );
  return {
    model,
    objects: kubeObjects(documents).filter((o) => !testOnly(o.file)),
    paths,
    applications: model.services.filter((s) => s.role === 'application' || s.role === 'job'),
    applicationIds: applicationRoleIds(model),
    business,
    testOnly,
    inTest,
    shipped: (id) => {
      const own = model.deployables.filter((d) => d.serviceId === id);
      return own.length === 0 || own.some((d) => !inTest(d));
    },
  };
}

/** Recognise every pattern; a recognizer that fails leaves a diagnostic and the others go on. */
export function recognizePatterns(
  model: SystemModel,
  documents: ParsedArtifact[],
  paths: string[],
): PatternFact[] {
  const ctx = patternContext(model, documents, paths);
  const out: PatternFact[] = [];
  for (const recognizer of RECOGNIZERS) {
    try {
      out.push(...recognizer.recognize(ctx));
    } catch (err) {
      model.diagnostics.push({
        severity: 'warning',
        file: '.',
        message: `pattern recognizer ${recognizer.ids.join(', ')} failed: ${(err as Error).message}`,
        origin: 'patterns',
      });
    }
  }
  return out.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
}

export interface ExpectedPattern {
  id: string;
  name: string;
  /** Why the system needs it. */
  reason: string;
}

/** Patterns the system needs (declared or inferred) that the files do not show. */
export function expectedPatterns(
  model: SystemModel,
  found: PatternFact[] = model.patterns,
): ExpectedPattern[] {
  const present = new Set(found.map((p) => p.id));
  const out: ExpectedPattern[] = [];
  for (const r of RECOGNIZERS) {
    if (!r.expected) continue;
    const reasons = r.expected(model, found);
    for (const id of r.ids) {
      const reason = reasons[id];
      if (reason && !present.has(id)) out.push({ id, name: r.names[id] ?? id, reason });
    }
  }
  return out;
}

export { HEALTH_PATH, healthEvidence, polledHealthUrls } from './health-checks.js';
