/** designSystem: requirements in, the New System Design out. Pure: no I/O, deterministic. */
import { type AssumptionValues, resolveAssumptions } from './assumptions.js';
import { analyse } from './decisions/analysis.js';
import { type ServiceGroup, serviceBoundaries } from './decisions/boundaries.js';
import { chooseStore, type StoreChoice } from './decisions/data.js';
import { ingressOf } from './decisions/ingress.js';
import {
  chooseBroker,
  decideInteraction,
  type InteractionDecision,
  syncClosure,
} from './decisions/integration.js';
import { monitoringFor } from './decisions/monitoring.js';
import { choosePattern } from './decisions/pattern.js';
import { risksFor } from './decisions/risks.js';
import { roadmapFor } from './decisions/roadmap.js';
import { securityModel } from './decisions/security.js';
import { CLOUD_SERVICES, chooseCloud, chooseLanguage } from './decisions/stack.js';
import { type ContextLoad, contextLoads, criticalCapability, eventRate, sum, systemFacts } from './facts.js';
import { type AvailabilityPath, availabilityMath } from './math/availability.js';
import { cacheMath } from './math/cache.js';
import { instanceMath, realtimeMath } from './math/capacity.js';
import { connectionMath } from './math/connections.js';
import { costMath } from './math/cost.js';
import { latencyMath } from './math/latency.js';
import { partitionMath } from './math/partitions.js';
import { retentionMath, storageMath } from './math/storage.js';
import { kebab } from './names.js';
import type { Requirements } from './requirements.js';
import type { DeployableDesign, DesignResult, Figure } from './result.js';

export const SERVICE_PORT = 8080;

/** What every step of the design reads: the requirements, the assumptions, the loads and the boundaries. */
interface DesignBasis {
  req: Requirements;
  a: AssumptionValues;
  loadOf: Map<string, ContextLoad>;
  boundaries: ServiceGroup[];
  deployableOf: Map<string, string>;
}

/** An external provider as the design uses it: how it is called and how available it is. */
interface ExternalOnPath {
  name: string;
  purpose: string;
  context: string;
  direction: Requirements['integrations'][number]['direction'];
  mode: 'sync' | 'async';
  availability: number;
}

type RealtimeLoad = ReturnType<typeof realtimeMath> & { context: string };
type InstanceSizing = ReturnType<typeof instanceMath>;

export function designSystem(req: Requirements): DesignResult {
  const { values: a, list: assumptions } = resolveAssumptions(req.assumptions);
  const facts = systemFacts(req);
  const loads = contextLoads(req);
  const slug = kebab(req.system);
  const pattern = choosePattern(facts);
  const boundaries = serviceBoundaries(req, pattern.pattern, loads, slug);
  const basis: DesignBasis = {
    req,
    a,
    loadOf: new Map(loads.map((l) => [l.context, l])),
    boundaries,
    deployableOf: new Map(boundaries.flatMap((g) => g.contexts.map((c) => [c, g.deployable] as const))),
  };

  const { interactions, crossEvents, broker } = integrationOf(basis, facts.realtime);
  const data: StoreChoice[] = req.contexts.map((c) =>
    chooseStore(
      c,
      basis.loadOf.get(c.name)!,
      req.nfr.consistency,
      req.nfr.rpoMinutes,
      basis.deployableOf.get(c.name)!,
    ),
  );
  const externals = externalsOf(req, a);
  const critical = criticalCapability(req);
  const paths = availabilityPaths(basis, critical, interactions, data, externals);
  const mainPath = paths.find((p) => p.capability === critical.name) ?? paths[0]!;
  const availability = bindingAvailability(paths);

  const deployableNames = unique(boundaries.map((g) => g.deployable));
  const realtime = realtimeLoads(req, a);
  const instances = instanceSizing(basis, deployableNames, realtime, availability.replicaFloor);
  const deployables = deployableDesigns(basis, deployableNames, instances, realtime, {
    data,
    interactions,
    crossEvents,
    externals,
  });

  const dataGbOf = dataShareOf(req);
  const storage = storageSizing(basis, data, dataGbOf);
  const retention = retentionSizing(req, a);
  const partitions = partitionSizing(a, broker.choice, crossEvents);
  const cache = data
    .filter((d) => d.cache)
    .map((d) =>
      cacheMath(d.context, dataGbOf(d.context), a.cacheHotFraction, a.cacheOverhead, a.cacheFillTarget),
    );
  const connections = connectionSizing(basis, data, instances);
  const latency = criticalLatency(basis, critical, mainPath, externals);
  const cost = costMath({
    replicas: sum(instances.map((m) => m.replicas)),
    instanceUsd: a.instanceMonthlyUsd,
    databases: unique(data.map((d) => d.instance)).length,
    databaseUsd: a.databaseMonthlyUsd,
    tier: availability.databaseTier,
    storageGb: storage[0]!.provisionedGb + sum(retention.map((r) => r.hotGb)),
    storageGbUsd: a.storageGbMonthlyUsd,
    objectGb: sum(retention.map((r) => r.coldGb)),
    objectGbUsd: a.objectStorageGbMonthlyUsd,
    broker: broker.choice === 'kafka' || broker.choice === 'rabbitmq',
    brokerUsd: a.brokerMonthlyUsd,
    cacheGb: sum(cache.map((c) => c.memoryGb)),
    cacheGbUsd: a.cacheGbMonthlyUsd,
    budgetUsd: req.preferences.budgetMonthlyUsd,
  });

  const cloud = chooseCloud(req.preferences.cloud);
  const partial = {
    system: req.system,
    slug,
    description: req.description,
    requirements: req,
    assumptions,
    pattern,
    boundaries,
    deployables,
    data,
    integration: {
      broker: { choice: broker.choice, rule: broker.rule, because: broker.because },
      interactions,
      externals: externals.map(({ availability: _a, ...e }) => e),
    },
    technology: {
      cloud: cloud.cloud,
      cloudBecause: cloud.because,
      infrastructure: infrastructure(
        cloud.cloud,
        deployables,
        data,
        broker.choice,
        availability.databaseTier,
      ),
      security: securityModel(req, deployables.length),
      monitoring: { slos: [], goldenSignals: [], alerts: [] },
    },
    math: {
      instances,
      realtime: realtime.map(({ context: _c, ...r }) => r),
      storage,
      retention,
      partitions,
      cache,
      connections,
      availability,
      availabilityPaths: paths,
      latency,
      cost,
    },
  };
  // later sections read the earlier ones; they are filled in order on the one result object
  const core: DesignResult = {
    ...partial,
    analysis: { complexity: { level: 'low', score: 0, drivers: [] }, scalability: [], successFactors: [] },
    roadmap: [],
    risks: [],
  };
  core.technology.monitoring = monitoringFor(core);
  return { ...core, analysis: analyse(core), roadmap: roadmapFor(core), risks: risksFor(core) };
}

/** How each interaction is carried, which of them are events between deployables, and the broker they need. */
function integrationOf(basis: DesignBasis, streaming: boolean) {
  const { req, deployableOf } = basis;
  const interactions: InteractionDecision[] = req.interactions.map((i) =>
    decideInteraction({
      interaction: i,
      fromDeployable: deployableOf.get(i.from)!,
      toDeployable: deployableOf.get(i.to)!,
      ratePerSecond: eventRate(req, i),
    }),
  );
  const crossEvents = interactions.filter((i) => i.style === 'async-event');
  const broker = chooseBroker({
    crossDeployableEvents: crossEvents.length,
    inProcessEvents: interactions.filter((i) => i.style === 'in-process-event').length,
    peakEventRate: sum(uniqueChannels(crossEvents).map((c) => c.rate)),
    streaming,
  });
  return { interactions, crossEvents, broker };
}

/** The external providers: outbound ones are called synchronously unless the requirements say otherwise. */
function externalsOf(req: Requirements, a: AssumptionValues): ExternalOnPath[] {
  return req.integrations.map((g) => ({
    name: g.name,
    purpose: g.purpose,
    context: g.context,
    direction: g.direction,
    mode: g.mode ?? (g.direction === 'outbound' ? ('sync' as const) : ('async' as const)),
    availability: g.availability ?? a.externalAvailability,
  }));
}

/**
 * Every critical path: a critical capability's deployable, then whatever it calls synchronously, with the stores
 * and the synchronous external providers on the way; the design must hold on the weakest of them.
 */
function availabilityPaths(
  { req, a, deployableOf }: DesignBasis,
  critical: Requirements['capabilities'][number],
  interactions: InteractionDecision[],
  data: StoreChoice[],
  externals: ExternalOnPath[],
): AvailabilityPath[] {
  const criticalOnes = req.capabilities.some((k) => k.critical)
    ? req.capabilities.filter((k) => k.critical)
    : [critical];
  return criticalOnes.map((k) => {
    const contexts = syncClosure(k.context, interactions);
    const pathExternals = externals.filter((e) => e.mode === 'sync' && contexts.includes(e.context));
    return {
      capability: k.name,
      contexts,
      externals: pathExternals.map((e) => e.name),
      math: availabilityMath({
        target: req.nfr.availability,
        loadBalancer: a.loadBalancerAvailability,
        podAvailability: a.podAvailability,
        services: unique(contexts.map((c) => deployableOf.get(c)!)),
        databases: unique(data.filter((d) => contexts.includes(d.context)).map((d) => d.instance)),
        databaseTiers: {
          'single-zone': a.databaseAvailabilitySingleZone,
          'multi-zone': a.databaseAvailabilityMultiZone,
          'multi-region': a.databaseAvailabilityMultiRegion,
        },
        externals: pathExternals,
      }),
    };
  });
}

/** The binding path's availability (the lowest composite), with the strictest replicas and tier any path needs. */
function bindingAvailability(paths: AvailabilityPath[]) {
  const binding = [...paths].sort((x, y) => x.math.proposed.composite - y.math.proposed.composite)[0]!;
  const tierRank = (t: string) => ['single-zone', 'multi-zone', 'multi-region'].indexOf(t);
  return {
    ...binding.math,
    replicaFloor: Math.max(...paths.map((p) => p.math.replicaFloor)),
    databaseTier: paths.map((p) => p.math.databaseTier).sort((x, y) => tierRank(y) - tierRank(x))[0]!,
  };
}

/** The connections and instances each real-time capability needs. */
function realtimeLoads(req: Requirements, a: AssumptionValues): RealtimeLoad[] {
  return req.capabilities
    .filter((k) => k.realtime)
    .map((k) => ({
      ...realtimeMath(k.name, k.realtime!, a.connectionsPerRealtimeInstance, a.targetUtilisation),
      context: k.context,
    }));
}

/** Instances per deployable: its contexts' peak load, at least the replica floor, plus its real-time ones. */
function instanceSizing(
  { a, loadOf, boundaries }: DesignBasis,
  deployableNames: string[],
  realtime: RealtimeLoad[],
  replicaFloor: number,
): InstanceSizing[] {
  return deployableNames.map((name) => {
    const contexts = contextsOf(boundaries, name);
    const connectionInstances = sum(
      realtime.filter((r) => contexts.includes(r.context)).map((r) => r.instances),
    );
    return instanceMath(
      name,
      sum(contexts.map((c) => loadOf.get(c)!.peakRps)),
      a.instanceThroughputRps,
      a.targetUtilisation,
      replicaFloor,
      connectionInstances,
    );
  });
}

/** Each deployable: its ingress, groups, language, replicas, stores, calls, channels and providers. */
function deployableDesigns(
  { req, boundaries }: DesignBasis,
  deployableNames: string[],
  instances: InstanceSizing[],
  realtime: RealtimeLoad[],
  wiring: {
    data: StoreChoice[];
    interactions: InteractionDecision[];
    crossEvents: InteractionDecision[];
    externals: ExternalOnPath[];
  },
): DeployableDesign[] {
  const { data, interactions, crossEvents, externals } = wiring;
  return deployableNames.map((name, idx) => {
    const contexts = contextsOf(boundaries, name);
    const math = instances[idx]!;
    const language = chooseLanguage({
      deployable: name,
      preferred: req.preferences.languages,
      hot: math.peakRps >= 2000 || realtime.some((r) => contexts.includes(r.context)),
    });
    return {
      name,
      ingress: req.capabilities.filter((k) => contexts.includes(k.context)).map(ingressOf),
      groups: boundaries.filter((g) => g.deployable === name).map((g) => g.name),
      contexts,
      peakRps: math.peakRps,
      runtime: language.runtime,
      languageRule: language.rule,
      languageBecause: language.because,
      port: SERVICE_PORT,
      replicas: math.replicas,
      maxReplicas: math.maxReplicas,
      realtime: realtime.some((r) => contexts.includes(r.context)),
      stores: unique(data.filter((d) => d.deployable === name).map((d) => d.instance)),
      calls: unique(
        interactions
          .filter((i) => i.style === 'sync-http' && i.fromDeployable === name)
          .map((i) => i.toDeployable),
      ),
      publishes: unique(crossEvents.filter((i) => i.fromDeployable === name).map((i) => i.channel!)),
      consumes: unique(crossEvents.filter((i) => i.toDeployable === name).map((i) => i.channel!)),
      integrations: externals.filter((e) => contexts.includes(e.context)).map((e) => e.name),
    };
  });
}

/** Data per context: declared shares first, the rest split evenly among the undeclared contexts. */
function dataShareOf(req: Requirements): (context: string) => number {
  const declared = sum(req.contexts.map((c) => c.dataGb ?? 0));
  const undeclared = req.contexts.filter((c) => c.dataGb === undefined).length;
  return (c: string) =>
    req.contexts.find((x) => x.name === c)!.dataGb ??
    Math.max(0, req.nfr.data.initialGb - declared) / Math.max(1, undeclared);
}

/** Storage of the whole system, then of each store instance, over the horizon. */
function storageSizing({ req, a }: DesignBasis, data: StoreChoice[], dataGbOf: (context: string) => number) {
  const { initialGb, yearlyGrowth, horizonYears } = req.nfr.data;
  const sized = (scope: string, gb: number) =>
    storageMath(scope, gb, yearlyGrowth, horizonYears, a.storageIndexOverhead, a.storageCopies);
  return [
    sized('whole system', initialGb),
    ...unique(data.map((d) => d.instance)).map((inst) =>
      sized(inst, sum(data.filter((d) => d.instance === inst).map((d) => dataGbOf(d.context)))),
    ),
  ];
}

/** Append-only contexts with a retention period: sized by what arrives per second and how long it is kept. */
function retentionSizing(req: Requirements, a: AssumptionValues) {
  return req.contexts
    .filter((c) => c.retentionDays !== undefined)
    .map((c) => {
      const caps = req.capabilities.filter((k) => k.context === c.name);
      const writes = sum(caps.map((k) => k.avgRps * (1 - k.readRatio)));
      const sized = caps.filter((k) => k.messageBytes !== undefined && k.readRatio < 1);
      const bytes = sized.length
        ? sum(sized.map((k) => k.messageBytes! * k.avgRps * (1 - k.readRatio))) /
          Math.max(1e-9, sum(sized.map((k) => k.avgRps * (1 - k.readRatio))))
        : a.messageBytes;
      return retentionMath({
        scope: c.name,
        writesPerSecond: writes,
        messageBytes: bytes,
        retentionDays: c.retentionDays!,
        hotDays: a.hotTierDays,
        compression: a.archiveCompression,
        indexOverhead: a.storageIndexOverhead,
        copies: a.storageCopies,
      });
    })
    .filter((r) => r.writesPerSecond > 0);
}

/** Partitions per event channel, when the broker is a log or a queue broker (an outbox table has none). */
function partitionSizing(a: AssumptionValues, broker: string, crossEvents: InteractionDecision[]) {
  if (broker !== 'kafka' && broker !== 'rabbitmq') return [];
  return uniqueChannels(crossEvents).map((c) =>
    partitionMath(
      c.channel,
      c.rate,
      a.eventBytes,
      a.partitionWriteMBps,
      a.consumerMessagesPerSecond,
      a.minPartitions,
    ),
  );
}

/** The latency budget of the critical capability along its main path. */
function criticalLatency(
  { req, a, deployableOf }: DesignBasis,
  critical: Requirements['capabilities'][number],
  mainPath: AvailabilityPath,
  externals: ExternalOnPath[],
) {
  return latencyMath({
    capability: critical.name,
    targetP99Ms: critical.latency?.p99Ms ?? req.nfr.latency.p99Ms,
    targetP50Ms: critical.latency?.p50Ms ?? req.nfr.latency.p50Ms,
    services: unique(mainPath.contexts.map((c) => deployableOf.get(c)!)),
    edgeMs: a.edgeLatencyMs,
    hopMs: a.hopLatencyMs,
    queriesPerRequest: a.queriesPerRequest,
    queryP99Ms: a.queryP99Ms,
    externals: externals.filter((e) => mainPath.externals.includes(e.name)).map((e) => e.name),
    externalCallP99Ms: a.externalCallP99Ms,
  });
}

/** Database connections per relational instance: its client deployables at peak and at most replicas. */
function connectionSizing({ a, loadOf }: DesignBasis, data: StoreChoice[], instances: InstanceSizing[]) {
  const sqlInstances = unique(
    data.filter((d) => d.store !== 'mongodb' && d.store !== 'redis').map((d) => d.instance),
  );
  return sqlInstances.map((inst) => {
    const clients = unique(data.filter((d) => d.instance === inst).map((d) => d.deployable)).map((name) => {
      const m = instances.find((x) => x.service === name)!;
      const contexts = data.filter((d) => d.instance === inst).map((d) => d.context);
      return {
        service: name,
        peakRps: sum(contexts.map((c) => loadOf.get(c)!.peakRps)),
        replicas: m.replicas,
        maxReplicas: m.maxReplicas,
      };
    });
    return connectionMath(
      inst,
      clients,
      a.queriesPerRequest,
      a.queryLatencyMs,
      a.targetUtilisation,
      a.dbMaxConnections,
      a.dbConnectionHeadroom,
    );
  });
}

function infrastructure(
  cloud: keyof typeof CLOUD_SERVICES,
  deployables: DeployableDesign[],
  data: StoreChoice[],
  broker: string,
  tier: string,
): Figure[] {
  const s = CLOUD_SERVICES[cloud];
  const figures: Figure[] = [
    {
      name: 'Compute',
      value: `${s.kubernetes}, ${deployables.length} deployable${deployables.length === 1 ? '' : 's'} across three zones`,
    },
    { name: 'Edge', value: s.edge },
  ];
  if (data.some((d) => d.store !== 'mongodb' && d.store !== 'redis'))
    figures.push({ name: 'Relational data', value: `${s.postgres}, ${tier}` });
  if (data.some((d) => d.store === 'timescaledb'))
    figures.push({
      name: 'Time series',
      value: 'TimescaleDB (self-managed on Kubernetes or Timescale Cloud)',
    });
  if (data.some((d) => d.store === 'postgres+opensearch'))
    figures.push({ name: 'Search', value: 'OpenSearch (managed)' });
  if (data.some((d) => d.cache || d.store === 'redis'))
    figures.push({ name: 'Cache / key-value', value: s.redis });
  if (broker === 'kafka') figures.push({ name: 'Event log', value: s.kafka });
  if (broker === 'rabbitmq') figures.push({ name: 'Message broker', value: s.rabbitmq });
  if (broker === 'outbox')
    figures.push({ name: 'Events', value: 'Transactional outbox table in the primary database' });
  figures.push(
    { name: 'Secrets', value: s.secrets },
    { name: 'Images', value: `${s.registry}, images signed (cosign) and scanned in CI` },
    {
      name: 'Delivery',
      value: 'Terraform for cloud resources, GitOps (Argo CD) for the Kubernetes manifests',
    },
    {
      name: 'Observability',
      value: 'OpenTelemetry SDKs → collector → Prometheus (metrics), Tempo or Jaeger (traces), Loki (logs)',
    },
  );
  return figures;
}

function contextsOf(groups: ServiceGroup[], deployable: string): string[] {
  return groups.filter((g) => g.deployable === deployable).flatMap((g) => g.contexts);
}

/** One channel per event; several consumers share it, so its rate is the producer's, not the sum. */
export function uniqueChannels(
  events: InteractionDecision[],
): { channel: string; rate: number; event: string; from: string }[] {
  const byChannel = new Map<string, { channel: string; rate: number; event: string; from: string }>();
  for (const e of events) {
    const prev = byChannel.get(e.channel!);
    if (!prev || e.ratePerSecond > prev.rate)
      byChannel.set(e.channel!, {
        channel: e.channel!,
        rate: e.ratePerSecond,
        event: e.event!,
        from: e.from,
      });
  }
  return [...byChannel.values()].sort((x, y) => x.channel.localeCompare(y.channel));
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
