import type { FindingDraft, Rule } from '../types.js';
import { draftAt, openapiDocs } from './openapi-shared.js';

export const schemaHygiene: Rule = {
  id: 'api/schema-hygiene',
  area: 'api',
  severity: 'low',
  title: 'Schemas are well-typed: enum values match the type and are unique, arrays declare items',
  rationale:
    'An enum value of the wrong type (`"1"` in an integer enum) can never be sent by a client that respects the type, and a ' +
    'duplicated value is a copy-paste slip that generators reject. An array without `items` generates as `any[]`: the ' +
    'contract says nothing about what the list holds.',
  references: [
    'JSON Schema Validation, enum and items (https://json-schema.org/draft/2020-12/json-schema-validation#section-6.1.2)',
    'Spectral oas: typed-enum, duplicated-entry-in-enum, array-items',
    'Redocly: no-enum-type-mismatch, no-duplicated-enum-values',
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
              `Enum at ${where(path)} (${doc.file}) repeats ${[...dupes].join(', ')}`,
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
              `Enum value ${JSON.stringify(v)} at ${where(path)} (${doc.file}) is not of type ${types.join('|')}`,
            ),
          );
        });
      }
      for (const { path, node } of doc.facts.arrays) {
        checked++;
        if (node.items !== undefined || node.prefixItems !== undefined) continue;
        findings.push(
          draftAt(doc, path, `Array schema at ${where(path)} (${doc.file}) has no items`, {
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
