import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, isObj, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  queryString: 'Path key {{route}} ({{file}}) contains a query string',
  trailingSlash: 'Path key {{route}} ({{file}}) ends with a slash',
});

export const pathShape: Rule = {
  id: 'api/path-shape',
  area: 'api',
  severity: 'low',
  title: 'Path keys have no trailing slash and no query string',
  messages,
  rationale:
    'Many servers and gateways treat `/orders` and `/orders/` as different routes, so a trailing slash invites 404s and ' +
    'redirects; a query string inside a path key is not part of path matching in OpenAPI and hides a parameter from ' +
    'validation and generated clients.',
  references: [
    'OpenAPI 3.1 Paths Object (https://spec.openapis.org/oas/v3.1.0#paths-object)',
    'Spectral oas: path-keys-no-trailing-slash, path-not-include-query',
    'Redocly: no-path-trailing-slash, path-not-include-query',
  ],
  sources: [
    'spectral:path-keys-no-trailing-slash',
    'spectral:path-not-include-query',
    'redocly:no-path-trailing-slash',
    'redocly:path-not-include-query',
  ],
  recommendation: 'Drop the trailing slash, and model query strings as `in: query` parameters.',
  fix: {
    description: 'Move the query into a parameter.',
    language: 'yaml',
    snippet:
      '/templates/{id}:\n  get:\n    parameters:\n      - name: full\n        in: query\n        schema: {type: boolean}',
  },
  examples: {
    fail: {
      description: 'A trailing slash and a query in the path key',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/:\n    get:\n      responses: {'200': {description: ok}}\n  /orders?v=2:\n    get:\n      responses: {'200': {description: ok}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:4:3',
          messageId: 'trailingSlash',
          message: 'Path key /orders/ (openapi.yaml) ends with a slash',
        },
        {
          at: 'openapi.yaml:7:3',
          messageId: 'queryString',
          message: 'Path key /orders?v=2 (openapi.yaml) contains a query string',
        },
      ],
    },
    pass: {
      description: 'Clean path keys',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses: {'200': {description: ok}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      if (!isObj(doc.data.paths)) continue;
      const trailing: string[] = [];
      for (const route of Object.keys(doc.data.paths)) {
        checked++;
        if (/.+\/$/.test(route)) trailing.push(route);
        if (route.includes('?')) {
          const [base, query] = route.split('?', 2);
          findings.push(
            draftAt(doc, ['paths', route], say.queryString({ route, file: doc.file }), {
              fix: {
                description: 'Use the bare path and declare the query as parameters.',
                language: 'yaml',
                snippet: `${base}:\n  get:\n    parameters:\n${(query ?? '')
                  .split('&')
                  .map((kv) => `      - name: ${kv.split('=')[0]}\n        in: query`)
                  .join('\n')}`,
              },
            }),
          );
        }
      }
      for (const route of trailing) {
        findings.push(
          draftAt(doc, ['paths', route], say.trailingSlash({ route, file: doc.file }), {
            fix: {
              description: 'Remove the trailing slash.',
              language: 'yaml',
              snippet: `${route.replace(/\/+$/, '')}:`,
            },
          }),
        );
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? `All ${checked} path keys are clean` : undefined,
    };
  },
};
