/**
 * JSON Schemas of the API: Fastify validates every body, parameter and query against them, and the OpenAPI
 * document is generated from the same objects (src/server/openapi.ts), so the two cannot drift.
 */
const severities = ['critical', 'high', 'medium', 'low', 'info'];

/** A list response: `{ items: [...] }` of up to 10,000 of one schema. */
const listOf = <Item>(items: Item) =>
  ({
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', maxItems: 10000, items } },
  }) as const;

export const Problem = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', maxLength: 200 },
    title: { type: 'string', maxLength: 200 },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', maxLength: 4000 },
    instance: { type: 'string', maxLength: 2000 },
    errors: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: {
          pointer: { type: 'string', maxLength: 500 },
          detail: { type: 'string', maxLength: 1000 },
        },
      },
    },
  },
} as const;

const id = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', maxLength: 64 } as const;
const systemName = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  pattern: '^[^\\u0000-\\u001f]+$',
} as const;
const timestamp = { type: 'string', format: 'date-time', maxLength: 40 } as const;

export const Summary = {
  type: 'object',
  required: ['score', 'rating', 'findings', 'bySeverity'],
  properties: {
    score: { type: 'number', minimum: 0, maximum: 100 },
    rating: { type: 'string', enum: ['Excellent', 'Good', 'Needs Improvement', 'Poor', 'Not assessed'] },
    findings: { type: 'integer', minimum: 0 },
    bySeverity: {
      type: 'object',
      required: severities,
      properties: Object.fromEntries(severities.map((s) => [s, { type: 'integer', minimum: 0 }])),
    },
  },
} as const;

export const Review = {
  type: 'object',
  description: 'A review job and, once finished, the summary of its report.',
  required: ['id', 'system', 'path', 'status', 'createdAt'],
  properties: {
    id,
    system: systemName,
    path: { type: 'string', maxLength: 4096 },
    status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
    createdAt: timestamp,
    startedAt: timestamp,
    finishedAt: timestamp,
    error: { type: 'string', maxLength: 4000 },
    position: { type: 'integer', minimum: 0, description: 'Place in the queue while queued (0 = next).' },
    summary: Summary,
  },
} as const;

export const ReviewPage = {
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', maxItems: 100, items: Review },
    next: {
      type: 'string',
      maxLength: 200,
      description: 'Cursor of the next page; absent on the last page.',
    },
  },
} as const;

export const PushHook = {
  type: 'object',
  additionalProperties: true,
  required: ['repository'],
  description:
    'A push event (GitHub and compatible forges): only `repository.full_name` is read; it must name a repository of the server’s repositories file.',
  properties: {
    repository: {
      type: 'object',
      additionalProperties: true,
      required: ['full_name'],
      properties: { full_name: { type: 'string', minLength: 1, maxLength: 200 } },
    },
  },
} as const;

export const SubmitReview = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: {
      type: 'string',
      minLength: 1,
      maxLength: 4096,
      description:
        'A directory inside one of the server’s allowed roots (relative paths resolve against the first).',
    },
    system: { ...systemName, description: 'The system the review belongs to (default: the directory name).' },
  },
} as const;

export const Report = {
  type: 'object',
  description: 'The review report (the same JSON as `plumbline review --format json`).',
  required: ['reportVersion', 'summary', 'findings'],
  additionalProperties: true,
  properties: {
    reportVersion: { type: 'string', maxLength: 10 },
    summary: { type: 'object', additionalProperties: true },
    findings: { type: 'array', maxItems: 100000, items: { type: 'object', additionalProperties: true } },
  },
} as const;

const comparedFinding = {
  type: 'object',
  required: ['fingerprint', 'ruleId', 'severity', 'message'],
  properties: {
    fingerprint: { type: 'string', maxLength: 200 },
    ruleId: { type: 'string', maxLength: 200 },
    severity: { type: 'string', enum: severities },
    area: { type: 'string', maxLength: 100 },
    title: { type: 'string', maxLength: 1000 },
    message: { type: 'string', maxLength: 10000 },
  },
} as const;

const findingList = { type: 'array', maxItems: 100000, items: comparedFinding } as const;

export const Comparison = {
  type: 'object',
  description: 'Findings of the head review matched to the base review by fingerprint.',
  required: ['base', 'head', 'new', 'fixed', 'unchanged'],
  properties: {
    base: Review,
    head: Review,
    new: findingList,
    fixed: findingList,
    unchanged: findingList,
  },
} as const;

export const System = {
  type: 'object',
  required: ['name', 'reviews', 'lastReviewAt'],
  properties: {
    name: systemName,
    reviews: { type: 'integer', minimum: 0 },
    lastReviewAt: timestamp,
    latest: {
      type: 'object',
      required: ['id', 'summary'],
      properties: { id, summary: Summary },
    },
  },
} as const;

export const SystemList = listOf(System);

export const Trend = {
  type: 'object',
  required: ['system', 'points'],
  properties: {
    system: systemName,
    points: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        required: ['id', 'finishedAt', 'summary'],
        properties: { id, finishedAt: timestamp, summary: Summary },
      },
    },
  },
} as const;

const names = { type: 'array', maxItems: 10000, items: { type: 'string', maxLength: 500 } } as const;

export const Organisation = {
  type: 'object',
  description:
    'Every system’s latest rating and trend, the rules its latest reviews break in the most systems, and the service graph across systems.',
  required: ['systems', 'rules', 'graph'],
  properties: {
    systems: {
      type: 'array',
      maxItems: 10000,
      items: {
        type: 'object',
        required: ['name', 'reviews', 'lastReviewAt', 'trend'],
        properties: {
          name: systemName,
          reviews: { type: 'integer', minimum: 0 },
          lastReviewAt: timestamp,
          latest: { type: 'object', required: ['id', 'summary'], properties: { id, summary: Summary } },
          trend: {
            type: 'array',
            maxItems: 500,
            items: {
              type: 'object',
              required: ['id', 'finishedAt', 'score', 'rating'],
              properties: {
                id,
                finishedAt: timestamp,
                score: { type: 'number', minimum: 0, maximum: 100 },
                rating: { type: 'string', maxLength: 40 },
              },
            },
          },
        },
      },
    },
    rules: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['ruleId', 'title', 'severity', 'area', 'systems', 'findings'],
        properties: {
          ruleId: { type: 'string', maxLength: 200 },
          title: { type: 'string', maxLength: 1000 },
          severity: { type: 'string', enum: severities },
          area: { type: 'string', maxLength: 100 },
          systems: names,
          findings: { type: 'integer', minimum: 0 },
        },
      },
    },
    graph: {
      type: 'object',
      required: ['nodes', 'edges'],
      properties: {
        nodes: {
          type: 'array',
          maxItems: 100000,
          items: {
            type: 'object',
            required: ['id', 'system', 'service', 'role'],
            properties: {
              id: { type: 'string', maxLength: 500 },
              system: systemName,
              service: { type: 'string', maxLength: 300 },
              role: { type: 'string', maxLength: 40 },
              repositories: names,
            },
          },
        },
        edges: {
          type: 'array',
          maxItems: 100000,
          items: {
            type: 'object',
            required: ['from', 'to', 'protocol', 'kind', 'crossSystem'],
            properties: {
              from: { type: 'string', maxLength: 500 },
              to: { type: 'string', maxLength: 500 },
              protocol: { type: 'string', maxLength: 40 },
              kind: { type: 'string', maxLength: 40 },
              crossSystem: { type: 'boolean' },
            },
          },
        },
      },
    },
  },
} as const;

export const DiffRequest = {
  type: 'object',
  additionalProperties: false,
  required: ['base', 'head'],
  properties: {
    base: {
      type: 'string',
      minLength: 1,
      maxLength: 4096,
      description: 'Contract file or directory (base version).',
    },
    head: {
      type: 'string',
      minLength: 1,
      maxLength: 4096,
      description: 'Contract file or directory (new version).',
    },
  },
} as const;

export const ContractDiff = {
  type: 'object',
  description:
    'Breaking and other changes between two contract versions (as `plumbline diff --format json`).',
  additionalProperties: true,
  properties: {},
} as const;

export const DesignRequest = {
  type: 'object',
  additionalProperties: false,
  required: ['requirements'],
  properties: {
    requirements: {
      description: 'The requirements document (docs/design.md), as YAML text or as a JSON object.',
      oneOf: [
        { type: 'string', minLength: 1, maxLength: 200000 },
        { type: 'object', additionalProperties: true },
      ],
    },
  },
} as const;

export const Design = {
  type: 'object',
  description: 'The design (as `plumbline design --format json`).',
  additionalProperties: true,
  properties: {},
} as const;

export const RuleSummary = {
  type: 'object',
  required: ['id', 'area', 'severity', 'title'],
  properties: {
    id: { type: 'string', maxLength: 200 },
    area: { type: 'string', maxLength: 100 },
    severity: { type: 'string', enum: severities },
    title: { type: 'string', maxLength: 1000 },
  },
} as const;

export const RuleList = listOf(RuleSummary);

export const RuleDetail = {
  type: 'object',
  required: ['id', 'area', 'severity', 'title', 'rationale', 'recommendation', 'references', 'fix'],
  properties: {
    id: { type: 'string', maxLength: 200 },
    area: { type: 'string', maxLength: 100 },
    severity: { type: 'string', enum: severities },
    title: { type: 'string', maxLength: 1000 },
    rationale: { type: 'string', maxLength: 10000 },
    recommendation: { type: 'string', maxLength: 10000 },
    references: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 1000 } },
    fix: { type: 'object', additionalProperties: true },
  },
} as const;

export const ApiKey = {
  type: 'object',
  required: ['id', 'name', 'scope', 'prefix', 'createdAt'],
  properties: {
    id,
    name: { type: 'string', maxLength: 200 },
    scope: { type: 'string', enum: ['read', 'write', 'admin'] },
    prefix: { type: 'string', maxLength: 20 },
    createdAt: timestamp,
    revokedAt: timestamp,
  },
} as const;

export const ApiKeyList = listOf(ApiKey);

export const NewApiKey = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'scope'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    scope: { type: 'string', enum: ['read', 'write', 'admin'] },
  },
} as const;

export const CreatedApiKey = {
  type: 'object',
  required: ['key', 'apiKey'],
  properties: {
    key: {
      type: 'string',
      maxLength: 200,
      description: 'The key itself, shown once; only its hash is stored.',
    },
    apiKey: ApiKey,
  },
} as const;

/** Named schemas: OpenAPI components, referenced wherever the same object appears in a route. */
export const COMPONENTS: Record<string, object> = {
  Problem,
  Summary,
  Review,
  ReviewPage,
  SubmitReview,
  Report,
  Comparison,
  System,
  SystemList,
  Trend,
  Organisation,
  DiffRequest,
  ContractDiff,
  DesignRequest,
  Design,
  RuleSummary,
  RuleList,
  RuleDetail,
  ApiKey,
  ApiKeyList,
  NewApiKey,
  CreatedApiKey,
};

export const idParam = id;
export const systemParam = systemName;
