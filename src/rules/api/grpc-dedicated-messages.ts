import type { Operation, Source } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { EMPTY_WELL_KNOWN, grpcOperations, protoMessages, rpcLabel } from './lib/grpc-shared.js';

const { messages, say } = defineMessages({
  emptyMessage:
    '`{{type}}` is used as {{uses}}: an RPC on Empty can never gain a field without a breaking change',
  sharedMessage: 'Message `{{type}}` is shared by {{rpcs}} RPCs: {{uses}}',
});

export const grpcDedicatedMessages: Rule = {
  id: 'api/grpc-dedicated-messages',
  area: 'api',
  severity: 'medium',
  title: 'Each RPC has its own request and response message',
  messages,
  rationale:
    'A request or response message shared by several RPCs (or `google.protobuf.Empty`) couples their evolution: adding a field ' +
    'that one RPC needs changes the contract of all of them, and an RPC that takes or returns Empty can never gain a parameter or ' +
    'result field without a breaking change. A dedicated `<Method>Request`/`<Method>Response` pair costs nothing and keeps every ' +
    'RPC free to evolve.',
  references: [
    'buf lint RPC_REQUEST_RESPONSE_UNIQUE, RPC_REQUEST_STANDARD_NAME, RPC_RESPONSE_STANDARD_NAME (https://buf.build/docs/lint/rules/)',
    'Google AIP-131..136 standard and custom methods: request messages per method (https://google.aip.dev/136)',
  ],
  recommendation: 'Give every RPC a dedicated request and response message, even when it is empty today.',
  fix: {
    description: 'Replace the shared or Empty message with dedicated ones.',
    language: 'proto',
    snippet:
      'rpc EmptyCart(EmptyCartRequest) returns (EmptyCartResponse);\n\nmessage EmptyCartRequest { string user_id = 1; }\nmessage EmptyCartResponse {}',
  },
  examples: {
    fail: {
      description: 'Two RPCs return the same Empty message',
      files: {
        'cart/v1/cart.proto':
          'syntax = "proto3";\npackage cart.v1;\n\nservice CartService {\n  rpc AddItem(AddItemRequest) returns (Empty);\n  rpc EmptyCart(EmptyCartRequest) returns (Empty);\n}\nmessage AddItemRequest { string sku = 1; }\nmessage EmptyCartRequest { string user_id = 1; }\nmessage Empty {}\n',
      },
      findings: [
        {
          at: 'cart/v1/cart.proto:5',
          messageId: 'emptyMessage',
          message:
            '`cart.v1.Empty` is used as CartService.AddItem (response), CartService.EmptyCart (response): an RPC on Empty can never gain a field without a breaking change',
          also: ['cart/v1/cart.proto:6', 'cart/v1/cart.proto:10'],
        },
      ],
    },
    pass: {
      description: 'Each RPC has its own response message',
      files: {
        'cart/v1/cart.proto':
          'syntax = "proto3";\npackage cart.v1;\n\nservice CartService {\n  rpc AddItem(AddItemRequest) returns (AddItemResponse);\n  rpc EmptyCart(EmptyCartRequest) returns (EmptyCartResponse);\n}\nmessage AddItemRequest { string sku = 1; }\nmessage AddItemResponse {}\nmessage EmptyCartRequest { string user_id = 1; }\nmessage EmptyCartResponse {}\n',
      },
    },
  },
  check(model) {
    const ops = grpcOperations(model);
    const messages = protoMessages(model);
    const users = new Map<string, { op: Operation; role: 'request' | 'response' }[]>();
    for (const op of ops) {
      for (const [role, type] of [
        ['request', op.requestType],
        ['response', op.responseType],
      ] as const) {
        if (!type) continue;
        users.set(type, [...(users.get(type) ?? []), { op, role }]);
      }
    }
    const findings: FindingDraft[] = [];
    for (const [type, uses] of [...users].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const rpcs = [...new Set(uses.map((u) => u.op.id))];
      const message = messages.get(type);
      const isEmpty =
        type === EMPTY_WELL_KNOWN ||
        (message !== undefined && /(^|\.)Empty$/.test(type) && message.fields.length === 0);
      if (rpcs.length < 2 && !isEmpty) continue;
      const labels = uses.map((u) => `${rpcLabel(u.op)} (${u.role})`);
      const locations: Source[] = uses.map((u) => u.op.source);
      if (message) locations.push(message.source);
      const first = uses[0];
      const method = first.op.path.slice(first.op.path.indexOf('/') + 1);
      const suffix = first.role === 'request' ? 'Request' : 'Response';
      findings.push({
        ...(isEmpty
          ? say.emptyMessage({ type, uses: labels.join(', ') })
          : say.sharedMessage({ type, rpcs: rpcs.length, uses: labels.join(', ') })),
        locations,
        element: `proto-message:${type}`,
        fix: {
          description: `Give each RPC its own message, e.g. \`${method}${suffix}\` for ${rpcLabel(first.op)}.`,
          language: 'proto',
          snippet: `message ${method}${suffix} {\n  // fields this RPC needs; empty is fine today\n}`,
        },
      });
    }
    return {
      findings,
      strength:
        ops.length > 0 && findings.length === 0
          ? `All ${ops.length} RPCs have dedicated request and response messages`
          : undefined,
    };
  },
};
