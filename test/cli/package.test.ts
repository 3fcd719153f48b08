/**
 * The package as a team installs it: `npm pack` of this tree, a global install of the tarball into a private
 * prefix, and the installed `plumbline` run from a folder outside the repository. Proves the tarball carries
 * what the installed CLI needs (bundle, lazily loaded parsers' dependencies, schemas, rule docs) and nothing
 * that points at unshipped files (source maps of src/), and that it stays lean.
 *
 * Needs dist/ (built by `npm ci` through `prepare`) and the npm registry or a warm npm cache for the
 * dependencies (`--prefer-offline`: after `npm ci` every dependency is in the cache).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const built = existsSync(path.join(repo, 'dist/bundle/plumbline.cjs'));
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
};
const pkgFiles = pkg.files;

/** The packed tarball must stay small: the bundle, the library's modules and types, schemas and docs. */
const MAX_PACKED_BYTES = 2_500_000;

describe.skipIf(!built)(`npm pack → global install → plumbline (${pkg.name})`, () => {
  let work: string;
  let tarball: string;
  let files: string[];
  let packedSize: number;
  let plumbline: string;
  let elsewhere: string;
  let sourceManifestAfter: string;
  let installLog: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'plumbline-pack-'));
    // pack a copy of what the package ships, with the real prepack/postpack scripts; dist/ is already built
    // (PLUMBLINE_PACK_PREBUILT), and packing a copy leaves this tree's package.json alone meanwhile
    const source = path.join(work, 'source');
    for (const entry of [...pkgFiles, 'package.json', 'README.md', 'scripts/pack-manifest.mjs'])
      cpSync(path.join(repo, entry), path.join(source, entry), { recursive: true });
    const packed = await run('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: source,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, PLUMBLINE_PACK_PREBUILT: '1' },
    });
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
      filename: string;
      size: number;
      files: { path: string }[];
    }[];
    tarball = path.join(work, info[0]!.filename);
    files = info[0]!.files.map((f) => f.path);
    packedSize = info[0]!.size;
    sourceManifestAfter = readFileSync(path.join(source, 'package.json'), 'utf8');
    const prefix = path.join(work, 'prefix');
    const installed = await run(
      'npm',
      ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball],
      { cwd: work, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_loglevel: 'warn' } },
    );
    installLog = installed.stderr;
    plumbline = path.join(prefix, 'bin', 'plumbline');
    // a system to review outside the repository, in a folder of its own
    elsewhere = path.join(work, 'team-repo');
    cpSync(path.join(repo, 'examples/shop'), elsewhere, { recursive: true });
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs the CLI, the library, schemas and rule docs, and nothing else', () => {
    expect(files).toContain('package.json');
    expect(files).toContain(pkg.bin.plumbline!.replace(/^\.\//, ''));
    expect(files).toContain('dist/bundle/plumbline.cjs');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('schema/report.schema.json');
    expect(files).toContain('docs/rules/security.md');
    expect(files.filter((f) => /^(src|test|bench|scripts|web)\//.test(f))).toEqual([]);
  });

  it('ships no source maps and no references to maps or sources it does not ship', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const installed = path.join(path.dirname(plumbline), '..', 'lib', 'node_modules', pkg.name);
    const pointing = files
      .filter((f) => /\.(c|m)?js$/.test(f))
      .filter((f) => /\/\/# sourceMappingURL=/.test(readFileSync(path.join(installed, f), 'utf8')));
    expect(pointing).toEqual([]);
  });

  it('publishes no `prepare` script (npm 11 would ask every installer to allow it) and restores it after', () => {
    expect(pkg.scripts.prepare).toBeTruthy(); // the source tree builds itself on `npm ci`
    const installed = path.join(path.dirname(plumbline), '..', 'lib', 'node_modules', pkg.name);
    const shipped = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(shipped.scripts.prepare).toBeUndefined();
    expect(sourceManifestAfter).toBe(readFileSync(path.join(repo, 'package.json'), 'utf8'));
    expect(installLog).not.toMatch(new RegExp(`${pkg.name}@[^\\s]+ \\(prepare`));
  });

  it(`stays lean (packed under ${MAX_PACKED_BYTES / 1e6} MB)`, () => {
    expect(packedSize).toBeLessThan(MAX_PACKED_BYTES);
  });

  it('runs as `plumbline` from another folder: version, review, every report format', async () => {
    const version = await run(plumbline, ['--version'], { cwd: work });
    expect(version.stdout.trim()).toBe(pkg.version);

    const outDir = path.join(work, 'out');
    // a review with high findings exits 1 by default; --fail-on none keeps this about the install
    const review = await run(
      plumbline,
      [
        'review',
        '.',
        '--fail-on',
        'none',
        '--out',
        `md-summary:${path.join(outDir, 'summary.md')}`,
        '--out',
        `json:${path.join(outDir, 'r.json')}`,
        '--out',
        `sarif:${path.join(outDir, 'r.sarif')}`,
        '--out',
        `html:${path.join(outDir, 'r.html')}`,
      ],
      { cwd: elsewhere, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(review.stderr).not.toMatch(/error/i);
    expect(readFileSync(path.join(outDir, 'summary.md'), 'utf8')).toMatch(/^### Plumbline: /);
    const report = JSON.parse(readFileSync(path.join(outDir, 'r.json'), 'utf8')) as {
      system: { name: string };
      findings: unknown[];
      diagnostics: { message: string }[];
    };
    expect(report.findings.length).toBeGreaterThan(0);
    // the parsers kept outside the bundle resolve from the installed package's node_modules
    expect(report.diagnostics.filter((d) => /could not be read by the/.test(d.message))).toEqual([]);
    const sarif = JSON.parse(readFileSync(path.join(outDir, 'r.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    expect(readFileSync(path.join(outDir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('reads a config from the reviewed folder and reports a wrong path the first-contact way', async () => {
    writeFileSync(path.join(elsewhere, 'plumbline.yaml'), 'rules:\n  practices/*: off\n');
    const json = await run(plumbline, ['review', '.', '--fail-on', 'none', '--format', 'json'], {
      cwd: elsewhere,
      maxBuffer: 64 * 1024 * 1024,
    });
    const findings = (JSON.parse(json.stdout) as { findings: { area: string }[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.area === 'practices')).toEqual([]);

    const missing = await run(plumbline, ['review', 'no-such-folder'], { cwd: work }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(missing?.code).toBe(2);
    expect(missing?.stderr).toMatch(/no-such-folder/);
  });
});
