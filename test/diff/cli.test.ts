import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_KINDS } from '../../src/diff/kinds.js';
import { cli } from '../helpers/run-cli.js';
import { diffFixtures, FIXTURES } from './helpers.js';

const fx = (p: string) => path.join(FIXTURES, p);

describe('plumbline diff <base> <head>', () => {
  it('exits 1 on breaking changes by default and prints them with both locations', async () => {
    const r = await cli('diff', fx('openapi3/base'), fx('openapi3/head'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('17 breaking, 3 warnings, 3 info');
    expect(r.stdout).toContain('Pet Store (petstore.yaml)');
    expect(r.stdout).toMatch(
      /BREAKING operation DELETE \/pets\/\{petId\} was removed openapi\/operation-removed\n\s+base petstore\.yaml:\d+ {2}head petstore\.yaml:\d+/,
    );
  });

  it('exits 0 when nothing changed, and with --fail-on none', async () => {
    expect((await cli('diff', fx('openapi3/base'), fx('openapi3/base'))).code).toBe(0);
    const same = await cli('diff', fx('proto/base'), fx('proto/base'));
    expect(same.stdout).toContain('no contract changes');
    expect((await cli('diff', fx('openapi3/base'), fx('openapi3/head'), '--fail-on', 'none')).code).toBe(0);
  });

  it('--fail-on warning and info catch the lower severities; breaking does not', async () => {
    // the moved file is one info change
    expect((await cli('diff', fx('swagger2/base'), fx('swagger2/moved'))).code).toBe(0);
    expect((await cli('diff', fx('swagger2/base'), fx('swagger2/moved'), '--fail-on', 'warning')).code).toBe(
      0,
    );
    expect((await cli('diff', fx('swagger2/base'), fx('swagger2/moved'), '--fail-on', 'info')).code).toBe(1);
  });

  it('diffs two single files (paired by title)', async () => {
    const r = await cli(
      'diff',
      fx('swagger2/base/orders.json'),
      fx('swagger2/moved/specs/orders-api.json'),
      '-f',
      'json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.changes.map((c: { kind: string }) => c.kind)).toEqual(['openapi/api-moved']);
  });

  it('a file that holds no contract is reported and fails the gate instead of diffing as "no changes"', async () => {
    const unread = path.resolve(FIXTURES, '../detect/orders-no-version.yaml');
    const r = await cli('diff', fx('swagger2/base/orders.json'), unread);
    expect(r.stderr).toContain('no OpenAPI or proto contracts found in');
    expect(r.code).toBe(1);
    expect((await cli('diff', unread, unread, '--fail-on', 'none')).code).toBe(0);
  });

  it('json, md and sarif formats', async () => {
    const json = JSON.parse((await cli('diff', fx('proto/base'), fx('proto/head'), '-f', 'json')).stdout);
    expect(json.summary).toMatchObject({ breaking: 11, warning: 2, info: 1 });
    expect(json.changes[0]).toHaveProperty('base.line');
    const md = (await cli('diff', fx('proto/base'), fx('proto/head'), '-f', 'md')).stdout;
    expect(md).toContain(
      '| breaking | field shop.v1.AddItemRequest.note (4) was removed without reserving its number | `cart.proto:23` | `cart.proto:15` | `proto/field-removed` |',
    );
    const sarif = JSON.parse((await cli('diff', fx('proto/base'), fx('proto/head'), '-f', 'sarif')).stdout);
    const run = sarif.runs[0];
    expect(sarif.version).toBe('2.1.0');
    expect(run.results).toHaveLength(14);
    const removed = run.results.find((r: { ruleId: string }) => r.ruleId === 'proto/field-removed');
    expect(removed.level).toBe('error');
    expect(removed.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'cart.proto', uriBaseId: 'SRCROOT' },
      region: { startLine: 15 },
    });
    expect(removed.relatedLocations[0].physicalLocation.region).toEqual({ startLine: 23 });
    expect(run.tool.driver.rules[removed.ruleIndex].id).toBe('proto/field-removed');
  });

  it('is deterministic', async () => {
    const a = await cli('diff', fx('openapi3/base'), fx('openapi3/head'), '-f', 'json');
    const b = await cli('diff', fx('openapi3/base'), fx('openapi3/head'), '-f', 'json');
    expect(a.stdout).toBe(b.stdout);
  });

  it('usage errors exit 2', async () => {
    expect((await cli('diff', fx('proto/base'))).code).toBe(2);
    expect((await cli('diff', fx('proto/base'), fx('proto/head'), '--base', 'main')).code).toBe(2);
    expect((await cli('diff', fx('proto/base'), fx('proto/head'), '-f', 'html')).code).toBe(2);
    expect((await cli('diff', fx('proto/base'), fx('proto/head'), '--fail-on', 'high')).code).toBe(2);
    const missing = await cli('diff', fx('proto/base'), fx('nope'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });

  it('docs/diff.md lists every change kind with its severity', async () => {
    const docs = await readFile(path.resolve(__dirname, '../../docs/diff.md'), 'utf8');
    for (const [kind, meta] of Object.entries(CHANGE_KINDS))
      expect(docs, kind).toContain(`| \`${kind}\` | ${meta.severity} |`);
  });

  it('every kind the checks emit is catalogued with the same severity', async () => {
    const pairs: [string, string][] = [
      ['openapi3/base', 'openapi3/head'],
      ['swagger2/base', 'swagger2/head'],
      ['swagger2/base', 'swagger2/moved'],
      ['proto/base', 'proto/head'],
      ['swagger2/base', 'proto/head'],
      ['proto/base', 'swagger2/base'],
    ];
    for (const [b, h] of pairs) {
      for (const c of (await diffFixtures(b, h)).changes) {
        expect(CHANGE_KINDS[c.kind], c.kind).toBeDefined();
        expect(CHANGE_KINDS[c.kind]!.severity, c.kind).toBe(c.severity);
      }
    }
  });
});

describe('plumbline diff <dir> --base <git-ref>', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    }).toString();

  beforeAll(async () => {
    repo = await mkdtemp(path.join(tmpdir(), 'plumbline-diff-'));
    git('init', '-q', '-b', 'main');
    await cp(fx('openapi3/base/petstore.yaml'), path.join(repo, 'api/petstore.yaml'), { recursive: true });
    await cp(fx('proto/base/cart.proto'), path.join(repo, 'protos/cart.proto'));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('tag', 'v1');
    // the working tree (uncommitted) is the new version
    await cp(fx('openapi3/head/petstore.yaml'), path.join(repo, 'api/petstore.yaml'));
    await cp(fx('proto/head/cart.proto'), path.join(repo, 'protos/cart.proto'));
  });
  afterAll(async () => {
    if (repo && existsSync(repo)) await rm(repo, { recursive: true, force: true });
  });

  it('reads the old version from git and reports what the directories diff reports', async () => {
    const r = await cli('diff', repo, '--base', 'v1', '-f', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.base).toBe('v1');
    expect(out.summary).toMatchObject({ breaking: 28, warning: 5, info: 4 });
    const removed = out.changes.find((c: { kind: string }) => c.kind === 'openapi/operation-removed');
    expect(removed.base.file).toBe('api/petstore.yaml');
    expect(removed.head.file).toBe('api/petstore.yaml');
  });

  it('a subdirectory diffs only its files, with paths relative to it', async () => {
    const r = await cli('diff', path.join(repo, 'protos'), '--base', 'main', '-f', 'json');
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatchObject({ breaking: 11, warning: 2, info: 1 });
    expect(out.changes.every((c: { api: { file: string } }) => c.api.file === 'cart.proto')).toBe(true);
  });

  it('HEAD against the working tree after committing: no changes, exit 0', async () => {
    git('add', '.');
    git('commit', '-q', '-m', 'head');
    const r = await cli('diff', repo, '--base', 'HEAD');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no contract changes');
    expect((await cli('diff', repo, '--base', 'v1')).code).toBe(1);
  });

  it('an unknown ref and a directory outside git are usage errors (exit 2) with a clear message', async () => {
    const unknown = await cli('diff', repo, '--base', 'origin/nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown git ref "origin/nope"');
    const outside = await mkdtemp(path.join(tmpdir(), 'plumbline-nogit-'));
    try {
      const r = await cli('diff', outside, '--base', 'main');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('is not inside one');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
    const dash = await cli('diff', repo, '--base=--output=/tmp/x');
    expect(dash.code).toBe(2);
  });
});
