import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CACHE_DIR,
  MAX_CACHE_ENTRIES,
  readCached,
  writeCached,
} from '../../src/cache/review-cache.js';
import { reviewDirectory } from '../../src/index.js';
import { cli } from '../helpers/run-cli.js';

const compose = (tag: string) => `services:\n  web:\n    image: nginx:${tag}\n    ports: ["8080:80"]\n`;

function repoWith(tag: string): string {
  const repo = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-cli-'));
  writeFileSync(path.join(repo, 'docker-compose.yml'), compose(tag));
  return repo;
}

/** Whether a run with --timing was answered from the cache (its phases say so). */
const servedFromCache = (stderr: string): boolean => stderr.includes('write cached output');

/** Stored outputs (a run may also record a stat-stamp key beside one, once the tree is older than 2 s). */
const outputs = (cacheDir: string) => readdirSync(cacheDir).filter((n) => n.endsWith('.out'));

const review = (repo: string, cacheDir: string, ...extra: string[]) =>
  cli('review', repo, '--format', 'json', '--fail-on', 'none', '--cache-dir', cacheDir, ...extra);

describe('review --cache / --cache-dir', () => {
  it('stores the report, answers an unchanged repository from it and misses when a file changes', async () => {
    const repo = repoWith('1.27.1');
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-dir-'));
    const cold = await review(repo, cacheDir);
    expect(cold.code).toBe(0);
    expect(outputs(cacheDir)).toHaveLength(1);

    const uncached = await cli('review', repo, '--format', 'json', '--fail-on', 'none');
    expect(uncached.stdout).toBe(cold.stdout);

    const warm = await review(repo, cacheDir, '--timing');
    expect(servedFromCache(warm.stderr)).toBe(true);
    expect(warm.stdout).toBe(cold.stdout);
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
      '--timing',
    );
    expect(servedFromCache(failing.stderr)).toBe(true);
    expect(failing.code).toBe(1);
    expect(outputs(cacheDir)).toHaveLength(1);

    writeFileSync(path.join(repo, 'docker-compose.yml'), compose('1.27.2'));
    const changed = await review(repo, cacheDir, '--timing');
    expect(servedFromCache(changed.stderr)).toBe(false);
    expect(changed.stdout).toContain('nginx:1.27.2');
    expect(outputs(cacheDir)).toHaveLength(2);
  });

  it('misses when the review configuration changes, and --write-baseline always reviews', async () => {
    const repo = repoWith('latest');
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-dir-'));
    const cold = JSON.parse((await review(repo, cacheDir)).stdout);
    expect(cold.rulesRun).toContain('security/mutable-image-tag');
    const baselineFile = path.join(repo, 'baseline.json');
    const written = await review(repo, cacheDir, '--write-baseline', baselineFile, '--timing');
    expect(servedFromCache(written.stderr)).toBe(false);

    const config = path.join(repo, 'other.yaml');
    writeFileSync(config, 'rules:\n  security/mutable-image-tag: off\n');
    const run = await review(repo, cacheDir, '--config', config, '--timing');
    expect(servedFromCache(run.stderr)).toBe(false);
    expect(JSON.parse(run.stdout).rulesRun).not.toContain('security/mutable-image-tag');
  });

  it('answers a tree whose stat stamp is unchanged without reading it, and re-reads once anything changes', async () => {
    const repo = repoWith('1.27.1');
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-dir-'));
    // entries changed in the last 2 s are too fresh for their stat to be trusted (timestamp granularity)
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const cold = await review(repo, cacheDir);
    const names = readdirSync(cacheDir).sort();
    const keyFile = names.find((n) => n.endsWith('.key'))!;
    const reportFile = names.find((n) => n.endsWith('.json'))!;
    // a key entry: one line of metadata, then the content key of the review (its Report entry)
    expect(readFileSync(path.join(cacheDir, keyFile), 'utf8').split('\n')[2]).toBe(
      reportFile.replace(/\.json$/, ''),
    );

    // the stamp answers without walking (no 'walk' phase) and serves the same bytes
    const warm = await review(repo, cacheDir, '--timing');
    expect(warm.stdout).toBe(cold.stdout);
    expect(servedFromCache(warm.stderr)).toBe(true);
    expect(warm.stderr).not.toContain('walk (read files)');

    // any change to the tree changes the stamp: the files are read and reviewed again. Wait out the racy window
    // first, so that it is the stamp (not the freshness of the change) that sends the review back to the files.
    writeFileSync(path.join(repo, 'README.md'), '# shop\n');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const after = await review(repo, cacheDir, '--timing');
    expect(after.stderr).toContain('walk (read files)');
    expect(JSON.parse(after.stdout).findings).toEqual(JSON.parse(cold.stdout).findings);
    // the new stamp was recorded: the next run answers from it without walking
    const again = await review(repo, cacheDir, '--timing');
    expect(again.stderr).not.toContain('walk (read files)');
    expect(servedFromCache(again.stderr)).toBe(true);
  }, 30_000);

  it('shares its entries with the library: a review cached by either is a hit for the other', async () => {
    const repo = repoWith('1.27.1');
    const uncached = await cli('review', repo, '--format', 'json', '--fail-on', 'none');

    // the library reviews and caches; the CLI then renders the cached Report without discovering anything
    const fromLibrary = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-dir-'));
    const parsed: string[] = [];
    const report = await reviewDirectory(repo, {
      cacheDir: fromLibrary,
      onFileParsed: (f) => parsed.push(f),
    });
    expect(parsed).toContain('docker-compose.yml');
    const cliHit = await review(repo, fromLibrary, '--timing');
    expect(cliHit.stderr).toContain('cache lookup');
    expect(cliHit.stderr).not.toContain('discover (parse, model)');
    expect(cliHit.stdout).toBe(uncached.stdout);
    // the CLI kept its rendered output beside the Report: the next run replays it
    const replay = await review(repo, fromLibrary, '--timing');
    expect(servedFromCache(replay.stderr)).toBe(true);
    expect(replay.stdout).toBe(uncached.stdout);

    // the CLI reviews and caches; the library then answers from the cache without parsing a file
    const fromCli = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-dir-'));
    const cold = await review(repo, fromCli, '--timing');
    expect(cold.stderr).toContain('discover (parse, model)');
    const reparsed: string[] = [];
    const libraryHit = await reviewDirectory(repo, {
      cacheDir: fromCli,
      onFileParsed: (f) => reparsed.push(f),
    });
    expect(reparsed).toEqual([]);
    expect(libraryHit).toEqual(report);
    // a different review (another system name) is another key: it misses and parses
    await reviewDirectory(repo, { cacheDir: fromCli, name: 'other', onFileParsed: (f) => reparsed.push(f) });
    expect(reparsed).toContain('docker-compose.yml');
  });

  it('only with --cache or --cache-dir: the default cache is under the working directory', async () => {
    const repo = repoWith('1.27.1');
    const work = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-cwd-'));
    const cwd = process.cwd();
    process.chdir(work);
    try {
      const plain = () => cli('review', repo, '--format', 'json', '--fail-on', 'none', '--timing');
      await plain();
      const second = await plain();
      expect(servedFromCache(second.stderr)).toBe(false);
      expect(existsSync(path.join(work, DEFAULT_CACHE_DIR))).toBe(false);

      const cached = () =>
        cli('review', repo, '--format', 'json', '--fail-on', 'none', '--timing', '--cache');
      const cold = await cached();
      expect(servedFromCache(cold.stderr)).toBe(false);
      expect(readdirSync(path.join(work, DEFAULT_CACHE_DIR)).length).toBeGreaterThan(0);
      const warm = await cached();
      expect(servedFromCache(warm.stderr)).toBe(true);
      expect(warm.stdout).toBe(second.stdout);
    } finally {
      process.chdir(cwd);
    }
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
