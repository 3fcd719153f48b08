/**
 * `diff` must not pass a contract it could not read (issue 16): an over-size, binary or unparsable contract on
 * either side used to be dropped, so a breaking removal showed as "API added" with exit 0.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';

const spec = (ops: string[], padding = 0) =>
  [
    'openapi: 3.0.3',
    `info: {title: Shop, version: "1", description: "${'x'.repeat(padding)}"}`,
    'paths:',
    ...ops.map((op) => `  /${op}:\n    get:\n      responses:\n        "200": {description: ok}`),
    '',
  ].join('\n');

const tmp = mkdtempSync(path.join(tmpdir(), 'plumbline-diff-unread-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function sides(name: string, base: string | Buffer, head: string | Buffer, file = 'api.yaml') {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'base'), { recursive: true });
  mkdirSync(path.join(dir, 'head'), { recursive: true });
  writeFileSync(path.join(dir, 'base', file), base);
  writeFileSync(path.join(dir, 'head', file), head);
  return [path.join(dir, 'base'), path.join(dir, 'head')] as const;
}

describe('diff with a contract one side could not read', () => {
  it('an over-size base contract is not "API added" and fails: exit 1 under --fail-on, 2 without', async () => {
    const [base, head] = sides('oversize', spec(['a', 'b', 'c'], 5000), spec(['a']));
    const r = await cli('diff', base, head, '--max-file-size', '2000');
    expect(r.stdout).not.toMatch(/added/i);
    expect(r.stdout).toMatch(/NOT COMPARED: 1 contract file could not be read.*base api\.yaml/);
    expect(r.stderr).toMatch(/could not be read.*base api\.yaml/);
    expect(r.code).toBe(1);
    const none = await cli('diff', base, head, '--max-file-size', '2000', '--fail-on', 'none');
    expect(none.code).toBe(2);
    const json = JSON.parse((await cli('diff', base, head, '--max-file-size', '2000', '-f', 'json')).stdout);
    expect(json.unreadable).toEqual([expect.objectContaining({ side: 'base', file: 'api.yaml' })]);
    expect(json.changes).toEqual([]);
  });

  it('a binary head contract is not "API removed" but unreadable', async () => {
    const junk = Buffer.concat([Buffer.from('openapi: 3.0.3\n'), Buffer.alloc(64, 0)]);
    const [base, head] = sides('binary', spec(['a']), junk);
    const r = await cli('diff', base, head, '-f', 'json');
    const out = JSON.parse(r.stdout);
    expect(out.changes).toEqual([]);
    expect(out.unreadable).toEqual([
      expect.objectContaining({ side: 'head', file: 'api.yaml', message: expect.stringMatching(/binary/) }),
    ]);
    expect(r.code).toBe(1);
  });

  it('an unparsable base contract fails the diff and names the file', async () => {
    const [base, head] = sides('unparsable', 'openapi: 3.0.3\npaths: {\n  /a: [\n', spec(['a']));
    const r = await cli('diff', base, head);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/added/i);
    expect(r.stderr).toMatch(/base api\.yaml/);
  });

  it('a broken .proto on the base side is not "service added"', async () => {
    const proto =
      'syntax = "proto3";\npackage shop;\nservice Cart { rpc Add (Req) returns (Res); }\nmessage Req {}\nmessage Res {}\n';
    const [base, head] = sides('proto', 'syntax = "proto3";\nservice Cart { rpc Add (', proto, 'cart.proto');
    const r = await cli('diff', base, head, '-f', 'json');
    const out = JSON.parse(r.stdout);
    expect(out.changes.filter((c: { kind: string }) => /added/.test(c.kind))).toEqual([]);
    expect(out.unreadable).toEqual([expect.objectContaining({ side: 'base', file: 'cart.proto' })]);
    expect(r.code).toBe(1);
  });

  it('an over-size contract at the git ref (--base) fails too', async () => {
    const repo = path.join(tmp, 'git');
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    writeFileSync(path.join(repo, 'openapi.yaml'), spec(['a', 'b'], 5000));
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(repo, 'openapi.yaml'), spec(['a']));
    const r = await cli('diff', repo, '--base', 'HEAD', '--max-file-size', '2000', '-f', 'json');
    expect(JSON.parse(r.stdout).unreadable).toEqual([
      expect.objectContaining({
        side: 'base',
        file: 'openapi.yaml',
        message: expect.stringMatching(/limit/),
      }),
    ]);
    expect(r.code).toBe(1);
  });

  it('a readable pair still diffs normally', async () => {
    const [base, head] = sides('ok', spec(['a', 'b']), spec(['a']));
    const r = await cli('diff', base, head, '-f', 'json');
    expect(JSON.parse(r.stdout).unreadable).toEqual([]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.breaking).toBeGreaterThan(0);
  });
});
