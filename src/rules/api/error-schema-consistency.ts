import { refName } from '../../discover/openapi/adapter.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { PROBLEM_COMPONENTS } from './lib/openapi-heuristics.js';
import { draftAt, isObj, listSome, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  manyErrorSchemas: 'Error responses of {{file}} use {{count}} different body schemas: {{list}}',
});

/** Distinct error shapes an API may reasonably have: general errors and validation errors. */
const MAX_SHAPES = 2;

export const errorSchemaConsistency: Rule = {
  id: 'api/error-schema-consistency',
  area: 'api',
  severity: 'low',
  title: 'Error responses share one error schema',
  messages,
  rationale:
    'When every error has the same shape, a client writes one error handler; when each endpoint invents its own, every call ' +
    'site needs its own parsing and errors get swallowed. RFC 9457 problem details (`application/problem+json`) is the ' +
    'standard shape, extensible with an `errors` array for validation failures.',
  references: [
    'RFC 9457 Problem Details for HTTP APIs (https://www.rfc-editor.org/rfc/rfc9457)',
    'Google AIP-193 Errors (https://google.aip.dev/193)',
    'Microsoft REST API Guidelines, error condition responses (https://github.com/microsoft/api-guidelines/blob/vNext/azure/Guidelines.md#handling-errors)',
  ],
  recommendation:
    'Point every 4xx/5xx response at one shared problem+json schema (extend it for validation details).',
  fix: {
    description: 'Define one problem response and reference it everywhere.',
    language: 'yaml',
    snippet: PROBLEM_COMPONENTS,
  },
  examples: {
    fail: {
      description: 'Three operations, three different error bodies',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200': {description: ok}\n        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/OrderError'}}}}\n  /carts:\n    get:\n      responses:\n        '200': {description: ok}\n        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/CartFault'}}}}\n  /users:\n    get:\n      responses:\n        '200': {description: ok}\n        '400': {description: bad, content: {application/json: {schema: {type: object, properties: {msg: {type: string}}}}}}\ncomponents:\n  schemas:\n    OrderError: {type: object, properties: {message: {type: string}}}\n    CartFault: {type: object, properties: {reason: {type: string}}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:8:64',
          messageId: 'manyErrorSchemas',
          message:
            'Error responses of openapi.yaml use 3 different body schemas: CartFault (1), OrderError (1), an inline schema {msg} (1)',
          also: ['openapi.yaml:18:64'],
        },
      ],
    },
    pass: {
      description: 'One problem schema everywhere',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200': {description: ok}\n        '400': {description: bad, content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n  /carts:\n    get:\n      responses:\n        '200': {description: ok}\n        '400': {description: bad, content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}}\ncomponents:\n  schemas:\n    Problem: {type: object, properties: {title: {type: string}, status: {type: integer}}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const shapes = new Map<string, { count: number; path: (string | number)[] }>();
      for (const op of doc.operations) {
        for (const [status, response] of op.responses) {
          if (!/^[45]/.test(status) && status !== 'default') continue;
          checked++;
          const schemas = errorSchemas(response.value, doc.facts.version === '2.0');
          for (const { schema, at } of schemas) {
            const key = shapeKey(schema, doc.facts.pointers.deref(schema));
            const seen = shapes.get(key);
            if (seen) seen.count++;
            else shapes.set(key, { count: 1, path: [...response.path, ...at] });
          }
        }
      }
      if (shapes.size <= MAX_SHAPES) continue;
      const ranked = [...shapes.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
      const names = ranked.map(
        ([name, { count }]) =>
          `${name.startsWith('inline') ? `an inline schema ${name.slice(7, 47)}` : name} (${count})`,
      );
      const [, second] = ranked;
      findings.push(
        draftAt(
          doc,
          second![1].path,
          say.manyErrorSchemas({ file: doc.file, count: shapes.size, list: listSome(names, 6) }),
          {
            element: `${doc.file}#error-schemas`,
            also: ranked.slice(2, 6).map(([, v]) => doc.document.locate(v.path)),
            data: { schemas: ranked.map(([name, { count }]) => ({ name, count })) },
          },
        ),
      );
    }
    return {
      findings,
      strength: checked && !findings.length ? 'Error responses share a consistent error schema' : undefined,
    };
  },
};

function errorSchemas(
  response: Record<string, unknown>,
  v2: boolean,
): { schema: unknown; at: (string | number)[] }[] {
  if (v2) return response.schema !== undefined ? [{ schema: response.schema, at: ['schema'] }] : [];
  if (!isObj(response.content)) return [];
  return Object.entries(response.content)
    .filter(([, media]) => isObj(media) && media.schema !== undefined)
    .map(([type, media]) => ({
      schema: (media as Record<string, unknown>).schema,
      at: ['content', type, 'schema'],
    }));
}

/** A named component by its name; an inline schema by its property names (cheap, and stable across copies). */
function shapeKey(schema: unknown, resolved: unknown): string {
  if (isObj(schema) && typeof schema.$ref === 'string') return refName(schema.$ref);
  const props =
    isObj(resolved) && isObj(resolved.properties) ? Object.keys(resolved.properties).sort().join(',') : '';
  return `inline {${props}}`;
}
