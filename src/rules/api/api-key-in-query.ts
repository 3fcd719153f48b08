import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { components, draftAt, isObj, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  apiKeySchemeInQuery:
    'Security scheme `{{scheme}}` ({{file}}) sends the API key `{{key}}` in the query string',
  credentialParameter: '{{operation}} ({{file}}) takes credential `{{name}}` as a query parameter',
  credentialInPathKey: 'Path {{route}} ({{file}}) carries credential `{{key}}` in its query string',
});

const SECRET_QUERY =
  /^(api[-_]?key|apikey|access[-_]?token|auth[-_]?token|private[-_]?token|client[-_]?secret|password)$/i;
const SECRET_VALUE = /api[-_]?key|token|secret|password/i;

export const apiKeyInQuery: Rule = {
  id: 'api/api-key-in-query',
  area: 'api',
  severity: 'medium',
  title: 'Credentials are not sent in query strings',
  messages,
  rationale:
    'URLs are logged everywhere: access logs, proxies, browser history, analytics, Referer headers. A key or token in the ' +
    'query string leaks to all of them and outlives the request. Headers (Authorization or a dedicated API key header) ' +
    'are not logged by default.',
  references: [
    'OWASP REST Security Cheat Sheet, sensitive information in HTTP requests (https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#sensitive-information-in-http-requests)',
    'RFC 6750 section 2.3 and 5.3: do not pass bearer tokens in page URLs (https://www.rfc-editor.org/rfc/rfc6750#section-5.3)',
    'OWASP API Security Top 10 2023, API2 Broken Authentication',
  ],
  recommendation: 'Send API keys and tokens in a header.',
  fix: {
    description: 'Move the key to a header.',
    language: 'yaml',
    snippet:
      'components:\n  securitySchemes:\n    apiKey:\n      type: apiKey\n      in: header\n      name: X-API-Key',
  },
  examples: {
    fail: {
      description: 'An API key scheme in the query',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\nsecurity: [{key: []}]\npaths: {}\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: query, name: api_key}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:7:5',
          messageId: 'apiKeySchemeInQuery',
          message: 'Security scheme `key` (openapi.yaml) sends the API key `api_key` in the query string',
        },
      ],
    },
    pass: {
      description: 'The key travels in a header',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\nsecurity: [{key: []}]\npaths: {}\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-API-Key}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const schemes = components(doc, 'securitySchemes');
      for (const [name, scheme] of Object.entries(schemes?.map ?? {})) {
        checked++;
        if (!isObj(scheme) || scheme.type !== 'apiKey' || scheme.in !== 'query') continue;
        findings.push(
          draftAt(
            doc,
            [...schemes!.base, name],
            say.apiKeySchemeInQuery({ scheme: name, file: doc.file, key: String(scheme.name) }),
            {
              fix: {
                description: 'Move the key to a header.',
                language: 'yaml',
                snippet: `${name}:\n  type: apiKey\n  in: header\n  name: X-API-Key`,
              },
            },
          ),
        );
      }
      const reported = new Set<string>();
      for (const op of doc.operations) {
        for (const p of op.parameters) {
          if (p.value.in !== 'query' || !SECRET_QUERY.test(String(p.value.name))) continue;
          const key = p.path.join('\u0000');
          if (reported.has(key)) continue;
          reported.add(key);
          findings.push(
            draftAt(
              doc,
              p.path,
              say.credentialParameter({ operation: op.label, file: doc.file, name: String(p.value.name) }),
              {
                fix: {
                  description: 'Take it from the Authorization header instead.',
                  language: 'yaml',
                  snippet: '- name: Authorization\n  in: header\n  required: true\n  schema: {type: string}',
                },
              },
            ),
          );
        }
      }
      for (const route of Object.keys(isObj(doc.data.paths) ? doc.data.paths : {})) {
        const query = route.split('?')[1];
        if (!query) continue;
        const pair = query.split('&').find((kv) => {
          const [k = '', v = ''] = kv.split('=');
          return SECRET_QUERY.test(k) || SECRET_VALUE.test(v);
        });
        const key = pair?.split('=')[0];
        if (key)
          findings.push(
            draftAt(doc, ['paths', route], say.credentialInPathKey({ route, file: doc.file, key })),
          );
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? 'No credentials travel in query strings' : undefined,
    };
  },
};
