/**
 * The installed entry point: bin/plumbline.js runs the esbuild bundle that `npm run build` (the package's
 * `prepare`) writes to dist/bundle/. The other CLI tests run the sources in-process; this one proves the
 * bundle behaves the same (lazy-loaded parsers resolve, the version is read, reports match).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/plumbline.js');
const bundle = path.join(repo, 'dist/bundle/plumbline.mjs');

describe.skipIf(!existsSync(bundle))('bin/plumbline.js (the bundled CLI)', () => {
  it('prints the package version', async () => {
    const { stdout } = await run(process.execPath, [bin, '--version'], { cwd: repo });
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as {
      version: string;
    };
    expect(stdout.trim()).toBe(pkg.version);
  });

  it('writes the same JSON report as the sources for a system with every kind of artifact', async () => {
    const { stdout } = await run(process.execPath, [bin, 'review', 'examples/shop', '--format', 'json'], {
      cwd: repo,
      maxBuffer: 64 * 1024 * 1024,
    });
    const fromSources = await cli('review', 'examples/shop', '--format', 'json');
    expect(stdout).toBe(fromSources.stdout);
  });

  it('loads the parsers it keeps outside the bundle (SQL, GraphQL, proto, imports, Prisma)', async () => {
    const { stdout } = await run(process.execPath, [bin, 'scan', 'test/fixtures', '--format', 'json'], {
      cwd: repo,
      maxBuffer: 64 * 1024 * 1024,
    });
    const model = JSON.parse(stdout) as { artifacts: { kind: string }[]; diagnostics: { message: string }[] };
    const kinds = new Set(model.artifacts.map((a) => a.kind));
    for (const kind of ['sql', 'graphql', 'proto', 'source', 'prisma']) expect(kinds, kind).toContain(kind);
    expect(model.diagnostics.filter((d) => /could not be read by the/.test(d.message))).toEqual([]);
  });
});
