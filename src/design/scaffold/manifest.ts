/** plumbline.yaml for the scaffold: the facts no file states (targets, owners, data classes, critical path). */
import { sum } from '../facts.js';
import type { DesignResult } from '../result.js';
import { backingServices } from './backing.js';
import { criticalPathsFor } from './critical-paths.js';

export function manifestFor(d: DesignResult): Record<string, unknown> {
  const req = d.requirements;
  const s = d.math.storage[0];
  const dataClasses = Object.fromEntries(
    d.deployables
      .map(
        (x) =>
          [
            x.name,
            [
              ...new Set(
                req.contexts.filter((c) => x.contexts.includes(c.name)).flatMap((c) => c.dataClasses),
              ),
            ].sort(),
          ] as const,
      )
      .filter(([, classes]) => classes.length > 0),
  );
  const replicated = d.math.availability.databaseTier !== 'single-zone';
  const criticalPaths = criticalPathsFor(d);
  return {
    system: d.slug,
    description: d.description ?? d.system,
    requirements: {
      availabilityTarget: req.nfr.availability,
      p99LatencyMs: req.nfr.latency.p99Ms,
      p50LatencyMs: req.nfr.latency.p50Ms,
      peakRps: sum(req.capabilities.map((k) => k.peakRps)),
      dataGrowthGbPerYear: Number(((s.dataGb - s.initialGb) / s.years).toFixed(1)),
      rpoMinutes: req.nfr.rpoMinutes,
      rtoMinutes: req.nfr.rtoMinutes,
    },
    ...(Object.keys(dataClasses).length ? { dataClasses } : {}),
    ...(req.compliance.length ? { compliance: req.compliance } : {}),
    owners: Object.fromEntries(d.deployables.map((x) => [x.name, `team-${x.groups[0]}`])),
    team: { teams: req.team.teams, engineers: req.team.teams * req.team.size },
    ...(d.integration.externals.length
      ? {
          externals: d.integration.externals.map((e) => ({
            name: e.name,
            kind: e.direction === 'outbound' ? 'provider' : 'webhook-source',
            usedBy: d.deployables.filter((x) => x.contexts.includes(e.context)).map((x) => x.name),
          })),
        }
      : {}),
    // the request paths the design's availability math covers, so the review computes the same paths
    ...(criticalPaths.length
      ? { criticalPaths: Object.fromEntries(criticalPaths.map((p) => [p.name, p.services])) }
      : {}),
    // the availability rule computes the same path with the design's own figures: pod availability and
    // the database tier the design chose (see the composite-availability math in the report)
    rules: {
      'resilience/availability-budget': {
        options: {
          podAvailability: assumption(d, 'podAvailability'),
          managedStoreAvailability:
            d.math.availability.proposed.components.find((c) => c.kind === 'database')?.availability ??
            assumption(d, 'databaseAvailabilityMultiZone'),
        },
      },
    },
    overrides: {
      services: Object.fromEntries(
        d.deployables.map((x) => [
          x.name,
          { domain: x.contexts.join('+'), language: x.runtime.language, owner: `team-${x.groups[0]}` },
        ]),
      ),
      // production runs these as managed services (see the design's Infrastructure section); compose runs
      // local stand-ins for development
      datastores: Object.fromEntries(
        backingServices(d).map((b) => [b.name, { replicated, backup: true, external: true }]),
      ),
    },
  };
}

function assumption(d: DesignResult, name: string): number {
  return d.assumptions.find((a) => a.name === name)!.value;
}
