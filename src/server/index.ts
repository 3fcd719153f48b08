/** `plumbline serve`: configuration from flags and the environment, the store, the server, a clean stop. */
import os from 'node:os';
import path from 'node:path';
import { reviewDirectory } from '../index.js';
import { describeStore, envSetting, openStore, storeOptionsFromEnv } from '../store/index.js';
import { buildServer, DEFAULT_RATE_LIMIT, type PlumblineServer, type ServerOptions } from './app.js';
import { seedAdminKey } from './keys.js';
import { DistributedJobs, queueSettingsFromEnv, startBoss, startWorker } from './queue.js';
import { loadRepositories } from './repositories.js';

export { buildServer, type PlumblineServer, type ServerOptions } from './app.js';
export { createApiKey, generateKey, hashKey, seedAdminKey } from './keys.js';
export { openApiDocument, openApiText } from './openapi.js';
export { DistributedJobs, queueSettingsFromEnv, startBoss, startWorker } from './queue.js';
export { dueRepositories, parseRepositories, signature, validSignature } from './repositories.js';

export interface ServeOptions {
  host: string;
  port: number;
  allowedRoots: string[];
  workers: number;
  maxQueued: number;
  env?: NodeJS.ProcessEnv;
  /** Log to stdout as JSON lines (default true). */
  log?: boolean;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

/** Opens the store, seeds the admin key, starts listening; resolves to the running server and its address. */
export async function serve(o: ServeOptions): Promise<{ server: PlumblineServer; address: string }> {
  const env = o.env ?? process.env;
  const storeOptions = storeOptionsFromEnv(env);
  const store = await openStore(storeOptions);
  try {
    const seeded = await seedAdminKey(store, envSetting(env, 'PLUMBLINE_ADMIN_KEY'));
    const options: ServerOptions = {
      store,
      allowedRoots: o.allowedRoots,
      workers: o.workers,
      maxQueued: o.maxQueued,
      rateLimit: {
        max: positive(env, 'PLUMBLINE_RATE_LIMIT', DEFAULT_RATE_LIMIT.max),
        submitMax: positive(env, 'PLUMBLINE_SUBMIT_RATE_LIMIT', DEFAULT_RATE_LIMIT.submitMax),
        windowMs: DEFAULT_RATE_LIMIT.windowMs,
      },
      corsOrigins: env.PLUMBLINE_CORS_ORIGINS
        ? env.PLUMBLINE_CORS_ORIGINS.split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
      logger: o.log === false ? false : { level: env.PLUMBLINE_LOG_LEVEL || 'info' },
      reviewCacheDir: env.PLUMBLINE_CACHE_DIR || path.join(os.tmpdir(), 'plumbline-review-cache'),
      trustProxy: env.PLUMBLINE_TRUST_PROXY === '1',
      keyCacheMs:
        env.PLUMBLINE_KEY_CACHE_SECONDS === '0' ? 0 : positive(env, 'PLUMBLINE_KEY_CACHE_SECONDS', 30) * 1000,
    };
    // PostgreSQL: reviews go through pg-boss and `plumbline worker` processes run them (PLUMBLINE_QUEUE=in-process
    // keeps them in this process, as with SQLite)
    if (storeOptions.databaseUrl && env.PLUMBLINE_QUEUE !== 'in-process') {
      const settings = queueSettingsFromEnv(env);
      const boss = await startBoss(storeOptions.databaseUrl, settings);
      options.queue = (metrics) => new DistributedJobs(boss, store, metrics, settings.schema);
    }
    const repositoriesFile = env.PLUMBLINE_REPOSITORIES;
    if (repositoriesFile) options.repositories = loadRepositories(repositoriesFile);
    const webhookSecret = envSetting(env, 'PLUMBLINE_WEBHOOK_SECRET');
    if (webhookSecret) {
      if (webhookSecret.length < 16)
        throw new Error('PLUMBLINE_WEBHOOK_SECRET must be at least 16 characters');
      options.webhookSecret = webhookSecret;
    }
    const server = await buildServer(options);
    const address = await server.app.listen({ host: o.host, port: o.port });
    server.app.log.info(
      {
        store: describeStore(storeOptions),
        allowedRoots: o.allowedRoots,
        workers: o.workers,
        seededAdminKey: Boolean(seeded),
      },
      'plumbline serving',
    );
    const close = server.close;
    server.close = async () => {
      await close();
      await store.close();
    };
    return { server, address };
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}

export interface WorkerProcessOptions {
  /** Reviews this process runs at once. */
  concurrency: number;
  env?: NodeJS.ProcessEnv;
  /** One JSON object per job event. */
  log?: (event: Record<string, unknown>) => void;
}

/** `plumbline worker`: runs queued reviews from the PostgreSQL store's pg-boss queue until stopped. */
export async function worker(o: WorkerProcessOptions): Promise<{ stop(): Promise<void> }> {
  const env = o.env ?? process.env;
  const storeOptions = storeOptionsFromEnv(env);
  if (!storeOptions.databaseUrl)
    throw new Error(
      'plumbline worker needs DATABASE_URL (PostgreSQL); with SQLite, plumbline serve runs the reviews itself',
    );
  const store = await openStore(storeOptions);
  try {
    const cacheDir = env.PLUMBLINE_CACHE_DIR || path.join(os.tmpdir(), 'plumbline-review-cache');
    const running = await startWorker({
      databaseUrl: storeOptions.databaseUrl,
      store,
      concurrency: o.concurrency,
      review: (dir) => reviewDirectory(dir, { cacheDir }),
      settings: queueSettingsFromEnv(env),
      log: o.log,
    });
    o.log?.({
      event: 'worker-started',
      pid: process.pid,
      concurrency: o.concurrency,
      store: describeStore(storeOptions),
    });
    return {
      async stop() {
        await running.stop();
        await store.close();
      },
    };
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}
