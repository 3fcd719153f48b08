import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, isObj, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  duplicateParameter: '{{subject}} ({{file}}) declares {{in}} parameter `{{name}}` twice',
  multipleBodies: '{{subject}} ({{file}}) has more than one body parameter',
  bodyAndFormData: '{{subject}} ({{file}}) mixes a body parameter with formData parameters',
});

export const operationParametersUnique: Rule = {
  id: 'api/operation-parameters-unique',
  area: 'api',
  severity: 'medium',
  title: 'Operation parameters are unique (one per name and location, one body)',
  messages,
  rationale:
    'Two parameters with the same name and location are one parameter described twice, with possibly different types: ' +
    'generators and validators pick one arbitrarily. Swagger 2.0 allows one body parameter and never body together with form data.',
  references: [
    'OpenAPI 3.1 Operation Object, parameters: "The list MUST NOT include duplicated parameters" (https://spec.openapis.org/oas/v3.1.0#operation-object)',
    'Spectral oas: operation-parameters',
    'Redocly: operation-parameters-unique',
  ],
  sources: ['spectral:operation-parameters', 'redocly:operation-parameters-unique'],
  recommendation: 'Keep one definition per parameter name and location.',
  fix: {
    description: 'Remove the duplicate parameter.',
    language: 'yaml',
    snippet: 'parameters:\n  - name: limit\n    in: query\n    schema: {type: integer, maximum: 100}',
  },
  examples: {
    fail: {
      description: 'The same query parameter twice',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      parameters:\n        - {name: limit, in: query, schema: {type: integer}}\n        - {name: limit, in: query, schema: {type: string}}\n      responses: {'200': {description: ok}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:8:11',
          messageId: 'duplicateParameter',
          message: 'GET /orders (openapi.yaml) declares query parameter `limit` twice',
        },
      ],
    },
    pass: {
      description: 'Same name, different locations',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      parameters:\n        - {name: limit, in: query, schema: {type: integer}}\n        - {name: limit, in: header, schema: {type: integer}}\n      responses: {'200': {description: ok}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const lists: { list: unknown; path: (string | number)[]; label: string }[] = [];
      const items = new Set<unknown>();
      for (const op of doc.operations) {
        checked++;
        lists.push({ list: op.op.parameters, path: [...op.path, 'parameters'], label: op.label });
        if (!items.has(op.item)) {
          items.add(op.item);
          lists.push({
            list: op.item.parameters,
            path: [...op.path.slice(0, -1), 'parameters'],
            label: `path ${op.route}`,
          });
        }
      }
      for (const { list, path, label } of lists) {
        if (!Array.isArray(list) || list.length < 2) continue;
        const seen = new Set<string>();
        let body = 0;
        let form = 0;
        list.forEach((raw, i) => {
          const p = doc.facts.pointers.deref(raw);
          if (!isObj(p)) return;
          const key = `${String(p.in)}-${String(p.name)}`;
          if (seen.has(key)) {
            findings.push(
              draftAt(
                doc,
                [...path, i],
                say.duplicateParameter({
                  subject: label,
                  file: doc.file,
                  in: String(p.in),
                  name: String(p.name),
                }),
              ),
            );
          }
          seen.add(key);
          if (p.in === 'body' && ++body > 1) {
            findings.push(draftAt(doc, [...path, i], say.multipleBodies({ subject: label, file: doc.file })));
          }
          if (p.in === 'formData') form++;
        });
        if (body > 0 && form > 0) {
          findings.push(draftAt(doc, path, say.bodyAndFormData({ subject: label, file: doc.file })));
        }
      }
    }
    return {
      findings,
      strength:
        checked && !findings.length ? `Parameters are unique in all ${checked} operations` : undefined,
    };
  },
};
