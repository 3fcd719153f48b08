import * as z from 'zod';
import type { Dependency, Source } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import {
  buildServiceGraph,
  chainEvidence,
  chainStarts,
  edgeEvidence,
  longestChainFrom,
  type ServiceGraph,
} from '../shared/graph.js';
import { applicationIds } from '../shared/roles.js';
import type { FindingDraft, Rule, Severity } from '../types.js';

/**
 * Planning figure for the p99 cost of one service on a synchronous path: the network hop into it (about 1 ms
 * within a zone), connection and serialisation overhead, and the service's own p99 work. Override with the rule
 * option `perHopMs` once real per-service p99s are known.
 */
export const DEFAULT_PER_HOP_MS = 25;

export interface ChainBudget {
  chain: string[];
  perHopMs: number;
  estimatedMs: number;
  p99LatencyMs: number;
}

/** Each service on the chain costs one hop: the client's call into the entry service counts too. */
export function chainLatency(chain: string[], perHopMs: number): number {
  return chain.length * perHopMs;
}

function longestChain(graph: ServiceGraph, starts: string[]): string[] {
  let best: string[] = [];
  for (const start of starts) {
    const chain = longestChainFrom(graph, start);
    if (chain.length > best.length) best = chain;
  }
  return best;
}

const chainCompose = (names: string[]) =>
  `services:\n${names
    .map((n, i) => {
      const next = names[i + 1];
      return `  ${n}:\n    image: shop/${n}:1.0.0\n${next ? `    environment:\n      ${next.toUpperCase()}_URL: http://${next}:8080\n` : ''}`;
    })
    .join('')}`;
const CHAIN = ['web', 'orders', 'pricing', 'discounts', 'loyalty'];

const options = z.strictObject({
  perHopMs: z
    .number()
    .gt(0)
    .default(DEFAULT_PER_HOP_MS)
    .describe('Assumed p99 latency one synchronous service hop adds, in milliseconds'),
});

const { messages, say } = defineMessages({
  criticalPathOverBudget:
    'critical path "{{path}}" {{chain}} has {{hops}} synchronous hops × {{perHopMs}} ms = {{estimatedMs}} ms at p99, over the declared p99 of {{p99}} ms by {{overMs}} ms',
  longestChainOverBudget:
    'the longest synchronous chain {{chain}} has {{hops}} synchronous hops × {{perHopMs}} ms = {{estimatedMs}} ms at p99, over the declared p99 of {{p99}} ms by {{overMs}} ms',
});

export const latencyBudget: Rule<z.infer<typeof options>> = {
  id: 'performance/latency-budget',
  area: 'performance',
  severity: 'medium',
  title: 'Synchronous call chain exceeds the declared p99 latency',
  messages,
  rationale:
    'Every synchronous hop adds its own tail latency to the request: a chain of services each answering in 25 ms at p99 ' +
    'cannot answer in 100 ms at p99 once it is five deep. Summing per-hop p99s is a deliberately conservative estimate ' +
    '(tails do not always coincide, but with fan-out they usually do — Dean & Barroso\'s "tail at scale"), and it shows ' +
    'early whether the declared target is plausible for the architecture. The per-hop figure defaults to 25 ms (network ' +
    "hop, serialisation and the callee's own p99 work) and is the rule option `perHopMs`. Declared critical paths are " +
    'checked as declared; otherwise the longest synchronous chain is.',
  references: [
    'Dean & Barroso, "The Tail at Scale", Communications of the ACM 56(2), 2013',
    'Google SRE book, ch. 4: Service Level Objectives',
    'Nygard, Release It! (2nd ed.), ch. 4: Integration Points and Chain Reactions',
  ],
  recommendation:
    'Shorten the synchronous path (parallel fan-out from the entry service instead of chains, caching, moving work ' +
    'to asynchronous messaging), or measure the real per-hop p99s and set `perHopMs`, or revisit the target.',
  fix: {
    description:
      'Calibrate the per-hop figure from measurements, then shorten the chain where it still does not fit.',
    language: 'yaml',
    snippet:
      '# plumbline.yaml\nrequirements:\n  p99LatencyMs: 250\nrules:\n  performance/latency-budget:\n    options:\n      perHopMs: 15   # measured p99 per service hop',
  },
  examples: {
    fail: {
      description: 'web → orders → pricing → discounts → loyalty: 5 × 25 ms = 125 ms against a 100 ms p99',
      files: {
        'docker-compose.yml': chainCompose(CHAIN),
        'plumbline.yaml': 'system: shop\nrequirements:\n  p99LatencyMs: 100\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:5',
          messageId: 'longestChainOverBudget',
          message:
            'the longest synchronous chain web → orders → pricing → discounts → loyalty has 5 synchronous hops × 25 ms = 125 ms at p99, over the declared p99 of 100 ms by 25 ms',
          also: ['docker-compose.yml:9', 'docker-compose.yml:13', 'docker-compose.yml:17'],
        },
      ],
    },
    pass: {
      description: 'the same chain against a 300 ms p99',
      files: {
        'docker-compose.yml': chainCompose(CHAIN),
        'plumbline.yaml': 'system: shop\nrequirements:\n  p99LatencyMs: 300\n',
      },
    },
  },
  options,
  check(model, ctx) {
    const p99 = model.declared.requirements?.p99LatencyMs;
    if (p99 === undefined) return { findings: [] };
    const { perHopMs } = ctx.options;
    const apps = applicationIds(model);
    const graph = buildServiceGraph(model, { kinds: ['sync'], include: (id) => apps.has(id) });
    const chains: { path?: string; chain: string[]; evidence: Dependency[]; declared?: Source }[] = [];
    for (const path of model.declared.criticalPaths) {
      const evidence: Dependency[] = [];
      for (let i = 0; i + 1 < path.services.length; i++) {
        const dep = edgeEvidence(graph, path.services[i] as string, path.services[i + 1] as string);
        if (dep) evidence.push(dep);
      }
      chains.push({
        path: path.name,
        chain: path.services,
        evidence,
        declared: path.source,
      });
    }
    if (chains.length === 0) {
      const chain = longestChain(graph, chainStarts(graph, model));
      if (chain.length >= 2) chains.push({ chain, evidence: chainEvidence(graph, chain) });
    }
    const findings: FindingDraft[] = [];
    const within: string[] = [];
    for (const c of chains) {
      const estimatedMs = chainLatency(c.chain, perHopMs);
      if (estimatedMs <= p99) {
        within.push(`${c.chain.join(' → ')} ≈ ${estimatedMs} ms`);
        continue;
      }
      const severity: Severity = estimatedMs > 1.5 * p99 ? 'high' : 'medium';
      const budget = {
        chain: c.chain.join(' → '),
        hops: c.chain.length,
        perHopMs,
        estimatedMs,
        p99,
        overMs: estimatedMs - p99,
      };
      findings.push({
        ...(c.path === undefined
          ? say.longestChainOverBudget(budget)
          : say.criticalPathOverBudget({ ...budget, path: c.path })),
        locations: [...(c.declared ? [c.declared] : []), ...c.evidence.map((d) => d.source)],
        element: `latency:${c.chain.join('>')}`,
        severity,
        data: {
          chain: c.chain,
          hops: c.chain.length,
          perHopMs,
          estimatedMs,
          p99LatencyMs: p99,
          overByMs: estimatedMs - p99,
        } satisfies ChainBudget & Record<string, unknown>,
      });
    }
    return {
      findings,
      strength:
        within.length > 0 && findings.length === 0
          ? `Synchronous paths fit the declared p99 of ${p99} ms at ${perHopMs} ms per hop (${within.join('; ')})`
          : undefined,
    };
  },
};
