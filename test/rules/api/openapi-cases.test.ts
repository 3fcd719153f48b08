/** Exact cases for the OpenAPI rules whose behaviour their two examples alone do not pin down. */
import { apiKeyInQuery } from '../../../src/rules/api/api-key-in-query.js';
import { errorSchemaConsistency } from '../../../src/rules/api/error-schema-consistency.js';
import { inputBounds } from '../../../src/rules/api/input-bounds.js';
import { rateLimitResponses } from '../../../src/rules/api/rate-limit-responses.js';
import { unusedComponent } from '../../../src/rules/api/unused-component.js';
import { oas, testRule } from '../../helpers/rule-cases.js';

const op = (method: string, responses: string, extra = '') =>
  `    ${method}:\n${extra}      responses:\n${responses}`;
const ok = "        '200': {description: ok}\n";

testRule(rateLimitResponses, [
  {
    name: 'no sign of rate limiting: nothing to ask for',
    files: { 'openapi.yaml': oas(`  /orders:\n${op('get', ok)}${op('post', ok)}`) },
    findings: [],
  },
  {
    name: 'a RateLimit header component is evidence; both operations lack 429',
    files: {
      'openapi.yaml': oas(
        `  /orders:\n${op('get', ok)}${op('post', ok)}`,
        '  headers:\n    RateLimit-Limit: {schema: {type: integer}}\n',
      ),
    },
    findings: [
      {
        at: 'openapi.yaml:5:5',
        messageId: 'undocumented429',
        message:
          'openapi.yaml is rate limited (header RateLimit-Limit) but 2 of 2 operations do not document 429: GET /orders, POST /orders',
        also: ['openapi.yaml:8:5'],
      },
    ],
  },
  {
    name: '429 on one operation is evidence; the other lacks it',
    files: {
      'openapi.yaml': oas(
        `  /orders:\n${op('get', `${ok}        '429': {description: slow}\n`)}${op('post', ok)}`,
      ),
    },
    findings: [
      {
        at: 'openapi.yaml:9:5',
        messageId: 'undocumented429',
        message:
          'openapi.yaml is rate limited (1 operations document 429) but 1 of 2 operations do not document 429: POST /orders',
      },
    ],
  },
  {
    name: '4XX or default covers 429',
    files: {
      'openapi.yaml': oas(
        `  /orders:\n${op('get', `${ok}        '429': {description: slow}\n`)}${op('post', `${ok}        4XX: {description: client error}\n`)}${op('put', `${ok}        default: {description: error}\n`)}`,
      ),
    },
    findings: [],
  },
]);

testRule(apiKeyInQuery, [
  {
    name: 'an API key in a header is fine',
    files: {
      'openapi.yaml': oas(
        `  /orders:\n${op('get', ok)}`,
        '  securitySchemes:\n    key: {type: apiKey, in: header, name: X-API-Key}\n',
      ),
    },
    findings: [],
  },
  {
    name: 'credential-named query parameters are reported, ordinary ones are not',
    files: {
      'openapi.yaml': oas(
        `  /orders:\n${op('get', ok, '      parameters:\n        - {name: page, in: query, schema: {type: integer}}\n        - {name: access_token, in: query, schema: {type: string}}\n        - {name: token_type, in: query, schema: {type: string}}\n')}`,
      ),
    },
    findings: [
      {
        at: 'openapi.yaml:8:11',
        messageId: 'credentialParameter',
        message: 'GET /orders (openapi.yaml) takes credential `access_token` as a query parameter',
      },
    ],
  },
  {
    name: 'a credential written into the path key',
    files: {
      'openapi.yaml': oas(`  /orders?api_key={key}:\n${op('get', ok)}  /items?page=1:\n${op('get', ok)}`),
    },
    findings: [
      {
        at: 'openapi.yaml:4:3',
        messageId: 'credentialInPathKey',
        message: 'Path /orders?api_key={key} (openapi.yaml) carries credential `api_key` in its query string',
      },
    ],
  },
]);

const errorBody = (schema: string) =>
  `          description: error\n          content:\n            application/json:\n              schema: ${schema}\n`;

testRule(errorSchemaConsistency, [
  {
    name: 'every error shares one Problem schema',
    files: {
      'openapi.yaml': oas(
        `  /orders:\n${op('get', `${ok}        '404':\n${errorBody("{$ref: '#/components/schemas/Problem'}")}        '500':\n${errorBody("{$ref: '#/components/schemas/Problem'}")}`)}`,
        '  schemas:\n    Problem: {type: object, properties: {title: {type: string}}}\n',
      ),
    },
    findings: [],
  },
  {
    name: 'two shapes are tolerated (e.g. a Problem and a validation error)',
    files: {
      'openapi.yaml': oas(
        `  /orders:\n${op('get', `${ok}        '400':\n${errorBody('{type: object, properties: {errors: {type: array}}}')}        '500':\n${errorBody("{$ref: '#/components/schemas/Problem'}")}`)}`,
        '  schemas:\n    Problem: {type: object, properties: {title: {type: string}}}\n',
      ),
    },
    findings: [],
  },
  {
    name: 'three shapes are reported at the second most used, with the others as evidence',
    files: {
      'openapi.yaml': oas(
        `  /orders:\n${op('get', `${ok}        '400':\n${errorBody('{type: object, properties: {errors: {type: array}}}')}        '404':\n${errorBody("{$ref: '#/components/schemas/Problem'}")}        '500':\n${errorBody("{$ref: '#/components/schemas/Problem'}")}`)}${op('post', `${ok}        '409':\n${errorBody('{type: object, properties: {message: {type: string}}}')}`)}`,
        '  schemas:\n    Problem: {type: object, properties: {title: {type: string}}}\n',
      ),
    },
    findings: [
      {
        at: 'openapi.yaml:12:15',
        messageId: 'manyErrorSchemas',
        message:
          'Error responses of openapi.yaml use 3 different body schemas: Problem (2), an inline schema {errors} (1), an inline schema {message} (1)',
        also: ['openapi.yaml:30:15'],
      },
    ],
  },
]);

const withBody = (schema: string) =>
  oas(
    `  /orders:\n${op('post', ok, `      requestBody:\n        content:\n          application/json:\n            schema: ${schema}\n`)}`,
  );

testRule(inputBounds, [
  {
    name: 'an operation without a body takes no unbounded input (query values are capped by URL limits)',
    files: {
      'openapi.yaml': oas(
        `  /orders:\n${op('get', ok, '      parameters:\n        - {name: q, in: query, schema: {type: string}}\n')}`,
      ),
    },
    findings: [],
  },
  {
    name: 'maxLength, enum, bounded formats, anchored fixed patterns and readOnly fields are bounded',
    files: {
      'openapi.yaml': withBody(
        "{type: object, properties: {a: {type: string, maxLength: 9}, b: {type: string, enum: [x, y]}, c: {type: string, format: uuid}, d: {type: string, pattern: '^[A-Z]{3}$'}, e: {type: string, readOnly: true}, f: {type: array, maxItems: 3, items: {type: string, maxLength: 4}}}}",
      ),
    },
    findings: [],
  },
  {
    name: 'a free string and an array without maxItems are reported by path',
    files: {
      'openapi.yaml': withBody(
        '{type: object, properties: {note: {type: string}, tags: {type: array, items: {type: string, maxLength: 8}}, n: {type: integer}}}',
      ),
    },
    findings: [
      {
        at: 'openapi.yaml:6:7',
        messageId: 'unboundedInputs',
        message: 'POST /orders (openapi.yaml) accepts 2 unbounded inputs: body.note, body.tags[]',
      },
    ],
  },
]);

testRule(unusedComponent, [
  {
    name: 'a component another API document references by file and fragment is used',
    files: {
      'orders.yaml': oas(
        "  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'shared.yaml#/components/schemas/Order'}\n",
      ),
      'shared.yaml': oas('  {}\n', '  schemas:\n    Order: {type: object}\n    Invoice: {type: object}\n'),
    },
    findings: [
      {
        at: 'shared.yaml:8:5',
        messageId: 'unreferenced',
        message: 'components.schemas.Invoice (shared.yaml) is never referenced',
      },
    ],
  },
]);
