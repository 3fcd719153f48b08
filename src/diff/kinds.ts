/**
 * Every change kind `diffContracts` reports, with its severity and a one-line description: the SARIF rule
 * descriptors and docs/diff.md read this list, and a test checks the checks never emit a kind missing here.
 */
import type { ChangeSeverity } from './types.js';

export interface ChangeKind {
  severity: ChangeSeverity;
  title: string;
}

export const CHANGE_KINDS: Record<string, ChangeKind> = {
  'openapi/api-removed': { severity: 'breaking', title: 'An API (contract file) was removed' },
  'openapi/api-added': { severity: 'info', title: 'An API (contract file) was added' },
  'openapi/api-moved': { severity: 'info', title: 'An API moved to another file (paired by title)' },
  'openapi/operation-removed': { severity: 'breaking', title: 'An operation was removed' },
  'openapi/deprecated-operation-removed': {
    severity: 'warning',
    title: 'A deprecated operation was removed',
  },
  'openapi/operation-added': { severity: 'info', title: 'An operation was added' },
  'openapi/path-parameter-renamed': {
    severity: 'info',
    title: 'A path parameter was renamed (the URL template is unchanged)',
  },
  'openapi/required-parameter-added': { severity: 'breaking', title: 'A required parameter was added' },
  'openapi/optional-parameter-added': { severity: 'info', title: 'An optional parameter was added' },
  'openapi/parameter-made-required': { severity: 'breaking', title: 'An optional parameter became required' },
  'openapi/parameter-removed': { severity: 'warning', title: 'A parameter was removed' },
  'openapi/parameter-type-changed': { severity: 'breaking', title: 'A parameter changed type or format' },
  'openapi/parameter-enum-value-removed': {
    severity: 'breaking',
    title: 'A parameter no longer accepts an enum value',
  },
  'openapi/parameter-union-branch-removed': {
    severity: 'breaking',
    title: 'A parameter no longer accepts one of its `anyOf`/`oneOf` alternatives',
  },
  'openapi/request-body-made-required': {
    severity: 'breaking',
    title: 'The request body became required (or a required body was added)',
  },
  'openapi/request-media-type-removed': {
    severity: 'breaking',
    title: 'The request body no longer accepts a media type',
  },
  'openapi/request-body-type-changed': { severity: 'breaking', title: 'The request body changed type' },
  'openapi/request-body-enum-value-removed': {
    severity: 'breaking',
    title: 'The request body no longer accepts an enum value',
  },
  'openapi/request-body-union-branch-removed': {
    severity: 'breaking',
    title: 'The request body no longer accepts one of its `anyOf`/`oneOf` alternatives',
  },
  'openapi/request-property-required-added': {
    severity: 'breaking',
    title: 'A required request property was added',
  },
  'openapi/request-property-made-required': {
    severity: 'breaking',
    title: 'An optional request property became required',
  },
  'openapi/request-property-type-changed': {
    severity: 'breaking',
    title: 'A request property changed type or format',
  },
  'openapi/request-property-enum-value-removed': {
    severity: 'breaking',
    title: 'A request property no longer accepts an enum value',
  },
  'openapi/request-property-union-branch-removed': {
    severity: 'breaking',
    title: 'A request property no longer accepts one of its `anyOf`/`oneOf` alternatives',
  },
  'openapi/request-property-removed': { severity: 'warning', title: 'A request property was removed' },
  'openapi/success-response-removed': { severity: 'breaking', title: 'A success (2xx) response was removed' },
  'openapi/response-media-type-removed': {
    severity: 'breaking',
    title: 'A response no longer returns a media type',
  },
  'openapi/response-body-type-changed': { severity: 'breaking', title: 'A response body changed type' },
  'openapi/response-body-enum-value-added': {
    severity: 'warning',
    title: 'A response body may return a new enum value',
  },
  'openapi/response-body-union-branch-added': {
    severity: 'warning',
    title: 'A response body may return another `anyOf`/`oneOf` shape',
  },
  'openapi/response-property-removed': { severity: 'breaking', title: 'A response property was removed' },
  'openapi/response-property-type-changed': {
    severity: 'breaking',
    title: 'A response property changed type or format',
  },
  'openapi/response-property-made-optional': {
    severity: 'breaking',
    title: 'A required response property became optional',
  },
  'openapi/response-property-enum-value-added': {
    severity: 'warning',
    title: 'A response property may return a new enum value',
  },
  'openapi/response-property-union-branch-added': {
    severity: 'warning',
    title: 'A response property may return another `anyOf`/`oneOf` shape',
  },
  'openapi/security-requirement-added': {
    severity: 'breaking',
    title: 'An operation requires authentication it did not require before',
  },
  'proto/service-removed': { severity: 'breaking', title: 'A gRPC service was removed' },
  'proto/service-added': { severity: 'info', title: 'A gRPC service was added' },
  'proto/rpc-removed': { severity: 'breaking', title: 'An RPC was removed' },
  'proto/rpc-added': { severity: 'info', title: 'An RPC was added' },
  'proto/rpc-request-type-changed': { severity: 'breaking', title: 'An RPC changed its request type' },
  'proto/rpc-response-type-changed': { severity: 'breaking', title: 'An RPC changed its response type' },
  'proto/rpc-streaming-changed': { severity: 'breaking', title: 'An RPC changed its streaming kind' },
  'proto/message-removed': { severity: 'breaking', title: 'A message was removed' },
  'proto/enum-removed': { severity: 'breaking', title: 'An enum was removed' },
  'proto/field-removed': {
    severity: 'breaking',
    title: 'A field was removed without reserving its number',
  },
  'proto/field-number-changed': { severity: 'breaking', title: 'A field changed its number' },
  'proto/field-number-reused': {
    severity: 'breaking',
    title: 'A field number was reused for another field (new name and type)',
  },
  'proto/field-type-changed': { severity: 'breaking', title: 'A field changed type (or cardinality)' },
  'proto/field-renamed': { severity: 'warning', title: 'A field was renamed (breaks JSON and text formats)' },
  'proto/enum-value-removed': {
    severity: 'breaking',
    title: 'An enum value was removed without reserving its number',
  },
  'proto/enum-value-number-changed': { severity: 'breaking', title: 'An enum value changed its number' },
  'proto/enum-value-renamed': {
    severity: 'warning',
    title: 'An enum value was renamed (breaks JSON and text formats)',
  },
};
