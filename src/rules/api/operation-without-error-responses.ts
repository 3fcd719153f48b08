import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import {
  isMutating,
  PROBLEM_COMPONENTS,
  PROBLEM_RESPONSE,
  responsesSnippet,
} from './lib/openapi-heuristics.js';
import { draftAt, errorStatuses, isItemPath, type OasOperation, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  noErrorResponses: '{{operation}} ({{file}}) documents no error responses (only {{statuses}})',
});

export const operationWithoutErrorResponses: Rule = {
  id: 'api/operation-without-error-responses',
  area: 'api',
  severity: 'medium',
  title: 'Every operation documents its error responses',
  messages,
  rationale:
    'Failures are part of the contract. An operation that documents only success leaves clients to guess which statuses ' +
    'mean "retry", "fix your request" or "not found", and what the error body looks like; generated clients throw untyped ' +
    'errors and nobody notices when the server starts returning a new one. One shared error shape (RFC 9457 problem details, ' +
    '`application/problem+json`) lets every client handle every error the same way.',
  references: [
    'RFC 9457 Problem Details for HTTP APIs (https://www.rfc-editor.org/rfc/rfc9457)',
    'Google AIP-193 Errors (https://google.aip.dev/193)',
    'Zalando RESTful API Guidelines, rule 176: use problem JSON (https://opensource.zalando.com/restful-api-guidelines/#176)',
    'Redocly: operation-4xx-response',
  ],
  sources: ['redocly:operation-4xx-response'],
  recommendation:
    'Document the 4xx (and 5xx or `default`) responses each operation can return, all pointing at one shared problem+json response.',
  fix: {
    description: 'Add error responses that share one RFC 9457 problem schema.',
    language: 'yaml',
    snippet: `${responsesSnippet([
      ['400', PROBLEM_RESPONSE],
      ['404', PROBLEM_RESPONSE],
      ['default', PROBLEM_RESPONSE],
    ])}\n${PROBLEM_COMPONENTS}`,
  },
  examples: {
    fail: {
      description: 'Only the happy path is documented',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200': {description: The order}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:7:7',
          messageId: 'noErrorResponses',
          message: 'GET /orders/{id} (openapi.yaml) documents no error responses (only 200)',
        },
      ],
    },
    pass: {
      description: 'Errors share one problem+json response',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200': {description: The order}\n        '404': {$ref: '#/components/responses/Problem'}\n        default: {$ref: '#/components/responses/Problem'}\ncomponents:\n  responses:\n    Problem:\n      description: Error\n      content:\n        application/problem+json:\n          schema: {type: object, properties: {type: {type: string}, title: {type: string}, status: {type: integer}}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      for (const op of doc.operations) {
        checked++;
        if (errorStatuses(op).length > 0) continue;
        const statuses = suggestedStatuses(op);
        findings.push(
          draftAt(
            doc,
            op.op.responses === undefined ? op.path : [...op.path, 'responses'],
            say.noErrorResponses({
              operation: op.label,
              file: doc.file,
              statuses: [...op.responses.keys()].join(', ') || 'none',
            }),
            {
              element: `${doc.file}#${op.label}`,
              fix: {
                description: `Document the errors ${op.label} can return, sharing one problem+json response.`,
                language: 'yaml',
                snippet: responsesSnippet(statuses.map((s) => [s, PROBLEM_RESPONSE])),
              },
            },
          ),
        );
      }
    }
    return {
      findings,
      strength:
        checked && !findings.length ? `All ${checked} operations document their error responses` : undefined,
    };
  },
};

function suggestedStatuses(op: OasOperation): string[] {
  const out: string[] = [];
  if (isMutating(op.method) && op.method !== 'DELETE') out.push('400');
  if (op.security === undefined || op.security.length > 0) out.push('401');
  if (isItemPath(op.route)) out.push('404');
  out.push('default');
  return out;
}
