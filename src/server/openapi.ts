/**
 * The OpenAPI 3.1 document, generated from the route table and its schemas. The repository keeps a copy
 * (schema/plumbline-api.openapi.json) that a test compares with this output, and the server serves it at
 * /v1/openapi.json.
 */
import { VERSION } from '../version.js';
import { ROUTES, type RouteSpec } from './routes.js';
import { COMPONENTS } from './schemas.js';

const problemJson = 'application/problem+json';

function refOrInline(schema: object, names: Map<object, string>, top = false): unknown {
  const name = names.get(schema);
  if (name && !top) return { $ref: `#/components/schemas/${name}` };
  if (Array.isArray(schema))
    return schema.map((s) => (typeof s === 'object' && s ? refOrInline(s, names) : s));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'default' || k === 'enum' || k === 'required' || v === null || typeof v !== 'object')
      out[k] = v;
    else if (k === 'properties')
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, object>).map(([p, s]) => [p, refOrInline(s, names)]),
      );
    else out[k] = refOrInline(v as object, names);
  }
  return out;
}

function problemResponse(description: string) {
  return { description, content: { [problemJson]: { schema: { $ref: '#/components/schemas/Problem' } } } };
}

function parameters(route: RouteSpec, names: Map<object, string>) {
  const out: object[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.querystring],
  ] as const) {
    if (!schema) continue;
    const s = schema as { properties: Record<string, object>; required?: string[] };
    for (const [name, prop] of Object.entries(s.properties)) {
      const p: Record<string, unknown> = {
        name,
        in: where,
        required: where === 'path' || !!s.required?.includes(name),
      };
      const { description, ...rest } = prop as { description?: string };
      p.description = description ?? describeParam(name, route);
      p.schema = refOrInline(rest, names);
      out.push(p);
    }
  }
  return out;
}

function describeParam(name: string, route: RouteSpec): string {
  const known: Record<string, string> = {
    id: route.tag === 'rules' ? 'Rule id, e.g. `api/list-pagination`.' : 'Identifier of the resource.',
    name: 'System name.',
    system: 'Only reviews of this system.',
    status: 'Only reviews in this status.',
    limit: 'Page size.',
    cursor: 'The `next` cursor of the previous page.',
    base: 'The earlier review.',
    head: 'The later review.',
    trend: 'Finished reviews per system in the trend.',
    rules: 'How many of the most violated rules.',
  };
  return known[name] ?? name;
}

export function openApiDocument(): Record<string, unknown> {
  const names = new Map<object, string>(Object.entries(COMPONENTS).map(([n, s]) => [s, n]));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [code, r] of Object.entries(route.responses)) {
      const resp: Record<string, unknown> = { description: r.description };
      if (r.headers)
        resp.headers = Object.fromEntries(
          Object.entries(r.headers).map(([h, v]) => [h, { description: v.description, schema: v.schema }]),
        );
      if (r.schema)
        resp.content = { [r.contentType ?? 'application/json']: { schema: refOrInline(r.schema, names) } };
      responses[code] = resp;
    }
    if (route.body || route.params || route.querystring)
      responses['400'] ??= problemResponse('The request is malformed or fails validation.');
    if (route.scope) {
      responses['401'] = problemResponse('No valid API key.');
      responses['403'] = problemResponse(`The API key lacks the \`${route.scope}\` scope.`);
    }
    if (route.params) responses['404'] = problemResponse('No such resource.');
    if (route.operationId === 'submitReview') {
      responses['422'] = problemResponse('The path is not a directory inside the allowed roots.');
      responses['503'] = problemResponse('The review queue is full; retry after the Retry-After delay.');
    }
    if (route.operationId === 'receivePush') {
      responses['401'] = problemResponse('The X-Hub-Signature-256 signature is missing or wrong.');
      responses['404'] = problemResponse(
        'Webhooks are off, or the repository is not in the repositories file.',
      );
      responses['503'] = problemResponse('The review queue is full; retry after the Retry-After delay.');
    }
    if (route.operationId === 'diffContracts')
      responses['422'] = problemResponse('A path is not inside the allowed roots or holds no contract.');
    responses['429'] = {
      ...problemResponse('Too many requests; retry after the Retry-After delay.'),
      headers: {
        'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer', minimum: 0 } },
      },
    };
    responses.default = problemResponse('An unexpected error.');
    const op: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: [route.tag],
      security: route.scope ? [{ bearerAuth: [] }] : [],
    };
    const params = parameters(route, names);
    if (params.length) op.parameters = params;
    if (route.body)
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: refOrInline(route.body, names) } },
      };
    op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = op;
  }
  const usedNames = new Set<string>();
  const text = JSON.stringify(paths);
  for (const m of text.matchAll(/#\/components\/schemas\/(\w+)/g)) usedNames.add(m[1]!);
  // components reference each other (Review inside ReviewPage): keep adding until closed
  const schemas: Record<string, unknown> = {};
  const pending = [...usedNames];
  while (pending.length) {
    const n = pending.pop()!;
    if (schemas[n]) continue;
    schemas[n] = refOrInline(COMPONENTS[n]!, names, true);
    for (const m of JSON.stringify(schemas[n]).matchAll(/#\/components\/schemas\/(\w+)/g))
      if (!schemas[m[1]!]) pending.push(m[1]!);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Plumbline API',
      version: VERSION,
      summary: 'Architecture reviews of backend systems, with history.',
      description:
        'Reviews run as jobs (202 and a status resource, progress as Server-Sent Events). Errors are RFC 9457 problem details. Authenticate with an API key as a Bearer token; keys carry the read, write or admin scope. See docs/server.md.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      contact: { name: 'Plumbline', url: 'https://plumbline.dev' },
    },
    servers: [{ url: '/', description: 'This server.' }],
    tags: [...new Set(ROUTES.map((r) => r.tag))].map((t) => ({
      name: t,
      description: `${t[0]!.toUpperCase()}${t.slice(1)}.`,
    })),
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key (`plb_…`) as a Bearer token.',
        },
      },
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}
