/** Exact cases for the gRPC/proto rules: each kind of finding (message id) their examples do not show. */
import { grpcDedicatedMessages } from '../../../src/rules/api/grpc-dedicated-messages.js';
import { grpcEnumZeroUnspecified } from '../../../src/rules/api/grpc-enum-zero-unspecified.js';
import { grpcPackageVersioned } from '../../../src/rules/api/grpc-package-versioned.js';
import { grpcReservedRemovedFields } from '../../../src/rules/api/grpc-reserved-removed-fields.js';
import { grpcStreamingDeliberate } from '../../../src/rules/api/grpc-streaming-deliberate.js';
import { testRule } from '../../helpers/rule-cases.js';

const proto = (body: string, pkg = 'package orders.v1;\n') => `syntax = "proto3";\n${pkg}\n${body}`;

testRule(grpcDedicatedMessages, [
  {
    name: 'a request message shared by two RPCs',
    files: {
      'orders/v1/orders.proto': proto(
        'service OrderService {\n  rpc GetOrder(OrderRef) returns (GetOrderResponse);\n  rpc CancelOrder(OrderRef) returns (CancelOrderResponse);\n}\nmessage OrderRef { string id = 1; }\nmessage GetOrderResponse { string id = 1; }\nmessage CancelOrderResponse { string id = 1; }\n',
      ),
    },
    findings: [
      {
        at: 'orders/v1/orders.proto:5',
        messageId: 'sharedMessage',
        message:
          'Message `orders.v1.OrderRef` is shared by 2 RPCs: OrderService.CancelOrder (request), OrderService.GetOrder (request)',
        also: ['orders/v1/orders.proto:6', 'orders/v1/orders.proto:8'],
      },
    ],
  },
  {
    name: 'one RPC taking and returning the same message is not shared',
    files: {
      'chat/v1/chat.proto': proto(
        'service ChatService {\n  rpc Chat(stream ChatMessage) returns (stream ChatMessage);\n}\nmessage ChatMessage { string text = 1; }\n',
        'package chat.v1;\n',
      ),
    },
    findings: [],
  },
]);

testRule(grpcEnumZeroUnspecified, [
  {
    name: 'an enum whose values start at 1',
    files: { 'orders/v1/status.proto': proto('enum OrderStatus {\n  PLACED = 1;\n  SHIPPED = 2;\n}\n') },
    findings: [
      {
        at: 'orders/v1/status.proto:4',
        messageId: 'noZeroValue',
        message: 'Enum `orders.v1.OrderStatus` has no zero value; proto3 readers default to 0 anyway',
      },
    ],
  },
]);

testRule(grpcPackageVersioned, [
  {
    name: 'services declared without any package',
    files: {
      'shop.proto': proto(
        'service CartService {\n  rpc GetCart(GetCartRequest) returns (GetCartResponse);\n}\nmessage GetCartRequest { string user_id = 1; }\nmessage GetCartResponse { string id = 1; }\n',
        '',
      ),
    },
    findings: [
      {
        at: 'shop.proto:1',
        messageId: 'noPackage',
        message: 'shop.proto declares services CartService without a package',
      },
    ],
  },
  {
    name: 'a message-only file follows its importers',
    files: { 'shop/types.proto': proto('message Money { int64 units = 1; }\n', 'package shop;\n') },
    findings: [],
  },
]);

testRule(grpcReservedRemovedFields, [
  {
    name: 'two removed fields in a row, one reserved elsewhere',
    files: {
      'orders/v1/orders.proto': proto(
        'message Order {\n  reserved 5;\n  string id = 1;\n  string currency = 4;\n  string email = 6;\n}\n',
      ),
    },
    findings: [
      {
        at: 'orders/v1/orders.proto:4',
        messageId: 'unreservedGap',
        message: 'Message `orders.v1.Order` skips field numbers 2 to 3 without reserving them',
      },
    ],
  },
  {
    name: 'numbering from a high base is deliberate',
    files: { 'orders/v1/ext.proto': proto('message Ext {\n  string a = 100;\n}\n') },
    findings: [],
  },
]);

testRule(grpcStreamingDeliberate, [
  {
    name: 'a bidirectional stream named like a plain call, and one named as a stream',
    files: {
      'orders/v1/orders.proto': proto(
        'service OrderService {\n  rpc Process(stream ProcessRequest) returns (stream ProcessResponse);\n  rpc WatchOrders(WatchOrdersRequest) returns (stream ProcessResponse);\n}\nmessage ProcessRequest { string id = 1; }\nmessage ProcessResponse { string id = 1; }\nmessage WatchOrdersRequest { string id = 1; }\n',
      ),
    },
    findings: [
      {
        at: 'orders/v1/orders.proto:5',
        messageId: 'unnamedStream',
        message: 'OrderService.Process is bidirectionally streaming, but its name does not say so',
      },
    ],
  },
]);
