/** api/openapi-structure: the document against the OpenAPI 2.0, 3.0 and 3.1 object models. */
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/index.js';
import { runRules } from '../../../src/review/engine.js';
import { apiRules } from '../../../src/rules/api/index.js';
import { checkStructure, closest, MAX_DEPTH } from '../../../src/rules/api/lib/openapi-structure-walk.js';
import { oas2Tree } from '../../../src/rules/api/lib/openapi-types-oas2.js';
import { oas3Tree } from '../../../src/rules/api/lib/openapi-types-oas3.js';

const rule = apiRules.find((r) => r.id === 'api/openapi-structure')!;

function review(text: string, file = 'openapi.yaml') {
  const discovery = discoverFiles([{ path: file, text, bytes: text.length }], '.');
  return runRules(discovery, { rules: {} }, [rule])
    .findings.map((f) => ({
      messageId: f.messageId,
      message: f.message,
      line: f.locations[0]!.line,
      severity: f.severity,
      path: ((f.data?.jsonPath ?? []) as (string | number)[]).join('.'),
    }))
    .sort((a, b) => a.line - b.line);
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('OpenAPI 3.0', () => {
  it('reports misspelt fields with a suggestion, at the line of the key', () => {
    const found = review(
      lines(
        'openapi: 3.0.3', //                                   1
        "info: {title: Orders, version: '1'}", //              2
        'paths:', //                                           3
        '  /orders:', //                                       4
        '    get:', //                                         5
        '      respones:', //                                  6
        "        '200': {description: ok}", //                7
        'components:', //                                     8
        '  schemas:', //                                       9
        '    Order:', //                                       10
        '      type: object', //                               11
        '      requried: [id]', //                             12
        '      properties: {id: {type: integer}}', //          13
      ),
    );
    expect(found).toEqual([
      {
        messageId: 'typo',
        message:
          '`respones` in the Operation object at paths./orders.get (openapi.yaml) is not an OpenAPI 3.0 field: did you mean `responses`?',
        line: 6,
        severity: 'medium',
        path: 'paths./orders.get.respones',
      },
      {
        messageId: 'typo',
        message:
          '`requried` in the Schema object at components.schemas.Order (openapi.yaml) is not an OpenAPI 3.0 field: did you mean `required`?',
        line: 12,
        severity: 'medium',
        path: 'components.schemas.Order.requried',
      },
    ]);
  });

  it('reports missing required fields where the object is, and leaves covered ones to their rules', () => {
    const found = review(
      lines(
        'openapi: 3.0.3', //                                       1
        'info:', //                                                2
        '  title: Orders', //                                      3
        'paths:', //                                               4
        '  /orders/{id}:', //                                      5
        '    get:', //                                             6
        '      parameters:', //                                    7
        '        - {name: id, in: path, schema: {type: string}}', // 8  (required: true is api/path-parameters)
        '        - {in: query, schema: {type: string}}', //         9
        '        - {name: q, in: query}', //                       10
        '      responses:', //                                     11
        "        '200':", //                                       12
        '          content: {application/json: {schema: {type: object}}}', // 13
        '    delete: {}', //                                       14 (no responses is api/operation-success-response)
      ),
    );
    expect(found.map((f) => [f.line, f.messageId, f.message])).toEqual([
      [2, 'missingField', 'The Info object at info (openapi.yaml) lacks the required `version`'],
      [
        9,
        'missingField',
        'The Parameter object at paths./orders/{id}.get.parameters.1 (openapi.yaml) lacks the required `name`',
      ],
      [
        10,
        'neitherOf',
        'The Parameter object at paths./orders/{id}.get.parameters.2 (openapi.yaml) has neither `schema` nor `content`: exactly one is required',
      ],
      [
        12,
        'missingField',
        'The Response object at paths./orders/{id}.get.responses.200 (openapi.yaml) lacks the required `description`',
      ],
    ]);
  });

  it('reports values of the wrong kind or outside their enum, and does not descend into a wrong object', () => {
    const found = review(
      lines(
        'openapi: 3.0.3', //                                                   1
        'info: {title: Orders, version: 1.0}', //                               2
        'paths:', //                                                           3
        '  /orders:', //                                                       4
        '    post:', //                                                        5
        '      tags: orders', //                                               6
        '      parameters:', //                                                7
        '        - {name: order, in: body, schema: {type: object}}', //         8
        '        - {name: ids, in: query, style: simple, schema: {type: array, items: {type: string}}}', // 9
        "      responses: {'201': {description: created}}", //                  10
        'components:', //                                                      11
        '  schemas:', //                                                       12
        '    Order:', //                                                       13
        '      type: object', //                                               14
        '      properties:', //                                                15
        '        placed: {type: date}', //                                     16
        "        note: {type: [string, 'null']}", //                           17
        '        total: {type: number, required: true}', //                    18
        '    Broken: [not, a, schema]', //                                     19
      ),
    );
    expect(found.map((f) => [f.line, f.severity, f.message])).toEqual([
      [
        2,
        'low',
        '`version` of the Info object at info (openapi.yaml) must be a string, not the number 1 (YAML reads unquoted numbers and yes/no as numbers and booleans: quote it)',
      ],
      [
        6,
        'medium',
        '`tags` of the Operation object at paths./orders.post (openapi.yaml) must be an array of strings, not the string "orders"',
      ],
      [
        8,
        'medium',
        '`in` of the Parameter object at paths./orders.post.parameters.0 (openapi.yaml) is "body", not one of path, query, header, cookie: `in: body` is Swagger 2.0: OpenAPI 3 sends the body as the operation\'s `requestBody`',
      ],
      [
        9,
        'medium',
        '`style` of the Parameter object at paths./orders.post.parameters.1 (openapi.yaml) is "simple", not one of form, spaceDelimited, pipeDelimited, deepObject',
      ],
      [
        16,
        'medium',
        '`type` of the Schema object at components.schemas.Order.properties.placed (openapi.yaml) is "date", not one of array, boolean, integer, number, object, string',
      ],
      [
        17,
        'medium',
        '`type` of the Schema object at components.schemas.Order.properties.note (openapi.yaml) must be one of array, boolean, integer, number, object, string, not an array: a list of types needs OpenAPI 3.1; in 3.0 write one type, with `nullable: true` for null',
      ],
      [
        18,
        'medium',
        '`required` of the Schema object at components.schemas.Order.properties.total (openapi.yaml) must be an array of strings, not `true`: `required` of a Schema lists the required property names on the object schema, not `true` on the property',
      ],
      [
        19,
        'medium',
        'An entry of `schemas` at components.schemas.Broken (openapi.yaml) must be a Schema object or a $ref, not an array',
      ],
    ]);
  });

  it('suggests the enum value a misspelt one is closest to', () => {
    const found = review(
      "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: String}\n    B: {type: strng}\n",
    );
    expect(found.map((f) => f.message)).toEqual([
      '`type` of the Schema object at components.schemas.A (openapi.yaml) is "String", not one of array, boolean, integer, number, object, string (did you mean `string`?)',
      '`type` of the Schema object at components.schemas.B (openapi.yaml) is "strng", not one of array, boolean, integer, number, object, string (did you mean `string`?)',
    ]);
  });

  it('accepts a complete valid document with extensions everywhere the spec allows them', () => {
    const found = review(
      lines(
        'openapi: 3.0.3',
        'info:',
        '  title: Orders',
        "  version: '1.2'",
        '  x-audience: internal',
        '  contact: {name: Orders team, email: orders@example.com, x-slack: "#orders"}',
        '  license: {name: MIT, url: https://spdx.org/licenses/MIT}',
        'servers:',
        '  - url: https://{env}.example.com/v1',
        '    variables: {env: {default: api, enum: [api, sandbox]}}',
        'tags: [{name: orders, description: Orders, x-displayName: Orders}]',
        'x-tagGroups: [{name: All, tags: [orders]}]',
        'security: [{oauth: [orders:read]}]',
        'paths:',
        '  x-paths-note: anything',
        '  /orders/{id}:',
        '    parameters: [{$ref: "#/components/parameters/Id"}]',
        '    get:',
        '      operationId: getOrder',
        '      tags: [orders]',
        '      x-codegen: {name: get}',
        '      responses:',
        "        '200':",
        '          description: The order',
        '          headers: {X-Rate-Limit: {schema: {type: integer}}}',
        '          content:',
        '            application/json:',
        "              schema: {$ref: '#/components/schemas/Order'}",
        '              examples: {one: {value: {anything: [1, {respones: not checked}]}}}',
        '          links: {self: {operationId: getOrder, parameters: {id: $response.body#/id}}}',
        "        4XX: {$ref: '#/components/responses/Problem'}",
        '        default: {description: Error}',
        '        x-note: extension',
        '      callbacks:',
        '        shipped:',
        "          '{$request.body#/callbackUrl}':",
        '            post:',
        '              requestBody: {content: {application/json: {schema: {type: object}}}}',
        "              responses: {'204': {description: ok}}",
        'components:',
        '  schemas:',
        '    x-not-an-extension-but-a-name: {type: string}',
        '    Order:',
        '      type: object',
        '      required: [id]',
        '      discriminator: {propertyName: kind, mapping: {a: "#/components/schemas/Order"}}',
        '      properties:',
        '        id: {type: string, format: uuid, readOnly: true, example: {requried: "example values are data"}}',
        '        kind: {type: string, enum: [a, b], default: a, nullable: true}',
        '        total: {type: number, minimum: 0, exclusiveMinimum: true, x-unit: EUR}',
        '        tags: {type: array, items: {type: string}, uniqueItems: true, xml: {wrapped: true}}',
        '        extra: {type: object, additionalProperties: {type: string}}',
        '        any: {}',
        '        either: {oneOf: [{type: string}, {$ref: "#/components/schemas/Order"}], not: {type: boolean}}',
        '  parameters:',
        '    Id: {name: id, in: path, required: true, schema: {type: string}, style: simple}',
        '  responses:',
        '    Problem: {description: Problem, content: {application/problem+json: {schema: {type: object}}}}',
        '  securitySchemes:',
        '    oauth:',
        '      type: oauth2',
        '      flows:',
        '        authorizationCode:',
        '          authorizationUrl: https://example.com/auth',
        '          tokenUrl: https://example.com/token',
        "          scopes: {'orders:read': Read orders}",
        '    key: {type: apiKey, name: X-Key, in: header}',
        '    basic: {type: http, scheme: basic}',
      ),
    );
    expect(found).toEqual([]);
  });

  it('groups one repeated slip into one finding that lists the other places', () => {
    const found = review(
      "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string, descripton: a}\n    B: {type: string, descripton: b}\n    C: {type: string, descripton: c}\n",
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe(
      '`descripton` in the Schema object at components.schemas.A (openapi.yaml) is not an OpenAPI 3.0 field: did you mean `description`? (the same in 2 more places: components.schemas.B.descripton, components.schemas.C.descripton)',
    );
  });

  it('reports a field unknown to the spec and close to none as low, pointing at x- extensions', () => {
    const found = review(
      "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      owner: team-a\n      responses: {'200': {description: ok}}\n",
    );
    expect(found).toEqual([
      {
        messageId: 'unknownField',
        message:
          '`owner` in the Operation object at paths./a.get (openapi.yaml) is not an OpenAPI 3.0 field; custom data belongs in an `x-` extension',
        line: 6,
        severity: 'low',
        path: 'paths./a.get.owner',
      },
    ]);
  });
});

describe('Swagger 2.0', () => {
  it('accepts a valid Swagger 2.0 document (petstore with body, formData, headers, security)', () => {
    const doc = {
      swagger: '2.0',
      info: { title: 'Petstore', version: '1.0.0', license: { name: 'MIT' }, 'x-logo': { url: 'x' } },
      host: 'petstore.example.com',
      basePath: '/v1',
      schemes: ['https'],
      consumes: ['application/json'],
      produces: ['application/json'],
      securityDefinitions: {
        key: { type: 'apiKey', name: 'api_key', in: 'header' },
        oauth: {
          type: 'oauth2',
          flow: 'implicit',
          authorizationUrl: 'https://example.com/auth',
          scopes: { 'write:pets': 'modify pets' },
        },
        basic: { type: 'basic' },
      },
      security: [{ key: [] }],
      paths: {
        '/pets': {
          get: {
            operationId: 'listPets',
            tags: ['pets'],
            parameters: [
              { name: 'limit', in: 'query', type: 'integer', format: 'int32', maximum: 100, 'x-example': 5 },
              {
                name: 'tags',
                in: 'query',
                type: 'array',
                items: { type: 'string' },
                collectionFormat: 'multi',
              },
              { $ref: '#/parameters/Trace' },
            ],
            responses: {
              200: {
                description: 'pets',
                headers: { 'X-Next': { type: 'string', description: 'next page' } },
                schema: { type: 'array', items: { $ref: '#/definitions/Pet' } },
                examples: { 'application/json': [{ id: 1, respones: 'data, not checked' }] },
              },
              default: { $ref: '#/responses/Error' },
            },
          },
          post: {
            parameters: [{ name: 'pet', in: 'body', required: true, schema: { $ref: '#/definitions/Pet' } }],
            responses: { 201: { description: 'created' } },
            security: [{ oauth: ['write:pets'] }],
          },
        },
        '/pets/{id}/photo': {
          parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
          put: {
            consumes: ['multipart/form-data'],
            parameters: [{ name: 'file', in: 'formData', type: 'file', required: true }],
            responses: { 204: { description: 'stored' } },
          },
        },
      },
      parameters: { Trace: { name: 'X-Trace', in: 'header', type: 'string' } },
      responses: { Error: { description: 'error', schema: { type: 'object', 'x-nullable': true } } },
      definitions: {
        Pet: {
          type: 'object',
          required: ['id'],
          discriminator: 'kind',
          properties: {
            id: { type: 'integer', format: 'int64', readOnly: true },
            kind: { type: 'string', enum: ['cat', 'dog'] },
            tags: { type: 'array', items: { type: 'string' }, example: ['a'] },
            meta: { type: 'object', additionalProperties: true },
          },
          allOf: [{ $ref: '#/definitions/Base' }],
        },
        Base: { type: 'object', 'x-nullable': true, xml: { name: 'base' } },
      },
    };
    expect(review(JSON.stringify(doc, null, 2), 'swagger.json')).toEqual([]);
  });

  it('reports a list of types, which Swagger 2.0 does not have (as Redocly does), once per slip', () => {
    const doc = {
      swagger: '2.0',
      info: { title: 'T', version: '1' },
      paths: {},
      definitions: {
        A: {
          type: 'object',
          properties: { name: { type: ['string', 'null'] }, n: { type: ['integer', 'null'] } },
        },
      },
    };
    const found = review(JSON.stringify(doc, null, 2), 'swagger.json');
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe('definitions.A.properties.name.type');
    expect(found[0]?.message).toContain('a list of types is not Swagger 2.0');
    expect(found[0]?.message).toContain('the same in 1 more place');
  });

  it('reports typos, missing types, OpenAPI 3 fields and 3.x-only values in a 2.0 document', () => {
    const found = review(
      lines(
        "swagger: '2.0'", //                                                     1
        "info: {title: T, version: '1'}", //                                      2
        'paths:', //                                                             3
        '  /a:', //                                                              4
        '    get:', //                                                           5
        '      parameters:', //                                                  6
        '        - {name: q, in: query}', //                                     7
        '        - {name: c, in: cookie, type: string}', //                      8
        '        - {name: b, in: body, schema: {type: object}, example: {}}', // 9
        "      responses: {'200': {description: ok}}", //                        10
        'definitons:', //                                                        11
        '  A: {type: object}', //                                                12
        'definitions:', //                                                       13
        '  B: {anyOf: [{type: string}, {type: integer}]}', //                    14
      ),
    );
    expect(found.map((f) => [f.line, f.severity, f.message])).toEqual([
      [
        7,
        'medium',
        'The Parameter object at paths./a.get.parameters.0 (openapi.yaml) lacks the required `type`',
      ],
      [
        8,
        'medium',
        '`in` of the Parameter object at paths./a.get.parameters.1 (openapi.yaml) is "cookie", not one of body, query, header, path, formData: cookie parameters need OpenAPI 3',
      ],
      [
        9,
        'low',
        '`example` in the Parameter object at paths./a.get.parameters.2 (openapi.yaml) is not a Swagger 2.0 field: `example` on a parameter is OpenAPI 3; Swagger 2.0 tools read the `x-example` extension',
      ],
      [
        11,
        'medium',
        '`definitons` in the Swagger object at the document root (openapi.yaml) is not a Swagger 2.0 field: did you mean `definitions`?',
      ],
      [
        14,
        'low',
        '`anyOf` in the Schema object at definitions.B (openapi.yaml) is not a Swagger 2.0 field: `anyOf` is not part of Swagger 2.0 schemas (it arrived with OpenAPI 3.0)',
      ],
    ]);
  });
});

describe('OpenAPI 3.1', () => {
  it('accepts 3.1 additions and JSON Schema 2020-12 keywords, including custom ones', () => {
    const found = review(
      lines(
        'openapi: 3.1.0',
        'jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base',
        'info: {title: T, summary: Short, version: "1", license: {name: Apache 2.0, identifier: Apache-2.0}}',
        'webhooks:',
        '  orderShipped:',
        '    post:',
        "      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}",
        "      responses: {'200': {description: ok}}",
        'components:',
        '  pathItems:',
        "    Ping: {get: {responses: {'200': {description: pong}}}}",
        '  securitySchemes:',
        '    mtls: {type: mutualTLS}',
        '  schemas:',
        '    Order:',
        "      $ref: '#/components/schemas/Base'",
        '      description: siblings of $ref are fine in 3.1',
        "      type: [object, 'null']",
        '      $defs: {Id: {type: string}}',
        '      properties:',
        '        total: {type: number, exclusiveMinimum: 0}',
        '        tags: {type: array, prefixItems: [{type: string}], items: false}',
        '        note: {examples: [a, b], const: x}',
        '      unevaluatedProperties: false',
        '      x-internal: true',
        '      myVocabularyKeyword: {anything: 1}',
        '    Base: true',
      ),
    );
    expect(found).toEqual([]);
  });

  it('reports nullable (removed in 3.1), numeric exclusive bounds given as booleans and keyword typos', () => {
    const found = review(
      lines(
        'openapi: 3.1.0',
        "info: {title: T, version: '1'}",
        'components:',
        '  schemas:',
        '    Order:',
        '      type: object',
        '      properties:',
        '        note: {type: string, nullable: true}',
        '        total: {type: number, minimum: 0, exclusiveMinimum: true}',
        '        id: {type: string, descripton: The id}',
      ),
    );
    expect(found.map((f) => [f.line, f.severity, f.message])).toEqual([
      [
        8,
        'medium',
        "`nullable` in the Schema object at components.schemas.Order.properties.note (openapi.yaml) is not an OpenAPI 3.1 field: `nullable` was removed in OpenAPI 3.1 and is ignored there, so null is rejected: write `type: [<type>, 'null']`",
      ],
      [
        9,
        'medium',
        '`exclusiveMinimum` of the Schema object at components.schemas.Order.properties.total (openapi.yaml) must be a number, not `true`: in OpenAPI 3.1 (JSON Schema 2020-12) `exclusiveMinimum` is the bound itself, a number',
      ],
      [
        10,
        'medium',
        '`descripton` in the Schema object at components.schemas.Order.properties.id (openapi.yaml) is not an OpenAPI 3.1 field: did you mean `description`?',
      ],
    ]);
  });
});

describe('the walker', () => {
  it('survives a schema nested far deeper than any real document, reporting once where it stopped', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 100_000; i++) schema = { type: 'object', properties: { child: schema } };
    const doc = {
      openapi: '3.0.3',
      info: { title: 'T', version: '1' },
      paths: {},
      components: { schemas: { Deep: schema } },
    };
    const problems = checkStructure(doc, oas3Tree('3.0'));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('too-deep');
    expect(problems[0]!.path.length).toBe(MAX_DEPTH);
  });

  it('walks a very wide schema tree in one pass and stops at cycles of shared (YAML alias) nodes', () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 50_000; i++) properties[`p${i}`] = { type: 'string', maxLength: 10 };
    const wide = {
      openapi: '3.0.3',
      info: { title: 'T', version: '1' },
      paths: {},
      components: { schemas: { W: { type: 'object', properties } } },
    };
    const started = performance.now();
    expect(checkStructure(wide, oas3Tree('3.0'))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);

    const node: Record<string, unknown> = { type: 'object', properties: {} };
    (node.properties as Record<string, unknown>).self = node;
    const cyclic = {
      openapi: '3.1.0',
      info: { title: 'T', version: '1' },
      components: { schemas: { N: node } },
    };
    expect(checkStructure(cyclic, oas3Tree('3.1'), { shared: true })).toEqual([]);
  });

  it('checks a Reference Object only as a reference', () => {
    const doc = {
      swagger: '2.0',
      info: { title: 'T', version: '1' },
      paths: { '/a': { get: { responses: { 200: { $ref: 42 } } } } },
    };
    expect(checkStructure(doc, oas2Tree()).map((p) => [p.code, p.path.join('.')])).toEqual([
      ['wrong-kind', 'paths./a.get.responses.200.$ref'],
    ]);
  });

  it('suggests only close, unambiguous names', () => {
    expect(closest('respones', ['responses', 'requestBody'])).toBe('responses');
    expect(closest('operationID', ['operationId'])).toBe('operationId');
    expect(closest('owner', ['operationId', 'responses'])).toBeUndefined();
    expect(closest('in', ['id'])).toBeUndefined();
  });
});
