/**
 * git over a hostile repository, and command-line values that used to be taken silently (issue 16).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/safety/git.js';
import { cli } from '../helpers/run-cli.js';

const made: string[] = [];
afterEach(() => {
  for (const p of made.splice(0)) rmSync(p, { recursive: true, force: true });
});

/** A git repository whose own config runs a command on every index refresh (core.fsmonitor). */
function trappedRepo(): { repo: string; marker: string } {
  const repo = mkdtempSync(path.join(tmpdir(), 'plumbline-git-trap-'));
  const marker = path.join(tmpdir(), `plumbline-fsmonitor-ran-${path.basename(repo)}`);
  made.push(repo, marker);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  writeFileSync(
    path.join(repo, 'openapi.yaml'),
    'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n',
  );
  git('add', '.');
  git('commit', '-qm', 'init');
  git('config', 'core.fsmonitor', `touch ${marker}; false`);
  writeFileSync(
    path.join(repo, 'openapi.yaml'),
    'openapi: 3.0.3\ninfo: {title: u, version: "1"}\npaths: {}\n',
  );
  return { repo, marker };
}

describe('git runs no program the reviewed repository names', () => {
  it('review --changed-since ignores core.fsmonitor from .git/config', async () => {
    const { repo, marker } = trappedRepo();
    const r = await cli('review', repo, '--changed-since', 'HEAD');
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('diff --base ignores it too', async () => {
    const { repo, marker } = trappedRepo();
    const r = await cli('diff', repo, '--base', 'HEAD');
    expect(r.code).toBeLessThan(2);
    expect(existsSync(marker)).toBe(false);
  });

  it('a hint quotes the ref it invites the user to paste into a shell', async () => {
    const { repo } = trappedRepo();
    const r = await cli('review', repo, '--changed-since', 'main$(id)&&x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("git fetch origin 'main$(id)&&x'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('origin/main')).toBe('origin/main');
  });
});

describe('command-line values', () => {
  it('--changed-since "" is a usage error, not ignored', async () => {
    const { repo } = trappedRepo();
    const r = await cli('review', repo, '--changed-since', '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid git ref "" \(it is empty\)/);
  });

  it('--max-file-size takes positive sizes only', async () => {
    for (const bad of ['foo', '-5', '0', '1.5', '']) {
      for (const cmd of ['review', 'scan']) {
        const r = await cli(cmd, 'examples/shop', '--max-file-size', bad);
        expect(r.code, `${cmd} ${bad}`).toBe(2);
        expect(r.stderr, `${cmd} ${bad}`).toMatch(/--max-file-size|size in bytes/);
      }
    }
    const small = await cli('scan', 'examples/shop', '--max-file-size', '1024', '--format', 'json');
    expect(small.code).toBe(0);
    const model = JSON.parse(small.stdout);
    expect(model.diagnostics.some((d: { message: string }) => /1024-byte limit/.test(d.message))).toBe(true);
  });
});
