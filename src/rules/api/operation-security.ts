import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { isMutating } from './lib/openapi-heuristics.js';
import { components, draftAt, listSome, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  noSchemes:
    '{{file}} defines no security scheme: none of its {{operations}} operations ({{mutating}} of them mutating, e.g. {{examples}}) says how callers authenticate',
  entryPointNotPublic:
    '{{operation}} ({{file}}) is an authentication entry point, public by nature, but does not say so; mark it public with security: []',
  mutatingWithoutSecurity:
    '{{operation}} ({{file}}) has no security requirement although it changes state; say which scheme protects it, or mark it public with security: []',
  noSecurity:
    '{{operation}} ({{file}}) has no security requirement; say which scheme protects it, or mark it public with security: []',
});

/** Paths whose last segments name an authentication entry point (a caller has no credentials yet). */
const AUTH_ENTRY_POINT =
  /\/(login|signin|sign-in|signup|sign-up|register|registration|token|oauth2?\/token|password[-_]?reset|reset[-_]?password|forgot[-_]?password)\/?$/i;

export const operationSecurity: Rule = {
  id: 'api/operation-security',
  area: 'api',
  severity: 'high',
  title: 'Security schemes are defined and applied to every non-public operation',
  messages,
  rationale:
    'The contract is where consumers, gateways and security reviews learn how an operation is protected. An API that defines ' +
    'no security scheme, or an operation with no security requirement, is either open to anyone or protected in a way ' +
    'nobody can see, and a mutating operation that is accidentally open is the broken-authentication risk at the top of ' +
    "OWASP's list. Operations that are public on purpose say so with `security: []`.",
  references: [
    'OWASP API Security Top 10 2023, API2 Broken Authentication and API5 Broken Function Level Authorization (https://owasp.org/API-Security/editions/2023/en/0x11-t10/)',
    'OpenAPI 3.1 Security Scheme and Security Requirement Objects (https://spec.openapis.org/oas/v3.1.0#security-scheme-object)',
    'Redocly: security-defined',
  ],
  sources: ['redocly:security-defined'],
  recommendation:
    'Define the security schemes, apply one at the top level, and mark deliberately public operations with `security: []`.',
  fix: {
    description: 'Define a scheme, require it everywhere, and opt public reads out explicitly.',
    language: 'yaml',
    snippet:
      'components:\n  securitySchemes:\n    bearer:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\nsecurity:\n  - bearer: []\npaths:\n  /health:\n    get:\n      security: []   # public on purpose',
  },
  examples: {
    fail: {
      description: 'A scheme exists but the delete does not require it',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    delete:\n      responses: {'204': {description: deleted}}\ncomponents:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:6:5',
          messageId: 'mutatingWithoutSecurity',
          message:
            'DELETE /orders/{id} (openapi.yaml) has no security requirement although it changes state; say which scheme protects it, or mark it public with security: []',
        },
      ],
    },
    pass: {
      description: 'Required at the top level; the health check is public on purpose',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\nsecurity: [{bearer: []}]\npaths:\n  /orders/{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    delete:\n      responses: {'204': {description: deleted}}\n  /health:\n    get:\n      security: []\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      if (doc.operations.length === 0) continue;
      checked++;
      const schemes = Object.keys(components(doc, 'securitySchemes')?.map ?? {});
      const mutating = doc.operations.filter((op) => isMutating(op.method));
      if (schemes.length === 0) {
        const anyRequirement = doc.operations.some((op) =>
          op.security?.some((r) => Object.keys(r).length > 0),
        );
        if (anyRequirement) continue; // requirements without definitions: api/security-scheme-defined
        findings.push(
          draftAt(
            doc,
            [doc.data.openapi !== undefined ? 'openapi' : 'swagger'],
            say.noSchemes({
              file: doc.file,
              operations: doc.operations.length,
              mutating: mutating.length,
              examples:
                listSome(
                  mutating.map((o) => o.label),
                  3,
                ) || 'none',
            }),
            {
              element: `${doc.file}#no-security-schemes`,
              severity: mutating.length > 0 ? 'high' : 'medium',
              data: { operations: doc.operations.length, mutating: mutating.length },
            },
          ),
        );
        continue;
      }
      for (const op of doc.operations) {
        if (op.security !== undefined) continue; // [] = declared public; otherwise requirements apply
        const writes = isMutating(op.method);
        // login, registration and token endpoints are public by nature: only the `security: []` is missing
        const entry = AUTH_ENTRY_POINT.test(op.route);
        findings.push(
          draftAt(
            doc,
            op.path,
            (entry ? say.entryPointNotPublic : writes ? say.mutatingWithoutSecurity : say.noSecurity)({
              operation: op.label,
              file: doc.file,
            }),
            {
              element: `${doc.file}#${op.label}#security`,
              severity: entry ? 'low' : writes ? 'high' : 'medium',
              fix: {
                description: 'Require a scheme (or declare the operation public).',
                language: 'yaml',
                snippet: `${op.method.toLowerCase()}:\n  security:\n    - ${schemes[0]}: []`,
              },
            },
          ),
        );
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? 'Every operation states how it is protected' : undefined,
    };
  },
};
