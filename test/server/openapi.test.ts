/** The OpenAPI document kept in the repository is the one the routes generate, and passes Plumbline's review. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewDirectory } from '../../src/index.js';
import { openApiText } from '../../src/server/openapi.js';
import { client, repoRoot, startTestServer, type TestServer } from '../helpers/server.js';
import { backends } from '../helpers/stores.js';

const keptFile = path.join(repoRoot, 'schema/plumbline-api.openapi.json');
const kept = readFileSync(keptFile, 'utf8');

describe('the API contract', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backends[0]!);
  });
  afterAll(async () => t?.close());

  it('is kept in the repository as generated (npx tsx scripts/write-openapi.mts rewrites it)', () => {
    expect(kept).toBe(openApiText());
  });

  it('documents every /v1 route the server answers, and no route it does not', () => {
    const doc = JSON.parse(kept) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
    const served = t.server.routes
      .filter((r) => r.url.startsWith('/v1/') && r.url !== '/v1/openapi.json')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(served).toEqual(documented);
  });

  it('is what the server serves at /v1/openapi.json', async () => {
    const served = await client(t.url)('GET', '/v1/openapi.json');
    expect(served.json).toEqual(JSON.parse(kept));
  });

  it('passes Plumbline’s own review without a high or critical finding', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-openapi-'));
    try {
      writeFileSync(path.join(dir, 'plumbline-api.openapi.json'), kept);
      const report = await reviewDirectory(dir);
      const apiRules = report.rulesRun.filter((r) => r.startsWith('api/'));
      expect(apiRules.length).toBeGreaterThan(20);
      const serious = report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
      expect(serious.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
      expect(report.findings.filter((f) => f.area === 'api').map((f) => f.ruleId)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
