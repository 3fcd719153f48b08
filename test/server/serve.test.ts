/**
 * `plumbline serve` as the README runs it: SQLite under PLUMBLINE_DATA_DIR, the first admin key from
 * PLUMBLINE_ADMIN_KEY (here through PLUMBLINE_ADMIN_KEY_FILE), examples/shop reviewed through the API; and
 * `plumbline keys` managing the same store.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { reviewDirectory } from '../../src/index.js';
import { serve } from '../../src/server/index.js';
import { client, repoRoot, waitForReview } from '../helpers/server.js';

const ADMIN = 'plb_readme-admin-key-for-tests';

describe('plumbline serve on the embedded default store', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-data-'));
  let running: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    const keyFile = path.join(dataDir, 'admin-key');
    writeFileSync(keyFile, `${ADMIN}\n`);
    running = await serve({
      host: '127.0.0.1',
      port: 0,
      allowedRoots: [repoRoot],
      workers: 1,
      maxQueued: 10,
      log: false,
      // revocations by `plumbline keys` (another store connection) show at once without the key cache
      env: {
        PLUMBLINE_DATA_DIR: dataDir,
        PLUMBLINE_ADMIN_KEY_FILE: keyFile,
        PLUMBLINE_KEY_CACHE_SECONDS: '0',
      },
    });
  });
  afterAll(async () => {
    await running?.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reviews examples/shop with the seeded admin key; without a key the API answers 401 problem+json', async () => {
    const anon = await client(running.address)('POST', '/v1/reviews', { path: 'examples/shop' });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const admin = client(running.address, ADMIN);
    const submitted = await admin('POST', '/v1/reviews', { path: 'examples/shop' });
    expect(submitted.status).toBe(202);
    const done = await waitForReview(admin, submitted.json.id);
    expect(done.status).toBe('succeeded');
    const report = await admin('GET', `/v1/reviews/${submitted.json.id}/report`);
    const direct = await reviewDirectory(path.join(repoRoot, 'examples/shop'));
    expect(report.json.findings.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(
      direct.findings.map((f) => f.fingerprint),
    );
    const list = await admin('GET', '/v1/reviews');
    expect(list.json.items[0].id).toBe(submitted.json.id);
  });

  it('serves the MCP tools under /mcp behind the same keys', async () => {
    const url = new URL(`${running.address}/mcp`);
    const agent = new Client({ name: 'serve-agent', version: '1.0.0' });
    await agent.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: `Bearer ${ADMIN}` } },
      }),
    );
    const result = (await agent.callTool({
      name: 'review',
      arguments: { path: 'examples/shop', minSeverity: 'high', limit: 50 },
    })) as CallToolResult;
    const ids = (result.structuredContent as { findings: { ruleId: string }[] }).findings.map(
      (f) => f.ruleId,
    );
    expect(ids).toContain('security/plaintext-secret');
    await agent.close();
    const anonymous = new Client({ name: 'anonymous', version: '1.0.0' });
    await expect(anonymous.connect(new StreamableHTTPClientTransport(url))).rejects.toThrow(
      /401|Unauthorized/,
    );
  });

  it('plumbline keys creates, lists and revokes keys in the same store', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      isTTY: false,
    };
    const saved = process.env.PLUMBLINE_DATA_DIR;
    const savedUrl = process.env.DATABASE_URL;
    process.env.PLUMBLINE_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    try {
      expect(await runCli(['keys', 'create', '--name', 'ci', '--scope', 'write'], io)).toBe(0);
      const key = out.join('').trim();
      expect(key).toMatch(/^plb_/);
      const writer = client(running.address, key);
      expect((await writer('GET', '/v1/rules')).status).toBe(200);
      out.length = 0;
      expect(await runCli(['keys', 'list'], io)).toBe(0);
      const line = out
        .join('')
        .split('\n')
        .find((l) => l.endsWith('  ci'))!;
      expect(line).toContain('write');
      expect(out.join('')).not.toContain(key);
      expect(await runCli(['keys', 'revoke', line.split(' ')[0]!], io)).toBe(0);
      expect((await writer('GET', '/v1/rules')).status).toBe(401);
      expect(await runCli(['keys', 'create', '--name', 'x', '--scope', 'root'], io)).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.PLUMBLINE_DATA_DIR;
      else process.env.PLUMBLINE_DATA_DIR = saved;
      if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
    }
  });
});

describe('the deployment example', () => {
  it('passes Plumbline’s own review without a high or critical finding', async () => {
    const report = await reviewDirectory(path.join(repoRoot, 'examples/plumbline-service'));
    const serious = report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
    expect(serious.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    expect(report.system.services).toBeGreaterThan(0);
  });
});
