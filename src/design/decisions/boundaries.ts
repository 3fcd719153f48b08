/**
 * Service boundaries: start from the declared bounded contexts, merge contexts whose entities are more
 * coupled to each other than within themselves, then decide which groups deploy on their own.
 */
import { type ContextLoad, sum } from '../facts.js';
import type { Requirements } from '../requirements.js';
import type { Pattern } from './pattern.js';
import { type DecisionRow, decide } from './table.js';

export interface CrossReference {
  from: string;
  to: string;
  kind: string;
}

export interface ServiceGroup {
  name: string;
  contexts: string[];
  /** Why these contexts are one group (or that it is a context on its own). */
  rule: string;
  because: string;
  responsibilities: string[];
  ownedData: string[];
  /** Relationships to entities owned by other groups: held as ids, never as foreign keys. */
  references: CrossReference[];
  deployable: string;
  deployRule: string;
  deployBecause: string;
}

interface PairFacts {
  a: string;
  b: string;
  cross: number;
  internalA: number;
  internalB: number;
  composition: boolean;
}

export const MERGE_TABLE: DecisionRow<PairFacts, boolean>[] = [
  {
    id: 'boundary/composition-across-contexts',
    when: (p) => p.composition,
    choose: true,
    because: (p) =>
      `an entity in ${p.a} or ${p.b} is composed of one in the other: the aggregate straddles the boundary, so they must change and commit together`,
  },
  {
    id: 'boundary/more-coupled-outside',
    when: (p) => p.cross >= 2 && (p.cross > p.internalA || p.cross > p.internalB),
    choose: true,
    because: (p) =>
      `${p.cross} relationships cross between ${p.a} and ${p.b}, more than inside ${p.cross > p.internalA ? p.a : p.b} (${Math.min(p.internalA, p.internalB)}): they are one cohesive model`,
  },
  {
    id: 'boundary/declared-context',
    when: () => true,
    choose: false,
    because: () => 'kept as declared: its entities relate more within the context than across it',
  },
];

export interface DeployFacts {
  group: string;
  /** Traffic classes anywhere in the system. */
  systemClasses: string[];
  pattern: Pattern;
  safetyCritical: boolean;
  load: ContextLoad;
  medianPeakRps: number;
}

export const DEPLOY_TABLE: DecisionRow<DeployFacts, 'own' | 'shared'>[] = [
  {
    id: 'deploy/command-path',
    when: (f) =>
      f.load.trafficClasses.includes('command') &&
      f.systemClasses.some((c) => c === 'telemetry' || c === 'batch'),
    choose: 'own',
    because: () =>
      'carries command and control: its own deployable, capacity and priority, so a telemetry or batch flood can never delay a command',
  },
  {
    id: 'deploy/device-telemetry',
    when: (f) => f.load.trafficClasses.includes('telemetry') && f.load.fromDevices,
    choose: 'own',
    because: (f) =>
      `ingests device telemetry (${Math.round(f.load.peakWriteRps)} msg/s at peak): scales and sheds on its own, away from the request paths`,
  },
  {
    id: 'deploy/monolith-module',
    when: (f) => f.pattern === 'modular-monolith',
    choose: 'shared',
    because: () => 'a module inside the single deployable, with its own schema and a public interface',
  },
  {
    id: 'deploy/one-per-group',
    when: (f) => f.pattern === 'microservices' || f.pattern === 'serverless',
    choose: 'own',
    because: (f) => `owned and released independently (${f.pattern})`,
  },
  {
    id: 'deploy/realtime-fanout',
    when: (f) => f.load.realtime,
    choose: 'own',
    because: () => 'holds long-lived client connections: scales by connection count, not request rate',
  },
  {
    id: 'deploy/safety-critical-path',
    when: (f) => f.safetyCritical && f.load.critical,
    choose: 'own',
    because: () => 'on the safety-critical path: its own failure domain, release cadence and capacity',
  },
  {
    id: 'deploy/high-rate-ingest',
    when: (f) => f.load.timeSeries && f.load.peakWriteRps >= 1000,
    choose: 'own',
    because: (f) =>
      `ingests ${Math.round(f.load.peakWriteRps)} writes/s: must scale without dragging the core along`,
  },
  {
    id: 'deploy/hot-context',
    when: (f) => f.medianPeakRps > 0 && f.load.peakRps >= 10 * f.medianPeakRps,
    choose: 'own',
    because: (f) => `${Math.round(f.load.peakRps)} req/s, at least 10× the median context`,
  },
  {
    id: 'deploy/core',
    when: () => true,
    choose: 'shared',
    because: () => 'modest, steady load: stays a module of the core deployable',
  },
];

export function serviceBoundaries(
  req: Requirements,
  pattern: Pattern,
  loads: ContextLoad[],
  systemSlug: string,
): ServiceGroup[] {
  const entityContext = new Map(
    req.contexts.flatMap((c) => c.entities.map((e) => [e.name, c.name] as const)),
  );
  const parent = new Map(req.contexts.map((c) => [c.name, c.name]));
  const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
  const mergeReason = new Map<string, { rule: string; because: string }>();

  const internal = (ctx: string) =>
    req.contexts
      .find((c) => c.name === ctx)!
      .entities.flatMap((e) => e.relationships)
      .filter((r) => entityContext.get(r.to) === ctx).length;
  const names = req.contexts.map((c) => c.name);
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const [a, b] = [names[i], names[j]];
      const links = crossLinks(req, entityContext, a, b);
      if (links.length === 0) continue;
      const facts: PairFacts = {
        a,
        b,
        cross: links.length,
        internalA: internal(a),
        internalB: internal(b),
        composition: links.some((l) => l.composition),
      };
      const d = decide(MERGE_TABLE, facts);
      if (!d.choice) continue;
      if (separatesTraffic(loads, a, b)) continue;
      const [ra, rb] = [find(a), find(b)];
      if (ra === rb) continue;
      parent.set(rb, ra);
      mergeReason.set(ra, { rule: d.rule, because: `merged ${b} into ${a}: ${d.because}` });
    }
  }

  const loadOf = new Map(loads.map((l) => [l.context, l]));
  const peaks = loads.map((l) => l.peakRps).sort((x, y) => x - y);
  const medianPeakRps = peaks.length ? peaks[Math.floor((peaks.length - 1) / 2)] : 0;
  const groups: ServiceGroup[] = [];
  for (const root of names.filter((n) => find(n) === n)) {
    const members = names.filter((n) => find(n) === root);
    const contexts = req.contexts.filter((c) => members.includes(c.name));
    const owned = new Set(contexts.flatMap((c) => c.entities.map((e) => e.name)));
    const load = mergeLoads(
      members.map((m) => loadOf.get(m)!),
      root,
    );
    const deploy = decide(DEPLOY_TABLE, {
      group: root,
      systemClasses: [...new Set(loads.flatMap((l) => l.trafficClasses))],
      pattern,
      safetyCritical: req.nfr.safetyCritical,
      load,
      medianPeakRps,
    });
    const reason = mergeReason.get(root) ?? {
      rule: 'boundary/declared-context',
      because: 'kept as declared: its entities relate more within the context than across it',
    };
    groups.push({
      name: root,
      contexts: members,
      rule: reason.rule,
      because: reason.because,
      responsibilities: contexts.flatMap((c) => c.useCases),
      ownedData: [...owned].sort(),
      references: contexts
        .flatMap((c) =>
          c.entities.flatMap((e) => e.relationships.map((r) => ({ from: e.name, to: r.to, kind: r.kind }))),
        )
        .filter((r) => !owned.has(r.to))
        .sort((x, y) => `${x.from}>${x.to}`.localeCompare(`${y.from}>${y.to}`)),
      deployable: '',
      deployRule: deploy.rule,
      deployBecause: deploy.because,
    });
    const g = groups[groups.length - 1];
    g.deployable =
      deploy.choice === 'own' ? root : pattern === 'modular-monolith' ? systemSlug : `${systemSlug}-core`;
  }
  // a hybrid whose every group went its own way, or only one stayed behind, needs no separate core name
  const shared = groups.filter((g) => g.deployable === `${systemSlug}-core`);
  if (shared.length === 1) shared[0].deployable = shared[0].name;
  return groups;
}

/** Command traffic never shares a module boundary with bulk telemetry or batch traffic. */
function separatesTraffic(loads: ContextLoad[], a: string, b: string): boolean {
  const classes = (c: string) => loads.find((l) => l.context === c)?.trafficClasses ?? [];
  const bulk = (xs: string[]) => xs.includes('telemetry') || xs.includes('batch');
  return (
    (classes(a).includes('command') && bulk(classes(b))) ||
    (classes(b).includes('command') && bulk(classes(a)))
  );
}

function crossLinks(
  req: Requirements,
  entityContext: Map<string, string>,
  a: string,
  b: string,
): { composition: boolean }[] {
  return req.contexts
    .filter((c) => c.name === a || c.name === b)
    .flatMap((c) =>
      c.entities.flatMap((e) =>
        e.relationships.filter((r) => {
          const target = entityContext.get(r.to);
          return target !== c.name && (target === a || target === b);
        }),
      ),
    );
}

export function mergeLoads(loads: ContextLoad[], name: string): ContextLoad {
  const peakRps = sum(loads.map((l) => l.peakRps));
  const peakReadRps = sum(loads.map((l) => l.peakReadRps));
  return {
    context: name,
    peakRps,
    avgRps: sum(loads.map((l) => l.avgRps)),
    peakReadRps,
    peakWriteRps: sum(loads.map((l) => l.peakWriteRps)),
    readRatio: peakRps === 0 ? 0 : peakReadRps / peakRps,
    realtime: loads.some((l) => l.realtime),
    critical: loads.some((l) => l.critical),
    timeSeries: loads.some((l) => l.timeSeries),
    trafficClasses: [...new Set(loads.flatMap((l) => l.trafficClasses))].sort(),
    fromDevices: loads.some((l) => l.fromDevices),
  };
}
