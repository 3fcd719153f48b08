import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/diff-contracts.js';
import { discoverFiles } from '../../src/discover/index.js';

function diff(file: string, base: string, head: string) {
  const side = (text: string) => discoverFiles([{ path: file, text, bytes: text.length }]);
  return diffContracts(side(base), side(head));
}

const kinds = (d: ReturnType<typeof diff>) => d.changes.map((c) => [c.kind, c.severity, c.message]);

const oas = (body: string, response: string, version = '3.0.3') => `openapi: ${version}
info: {title: T, version: '1'}
paths:
  /things:
    post:
      requestBody:
        content:
          application/json:
            schema:
${body}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
${response.replace(/^/gm, '  ')}
`;

describe('diffContracts: schema roots and less common shapes', () => {
  it('request and response bodies changing type at the root', () => {
    const d = diff(
      'api.yaml',
      oas('              type: object', '              type: array\n              items: {type: string}'),
      oas('              type: array', '              type: object'),
    );
    expect(kinds(d)).toEqual([
      [
        'openapi/request-body-type-changed',
        'breaking',
        'POST /things: request body changed type from object to array',
      ],
      [
        'openapi/response-body-type-changed',
        'breaking',
        'POST /things: response 200 changed type from array to object',
      ],
    ]);
    expect(d.changes[0]!.base).toEqual({ file: 'api.yaml', line: 9 });
  });

  it('response body enum value added; request property retyped and removed', () => {
    const req = (extra: string) =>
      `              type: object\n              properties:\n                n: {type: ${extra}}\n                gone: {type: string}`;
    const d = diff(
      'api.yaml',
      oas(req('integer'), '              type: string\n              enum: [a]'),
      oas(
        '              type: object\n              properties:\n                n: {type: string}',
        '              type: string\n              enum: [a, b]',
      ),
    );
    expect(kinds(d)).toEqual([
      [
        'openapi/request-property-type-changed',
        'breaking',
        'POST /things: request body property `n` changed type from integer to string',
      ],
      [
        'openapi/request-property-removed',
        'warning',
        'POST /things: request body property `gone` was removed (clients still sending it may be rejected or ignored)',
      ],
      [
        'openapi/response-body-enum-value-added',
        'warning',
        'POST /things: response 200 may now return enum value "b" (clients may not handle it)',
      ],
    ]);
  });

  it('3.1 type lists: adding null is not a type change; nullable in 3.0 neither', () => {
    const d31 = diff(
      'api.yaml',
      oas('              type: string', '              type: string', '3.1.0'),
      oas('              type: [string, "null"]', '              type: [string, "null"]', '3.1.0'),
    );
    expect(d31.changes).toEqual([]);
    const d30 = diff(
      'api.yaml',
      oas('              type: string', '              type: string'),
      oas(
        '              type: string\n              nullable: true',
        '              type: string\n              nullable: true',
      ),
    );
    expect(d30.changes).toEqual([]);
  });

  it('a self-referencing allOf and a ref cycle between two schemas terminate', () => {
    const doc = (extra: string) => `openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
components:
  schemas:
    A:
      allOf:
        - $ref: '#/components/schemas/A'
        - type: object
          properties:
            b: {$ref: '#/components/schemas/B'}${extra}
    B:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
`;
    const d = diff('api.yaml', doc('\n            x: {type: string}'), doc(''));
    expect(kinds(d)).toEqual([
      ['openapi/response-property-removed', 'breaking', 'GET /a: response 200 property `x` was removed'],
    ]);
  });

  it('the same API converted from Swagger 2.0 to OpenAPI 3.0 has no changes', () => {
    const v2 = JSON.stringify({
      swagger: '2.0',
      info: { title: 'Conv', version: '1' },
      paths: {
        '/items/{id}': {
          put: {
            consumes: ['application/json'],
            produces: ['application/json'],
            parameters: [
              { name: 'id', in: 'path', required: true, type: 'string' },
              { name: 'dry', in: 'query', type: 'boolean' },
              { name: 'item', in: 'body', required: true, schema: { $ref: '#/definitions/Item' } },
            ],
            responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Item' } } },
          },
        },
      },
      definitions: { Item: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
    });
    const v3 = `openapi: 3.0.3
info: {title: Conv, version: '1'}
paths:
  /items/{id}:
    put:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: dry, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
components:
  schemas:
    Item: {type: object, required: [name], properties: {name: {type: string}}}
`;
    const side = (file: string, text: string) => discoverFiles([{ path: file, text, bytes: text.length }]);
    expect(diffContracts(side('api.json', v2), side('api.yaml', v3)).changes.map((c) => c.kind)).toEqual([
      'openapi/api-moved',
    ]);
  });
});

describe('diffContracts: protobuf details', () => {
  const proto = (body: string) => `syntax = "proto3";\npackage p.v1;\n${body}\n`;

  it('enum value renumbered, enum removed, service added', () => {
    const d = diff(
      'a.proto',
      proto(
        'enum Color { COLOR_UNSPECIFIED = 0; RED = 1; }\nenum Size { SIZE_UNSPECIFIED = 0; }\nmessage M { Color c = 1; }',
      ),
      proto(
        'enum Color { COLOR_UNSPECIFIED = 0; RED = 2; }\nmessage M { Color c = 1; }\nservice S { rpc Get(M) returns (M); }',
      ),
    );
    expect(kinds(d)).toEqual([
      ['proto/enum-removed', 'breaking', 'enum p.v1.Size was removed'],
      ['proto/enum-value-number-changed', 'breaking', 'enum value p.v1.Color.RED changed number from 1 to 2'],
      ['proto/service-added', 'info', 'service p.v1.S was added'],
    ]);
    expect(d.changes[1]!.base).toEqual({ file: 'a.proto', line: 3 });
  });

  it('a repeated field made singular is a type change; a field removed with its number reserved is not reported', () => {
    const d = diff(
      'a.proto',
      proto('message M {\n  repeated string tags = 1;\n  string old = 2;\n}'),
      proto('message M {\n  reserved 2;\n  string tags = 1;\n}'),
    );
    expect(kinds(d)).toEqual([
      [
        'proto/field-type-changed',
        'breaking',
        'field p.v1.M.tags (1) changed type from repeated string to string',
      ],
    ]);
    expect(d.changes[0]!.base).toEqual({ file: 'a.proto', line: 4 });
    expect(d.changes[0]!.head).toEqual({ file: 'a.proto', line: 5 });
  });

  it('a proto file moved to another path pairs by fully-qualified names', () => {
    const text = proto('service S { rpc Get(M) returns (M); }\nmessage M { string a = 1; }');
    const side = (file: string) => discoverFiles([{ path: file, text, bytes: text.length }]);
    expect(diffContracts(side('old/a.proto'), side('new/a.proto')).changes).toEqual([]);
  });

  it('two files declaring the same names (a vendored copy, a fixture) pair by file, never across files', () => {
    const a = proto(
      'service S { rpc Get(M) returns (M); rpc Put(M) returns (M); }\nmessage M { string a = 1; }',
    );
    const b = proto('service S { rpc Get(M) returns (M); }\nmessage M { int64 a = 1; }');
    const side = (bText: string) =>
      discoverFiles([
        { path: 'a/x.proto', text: a, bytes: a.length },
        { path: 'b/x.proto', text: bText, bytes: bText.length },
      ]);
    expect(diffContracts(side(b), side(b)).changes).toEqual([]);
    const changed = diffContracts(side(b), side(b.replace('int64 a = 1', 'int32 a = 1')));
    expect(changed.changes.map((c) => [c.kind, c.api.file, c.message])).toEqual([
      ['proto/field-type-changed', 'b/x.proto', 'field p.v1.M.a (1) changed type from int64 to int32'],
    ]);
  });
});
