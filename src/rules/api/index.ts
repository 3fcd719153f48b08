import type { Rule } from '../types.js';
import { ambiguousPaths } from './ambiguous-paths.js';
import { apiKeyInQuery } from './api-key-in-query.js';
import { asyncapiChannelVersioned } from './asyncapi-channel-versioned.js';
import { asyncapiDeadLetter } from './asyncapi-dead-letter.js';
import { asyncapiMessageSchema } from './asyncapi-message-schema.js';
import { errorSchemaConsistency } from './error-schema-consistency.js';
import { graphqlConnectionPagination } from './graphql-connection-pagination.js';
import { graphqlMutationInputPayload } from './graphql-mutation-input-payload.js';
import { graphqlNullableDiscipline } from './graphql-nullable-discipline.js';
import { graphqlUnboundedList } from './graphql-unbounded-list.js';
import { grpcDedicatedMessages } from './grpc-dedicated-messages.js';
import { grpcEnumZeroUnspecified } from './grpc-enum-zero-unspecified.js';
import { grpcPackageVersioned } from './grpc-package-versioned.js';
import { grpcReservedRemovedFields } from './grpc-reserved-removed-fields.js';
import { grpcStreamingDeliberate } from './grpc-streaming-deliberate.js';
import { idempotencyKey } from './idempotency-key.js';
import { infoMetadata } from './info-metadata.js';
import { inputBounds } from './input-bounds.js';
import { invalidExample } from './invalid-example.js';
import { listPagination } from './list-pagination.js';
import { longRunningAsync } from './long-running-async.js';
import { namingConsistency } from './naming-consistency.js';
import { oauth2Scopes } from './oauth2-scopes.js';
import { openapiStructure } from './openapi-structure.js';
import { operationDescription } from './operation-description.js';
import { operationId } from './operation-id.js';
import { operationParametersUnique } from './operation-parameters-unique.js';
import { operationSecurity } from './operation-security.js';
import { operationSuccessResponse } from './operation-success-response.js';
import { operationTags } from './operation-tags.js';
import { operationWithoutErrorResponses } from './operation-without-error-responses.js';
import { pathParameters } from './path-parameters.js';
import { pathShape } from './path-shape.js';
import { rateLimitResponses } from './rate-limit-responses.js';
import { refSiblings } from './ref-siblings.js';
import { schemaHygiene } from './schema-hygiene.js';
import { securitySchemeDefined } from './security-scheme-defined.js';
import { servers } from './servers.js';
import { statusCodeKeys } from './status-code-keys.js';
import { statusCodes } from './status-codes.js';
import { unresolvedRef } from './unresolved-ref.js';
import { unsafeMarkdown } from './unsafe-markdown.js';
import { unusedComponent } from './unused-component.js';
import { versioningStrategy } from './versioning-strategy.js';

export const apiRules: Rule[] = [
  // OpenAPI: the architect's rules
  operationWithoutErrorResponses,
  errorSchemaConsistency,
  versioningStrategy,
  statusCodes,
  statusCodeKeys,
  rateLimitResponses,
  listPagination,
  idempotencyKey,
  operationSecurity,
  apiKeyInQuery,
  oauth2Scopes,
  inputBounds,
  namingConsistency,
  longRunningAsync,
  // OpenAPI: parity with Spectral spectral:oas and Redocly recommended (docs/rules/parity.md)
  operationId,
  operationDescription,
  operationTags,
  operationSuccessResponse,
  operationParametersUnique,
  pathParameters,
  pathShape,
  ambiguousPaths,
  schemaHygiene,
  infoMetadata,
  servers,
  unusedComponent,
  invalidExample,
  refSiblings,
  unsafeMarkdown,
  securitySchemeDefined,
  unresolvedRef,
  openapiStructure,
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
