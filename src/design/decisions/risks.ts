/** Risk mitigation: risks the design itself reveals, each with a countermeasure. Rows fire on design facts. */
import { isMonetary } from '../names.js';
import type { DesignResult, Risk } from '../result.js';
import { num, pct } from './table.js';

interface RiskRow {
  id: string;
  when: (d: DesignResult) => boolean;
  risk: (d: DesignResult) => Risk;
}

/** A deployable whose capabilities take traffic from devices. */
export function servesDevices(d: DesignResult, deployable: string): boolean {
  const contexts = d.deployables.find((x) => x.name === deployable)?.contexts ?? [];
  return d.requirements.capabilities.some((k) => k.clients === 'devices' && contexts.includes(k.context));
}

export const RISK_TABLE: RiskRow[] = [
  {
    id: 'risk/command-starvation',
    when: (d) =>
      d.requirements.capabilities.some((k) => k.trafficClass === 'command') &&
      d.requirements.capabilities.some((k) => k.trafficClass === 'telemetry' || k.trafficClass === 'batch'),
    risk: (d) => {
      const command = d.requirements.capabilities.filter((k) => k.trafficClass === 'command');
      const deadline = Math.min(...command.map((k) => k.deadlineMs ?? Number.POSITIVE_INFINITY));
      return {
        category: 'performance',
        risk: `A telemetry or batch surge delays commands (${command.map((k) => k.name).join(', ')})${Number.isFinite(deadline) ? ` past their ${num(deadline, 0)} ms deadline` : ''} if they share a deployable, a broker queue or a connection.`,
        countermeasure:
          'Commands run in their own deployable with reserved capacity, their own topics at the higher MQTT QoS with message expiry set to the deadline, acknowledged end to end; an unacknowledged command is reported to the operator, never silently retried after its deadline.',
      };
    },
  },
  {
    id: 'risk/safety-fallback',
    when: (d) => d.requirements.nfr.safetyCritical,
    risk: () => ({
      category: 'technical',
      risk: 'A failure of the platform leaves the controlled equipment without instructions or supervision.',
      countermeasure:
        'Fail-safe defaults on the equipment when commands stop (hold, return, or land safely), a manual override path that does not depend on the platform, redundant command paths, an immutable audit trail of every command and override, and scheduled fault-injection drills of each of them.',
    }),
  },
  {
    id: 'risk/module-erosion',
    when: (d) => d.pattern.pattern !== 'microservices',
    risk: () => ({
      category: 'technical',
      risk: 'Module boundaries erode: one module reads another’s tables or imports its internals, and the monolith turns into a ball of mud.',
      countermeasure:
        'A schema and a database role per module; dependency rules in CI (dependency-cruiser or ArchUnit) allow only the public interface.',
    }),
  },
  {
    id: 'risk/distributed-consistency',
    when: (d) => d.integration.interactions.some((i) => i.style === 'async-event'),
    risk: (d) => ({
      category: 'technical',
      risk: `State spread across ${d.deployables.length} deployables diverges when an event is lost or handled twice.`,
      countermeasure:
        'Transactional outbox on every producer, idempotent consumers keyed by event id, sagas with compensations for multi-step flows.',
    }),
  },
  {
    id: 'risk/event-schema-drift',
    when: (d) => d.integration.interactions.some((i) => i.event),
    risk: () => ({
      category: 'technical',
      risk: 'An incompatible event change breaks consumers the producer does not know about.',
      countermeasure:
        'Versioned channels (`.v1`), schemas in the AsyncAPI contracts checked for compatibility in CI, additive changes only within a version.',
    }),
  },
  {
    id: 'risk/hot-deployable',
    when: () => true,
    risk: (d) => {
      const hot = [...d.math.instances].sort((a, b) => b.peakRps - a.peakRps)[0];
      const devices = servesDevices(d, hot.service);
      return {
        category: 'performance',
        risk: `${hot.service} takes ${num(hot.peakRps, 0)} ${devices ? 'messages' : 'req'}/s at peak and needs ${hot.forThroughput} instances at ${pct(hot.targetUtilisation, 0)} utilisation; the per-instance figure is an assumption.`,
        countermeasure: devices
          ? `Load test before launch and autoscale up to ${hot.maxReplicas} replicas on consumer lag; beyond that, admission control at the ingest broker instead of rejecting devices (they cannot retry a 429 in flight): per-device quotas, backpressure, and newest-wins dropping of stale telemetry, while commands keep their own capacity and are never shed.`
          : `Load test before launch, autoscale on CPU and request rate up to ${hot.maxReplicas} replicas, shed load with 429 + Retry-After beyond that.`,
      };
    },
  },
  {
    id: 'risk/connection-exhaustion',
    when: (d) => d.math.connections.some((c) => c.needsPooler),
    risk: (d) => {
      const c = d.math.connections.find((x) => x.needsPooler)!;
      return {
        category: 'performance',
        risk: `${c.instance} would need ${c.totalAtMax} connections at full scale, above the ${c.budget} it can give.`,
        countermeasure:
          'PgBouncer in transaction-pooling mode; pools sized from the connection math; statement timeouts.',
      };
    },
  },
  {
    id: 'risk/tight-latency-budget',
    when: (d) => d.math.latency.applicationMsPerService < 50,
    risk: (d) => ({
      category: 'performance',
      risk: d.math.latency.feasible
        ? `Only ${num(d.math.latency.applicationMsPerService, 1)} ms per service remain on ${d.math.latency.capability} after network and database at p99.`
        : `The p99 target of ${num(d.math.latency.targetP99Ms)} ms on ${d.math.latency.capability} is below the fixed costs of the path (${num(d.math.latency.fixedMs)} ms).`,
      countermeasure:
        'Keep the path synchronous only where an answer is needed, move external calls behind queues, cache reads, and set per-hop timeouts from the budget.',
    }),
  },
  {
    id: 'risk/availability-capped',
    when: (d) => !d.math.availability.met,
    risk: (d) => {
      const failing = d.math.availabilityPaths.filter((p) => !p.math.met);
      const fixes = failing.flatMap((p) => p.math.externalFixes ?? []);
      return {
        category: 'technical',
        risk: `${failing.length > 1 ? `${failing.length} critical paths` : `The critical path${failing[0] ? ` ${failing[0].capability}` : ''}`} cannot reach ${pct(d.math.availability.target)}: ${failing.map((p) => p.math.limitedBy).join('; ')}.`,
        countermeasure: fixes.length
          ? `Take the external providers off the synchronous path — ${fixes.join('; ')} — or agree a lower target for this path with the business.`
          : 'Take the limiting dependency off the synchronous path (queue and retry, fallback provider) or negotiate the target.',
      };
    },
  },
  {
    id: 'risk/cache-stampede',
    when: (d) => d.math.cache.length > 0,
    risk: (d) => ({
      category: 'performance',
      risk: `A cold or flushed cache sends all ${d.math.cache.map((c) => c.context).join(', ')} reads to the database at once.`,
      countermeasure:
        'Request coalescing (single flight), jittered TTLs, and a warm-up before taking traffic.',
    }),
  },
  {
    id: 'risk/hot-partition',
    when: (d) => d.math.partitions.length > 0 && d.integration.broker.choice === 'kafka',
    risk: () => ({
      category: 'performance',
      risk: 'A skewed partition key (one busy device, seller or tenant) overloads one partition and its consumer.',
      countermeasure:
        'Key by a high-cardinality id, watch per-partition lag, and split hot keys with a suffix when needed.',
    }),
  },
  {
    id: 'risk/fanout-backpressure',
    when: (d) => d.math.realtime.length > 0,
    risk: (d) => ({
      category: 'performance',
      risk: `Slow clients back up ${num(
        d.math.realtime.reduce((a, r) => a + r.deliveriesPerSecond, 0),
        0,
      )} deliveries/s of real-time fan-out.`,
      countermeasure:
        'Bounded per-connection send buffers, drop-to-latest for state updates, and reconnect with resume tokens.',
    }),
  },
  {
    id: 'risk/bola',
    when: () => true,
    risk: () => ({
      category: 'security',
      risk: 'Broken object-level authorisation: a caller reads or changes another tenant’s record by guessing its id (OWASP API1:2023).',
      countermeasure:
        'Authorise every `{id}` route against the caller’s tenant in one shared policy layer; unguessable ids; tests per route.',
    }),
  },
  {
    id: 'risk/abuse-and-exhaustion',
    when: () => true,
    risk: (d) => ({
      category: 'security',
      risk: 'Unrestricted resource consumption: unbounded pages or bodies and request floods (OWASP API4:2023).',
      countermeasure: d.requirements.capabilities.some((k) => k.clients === 'devices')
        ? 'maxLength/maxItems on every input and `limit` capped on lists; rate limits with 429 for people and services at the edge; per-device quotas and message-size limits at the device broker, where a misbehaving device is throttled or disconnected rather than answered with 429.'
        : 'maxLength/maxItems on every input, `limit` capped on lists, rate limits with 429 at the edge.',
    }),
  },
  {
    id: 'risk/duplicate-money-operation',
    when: (d) => d.requirements.contexts.some((c) => c.entities.some(isMonetary)),
    risk: () => ({
      category: 'security',
      risk: 'A retried POST charges or orders twice.',
      countermeasure:
        'Idempotency-Key header on money and order creates, stored with the response for 24 h; provider idempotency keys passed through.',
    }),
  },
  {
    id: 'risk/personal-data-leak',
    when: (d) =>
      d.requirements.contexts.some((c) => c.dataClasses.some((x) => ['pii', 'payment', 'phi'].includes(x))),
    risk: (d) => ({
      category: 'security',
      risk: `Sensitive data (${[...new Set(d.requirements.contexts.flatMap((c) => c.dataClasses))]
        .filter((x) => x !== 'public')
        .sort()
        .join(', ')}) leaks through logs, events or backups.`,
      countermeasure:
        'Field-level classification in the contracts, log redaction, events carry ids not personal fields, encrypted backups.',
    }),
  },
  {
    id: 'risk/device-compromise',
    when: (d) => d.requirements.compliance.includes('iec-62443') || d.requirements.nfr.safetyCritical,
    risk: () => ({
      category: 'security',
      risk: 'A compromised device or console injects false readings or commands into a safety-critical system.',
      countermeasure:
        'Per-device certificates with mTLS, signed commands with operator identity, anomaly detection on readings, and zones and conduits enforced by NetworkPolicies.',
    }),
  },
  {
    id: 'risk/over-budget',
    when: (d) => d.math.cost.withinBudget === false,
    risk: (d) => ({
      category: 'cost',
      risk: `Estimated ${num(d.math.cost.totalUsd, 0)} USD/month exceeds the ${num(d.math.cost.budgetUsd!, 0)} USD budget.`,
      countermeasure:
        'Committed-use discounts, right-size after the load test, and revisit the availability target with the business (each nine roughly doubles data-tier cost).',
    }),
  },
];

export function risksFor(d: DesignResult): Risk[] {
  return RISK_TABLE.filter((r) => r.when(d)).map((r) => r.risk(d));
}
