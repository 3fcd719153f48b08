import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractDiff } from '../../src/diff/types.js';
import { at, diffFixtures, only } from './helpers.js';

const F = 'orders.json';
const base = (snippet: string, after?: string) => at('swagger2/base', F, snippet, after);
const head = (snippet: string, after?: string) => at('swagger2/head', F, snippet, after);

describe('diffContracts: Swagger 2.0 (JSON)', () => {
  let diff: ContractDiff;
  beforeAll(async () => {
    diff = await diffFixtures('swagger2/base', 'swagger2/head');
  });

  it('operation removed', () => {
    const c = only(diff, 'openapi/operation-removed');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'operation DELETE /orders/{orderId} was removed',
    });
    expect(c.base).toEqual(base('"delete"'));
    expect(c.head).toEqual(head('"paths"'));
  });

  it('parameter format changed and enum narrowed (2.0 parameters carry their own type)', () => {
    const format = only(diff, 'openapi/parameter-type-changed');
    expect(format.message).toBe(
      'GET /orders: query parameter `page` changed type from integer(int32) to integer(int64)',
    );
    expect(format.base).toEqual(base('"name": "page"'));
    expect(format.head).toEqual(head('"name": "page"'));
    const narrowed = only(diff, 'openapi/parameter-enum-value-removed');
    expect(narrowed.message).toBe(
      'GET /orders: query parameter `state` no longer accepts enum value "shipped"',
    );
    expect(narrowed.base).toEqual(base('"name": "state"'));
    expect(narrowed.head).toEqual(head('"name": "state"'));
  });

  it('a `produces` type dropped removes that response media type', () => {
    const c = only(diff, 'openapi/response-media-type-removed');
    expect(c.message).toBe('GET /orders: response 200 no longer returns application/xml');
    expect(c.base).toEqual(base('"200"'));
    expect(c.head).toEqual(head('"200"'));
  });

  it('body parameter made required, and its schema gains required properties', () => {
    const body = only(diff, 'openapi/request-body-made-required');
    expect(body.message).toBe('POST /orders: request body is now required');
    expect(body.base).toEqual(base('"in": "body"'));
    expect(body.head).toEqual(head('"in": "body"'));
    const added = only(diff, 'openapi/request-property-required-added');
    expect(added.message).toBe('POST /orders: request body has a new required property `currency`');
    expect(added.base).toEqual(base('"NewOrder"'));
    expect(added.head).toEqual(head('"currency": {', '"NewOrder"'));
    const required = only(diff, 'openapi/request-property-made-required');
    expect(required.message).toBe('POST /orders: request body property `customer` is now required');
  });

  it('success response removed even when another success status was added', () => {
    const c = only(diff, 'openapi/success-response-removed');
    expect(c.message).toBe('POST /orders: success response 201 was removed');
    expect(c.base).toEqual(base('"201"'));
    expect(c.head).toEqual(head('"post"'));
  });

  it('security: an alternative that sufficed before no longer does', () => {
    const c = only(diff, 'openapi/security-requirement-added');
    expect(c.message).toBe(
      'POST /orders: clients authenticating with basic or token are no longer accepted (now basic + token)',
    );
    expect(c.base).toEqual(base('"security"'));
    expect(c.head).toEqual(head('"security"'));
  });

  it('response property type changed and nested array item property removed', () => {
    const retyped = only(diff, 'openapi/response-property-type-changed');
    expect(retyped.message).toBe(
      'GET /orders: response 200 property `[].total` changed type from number to string',
    );
    expect(retyped.base).toEqual(base('"total": {'));
    expect(retyped.head).toEqual(head('"total": {'));
    const removed = only(diff, 'openapi/response-property-removed');
    expect(removed.message).toBe('GET /orders: response 200 property `[].lines[].qty` was removed');
    expect(removed.base).toEqual(base('"qty"'));
    expect(removed.head).toEqual(head('"Line"'));
  });

  it('nothing else', () => {
    expect(diff.summary).toMatchObject({ breaking: 11, warning: 0, info: 0 });
  });

  it('a moved file pairs by title: only an info change, nothing breaking', async () => {
    const moved = await diffFixtures('swagger2/base', 'swagger2/moved');
    expect(moved.changes).toEqual([
      {
        kind: 'openapi/api-moved',
        severity: 'info',
        api: { kind: 'openapi', file: 'specs/orders-api.json', title: 'Orders' },
        element: 'Orders',
        message: 'API "Orders" moved from orders.json to specs/orders-api.json',
        base: { file: 'orders.json', line: 1 },
        head: { file: 'specs/orders-api.json', line: 1 },
      },
    ]);
  });

  it('an API that disappears entirely is one breaking change; a new one is info', async () => {
    const removed = await diffFixtures('swagger2/base', 'proto/head');
    expect(only(removed, 'openapi/api-removed')).toMatchObject({
      severity: 'breaking',
      message: 'API "Orders" (orders.json) was removed with its 3 operations',
      base: { file: 'orders.json', line: 1 },
    });
    const added = await diffFixtures('proto/head', 'swagger2/base');
    expect(only(added, 'openapi/api-added')).toMatchObject({
      severity: 'info',
      head: { file: 'orders.json', line: 1 },
    });
  });
});
