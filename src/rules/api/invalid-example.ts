import { pathToPointer, pointerToPath } from '../../discover/openapi/refs.js';
import type { PathSegment } from '../../discover/parse/structured.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { validateExample } from './lib/openapi-example-validator.js';
import { draftAt, isObj, type OasDoc, type Obj, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  mismatch: '{{example}} ({{file}}){{at}} {{error}}{{viaRef}}',
  undeclaredProperty: '{{example}} ({{file}}){{at}} {{error}}{{viaRef}}',
  valueAndExternalValue: 'Example {{path}} ({{file}}) has both value and externalValue',
  neitherValueNorExternalValue: 'Example {{path}} ({{file}}) has neither value nor externalValue',
});

export const invalidExample: Rule = {
  id: 'api/invalid-example',
  area: 'api',
  severity: 'medium',
  title: 'Examples are valid against their schemas',
  messages,
  rationale:
    'Examples are what people copy: into documentation, mock servers, tests and client code. An example that contradicts its ' +
    'schema means one of the two is wrong, and consumers build against the example. Example Objects also need exactly one ' +
    'of `value` or `externalValue`.',
  references: [
    'OpenAPI 3.1 Example Object and Media Type Object (https://spec.openapis.org/oas/v3.1.0#example-object)',
    'Spectral oas: oas3-valid-media-example, oas3-valid-schema-example, oas3-examples-value-or-externalValue, oas2-valid-media-example, oas2-valid-schema-example',
    'Redocly: no-invalid-media-type-examples, no-invalid-schema-examples, no-invalid-parameter-examples, no-example-value-and-externalValue',
  ],
  sources: [
    'spectral:oas2-valid-media-example',
    'spectral:oas2-valid-schema-example',
    'spectral:oas3-examples-value-or-externalValue',
    'spectral:oas3-valid-media-example',
    'spectral:oas3-valid-schema-example',
    'redocly:no-example-value-and-externalValue',
    'redocly:no-invalid-media-type-examples',
    'redocly:no-invalid-parameter-examples',
    'redocly:no-invalid-schema-examples',
  ],
  recommendation: 'Correct the example (or the schema, if the example shows what the API really returns).',
  fix: {
    description: 'Make the example match the schema.',
    language: 'yaml',
    snippet:
      'schema:\n  type: object\n  required: [id]\n  properties:\n    id: {type: integer}\nexample:\n  id: 42',
  },
  examples: {
    fail: {
      description: 'A string where the schema says integer, and an example missing a required property',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}, example: abc}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Order'}\n              example: {total: 3}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      required: [id]\n      properties:\n        id: {type: integer}\n        total: {type: number}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:7:73',
          messageId: 'mismatch',
          message: 'Example of GET /orders/{id} parameter id (openapi.yaml) must be integer',
        },
        {
          at: 'openapi.yaml:14:15',
          messageId: 'mismatch',
          message:
            "Example of GET /orders/{id} response 200 application/json (openapi.yaml) must have required property 'id'",
        },
      ],
    },
    pass: {
      description: 'Valid examples; a readOnly id may be omitted from a request example',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Order'}\n            examples:\n              small: {value: {total: 3}}\n      responses:\n        '201':\n          description: created\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Order'}\n              example: {id: 7, total: 3}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      required: [id]\n      properties:\n        id: {type: integer, readOnly: true, example: 7}\n        total: {type: number, nullable: true}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const { version, pointers } = doc.facts;
      // where and what are built only for a failing example: most of the 540 in the GitHub spec pass
      const validate = (
        schema: unknown,
        value: unknown,
        where: () => PathSegment[],
        what: () => string,
        direction?: 'request' | 'response',
      ) => {
        checked++;
        let err = validateExample(schema, value, { version, pointers, direction });
        let undeclared = false;
        if (!err && typeof value === 'object' && value !== null) {
          // valid, but with a property no schema on the way defines (a typo, or a field the schema lost)
          err = validateExample(schema, value, { version, pointers, direction, undeclaredProperties: true });
          undeclared = err !== undefined;
        }
        if (!err) return;
        const at = where();
        const args = {
          example: what(),
          file: doc.file,
          at: err.instancePath ? ` at ${err.instancePath}` : '',
          error: err.message,
          // the bad data lives where the $ref inside the example points: say so (and locate it too, below)
          viaRef: err.instanceRef
            ? ` (data taken from $ref ${err.instanceRef}; example values are literal, so reference whole Example Objects instead)`
            : '',
        };
        const draft = draftAt(doc, at, undeclared ? say.undeclaredProperty(args) : say.mismatch(args), {
          data: { instancePath: err.instancePath },
          ...(undeclared ? { severity: 'low' as const } : {}),
        });
        if (err.instanceRef) {
          const target = pointerToPath(err.instanceRef);
          draft.locations.push(doc.document.locate(target));
          draft.data = { ...draft.data, jsonPath: target, usedAt: at };
        }
        findings.push(draft);
      };
      for (const { path, node } of doc.facts.mediaExamples) {
        const direction = directionOf(path);
        if (node.example !== undefined)
          validate(
            node.schema,
            node.example,
            () => [...path, 'example'],
            () => `Example of ${describe(doc, path)}`,
            direction,
          );
        if (isObj(node.examples)) {
          for (const [name, raw] of Object.entries(node.examples)) {
            const ex = pointers.deref(raw);
            if (!isObj(ex) || 'externalValue' in ex || !('value' in ex)) continue;
            validate(
              node.schema,
              ex.value,
              () => [...path, 'examples', name, 'value'],
              () => `Example \`${name}\` of ${describe(doc, path)}`,
              direction,
            );
          }
        }
      }
      const keys = version === '2.0' ? ['example', 'x-example', 'default'] : ['example', 'default'];
      // The schema is checked as it stands: the validator reads no `example`/`default` keyword, and a 2.0
      // parameter's boolean `required` is not a schema `required` list.
      for (const { path, node } of doc.facts.schemaExamples) {
        for (const key of keys) {
          if (node[key] === undefined) continue;
          validate(
            node,
            node[key],
            () => [...path, key],
            () => `\`${key}\` of schema ${path.join('.')}`,
          );
        }
      }
      for (const { path, node } of doc.facts.oas2ResponseExamples) {
        for (const [mime, value] of Object.entries(node.examples as Obj)) {
          validate(
            node.schema,
            value,
            () => [...path, 'examples', mime],
            () => `Example of ${describe(doc, path)}`,
            'response',
          );
        }
      }
      for (const { path, node } of doc.facts.exampleObjects) {
        checked++;
        const hasValue = 'value' in node;
        const hasExternal = 'externalValue' in node;
        if (hasValue !== hasExternal) continue;
        findings.push(
          draftAt(
            doc,
            path,
            (hasValue ? say.valueAndExternalValue : say.neitherValueNorExternalValue)({
              path: path.join('.'),
              file: doc.file,
            }),
            {
              severity: 'low',
            },
          ),
        );
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? `All ${checked} examples match their schemas` : undefined,
    };
  },
};

function directionOf(path: PathSegment[]): 'request' | 'response' | undefined {
  if (path[0] === 'components')
    return path[1] === 'requestBodies' ? 'request' : path[1] === 'responses' ? 'response' : undefined;
  if (path[0] === 'paths') {
    if (path[3] === 'requestBody') return 'request';
    if (path[3] === 'responses') return 'response';
  }
  return undefined;
}

function describe(doc: OasDoc, path: PathSegment[]): string {
  const operationAt = path[0] === 'paths' || path[0] === 'webhooks' || path[0] === 'x-webhooks';
  if (operationAt && typeof path[2] === 'string') {
    const label = `${path[0] === 'paths' ? '' : 'webhook '}${path[2].toUpperCase()} ${String(path[1])}`;
    const rest = path.slice(3);
    if (rest[0] === 'responses')
      return `${label} response ${String(rest[1])}${rest[3] ? ` ${String(rest[3])}` : ''}`;
    if (rest[0] === 'requestBody') return `${label} request body${rest[2] ? ` ${String(rest[2])}` : ''}`;
    if (rest[0] === 'parameters') {
      const p = doc.facts.pointers.get(pathToPointer(path.slice(0, 5)));
      const param = doc.facts.pointers.deref(p);
      return `${label} parameter ${isObj(param) ? String(param.name) : rest[1]}`;
    }
    return `${label} ${rest.join('.')}`;
  }
  return path.join('.');
}
