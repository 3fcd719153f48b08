import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asyncapiAdapter, parseAsyncApiFile } from '../../src/discover/asyncapi/adapter.js';
import { discoverFiles } from '../../src/discover/index.js';
import { merge } from '../../src/discover/merge.js';
import { emptyModel, newService } from '../../src/model/empty.js';
import { mapAsyncApisToServices } from '../../src/model/infer-asyncapi.js';

const fixtures = path.resolve(__dirname, '../fixtures/asyncapi');

function read(rel: string) {
  const text = readFileSync(path.join(fixtures, rel), 'utf8');
  return { path: rel, text, bytes: Buffer.byteLength(text) };
}

describe('AsyncAPI adapter', () => {
  it('claims documents with a top-level asyncapi key, YAML or JSON', () => {
    expect(asyncapiAdapter.claims('a.yaml', 'asyncapi: 2.6.0\ninfo: {}\n')).toBe(true);
    expect(asyncapiAdapter.claims('a.json', '{\n  "asyncapi": "3.0.0"\n}')).toBe(true);
    expect(asyncapiAdapter.claims('a.yaml', 'openapi: 3.0.0\n')).toBe(false);
    expect(asyncapiAdapter.claims('a.yaml', 'info:\n  x-asyncapi: 2\n')).toBe(false);
  });

  it('reads a 2.x document: subscribe = the application produces, publish = it consumes', () => {
    const fragment = parseAsyncApiFile(read('orders/asyncapi.yaml'));
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.apis?.[0]).toMatchObject({
      id: 'asyncapi:orders/asyncapi.yaml',
      kind: 'asyncapi',
      title: 'Orders Service Events',
      version: '1.2.0',
      specVersion: '2.6.0',
      serviceId: 'orders',
      servers: ['kafka://kafka.internal:9092'],
    });
    expect(fragment.topics).toEqual([
      {
        id: 'topic:orders.placed.v1',
        name: 'orders.placed.v1',
        kind: 'topic',
        producers: ['orders'],
        consumers: [],
        deadLetter: 'orders.placed.v1.dlq',
        messageTypes: ['OrderPlaced'],
        source: { file: 'orders/asyncapi.yaml', line: 11 },
      },
      {
        id: 'topic:payments.settled.v1',
        name: 'payments.settled.v1',
        kind: 'topic',
        producers: [],
        consumers: ['orders'],
        deadLetter: undefined,
        messageTypes: ['PaymentFailed', 'PaymentSettled'],
        source: { file: 'orders/asyncapi.yaml', line: 19 },
      },
    ]);
    expect(fragment.operations?.map((o) => [o.method, o.path, o.operationId, o.source.line])).toEqual([
      ['SUBSCRIBE', 'orders.placed.v1', 'publishOrderPlaced', 14],
      ['PUBLISH', 'payments.settled.v1', 'onPaymentSettled', 20],
    ]);
    expect(fragment.documents?.[0]).toMatchObject({
      kind: 'asyncapi',
      apiId: 'asyncapi:orders/asyncapi.yaml',
    });
  });

  it('reads a 3.x document: channel addresses, send/receive operations, bindings and dead letters', () => {
    const fragment = parseAsyncApiFile(read('notifications.json'));
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.apis?.[0]).toMatchObject({
      specVersion: '3.0.0',
      serviceId: undefined,
      servers: ['amqp://rabbitmq:5672'],
    });
    const topics = Object.fromEntries((fragment.topics ?? []).map((t) => [t.name, t]));
    expect(topics['notifications.email']).toMatchObject({
      kind: 'queue',
      deadLetter: 'notifications.dlx',
      messageTypes: ['SendEmail'],
    });
    expect(topics['orders.placed.v1']).toMatchObject({ kind: 'exchange', messageTypes: ['OrderPlaced'] });
    expect(fragment.operations?.map((o) => [o.method, o.path, o.operationId])).toEqual([
      ['RECEIVE', 'orders.placed.v1', 'onOrderPlaced'],
      ['SEND', 'notifications.email', 'sendEmail'],
    ]);
  });

  it('reports broken YAML with a line, and half-written operations as warnings', () => {
    const broken = parseAsyncApiFile(read('broken/asyncapi.yaml'));
    expect(broken.apis ?? []).toEqual([]);
    expect(broken.diagnostics?.[0]).toMatchObject({ severity: 'error', line: 10, origin: 'asyncapi' });
    const half = parseAsyncApiFile(read('broken/operations.yaml'));
    expect(half.apis).toHaveLength(1);
    expect(half.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', line: 9, message: expect.stringContaining('doIt') }),
    ]);
  });

  it('rejects unsupported versions with a warning rather than guessing', () => {
    const text = 'asyncapi: 1.2.0\ninfo: { title: old }\n';
    const fragment = parseAsyncApiFile({ path: 'old.yaml', text, bytes: text.length });
    expect(fragment.apis ?? []).toEqual([]);
    expect(fragment.diagnostics?.[0]).toMatchObject({ severity: 'warning', line: 1 });
  });
});

describe('AsyncAPI after merge', () => {
  it('finds the owner by title, unites the channel both documents describe and adds an async dependency', () => {
    const orders = parseAsyncApiFile(read('orders/asyncapi.yaml'));
    const notifications = parseAsyncApiFile(read('notifications.json'));
    const at = { file: 'compose.yaml', line: 1 };
    const services = {
      services: [
        newService('orders', at),
        newService('notifications', at),
        newService('kafka', at, { role: 'broker' }),
      ],
    };
    const { model } = merge([services, orders, notifications], { root: '.', paths: [] });
    expect(model.apis.find((a) => a.id === 'asyncapi:notifications.json')?.serviceId).toBe('notifications');
    expect(model.services.find((s) => s.id === 'notifications')?.apis).toEqual([
      'asyncapi:notifications.json',
    ]);
    const placed = model.topics.filter((t) => t.name === 'orders.placed.v1');
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({
      kind: 'topic',
      producers: ['orders'],
      consumers: ['notifications'],
      deadLetter: 'orders.placed.v1.dlq',
    });
    expect(model.dependencies).toEqual([
      expect.objectContaining({
        from: 'orders',
        to: 'notifications',
        protocol: 'kafka',
        kind: 'async',
        via: 'asyncapi',
      }),
    ]);
  });

  it('leaves the owner undefined when nothing matches', () => {
    const model = emptyModel();
    const fragment = parseAsyncApiFile(read('notifications.json'));
    model.apis.push(...(fragment.apis ?? []));
    model.topics.push(...(fragment.topics ?? []));
    model.operations.push(...(fragment.operations ?? []));
    model.services.push(newService('billing', { file: 'x.yaml', line: 1 }));
    mapAsyncApisToServices(model);
    expect(model.apis[0].serviceId).toBeUndefined();
    expect(model.topics.every((t) => t.producers.length === 0 && t.consumers.length === 0)).toBe(true);
  });

  it('is routed by discovery ahead of generic YAML adapters', () => {
    const { model } = discoverFiles([read('orders/asyncapi.yaml')]);
    expect(model.artifacts).toEqual([
      { file: 'orders/asyncapi.yaml', kind: 'asyncapi', bytes: expect.any(Number) },
    ]);
  });
});
