import type { Rule } from '../types.js';
import { asyncapiChannelVersioned } from './asyncapi-channel-versioned.js';
import { asyncapiDeadLetter } from './asyncapi-dead-letter.js';
import { asyncapiMessageSchema } from './asyncapi-message-schema.js';
import { graphqlConnectionPagination } from './graphql-connection-pagination.js';
import { graphqlMutationInputPayload } from './graphql-mutation-input-payload.js';
import { graphqlNullableDiscipline } from './graphql-nullable-discipline.js';
import { graphqlUnboundedList } from './graphql-unbounded-list.js';
import { grpcDedicatedMessages } from './grpc-dedicated-messages.js';
import { grpcEnumZeroUnspecified } from './grpc-enum-zero-unspecified.js';
import { grpcPackageVersioned } from './grpc-package-versioned.js';
import { grpcReservedRemovedFields } from './grpc-reserved-removed-fields.js';
import { grpcStreamingDeliberate } from './grpc-streaming-deliberate.js';

export const apiRules: Rule[] = [
  // gRPC / proto
  grpcPackageVersioned,
  grpcDedicatedMessages,
  grpcReservedRemovedFields,
  grpcEnumZeroUnspecified,
  grpcStreamingDeliberate,
  // GraphQL
  graphqlConnectionPagination,
  graphqlUnboundedList,
  graphqlMutationInputPayload,
  graphqlNullableDiscipline,
  // AsyncAPI
  asyncapiMessageSchema,
  asyncapiChannelVersioned,
  asyncapiDeadLetter,
];
