import { plural } from '../../model/values.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { components, draftAt, isObj, listSome, type OasDoc, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  noScopes:
    'OAuth2 scheme `{{scheme}}` ({{file}}) defines no scopes, so every token can call every operation',
  undefinedScope:
    '{{operation}} ({{file}}) requires scope `{{scope}}` that scheme `{{scheme}}` does not define',
  unscoped: '{{operations}} of {{file}} {{require}} OAuth2 without any scope: {{list}}',
  scopesOnOtherScheme:
    '{{subject}} ({{file}}) lists scopes for `{{scheme}}`, a scheme of type {{type}}; only {{scopedTypes}} requirements take scopes (the list must be empty)',
});

export const oauth2Scopes: Rule = {
  id: 'api/oauth2-scopes',
  area: 'api',
  severity: 'low',
  title: 'OAuth2 scopes are defined and required per operation',
  messages,
  rationale:
    'Scopes are how OAuth2 limits what a token may do. A scheme with no scopes, or operations that require the scheme with ' +
    'an empty scope list, means any token can call anything: least privilege is impossible. A required scope that the ' +
    'scheme does not define cannot be granted at all.',
  references: [
    'RFC 6749 section 3.3 Access Token Scope (https://www.rfc-editor.org/rfc/rfc6749#section-3.3)',
    'OWASP API Security Top 10 2023, API5 Broken Function Level Authorization (https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/)',
    'Redocly: security-scopes-defined',
  ],
  sources: ['redocly:security-scopes-defined'],
  recommendation:
    'Define scopes per capability (read/write per resource) and require the narrowest one on each operation.',
  fix: {
    description: 'Define scopes and require them.',
    language: 'yaml',
    snippet:
      "components:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        authorizationCode:\n          authorizationUrl: https://auth.example.com/authorize\n          tokenUrl: https://auth.example.com/token\n          scopes:\n            orders:read: Read orders\n            orders:write: Place and cancel orders\npaths:\n  /orders:\n    post:\n      security:\n        - oauth: ['orders:write']",
  },
  examples: {
    fail: {
      description: 'A write operation that requires no scope',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    post:\n      security: [{oauth: []}]\n      responses: {'201': {description: created}}\ncomponents:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {'orders:write': Place orders}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:5:5',
          messageId: 'unscoped',
          message: '1 operation of openapi.yaml requires OAuth2 without any scope: POST /orders',
        },
      ],
    },
    pass: {
      description: 'The operation requires orders:write',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    post:\n      security: [{oauth: ['orders:write']}]\n      responses: {'201': {description: created}}\ncomponents:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {'orders:write': Place orders}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const schemes = components(doc, 'securitySchemes');
      const oauth = new Map<string, Set<string>>();
      for (const [name, scheme] of Object.entries(schemes?.map ?? {})) {
        if (!isObj(scheme) || scheme.type !== 'oauth2') continue;
        checked++;
        const scopes = scopesOf(doc, scheme);
        oauth.set(name, scopes);
        if (scopes.size === 0) {
          findings.push(
            draftAt(doc, [...schemes!.base, name], say.noScopes({ scheme: name, file: doc.file })),
          );
        }
      }
      findings.push(...scopesOnOtherSchemes(doc, schemes?.map ?? {}));
      if (oauth.size === 0) continue;
      const unscoped: string[] = [];
      let firstUnscoped: (string | number)[] | undefined;
      for (const op of doc.operations) {
        for (const req of op.security ?? []) {
          for (const [name, scopes] of Object.entries(req)) {
            const defined = oauth.get(name);
            if (!defined || !Array.isArray(scopes)) continue;
            if (scopes.length === 0 && defined.size > 0) {
              unscoped.push(op.label);
              firstUnscoped ??= op.path;
            }
            for (const scope of scopes) {
              if (defined.has(String(scope))) continue;
              findings.push(
                draftAt(
                  doc,
                  op.op.security ? [...op.path, 'security'] : ['security'],
                  say.undefinedScope({
                    operation: op.label,
                    file: doc.file,
                    scope: String(scope),
                    scheme: name,
                  }),
                  {
                    severity: 'medium',
                    element: `${doc.file}#${op.label}#scope:${String(scope)}`,
                  },
                ),
              );
            }
          }
        }
      }
      if (unscoped.length > 0) {
        findings.push(
          draftAt(
            doc,
            firstUnscoped!,
            say.unscoped({
              operations: plural(unscoped.length, 'operation'),
              file: doc.file,
              require: unscoped.length === 1 ? 'requires' : 'require',
              list: listSome(unscoped),
            }),
            {
              element: `${doc.file}#unscoped`,
            },
          ),
        );
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? 'OAuth2 scopes are defined and required' : undefined,
    };
  },
};

/**
 * Scopes listed for a scheme that has none (apiKey, http, basic): OpenAPI 2.0 and 3.0 require an empty list
 * for every type but OAuth2 (and 3.0's OpenID Connect); 3.1 lets other types list role names, so it is not
 * checked there.
 */
function scopesOnOtherSchemes(doc: OasDoc, schemes: Record<string, unknown>): FindingDraft[] {
  if (doc.facts.version === '3.1') return [];
  const out: FindingDraft[] = [];
  const seen = new Set<string>();
  const check = (req: unknown, at: (string | number)[], where: string) => {
    if (!isObj(req)) return;
    for (const [name, scopes] of Object.entries(req)) {
      const scheme = schemes[name];
      if (!isObj(scheme) || !Array.isArray(scopes) || scopes.length === 0) continue;
      if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') continue;
      const key = `${where}#${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(
        draftAt(
          doc,
          at,
          say.scopesOnOtherScheme({
            subject: where,
            file: doc.file,
            scheme: name,
            type: String(scheme.type),
            scopedTypes: doc.facts.version === '2.0' ? 'OAuth2' : 'OAuth2 and OpenID Connect',
          }),
          { severity: 'medium', element: `${doc.file}#${where}#scopes:${name}` },
        ),
      );
    }
  };
  if (Array.isArray(doc.data.security))
    doc.data.security.forEach((r, i) => {
      check(r, ['security', i], 'root security');
    });
  for (const op of doc.operations)
    if (Array.isArray(op.op.security))
      op.op.security.forEach((r, i) => {
        check(r, [...op.path, 'security', i], op.label);
      });
  return out;
}

function scopesOf(doc: OasDoc, scheme: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  if (doc.facts.version === '2.0') {
    if (isObj(scheme.scopes)) for (const s of Object.keys(scheme.scopes)) out.add(s);
    return out;
  }
  if (!isObj(scheme.flows)) return out;
  for (const flow of Object.values(scheme.flows)) {
    if (isObj(flow) && isObj(flow.scopes)) for (const s of Object.keys(flow.scopes)) out.add(s);
  }
  return out;
}
