/** Implementation roadmap: MVP on the critical path, then scale, then the advanced items the numbers call for. */
import type { DesignResult, Phase } from '../result.js';
import { num, pct } from './table.js';

export function roadmapFor(d: DesignResult): Phase[] {
  const req = d.requirements;
  const critical = req.capabilities.find((k) => k.name === d.math.latency.capability)!;
  const mvpContexts = new Set([critical.context]);
  for (const i of d.integration.interactions)
    if (mvpContexts.has(i.from) && (i.style === 'sync-http' || i.style === 'in-process-call'))
      mvpContexts.add(i.to);
  for (const k of req.capabilities.filter((x) => x.critical)) mvpContexts.add(k.context);
  const later = req.contexts.map((c) => c.name).filter((c) => !mvpContexts.has(c));
  const mvpDeployables = d.deployables.filter((x) => x.contexts.some((c) => mvpContexts.has(c)));

  const phase1: string[] = [
    `Build ${[...mvpContexts].sort().join(', ')} (capabilities: ${req.capabilities
      .filter((k) => mvpContexts.has(k.context))
      .map((k) => k.name)
      .join(', ')}) contract-first from the generated OpenAPI files.`,
    `Deploy ${mvpDeployables.map((x) => `${x.name} ×${x.replicas}`).join(', ')} in one region with a ${d.math.availability.databaseTier} database; CI/CD, health checks, structured logs and traces from day one.`,
    `Authentication (OIDC), per-object authorisation and rate limits at the edge before the first external user.`,
  ];
  if (d.integration.broker.choice === 'outbox')
    phase1.push('Transactional outbox and in-process dispatcher for domain events.');
  if (d.integration.broker.choice === 'kafka' || d.integration.broker.choice === 'rabbitmq')
    phase1.push(
      `${d.integration.broker.choice === 'kafka' ? 'Kafka' : 'RabbitMQ'} with the outbox pattern on every producer; dead-letter channels and alerts on them.`,
    );
  phase1.push(
    `Load test the critical path to replace the per-instance throughput assumption (${num(d.assumptions.find((a) => a.name === 'instanceThroughputRps')!.value)} req/s).`,
  );

  const phase2: string[] = [];
  if (later.length > 0) phase2.push(`Build ${later.join(', ')}.`);
  phase2.push(
    `Autoscaling to the computed ceilings (${d.math.instances.map((m) => `${m.service} ≤ ${m.maxReplicas}`).join(', ')}).`,
  );
  for (const c of d.math.cache) phase2.push(`Cache-aside Redis for ${c.context} (${num(c.memoryGb, 2)} GB).`);
  for (const c of d.math.connections.filter((x) => x.needsPooler))
    phase2.push(
      `PgBouncer in transaction mode in front of ${c.instance} (${c.totalAtMax} connections at full scale > ${c.budget}).`,
    );
  for (const p of d.math.partitions.filter((x) => x.partitions > 3))
    phase2.push(`Size ${p.channel} at ${p.partitions} partitions.`);
  phase2.push(
    `SLOs and burn-rate alerts live; game-day on the critical path to check RTO ${num(req.nfr.rtoMinutes)} min.`,
  );

  const phase3: string[] = [];
  if (d.math.availability.databaseTier === 'multi-region')
    phase3.push(
      `Second region for the critical path: the ${pct(req.nfr.availability)} target needs a multi-region database.`,
    );
  else
    phase3.push(
      `Cross-region backups and a tested restore within RPO ${num(req.nfr.rpoMinutes)} min / RTO ${num(req.nfr.rtoMinutes)} min.`,
    );
  if (d.pattern.pattern === 'modular-monolith' || d.pattern.pattern === 'hybrid') {
    const busiest = [...d.boundaries].sort((a, b) => groupPeak(d, b.name) - groupPeak(d, a.name))[0];
    phase3.push(
      `Extract ${busiest.name} into its own service when its team or load outgrows the shared release (it carries ${num(groupPeak(d, busiest.name), 0)} req/s at peak today); its schema and events already make the cut clean.`,
    );
  }
  phase3.push(
    'Chaos experiments (zone loss, broker partition, slow dependency) in staging, then production.',
  );
  phase3.push(
    `Data lifecycle: archive or tier data older than the ${req.nfr.data.horizonYears}-year planning horizon (${num(d.math.storage[0].dataGb, 0)} GB by then).`,
  );
  return [
    {
      name: 'Phase 1 — MVP',
      goal: `The critical capability ${critical.name} in production, meeting its SLOs.`,
      items: phase1,
    },
    {
      name: 'Phase 2 — Scale',
      goal: 'Every capability live at the stated peak with headroom.',
      items: phase2,
    },
    { name: 'Phase 3 — Advanced', goal: 'Resilience beyond one region and room to grow.', items: phase3 },
  ];
}

function groupPeak(d: DesignResult, group: string): number {
  const contexts = d.boundaries.find((g) => g.name === group)!.contexts;
  return d.requirements.capabilities
    .filter((k) => contexts.includes(k.context))
    .reduce((a, k) => a + k.peakRps, 0);
}
