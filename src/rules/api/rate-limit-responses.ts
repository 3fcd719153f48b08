import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { PROBLEM_RESPONSE } from './lib/openapi-heuristics.js';
import { components, draftAt, isObj, listSome, type OasDoc, openapiDocs } from './lib/openapi-shared.js';

const RATE_HEADER = /^(x-)?rate-?limit|^retry-after$/i;

const { messages, say } = defineMessages({
  undocumented429:
    '{{file}} is rate limited ({{evidence}}) but {{missing}} of {{operations}} operations do not document 429: {{list}}',
});

export const rateLimitResponses: Rule = {
  id: 'api/rate-limit-responses',
  area: 'api',
  severity: 'low',
  title: 'Rate-limited APIs document 429 Too Many Requests',
  messages,
  rationale:
    'When an API is rate limited, every client must expect 429 and back off (ideally honouring Retry-After). If only some ' +
    "operations document it, generated clients and retry middleware treat the others' 429s as unexpected failures instead " +
    'of a signal to slow down.',
  references: [
    'RFC 6585 section 4: 429 Too Many Requests (https://www.rfc-editor.org/rfc/rfc6585#section-4)',
    'IETF draft RateLimit header fields for HTTP (https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/)',
    'OWASP API Security Top 10 2023, API4 Unrestricted Resource Consumption (https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)',
  ],
  recommendation:
    'Document 429 (with Retry-After) on every operation of a rate-limited API, e.g. through a shared response.',
  fix: {
    description: 'A shared 429 response with Retry-After.',
    language: 'yaml',
    snippet:
      "components:\n  responses:\n    TooManyRequests:\n      description: Rate limit exceeded\n      headers:\n        Retry-After:\n          schema: {type: integer}\n      content:\n        application/problem+json:\n          schema: {$ref: '#/components/schemas/Problem'}\n# on each operation:\nresponses:\n  '429': {$ref: '#/components/responses/TooManyRequests'}",
  },
  examples: {
    fail: {
      description: 'Rate-limit headers on one operation, no 429 on the other',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n          headers: {X-RateLimit-Remaining: {schema: {type: integer}}}\n        '429': {description: slow down}\n    post:\n      responses:\n        '201': {description: created}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:11:5',
          messageId: 'undocumented429',
          message:
            'openapi.yaml is rate limited (header X-RateLimit-Remaining on GET /orders) but 1 of 2 operations do not document 429: POST /orders',
        },
      ],
    },
    pass: {
      description: 'Every operation documents 429',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n          headers: {X-RateLimit-Remaining: {schema: {type: integer}}}\n        '429': {description: slow down}\n    post:\n      responses:\n        '201': {description: created}\n        '429': {description: slow down}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const evidence = rateLimitEvidence(doc);
      if (!evidence) continue;
      checked++;
      const missing = doc.operations.filter(
        (op) => !op.responses.has('429') && !op.responses.has('4XX') && !op.responses.has('default'),
      );
      if (missing.length === 0) continue;
      findings.push(
        draftAt(
          doc,
          missing[0]!.path,
          say.undocumented429({
            file: doc.file,
            evidence,
            missing: missing.length,
            operations: doc.operations.length,
            list: listSome(missing.map((o) => o.label)),
          }),
          {
            element: `${doc.file}#429`,
            also: missing.slice(1, 5).map((o) => doc.document.locate(o.path)),
            fix: {
              description: 'Add the shared 429 response to these operations.',
              language: 'yaml',
              snippet: `responses:\n  '429':\n    ${PROBLEM_RESPONSE.replace('Problem', 'TooManyRequests')}`,
            },
            data: { operations: missing.map((o) => o.label) },
          },
        ),
      );
    }
    return {
      findings,
      strength: checked && !findings.length ? 'Rate-limited APIs document 429 everywhere' : undefined,
    };
  },
};

function rateLimitEvidence(doc: OasDoc): string | undefined {
  const header = Object.keys(components(doc, 'headers')?.map ?? {}).find((h) => RATE_HEADER.test(h));
  if (header) return `header ${header}`;
  let with429 = 0;
  for (const op of doc.operations) {
    if (op.responses.has('429')) with429++;
    for (const response of op.responses.values()) {
      const headers = response.value.headers;
      if (!isObj(headers)) continue;
      const h = Object.keys(headers).find((name) => RATE_HEADER.test(name));
      if (h) return `header ${h} on ${op.label}`;
    }
  }
  return with429 > 0 ? `${with429} operations document 429` : undefined;
}
