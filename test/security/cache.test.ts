/**
 * The review cache is not trusted (issue 16): an edited, planted or linked entry is a miss, an unusable cache
 * folder costs only speed, and nothing is written through a link.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function temp(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
function repoWithLatestTag(): string {
  const repo = temp('plumbline-cache-sec-');
  writeFileSync(path.join(repo, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx:latest\n');
  return repo;
}
const review = (repo: string, cacheDir: string, ...extra: string[]) =>
  cli('review', repo, '--format', 'json', '--cache-dir', cacheDir, '--timing', ...extra);
const hit = (stderr: string) => stderr.includes('write cached output');

describe('review cache entries', () => {
  it('an edited entry (output or severities) is a miss, so it cannot flip --fail-on', async () => {
    const repo = repoWithLatestTag();
    const cacheDir = temp('plumbline-cache-');
    const cold = await review(repo, cacheDir, '--fail-on', 'medium');
    expect(cold.code, cold.stderr).toBe(1);
    const outName = readdirSync(cacheDir).find((n) => n.endsWith('.out'))!;
    const file = path.join(cacheDir, outName);
    const [digest, head, ...body] = readFileSync(file, 'utf8').split('\n');
    const meta = JSON.parse(head!);
    // the hostile edit: no severities left, and a report that says all is well
    writeFileSync(file, `${digest}\n${JSON.stringify({ ...meta, newSeverities: [] })}\n{"all":"clear"}`);
    chmodSync(file, 0o600);
    const warm = await review(repo, cacheDir, '--fail-on', 'medium');
    expect(hit(warm.stderr)).toBe(false);
    expect(warm.code).toBe(1);
    expect(warm.stdout).toBe(cold.stdout);
    // only the severities edited, output intact: still a miss
    writeFileSync(
      file,
      `${digest}\n${JSON.stringify({ ...meta, newSeverities: ['low'] })}\n${body.join('\n')}`,
    );
    chmodSync(file, 0o600);
    expect((await review(repo, cacheDir, '--fail-on', 'medium')).code).toBe(1);
  });

  it('an intact entry that was checked out or copied in (not private to this user) is a miss', async () => {
    const repo = repoWithLatestTag();
    const cacheDir = temp('plumbline-cache-');
    await review(repo, cacheDir);
    for (const name of readdirSync(cacheDir)) chmodSync(path.join(cacheDir, name), 0o644);
    expect(hit((await review(repo, cacheDir)).stderr)).toBe(false);
    // entries it writes are private
    for (const name of readdirSync(cacheDir))
      expect(statSync(path.join(cacheDir, name)).mode & 0o077, name).toBe(0);
  });

  it('never reads or writes through a link planted in the cache folder', async () => {
    const repo = repoWithLatestTag();
    const cacheDir = temp('plumbline-cache-');
    const cold = await review(repo, cacheDir);
    const outside = temp('plumbline-outside-');
    const victim = path.join(outside, 'victim');
    writeFileSync(victim, 'keep me\n');
    for (const name of readdirSync(cacheDir)) {
      rmSync(path.join(cacheDir, name));
      symlinkSync(victim, path.join(cacheDir, name));
    }
    const warm = await review(repo, cacheDir);
    expect(warm.code).toBe(0);
    expect(hit(warm.stderr)).toBe(false);
    expect(warm.stdout).toBe(cold.stdout);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
  });
});

describe('an unusable cache folder', () => {
  it('falls back to an uncached review with a warning: a file, a link, a folder others can write', async () => {
    const repo = repoWithLatestTag();
    const plain = await cli('review', repo, '--format', 'json');
    const base = temp('plumbline-cache-bad-');
    const file = path.join(base, 'file');
    writeFileSync(file, 'x');
    const link = path.join(base, 'link');
    mkdirSync(path.join(base, 'real'));
    symlinkSync(path.join(base, 'real'), link);
    const open = path.join(base, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    for (const dir of [file, link, open]) {
      const r = await review(repo, dir);
      expect(r.code, dir).toBe(0);
      expect(r.stdout, dir).toBe(plain.stdout);
      expect(r.stderr, dir).toMatch(/warning: review cache not used/);
    }
    expect(readdirSync(path.join(base, 'real'))).toEqual([]);
    expect(readdirSync(open)).toEqual([]);
  });
});

describe('config that aliases itself', () => {
  it('a self-referencing alias in rule options is a config error with a line, not a crash, with --cache', async () => {
    const repo = repoWithLatestTag();
    writeFileSync(
      path.join(repo, 'plumbline.yaml'),
      'rules:\n  security/mutable-image-tag: &opts\n    severity: low\n    options:\n      self: *opts\n',
    );
    const r = await review(repo, temp('plumbline-cache-'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plumbline\.yaml:\d+/);
    expect(r.stderr).not.toMatch(/Converting circular structure|Maximum call stack/);
  });
});
