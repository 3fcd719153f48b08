import { formatSource } from '../../model/provenance.js';
import type { Dependency } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { buildGraph, edgeDependencies, elementaryCycles } from '../shared/graph.js';
import { applicationIds, uniqueSources } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';

function describeEdge(dep: Dependency): string {
  const how = `${dep.kind} ${dep.protocol}, ${dep.via} \`${dep.evidence}\` at ${formatSource(dep.source)}`;
  return dep.kind === 'async'
    ? `${dep.to} consumes events of ${dep.from} (${how})`
    : `${dep.from} → ${dep.to} (${how})`;
}

/**
 * Edges in the direction of knowledge: a caller depends on what it calls, and a consumer on the publisher
 * whose events it reads; the publisher does not know its consumers. So an event is an edge from the consumer
 * to the publisher, and a call answered by an event (orders calls payments, payments publishes, orders
 * consumes) is no cycle: that is the way this rule's own fix breaks one.
 */
function knowledgeEdges(dependencies: readonly Dependency[]): {
  edges: Dependency[];
  original: Map<Dependency, Dependency>;
} {
  const original = new Map<Dependency, Dependency>();
  const edges = dependencies.map((d) => {
    if (d.kind !== 'async') return d;
    const reversed = { ...d, from: d.to, to: d.from };
    original.set(reversed, d);
    return reversed;
  });
  return { edges, original };
}

const { messages, say } = defineMessages({
  syncCycle: 'Dependency cycle {{loop}} (all synchronous): {{edges}}',
  asyncCycle: 'Dependency cycle {{loop}} (all asynchronous: each consumes the events of the next): {{edges}}',
  mixedCycle: 'Dependency cycle {{loop}} (synchronous and asynchronous): {{edges}}',
});

export const dependencyCycle: Rule = {
  id: 'services/dependency-cycle',
  area: 'services',
  severity: 'high',
  title: 'Services depend on each other in a cycle',
  messages,
  rationale:
    'A cycle in the service dependency graph means none of its services can be deployed, versioned, scaled or reasoned about ' +
    'on its own: a slow or failing member stalls the others (and with synchronous calls, requests can recurse until they time ' +
    'out), and a change to one contract ripples round the loop. Taibi & Lenarduzzi list cyclic dependencies among the most ' +
    'harmful microservice smells; the services have become a distributed monolith.',
  references: [
    'Taibi & Lenarduzzi, "On the Definition of Microservice Bad Smells", IEEE Software 35(3), 2018 (cyclic dependency)',
    'Newman, Building Microservices (2nd ed.), ch. 2 "How to Model Microservices": coupling and cohesion',
    'Martin, Acyclic Dependencies Principle (Agile Software Development, 2002)',
  ],
  recommendation:
    'Break the cycle: move the shared capability into its own service, invert one edge into an event the other side ' +
    'subscribes to, or merge the services if they cannot change independently.',
  fix: {
    description:
      'Replace the back-edge with an event: the downstream service publishes, the upstream one consumes, and neither calls the other synchronously.',
    language: 'yaml',
    snippet:
      'services:\n  orders:\n    environment:\n      PAYMENTS_URL: http://payments:8080   # orders → payments stays a call\n  payments:\n    environment:\n      # was ORDERS_URL: http://orders:8080 — payments now publishes payment.settled.v1 instead\n      BROKER_URL: amqp://rabbitmq:5672',
  },
  examples: {
    fail: {
      description: 'orders calls payments and payments calls orders back',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      PAYMENTS_URL: http://payments:8080\n  payments:\n    image: shop/payments:2.1.0\n    environment:\n      ORDERS_URL: http://orders:8080\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:5',
          messageId: 'syncCycle',
          message:
            'Dependency cycle orders → payments → orders (all synchronous): orders → payments (sync http, env `PAYMENTS_URL=http://payments:8080` at docker-compose.yml:5); payments → orders (sync http, env `ORDERS_URL=http://orders:8080` at docker-compose.yml:9)',
          also: ['docker-compose.yml:9'],
        },
      ],
    },
    pass: {
      description: 'orders calls payments; payments calls nothing back',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      PAYMENTS_URL: http://payments:8080\n  payments:\n    image: shop/payments:2.1.0\n',
      },
    },
  },
  check(model) {
    const apps = applicationIds(model);
    const { edges: knowledge, original } = knowledgeEdges(model.dependencies);
    const graph = buildGraph(knowledge, { kinds: ['sync', 'async'], include: (id) => apps.has(id) });
    const findings: FindingDraft[] = [];
    for (const cycle of elementaryCycles(graph)) {
      const edges = cycle.map((from, i) => {
        const to = cycle[(i + 1) % cycle.length] as string;
        const deps = edgeDependencies(graph, from, to);
        // Cite a synchronous dependency when the edge has one: it is the stronger coupling.
        const cited = deps.find((d) => d.kind === 'sync') ?? (deps[0] as Dependency);
        return original.get(cited) ?? cited;
      });
      const allSync = edges.every((e) => e.kind === 'sync');
      const allAsync = edges.every((e) => e.kind === 'async');
      const said = { loop: [...cycle, cycle[0]].join(' → '), edges: edges.map(describeEdge).join('; ') };
      findings.push({
        ...(allSync ? say.syncCycle(said) : allAsync ? say.asyncCycle(said) : say.mixedCycle(said)),
        locations: uniqueSources(edges.map((e) => e.source)),
        element: `cycle:${cycle.join('>')}`,
        // events couple contracts, not availability: a loop of events alone is the weakest form
        severity: allSync ? 'high' : allAsync ? 'low' : 'medium',
        data: {
          cycle,
          edges: edges.map((e) => ({
            from: e.from,
            to: e.to,
            kind: e.kind,
            protocol: e.protocol,
            evidence: e.evidence,
            source: formatSource(e.source),
          })),
        },
      });
    }
    const edgeCount = [...graph.edges.values()].reduce((n, m) => n + m.size, 0);
    return {
      findings,
      strength:
        edgeCount > 0 && findings.length === 0
          ? `The dependency graph of ${graph.nodes.length} services (${edgeCount} call/messaging edges) has no cycles`
          : undefined,
    };
  },
};
