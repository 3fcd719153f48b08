import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import {
  headerNames,
  isCollectionPath,
  isMutating,
  PROBLEM_RESPONSE,
  responseSchema,
} from './lib/openapi-heuristics.js';
import { draftAt, errorStatuses, isItemPath, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  createdWithoutLocation:
    '{{operation}} ({{file}}) answers 201 without a Location header naming the created resource',
  deleteAnswers200:
    '{{operation}} ({{file}}) answers 200 without a body; a delete with nothing to return is 204 No Content',
  no404: '{{operation}} ({{file}}) addresses one resource by id but does not document 404',
  no412: '{{operation}} ({{file}}) accepts If-Match but does not document 412 Precondition Failed',
});

export const statusCodes: Rule = {
  id: 'api/status-codes',
  area: 'api',
  severity: 'low',
  title: 'Status codes follow HTTP semantics (201 + Location, 204, 404, 412)',
  messages,
  rationale:
    'Status codes are how generic clients, caches, proxies and retry logic understand an API without reading its docs. ' +
    'A create answers 201 with a Location header naming the new resource; a delete with nothing to return answers 204; an ' +
    'operation on `/things/{id}` can always meet an id that does not exist (404); a conditional request with If-Match ' +
    'fails with 412 when the precondition does not hold.',
  references: [
    'RFC 9110 HTTP Semantics: 201 Created (15.3.2), 204 No Content (15.3.5), 404 (15.5.5), 412 Precondition Failed (15.5.13) (https://www.rfc-editor.org/rfc/rfc9110)',
    'Zalando RESTful API Guidelines, use standard HTTP status codes (https://opensource.zalando.com/restful-api-guidelines/#150)',
    'Microsoft REST API Guidelines, status codes (https://github.com/microsoft/api-guidelines/blob/vNext/azure/Guidelines.md)',
  ],
  recommendation:
    'Return 201 with Location for creates, 204 for bodiless deletes, and document 404 on id paths and 412 with If-Match.',
  fix: {
    description: 'A create that names the new resource.',
    language: 'yaml',
    snippet:
      "responses:\n  '201':\n    description: Created\n    headers:\n      Location:\n        description: URL of the new order\n        schema: {type: string, format: uri}\n    content:\n      application/json:\n        schema: {$ref: '#/components/schemas/Order'}",
  },
  examples: {
    fail: {
      description: 'A 201 without Location and a bodiless 200 on delete',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    post:\n      responses:\n        '201': {description: created, content: {application/json: {schema: {type: object}}}}\n  /orders/{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    delete:\n      responses:\n        '200': {description: deleted}\n        '404': {description: not found}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:7:9',
          messageId: 'createdWithoutLocation',
          message:
            'POST /orders (openapi.yaml) answers 201 without a Location header naming the created resource',
        },
        {
          at: 'openapi.yaml:12:9',
          messageId: 'deleteAnswers200',
          message:
            'DELETE /orders/{id} (openapi.yaml) answers 200 without a body; a delete with nothing to return is 204 No Content',
        },
      ],
    },
    pass: {
      description: '201 with Location, 204 on delete, 404 on the id path',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    post:\n      responses:\n        '201':\n          description: created\n          headers: {Location: {schema: {type: string}}}\n  /orders/{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    delete:\n      responses:\n        '204': {description: deleted}\n        '404': {description: not found}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      for (const op of doc.operations) {
        checked++;
        const created = op.responses.get('201');
        if (
          op.method === 'POST' &&
          created &&
          isCollectionPath(op.route) &&
          !headerNames(doc, created.value).includes('location')
        ) {
          findings.push(
            draftAt(
              doc,
              created.usePath,
              say.createdWithoutLocation({ operation: op.label, file: doc.file }),
              {
                element: `${doc.file}#${op.label}#location`,
                fix: {
                  description: 'Add the Location header to the 201 response.',
                  language: 'yaml',
                  snippet:
                    "'201':\n  headers:\n    Location:\n      description: URL of the created resource\n      schema: {type: string, format: uri}",
                },
              },
            ),
          );
        }
        if (op.method === 'DELETE') {
          const ok = op.responses.get('200');
          const bodiless = ok && !responseSchema(doc, ok.value);
          if (ok && bodiless && !op.responses.has('204') && !op.responses.has('202')) {
            findings.push(
              draftAt(doc, ok.usePath, say.deleteAnswers200({ operation: op.label, file: doc.file }), {
                element: `${doc.file}#${op.label}#204`,
                fix: {
                  description: 'Answer 204.',
                  language: 'yaml',
                  snippet: "responses:\n  '204':\n    description: Deleted",
                },
              }),
            );
          }
        }
        const errors = errorStatuses(op);
        if (
          isItemPath(op.route) &&
          errors.length > 0 &&
          !op.responses.has('404') &&
          !op.responses.has('4XX') &&
          !op.responses.has('default') &&
          op.method !== 'PUT'
        ) {
          findings.push(
            draftAt(doc, [...op.path, 'responses'], say.no404({ operation: op.label, file: doc.file }), {
              element: `${doc.file}#${op.label}#404`,
              fix: {
                description: 'Document the 404.',
                language: 'yaml',
                snippet: `responses:\n  '404':\n    ${PROBLEM_RESPONSE}`,
              },
            }),
          );
        }
        const conditional = op.parameters.some(
          (p) => p.value.in === 'header' && /^if-(match|unmodified-since)$/i.test(String(p.value.name)),
        );
        if (conditional && isMutating(op.method) && !op.responses.has('412') && !op.responses.has('4XX')) {
          findings.push(
            draftAt(doc, [...op.path, 'responses'], say.no412({ operation: op.label, file: doc.file }), {
              element: `${doc.file}#${op.label}#412`,
              fix: {
                description: 'Document the failed precondition.',
                language: 'yaml',
                snippet: `responses:\n  '412':\n    ${PROBLEM_RESPONSE}`,
              },
            }),
          );
        }
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? 'Status codes follow HTTP semantics' : undefined,
    };
  },
};
