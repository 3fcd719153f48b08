/**
 * The installed entry point: bin/plumbline.js runs the esbuild bundle that `npm run build` (the package's
 * `prepare`) writes to dist/bundle/, through a V8 code cache. The other CLI tests run the sources in-process;
 * this one proves the bundle behaves the same (lazy-loaded parsers resolve, the version is read, reports
 * match) with and without a cache, and with a damaged one.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/plumbline.js');
const bundle = path.join(repo, 'dist/bundle/plumbline.cjs');

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

  it('stops quietly when the reader of its output goes away (`| head`)', async () => {
    const child = spawn(process.execPath, [bin, 'scan', 'test/fixtures', '--format', 'json'], { cwd: repo });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });

  // Node 22.1+ uses its own compile cache (module.enableCompileCache) in the `node/` sub-folder; Node 20 the
  // hand-rolled V8 cache file (src/cli/bundle-loader.ts).
  const nodeCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  describe(`compile cache (${nodeCache ? "Node's module.enableCompileCache" : 'vm.Script cached data'})`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-cc-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const review = (env: Record<string, string>) =>
      run(process.execPath, [bin, 'review', 'examples/shop', '--format', 'json'], {
        cwd: repo,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, ...env },
      });
    /** Cache files, largest first (the bundle's is by far the largest). */
    const cacheFiles = (): string[] => {
      if (!nodeCache)
        return readdirSync(dir)
          .filter((f) => f.endsWith('.v8cache'))
          .map((f) => path.join(dir, f));
      const root = path.join(dir, 'node');
      if (!existsSync(root)) return [];
      return readdirSync(root, { recursive: true, encoding: 'utf8' })
        .map((f) => path.join(root, f))
        .filter((f) => statSync(f).isFile())
        .sort((a, b) => statSync(b).size - statSync(a).size);
    };

    it('writes the cache on the first run and reuses it, with the same report', async () => {
      const first = await review({ PLUMBLINE_COMPILE_CACHE: dir });
      if (!nodeCache) expect(cacheFiles()).toHaveLength(1);
      const file = cacheFiles()[0]!;
      const written = readFileSync(file);
      expect(written.length).toBeGreaterThan(100_000);
      expect(statSync(file).mode & 0o077).toBe(0);
      expect(statSync(dir).mode & 0o077).toBe(0);
      if (nodeCache) expect(statSync(path.join(dir, 'node')).mode & 0o077).toBe(0);
      const second = await review({ PLUMBLINE_COMPILE_CACHE: dir });
      expect(second.stdout).toBe(first.stdout);
      expect(readFileSync(file).equals(written)).toBe(true);
    });

    it('ignores a damaged cache, runs from source and replaces it', async () => {
      const file = cacheFiles()[0]!;
      writeFileSync(file, Buffer.from('not V8 code cache data'), { mode: 0o600 });
      const { stdout } = await review({ PLUMBLINE_COMPILE_CACHE: dir });
      expect(stdout).toBe((await cli('review', 'examples/shop', '--format', 'json')).stdout);
      expect(readFileSync(file).length).toBeGreaterThan(100_000);
    });

    it('writes nothing when turned off', async () => {
      const off = mkdtempSync(path.join(tmpdir(), 'plumbline-cc-off-'));
      try {
        await review({ PLUMBLINE_COMPILE_CACHE: off, PLUMBLINE_DISABLE_COMPILE_CACHE: '1' });
        expect(readdirSync(off)).toEqual([]);
      } finally {
        rmSync(off, { recursive: true, force: true });
      }
    });
  });
});
