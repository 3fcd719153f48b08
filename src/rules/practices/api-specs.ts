import { toId } from '../../model/provenance.js';
import type { Api, Deployable, Service } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { runtimeWorkloads } from '../shared/k8s.js';
import { isApplicationService } from '../shared/workloads.js';
import type { Rule } from '../types.js';

const { messages, say } = defineMessages({
  noSpec:
    '{{missing}} of {{services}} services that listen on ports have no API specification in the scanned tree: {{list}}',
  noSpecAnywhere:
    '{{missing}} of {{services}} services that listen on ports have no API specification in the scanned tree: {{list}} (no OpenAPI, AsyncAPI, protobuf or GraphQL file found at all — the contracts may live in another repository)',
});

const SPEC =
  'openapi: 3.0.3\ninfo:\n  title: Orders\n  version: 1.0.0\npaths:\n  /orders:\n    get:\n      operationId: listOrders\n      responses:\n        "200":\n          description: the orders\n';
const COMPOSE =
  'services:\n  orders:\n    image: shop/orders:1.4.0\n    build: ./orders\n    ports:\n      - "8080:8080"\n';

/**
 * Whether a contract belongs to a service: mapped by inference, or — when inference left it unassigned — kept
 * in the service's build context or a folder named after it, or titled after it.
 */
function specBelongsTo(api: Api, service: Service): boolean {
  if (api.serviceId) return api.serviceId === service.id;
  const dirs = api.file.split('/').slice(0, -1).map(toId);
  if (dirs.includes(service.id)) return true;
  if (service.buildContexts.some((c) => api.file.startsWith(`${c.replace(/^\.\/|\/$/g, '')}/`))) return true;
  return toId(api.title) === service.id;
}

/** Web frontends serve pages and edge proxies route: neither owns an API contract. */
const UI_OR_EDGE =
  /^(front-?end|web|webapp|www|ui|edge-?router|ingress|gateway|api-?gateway|proxy|nginx|envoy|traefik)(-|$)/;

export const apiSpecs: Rule = {
  id: 'practices/api-specs',
  area: 'practices',
  severity: 'low',
  title: 'Services expose APIs without a specification in the repository',
  messages,
  rationale:
    'An API specification kept in the repository (OpenAPI, AsyncAPI, protobuf, GraphQL SDL) is the contract clients ' +
    'build against, the input for breaking-change checks in CI, and what lets reviews like this one see operations, ' +
    'errors and security. Services that listen on ports but have no spec have contracts that exist only in code. ' +
    'Frontends (serving pages, not APIs), stores and tools are left out. When no spec exists anywhere in the tree the ' +
    'folder may be a deploy-only copy, so the finding is information only.',
  references: [
    'OpenAPI Initiative, "API-first" and the OpenAPI Specification 3.1 (https://spec.openapis.org/oas/v3.1.0)',
    'Zalando RESTful API Guidelines, rule 100 "Follow API first principle" and 101 "Provide API specification using OpenAPI"',
    'Google AIP-180: Backwards compatibility (contracts checked in CI)',
  ],
  recommendation:
    "Keep each service's contract in the repository next to its code (openapi.yaml, *.proto, asyncapi.yaml), generate " +
    'or validate the implementation against it, and check it for breaking changes in CI.',
  fix: {
    description: 'Commit the contract next to the service.',
    language: 'yaml',
    snippet: SPEC,
  },
  examples: {
    fail: {
      description: 'orders publishes port 8080 but has no contract',
      files: { 'docker-compose.yml': COMPOSE },
      findings: [
        {
          at: 'docker-compose.yml:2',
          messageId: 'noSpecAnywhere',
          message:
            '1 of 1 services that listen on ports have no API specification in the scanned tree: orders (no OpenAPI, AsyncAPI, protobuf or GraphQL file found at all — the contracts may live in another repository)',
          severity: 'info',
        },
      ],
    },
    pass: {
      description: 'orders keeps its OpenAPI contract next to its code',
      files: { 'docker-compose.yml': COMPOSE, 'orders/openapi.yaml': SPEC },
    },
  },
  check(model) {
    const servingIds = new Set(model.exposures.flatMap((e) => e.serviceIds));
    const workloads = runtimeWorkloads(model);
    const serves = (id: string, own: Deployable[]) =>
      servingIds.has(id) || own.some((d) => d.containers.some((c) => !c.init && c.ports.length > 0));
    const candidates = model.services.filter(
      (s) =>
        isApplicationService(model, s) &&
        s.role === 'application' &&
        !UI_OR_EDGE.test(s.id) &&
        serves(
          s.id,
          workloads.filter((d) => d.serviceId === s.id),
        ),
    );
    if (candidates.length === 0) return { findings: [] };
    const missing = candidates.filter(
      (s) => s.apis.length === 0 && !model.apis.some((a) => specBelongsTo(a, s)),
    );
    if (missing.length === 0)
      return {
        findings: [],
        strength: `All ${candidates.length} API-serving services keep a specification in the repository`,
      };
    const anySpec = model.apis.length > 0;
    return {
      findings: [
        {
          ...(anySpec ? say.noSpec : say.noSpecAnywhere)({
            missing: missing.length,
            services: candidates.length,
            list: missing.map((s) => s.id).join(', '),
          }),
          locations: missing.map((s) => s.source),
          element: 'practices#api-specs',
          severity: anySpec ? 'low' : 'info',
          data: { services: missing.map((s) => s.id), considered: candidates.length },
        },
      ],
    };
  },
};
