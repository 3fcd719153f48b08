import * as z from 'zod';
import { formatSource } from '../../model/provenance.js';
import { defineMessages } from '../messages.js';
import { buildServiceGraph, edgeEvidence, fanIn, fanOut, predecessors, successors } from '../shared/graph.js';
import { applicationIds } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';

/**
 * The threshold both fan-in and fan-out must reach: a quarter of the other services, never below 3.
 * Conservative on purpose: an aggregating frontend (high fan-out only) or a shared utility such as a
 * currency service (high fan-in only) is a normal design; a service that is both is where coupling pools.
 */
export function hubThreshold(serviceCount: number, fraction = 0.25, minimum = 3): number {
  return Math.max(minimum, Math.ceil(fraction * Math.max(0, serviceCount - 1)));
}

function compose(): string {
  const callers = ['storefront', 'mobile-bff', 'admin']
    .map((n) => `  ${n}:\n    image: shop/${n}:1.0.0\n    environment:\n      CORE_URL: http://core:8080\n`)
    .join('');
  const leaves = ['pricing', 'stock', 'customers']
    .map((n) => `  ${n}:\n    image: shop/${n}:1.0.0\n`)
    .join('');
  return callers + leaves;
}

const options = z.strictObject({
  fraction: z
    .number()
    .gt(0)
    .lte(1)
    .default(0.25)
    .describe('Share of the application services a hub depends on and is depended on by, each way'),
  minimum: z
    .int()
    .min(1)
    .default(3)
    .describe('The fewest services each way that make a hub, however small the system'),
});

const { messages, say } = defineMessages({
  hub: '{{service}} is a hub: {{fanIn}} services depend on it ({{callers}}) and it depends on {{fanOut}} ({{callees}}); the threshold for {{services}} services is {{threshold}} each way',
});

export const hubService: Rule<z.infer<typeof options>> = {
  id: 'services/hub-service',
  area: 'services',
  severity: 'medium',
  title: 'A hub service: many services call it and it calls many',
  messages,
  rationale:
    'A service with both high fan-in and high fan-out sits on most request paths and depends on most of the system: every ' +
    'caller inherits the availability and latency of everything it calls, and most changes touch it. Hub-like dependencies ' +
    'and "god" services are among the architectural smells most correlated with change-proneness; they usually mean several ' +
    'capabilities were merged into one service or an orchestration layer grew beyond its job.',
  references: [
    'Taibi & Lenarduzzi, "On the Definition of Microservice Bad Smells", IEEE Software 35(3), 2018',
    'Fontana et al., "Arcan: a tool for architectural smells detection" (hub-like dependency), ICSA 2017',
    'Newman, Building Microservices (2nd ed.), ch. 2: coupling and cohesion',
  ],
  recommendation:
    'Split the hub by capability (which callers use which of its functions?), let callers talk to the downstream services ' +
    'directly where the hub only relays, or turn part of its fan-out into events.',
  fix: {
    description: 'Split the hub along the capabilities its callers actually use.',
    language: 'yaml',
    snippet:
      'services:\n  storefront:\n    environment:\n      CATALOG_URL: http://catalog:8080    # was CORE_URL\n  admin:\n    environment:\n      INVENTORY_URL: http://inventory:8080  # was CORE_URL',
  },
  examples: {
    fail: {
      description: 'core is called by three services and calls three others',
      files: {
        'docker-compose.yml': `services:\n${compose()}  core:\n    image: shop/core:1.0.0\n    environment:\n      PRICING_URL: http://pricing:8080\n      STOCK_URL: http://stock:8080\n      CUSTOMERS_URL: http://customers:8080\n`,
      },
      findings: [
        {
          at: 'docker-compose.yml:5',
          messageId: 'hub',
          message:
            'core is a hub: 3 services depend on it (admin, mobile-bff, storefront) and it depends on 3 (customers, pricing, stock); the threshold for 7 services is 3 each way',
          also: [
            'docker-compose.yml:9',
            'docker-compose.yml:13',
            'docker-compose.yml:23',
            'docker-compose.yml:24',
            'docker-compose.yml:25',
          ],
        },
      ],
    },
    pass: {
      description: 'core is called by three services but calls only one',
      files: {
        'docker-compose.yml': `services:\n${compose()}  core:\n    image: shop/core:1.0.0\n    environment:\n      PRICING_URL: http://pricing:8080\n`,
      },
    },
  },
  options,
  check(model, ctx) {
    const apps = applicationIds(model);
    const graph = buildServiceGraph(model, { kinds: ['sync', 'async'], include: (id) => apps.has(id) });
    const { fraction, minimum } = ctx.options;
    const threshold = hubThreshold(apps.size, fraction, minimum);
    const findings: FindingDraft[] = [];
    for (const node of graph.nodes) {
      const inCount = fanIn(graph, node);
      const outCount = fanOut(graph, node);
      if (inCount < threshold || outCount < threshold) continue;
      const callers = predecessors(graph, node);
      const callees = successors(graph, node);
      const evidence = [
        ...callers.map((c) => edgeEvidence(graph, c, node)),
        ...callees.map((c) => edgeEvidence(graph, node, c)),
      ].filter((d) => d !== undefined);
      findings.push({
        ...say.hub({
          service: node,
          fanIn: inCount,
          callers: callers.join(', '),
          fanOut: outCount,
          callees: callees.join(', '),
          services: apps.size,
          threshold,
        }),
        locations: evidence.map((d) => d.source),
        element: `hub:${node}`,
        data: {
          service: node,
          fanIn: inCount,
          fanOut: outCount,
          threshold,
          services: apps.size,
          callers,
          callees,
          evidence: evidence.map((d) => `${d.from} → ${d.to} at ${formatSource(d.source)}`),
        },
      });
    }
    return {
      findings,
      strength:
        graph.nodes.length >= 3 && findings.length === 0
          ? `No hub services: no service among ${apps.size} has both fan-in and fan-out of ${threshold} or more`
          : undefined,
    };
  },
};
