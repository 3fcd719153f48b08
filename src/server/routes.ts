/** The API's routes as data: method, path, scope, schemas and documented responses. app.ts binds handlers. */
import type { Scope } from '../store/types.js';
import * as S from './schemas.js';

export interface ResponseSpec {
  description: string;
  schema?: object;
  /** Default application/json. */
  contentType?: string;
  headers?: Record<string, { description: string; schema: object }>;
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE';
  /** Fastify syntax (`:id`). */
  url: string;
  operationId: string;
  summary: string;
  description: string;
  tag: string;
  /** Scope an API key needs; undefined = public. */
  scope?: Scope;
  params?: object;
  querystring?: object;
  body?: object;
  responses: Record<string, ResponseSpec>;
}

const limitQuery = { type: 'integer', minimum: 1, maximum: 100, default: 20 } as const;
const cursorQuery = { type: 'string', minLength: 1, maxLength: 200 } as const;
const rateHeaders = {
  'RateLimit-Limit': { description: 'Requests allowed in the window.', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the window.', schema: { type: 'integer' } },
};

function withId(extra: Record<string, object> = {}) {
  return {
    type: 'object',
    required: ['id', ...Object.keys(extra)],
    properties: { id: S.idParam, ...extra },
  };
}

export const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    url: '/v1/reviews',
    operationId: 'submitReview',
    summary: 'Start a review',
    description:
      'Queues a review of a directory inside the server’s allowed roots. Answers 202 with the review resource; poll it or follow its events.',
    tag: 'reviews',
    scope: 'write',
    body: S.SubmitReview,
    responses: {
      '202': {
        description: 'Accepted: the review is queued.',
        schema: S.Review,
        headers: {
          Location: { description: 'The review resource.', schema: { type: 'string', maxLength: 200 } },
          ...rateHeaders,
        },
      },
    },
  },
  {
    method: 'POST',
    url: '/v1/hooks/push',
    operationId: 'receivePush',
    summary: 'Review a repository on push',
    description:
      'Webhook for push events, authenticated by `X-Hub-Signature-256` (HMAC-SHA256 of the body with the shared secret PLUMBLINE_WEBHOOK_SECRET) instead of an API key. Queues a review of the local clone the repositories file maps the repository to; Plumbline never fetches, so the clone must be updated by whoever delivers the push. A review of the repository already waiting answers instead of a new one.',
    tag: 'reviews',
    body: S.PushHook,
    responses: {
      '202': {
        description: 'Accepted: the review is queued (or one already waiting answers).',
        schema: S.Review,
        headers: {
          Location: { description: 'The review resource.', schema: { type: 'string', maxLength: 200 } },
          ...rateHeaders,
        },
      },
    },
  },
  {
    method: 'GET',
    url: '/v1/reviews',
    operationId: 'listReviews',
    summary: 'List reviews',
    description:
      'Newest first, optionally of one system or status; paged with opaque cursors (`next`, Link header).',
    tag: 'reviews',
    scope: 'read',
    querystring: {
      type: 'object',
      additionalProperties: false,
      properties: {
        system: S.systemParam,
        status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
        limit: limitQuery,
        cursor: cursorQuery,
      },
    },
    responses: {
      '200': {
        description: 'One page of reviews.',
        schema: S.ReviewPage,
        headers: { Link: { description: 'RFC 8288 link to the next page.', schema: { type: 'string' } } },
      },
    },
  },
  {
    method: 'GET',
    url: '/v1/reviews/:id',
    operationId: 'getReview',
    summary: 'Get a review',
    description: 'The review’s status and, once it succeeded, the summary of its report.',
    tag: 'reviews',
    scope: 'read',
    params: withId(),
    responses: { '200': { description: 'The review.', schema: S.Review } },
  },
  {
    method: 'GET',
    url: '/v1/reviews/:id/report',
    operationId: 'getReviewReport',
    summary: 'Get a review’s report',
    description: 'The full report of a succeeded review, byte for byte as stored.',
    tag: 'reviews',
    scope: 'read',
    params: withId(),
    responses: {
      '200': { description: 'The report.', schema: S.Report },
      '409': {
        description: 'The review has not succeeded (yet).',
        schema: S.Problem,
        contentType: 'application/problem+json',
      },
    },
  },
  {
    method: 'GET',
    url: '/v1/reviews/:id/events',
    operationId: 'streamReviewEvents',
    summary: 'Follow a review',
    description:
      'Server-Sent Events: `status` events (queued with position, running, succeeded, failed); the stream ends when the review finishes.',
    tag: 'reviews',
    scope: 'read',
    params: withId(),
    responses: {
      '200': {
        description: 'An event stream.',
        contentType: 'text/event-stream',
        schema: { type: 'string', maxLength: 1000000 },
      },
    },
  },
  {
    method: 'GET',
    url: '/v1/comparisons',
    operationId: 'compareReviews',
    summary: 'Compare two reviews',
    description:
      'Findings new in the head review, fixed since the base review, and unchanged (by fingerprint).',
    tag: 'reviews',
    scope: 'read',
    querystring: {
      type: 'object',
      additionalProperties: false,
      required: ['base', 'head'],
      properties: { base: S.idParam, head: S.idParam },
    },
    responses: {
      '200': { description: 'The comparison.', schema: S.Comparison },
      '409': {
        description: 'A review has not succeeded (yet).',
        schema: S.Problem,
        contentType: 'application/problem+json',
      },
    },
  },
  {
    method: 'GET',
    url: '/v1/systems',
    operationId: 'listSystems',
    summary: 'List systems',
    description: 'Every system with reviews, with its latest finished review.',
    tag: 'systems',
    scope: 'read',
    responses: { '200': { description: 'The systems.', schema: S.SystemList } },
  },
  {
    method: 'GET',
    url: '/v1/organisation',
    operationId: 'getOrganisation',
    summary: 'Organisation view',
    description:
      'Across every system: its latest rating and trend, the rules violated in the most systems (by their latest finished reviews), and the service graph across systems, with the edges from one system’s service to another system’s service marked.',
    tag: 'systems',
    scope: 'read',
    querystring: {
      type: 'object',
      additionalProperties: false,
      properties: {
        trend: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
        rules: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
      },
    },
    responses: { '200': { description: 'The organisation view.', schema: S.Organisation } },
  },
  {
    method: 'GET',
    url: '/v1/systems/:name/trend',
    operationId: 'getSystemTrend',
    summary: 'Trend of a system',
    description: 'Findings by severity and score of the system’s finished reviews, oldest first.',
    tag: 'systems',
    scope: 'read',
    params: { type: 'object', required: ['name'], properties: { name: S.systemParam } },
    querystring: {
      type: 'object',
      additionalProperties: false,
      properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
    },
    responses: { '200': { description: 'The trend.', schema: S.Trend } },
  },
  {
    method: 'POST',
    url: '/v1/diffs',
    operationId: 'diffContracts',
    summary: 'Diff two contract versions',
    description:
      'Breaking changes between two OpenAPI or proto files or directories inside the allowed roots.',
    tag: 'contracts',
    scope: 'write',
    body: S.DiffRequest,
    responses: { '200': { description: 'The changes.', schema: S.ContractDiff } },
  },
  {
    method: 'POST',
    url: '/v1/designs',
    operationId: 'designSystem',
    summary: 'Design a system',
    description: 'Runs the design engine on a requirements document.',
    tag: 'design',
    scope: 'write',
    body: S.DesignRequest,
    responses: {
      '200': { description: 'The design.', schema: S.Design },
      '422': {
        description: 'The requirements are invalid.',
        schema: S.Problem,
        contentType: 'application/problem+json',
      },
    },
  },
  {
    method: 'GET',
    url: '/v1/rules',
    operationId: 'listRules',
    summary: 'List rules',
    description: 'Every rule with its id, area, severity and title.',
    tag: 'rules',
    scope: 'read',
    responses: { '200': { description: 'The rules.', schema: S.RuleList } },
  },
  {
    method: 'GET',
    url: '/v1/rules/:area/:name',
    operationId: 'getRule',
    summary: 'Explain a rule',
    description: 'A rule in full: rationale, recommendation, fix and references.',
    tag: 'rules',
    scope: 'read',
    params: {
      type: 'object',
      required: ['area', 'name'],
      properties: {
        area: {
          type: 'string',
          pattern: '^[a-z]+$',
          maxLength: 50,
          description: 'The rule id’s area, e.g. `api`.',
        },
        name: {
          type: 'string',
          pattern: '^[a-z0-9-]+$',
          maxLength: 150,
          description: 'The rest of the rule id, e.g. `list-pagination`.',
        },
      },
    },
    responses: { '200': { description: 'The rule.', schema: S.RuleDetail } },
  },
  {
    method: 'GET',
    url: '/v1/keys',
    operationId: 'listApiKeys',
    summary: 'List API keys',
    description: 'Every key with its scope and prefix (never the key).',
    tag: 'keys',
    scope: 'admin',
    responses: { '200': { description: 'The keys.', schema: S.ApiKeyList } },
  },
  {
    method: 'POST',
    url: '/v1/keys',
    operationId: 'createApiKey',
    summary: 'Create an API key',
    description: 'The key is in the answer once; only its SHA-256 is stored.',
    tag: 'keys',
    scope: 'admin',
    body: S.NewApiKey,
    responses: {
      '201': {
        description: 'The new key.',
        schema: S.CreatedApiKey,
        headers: {
          Location: {
            description: 'The key resource (revoke it there).',
            schema: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
  },
  {
    method: 'DELETE',
    url: '/v1/keys/:id',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    description: 'The key stops working at once.',
    tag: 'keys',
    scope: 'admin',
    params: withId(),
    responses: { '204': { description: 'Revoked.' } },
  },
];
