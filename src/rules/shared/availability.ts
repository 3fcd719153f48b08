/**
 * Availability arithmetic for serial and redundant components (Google SRE book, ch. 3 "Embracing Risk";
 * the standard reliability-block model): components in series multiply, n independent replicas of a
 * component with availability a give 1 - (1 - a)^n. Independence is an assumption — correlated failures
 * (one zone, one bad deploy) make real numbers worse, so these figures are an upper bound.
 */

/** Availability of n independent replicas of a component with availability a (any one replica suffices). */
export function redundant(a: number, n: number): number {
  if (n <= 0) return 0;
  return 1 - (1 - a) ** n;
}

/** Availability of components in series (every one must be up). */
export function serial(values: number[]): number {
  return values.reduce((acc, v) => acc * v, 1);
}

export interface PathComponent {
  id: string;
  /** pod: replicas can be added; fixed: a managed or external component whose availability is given. */
  kind: 'pod' | 'fixed';
  /** Availability of one replica (or of the whole component when fixed). */
  perReplica: number;
  replicas: number;
  /** Where the assumption for this component comes from, for the report. */
  basis: string;
}

export interface ComponentAvailability extends PathComponent {
  availability: number;
  /** Replicas needed for the path to meet the target with the smallest uniform replica floor. */
  replicasNeeded?: number;
}

export interface PathAssessment {
  components: ComponentAvailability[];
  composite: number;
  target: number;
  met: boolean;
  /** target - composite when unmet, else 0. */
  shortfall: number;
  /** Expected downtime per 30-day month at the composite and at the target, in minutes. */
  downtimeMinutesPerMonth: { composite: number; target: number };
  /**
   * Smallest replica floor r (every pod component runs at least r replicas) that meets the target, or
   * undefined when no floor up to `maxReplicas` does (the fixed components alone cap the path).
   */
  replicaFloorNeeded?: number;
  /** Product of the fixed components: the best the path can reach however many pods run. */
  ceiling: number;
}

const MINUTES_PER_MONTH = 30 * 24 * 60;
/** Floating-point slack so 0.9999 computed as 0.99990000000001 or 0.99989999999999 compares as met. */
const EPSILON = 1e-12;

export function componentAvailability(c: PathComponent): number {
  return c.kind === 'fixed' ? c.perReplica : redundant(c.perReplica, c.replicas);
}

export function assessPath(components: PathComponent[], target: number, maxReplicas = 10): PathAssessment {
  const withAvailability = components.map((c) => ({ ...c, availability: componentAvailability(c) }));
  const composite = serial(withAvailability.map((c) => c.availability));
  const met = composite >= target - EPSILON;
  const ceiling = serial(components.filter((c) => c.kind === 'fixed').map((c) => c.perReplica));
  let replicaFloorNeeded: number | undefined;
  if (!met) {
    for (let r = 2; r <= maxReplicas; r++) {
      const raised = components.map((c) =>
        c.kind === 'fixed' ? c.perReplica : redundant(c.perReplica, Math.max(c.replicas, r)),
      );
      if (serial(raised) >= target - EPSILON) {
        replicaFloorNeeded = r;
        break;
      }
    }
  }
  return {
    components: withAvailability.map((c) =>
      replicaFloorNeeded !== undefined && c.kind === 'pod'
        ? { ...c, replicasNeeded: Math.max(c.replicas, replicaFloorNeeded) }
        : c,
    ),
    composite,
    target,
    met,
    shortfall: met ? 0 : target - composite,
    downtimeMinutesPerMonth: {
      composite: (1 - composite) * MINUTES_PER_MONTH,
      target: (1 - target) * MINUTES_PER_MONTH,
    },
    replicaFloorNeeded,
    ceiling,
  };
}

/** 0.99700299 → "99.7003%": enough digits to see the difference between nines. */
export function formatPercent(a: number, digits = 4): string {
  return `${Number((a * 100).toFixed(digits))}%`;
}
