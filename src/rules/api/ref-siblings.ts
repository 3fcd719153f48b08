import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  ignoredSiblings: '{{path}} ({{file}}) has {{keys}} beside $ref {{ref}}; {{ignored}}',
});

export const refSiblings: Rule = {
  id: 'api/ref-siblings',
  area: 'api',
  severity: 'low',
  title: 'No keys beside `$ref` (OpenAPI 2.0 and 3.0)',
  messages,
  rationale:
    'In Swagger 2.0 and OpenAPI 3.0 a Reference Object is replaced by its target and every sibling key is ignored: a ' +
    '`description`, `nullable` or `readOnly` written next to `$ref` looks like it applies but silently does not. ' +
    '(OpenAPI 3.1 allows summary/description overrides and schema siblings, so 3.1 documents are not checked.)',
  references: [
    'OpenAPI 3.0.3 Reference Object: "additional properties SHALL be ignored" (https://spec.openapis.org/oas/v3.0.3#reference-object)',
    'Spectral oas: no-$ref-siblings',
    'Redocly: spec-ref-siblings',
  ],
  sources: ['spectral:no-$ref-siblings', 'redocly:spec-ref-siblings'],
  recommendation:
    'Wrap the reference in `allOf` when the extra keys must apply, or move them into the referenced component.',
  fix: {
    description: 'Wrap the $ref in allOf so the siblings take effect.',
    language: 'yaml',
    snippet:
      "customer:\n  description: The customer who placed the order\n  allOf:\n    - $ref: '#/components/schemas/Customer'",
  },
  examples: {
    fail: {
      description: 'A description beside $ref (ignored in 3.0)',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Customer: {type: object}\n    Order:\n      type: object\n      properties:\n        customer:\n          $ref: '#/components/schemas/Customer'\n          description: Who ordered\n",
      },
      findings: [
        {
          at: 'openapi.yaml:12:11',
          messageId: 'ignoredSiblings',
          message:
            'components.schemas.Order.properties.customer (openapi.yaml) has `description` beside $ref #/components/schemas/Customer; it is ignored',
        },
      ],
    },
    pass: {
      description: 'The description applies through allOf',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Customer: {type: object}\n    Order:\n      type: object\n      properties:\n        customer:\n          description: Who ordered\n          allOf: [{$ref: '#/components/schemas/Customer'}]\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      if (doc.facts.version === '3.1') continue;
      checked++;
      for (const { path, node } of doc.facts.refSiblings) {
        const keys = Object.keys(node).filter((k) => k !== '$ref');
        findings.push(
          draftAt(
            doc,
            [...path, keys[0]!],
            say.ignoredSiblings({
              path: path.join('.'),
              file: doc.file,
              keys: keys.map((k) => `\`${k}\``).join(', '),
              ref: String(node.$ref),
              ignored: keys.length === 1 ? 'it is ignored' : 'they are ignored',
            }),
            {
              data: { siblings: keys.map((k) => [...path, k].join('.')) },
            },
          ),
        );
      }
    }
    return { findings, strength: checked && !findings.length ? 'No ignored keys beside $ref' : undefined };
  },
};
