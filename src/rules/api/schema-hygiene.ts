import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, listSome, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  duplicateEnumValues: 'Enum at {{path}} ({{file}}) repeats {{values}}',
  enumValueType: 'Enum value {{value}} at {{path}} ({{file}}) is not of type {{types}}',
  nullableWithoutType:
    '{{count}} {{schemasAre}} nullable without a type in {{file}} (e.g. {{examples}}): in OpenAPI 3.0.3 `nullable` only adds null to the `type` of the same schema, so null is not allowed there (and Ajv-based validators refuse these schemas)',
  arrayWithoutItems: 'Array schema at {{path}} ({{file}}) has no items',
});

export const schemaHygiene: Rule = {
  id: 'api/schema-hygiene',
  area: 'api',
  severity: 'low',
  title:
    'Schemas are well-typed: enum values match the type and are unique, arrays declare items, nullable has a type',
  messages,
  rationale:
    'An enum value of the wrong type (`"1"` in an integer enum) can never be sent by a client that respects the type, and a ' +
    'duplicated value is a copy-paste slip that generators reject. An array without `items` generates as `any[]`: the ' +
    'contract says nothing about what the list holds. In OpenAPI 3.0 `nullable: true` without a `type` beside it has no ' +
    'effect, so a property meant to be nullable rejects null.',
  references: [
    'JSON Schema Validation, enum and items (https://json-schema.org/draft/2020-12/json-schema-validation#section-6.1.2)',
    'Spectral oas: typed-enum, duplicated-entry-in-enum, array-items',
    'Redocly: no-enum-type-mismatch, no-duplicated-enum-values, nullable-type-sibling',
    'OpenAPI 3.0.3 Schema Object, nullable (https://spec.openapis.org/oas/v3.0.3#fixed-fields-19)',
  ],
  sources: [
    'spectral:array-items',
    'spectral:duplicated-entry-in-enum',
    'spectral:typed-enum',
    'redocly:no-duplicated-enum-values',
    'redocly:no-enum-type-mismatch',
    'redocly:nullable-type-sibling',
  ],
  recommendation:
    'Make enum values match the declared type, remove duplicates, and declare `items` on every array.',
  fix: {
    description: 'Type the array and its enum consistently.',
    language: 'yaml',
    snippet: 'status:\n  type: array\n  items:\n    type: string\n    enum: [pending, shipped, cancelled]',
  },
  examples: {
    fail: {
      description: 'A string enum with a number, a duplicate, and an untyped array',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        status: {type: string, enum: [pending, 1, pending]}\n        lines: {type: array}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:9:32',
          messageId: 'duplicateEnumValues',
          message: 'Enum at components.schemas.Order.properties.status (openapi.yaml) repeats "pending"',
        },
        {
          at: 'openapi.yaml:9:48',
          messageId: 'enumValueType',
          message:
            'Enum value 1 at components.schemas.Order.properties.status (openapi.yaml) is not of type string',
        },
        {
          at: 'openapi.yaml:10:9',
          messageId: 'arrayWithoutItems',
          message: 'Array schema at components.schemas.Order.properties.lines (openapi.yaml) has no items',
        },
      ],
    },
    pass: {
      description: 'Consistent enum and typed array',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        status: {type: string, nullable: true, enum: [pending, shipped, null]}\n        lines: {type: array, items: {type: string}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const version = doc.facts.version;
      for (const { path, node } of doc.facts.enums) {
        checked++;
        const values = node.enum as unknown[];
        const seen = new Set<string>();
        const dupes = new Set<string>();
        for (const v of values) {
          const key = JSON.stringify(v);
          if (seen.has(key)) dupes.add(key);
          seen.add(key);
        }
        if (dupes.size > 0) {
          findings.push(
            draftAt(
              doc,
              [...path, 'enum'],
              say.duplicateEnumValues({ path: where(path), file: doc.file, values: [...dupes].join(', ') }),
            ),
          );
        }
        const types = allowedTypes(node, version);
        if (!types) continue;
        const integer = types.includes('integer');
        values.forEach((v, i) => {
          const t = typeOf(v, integer);
          if (types.includes(t) || (t === 'integer' && types.includes('number'))) return;
          findings.push(
            draftAt(
              doc,
              [...path, 'enum', i],
              say.enumValueType({
                value: JSON.stringify(v),
                path: where(path),
                file: doc.file,
                types: types.join('|'),
              }),
            ),
          );
        });
      }
      const untypedNullables = version === '3.0' ? doc.facts.nullableWithoutType : [];
      if (untypedNullables.length > 0) {
        // one systematic pattern (usually a generator's `nullable` + `allOf: [$ref]`): one finding per document
        checked++;
        const [first] = untypedNullables;
        const type = nullableTypeHint(doc, first!.node);
        findings.push(
          draftAt(
            doc,
            [...first!.path, 'nullable'],
            say.nullableWithoutType({
              count: untypedNullables.length,
              schemasAre: untypedNullables.length === 1 ? 'schema is' : 'schemas are',
              file: doc.file,
              examples: listSome(
                untypedNullables.map((n) => where(n.path)),
                3,
              ),
            }),
            {
              element: `${doc.file}#nullable-without-type`,
              also: untypedNullables.slice(1, 5).map((n) => doc.document.locate(n.path)),
              data: { paths: untypedNullables.map((n) => n.path) },
              fix: {
                description: 'Declare the type beside nullable.',
                language: 'yaml',
                snippet:
                  `${String(first!.path[first!.path.length - 1])}:\n  type: ${type}\n  nullable: true\n${first!.node.allOf ? '  allOf:\n    - $ref: ...' : first!.node.oneOf ? '  oneOf: ...' : ''}`.trimEnd(),
              },
            },
          ),
        );
      }
      for (const { path, node } of doc.facts.arrays) {
        checked++;
        if (node.items !== undefined || node.prefixItems !== undefined) continue;
        findings.push(
          draftAt(doc, path, say.arrayWithoutItems({ path: where(path), file: doc.file }), {
            fix: {
              description: 'Say what the array holds.',
              language: 'yaml',
              snippet: 'type: array\nitems:\n  type: string',
            },
          }),
        );
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? 'Enums and arrays are consistently typed' : undefined,
    };
  },
};

/** The type the composed schemas agree on, for the fix snippet. */
function nullableTypeHint(
  doc: { facts: { pointers: { deref(v: unknown): unknown } } },
  node: Record<string, unknown>,
): string {
  const parts = [node.allOf, node.oneOf, node.anyOf].flatMap((l) => (Array.isArray(l) ? l : []));
  const types = new Set(
    parts.map((p) => {
      const r = doc.facts.pointers.deref(p) as Record<string, unknown> | undefined;
      return typeof r?.type === 'string' ? r.type : 'object';
    }),
  );
  return types.size === 1 ? [...types][0]! : 'object';
}

function where(path: (string | number)[]): string {
  return path.join('.');
}

function allowedTypes(node: Record<string, unknown>, version: string): string[] | undefined {
  const type = node.type;
  let types: string[];
  if (typeof type === 'string') types = [type];
  else if (Array.isArray(type)) types = type.map(String);
  else return undefined;
  if ((version === '3.0' && node.nullable === true) || (version === '2.0' && node['x-nullable'] === true))
    types.push('null');
  return types;
}

function typeOf(v: unknown, integer: boolean): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return integer && Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
