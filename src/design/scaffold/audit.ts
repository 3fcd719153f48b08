/**
 * The audit trail a design needs when the requirements declare a compliance regime or safety-critical
 * operation: every service publishes who did what to which record, and when, to one audit topic that an
 * append-only sink outside the services' reach keeps (object storage with object lock).
 */
import type { DesignResult } from '../result.js';

/** The audit topic of the system, or undefined when nothing requires an audit trail. */
export function auditTopic(d: DesignResult): string | undefined {
  const needed = d.requirements.compliance.length > 0 || d.requirements.nfr.safetyCritical;
  return needed ? `${d.slug}.audit.v1` : undefined;
}
