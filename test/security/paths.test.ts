/**
 * The path policy against a hostile repository (issue 16): a reviewed tree cannot make Plumbline read or write
 * outside it, through symbolic links, into FIFOs, or over files the user did not ask to replace.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRegularFile, writeFileSafely, writeTree } from '../../src/safety/paths.js';
import { cli } from '../helpers/run-cli.js';

const SPEC = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n';
const SECRET = 'TOP-SECRET-LINE do not echo\n';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh sandbox holding `repo/` (the reviewed tree) and `outside/` (what it must not touch). */
function sandbox(): { repo: string; outside: string } {
  const base = mkdtempSync(path.join(tmpdir(), 'plumbline-hostile-'));
  made.push(base);
  const repo = path.join(base, 'repo');
  const outside = path.join(base, 'outside');
  mkdirSync(repo);
  mkdirSync(outside);
  writeFileSync(path.join(repo, 'openapi.yaml'), SPEC);
  return { repo, outside };
}

describe('--write-baseline and the config baseline', () => {
  it('refuses a configured baseline that climbs out of the root with ..', async () => {
    const { repo, outside } = sandbox();
    writeFileSync(path.join(repo, 'plumbline.yaml'), 'baseline: ../outside/pwned.json\n');
    const r = await cli('review', repo, '--write-baseline');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/outside the reviewed directory/);
    expect(existsSync(path.join(outside, 'pwned.json'))).toBe(false);
  });

  it('refuses an absolute configured baseline outside the root', async () => {
    const { repo, outside } = sandbox();
    const target = path.join(outside, 'abs.json');
    writeFileSync(path.join(repo, 'plumbline.yaml'), `baseline: ${target}\n`);
    const r = await cli('review', repo, '--write-baseline');
    expect(r.code).toBe(2);
    expect(existsSync(target)).toBe(false);
  });

  it('never writes through a committed symbolic link, at the file or on the way to it', async () => {
    const { repo, outside } = sandbox();
    const victim = path.join(outside, 'victim.txt');
    writeFileSync(victim, 'keep me\n');
    symlinkSync(victim, path.join(repo, '.plumbline-baseline.json'));
    const r = await cli('review', repo, '--write-baseline');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');

    const { repo: repo2, outside: outside2 } = sandbox();
    symlinkSync(outside2, path.join(repo2, 'baselines'));
    writeFileSync(path.join(repo2, 'plumbline.yaml'), 'baseline: baselines/b.json\n');
    const r2 = await cli('review', repo2, '--write-baseline');
    expect(r2.code).toBe(2);
    expect(existsSync(path.join(outside2, 'b.json'))).toBe(false);
  });

  it('writes a configured baseline inside the root, creating its folder', async () => {
    const { repo } = sandbox();
    writeFileSync(path.join(repo, 'plumbline.yaml'), 'baseline: ci/baseline.json\n');
    const r = await cli('review', repo, '--write-baseline');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(repo, 'ci/baseline.json'), 'utf8')).tool).toBe('plumbline');
    // and an explicit --write-baseline path is the user's choice, wherever it is
    const { outside } = sandbox();
    const mine = path.join(outside, 'mine.json');
    expect((await cli('review', repo, '--write-baseline', mine)).code).toBe(0);
    expect(existsSync(mine)).toBe(true);
  });

  it('does not read (or echo) a baseline that resolves outside the root', async () => {
    const { repo, outside } = sandbox();
    const secret = path.join(outside, 'secret.txt');
    writeFileSync(secret, SECRET);
    writeFileSync(path.join(repo, 'plumbline.yaml'), `baseline: ${secret}\n`);
    const r = await cli('review', repo);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toContain('TOP-SECRET');

    const { repo: repo2, outside: outside2 } = sandbox();
    writeFileSync(path.join(outside2, 'secret.txt'), SECRET);
    symlinkSync(path.join(outside2, 'secret.txt'), path.join(repo2, '.plumbline-baseline.json'));
    const r2 = await cli('review', repo2);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/outside the reviewed directory/);
    expect(r2.stdout + r2.stderr).not.toContain('TOP-SECRET');
  });

  it('refuses a FIFO as a baseline instead of blocking on it', async () => {
    const { repo } = sandbox();
    const fifo = path.join(repo, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(path.join(repo, 'plumbline.yaml'), 'baseline: pipe.json\n');
    const r = await cli('review', repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/FIFO is not a regular file/);
    const r2 = await cli('review', repo, '--baseline', fifo);
    expect(r2.code).toBe(2);
  }, 10_000);
});

describe('plumbline.yaml', () => {
  it('refuses a plumbline.yaml that is a symbolic link out of the tree, without echoing it', async () => {
    const { repo, outside } = sandbox();
    writeFileSync(path.join(outside, 'creds.yaml'), `token: ${SECRET}`);
    symlinkSync(path.join(outside, 'creds.yaml'), path.join(repo, 'plumbline.yaml'));
    const r = await cli('review', repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plumbline\.yaml.*outside the reviewed directory/);
    expect(r.stdout + r.stderr).not.toContain('TOP-SECRET');
  });

  it('still reads a plumbline.yaml linked to a file inside the tree', async () => {
    const { repo } = sandbox();
    mkdirSync(path.join(repo, 'config'));
    writeFileSync(path.join(repo, 'config/pl.yaml'), 'rules:\n  api/operation-tags: off\n');
    symlinkSync('config/pl.yaml', path.join(repo, 'plumbline.yaml'));
    expect((await cli('review', repo)).code).toBe(0);
  });
});

describe('review --out', () => {
  it('replaces a regular file but refuses a symbolic link', async () => {
    const { repo, outside } = sandbox();
    const victim = path.join(outside, 'victim.txt');
    writeFileSync(victim, 'keep me\n');
    const link = path.join(outside, 'report.md');
    symlinkSync(victim, link);
    const r = await cli('review', repo, '--format', 'md', '--out', link);
    expect(r.code).toBe(2);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    const plain = path.join(outside, 'plain.md');
    writeFileSync(plain, 'old');
    expect((await cli('review', repo, '--format', 'md', '--out', plain)).code).toBe(0);
    expect(readFileSync(plain, 'utf8')).toContain('#');
  });
});

describe('design --out', () => {
  it('refuses to overwrite existing files unless --force, listing them, and writes nothing', async () => {
    const { outside: out } = sandbox();
    writeFileSync(path.join(out, 'README.md'), 'mine\n');
    writeFileSync(path.join(out, 'c4.md'), 'mine too\n');
    const r = await cli('design', 'examples/design/crud-saas.yaml', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to overwrite 2 existing files/);
    expect(r.stderr).toContain(path.join(out, 'README.md'));
    expect(r.stderr).toContain(path.join(out, 'c4.md'));
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('mine\n');
    expect(existsSync(path.join(out, 'plumbline.yaml'))).toBe(false);
    const forced = await cli('design', 'examples/design/crud-saas.yaml', '--out', out, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toContain('scaffold');
  });

  it('never writes through symbolic links in the out folder, even with --force', async () => {
    const { repo: out, outside } = sandbox();
    const victim = path.join(outside, 'victim.md');
    writeFileSync(victim, 'keep me\n');
    symlinkSync(victim, path.join(out, 'c4.md'));
    symlinkSync(outside, path.join(out, 'deploy'));
    const r = await cli('design', 'examples/design/crud-saas.yaml', '--out', out, '--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(existsSync(path.join(outside, 'compose'))).toBe(false);
    expect(lstatSync(path.join(out, 'c4.md')).isSymbolicLink()).toBe(true);
  });

  it('refuses a FIFO as the requirements file', async () => {
    const { outside } = sandbox();
    const fifo = path.join(outside, 'req.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await cli('design', fifo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a regular file/);
  }, 10_000);
});

describe('safe file primitives', () => {
  it('readRegularFile caps size and refuses devices', async () => {
    const { outside } = sandbox();
    const big = path.join(outside, 'big');
    writeFileSync(big, 'x'.repeat(2000));
    await expect(readRegularFile(big, { maxBytes: 1000 })).rejects.toThrow(/over the 1000-byte limit/);
    await expect(readRegularFile('/dev/zero')).rejects.toThrow(/device is not a regular file/);
  });

  it('writeFileSafely without overwrite refuses an existing file; writeTree refuses .. and absolute paths', async () => {
    const { outside } = sandbox();
    const f = path.join(outside, 'f.txt');
    await writeFileSafely(f, 'one', { overwrite: false });
    await expect(writeFileSafely(f, 'two', { overwrite: false })).rejects.toThrow(/exists/);
    expect(readFileSync(f, 'utf8')).toBe('one');
    await expect(writeTree(outside, { '../escape.txt': 'x' })).rejects.toThrow(/climbs out/);
    await expect(writeTree(outside, { '/etc/escape.txt': 'x' })).rejects.toThrow(/absolute/);
  });
});
