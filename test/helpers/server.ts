/** A real Plumbline server on loopback over a fresh store, for the API, browser and load tests. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, type PlumblineServer, type ServerOptions } from '../../src/server/app.js';
import { createApiKey, seedAdminKey } from '../../src/server/keys.js';
import type { Backend } from './stores.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_KEY = 'plb_test-admin-key-0123456789';

export interface TestServer {
  url: string;
  server: PlumblineServer;
  /** Allowed root: a temp dir holding shop-v1 and shop-v2 (examples/shop with one manifest removed). */
  root: string;
  keys: { admin: string; write: string; read: string };
  store: import('../../src/store/types.js').Store;
  close(): Promise<void>;
}

export async function startTestServer(
  backend: Backend,
  options: Partial<ServerOptions> = {},
): Promise<TestServer> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'plumbline-root-'));
  cpSync(path.join(repoRoot, 'examples/shop'), path.join(root, 'shop-v1'), { recursive: true });
  cpSync(path.join(repoRoot, 'examples/shop'), path.join(root, 'shop-v2'), { recursive: true });
  rmSync(path.join(root, 'shop-v2/k8s/payments.yaml'));
  cpSync(path.join(repoRoot, 'test/fixtures/diff'), path.join(root, 'diff'), { recursive: true });
  const opened = await backend.open();
  await seedAdminKey(opened.store, ADMIN_KEY);
  const write = (await createApiKey(opened.store, 'writer', 'write')).key;
  const read = (await createApiKey(opened.store, 'reader', 'read')).key;
  const server = await buildServer({
    store: opened.store,
    allowedRoots: [root],
    defaultMetrics: false,
    ...options,
  });
  const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    server,
    root,
    keys: { admin: ADMIN_KEY, write, read },
    store: opened.store,
    async close() {
      await server.close();
      await opened.cleanup();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function client(base: string, key?: string) {
  return async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers };
    if (key) h.authorization = `Bearer ${key}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${base}${url}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: API answers are explored dynamically by the assertions
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
}

/** Polls a review until it leaves queued/running. */
export async function waitForReview(call: ReturnType<typeof client>, id: string, timeoutMs = 60_000) {
  const start = Date.now();
  for (;;) {
    const r = await call('GET', `/v1/reviews/${id}`);
    if (r.json?.status === 'succeeded' || r.json?.status === 'failed') return r.json;
    if (Date.now() - start > timeoutMs) throw new Error(`review ${id} did not finish: ${r.text}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
