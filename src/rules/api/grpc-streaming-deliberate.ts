import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { grpcOperations, rpcLabel } from './lib/grpc-shared.js';

const { messages, say } = defineMessages({
  unnamedStream: '{{rpc}} is {{direction}} streaming, but its name does not say so',
  streamingLookup:
    '{{rpc}} is {{direction}} streaming, but its name does not say so and reads like a list/lookup that should be a (paginated) unary call',
});

/** Verbs that say "this is a stream" in the method name. */
const STREAM_VERBS =
  /^(Watch|Stream|Subscribe|Listen|Tail|Follow|Observe|Monitor|Upload|Download|Chat|Sync|Push|Pull|Feed|Connect|Tunnel|Relay|Replicate|Export|Import|Ingest|Receive|Send|Publish|Consume|Poll)/;

export const grpcStreamingDeliberate: Rule = {
  id: 'api/grpc-streaming-deliberate',
  area: 'api',
  severity: 'low',
  title: 'Streaming RPCs are deliberate and named as streams',
  messages,
  rationale:
    'A streaming RPC holds a connection open: load balancers pin it to one backend, deadlines and retries work per stream rather ' +
    "than per message, and flow control, resumption and partial failure become the caller's problem. When a method named " +
    '`ListOrders` or `GetQuote` streams, it is usually a paginated or unary call in disguise; when streaming is really meant, a ' +
    'name like `WatchOrders` or `UploadChunks` tells every caller what they are signing up for.',
  references: [
    'buf lint UNARY_RPC category: RPC_NO_CLIENT_STREAMING, RPC_NO_SERVER_STREAMING (https://buf.build/docs/lint/rules/#unary_rpc)',
    'Google AIP-132 List methods are paginated unary calls (https://google.aip.dev/132)',
    'gRPC performance best practices: streaming (https://grpc.io/docs/guides/performance/)',
  ],
  recommendation:
    'Use unary RPCs with pagination for collections; keep streaming for real streams (watch, upload, chat) and name them so.',
  fix: {
    description: 'Make a list a paginated unary call, or rename a real stream after what it streams.',
    language: 'proto',
    snippet:
      'rpc ListOrders(ListOrdersRequest) returns (ListOrdersResponse);  // page_size, page_token → next_page_token\nrpc WatchOrders(WatchOrdersRequest) returns (stream OrderEvent);    // a real stream, named as one',
  },
  examples: {
    fail: {
      description: 'A list method that streams its results',
      files: {
        'orders/v1/orders.proto':
          'syntax = "proto3";\npackage orders.v1;\n\nservice OrderService {\n  rpc ListOrders(ListOrdersRequest) returns (stream Order);\n}\nmessage ListOrdersRequest { string customer_id = 1; }\nmessage Order { string id = 1; }\n',
      },
      findings: [
        {
          at: 'orders/v1/orders.proto:5',
          messageId: 'streamingLookup',
          message:
            'OrderService.ListOrders is server-side streaming, but its name does not say so and reads like a list/lookup that should be a (paginated) unary call',
        },
      ],
    },
    pass: {
      description: 'A paginated list and a stream named as a stream',
      files: {
        'orders/v1/orders.proto':
          'syntax = "proto3";\npackage orders.v1;\n\nservice OrderService {\n  rpc ListOrders(ListOrdersRequest) returns (ListOrdersResponse);\n  rpc WatchOrders(WatchOrdersRequest) returns (stream OrderEvent);\n}\nmessage ListOrdersRequest { int32 page_size = 1; string page_token = 2; }\nmessage ListOrdersResponse { repeated string ids = 1; string next_page_token = 2; }\nmessage WatchOrdersRequest { string customer_id = 1; }\nmessage OrderEvent { string id = 1; }\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const streaming = grpcOperations(model).filter((o) => o.streaming && o.streaming !== 'none');
    for (const op of streaming) {
      const method = op.path.slice(op.path.indexOf('/') + 1);
      if (STREAM_VERBS.test(method)) continue;
      const isList = /^(List|Search|Get|Find|Query|Fetch)/.test(method);
      findings.push({
        ...(isList ? say.streamingLookup : say.unnamedStream)({
          rpc: rpcLabel(op),
          direction: op.streaming === 'bidi' ? 'bidirectionally' : `${op.streaming}-side`,
        }),
        locations: [op.source],
        element: op.id,
        fix: isList
          ? {
              description: `Make ${method} unary with page_size/page_token (AIP-158), or rename it (Watch…/Stream…) if it really streams.`,
              language: 'proto',
              snippet: `rpc ${method}(${method}Request) returns (${method}Response);\nmessage ${method}Request { int32 page_size = 1; string page_token = 2; }\nmessage ${method}Response { /* repeated items */ string next_page_token = 2; }`,
            }
          : undefined,
      });
    }
    return {
      findings,
      strength:
        streaming.length > 0 && findings.length === 0
          ? `All ${streaming.length} streaming RPCs are named as streams`
          : undefined,
    };
  },
};
