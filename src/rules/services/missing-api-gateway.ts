import * as z from 'zod';
import { gatewaysOf } from '../../model/patterns/api-gateway.js';
import { patternContext } from '../../model/patterns/index.js';
import type { Exposure, Service } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { isApplication, isGateway } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';

/** Exposures that put one service straight on the outside network (an Ingress or gateway route is an edge). */
const DIRECT_KINDS: Exposure['kind'][] = ['k8s-service', 'compose-port'];

const options = z.strictObject({
  minBackends: z
    .int()
    .min(1)
    .default(2)
    .describe('Publicly reachable application services (on one platform) that call for a single entry point'),
  minServices: z
    .int()
    .min(1)
    .default(3)
    .describe('Application services a system needs before the rule judges its entry points'),
});

const { messages, say } = defineMessages({
  directlyExposed:
    '{{count}} services are reachable from outside directly ({{platform}}), with no gateway in front: {{list}}',
});

export const missingApiGateway: Rule<z.infer<typeof options>> = {
  id: 'services/missing-api-gateway',
  area: 'services',
  severity: 'medium',
  title: 'Several services are exposed directly, with no API gateway or edge',
  messages,
  rationale:
    'When clients reach several backend services directly, every service must implement TLS termination, authentication, ' +
    'rate limiting, CORS and request logging on its own, clients couple to the internal decomposition (splitting a service ' +
    'breaks them), and the attack surface grows with each service. An API gateway or ingress is the single edge where those ' +
    'concerns live. Taibi & Lenarduzzi list "no API gateway" among the microservice smells. Counted conservatively: an ' +
    'exposed frontend alone is normal; two exposed backends, or three exposed services of any kind, are not. A platform ' +
    'that has an edge — a gateway container (Envoy, nginx, Kong, Traefik, ...), an Ingress, a Gateway API route or an ' +
    'Istio Gateway — is not reported here: services published around that edge are services/pattern-contradicted.',
  references: [
    'Taibi & Lenarduzzi, "On the Definition of Microservice Bad Smells", IEEE Software 35(3), 2018 (no API gateway)',
    'Richardson, Microservices Patterns, ch. 8: API gateway (https://microservices.io/patterns/apigateway.html)',
    'Kubernetes documentation: Ingress and Gateway API (https://kubernetes.io/docs/concepts/services-networking/ingress/)',
  ],
  sources: ['threagile:unguarded-access-from-internet'],
  recommendation:
    'Put one edge in front of the services: an Ingress or Gateway API route (Kubernetes) or a reverse proxy / API gateway ' +
    'container (compose), keep the backends on ClusterIP / unpublished ports, and centralise TLS, authentication and rate limits there.',
  fix: {
    description:
      'Route external traffic through one Ingress and keep the backend Services internal (ClusterIP).',
    language: 'yaml',
    snippet:
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: edge\nspec:\n  ingressClassName: nginx\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /orders\n            pathType: Prefix\n            backend:\n              service: { name: orders, port: { number: 8080 } }\n          - path: /payments\n            pathType: Prefix\n            backend:\n              service: { name: payments, port: { number: 8080 } }\n---\n# and in each backend Service: spec.type: ClusterIP',
  },
  examples: {
    fail: {
      description: 'orders and payments are each published on a host port',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    ports:\n      - "8081:8080"\n  payments:\n    image: shop/payments:2.1.0\n    ports:\n      - "8082:8080"\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:5',
          messageId: 'directlyExposed',
          message:
            '2 services are reachable from outside directly (compose), with no gateway in front: orders (published port orders); payments (published port payments)',
          also: ['docker-compose.yml:9'],
        },
      ],
    },
    pass: {
      description: 'only the gateway publishes a port; it routes to orders and payments',
      files: {
        'docker-compose.yml':
          'services:\n  gateway:\n    image: envoyproxy/envoy:v1.31.0\n    ports:\n      - "443:8443"\n  orders:\n    image: shop/orders:1.4.0\n  payments:\n    image: shop/payments:2.1.0\n',
      },
    },
  },
  options,
  check(model, ctx) {
    const { minBackends, minServices } = ctx.options;
    const byId = new Map(model.services.map((s) => [s.id, s]));
    // Compose files and Kubernetes manifests are alternative deployments of the same system: judge each on its own.
    const platforms = new Map<string, Map<string, { service: Service; exposures: Exposure[] }>>();
    let anyPublic = false;
    for (const exposure of model.exposures) {
      if (!exposure.public) continue;
      anyPublic = true;
      if (!DIRECT_KINDS.includes(exposure.kind)) continue;
      const platform = exposure.kind === 'compose-port' ? 'compose' : 'kubernetes';
      const exposed =
        platforms.get(platform) ?? new Map<string, { service: Service; exposures: Exposure[] }>();
      platforms.set(platform, exposed);
      for (const id of exposure.serviceIds) {
        const service = byId.get(id);
        if (!service || !isApplication(service) || isGateway(service)) continue;
        const entry = exposed.get(id) ?? { service, exposures: [] };
        entry.exposures.push(exposure);
        exposed.set(id, entry);
      }
    }
    // a platform with an edge (a gateway service, an Ingress or Gateway API route, an Istio Gateway) has its
    // gateway: services published around it contradict that pattern (services/pattern-contradicted)
    const gated = gatewaysOf(patternContext(model, ctx.documents, ctx.paths)).platforms;
    const findings: FindingDraft[] = [];
    const direct: string[] = [];
    for (const [platform, exposed] of [...platforms].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const entries = [...exposed.values()].sort((a, b) => (a.service.id < b.service.id ? -1 : 1));
      direct.push(...entries.map((e) => e.service.name));
      if (gated.has(platform as 'compose' | 'kubernetes')) continue;
      const backends = entries.filter((e) => e.service.role !== 'frontend');
      if (backends.length < minBackends && entries.length < minServices) continue;
      const list = entries.map(
        (e) =>
          `${e.service.name} (${e.exposures.map((x) => `${x.kind === 'compose-port' ? 'published port' : x.type} ${x.name}`).join(', ')})`,
      );
      findings.push({
        ...say.directlyExposed({ count: entries.length, platform, list: list.join('; ') }),
        locations: entries.flatMap((e) => e.exposures.map((x) => x.source)),
        element: `edge:${platform}`,
        data: {
          platform,
          services: entries.map((e) => e.service.id),
          backends: backends.map((e) => e.service.id),
        },
      });
    }
    const names = [...new Set(direct)].sort();
    return {
      findings,
      strength:
        anyPublic && findings.length === 0
          ? names.length === 0
            ? 'External traffic enters only through a gateway or ingress'
            : `External traffic enters through ${names.length === 1 ? 'a single service' : `${names.length} services`} (${names.join(', ')})`
          : undefined,
    };
  },
};
