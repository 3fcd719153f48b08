/**
 * A p99 latency budget split across the hops of the critical path. Summing per-hop p99s over-estimates
 * the end-to-end p99 (tails rarely coincide), so a budget that fits here fits in practice.
 */
import { num } from '../decisions/table.js';
import type { Shown } from './shown.js';

export interface LatencyHop {
  hop: string;
  kind: 'edge' | 'network' | 'application' | 'database' | 'external';
  budgetMs: number;
}

export interface LatencyMath extends Shown {
  capability: string;
  targetP99Ms: number;
  targetP50Ms: number;
  hops: LatencyHop[];
  fixedMs: number;
  /** Milliseconds left for each service's own code. */
  applicationMsPerService: number;
  feasible: boolean;
}

export interface LatencyInput {
  capability: string;
  targetP99Ms: number;
  targetP50Ms: number;
  services: string[];
  edgeMs: number;
  hopMs: number;
  queriesPerRequest: number;
  queryP99Ms: number;
  externals: string[];
  externalCallP99Ms: number;
}

export function latencyMath(input: LatencyInput): LatencyMath {
  const fixed: LatencyHop[] = [
    { hop: 'edge (load balancer, TLS, ingress)', kind: 'edge', budgetMs: input.edgeMs },
  ];
  input.services.forEach((s, i) => {
    if (i > 0) fixed.push({ hop: `${input.services[i - 1]} → ${s}`, kind: 'network', budgetMs: input.hopMs });
    fixed.push({
      hop: `${s} database (${num(input.queriesPerRequest)} queries)`,
      kind: 'database',
      budgetMs: input.queriesPerRequest * input.queryP99Ms,
    });
  });
  for (const e of input.externals)
    fixed.push({ hop: `${e} (external call)`, kind: 'external', budgetMs: input.externalCallP99Ms });
  const fixedMs = fixed.reduce((a, h) => a + h.budgetMs, 0);
  const left = input.targetP99Ms - fixedMs;
  const applicationMsPerService = Math.max(0, left / input.services.length);
  const hops = [
    ...fixed,
    ...input.services.map((s) => ({
      hop: `${s} application code`,
      kind: 'application' as const,
      budgetMs: applicationMsPerService,
    })),
  ];
  return {
    capability: input.capability,
    targetP99Ms: input.targetP99Ms,
    targetP50Ms: input.targetP50Ms,
    hops,
    fixedMs,
    applicationMsPerService,
    feasible: left > 0,
    formula:
      'application ms per service = (p99 target − edge − network hops − database − external calls) ÷ services on the path',
    shown: `(${num(input.targetP99Ms)} − ${fixed.map((h) => num(h.budgetMs)).join(' − ')}) ÷ ${input.services.length} = ${num(left / input.services.length, 1)} ms`,
  };
}
