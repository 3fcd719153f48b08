/**
 * The critical paths for the scaffold's plumbline.yaml: per critical capability, the deployables a request
 * crosses (its own, then whatever that calls synchronously, in call order) and the stores those contexts own,
 * the same walk the design's composite-availability math does (design.ts). Names are the ones the compose and
 * Kubernetes scaffolds use, so discovery resolves them: deployables by name, stores by their instance name,
 * which is the compose service of the store.
 */
import { syncClosure } from '../decisions/integration.js';
import { criticalCapability } from '../facts.js';
import type { DesignResult } from '../result.js';

export interface ScaffoldCriticalPath {
  /** The capability the path serves. */
  name: string;
  /** Deployables in call order, then their stores. */
  services: string[];
}

/** A plumbline.yaml critical path lists at least two services. */
const MIN_SERVICES = 2;

/**
 * The capability the availability math is computed for comes first, then the other capabilities flagged
 * critical by peak load. A path that repeats an earlier one's services is left out (it would be assessed twice).
 */
export function criticalPathsFor(d: DesignResult): ScaffoldCriticalPath[] {
  const req = d.requirements;
  const primary = criticalCapability(req);
  const others = req.capabilities
    .filter((k) => k.critical && k.name !== primary.name)
    .sort((a, b) => b.peakRps - a.peakRps || a.name.localeCompare(b.name));
  const paths: ScaffoldCriticalPath[] = [];
  const seen = new Set<string>();
  for (const capability of [primary, ...others]) {
    const services = pathServices(d, capability.context);
    const key = services.join('\n');
    if (services.length < MIN_SERVICES || seen.has(key)) continue;
    seen.add(key);
    paths.push({ name: capability.name, services });
  }
  return paths;
}

/** The deployables and stores a request to `context` crosses. */
export function pathServices(d: DesignResult, context: string): string[] {
  const contexts = syncClosure(context, d.integration.interactions);
  const deployables = contexts.map((c) => d.deployables.find((x) => x.contexts.includes(c))!.name);
  const stores = d.data.filter((s) => contexts.includes(s.context)).map((s) => s.instance);
  return [...new Set([...deployables, ...stores])];
}
