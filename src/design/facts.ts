/** Figures derived from the requirements that several decisions read. */
import type { Capability, Context, Interaction, Requirements, TrafficClass } from './requirements.js';

export interface ContextLoad {
  context: string;
  peakRps: number;
  avgRps: number;
  /** Peak requests that only read / that write. */
  peakReadRps: number;
  peakWriteRps: number;
  readRatio: number;
  realtime: boolean;
  critical: boolean;
  timeSeries: boolean;
  /** Traffic classes of its capabilities (command, telemetry, user, batch). */
  trafficClasses: TrafficClass[];
  /** Some of its traffic comes from devices (which cannot retry a rejection as a person's client can). */
  fromDevices: boolean;
}

export function contextLoads(req: Requirements): ContextLoad[] {
  return req.contexts.map((c) =>
    contextLoad(
      c,
      req.capabilities.filter((k) => k.context === c.name),
    ),
  );
}

function contextLoad(c: Context, caps: Capability[]): ContextLoad {
  const peakRps = sum(caps.map((k) => k.peakRps));
  const peakReadRps = sum(caps.map((k) => k.peakRps * k.readRatio));
  return {
    context: c.name,
    peakRps,
    avgRps: sum(caps.map((k) => k.avgRps)),
    peakReadRps,
    peakWriteRps: peakRps - peakReadRps,
    readRatio: peakRps === 0 ? 0 : peakReadRps / peakRps,
    realtime: caps.some((k) => k.realtime !== undefined),
    critical: caps.some((k) => k.critical),
    timeSeries: c.entities.some((e) => e.timeSeries) || c.accessPattern === 'time-series',
    trafficClasses: [...new Set(caps.flatMap((k) => (k.trafficClass ? [k.trafficClass] : [])))].sort(),
    fromDevices: caps.some((k) => k.clients === 'devices'),
  };
}

export interface SystemFacts {
  teams: number;
  engineers: number;
  contexts: number;
  peakRps: number;
  avgRps: number;
  /** Peak over average across the whole system. */
  burstiness: number;
  /** Busiest context's peak over the quietest one's (how unevenly the load falls). */
  scaleSpread: number;
  asyncInteractions: number;
  realtime: boolean;
  safetyCritical: boolean;
  availability: number;
}

export function systemFacts(req: Requirements): SystemFacts {
  const loads = contextLoads(req);
  const peaks = loads.map((l) => l.peakRps).filter((p) => p > 0);
  const peakRps = sum(loads.map((l) => l.peakRps));
  const avgRps = sum(loads.map((l) => l.avgRps));
  return {
    teams: req.team.teams,
    engineers: req.team.teams * req.team.size,
    contexts: req.contexts.length,
    peakRps,
    avgRps,
    burstiness: avgRps === 0 ? 1 : peakRps / avgRps,
    scaleSpread: peaks.length === 0 ? 1 : Math.max(...peaks) / Math.min(...peaks),
    asyncInteractions: req.interactions.filter((i) => !i.needsImmediateAnswer).length,
    realtime: req.capabilities.some((k) => k.realtime !== undefined),
    safetyCritical: req.nfr.safetyCritical,
    availability: req.nfr.availability,
  };
}

/** Peak events per second an interaction produces: its trigger's write rate (or its source context's). */
export function eventRate(req: Requirements, i: Interaction): number {
  const writes = (k: Capability) => k.peakRps * (1 - k.readRatio);
  const trigger = i.trigger ? req.capabilities.find((k) => k.name === i.trigger) : undefined;
  const base = trigger
    ? writes(trigger)
    : sum(req.capabilities.filter((k) => k.context === i.from).map(writes));
  return base * i.eventsPerRequest;
}

/** The capability the latency budget and composite availability are computed for. */
export function criticalCapability(req: Requirements): Capability {
  const flagged = req.capabilities.filter((k) => k.critical);
  const pool = flagged.length > 0 ? flagged : req.capabilities;
  return [...pool].sort((a, b) => b.peakRps - a.peakRps || a.name.localeCompare(b.name))[0];
}

export function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
