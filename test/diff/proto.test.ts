import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractDiff } from '../../src/diff/types.js';
import { at, diffFixtures, only } from './helpers.js';

const F = 'cart.proto';
const base = (snippet: string, after?: string) => at('proto/base', F, snippet, after);
const head = (snippet: string, after?: string) => at('proto/head', F, snippet, after);

describe('diffContracts: gRPC / protobuf', () => {
  let diff: ContractDiff;
  beforeAll(async () => {
    diff = await diffFixtures('proto/base', 'proto/head');
  });

  it('service removed', () => {
    const c = only(diff, 'proto/service-removed');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'service shop.v1.LegacyService was removed',
      api: { kind: 'grpc', file: F, title: 'LegacyService' },
    });
    expect(c.base).toEqual(base('service LegacyService'));
    expect(c.head).toEqual({ file: F, line: 1 });
  });

  it('rpc removed and added', () => {
    const removed = only(diff, 'proto/rpc-removed');
    expect(removed).toMatchObject({
      severity: 'breaking',
      message: 'rpc shop.v1.CartService/EmptyCart was removed',
    });
    expect(removed.base).toEqual(base('rpc EmptyCart'));
    expect(removed.head).toEqual(head('service CartService'));
    const added = only(diff, 'proto/rpc-added');
    expect(added).toMatchObject({ severity: 'info', message: 'rpc shop.v1.CartService/Clear was added' });
    expect(added.head).toEqual(head('rpc Clear'));
  });

  it('rpc request type, response type and streaming changed', () => {
    const req = only(diff, 'proto/rpc-request-type-changed');
    expect(req.message).toBe(
      'rpc shop.v1.CartService/Checkout request type changed from shop.v1.GetCartRequest to shop.v1.CheckoutRequest',
    );
    expect([req.base, req.head]).toEqual([base('rpc Checkout'), head('rpc Checkout')]);
    const res = only(diff, 'proto/rpc-response-type-changed');
    expect(res.message).toBe(
      'rpc shop.v1.CartService/GetCart response type changed from shop.v1.Cart to shop.v1.CartView',
    );
    expect([res.base, res.head]).toEqual([base('rpc GetCart'), head('rpc GetCart')]);
    const stream = only(diff, 'proto/rpc-streaming-changed');
    expect(stream.message).toBe('rpc shop.v1.CartService/Watch streaming changed from none to server');
    expect([stream.base, stream.head]).toEqual([base('rpc Watch'), head('rpc Watch')]);
    for (const c of [req, res, stream]) expect(c.severity).toBe('breaking');
  });

  it('field removed without reserving its number: breaking; a reserved one: nothing', () => {
    const c = only(diff, 'proto/field-removed');
    expect(c).toMatchObject({
      severity: 'breaking',
      element: 'shop.v1.AddItemRequest.note',
      message: 'field shop.v1.AddItemRequest.note (4) was removed without reserving its number',
      api: { kind: 'grpc', file: F, title: 'shop.v1' },
    });
    expect(c.base).toEqual(base('string note = 4'));
    expect(c.head).toEqual(head('message AddItemRequest'));
    expect(diff.changes.some((ch) => ch.element === 'shop.v1.AddItemRequest.coupon')).toBe(false);
  });

  it('field type changed', () => {
    const c = only(diff, 'proto/field-type-changed');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'field shop.v1.AddItemRequest.quantity (2) changed type from int32 to int64',
    });
    expect([c.base, c.head]).toEqual([base('int32 quantity = 2'), head('int64 quantity = 2')]);
  });

  it('field renamed: warning (JSON and text formats)', () => {
    const c = only(diff, 'proto/field-renamed');
    expect(c).toMatchObject({
      severity: 'warning',
      message:
        'field shop.v1.AddItemRequest.product_id (3) was renamed to sku (breaks the JSON and text formats)',
    });
    expect([c.base, c.head]).toEqual([base('string product_id = 3'), head('string sku = 3')]);
  });

  it('field number changed', () => {
    const c = only(diff, 'proto/field-number-changed');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'field shop.v1.Cart.currency changed number from 3 to 5',
    });
    expect([c.base, c.head]).toEqual([base('string currency = 3'), head('string currency = 5')]);
  });

  it('field number reused for another name and type', () => {
    const c = only(diff, 'proto/field-number-reused');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'field number 1 of shop.v1.GetCartRequest was reused: user_id (string) is now cart_id (int64)',
    });
    expect([c.base, c.head]).toEqual([
      base('string user_id = 1', 'message GetCartRequest'),
      head('int64 cart_id = 1'),
    ]);
  });

  it('message removed', () => {
    const c = only(diff, 'proto/message-removed');
    expect(c).toMatchObject({ severity: 'breaking', message: 'message shop.v1.OldThing was removed' });
    expect(c.base).toEqual(base('message OldThing'));
  });

  it('enum value removed (unless reserved) and renamed', () => {
    const removed = only(diff, 'proto/enum-value-removed');
    expect(removed).toMatchObject({
      severity: 'breaking',
      message: 'enum value shop.v1.Status.STATUS_LOST (3) was removed without reserving its number',
    });
    expect([removed.base, removed.head]).toEqual([base('STATUS_LOST'), head('enum Status')]);
    const renamed = only(diff, 'proto/enum-value-renamed');
    expect(renamed).toMatchObject({ severity: 'warning' });
    expect([renamed.base, renamed.head]).toEqual([base('STATUS_CLOSED'), head('STATUS_DONE')]);
    expect(diff.changes.some((ch) => ch.element === 'shop.v1.Status.STATUS_GONE')).toBe(false);
  });

  it('nothing else', () => {
    expect(diff.summary).toMatchObject({ breaking: 11, warning: 2, info: 1 });
  });
});
