import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/diff-contracts.js';
import { discoverFiles } from '../../src/discover/index.js';

const spec = (paths: string, schemas: string) =>
  `openapi: 3.1.0\ninfo: {title: Shop, version: '1'}\npaths:\n${paths}components:\n  schemas:\n${schemas}`;
const diff = (base: string, head: string) =>
  diffContracts(
    discoverFiles([{ path: 'openapi.yaml', text: base, bytes: base.length }], 'base'),
    discoverFiles([{ path: 'openapi.yaml', text: head, bytes: head.length }], 'head'),
  ).changes.map((c) => `${c.severity} ${c.kind} | ${c.element} | ${c.message}`);

const getOrder = (schema: string) =>
  `  /orders/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: ${schema}\n`;
const order = (owner: string) =>
  `    Order:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        owner:\n          anyOf: [{$ref: '#/components/schemas/Owner'}, {type: 'null'}]\n    Owner:\n      type: object\n      properties:\n${owner}`;

describe('diff descends into anyOf/oneOf', () => {
  it('a nullable wrapper (anyOf [$ref, null]) hides no change of what it wraps', () => {
    const base = spec(
      getOrder("{$ref: '#/components/schemas/Order'}"),
      order('        name: {type: string}\n        email: {type: string}\n'),
    );
    const head = spec(
      getOrder("{$ref: '#/components/schemas/Order'}"),
      order('        name: {type: string}\n'),
    );
    expect(diff(base, head)).toEqual([
      'breaking openapi/response-property-removed | GET /orders/{id} | GET /orders/{id}: response 200 property `owner.email` was removed',
    ]);
    expect(diff(base, base)).toEqual([]);
  });

  it('a response that became a union is a warning about the new shape, not removed properties', () => {
    const schemas =
      '    Order:\n      type: object\n      properties:\n        id: {type: string}\n        total: {type: integer}\n    Quote:\n      type: object\n      properties:\n        quoteId: {type: string}\n        expires: {type: string}\n';
    const base = spec(getOrder("{$ref: '#/components/schemas/Order'}"), schemas);
    const head = spec(
      getOrder(
        "\n                oneOf: [{$ref: '#/components/schemas/Order'}, {$ref: '#/components/schemas/Quote'}]",
      ),
      schemas,
    );
    expect(diff(base, head)).toEqual([
      'warning openapi/response-body-union-branch-added | GET /orders/{id} | GET /orders/{id}: response 200 may now return another shape (Quote; clients may not handle it)',
    ]);
  });

  it('request unions: a removed alternative breaks, and changes inside a kept one are found (matched by shape)', () => {
    const pay = (branches: string) =>
      `  /payments:\n    post:\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              oneOf:\n${branches}      responses:\n        '201': {description: created}\n`;
    const card = (required: string) =>
      `                - type: object\n                  required: [${required}]\n                  properties:\n                    number: {type: string}\n                    cvc: {type: string}\n`;
    const bank =
      '                - type: object\n                  required: [iban]\n                  properties:\n                    iban: {type: string}\n';
    const base = spec(pay(card('number') + bank), '    Unused: {type: object}\n');
    const head = spec(pay(card('number, cvc')), '    Unused: {type: object}\n');
    expect(diff(base, head)).toEqual([
      'breaking openapi/request-body-union-branch-removed | POST /payments | POST /payments: request body no longer accepts one of its alternatives (object)',
      'breaking openapi/request-property-made-required | POST /payments | POST /payments: request body property `cvc` is now required',
    ]);
  });

  it('one change to a schema many operations share is reported once, with the operations counted', () => {
    const ops = ['a', 'b', 'c', 'd', 'e']
      .map(
        (n) =>
          `  /${n}:\n    get:\n      responses:\n        '200': {description: ok}\n        default:\n          description: error\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Error'}\n`,
      )
      .join('');
    const base = spec(
      ops,
      '    Error:\n      type: object\n      properties:\n        code: {type: string}\n        message: {type: string}\n',
    );
    const head = spec(
      ops,
      '    Error:\n      type: object\n      properties:\n        code: {type: integer}\n        message: {type: string}\n',
    );
    expect(diff(base, head)).toEqual([
      'breaking openapi/response-property-type-changed | GET /a | response default property `code` changed type from string to integer (reached from 5 operations: GET /a, GET /b, GET /c and 2 more)',
    ]);
  });
});
