import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  missingId: '{{operation}} ({{file}}) has no operationId',
  duplicateId: 'operationId `{{id}}` of {{operation}} is already used by {{first}} ({{file}})',
  notUrlSafe: 'operationId `{{id}}` of {{operation}} ({{file}}) has characters that are not URL-safe',
});

/** RFC 3986 unreserved and reserved characters: what may appear in a URL unescaped. */
const URL_SAFE = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]*$/;

export const operationId: Rule = {
  id: 'api/operation-id',
  area: 'api',
  severity: 'low',
  title: 'Every operation has a unique, URL-safe operationId',
  messages,
  rationale:
    'Generated SDKs name their methods after operationIds, documentation links to them and gateways route metrics by them. ' +
    'A missing id makes generators invent unstable names from the path; a duplicate id makes two operations collide in every ' +
    'generated client (one silently wins); characters that are not URL-safe break deep links.',
  references: [
    'OpenAPI 3.1 Operation Object, operationId (https://spec.openapis.org/oas/v3.1.0#operation-object)',
    'Spectral oas: operation-operationId, operation-operationId-unique, operation-operationId-valid-in-url',
    'Redocly: operation-operationId, operation-operationId-unique, operation-operationId-url-safe',
  ],
  sources: [
    'spectral:operation-operationId',
    'spectral:operation-operationId-unique',
    'spectral:operation-operationId-valid-in-url',
    'redocly:operation-operationId',
    'redocly:operation-operationId-unique',
    'redocly:operation-operationId-url-safe',
  ],
  recommendation:
    'Give every operation a unique operationId made of URL-safe characters (`listOrders`, `orders/get`).',
  fix: {
    description: 'Add an operationId named after the verb and resource.',
    language: 'yaml',
    snippet: 'paths:\n  /orders/{orderId}:\n    get:\n      operationId: getOrder',
  },
  examples: {
    fail: {
      description: 'Two operations share an id and one has none',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      operationId: orders\n      responses: {'200': {description: ok}}\n    post:\n      operationId: orders\n      responses: {'201': {description: created}}\n  /orders/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:9:7',
          messageId: 'duplicateId',
          message: 'operationId `orders` of POST /orders is already used by GET /orders (openapi.yaml)',
          severity: 'medium',
        },
        {
          at: 'openapi.yaml:12:5',
          messageId: 'missingId',
          message: 'GET /orders/{id} (openapi.yaml) has no operationId',
        },
      ],
    },
    pass: {
      description: 'Unique ids on every operation',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      operationId: listOrders\n      responses: {'200': {description: ok}}\n    post:\n      operationId: createOrder\n      responses: {'201': {description: created}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const seen = new Map<string, string>();
      for (const op of doc.operations) {
        checked++;
        const id = op.op.operationId;
        if (id === undefined || id === '' || id === null) {
          findings.push(
            draftAt(doc, op.path, say.missingId({ operation: op.label, file: doc.file }), {
              fix: {
                description: 'Name the operation.',
                language: 'yaml',
                snippet: `${op.method.toLowerCase()}:\n  operationId: ${suggestId(op.method, op.route)}`,
              },
            }),
          );
          continue;
        }
        const text = String(id);
        const first = seen.get(text);
        if (first) {
          findings.push(
            draftAt(
              doc,
              [...op.path, 'operationId'],
              say.duplicateId({ id: text, operation: op.label, first, file: doc.file }),
              {
                severity: 'medium',
                fix: {
                  description: 'Rename one of the two operations so generated clients get distinct methods.',
                  language: 'yaml',
                  snippet: `operationId: ${suggestId(op.method, op.route)}`,
                },
              },
            ),
          );
        } else seen.set(text, op.label);
        if (!URL_SAFE.test(text)) {
          findings.push(
            draftAt(
              doc,
              [...op.path, 'operationId'],
              say.notUrlSafe({ id: text, operation: op.label, file: doc.file }),
              {
                fix: {
                  description: 'Use letters, digits and `-._~` only.',
                  language: 'yaml',
                  snippet: `operationId: ${text.replace(/[^A-Za-z0-9\-._~]+/g, '-')}`,
                },
              },
            ),
          );
        }
      }
    }
    return {
      findings,
      strength:
        checked && !findings.length ? `All ${checked} operations have unique operationIds` : undefined,
    };
  },
};

function suggestId(method: string, route: string): string {
  const words = route
    .split('/')
    .filter((s) => s && !s.startsWith('{'))
    .map((s) => s.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')));
  const verb =
    {
      GET: route.endsWith('}') ? 'get' : 'list',
      POST: 'create',
      PUT: 'replace',
      PATCH: 'update',
      DELETE: 'delete',
    }[method] ?? method.toLowerCase();
  return verb + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
