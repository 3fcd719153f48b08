import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import {
  draftAt,
  isObj,
  listSome,
  type OasDoc,
  type OasOperation,
  type Obj,
  openapiDocs,
  walkSchema,
} from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  unboundedInputs: '{{operation}} ({{file}}) accepts {{count}} unbounded {{inputs}}: {{list}}',
});

/** Formats that bound a string's length by themselves. */
const BOUNDED_FORMATS = new Set([
  'date',
  'date-time',
  'time',
  'uuid',
  'ipv4',
  'ipv6',
  'int32',
  'int64',
  'byte',
  'binary',
  'email',
  'duration',
]);

export const inputBounds: Rule = {
  id: 'api/input-bounds',
  area: 'api',
  severity: 'low',
  title: 'Request body strings and arrays are bounded (maxLength, maxItems)',
  messages,
  rationale:
    'Every unbounded input is a resource-consumption lever: a megabyte "name", a list of a million ids, a query string the ' +
    'database has to scan. Declared bounds are enforced by validating gateways and generated server stubs before the ' +
    'request reaches business logic, and tell clients the limits up front.',
  references: [
    'OWASP API Security Top 10 2023, API4 Unrestricted Resource Consumption (https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)',
    'OWASP REST Security Cheat Sheet, input validation (https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#input-validation)',
    'Redocly: required-string-property-missing-min-length (configurable)',
  ],
  recommendation:
    'Give request strings a `maxLength` (or a bounding enum/format/pattern) and request arrays a `maxItems`.',
  fix: {
    description: 'Bound the inputs.',
    language: 'yaml',
    snippet:
      'properties:\n  title: {type: string, maxLength: 256}\n  labels:\n    type: array\n    maxItems: 100\n    items: {type: string, maxLength: 50}',
  },
  examples: {
    fail: {
      description: 'An unbounded note and an unbounded list',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                note: {type: string}\n                items: {type: array, items: {type: string, format: uuid}}\n      responses: {'201': {description: created}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:6:7',
          messageId: 'unboundedInputs',
          message: 'POST /orders (openapi.yaml) accepts 2 unbounded inputs: body.note, body.items[]',
        },
      ],
    },
    pass: {
      description: 'Bounded strings and arrays',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                note: {type: string, maxLength: 500}\n                items: {type: array, maxItems: 50, items: {type: string, format: uuid}}\n      responses: {'201': {description: created}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      for (const op of doc.operations) {
        const unbounded = unboundedInputs(doc, op);
        if (unbounded === undefined) continue;
        checked++;
        if (unbounded.length === 0) continue;
        findings.push(
          draftAt(
            doc,
            op.requestBody?.usePath ?? op.path,
            say.unboundedInputs({
              operation: op.label,
              file: doc.file,
              count: unbounded.length,
              inputs: unbounded.length === 1 ? 'input' : 'inputs',
              list: listSome(unbounded, 6),
            }),
            {
              element: `${doc.file}#${op.label}#bounds`,
              data: { fields: unbounded },
              fix: {
                description: 'Add maxLength to the strings and maxItems to the arrays.',
                language: 'yaml',
                snippet: unbounded
                  .slice(0, 4)
                  .map((f) =>
                    f.endsWith('[]')
                      ? `${f.slice(0, -2)}: {type: array, maxItems: 100}`
                      : `${f}: {type: string, maxLength: 256}`,
                  )
                  .join('\n'),
              },
            },
          ),
        );
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? `All ${checked} operations with inputs bound them` : undefined,
    };
  },
};

/** Unbounded request fields (`body.title`, `body.labels[]`, `query q`), or undefined when the operation takes no input. */
function unboundedInputs(doc: OasDoc, op: OasOperation): string[] | undefined {
  const out: string[] = [];
  let inputs = false;
  // Query and header values are capped by URL and header size limits; bodies are not.
  for (const p of op.parameters) {
    if (p.value.in !== 'formData') continue;
    inputs = true;
    const schema = doc.facts.pointers.deref(p.value);
    if (isObj(schema) && unbounded(doc, schema))
      out.push(`form ${String(p.value.name)}${schema.type === 'array' ? '[]' : ''}`);
  }
  const content = op.requestBody?.value.content;
  const bodyParam = op.parameters.find((p) => p.value.in === 'body');
  const bodies: unknown[] = isObj(content)
    ? Object.entries(content)
        .filter(([type]) => /json|form|xml/i.test(type))
        .map(([, media]) => (isObj(media) ? media.schema : undefined))
    : bodyParam
      ? [bodyParam.value.schema]
      : [];
  for (const body of bodies.slice(0, 1)) {
    if (body === undefined) continue;
    inputs = true;
    walkSchema(doc, body, [], (schema, _path, via) => {
      if (schema.readOnly === true) return false;
      if (via && unbounded(doc, schema))
        out.push(`body.${via}${schema.type === 'array' && !via.endsWith('[]') ? '[]' : ''}`);
      return undefined;
    });
  }
  return inputs ? [...new Set(out)] : undefined;
}

function unbounded(doc: OasDoc, schema: Obj): boolean {
  if (schema.type === 'string') {
    if (typeof schema.maxLength === 'number' || Array.isArray(schema.enum) || 'const' in schema) return false;
    if (typeof schema.format === 'string' && BOUNDED_FORMATS.has(schema.format)) return false;
    if (typeof schema.pattern === 'string' && /\{\d+(,\d+)?\}\$?$|^\^[^*+{]*\$$/.test(schema.pattern))
      return false;
    return true;
  }
  if (schema.type === 'array') {
    if (typeof schema.maxItems === 'number') return false;
    const items = doc.facts.pointers.deref(schema.items);
    return !(isObj(items) && Array.isArray(items.enum) && schema.uniqueItems === true);
  }
  return false;
}
