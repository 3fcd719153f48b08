/** Monitoring: SLOs derived from the stated targets, the four golden signals per deployable, burn-rate alerts. */

import type { DesignResult, Monitoring } from '../result.js';
import { num, pct } from './table.js';

const MINUTES_PER_30_DAYS = 30 * 24 * 60;

export function monitoringFor(d: DesignResult): Monitoring {
  const req = d.requirements;
  const budgetMin = (1 - req.nfr.availability) * MINUTES_PER_30_DAYS;
  const slos = [
    ...req.capabilities
      .filter((k) => k.critical)
      .map((k) => ({
        name: `${k.name}-availability`,
        objective: `${pct(req.nfr.availability)} of ${k.name} requests succeed (non-5xx) over 30 days`,
        errorBudget: `${num(budgetMin, 1)} min or ${num((1 - req.nfr.availability) * k.avgRps * MINUTES_PER_30_DAYS * 60, 0)} failed requests per 30 days`,
      })),
    ...req.capabilities
      .filter((k) => k.critical)
      .map((k) => {
        const p99 = k.latency?.p99Ms ?? req.nfr.latency.p99Ms;
        return {
          name: `${k.name}-latency`,
          objective: `99% of ${k.name} requests complete within ${num(p99)} ms; 50% within ${num(k.latency?.p50Ms ?? req.nfr.latency.p50Ms)} ms`,
          errorBudget: `1% of requests may exceed ${num(p99)} ms`,
        };
      }),
    ...d.integration.interactions
      .filter((i) => i.style === 'async-event')
      .map((i) => i.channel!)
      .filter((c, idx, all) => all.indexOf(c) === idx)
      .map((channel) => ({
        name: `${channel}-freshness`,
        objective: `99% of ${channel} events consumed within ${num(Math.max(1, Math.min(60, req.nfr.rpoMinutes * 60)), 0)} s of being published`,
        errorBudget: 'consumer lag above the objective for at most 1% of minutes',
      })),
  ];
  if (slos.length === 0)
    slos.push({
      name: 'api-availability',
      objective: `${pct(req.nfr.availability)} of requests succeed over 30 days`,
      errorBudget: `${num(budgetMin, 1)} min per 30 days`,
    });
  return {
    slos,
    goldenSignals: [
      {
        signal: 'latency',
        measure: 'http.server.request.duration histogram per route: p50, p99 (successes and errors apart)',
      },
      {
        signal: 'traffic',
        measure: 'requests/s per route and per client; events/s per channel; open real-time connections',
      },
      {
        signal: 'errors',
        measure: '5xx and timeouts per route, dead-lettered messages per channel, failed health checks',
      },
      {
        signal: 'saturation',
        measure: `CPU against the ${pct(d.assumptions.find((x) => x.name === 'targetUtilisation')!.value, 0)} planning target, connection-pool wait time, consumer lag, database storage used`,
      },
    ],
    alerts: [
      'Page: error budget burning 14.4× faster than allowed over 1 h (and 5 min) — 2% of the monthly budget in an hour.',
      'Page: burn rate 6× over 6 h (and 30 min).',
      'Ticket: burn rate 1× over 3 days.',
      'Ticket: storage above 70% of provisioned, or growth ahead of the plan.',
    ],
  };
}
