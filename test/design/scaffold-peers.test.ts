/**
 * Every generated contract as the peers judge it: Spectral (`spectral:oas` and `spectral:asyncapi`) and Redocly
 * (`recommended`), the project's dev dependencies, run once each over the scaffolds of every example design.
 * Errors fail the test; warnings are the peers' style opinions and are reported only.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeScaffolds } from '../../src/design/index.js';
import { designExample, EXAMPLES } from './helpers.js';

const run = promisify(execFile);
const bin = (name: string) => resolve(import.meta.dirname, '../../node_modules/.bin', name);
const peersInstalled = existsSync(bin('spectral')) && existsSync(bin('redocly'));

describe.skipIf(!peersInstalled)('scaffolds of every example design, linted by Spectral and Redocly', () => {
  let dir: string;
  const openapi: string[] = [];
  const asyncapi: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plumbline-scaffold-peers-'));
    for (const name of EXAMPLES) {
      const written = await writeScaffolds(designExample(name), join(dir, name));
      openapi.push(...written.filter((f) => f.endsWith('openapi.yaml')));
      asyncapi.push(...written.filter((f) => f.endsWith('asyncapi.yaml')));
    }
    await writeFile(join(dir, '.spectral.yaml'), 'extends: ["spectral:oas", "spectral:asyncapi"]\n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('Spectral finds no error in any OpenAPI or AsyncAPI scaffold', async () => {
    expect(openapi.length).toBeGreaterThanOrEqual(EXAMPLES.length);
    expect(asyncapi.length).toBeGreaterThan(0);
    const { stdout } = await run(
      bin('spectral'),
      [
        'lint',
        '--ruleset',
        join(dir, '.spectral.yaml'),
        '--format',
        'json',
        '--fail-severity',
        'error',
        '--quiet',
        ...openapi,
        ...asyncapi,
      ],
      { cwd: dir, maxBuffer: 64 * 1024 * 1024 },
    ).catch((err: { stdout: string }) => ({ stdout: err.stdout }));
    const results = JSON.parse(stdout || '[]') as {
      code: string;
      severity: number;
      source: string;
      message: string;
    }[];
    const errors = results.filter((r) => r.severity === 0).map((r) => `${r.source}: ${r.code} ${r.message}`);
    expect(errors).toEqual([]);
  }, 300_000);

  it('Redocly (recommended) finds no error in any OpenAPI scaffold', async () => {
    const outcome = await run(bin('redocly'), ['lint', '--extends=recommended', ...openapi], {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      (r) => ({ code: 0, stderr: r.stderr, stdout: r.stdout }),
      (err: { code: number; stderr: string; stdout: string }) => err,
    );
    expect(`${outcome.stdout}\n${outcome.stderr}`).not.toMatch(/\d+ errors?\b/);
    expect(outcome.code).toBe(0);
  }, 300_000);
});
