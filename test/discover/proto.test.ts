import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDirectory, discoverFiles } from '../../src/discover/index.js';
import { merge } from '../../src/discover/merge.js';
import { parseProtoFile } from '../../src/discover/proto/adapter.js';
import { scanProtoLines } from '../../src/discover/proto/lines.js';
import { adapters } from '../../src/discover/registry.js';
import { newService } from '../../src/model/empty.js';
import { corpusPath, corpusTitle } from '../helpers/corpus.js';

const fixtures = path.resolve(__dirname, '../fixtures/proto');
const boutique = corpusPath('microservices-demo');

function parseFixture(rel: string) {
  const text = readFileSync(path.join(fixtures, rel), 'utf8');
  return parseProtoFile({ path: rel, text, bytes: Buffer.byteLength(text) });
}

describe('proto adapter on a hand-written service', () => {
  const fragment = parseFixture('good/shop/orders/v1/orders.proto');

  it('finds the service as one gRPC API with the package version', () => {
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.apis).toHaveLength(1);
    const api = fragment.apis?.[0];
    expect(api).toMatchObject({
      id: 'grpc:shop.orders.v1.OrderService',
      kind: 'grpc',
      title: 'OrderService',
      version: 'v1',
      specVersion: 'proto3',
      source: { file: 'good/shop/orders/v1/orders.proto', line: 13 },
    });
  });

  it('reads every rpc with its streaming kind, types and line', () => {
    const ops = Object.fromEntries((fragment.operations ?? []).map((o) => [o.operationId, o]));
    expect(ops.CreateOrder).toMatchObject({
      method: 'RPC',
      path: 'shop.orders.v1.OrderService/CreateOrder',
      streaming: 'none',
      requestType: 'shop.orders.v1.CreateOrderRequest',
      responseType: 'shop.orders.v1.CreateOrderResponse',
      summary: 'Creates an order.',
      source: { line: 15 },
    });
    expect(ops.WatchOrder).toMatchObject({ streaming: 'server', deprecated: true, source: { line: 16 } });
    expect(ops.UploadItems.streaming).toBe('client');
    expect(ops.Chat).toMatchObject({ streaming: 'bidi', requestType: 'shop.orders.v1.ChatMessage' });
  });

  it('reads messages with field numbers, repeated, maps, oneofs, optional and reserved ranges', () => {
    const order = fragment.apiTypes?.find((t) => t.name === 'shop.orders.v1.Order');
    expect(order?.source.line).toBe(23);
    expect(order?.reserved).toEqual(['3', '8 to 10', 'legacy_total']);
    const fields = Object.fromEntries((order?.fields ?? []).map((f) => [f.name, f]));
    expect(fields.items).toMatchObject({ number: 2, repeated: true, type: 'shop.orders.v1.Order.LineItem' });
    expect(fields.labels.type).toBe('map<string, string>');
    expect(fields.note).toMatchObject({ number: 5, nullable: true, source: { line: 29 } });
    expect(fields.voucher_code).toMatchObject({ number: 7, source: { line: 32 } });
    expect(fields.status).toMatchObject({ type: 'shop.orders.v1.OrderStatus', number: 11 });
    const nested = fragment.apiTypes?.find((t) => t.name === 'shop.orders.v1.Order.LineItem');
    expect(nested?.fields.map((f) => [f.name, f.number, f.source?.line])).toEqual([
      ['sku', 1, 37],
      ['quantity', 2, 38],
    ]);
  });

  it('reads enums with their values and numbers', () => {
    const status = fragment.apiTypes?.find((t) => t.name === 'shop.orders.v1.OrderStatus');
    expect(status?.kind).toBe('enum');
    expect(status?.fields.map((f) => [f.name, f.number, f.source?.line])).toEqual([
      ['ORDER_STATUS_UNSPECIFIED', 0, 43],
      ['ORDER_STATUS_PLACED', 1, 44],
      ['ORDER_STATUS_SHIPPED', 2, 45],
    ]);
  });

  it('keeps package and imports in the parsed document, with lines', () => {
    const doc = fragment.documents?.[0];
    expect(doc?.kind).toBe('proto');
    expect(doc?.document.data).toMatchObject({
      package: 'shop.orders.v1',
      imports: ['google/protobuf/timestamp.proto', 'shop/common/v1/money.proto'],
      services: ['OrderService'],
    });
    expect(doc?.document.locate(['imports', 1]).line).toBe(7);
    expect(doc?.document.locate(['package']).line).toBe(4);
  });

  it('ignores declarations inside comments and strings when locating lines', () => {
    const lines = scanProtoLines(
      '// message A {\nmessage B {\n  string s = 1 [json_name = "message C {"];\n}\n',
    );
    expect([...lines.declarations]).toEqual([['B', 2]]);
    expect(lines.members.get('B.s')).toBe(3);
  });
});

describe('proto adapter on proto2 and editions', () => {
  it('reads groups as nested messages and keeps extension fields out of the extended message', () => {
    const text =
      'syntax = "proto2";\npackage p;\nmessage M {\n  optional int32 a = 1 [default = 5];\n  extensions 100 to 199;\n  repeated group Result = 2 {\n    required string url = 3;\n  }\n}\nextend M { optional string ext = 100; }\n';
    const fragment = parseProtoFile({ path: 'p.proto', text, bytes: text.length });
    expect(fragment.diagnostics).toEqual([]);
    const summary = fragment.apiTypes?.map((t) => [
      t.name,
      t.source.line,
      t.fields.map((f) => [f.name, f.number, f.source?.line]),
    ]);
    expect(summary).toEqual([
      [
        'p.M',
        3,
        [
          ['a', 1, 4],
          ['result', 2, 6],
        ],
      ],
      ['p.M.Result', 6, [['url', 3, 7]]],
    ]);
  });

  it('accepts edition files', () => {
    const text = 'edition = "2023";\npackage a.v1;\nmessage M { string s = 1; }\n';
    const fragment = parseProtoFile({ path: 'e.proto', text, bytes: text.length });
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.documents?.[0].document.data).toMatchObject({ syntax: '2023', package: 'a.v1' });
  });
});

describe('proto adapter on broken input', () => {
  it('reports a syntax error with its line and keeps going', () => {
    const fragment = parseFixture('broken/broken.proto');
    expect(fragment.apis ?? []).toEqual([]);
    expect(fragment.diagnostics).toHaveLength(1);
    expect(fragment.diagnostics?.[0]).toMatchObject({ severity: 'error', line: 6, origin: 'proto' });
    expect(fragment.diagnostics?.[0].message).toMatch(/invalid \.proto/);
  });

  it('does not stop discovery of the other files', () => {
    const files = ['broken/broken.proto', 'good/shop/orders/v1/orders.proto'].map((rel) => {
      const text = readFileSync(path.join(fixtures, rel), 'utf8');
      return { path: rel, text, bytes: text.length };
    });
    const { model } = discoverFiles(files);
    expect(model.apis.map((a) => a.id)).toEqual(['grpc:shop.orders.v1.OrderService']);
    expect(model.diagnostics.filter((d) => d.origin === 'proto')).toHaveLength(1);
  });
});

describe('mapping gRPC services to deployed services', () => {
  it('matches lower-cased names with or without a service suffix, never a datastore, never ambiguously', () => {
    const text = [
      'syntax = "proto3";',
      'package shop.v1;',
      'service CartService { rpc Get(GetRequest) returns (GetResponse); }',
      'service Orders { rpc Get(GetRequest) returns (GetResponse); }',
      'service Redis { rpc Get(GetRequest) returns (GetResponse); }',
      'service Search { rpc Get(GetRequest) returns (GetResponse); }',
      'message GetRequest {}',
      'message GetResponse {}',
    ].join('\n');
    const proto = parseProtoFile({ path: 'shop.proto', text, bytes: text.length });
    const at = { file: 'compose.yaml', line: 1 };
    const services = {
      services: [
        newService('cart', at),
        newService('orders-service', at),
        newService('redis', at, { role: 'cache' }),
        newService('search', at),
        newService('search-svc', at),
      ],
    };
    const { model } = merge([services, proto], { root: '.', paths: [] });
    const mapping = Object.fromEntries(model.apis.map((a) => [a.title, a.serviceId]));
    expect(mapping).toEqual({
      CartService: 'cart',
      Orders: 'orders-service',
      Redis: undefined,
      Search: 'search',
    });
    expect(model.services.find((s) => s.id === 'cart')?.apis).toEqual(['grpc:shop.v1.CartService']);
  });
});

const BOUTIQUE_SERVICES = [
  'AdService',
  'CartService',
  'CheckoutService',
  'CurrencyService',
  'EmailService',
  'PaymentService',
  'ProductCatalogService',
  'RecommendationService',
  'ShippingService',
];

describe.skipIf(!existsSync(boutique))(corpusTitle('Online Boutique protos', 'microservices-demo'), () => {
  it('parses demo.proto and finds every gRPC service', () => {
    const text = readFileSync(path.join(boutique, 'protos/demo.proto'), 'utf8');
    const fragment = parseProtoFile({ path: 'protos/demo.proto', text, bytes: text.length });
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.apis?.map((a) => a.title).sort()).toEqual(BOUTIQUE_SERVICES);
    expect(fragment.apis?.every((a) => a.id.startsWith('grpc:hipstershop.'))).toBe(true);
    const placeOrder = fragment.operations?.find((o) => o.path === 'hipstershop.CheckoutService/PlaceOrder');
    expect(placeOrder).toMatchObject({
      requestType: 'hipstershop.PlaceOrderRequest',
      source: { line: 225 },
    });
  });

  // Needs the Kubernetes adapter (another engineer's work) to discover the deployments.
  const k8s = adapters.some((a) => a.kind === 'kubernetes');
  it.skipIf(!k8s)(
    'maps each gRPC service to the deployment that serves it (needs the kubernetes adapter)',
    async () => {
      const { model } = await discoverDirectory(boutique);
      const grpc = model.apis.filter((a) => a.kind === 'grpc' && a.id.startsWith('grpc:hipstershop.'));
      expect(grpc.map((a) => a.title).sort()).toEqual(BOUTIQUE_SERVICES);
      const mapping = Object.fromEntries(grpc.map((a) => [a.title, a.serviceId]));
      expect(mapping).toEqual(
        Object.fromEntries(BOUTIQUE_SERVICES.map((name) => [name, name.toLowerCase()])),
      );
      for (const api of grpc) {
        expect(model.services.find((s) => s.id === api.serviceId)?.apis).toContain(api.id);
      }
      // the standard health service has no deployment of its own
      expect(model.apis.find((a) => a.id === 'grpc:grpc.health.v1.Health')?.serviceId).toBeUndefined();
    },
  );
});
