import type { PathSegment } from '../../discover/parse/structured.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { components, draftAt, isObj, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  undefinedScheme: '{{subject}} ({{file}}) requires security scheme `{{scheme}}`, which is not defined',
});

export const securitySchemeDefined: Rule = {
  id: 'api/security-scheme-defined',
  area: 'api',
  severity: 'high',
  title: 'Security requirements name defined security schemes',
  messages,
  rationale:
    'A security requirement naming a scheme that is not defined describes no authentication at all: tools treat the operation ' +
    'as unprotected or fail, and readers cannot tell how to authenticate. It is usually a renamed or deleted scheme.',
  references: [
    'OpenAPI 3.1 Security Requirement Object: names MUST correspond to a declared scheme (https://spec.openapis.org/oas/v3.1.0#security-requirement-object)',
    'Spectral oas: oas3-operation-security-defined, oas2-operation-security-defined',
    'Redocly: security-defined (undefined scheme part)',
  ],
  sources: [
    'spectral:oas2-operation-security-defined',
    'spectral:oas3-operation-security-defined',
    'redocly:security-defined',
  ],
  recommendation:
    'Define the scheme under components.securitySchemes (securityDefinitions in 2.0) or fix the name.',
  fix: {
    description: 'Define the scheme the requirement names.',
    language: 'yaml',
    snippet:
      'components:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        clientCredentials:\n          tokenUrl: https://auth.example.com/token\n          scopes:\n            orders:read: Read orders',
  },
  examples: {
    fail: {
      description: 'The operation requires a scheme that is not defined',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      security: [{bearer: []}]\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    apiKey: {type: apiKey, in: header, name: X-API-Key}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:6:19',
          messageId: 'undefinedScheme',
          message: 'GET /orders (openapi.yaml) requires security scheme `bearer`, which is not defined',
        },
      ],
    },
    pass: {
      description: 'The scheme exists',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      security: [{bearer: []}]\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const defined = new Set(Object.keys(components(doc, 'securitySchemes')?.map ?? {}));
      const lists: { list: unknown; path: PathSegment[]; label: string }[] = [
        { list: doc.data.security, path: ['security'], label: 'the API' },
      ];
      for (const op of doc.operations)
        lists.push({ list: op.op.security, path: [...op.path, 'security'], label: op.label });
      for (const { list, path, label } of lists) {
        if (!Array.isArray(list)) continue;
        list.forEach((req, i) => {
          if (!isObj(req)) return;
          for (const name of Object.keys(req)) {
            checked++;
            if (defined.has(name)) continue;
            findings.push(
              draftAt(
                doc,
                [...path, i, name],
                say.undefinedScheme({ subject: label, file: doc.file, scheme: name }),
              ),
            );
          }
        });
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? 'Every security requirement names a defined scheme' : undefined,
    };
  },
};
