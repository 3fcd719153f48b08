import type { Api, Operation, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'MUTATION']);
const INTERNAL_HOST =
  /^(localhost|127\.|0\.0\.0\.0|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[::1\])|\.(local|internal|cluster\.local|svc|lan|localdomain|test|example)$|^[a-z0-9-]+$/i;

function serverHost(url: string): string | undefined {
  const m = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url.trim());
  return m?.[1];
}

/** Why an API counts as publicly reachable: a public exposure of its service, or a public server URL. */
export function publicReach(model: SystemModel, api: Api): string | undefined {
  if (api.serviceId) {
    const exposure = model.exposures.find((e) => e.public && e.serviceIds.includes(api.serviceId as string));
    if (exposure) return `${exposure.kind === 'ingress' ? 'Ingress' : exposure.type} ${exposure.name}`;
  }
  for (const server of api.servers) {
    const host = serverHost(server);
    if (host && !INTERNAL_HOST.test(host)) return `server ${server}`;
  }
  return undefined;
}

const SPEC = (security: string) =>
  `openapi: 3.0.3\ninfo:\n  title: Orders\n  version: 1.0.0\nservers:\n  - url: https://api.shop.example.com/v1\n${security}paths:\n  /orders:\n    post:\n      operationId: createOrder\n      responses:\n        '201':\n          description: created\n`;

const { messages, say } = defineMessages({
  noAuthentication:
    '{{kind}} API "{{title}}" ({{file}}) is publicly reachable ({{reach}}) and declares no authentication for any of its {{count}} state-changing {{operations}} (e.g. {{examples}})',
});

export const publicApiWithoutAuth: Rule = {
  id: 'security/public-api-without-auth',
  area: 'security',
  severity: 'high',
  title: 'Publicly reachable API declares no authentication at all',
  messages,
  sources: ['threagile:missing-authentication'],
  rationale:
    'An API reachable from outside that changes state and declares no security scheme anywhere either trusts every ' +
    'caller on the internet or authenticates in a way no client, gateway or reviewer can see. Broken authentication and ' +
    'broken function-level authorisation are API2 and API5 of the OWASP API Security Top 10. This is the system view — ' +
    'the API pack reports individual operations without security; this rule reports a public service whose contract ' +
    'has no authentication at all.',
  references: [
    'OWASP API Security Top 10 2023, API2: Broken Authentication; API5: Broken Function Level Authorization',
    'OpenAPI Specification 3.1, Security Scheme Object and Security Requirement Object',
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Authentication and authorization"',
  ],
  recommendation:
    'Declare the authentication the API uses (OAuth2/OIDC bearer tokens, mutual TLS or API keys at the gateway) as ' +
    '`components.securitySchemes` with a document-level `security` requirement, and enforce it at the edge.',
  fix: {
    description: 'Declare and require a security scheme for the whole document.',
    language: 'yaml',
    snippet:
      'components:\n  securitySchemes:\n    bearerAuth:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\nsecurity:\n  - bearerAuth: []',
  },
  examples: {
    fail: {
      description: 'a public orders API that creates orders without any declared authentication',
      files: { 'api/openapi.yaml': SPEC('') },
      findings: [
        {
          at: 'api/openapi.yaml:1',
          messageId: 'noAuthentication',
          message:
            'OpenAPI API "Orders" (api/openapi.yaml) is publicly reachable (server https://api.shop.example.com/v1) and declares no authentication for any of its 1 state-changing operation (e.g. POST /orders)',
          also: ['api/openapi.yaml:9'],
        },
      ],
    },
    pass: {
      description: 'the same API requires a bearer token',
      files: {
        'api/openapi.yaml': SPEC(
          'components:\n  securitySchemes:\n    bearerAuth:\n      type: http\n      scheme: bearer\nsecurity:\n  - bearerAuth: []\n',
        ),
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const operationsByApi = new Map<string, Operation[]>();
    for (const op of model.operations) {
      const list = operationsByApi.get(op.apiId);
      if (list) list.push(op);
      else operationsByApi.set(op.apiId, [op]);
    }
    let considered = 0;
    for (const api of model.apis) {
      if (api.kind !== 'openapi' && api.kind !== 'graphql') continue;
      const reach = publicReach(model, api);
      if (!reach) continue;
      const ops = operationsByApi.get(api.id) ?? [];
      const mutating = ops.filter((o) => MUTATING.has(o.method.toUpperCase()));
      if (mutating.length === 0) continue;
      considered++;
      const anyAuth =
        api.securitySchemes.length > 0 || ops.some((o) => (o.security ?? []).some((r) => r.length > 0));
      if (anyAuth) continue;
      findings.push({
        ...say.noAuthentication({
          kind: api.kind === 'graphql' ? 'GraphQL' : 'OpenAPI',
          title: api.title,
          file: api.file,
          reach,
          count: mutating.length,
          operations: mutating.length === 1 ? 'operation' : 'operations',
          examples: mutating
            .slice(0, 3)
            .map((o) => `${o.method} ${o.path}`)
            .join(', '),
        }),
        locations: [api.source, ...mutating.slice(0, 3).map((o) => o.source)],
        element: `${api.id}#no-auth`,
        data: { api: api.id, service: api.serviceId ?? null, reach, mutatingOperations: mutating.length },
      });
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0
          ? `All ${considered} publicly reachable APIs with state-changing operations declare authentication`
          : undefined,
    };
  },
};
