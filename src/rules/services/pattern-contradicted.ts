import { defineMessages } from '../messages.js';
import type { FindingDraft, Fix, Rule } from '../types.js';

/**
 * Contradicted patterns another rule reports already: a shared store is `services/shared-database` (and
 * `services/inappropriate-intimacy` when it has an owner).
 */
const REPORTED_ELSEWHERE = new Set(['database-per-service']);

const ADVICE: Record<string, { recommendation: string; fix: Fix }> = {
  'api-gateway': {
    recommendation:
      'Route every external request through the gateway: unpublish the backends (no host ports, ClusterIP Services) ' +
      'so authentication, rate limits and TLS at the edge cannot be walked around.',
    fix: {
      description: 'Keep the backend internal; only the gateway publishes a port.',
      language: 'yaml',
      snippet:
        'services:\n  gateway:\n    image: envoyproxy/envoy:v1.31.0\n    ports:\n      - "443:8443"\n  orders:\n    image: shop/orders:1.4.0\n    expose:\n      - "8080"   # reachable by the gateway only; no `ports:`',
    },
  },
  'service-mesh': {
    recommendation:
      'Inject the sidecar into every workload the strict mTLS policy covers, or scope the policy (a PeerAuthentication ' +
      'per namespace or workload with a portLevelMtls exception) to what really runs without it.',
    fix: {
      description: 'Remove the opt-out so the workload joins the mesh.',
      language: 'yaml',
      snippet:
        'spec:\n  template:\n    metadata:\n      annotations:\n        sidecar.istio.io/inject: "true"   # was "false": strict mTLS rejects its traffic',
    },
  },
};

const GENERIC: { recommendation: string; fix: Fix } = {
  recommendation:
    'Make the pattern hold everywhere the system relies on it, or stop relying on it: a half-applied pattern gives the ' +
    'guarantee to some paths and silently not to others.',
  fix: { description: 'Apply the pattern to the places listed, or remove the exception.' },
};

const composeWith = (backendPorts: string) =>
  `services:\n  gateway:\n    image: envoyproxy/envoy:v1.31.0\n    ports:\n      - "443:8443"\n  orders:\n    image: shop/orders:1.4.0\n${backendPorts}  payments:\n    image: shop/payments:2.1.0\n`;

const { messages, say } = defineMessages({
  contradicted: '{{pattern}} is contradicted: {{notes}}',
});

export const patternContradicted: Rule = {
  id: 'services/pattern-contradicted',
  area: 'services',
  severity: 'medium',
  title: 'An architecture pattern the system applies is contradicted by its own files',
  messages,
  rationale:
    'A pattern is only worth what its weakest path is worth. A gateway that backends are also published around does not ' +
    'centralise authentication or rate limits — clients (and attackers) use the side door; a mesh that requires mutual ' +
    'TLS while some workloads opt out of the sidecar either breaks their traffic or forces a permissive exception. The ' +
    'pattern is recognised from the files (docs/model.md, "Patterns"); this rule reports where the same files undo it.',
  references: [
    'Richardson, Microservices Patterns, ch. 8: API gateway (https://microservices.io/patterns/apigateway.html)',
    'Istio documentation: PeerAuthentication and mutual TLS migration (https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/)',
    'Taibi & Lenarduzzi, "On the Definition of Microservice Bad Smells", IEEE Software 35(3), 2018',
  ],
  recommendation: GENERIC.recommendation,
  fix: ADVICE['api-gateway']!.fix,
  examples: {
    fail: {
      description: 'an Envoy gateway is published, and orders is published on a host port around it',
      files: { 'docker-compose.yml': composeWith('    ports:\n      - "8081:8080"\n') },
      findings: [
        {
          at: 'docker-compose.yml:9',
          messageId: 'contradicted',
          message:
            'API gateway (Envoy) is contradicted: external traffic has a gateway, but 1 backend service is also published around it: orders',
        },
      ],
    },
    pass: {
      description: 'only the gateway publishes a port',
      files: { 'docker-compose.yml': composeWith('') },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    for (const p of model.patterns) {
      if (p.status !== 'contradicted' || REPORTED_ELSEWHERE.has(p.id)) continue;
      const advice = ADVICE[p.id] ?? GENERIC;
      const locations = p.gaps.flatMap((g) => (g.source ? [g.source] : []));
      findings.push({
        ...say.contradicted({ pattern: p.name, notes: p.notes }),
        locations: locations.length ? locations : p.evidence.slice(0, 1).map((e) => e.source),
        element: `pattern:${p.id}`,
        recommendation: advice.recommendation,
        fix: advice.fix,
        data: { pattern: p.id, services: p.services, gaps: p.gaps.map((g) => g.text) },
      });
    }
    return { findings };
  },
};
