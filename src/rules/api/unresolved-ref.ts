import { resolveFileRef } from '../../discover/openapi/refs.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  danglingRef: '$ref {{ref}} at {{path}} ({{file}}) points at nothing',
  missingFile: '$ref {{ref}} at {{path}} ({{file}}) points at {{target}}, which is not in the repository',
});

export const unresolvedRef: Rule = {
  id: 'api/unresolved-ref',
  area: 'api',
  severity: 'medium',
  title: '`$ref`s point at something that exists',
  messages,
  rationale:
    'A dangling reference leaves a hole in the contract: the schema, parameter or response it stands for is simply missing, ' +
    'so validators accept anything and generated clients lose the type. References to other files must point at files that ' +
    'are part of the repository.',
  references: [
    'OpenAPI 3.1 Reference Object (https://spec.openapis.org/oas/v3.1.0#reference-object)',
    'RFC 6901 JSON Pointer (https://www.rfc-editor.org/rfc/rfc6901)',
    'Redocly: no-unresolved-refs; Spectral core: invalid-ref',
  ],
  sources: ['redocly:no-unresolved-refs'],
  recommendation: 'Fix the pointer or add the missing component or file.',
  fix: {
    description: 'Point the reference at an existing component.',
    language: 'yaml',
    snippet: "schema:\n  $ref: '#/components/schemas/Order'",
  },
  examples: {
    fail: {
      description: 'A reference to a schema that does not exist',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Orders'}\ncomponents:\n  schemas:\n    Order: {type: object}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:11:15',
          messageId: 'danglingRef',
          message:
            '$ref #/components/schemas/Orders at paths./orders.get.responses.200.content.application/json.schema (openapi.yaml) points at nothing',
        },
      ],
    },
    pass: {
      description: 'A reference to a schema in another file of the repository',
      files: {
        'api/openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: './schemas/order.yaml'}\n",
        'api/schemas/order.yaml': 'type: object\nproperties:\n  id: {type: string}\n',
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    const paths = new Set(ctx.paths);
    for (const doc of openapiDocs(ctx)) {
      for (const r of doc.facts.danglingRefs) {
        checked++;
        findings.push(
          draftAt(doc, r.path, say.danglingRef({ ref: r.ref, path: r.path.join('.'), file: doc.file })),
        );
      }
      const missing = new Set<string>();
      for (const r of doc.facts.fileRefs) {
        checked++;
        const { file } = resolveFileRef(doc.file, r.ref);
        if (paths.has(file) || missing.has(file)) continue;
        missing.add(file);
        findings.push(
          draftAt(
            doc,
            r.path,
            say.missingFile({ ref: r.ref, path: r.path.join('.'), file: doc.file, target: file }),
          ),
        );
      }
    }
    return { findings, strength: checked && !findings.length ? 'Every $ref resolves' : undefined };
  },
};
