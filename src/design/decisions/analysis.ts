/** Architecture analysis: how complex the system is, its scale in figures, and what decides its success. */
import { eventRate, sum } from '../facts.js';
import { isMonetary } from '../names.js';
import type { Analysis, DesignResult, Figure } from '../result.js';
import { num, pct } from './table.js';

interface Driver {
  name: string;
  points: (d: DesignResult) => number;
  describe: (d: DesignResult) => string;
}

/** Each driver adds points; the total sets the level (low < 8 ≤ medium < 16 ≤ high). */
export const COMPLEXITY_DRIVERS: Driver[] = [
  {
    name: 'contexts',
    points: (d) => d.requirements.contexts.length,
    describe: (d) => `${d.requirements.contexts.length} bounded contexts`,
  },
  {
    name: 'entities',
    points: (d) => Math.floor(sum(d.requirements.contexts.map((c) => c.entities.length)) / 3),
    describe: (d) => `${sum(d.requirements.contexts.map((c) => c.entities.length))} entities`,
  },
  {
    name: 'integrations',
    points: (d) => d.requirements.integrations.length,
    describe: (d) => `${d.requirements.integrations.length} external integrations`,
  },
  {
    name: 'async',
    points: (d) => d.requirements.interactions.filter((i) => !i.needsImmediateAnswer).length,
    describe: (d) =>
      `${d.requirements.interactions.filter((i) => !i.needsImmediateAnswer).length} asynchronous interactions`,
  },
  {
    name: 'compliance',
    points: (d) => 2 * d.requirements.compliance.length,
    describe: (d) => `compliance: ${d.requirements.compliance.join(', ') || 'none'}`,
  },
  {
    name: 'realtime',
    points: (d) => (d.math.realtime.length > 0 ? 3 : 0),
    describe: () => 'real-time fan-out to clients',
  },
  {
    name: 'safety',
    points: (d) => (d.requirements.nfr.safetyCritical ? 4 : 0),
    describe: () => 'safety-critical',
  },
  {
    name: 'availability',
    points: (d) =>
      d.requirements.nfr.availability >= 0.9999 ? 4 : d.requirements.nfr.availability >= 0.999 ? 1 : 0,
    describe: (d) => `${pct(d.requirements.nfr.availability)} availability target`,
  },
  {
    name: 'scale',
    points: (d) => (totalPeak(d) >= 10000 ? 4 : totalPeak(d) >= 1000 ? 2 : 0),
    describe: (d) => `${num(totalPeak(d), 0)} req/s at peak`,
  },
];

const totalPeak = (d: DesignResult) => sum(d.requirements.capabilities.map((k) => k.peakRps));

interface SuccessFactor {
  weight: (d: DesignResult) => number;
  text: (d: DesignResult) => string;
}

/** Candidate success factors, weighted by how much the requirements lean on them; the top three are reported. */
export const SUCCESS_FACTORS: SuccessFactor[] = [
  {
    weight: (d) => (d.requirements.nfr.safetyCritical ? 100 : 0),
    text: (d) =>
      `The safety-critical path (${d.math.latency.capability}) keeps working when anything else fails: isolated deployables, no shared failure domain, tested failover.`,
  },
  {
    weight: (d) =>
      d.requirements.nfr.availability >= 0.9999 ? 90 : d.requirements.nfr.availability >= 0.9995 ? 60 : 20,
    text: (d) =>
      `Availability of ${pct(d.requirements.nfr.availability)} (${num(d.math.availability.downtimeMinutesPerMonth.target, 1)} min/month error budget): ${d.math.availability.replicaFloor}+ replicas and a ${d.math.availability.databaseTier} database on the critical path.`,
  },
  {
    weight: (d) => (d.math.realtime.length > 0 ? 80 : 0),
    text: (d) =>
      `Real-time delivery at ${num(sum(d.math.realtime.map((r) => r.deliveriesPerSecond)), 0)} messages/s to ${sum(d.math.realtime.map((r) => r.connections))} open connections without back-pressure reaching producers.`,
  },
  {
    weight: (d) => (totalPeak(d) >= 5000 ? 75 : totalPeak(d) >= 1000 ? 45 : 10),
    text: (d) =>
      `Scaling to ${num(totalPeak(d), 0)} req/s at peak: stateless services scaled on load, data partitioned and cached where reads dominate.`,
  },
  {
    weight: (d) =>
      d.integration.interactions.some((i) => i.style === 'async-event')
        ? 55 + Math.min(20, eventLoad(d) / 100)
        : 0,
    text: () =>
      'Reliable events: transactional outbox on publish, idempotent consumers, versioned schemas and dead-letter handling.',
  },
  {
    weight: (d) => (d.requirements.contexts.some((c) => c.entities.some(isMonetary)) ? 50 : 0),
    text: () =>
      'Money and orders never duplicated or lost: idempotency keys on every create, reconciliation with providers.',
  },
  {
    weight: (d) => (d.math.latency.applicationMsPerService < 50 ? 65 : 15),
    text: (d) =>
      `p99 of ${num(d.math.latency.targetP99Ms)} ms on ${d.math.latency.capability}: ${num(d.math.latency.applicationMsPerService, 1)} ms left per service after network and database.`,
  },
  {
    weight: (d) => (d.requirements.compliance.length > 0 ? 40 + 5 * d.requirements.compliance.length : 0),
    text: (d) =>
      `Compliance (${d.requirements.compliance.join(', ')}) designed in: data classified per context, audit trails, least privilege.`,
  },
  {
    weight: (d) => (d.pattern.pattern === 'modular-monolith' ? 58 : d.pattern.pattern === 'hybrid' ? 35 : 0),
    text: () =>
      'Module boundaries that hold: each context owns its schema and exposes a public interface, checked by architecture tests in CI.',
  },
  {
    weight: (d) => (d.pattern.pattern === 'microservices' ? 58 : 0),
    text: () =>
      'Independent deployability: contract tests between services, no shared databases, backward-compatible API changes.',
  },
  {
    weight: (d) => (d.math.cost.withinBudget === false ? 70 : 5),
    text: (d) => `Run cost within budget (estimated ${num(d.math.cost.totalUsd, 0)} USD/month).`,
  },
];

const eventLoad = (d: DesignResult) =>
  sum(d.requirements.interactions.map((i) => eventRate(d.requirements, i)));

export function analyse(d: DesignResult): Analysis {
  const scored = COMPLEXITY_DRIVERS.map((x) => ({ points: x.points(d), text: x.describe(d) }));
  const score = sum(scored.map((s) => s.points));
  const level = score >= 16 ? 'high' : score >= 8 ? 'medium' : 'low';
  const drivers = scored
    .filter((s) => s.points > 0)
    .sort((x, y) => y.points - x.points)
    .map((s) => s.text);
  const successFactors = SUCCESS_FACTORS.map((f, i) => ({ w: f.weight(d), i, text: f.text(d) }))
    .sort((x, y) => y.w - x.w || x.i - y.i)
    .slice(0, 3)
    .map((f) => f.text);
  return { complexity: { level, score, drivers }, scalability: scalabilityFigures(d), successFactors };
}

function scalabilityFigures(d: DesignResult): Figure[] {
  const req = d.requirements;
  const peak = totalPeak(d);
  const avg = sum(req.capabilities.map((k) => k.avgRps));
  const reads = sum(req.capabilities.map((k) => k.peakRps * k.readRatio));
  const s = d.math.storage[0];
  const figures: Figure[] = [
    {
      name: 'Peak load',
      value: `${num(peak, 0)} req/s (average ${num(avg, 1)} req/s, ${num(peak / avg, 1)}× burst)`,
    },
    {
      name: 'Read/write mix at peak',
      value: `${pct(reads / peak, 1)} reads / ${pct(1 - reads / peak, 1)} writes`,
    },
    {
      name: 'Busiest capability',
      value: [...req.capabilities].sort((x, y) => y.peakRps - x.peakRps)[0].name,
    },
    {
      name: `Data in ${s.years} years`,
      value: `${num(s.dataGb, 1)} GB (from ${num(s.initialGb)} GB at +${pct(s.yearlyGrowth, 1)}/year)`,
    },
    {
      name: 'Availability target',
      value: `${pct(req.nfr.availability)} = ${num(d.math.availability.downtimeMinutesPerMonth.target, 1)} min/month of downtime`,
    },
    {
      name: 'Latency target',
      value: `p50 ${num(req.nfr.latency.p50Ms)} ms, p99 ${num(req.nfr.latency.p99Ms)} ms`,
    },
    { name: 'Recovery', value: `RPO ${num(req.nfr.rpoMinutes)} min, RTO ${num(req.nfr.rtoMinutes)} min` },
  ];
  const events = sum(d.math.partitions.map((p) => p.messagesPerSecond));
  if (events > 0)
    figures.push({
      name: 'Events at peak',
      value: `${num(events, 1)} messages/s across ${d.math.partitions.length} channels`,
    });
  for (const r of d.math.realtime)
    figures.push({
      name: `Real-time (${r.capability})`,
      value: `${r.connections} connections, ${num(r.deliveriesPerSecond, 0)} deliveries/s`,
    });
  return figures;
}
