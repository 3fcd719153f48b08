/**
 * The HTTP server: Fastify with the kept plugins (rate limit, helmet, optional CORS), a route table
 * (routes.ts) bound to handlers over the library API and the store, API keys with scopes, RFC 9457 errors,
 * jobs for reviews, health, metrics and the web page.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { diffContracts, discoverContracts, reviewDirectory } from '../index.js';
import { createMcpHttpHandler } from '../mcp/http.js';
import type { Report } from '../review/report.js';
import { allRules } from '../rules/index.js';
import {
  type ApiKeyRecord,
  InvalidCursorError,
  type ReviewRecord,
  type ReviewStatus,
  type Scope,
  type Store,
} from '../store/types.js';
import { type JobEvent, ReviewJobs, type ReviewQueue } from './jobs.js';
import { createApiKey, hashKey, scopeAllows } from './keys.js';
import { ServerMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { OrganisationViews } from './organisation.js';
import { realRoots, resolveAllowed } from './paths.js';
import { HttpProblem, problemBody } from './problem.js';
import { dueRepositories, type ServedRepository, validSignature } from './repositories.js';
import { ROUTES } from './routes.js';
import { webAssets } from './web.js';

export interface RateLimitOptions {
  /** Requests per window per API key (or client address without a key). */
  max: number;
  /** Review submissions per window per key. */
  submitMax: number;
  windowMs: number;
}

export interface ServerOptions {
  store: Store;
  /** Directories clients may name for reviews and diffs. */
  allowedRoots: string[];
  /** Reviews running at once (default 2). */
  workers?: number;
  /** Reviews waiting at most; more are refused with 503 (default 100). */
  maxQueued?: number;
  rateLimit?: RateLimitOptions | false;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Origins allowed by CORS; none (the default) = CORS off. */
  corsOrigins?: string[];
  logger?: FastifyServerOptions['logger'];
  /** Content-addressed review cache directory; unset = no cache. */
  reviewCacheDir?: string;
  trustProxy?: boolean;
  /** Replaces the review function (tests). */
  review?: (dir: string) => Promise<Report>;
  /**
   * How long a valid key stays known without asking the store (default 30 s). Keys revoked through the API
   * stop at once; keys revoked with `plumbline keys revoke` in another process stop within this time.
   */
  keyCacheMs?: number;
  /** Process metrics (CPU, memory, event loop) in /metrics; default true. */
  defaultMetrics?: boolean;
  /** Repositories reviewed on push (webhook) and on their cron schedule (PLUMBLINE_REPOSITORIES). */
  repositories?: ServedRepository[];
  /** Shared secret of the push webhook; unset = webhook off. */
  webhookSecret?: string;
  /** The job queue; default: in-process workers (the PostgreSQL deployment passes the pg-boss queue). */
  queue?: (metrics: ServerMetrics) => ReviewQueue;
}

const WEBHOOK_BODY_LIMIT = 1024 * 1024;

async function keepRawBody(
  req: FastifyRequest,
  _reply: FastifyReply,
  payload: NodeJS.ReadableStream,
): Promise<NodeJS.ReadableStream> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buf.length;
    if (size > WEBHOOK_BODY_LIMIT)
      throw new HttpProblem(413, 'body-too-large', `A push event is at most ${WEBHOOK_BODY_LIMIT} bytes.`);
    chunks.push(buf);
  }
  const raw = Buffer.concat(chunks);
  (req as FastifyRequest & { rawBody?: Buffer }).rawBody = raw;
  return Readable.from([raw]);
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 600, submitMax: 60, windowMs: 60_000 };

declare module 'fastify' {
  interface FastifyContextConfig {
    scope?: Scope;
  }
  interface FastifyRequest {
    apiKeyId?: string;
  }
}

export interface PlumblineServer {
  app: FastifyInstance;
  jobs: ReviewQueue;
  metrics: ServerMetrics;
  /** Every route the server answers (method and Fastify path), for the contract test. */
  routes: { method: string; url: string }[];
  /** Stops taking requests and jobs; running reviews finish, queued ones stay queued in the store. */
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S{1,512})$/i.exec(h);
  return m ? m[1] : undefined;
}

function sendProblem(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  type: string,
  detail?: string,
  errors?: object[],
) {
  const body: Record<string, unknown> = { ...problemBody(status, type, detail, req.url.split('?')[0]!) };
  if (errors?.length) body.errors = errors;
  return reply.code(status).type('application/problem+json').send(JSON.stringify(body));
}

function compareFindings(base: Report, head: Report) {
  const slim = (f: Report['findings'][number]) => ({
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    severity: f.severity,
    area: f.area,
    title: f.title,
    message: f.message,
  });
  const baseKeys = new Set(base.findings.map((f) => `${f.fingerprint}\u0000${f.ruleId}`));
  const headKeys = new Set(head.findings.map((f) => `${f.fingerprint}\u0000${f.ruleId}`));
  return {
    new: head.findings.filter((f) => !baseKeys.has(`${f.fingerprint}\u0000${f.ruleId}`)).map(slim),
    fixed: base.findings.filter((f) => !headKeys.has(`${f.fingerprint}\u0000${f.ruleId}`)).map(slim),
    unchanged: head.findings.filter((f) => baseKeys.has(`${f.fingerprint}\u0000${f.ruleId}`)).map(slim),
  };
}

export async function buildServer(options: ServerOptions): Promise<PlumblineServer> {
  const { store } = options;
  const roots = await realRoots(options.allowedRoots);
  if (!roots.length) throw new Error('at least one allowed root is needed');
  const metrics = new ServerMetrics(options.defaultMetrics ?? true);
  const review =
    options.review ?? ((dir: string) => reviewDirectory(dir, { cacheDir: options.reviewCacheDir }));
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    requestTimeout: 120_000,
    connectionTimeout: 130_000,
  });
  // the API takes JSON only: any other body is 415
  app.removeContentTypeParser('text/plain');
  // query strings and path parameters are text, so their numbers are coerced; JSON bodies are taken as sent
  const ajvFor = (coerce: boolean) => {
    const ajv = new Ajv({
      coerceTypes: coerce ? 'array' : false,
      useDefaults: true,
      removeAdditional: false,
      allErrors: false,
      strict: false,
    });
    // CommonJS: the default import is the function itself under Node, its namespace under some loaders
    const mod = addFormatsModule as unknown as { default?: (a: Ajv) => void };
    (typeof mod === 'function' ? (mod as (a: Ajv) => void) : mod.default!)(ajv);
    return ajv;
  };
  const textAjv = ajvFor(true);
  const bodyAjv = ajvFor(false);
  app.setValidatorCompiler(
    ({ schema, httpPart }) =>
      (httpPart === 'body' ? bodyAjv : textAjv).compile(schema) as ReturnType<typeof bodyAjv.compile>,
  );
  const jobs: ReviewQueue = options.queue
    ? options.queue(metrics)
    : new ReviewJobs(store, {
        concurrency: options.workers ?? 2,
        maxQueued: options.maxQueued ?? 100,
        review,
        metrics,
        log: app.log,
      });

  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.requests.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  if (options.corsOrigins?.length)
    await app.register(cors, {
      origin: options.corsOrigins,
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['Location', 'Link', 'Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });
  const limits = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit;
  if (limits) {
    await app.register(rateLimit, {
      global: true,
      max: limits.max,
      timeWindow: limits.windowMs,
      // by API key (hashed, so the key never sits in memory as a map key), else by client address
      keyGenerator: (req) => {
        const key = bearer(req);
        return key ? `k:${hashKey(key).slice(0, 32)}` : `ip:${req.ip}`;
      },
      errorResponseBuilder: (_req, ctx) =>
        new HttpProblem(
          429,
          'rate-limited',
          `Too many requests: at most ${ctx.max} per ${ctx.after}; retry later.`,
        ),
    });
  }

  app.setErrorHandler((error: FastifyError | HttpProblem, req, reply) => {
    if (error instanceof HttpProblem) {
      for (const [h, v] of Object.entries(error.headers)) reply.header(h, v);
      return sendProblem(reply, req, error.statusCode, error.problemType, error.message, error.errors);
    }
    const err = error as FastifyError;
    if (err.validation) {
      const where = err.validationContext ?? 'body';
      const errors = err.validation.map((v) => ({
        pointer: `/${where}${v.instancePath || ''}${v.keyword === 'required' ? `/${(v.params as { missingProperty?: string }).missingProperty}` : ''}${v.keyword === 'additionalProperties' ? `/${(v.params as { additionalProperty?: string }).additionalProperty}` : ''}`,
        detail: v.message ?? 'is invalid',
      }));
      return sendProblem(reply, req, 400, 'validation', `The request ${where} is invalid.`, errors);
    }
    if (err instanceof InvalidCursorError)
      return sendProblem(reply, req, 400, 'validation', err.message, [
        { pointer: '/querystring/cursor', detail: err.message },
      ]);
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      req.log.error({ err }, 'request failed');
      return sendProblem(reply, req, 500, 'internal', 'The server could not complete the request.');
    }
    const types: Record<number, string> = {
      413: 'body-too-large',
      415: 'unsupported-media-type',
      429: 'rate-limited',
    };
    return sendProblem(reply, req, status, types[status] ?? 'bad-request', err.message);
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, req, 404, 'not-found', `No route ${req.method} ${req.url.split('?')[0]}.`),
  );

  // authentication and scopes: after the rate limit (onRequest) and before validation, so an anonymous
  // caller learns nothing about the body it sent and cannot guess keys faster than the limit
  const keyCacheMs = options.keyCacheMs ?? 30_000;
  const knownKeys = new Map<string, { record: ApiKeyRecord; until: number }>();
  async function lookupKey(hash: string): Promise<ApiKeyRecord | undefined> {
    const now = Date.now();
    const known = knownKeys.get(hash);
    if (known && known.until > now) return known.record;
    const record = await store.findApiKey(hash);
    if (record && keyCacheMs > 0) {
      if (knownKeys.size > 10_000) knownKeys.clear();
      knownKeys.set(hash, { record, until: now + keyCacheMs });
    } else knownKeys.delete(hash);
    return record;
  }
  app.addHook('preValidation', async (req) => {
    const needs = req.routeOptions.config?.scope;
    if (!needs) return;
    const key = bearer(req);
    const record = key ? await lookupKey(hashKey(key)) : undefined;
    if (!record)
      throw new HttpProblem(
        401,
        'unauthorized',
        key ? 'The API key is not valid.' : 'An API key is required (Authorization: Bearer <key>).',
        {
          headers: { 'WWW-Authenticate': 'Bearer realm="plumbline"' },
        },
      );
    if (!scopeAllows(record.scope, needs))
      throw new HttpProblem(
        403,
        'forbidden',
        `This operation needs the ${needs} scope; the key has ${record.scope}.`,
      );
    req.apiKeyId = record.id;
  });

  const notFound = (what: string, id: string) => new HttpProblem(404, 'not-found', `No ${what} ${id}.`);

  async function loadReport(id: string): Promise<Report> {
    const record = await store.getReview(id);
    if (!record) throw notFound('review', id);
    if (record.status !== 'succeeded')
      throw new HttpProblem(409, 'review-not-finished', `Review ${id} is ${record.status}, not succeeded.`);
    return JSON.parse((await store.getReportText(id))!) as Report;
  }

  const organisation = new OrganisationViews(store);
  const served = new Map((options.repositories ?? []).map((r) => [r.name, r]));

  /** Queue a review of a directory inside the allowed roots (API, webhook, schedule). */
  async function submit(reply: FastifyReply | undefined, dirPath: string, system?: string): Promise<unknown> {
    if (!jobs.hasRoom()) {
      metrics.rejected.inc({ reason: 'queue-full' });
      throw new HttpProblem(503, 'queue-full', 'The review queue is full; retry later.', {
        headers: { 'Retry-After': '30' },
      });
    }
    const dir = await resolveAllowed(roots, dirPath, 'directory');
    const record = await store.createReview({
      id: randomBytes(12).toString('base64url'),
      system: system ?? path.basename(dir),
      path: dir,
      createdAt: new Date().toISOString(),
    });
    return accepted(reply, record, await jobs.enqueue(record.id, dir));
  }

  /**
   * 202 for a queued review; when a review of the same repository was already waiting (pg-boss coalesces them),
   * the new one is dropped and the waiting one answers: it will read the same files.
   */
  async function accepted(
    reply: FastifyReply | undefined,
    record: ReviewRecord,
    outcome: { queued: boolean; waiting?: string },
  ): Promise<unknown> {
    let answer = record;
    if (!outcome.queued && outcome.waiting) {
      await store.discardReview(record.id);
      answer = (await store.getReview(outcome.waiting)) ?? record;
    }
    const position = jobs.positionOf(answer.id);
    reply?.code(202).header('Location', `/v1/reviews/${answer.id}`);
    return position === undefined ? answer : { ...answer, position };
  }

  type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  const handlers: Record<string, Handler> = {
    async submitReview(req, reply) {
      const body = req.body as { path: string; system?: string };
      return submit(reply, body.path, body.system);
    },
    async receivePush(req, reply) {
      const secret = options.webhookSecret;
      if (!secret) throw new HttpProblem(404, 'not-found', 'Webhooks are not configured on this server.');
      const raw = (req as FastifyRequest & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
      const signed = req.headers['x-hub-signature-256'];
      if (!validSignature(secret, raw, typeof signed === 'string' ? signed : undefined))
        throw new HttpProblem(401, 'unauthorized', 'The X-Hub-Signature-256 signature is missing or wrong.');
      const name = (req.body as { repository: { full_name: string } }).repository.full_name;
      const repo = served.get(name);
      if (!repo)
        throw new HttpProblem(404, 'not-found', `Repository ${name} is not in the repositories file.`);
      return submit(reply, repo.path, repo.system);
    },
    async listReviews(req, reply) {
      const q = req.query as { system?: string; status?: ReviewStatus; limit: number; cursor?: string };
      const page = await store.listReviews(q);
      if (page.next) {
        const params = new URLSearchParams();
        if (q.system) params.set('system', q.system);
        if (q.status) params.set('status', q.status);
        params.set('limit', String(q.limit));
        params.set('cursor', page.next);
        reply.header('Link', `</v1/reviews?${params}>; rel="next"`);
      }
      return page;
    },
    async getReview(req) {
      const { id } = req.params as { id: string };
      const record = await store.getReview(id);
      if (!record) throw notFound('review', id);
      const position = jobs.positionOf(id);
      return position === undefined ? record : { ...record, position };
    },
    async getReviewReport(req, reply) {
      const { id } = req.params as { id: string };
      const record = await store.getReview(id);
      if (!record) throw notFound('review', id);
      if (record.status !== 'succeeded')
        throw new HttpProblem(409, 'review-not-finished', `Review ${id} is ${record.status}, not succeeded.`);
      reply.type('application/json');
      return reply.send(await store.getReportText(id));
    },
    async streamReviewEvents(req, reply) {
      const { id } = req.params as { id: string };
      const record = await store.getReview(id);
      if (!record) throw notFound('review', id);
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-request-id': req.id,
        connection: 'keep-alive',
      });
      const write = (e: JobEvent) => raw.write(`event: status\ndata: ${JSON.stringify(e)}\n\n`);
      const done = (s: string) => s === 'succeeded' || s === 'failed';
      let unsubscribe = () => {};
      const finish = () => {
        unsubscribe();
        clearInterval(heartbeat);
        raw.end();
      };
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
      unsubscribe = jobs.subscribe(id, (e) => {
        write(e);
        if (done(e.status)) finish();
      });
      raw.on('close', () => {
        unsubscribe();
        clearInterval(heartbeat);
      });
      // the state now (after subscribing, so no change falls between the read and the subscription)
      const now = await store.getReview(id);
      const first: JobEvent = { id, status: now!.status };
      const position = jobs.positionOf(id);
      if (position !== undefined) first.position = position;
      if (now!.error) first.error = now!.error;
      if (now!.summary) first.summary = now!.summary;
      write(first);
      if (done(first.status)) finish();
    },
    async compareReviews(req) {
      const { base, head } = req.query as { base: string; head: string };
      const [baseReport, headReport] = [await loadReport(base), await loadReport(head)];
      return {
        base: await store.getReview(base),
        head: await store.getReview(head),
        ...compareFindings(baseReport, headReport),
      };
    },
    async listSystems() {
      return { items: await store.listSystems() };
    },
    async getOrganisation(req) {
      const q = req.query as { trend: number; rules: number };
      return organisation.view(q);
    },
    async getSystemTrend(req) {
      const { name } = req.params as { name: string };
      const { limit } = req.query as { limit: number };
      const points = await store.trend(name, limit);
      if (!points.length && !(await store.listReviews({ system: name, limit: 1 })).items.length)
        throw notFound('system', name);
      return { system: name, points };
    },
    async diffContracts(req) {
      const body = req.body as { base: string; head: string };
      const base = await resolveAllowed(roots, body.base, 'any', 'base');
      const head = await resolveAllowed(roots, body.head, 'any', 'head');
      return diffContracts(await discoverContracts(base), await discoverContracts(head));
    },
    async designSystem(req, reply) {
      const body = req.body as { requirements: string | object };
      const { designSystem, parseRequirements, RequirementsError, renderDesign } = await import(
        '../design/index.js'
      );
      const text =
        typeof body.requirements === 'string' ? body.requirements : JSON.stringify(body.requirements);
      let requirements: ReturnType<typeof parseRequirements>;
      try {
        requirements = parseRequirements(text, 'requirements');
      } catch (err) {
        if (err instanceof RequirementsError)
          throw new HttpProblem(422, 'invalid-requirements', 'The requirements are invalid.', {
            errors: err.issues
              .slice(0, 100)
              .map((i) => ({ pointer: `/requirements/${i.path.replace(/\./g, '/')}`, detail: i.message })),
          });
        throw err;
      }
      reply.type('application/json');
      return reply.send(renderDesign(designSystem(requirements), 'json'));
    },
    async listRules() {
      return {
        items: allRules.map((r) => ({ id: r.id, area: r.area, severity: r.severity, title: r.title })),
      };
    },
    async getRule(req) {
      const { area, name } = req.params as { area: string; name: string };
      const id = `${area}/${name}`;
      const rule = allRules.find((r) => r.id === id);
      if (!rule) throw notFound('rule', id);
      const { check: _check, examples: _examples, ...meta } = rule;
      return meta;
    },
    async listApiKeys() {
      return { items: await store.listApiKeys() };
    },
    async createApiKey(req, reply) {
      const body = req.body as { name: string; scope: Scope };
      const { key, record } = await createApiKey(store, body.name, body.scope);
      reply.code(201).header('Cache-Control', 'no-store').header('Location', `/v1/keys/${record.id}`);
      return { key, apiKey: record };
    },
    async revokeApiKey(req, reply) {
      const { id } = req.params as { id: string };
      if (!(await store.revokeApiKey(id, new Date().toISOString()))) throw notFound('active API key', id);
      for (const [hash, known] of knownKeys) if (known.record.id === id) knownKeys.delete(hash);
      return reply.code(204).send();
    },
  };

  for (const route of ROUTES) {
    const handler = handlers[route.operationId];
    if (!handler) throw new Error(`no handler for ${route.operationId}`);
    const response: Record<string, object> = {};
    for (const [code, r] of Object.entries(route.responses))
      if (r.schema && (r.contentType ?? 'application/json') === 'application/json') response[code] = r.schema;
    const schema: Record<string, unknown> = { response };
    if (route.params) schema.params = route.params;
    if (route.querystring) schema.querystring = route.querystring;
    if (route.body) schema.body = route.body;
    const routeConfig: Record<string, unknown> = {};
    if (route.scope) routeConfig.scope = route.scope;
    if (limits && route.operationId === 'submitReview')
      routeConfig.rateLimit = { max: limits.submitMax, timeWindow: limits.windowMs };
    app.route({
      method: route.method,
      url: route.url,
      schema,
      config: routeConfig,
      handler,
      // the webhook's signature is over the exact bytes sent: keep them beside the parsed body
      ...(route.operationId === 'receivePush' ? { preParsing: keepRawBody } : {}),
    });
  }

  // the MCP server over streamable HTTP (docs/mcp.md), behind the same keys and roots as the REST API
  const mcp = createMcpHttpHandler({ roots });
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/mcp',
    config: { scope: 'write' },
    handler: async (req, reply) => {
      reply.hijack();
      await mcp(req.raw, reply.raw, req.body);
    },
  });

  const openapi = JSON.stringify(openApiDocument());
  app.get('/v1/openapi.json', async (_req, reply) => reply.type('application/json').send(openapi));
  app.get('/healthz', { config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { rateLimit: false } }, async (req, reply) => {
    try {
      await store.ping();
    } catch (err) {
      req.log.warn({ err }, 'store not ready');
      return sendProblem(reply, req, 503, 'not-ready', 'The store does not answer.');
    }
    return { status: 'ready', store: store.kind, ...jobs.depth };
  });
  app.get('/metrics', { config: { rateLimit: false } }, async (_req, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  const assets = await webAssets();
  for (const asset of assets)
    app.get(asset.url, async (_req, reply) =>
      reply.type(asset.contentType).header('Cache-Control', asset.cache).send(asset.body),
    );

  await app.ready();
  await jobs.recover();
  if ([...served.values()].some((r) => r.schedule))
    await jobs.everyMinute(async (minute) => {
      for (const repo of dueRepositories([...served.values()], minute)) {
        try {
          const queued = (await submit(undefined, repo.path, repo.system)) as { id: string };
          app.log.info({ repository: repo.name, reviewId: queued.id }, 'scheduled review queued');
        } catch (err) {
          app.log.error({ err, repository: repo.name }, 'scheduled review not queued');
        }
      }
    });
  return {
    app,
    jobs,
    metrics,
    routes,
    async close() {
      await app.close();
      await jobs.close();
    },
  };
}
