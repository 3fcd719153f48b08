import * as z from 'zod';
import { formatSource } from '../../model/provenance.js';
import type { CodeFact, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { ServiceGraph } from '../shared/graph.js';
import { buildServiceGraph, chainEvidence, chainStarts, longestChainFrom } from '../shared/graph.js';
import { applicationIds } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';

export const DEFAULT_MAX_HOPS = 4;
/** Services one request may reach synchronously from its entry operation before it is a wide fan-out. */
export const DEFAULT_MAX_FAN_OUT = 6;

interface OperationPath {
  service: string;
  operation: string;
  calls: CodeFact[];
  /** Every service the request reaches synchronously, directly or through the services it calls. */
  reached: string[];
  /** Longest chain of synchronous hops from the operation's service. */
  chain: string[];
}

/**
 * Request paths from entry operations found in code: a function's own service calls (code facts), then every
 * service those reach synchronously in the graph. Depth is the longest chain, fan-out the services reached.
 */
export function operationPaths(model: SystemModel, graph: ServiceGraph, apps: Set<string>): OperationPath[] {
  const byOperation = new Map<string, CodeFact[]>();
  for (const fact of model.codeFacts) {
    if (fact.kind !== 'http-call' && fact.kind !== 'grpc-call') continue;
    if (!fact.serviceId || !fact.function || !fact.targetId || !apps.has(fact.targetId)) continue;
    if (fact.targetId === fact.serviceId) continue;
    const key = `${fact.serviceId}#${fact.function}`;
    byOperation.set(key, [...(byOperation.get(key) ?? []), fact]);
  }
  const out: OperationPath[] = [];
  for (const [key, calls] of [...byOperation].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [service, operation] = key.split('#') as [string, string];
    const reached = new Set<string>();
    const queue = [...new Set(calls.map((c) => c.targetId as string))];
    while (queue.length) {
      const next = queue.shift() as string;
      if (reached.has(next) || next === service) continue;
      reached.add(next);
      for (const to of graph.edges.get(next)?.keys() ?? []) queue.push(to);
    }
    let chain = [service];
    for (const first of new Set(calls.map((c) => c.targetId as string))) {
      const rest = graph.nodes.includes(first) ? longestChainFrom(graph, first) : [first];
      if (rest.includes(service)) continue;
      if (rest.length + 1 > chain.length) chain = [service, ...rest];
    }
    out.push({ service, operation, calls, reached: [...reached].sort(), chain });
  }
  return out;
}

function isSubChain(inner: string[], outer: string[]): boolean {
  const needle = inner.join('\u0000');
  return outer.join('\u0000').includes(needle) && outer.length > inner.length;
}

function chainCompose(length: number): string {
  const names = ['web', 'orders', 'pricing', 'discounts', 'loyalty', 'profiles'].slice(0, length);
  return `services:\n${names
    .map((n, i) => {
      const next = names[i + 1];
      return `  ${n}:\n    image: shop/${n}:1.0.0\n${next ? `    environment:\n      ${next.toUpperCase()}_URL: http://${next}:8080\n` : ''}`;
    })
    .join('')}`;
}

const options = z.strictObject({
  maxHops: z
    .int()
    .min(1)
    .default(DEFAULT_MAX_HOPS)
    .describe('The most synchronous hops a call chain may take'),
  maxFanOut: z
    .int()
    .min(1)
    .default(DEFAULT_MAX_FAN_OUT)
    .describe('The most services one entry operation may reach synchronously'),
});

const { messages, say } = defineMessages({
  deepChain: 'Synchronous call chain of {{hops}} hops (limit {{maxHops}}): {{chain}}; {{calls}}',
  deepRequestPath:
    'Request path from {{service}} {{operation}} goes {{hops}} synchronous hops deep (limit {{maxHops}}): {{chain}}; calls at {{calls}}',
  wideRequestPath:
    'Request path from {{service}} {{operation}} reaches {{fanOut}} services synchronously (limit {{maxFanOut}}): {{reached}}; calls at {{calls}}',
  deepAndWideRequestPath:
    'Request path from {{service}} {{operation}} goes {{hops}} synchronous hops deep (limit {{maxHops}}): {{chain}} and reaches {{fanOut}} services synchronously (limit {{maxFanOut}}): {{reached}}; calls at {{calls}}',
});

export const deepSyncChain: Rule<z.infer<typeof options>> = {
  id: 'services/deep-sync-chain',
  area: 'services',
  severity: 'medium',
  title: 'Synchronous call chain deeper than the limit',
  messages,
  rationale:
    'Every synchronous hop adds its latency (and its tail latency) to the caller, and multiplies the chance the request fails: ' +
    'five services at 99.9% each give 99.5% at the top of the chain. Deep chains of blocking calls are how one slow leaf ' +
    "service exhausts thread pools all the way up (Nygard's cascading failure). Newman and Richardson both recommend keeping " +
    'request paths shallow and moving work that need not be answered now onto asynchronous messaging.',
  references: [
    'Nygard, Release It! (2nd ed.), ch. 4: Cascading Failures, Integration Points',
    'Dean & Barroso, "The Tail at Scale", CACM 56(2), 2013',
    'Newman, Building Microservices (2nd ed.), ch. 4: synchronous blocking vs. asynchronous communication',
  ],
  recommendation:
    'Shorten the chain: let the entry service call the needed services in parallel rather than through each other, cache or ' +
    'replicate data the middle services only relay, or make the tail of the chain asynchronous (publish an event, answer later).',
  fix: {
    description:
      'Cut the chain where a service only relays: have the upstream service call the leaf directly, or publish an event the leaf consumes.',
    language: 'yaml',
    snippet:
      'services:\n  discounts:\n    environment:\n      # was LOYALTY_URL: http://loyalty:8080 (a blocking hop on every checkout)\n      BROKER_URL: amqp://rabbitmq:5672   # publish order.priced.v1; loyalty consumes it',
  },
  examples: {
    fail: {
      description: 'web → orders → pricing → discounts → loyalty → profiles: 5 synchronous hops',
      files: { 'docker-compose.yml': chainCompose(6) },
      findings: [
        {
          at: 'docker-compose.yml:5',
          messageId: 'deepChain',
          message:
            'Synchronous call chain of 5 hops (limit 4): web → orders → pricing → discounts → loyalty → profiles; web → orders at docker-compose.yml:5, orders → pricing at docker-compose.yml:9, pricing → discounts at docker-compose.yml:13, discounts → loyalty at docker-compose.yml:17, loyalty → profiles at docker-compose.yml:21',
          also: [
            'docker-compose.yml:9',
            'docker-compose.yml:13',
            'docker-compose.yml:17',
            'docker-compose.yml:21',
          ],
        },
      ],
    },
    pass: {
      description: 'web → orders → pricing → discounts → loyalty: 4 hops, within the default limit',
      files: { 'docker-compose.yml': chainCompose(5) },
    },
  },
  options,
  check(model, ctx) {
    const { maxHops, maxFanOut } = ctx.options;
    const apps = applicationIds(model);
    const graph = buildServiceGraph(model, { kinds: ['sync'], include: (id) => apps.has(id) });
    const reported: string[][] = [];
    const findings: FindingDraft[] = [];
    let deepest = 0;
    for (const start of chainStarts(graph, model)) {
      const chain = longestChainFrom(graph, start);
      const hops = chain.length - 1;
      deepest = Math.max(deepest, hops);
      if (hops <= maxHops || reported.some((r) => isSubChain(chain, r))) continue;
      reported.push(chain);
      const evidence = chainEvidence(graph, chain);
      findings.push({
        ...say.deepChain({
          hops,
          maxHops,
          chain: chain.join(' → '),
          calls: evidence.map((d) => `${d.from} → ${d.to} at ${formatSource(d.source)}`).join(', '),
        }),
        locations: evidence.map((d) => d.source),
        element: `chain:${chain.join('>')}`,
        data: { chain, hops, maxHops },
      });
    }
    // Entry operations seen in code: a request path that goes deep or fans out wide from one function.
    for (const path of operationPaths(model, graph, apps)) {
      const hops = path.chain.length - 1;
      const deep = hops > maxHops && !reported.some((r) => r.join('>') === path.chain.join('>'));
      const wide = path.reached.length > maxFanOut;
      if (!deep && !wide) continue;
      if (deep) reported.push(path.chain);
      const where = {
        service: path.service,
        operation: path.operation,
        calls: path.calls.map((c) => formatSource(c.source)).join(', '),
      };
      const chain = path.chain.join(' → ');
      const fanOut = path.reached.length;
      const reached = path.reached.join(', ');
      findings.push({
        ...(deep && wide
          ? say.deepAndWideRequestPath({ ...where, hops, maxHops, chain, fanOut, maxFanOut, reached })
          : deep
            ? say.deepRequestPath({ ...where, hops, maxHops, chain })
            : say.wideRequestPath({ ...where, fanOut, maxFanOut, reached })),
        locations: path.calls.map((c) => c.source),
        element: `operation:${path.service}#${path.operation}`,
        data: {
          service: path.service,
          operation: path.operation,
          hops,
          fanOut: path.reached.length,
          maxHops,
          maxFanOut,
        },
      });
    }
    return {
      findings,
      strength:
        deepest > 0 && findings.length === 0
          ? `The deepest synchronous call chain is ${deepest} hop${deepest === 1 ? '' : 's'}, within the limit of ${maxHops}`
          : undefined,
    };
  },
};
