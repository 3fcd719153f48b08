import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CACHE_ENTRIES, readCached, writeCached } from '../../src/cache/review-cache.js';
import { cli } from '../helpers/run-cli.js';

const compose = (tag: string) => `services:\n  web:\n    image: nginx:${tag}\n    ports: ["8080:80"]\n`;

function repoWith(tag: string): string {
  const repo = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-cli-'));
  writeFileSync(path.join(repo, 'docker-compose.yml'), compose(tag));
  return repo;
}

/** Rewrites the one cached output (a metadata line, then the JSON report) so that a hit can be told apart. */
function markCachedReport(cacheDir: string): void {
  const [entry] = readdirSync(cacheDir);
  const file = path.join(cacheDir, entry!);
  const text = readFileSync(file, 'utf8');
  const eol = text.indexOf('\n');
  const report = JSON.parse(text.slice(eol + 1));
  report.system.name = 'served-from-cache';
  writeFileSync(file, `${text.slice(0, eol + 1)}${JSON.stringify(report)}`);
}

const review = (repo: string, cacheDir: string, ...extra: string[]) =>
  cli('review', repo, '--format', 'json', '--fail-on', 'none', '--cache-dir', cacheDir, ...extra);

describe('review --cache / --cache-dir', () => {
  it('stores the report, answers an unchanged repository from it and misses when a file changes', async () => {
    const repo = repoWith('1.27.1');
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-dir-'));
    const cold = await review(repo, cacheDir);
    expect(cold.code).toBe(0);
    expect(readdirSync(cacheDir)).toHaveLength(1);

    const uncached = await cli('review', repo, '--format', 'json', '--fail-on', 'none');
    expect(uncached.stdout).toBe(cold.stdout);

    markCachedReport(cacheDir);
    const warm = await review(repo, cacheDir);
    expect(JSON.parse(warm.stdout).system.name).toBe('served-from-cache');
    // --fail-on is applied to the cached entry's severities, not part of its key
    const failing = await cli(
      'review',
      repo,
      '--format',
      'json',
      '--fail-on',
      'low',
      '--cache-dir',
      cacheDir,
    );
    expect(JSON.parse(failing.stdout).system.name).toBe('served-from-cache');
    expect(failing.code).toBe(1);
    expect(readdirSync(cacheDir)).toHaveLength(1);

    writeFileSync(path.join(repo, 'docker-compose.yml'), compose('1.27.2'));
    const changed = await review(repo, cacheDir);
    expect(JSON.parse(changed.stdout).system.name).not.toBe('served-from-cache');
    expect(changed.stdout).toContain('nginx:1.27.2');
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });

  it('misses when the review configuration changes, and --write-baseline always reviews', async () => {
    const repo = repoWith('latest');
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-dir-'));
    const cold = JSON.parse((await review(repo, cacheDir)).stdout);
    expect(cold.rulesRun).toContain('security/mutable-image-tag');
    markCachedReport(cacheDir);
    const baselineFile = path.join(repo, 'baseline.json');
    const written = await review(repo, cacheDir, '--write-baseline', baselineFile);
    expect(JSON.parse(written.stdout).system.name).not.toBe('served-from-cache');

    const config = path.join(repo, 'other.yaml');
    writeFileSync(config, 'rules:\n  security/mutable-image-tag: off\n');
    const configured = JSON.parse((await review(repo, cacheDir, '--config', config)).stdout);
    expect(configured.system.name).not.toBe('served-from-cache');
    expect(configured.rulesRun).not.toContain('security/mutable-image-tag');
  });

  it('answers a tree whose stat stamp is unchanged without reading it, and re-reads once anything changes', async () => {
    const repo = repoWith('1.27.1');
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-dir-'));
    // entries changed in the last 2 s are too fresh for their stat to be trusted (timestamp granularity)
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const cold = await review(repo, cacheDir);
    const names = readdirSync(cacheDir).sort();
    const keyFile = names.find((n) => n.endsWith('.key'))!;
    const outFile = names.find((n) => n.endsWith('.out'))!;
    expect(readFileSync(path.join(cacheDir, keyFile), 'utf8')).toBe(outFile.replace(/\.out$/, ''));

    // point the stamp at another entry: a hit through the stamp serves it without hashing the files
    const decoy = 'f'.repeat(64);
    writeFileSync(path.join(cacheDir, `${decoy}.out`), `{"newSeverities":[]}\n{"decoy":true}`);
    writeFileSync(path.join(cacheDir, keyFile), decoy);
    expect((await review(repo, cacheDir)).stdout).toBe('{"decoy":true}');

    // any change to the tree changes the stamp: the files are read and reviewed again, not the decoy served
    writeFileSync(path.join(repo, 'README.md'), '# shop\n');
    const after = await review(repo, cacheDir);
    expect(after.stdout).not.toContain('decoy');
    expect(JSON.parse(after.stdout).findings).toEqual(JSON.parse(cold.stdout).findings);
  }, 20_000);

  it('only with --cache or --cache-dir', async () => {
    const repo = repoWith('1.27.1');
    const before = readdirSync(repo).length;
    await cli('review', repo, '--format', 'json', '--fail-on', 'none');
    expect(readdirSync(repo)).toHaveLength(before);
  });

  it(`keeps the ${MAX_CACHE_ENTRIES} most recent entries`, async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-dir-'));
    const keys = Array.from({ length: MAX_CACHE_ENTRIES + 4 }, (_, i) => i.toString(16).padStart(64, '0'));
    for (const [i, key] of keys.entries()) {
      await writeCached(cacheDir, key, { i });
      const t = new Date(Date.UTC(2024, 0, 1, 0, 0, i));
      utimesSync(path.join(cacheDir, `${key}.json`), t, t);
    }
    await writeCached(cacheDir, keys.at(-1)!, { i: keys.length - 1 });
    expect(readdirSync(cacheDir)).toHaveLength(MAX_CACHE_ENTRIES);
    expect(await readCached(cacheDir, keys[0]!)).toBeUndefined();
    expect(await readCached(cacheDir, keys.at(-1)!)).toEqual({ i: keys.length - 1 });
  });
});
