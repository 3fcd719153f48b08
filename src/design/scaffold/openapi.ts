/**
 * An OpenAPI 3.1 contract per deployable, contract-first: a resource per entity with cursor-paginated
 * lists, 201 + Location on create, 204 on delete, RFC 9457 problem details for every error, bearer
 * security on every operation, bounded inputs and Idempotency-Key on money and order creates.
 */
import { camel, isMonetary, kebab, pascal, plural } from '../names.js';
import type { Context, Entity } from '../requirements.js';
import type { DeployableDesign, DesignResult } from '../result.js';

type Obj = Record<string, unknown>;

const FIELD_SCHEMAS: Record<string, Obj> = {
  string: { type: 'string', maxLength: 200 },
  text: { type: 'string', maxLength: 4000 },
  integer: { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 },
  number: { type: 'number', format: 'double' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date', maxLength: 10 },
  datetime: { type: 'string', format: 'date-time', maxLength: 35 },
  money: { $ref: '#/components/schemas/Money' },
  email: { type: 'string', format: 'email', maxLength: 254 },
  url: { type: 'string', format: 'uri', maxLength: 2048 },
  uuid: { type: 'string', format: 'uuid', maxLength: 36 },
  json: { type: 'object', maxProperties: 50, additionalProperties: true },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The read and write scope of each context the contract serves. */
function scopesOf(contexts: Context[]): Record<string, string> {
  const scopes: Record<string, string> = {};
  for (const c of [...contexts].sort((a, b) => a.name.localeCompare(b.name))) {
    scopes[`${c.name}:read`] = `Read ${c.name} resources.`;
    scopes[`${c.name}:write`] = `Create, change and delete ${c.name} resources.`;
  }
  return scopes;
}

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

function entityFields(e: Entity, contexts: Context[]): { props: Obj; required: string[] } {
  const props: Obj = {};
  for (const [name, type] of Object.entries(e.fields).sort(([a], [b]) => a.localeCompare(b)))
    props[name] = { ...FIELD_SCHEMAS[type] };
  const owned = new Set(contexts.flatMap((c) => c.entities.map((x) => x.name)));
  for (const r of e.relationships) {
    if (r.kind === 'many-to-one' || r.kind === 'one-to-one')
      props[`${camel(r.to)}Id`] = {
        ...FIELD_SCHEMAS.uuid,
        description: owned.has(r.to)
          ? `The ${r.to} this belongs to.`
          : `Id of a ${r.to} owned by another service.`,
      };
  }
  // a composed child carries its parent's id
  for (const c of contexts)
    for (const parent of c.entities)
      for (const r of parent.relationships)
        if (r.to === e.name && r.composition)
          props[`${camel(parent.name)}Id`] = {
            ...FIELD_SCHEMAS.uuid,
            description: `The ${parent.name} this is part of.`,
          };
  return { props, required: Object.keys(props).sort() };
}

function entityOperations(e: Entity, context: string): Obj {
  const name = pascal(e.name);
  const collection = `/${kebab(plural(e.name))}`;
  const item = `${collection}/{${camel(e.name)}Id}`;
  const idParam = {
    name: `${camel(e.name)}Id`,
    in: 'path',
    required: true,
    description: `Id of the ${e.name}.`,
    schema: FIELD_SCHEMAS.uuid,
  };
  // retried creates of anything that moves or prices money must not act twice
  const monetary = isMonetary(e) || Object.values(e.fields).includes('money');
  const scopeRead = `${context}:read`;
  const scopeWrite = `${context}:write`;
  const paths: Obj = {
    [collection]: {
      get: {
        operationId: `list${pascal(plural(e.name))}`,
        summary: `List ${plural(e.name)}`,
        description: `Returns ${plural(e.name)} the caller may see, newest first, one page at a time. Follow \`nextCursor\` for the next page.`,
        tags: [context],
        security: [{ oauth2: [scopeRead] }],
        parameters: [{ $ref: '#/components/parameters/Limit' }, { $ref: '#/components/parameters/Cursor' }],
        responses: {
          '200': {
            description: `A page of ${plural(e.name)}.`,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}Page` } } },
          },
          '400': ref('BadRequest'),
          '401': ref('Unauthorized'),
          '403': ref('Forbidden'),
          '429': ref('TooManyRequests'),
          default: ref('Error'),
        },
      },
      post: {
        operationId: `create${name}`,
        summary: `Create a ${e.name}`,
        description: `Creates a ${e.name} and returns it with its URL in \`Location\`.${monetary ? ' Retries with the same Idempotency-Key return the first result instead of creating a duplicate.' : ''}`,
        tags: [context],
        security: [{ oauth2: [scopeWrite] }],
        parameters: monetary ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : [],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}Create` } } },
        },
        responses: {
          '201': {
            description: `The ${e.name} was created.`,
            headers: {
              Location: {
                description: `URL of the new ${e.name}.`,
                schema: { type: 'string', format: 'uri-reference', maxLength: 2048 },
              },
            },
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
          },
          '400': ref('BadRequest'),
          '401': ref('Unauthorized'),
          '403': ref('Forbidden'),
          '409': ref('Conflict'),
          '422': ref('UnprocessableContent'),
          '429': ref('TooManyRequests'),
          default: ref('Error'),
        },
      },
    },
    [item]: {
      parameters: [idParam],
      get: {
        operationId: `get${name}`,
        summary: `Get a ${e.name}`,
        description: `Returns one ${e.name}. Answers 404 also when it exists but belongs to another tenant.`,
        tags: [context],
        security: [{ oauth2: [scopeRead] }],
        responses: {
          '200': {
            description: `The ${e.name}.`,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
          },
          '401': ref('Unauthorized'),
          '403': ref('Forbidden'),
          '404': ref('NotFound'),
          '429': ref('TooManyRequests'),
          default: ref('Error'),
        },
      },
      patch: {
        operationId: `update${name}`,
        summary: `Update a ${e.name}`,
        description: `Changes the given fields of a ${e.name} (JSON Merge Patch, RFC 7396).`,
        tags: [context],
        security: [{ oauth2: [scopeWrite] }],
        requestBody: {
          required: true,
          content: {
            'application/merge-patch+json': { schema: { $ref: `#/components/schemas/${name}Update` } },
          },
        },
        responses: {
          '200': {
            description: `The updated ${e.name}.`,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
          },
          '400': ref('BadRequest'),
          '401': ref('Unauthorized'),
          '403': ref('Forbidden'),
          '404': ref('NotFound'),
          '409': ref('Conflict'),
          '422': ref('UnprocessableContent'),
          '429': ref('TooManyRequests'),
          default: ref('Error'),
        },
      },
      delete: {
        operationId: `delete${name}`,
        summary: `Delete a ${e.name}`,
        description: `Deletes a ${e.name}. Answers 409 while other records still depend on it.`,
        tags: [context],
        security: [{ oauth2: [scopeWrite] }],
        responses: {
          '204': { description: `The ${e.name} was deleted.` },
          '401': ref('Unauthorized'),
          '403': ref('Forbidden'),
          '404': ref('NotFound'),
          '409': ref('Conflict'),
          '429': ref('TooManyRequests'),
          default: ref('Error'),
        },
      },
    },
  };
  return paths;
}

export function openapiFor(d: DesignResult, dep: DeployableDesign): Obj {
  const contexts = d.requirements.contexts.filter((c) => dep.contexts.includes(c.name));
  const allContexts = d.requirements.contexts;
  const paths: Obj = {};
  const schemas: Obj = {
    Problem: {
      type: 'object',
      description: 'Problem details (RFC 9457).',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string', format: 'uri-reference', maxLength: 2048 },
        title: { type: 'string', maxLength: 200 },
        status: { type: 'integer', minimum: 100, maximum: 599 },
        detail: { type: 'string', maxLength: 2000 },
        instance: { type: 'string', format: 'uri-reference', maxLength: 2048 },
      },
    },
    Money: {
      type: 'object',
      description: 'An amount in minor-unit-safe decimal text and its ISO 4217 currency.',
      required: ['amount', 'currency'],
      additionalProperties: false,
      properties: {
        amount: { type: 'string', pattern: '^-?\\d{1,15}(\\.\\d{1,4})?$', maxLength: 21 },
        currency: { type: 'string', pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3 },
      },
    },
  };
  for (const c of contexts) {
    for (const e of c.entities) {
      const name = pascal(e.name);
      const { props: declared, required: declaredRequired } = entityFields(e, allContexts);
      // the server owns id and the timestamps: a declared field of the same name is the generated one (read-only,
      // required on reads, absent from the create and update bodies), never listed twice
      const generated: Obj = {
        id: { ...FIELD_SCHEMAS.uuid, readOnly: true },
        createdAt: { ...FIELD_SCHEMAS.datetime, readOnly: true },
        updatedAt: { ...FIELD_SCHEMAS.datetime, readOnly: true },
      };
      const props = Object.fromEntries(Object.entries(declared).filter(([k]) => !(k in generated)));
      const required = declaredRequired.filter((k) => !(k in generated));
      Object.assign(paths, entityOperations(e, c.name));
      schemas[name] = {
        type: 'object',
        description: e.description ?? `A ${e.name} (${c.name}).`,
        required: [...Object.keys(generated), ...required],
        properties: { ...generated, ...props },
      };
      schemas[`${name}Create`] = { type: 'object', additionalProperties: false, required, properties: props };
      schemas[`${name}Update`] = {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: props,
      };
      schemas[`${name}Page`] = {
        type: 'object',
        required: ['items'],
        properties: {
          items: { type: 'array', maxItems: 100, items: { $ref: `#/components/schemas/${name}` } },
          nextCursor: {
            type: ['string', 'null'],
            maxLength: 512,
            description: 'Pass as `cursor` for the next page; null on the last page.',
          },
        },
      };
    }
  }
  for (const k of d.requirements.capabilities.filter((x) => x.realtime && dep.contexts.includes(x.context))) {
    const sse = k.realtime!.protocol === 'sse';
    paths[`/streams/${k.name}`] = {
      get: {
        operationId: `stream${pascal(k.name)}`,
        summary: `Live stream: ${k.name}`,
        description: sse
          ? 'Server-sent events; reconnect with Last-Event-ID to resume.'
          : 'Upgrades to a WebSocket (RFC 6455); messages follow the AsyncAPI contract of this service.',
        tags: [k.context],
        security: [{ oauth2: [`${k.context}:read`] }],
        responses: {
          ...(sse
            ? {
                '200': {
                  description: 'An event stream.',
                  content: { 'text/event-stream': { schema: { type: 'string', maxLength: 65536 } } },
                },
              }
            : { '101': { description: 'Switching to the WebSocket protocol.' } }),
          '401': ref('Unauthorized'),
          '403': ref('Forbidden'),
          '429': ref('TooManyRequests'),
          default: ref('Error'),
        },
      },
    };
  }
  // components nothing refers to are noise in a contract; keep only the used ones
  const used = JSON.stringify({ paths, schemas });
  const parameters = Object.fromEntries(
    Object.entries(PARAMETERS).filter(([name]) => used.includes(`#/components/parameters/${name}`)),
  );
  const usedSchemas = Object.fromEntries(
    Object.entries(schemas).filter(
      ([name]) => name !== 'Money' || used.includes('#/components/schemas/Money'),
    ),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: `${d.system} ${dep.name} API`,
      version: '1.0.0',
      description: `Contract of ${dep.name} (contexts: ${dep.contexts.join(', ')}). Generated by plumbline design; edit the contract first, then the code.`,
    },
    servers: [
      {
        url: 'https://{host}/v1',
        description: 'Environment host.',
        variables: {
          host: {
            default: `${dep.name}.${d.slug}.localhost:${dep.port}`,
            description: 'API host for the environment.',
          },
        },
      },
    ],
    security: [{ oauth2: [] }],
    tags: contexts.map((c) => ({ name: c.name, description: c.description ?? `The ${c.name} context.` })),
    paths: sortKeys(paths),
    components: {
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          description:
            'Access tokens from the identity provider (OIDC). People sign in with the authorization code flow (PKCE); services use client credentials. Each operation names the scope it needs.',
          flows: {
            authorizationCode: {
              authorizationUrl: `https://auth.${d.slug}.localhost/oauth2/authorize`,
              tokenUrl: `https://auth.${d.slug}.localhost/oauth2/token`,
              scopes: scopesOf(contexts),
            },
            clientCredentials: {
              tokenUrl: `https://auth.${d.slug}.localhost/oauth2/token`,
              scopes: scopesOf(contexts),
            },
          },
        },
      },
      parameters,
      responses: {
        BadRequest: problem('The request is malformed or violates the schema.'),
        Unauthorized: problem('No valid access token.'),
        Forbidden: problem('The token lacks the scope or the caller may not access this resource.'),
        NotFound: problem('No such resource visible to the caller.'),
        Conflict: problem(
          'The request conflicts with the current state (duplicate, dependent records, or an Idempotency-Key reused with a different body).',
        ),
        UnprocessableContent: problem('The request is well-formed but breaks a business rule.'),
        TooManyRequests: {
          ...problem('Rate limit exceeded; retry after the given delay.'),
          headers: {
            'Retry-After': {
              description: 'Seconds to wait.',
              schema: { type: 'integer', minimum: 1, maximum: 3600 },
            },
          },
        },
        Error: problem('Unexpected error.'),
      },
      schemas: sortKeys(usedSchemas),
    },
  };
}

const PARAMETERS: Obj = {
  Limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Page size.',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
  Cursor: {
    name: 'cursor',
    in: 'query',
    required: false,
    description: 'Opaque cursor from the previous page.',
    schema: { type: 'string', maxLength: 512 },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: true,
    description:
      'Unique key per logical operation; a retry with the same key returns the original result (IETF draft-ietf-httpapi-idempotency-key-header).',
    schema: { type: 'string', minLength: 8, maxLength: 255 },
  },
};

function sortKeys(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
