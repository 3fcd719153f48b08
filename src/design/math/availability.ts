/**
 * Composite availability of the critical path (Google SRE book, "Embracing Risk"; reliability block
 * diagrams): components in series multiply, n independent replicas give 1 - (1 - a)^n. Independence is
 * an assumption: correlated failures make the real figure lower, so these are upper bounds.
 */
import { num, pct } from '../decisions/table.js';
import type { Shown } from './shown.js';

export type DatabaseTier = 'single-zone' | 'multi-zone' | 'multi-region';
export const DATABASE_TIERS: DatabaseTier[] = ['single-zone', 'multi-zone', 'multi-region'];

export interface PathComponent {
  name: string;
  kind: 'load-balancer' | 'service' | 'database' | 'external';
  /** Availability of one replica (service) or of the whole component. */
  perReplica: number;
  replicas: number;
  availability: number;
}

export interface AvailabilityMath extends Shown {
  target: number;
  baseline: { components: PathComponent[]; composite: number };
  proposed: { components: PathComponent[]; composite: number };
  met: boolean;
  databaseTier: DatabaseTier;
  replicaFloor: number;
  /** Best the path can reach with any number of replicas, for the chosen tier. */
  ceiling: number;
  downtimeMinutesPerMonth: { target: number; proposed: number };
  /** Why the target cannot be met, when it cannot. */
  limitedBy?: string;
  /** When a synchronous external provider caps the path: the cheapest ways to take it off, with their figures. */
  externalFixes?: string[];
}

/** The availability of one critical capability's request path. */
export interface AvailabilityPath {
  capability: string;
  /** Contexts on the path: the capability's, then those it calls synchronously. */
  contexts: string[];
  /** Synchronous external providers on the path. */
  externals: string[];
  math: AvailabilityMath;
}

export function redundant(a: number, n: number): number {
  return n <= 0 ? 0 : 1 - (1 - a) ** n;
}

export function serial(values: number[]): number {
  return values.reduce((acc, v) => acc * v, 1);
}

const EPSILON = 1e-12;
const MAX_REPLICAS = 10;
const MINUTES_PER_MONTH = 30 * 24 * 60;

export interface PathInput {
  target: number;
  loadBalancer: number;
  podAvailability: number;
  services: string[];
  databases: string[];
  databaseTiers: Record<DatabaseTier, number>;
  externals: { name: string; availability: number }[];
}

function build(input: PathInput, replicas: number, tier: DatabaseTier): PathComponent[] {
  const dbA = input.databaseTiers[tier];
  // a multi-region topology also doubles the edge: one load balancer per region behind DNS failover
  const edgeReplicas = tier === 'multi-region' ? 2 : 1;
  return [
    {
      name: edgeReplicas === 2 ? 'load balancer (2 regions, DNS failover)' : 'load balancer',
      kind: 'load-balancer' as const,
      perReplica: input.loadBalancer,
      replicas: edgeReplicas,
      availability: redundant(input.loadBalancer, edgeReplicas),
    },
    ...input.services.map((s) => ({
      name: s,
      kind: 'service' as const,
      perReplica: input.podAvailability,
      replicas,
      availability: redundant(input.podAvailability, replicas),
    })),
    ...input.databases.map((d) => ({
      name: `${d} (${tier})`,
      kind: 'database' as const,
      perReplica: dbA,
      replicas: 1,
      availability: dbA,
    })),
    ...input.externals.map((e) => ({
      name: e.name,
      kind: 'external' as const,
      perReplica: e.availability,
      replicas: 1,
      availability: e.availability,
    })),
  ];
}

const composite = (cs: PathComponent[]) => serial(cs.map((c) => c.availability));

/**
 * When no replica count meets the target (something else caps the path), the fewest replicas that bring the
 * path within a millionth of its cap: more would cost without raising availability.
 */
function replicasNearCeiling(input: PathInput, tier: DatabaseTier): number {
  const cap = composite(build(input, MAX_REPLICAS, tier));
  for (let r = 1; r < MAX_REPLICAS; r++) if (composite(build(input, r, tier)) >= cap * (1 - 1e-6)) return r;
  return MAX_REPLICAS;
}

export function availabilityMath(input: PathInput): AvailabilityMath {
  const baseline = build(input, 1, 'single-zone');
  let chosen: { tier: DatabaseTier; replicas: number } | undefined;
  for (const tier of DATABASE_TIERS) {
    for (let r = 1; r <= MAX_REPLICAS && !chosen; r++) {
      if (composite(build(input, r, tier)) >= input.target - EPSILON) chosen = { tier, replicas: r };
    }
    if (chosen) break;
  }
  // at least two replicas whenever the target allows less than ~7 hours a month down: a rollout or a node drain
  // must never take the only replica away
  const floor = input.target >= 0.99 ? 2 : 1;
  const tier = chosen?.tier ?? 'multi-region';
  const replicaFloor = Math.max(floor, chosen?.replicas ?? replicasNearCeiling(input, tier));
  const proposed = build(input, replicaFloor, tier);
  const proposedA = composite(proposed);
  const ceiling = serial(proposed.filter((c) => c.kind !== 'service').map((c) => c.availability));
  const met = proposedA >= input.target - EPSILON;
  const weakest = [...proposed]
    .filter((c) => c.kind !== 'service')
    .sort((a, b) => a.availability - b.availability)[0];
  const line = (cs: PathComponent[]) =>
    cs
      .map((c) =>
        c.replicas > 1 ? `(1 − (1 − ${num(c.perReplica, 6)})^${c.replicas})` : `${num(c.availability, 6)}`,
      )
      .join(' × ');
  return {
    target: input.target,
    baseline: { components: baseline, composite: composite(baseline) },
    proposed: { components: proposed, composite: proposedA },
    met,
    databaseTier: tier,
    replicaFloor,
    ceiling,
    downtimeMinutesPerMonth: {
      target: (1 - input.target) * MINUTES_PER_MONTH,
      proposed: (1 - proposedA) * MINUTES_PER_MONTH,
    },
    limitedBy: met ? undefined : `${weakest?.name} caps the path at ${pct(ceiling)}`,
    externalFixes: met ? undefined : externalFixes(proposed, input.target),
    formula: 'A(path) = Π A(component); A(n replicas) = 1 − (1 − a)^n',
    shown:
      `baseline: ${line(baseline)} = ${pct(composite(baseline))}; ` +
      `proposed (${replicaFloor} replicas, ${tier} database): ${line(proposed)} = ${pct(proposedA)} ` +
      `${met ? '≥' : '<'} target ${pct(input.target)} (${num((1 - proposedA) * MINUTES_PER_MONTH, 1)} vs ${num((1 - input.target) * MINUTES_PER_MONTH, 1)} min/month down)`,
  };
}

/**
 * For each synchronous external provider on a path that misses its target: what the path reaches without it
 * on the synchronous path (a cache of its last good answer, or an asynchronous call with a fallback), and with a
 * second, independent provider.
 */
function externalFixes(components: PathComponent[], target: number): string[] | undefined {
  const fixes: string[] = [];
  for (const ext of components.filter((c) => c.kind === 'external')) {
    const without = composite(components.filter((c) => c !== ext));
    const twoProviders = composite(
      components.map((c) => (c === ext ? { ...c, availability: redundant(c.perReplica, 2) } : c)),
    );
    fixes.push(
      `${ext.name} (${pct(ext.availability)}) on the synchronous path: serve its last good answer from a cache or call it asynchronously with a fallback → path ${pct(without)}${without >= target - EPSILON ? ' (meets the target)' : ''}; a second independent provider → ${pct(twoProviders)}${twoProviders >= target - EPSILON ? ' (meets the target)' : ''}`,
    );
  }
  const externals = components.filter((c) => c.kind === 'external');
  if (externals.length > 1) {
    const none = composite(components.filter((c) => c.kind !== 'external'));
    fixes.push(
      `all ${externals.length} external providers off the synchronous path (cached answers or asynchronous calls with fallbacks) → path ${pct(none)}${none >= target - EPSILON ? ' (meets the target)' : ''}`,
    );
  }
  return fixes.length ? fixes : undefined;
}
