import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  noSuccessResponse:
    '{{operation}} ({{file}}) documents no 2xx or 3xx response (nor 101 for a protocol upgrade)',
});

export const operationSuccessResponse: Rule = {
  id: 'api/operation-success-response',
  area: 'api',
  severity: 'medium',
  title: 'Every operation documents a success (2xx or 3xx) response',
  messages,
  rationale:
    'Without a success response the contract does not say what a caller gets when things work: clients and mocks cannot be ' +
    'generated for the happy path, and contract tests have nothing to assert.',
  references: [
    'RFC 9110 HTTP Semantics, 15.3 Successful 2xx (https://www.rfc-editor.org/rfc/rfc9110#section-15.3)',
    'Spectral oas: operation-success-response',
    'Redocly: operation-2xx-response',
  ],
  sources: ['spectral:operation-success-response', 'redocly:operation-2xx-response'],
  recommendation: 'Document the success status and body of every operation.',
  fix: {
    description: 'Add the success response.',
    language: 'yaml',
    snippet:
      "responses:\n  '200':\n    description: The order\n    content:\n      application/json:\n        schema: {$ref: '#/components/schemas/Order'}",
  },
  examples: {
    fail: {
      description: 'Only an error response is documented',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    head:\n      responses: {'404': {description: none}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:6:7',
          messageId: 'noSuccessResponse',
          message:
            'HEAD /orders (openapi.yaml) documents no 2xx or 3xx response (nor 101 for a protocol upgrade)',
        },
      ],
    },
    pass: {
      description: 'A 200 response',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    head:\n      responses: {'200': {description: ok}, '404': {description: none}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const v3 = doc.facts.version !== '2.0';
      for (const op of doc.operations) {
        checked++;
        const statuses = Object.keys((op.op.responses as object | undefined) ?? {});
        // 101 Switching Protocols is the success of a GET that upgrades to a WebSocket (RFC 6455 §4.2.2)
        const ok = statuses.some(
          (s) => (v3 && (s === '2XX' || s === '3XX')) || (Number(s) >= 200 && Number(s) < 400) || s === '101',
        );
        if (ok) continue;
        const path = op.op.responses === undefined ? op.path : [...op.path, 'responses'];
        findings.push(draftAt(doc, path, say.noSuccessResponse({ operation: op.label, file: doc.file })));
      }
    }
    return {
      findings,
      strength:
        checked && !findings.length ? `All ${checked} operations document a success response` : undefined,
    };
  },
};
