/** `plumbline serve` and `plumbline keys`: thin adapters over src/server and src/store. */
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import type * as ServerModule from '../../server/index.js';
import type * as StoreModule from '../../store/index.js';
import { CliExit, type CliIo, EXIT_USAGE } from '../io.js';

/**
 * The server and store modules (Fastify, pg, SQLite) load only when `serve` or `keys` runs, and stay out of
 * the CLI bundle so other commands start no slower: from the bundle (dist/bundle/plumbline.cjs) they are
 * required from dist/ (require of ES modules, Node ≥ 20.19); from the sources they are imported.
 */
async function load<T>(rel: 'server/index.js' | 'store/index.js'): Promise<T> {
  const here = import.meta.url;
  if (here.endsWith('.cjs')) return createRequire(here)(new URL(`../${rel}`, here).pathname) as T;
  return (await import(new URL(`../../${rel}`, here).href)) as T;
}

function int(name: string, min: number, max: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new CliExit(EXIT_USAGE, `${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(
      'serve the HTTP API (/v1) and the web page; history in SQLite, or PostgreSQL with DATABASE_URL',
    )
    .option('-p, --port <n>', 'port', int('--port', 0, 65535), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('-r, --root <dir...>', 'directories clients may review (default: the current directory)')
    .option('-w, --workers <n>', 'reviews running at once', int('--workers', 1, 64), 2)
    .option('--max-queued <n>', 'reviews waiting at most before 503', int('--max-queued', 1, 100000), 100)
    .action(
      async (opts: { port: number; host: string; root?: string[]; workers: number; maxQueued: number }) => {
        const { serve } = await load<typeof ServerModule>('server/index.js');
        const { server, address } = await serve({
          host: opts.host,
          port: opts.port,
          allowedRoots: opts.root?.length ? opts.root : [process.cwd()],
          workers: opts.workers,
          maxQueued: opts.maxQueued,
        });
        io.stderr(`plumbline: serving on ${address} (web page at ${address}/, API under ${address}/v1)\n`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void server.close().then(resolve, resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      },
    );
}

export function registerWorkerCommand(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description(
      'run queued reviews from the PostgreSQL queue (DATABASE_URL) that plumbline serve fills; run any number, on any machine',
    )
    .option('-c, --concurrency <n>', 'reviews this process runs at once', int('--concurrency', 1, 64), 1)
    .action(async (opts: { concurrency: number }) => {
      const { worker } = await load<typeof ServerModule>('server/index.js');
      let running: Awaited<ReturnType<typeof worker>>;
      try {
        running = await worker({
          concurrency: opts.concurrency,
          log: (event) => io.stdout(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`),
        });
      } catch (err) {
        throw new CliExit(EXIT_USAGE, (err as Error).message);
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          io.stderr('plumbline: worker stopping (running reviews finish first)\n');
          void running.stop().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

export function registerKeysCommand(program: Command, io: CliIo): void {
  const keys = program
    .command('keys')
    .description(
      'manage the API keys of the store (DATABASE_URL or PLUMBLINE_DATA_DIR selects it, as for serve)',
    );
  const withStore = async <T>(fn: (store: StoreModule.Store) => Promise<T>): Promise<T> => {
    const { openStore, storeOptionsFromEnv } = await load<typeof StoreModule>('store/index.js');
    const store = await openStore(storeOptionsFromEnv());
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };
  keys
    .command('create')
    .description('create a key and print it once (only its hash is stored)')
    .requiredOption('-n, --name <name>', 'what the key is for')
    .option('-s, --scope <scope>', 'read | write | admin', 'read')
    .action(async (opts: { name: string; scope: string }) => {
      if (!['read', 'write', 'admin'].includes(opts.scope))
        throw new CliExit(EXIT_USAGE, 'scope must be read, write or admin');
      const { createApiKey } = await load<typeof ServerModule>('server/index.js');
      const { key, record } = await withStore((store) =>
        createApiKey(store, opts.name, opts.scope as 'read'),
      );
      io.stderr(
        `plumbline: created key ${record.id} (${record.scope}) "${record.name}"; it is shown once:\n`,
      );
      io.stdout(`${key}\n`);
    });
  keys
    .command('list')
    .description('list keys (id, scope, prefix, name, created, revoked)')
    .action(async () => {
      const list = await withStore((store) => store.listApiKeys());
      for (const k of list)
        io.stdout(
          `${k.id}  ${k.scope.padEnd(5)}  ${k.prefix}…  ${k.createdAt}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name}\n`,
        );
    });
  keys
    .command('revoke')
    .description('revoke a key by id')
    .argument('<id>', 'key id (from keys list)')
    .action(async (id: string) => {
      const ok = await withStore((store) => store.revokeApiKey(id, new Date().toISOString()));
      if (!ok) throw new CliExit(EXIT_USAGE, `no active key with id ${id}`);
      io.stderr(`plumbline: revoked key ${id}\n`);
    });
}
