import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  noDescription: '{{operation}} ({{file}}) has no description',
});

export const operationDescription: Rule = {
  id: 'api/operation-description',
  area: 'api',
  severity: 'info',
  title: 'Operations are described',
  messages,
  rationale:
    'The description is the contract a consumer reads before calling: side effects, permissions, limits. A summary names the ' +
    'operation; without a description those semantics live only in the implementation.',
  references: [
    'OpenAPI 3.1 Operation Object (https://spec.openapis.org/oas/v3.1.0#operation-object)',
    'Spectral oas: operation-description',
    'Redocly: operation-description, operation-summary',
  ],
  sources: ['spectral:operation-description', 'redocly:operation-summary'],
  recommendation: 'Describe what the operation does, who may call it and its side effects.',
  fix: {
    description: 'Add a description beside the summary.',
    language: 'yaml',
    snippet:
      'post:\n  summary: Cancel an order\n  description: |\n    Cancels an order that has not shipped yet. Requires the `orders:write` scope.\n    Cancelling twice is a no-op.',
  },
  examples: {
    fail: {
      description: 'An operation with only a summary',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      summary: List orders\n      responses: {'200': {description: ok}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:5:5',
          messageId: 'noDescription',
          message: 'GET /orders (openapi.yaml) has no description',
        },
      ],
    },
    pass: {
      description: 'The operation is described',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      summary: List orders\n      description: Lists the caller's orders, newest first.\n      responses: {'200': {description: ok}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      for (const op of doc.operations) {
        checked++;
        const d = op.op.description;
        if (typeof d === 'string' && d.trim()) continue;
        const path = d === undefined ? op.path : [...op.path, 'description'];
        findings.push(draftAt(doc, path, say.noDescription({ operation: op.label, file: doc.file })));
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? `All ${checked} operations are described` : undefined,
    };
  },
};
