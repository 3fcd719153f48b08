/**
 * Bounded work on hostile structured input (issue 16): alias fan-out, alias cycles, deep nesting and huge maps
 * end in a diagnostic that names the file and line, in bounded time, and the rest of the tree is still reviewed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ALIAS_EXPANSION, parseYaml } from '../../src/discover/parse/structured.js';
import { parseReviewConfig } from '../../src/review/config-load.js';
import { cli } from '../helpers/run-cli.js';

/** Many anchors, each aliased 99 times (under yaml's own per-anchor limit), each holding 2 000 values. */
function fanOut(anchors: number): string {
  const lines = ['openapi: 3.0.3', 'info: {title: t, version: "1"}', 'paths: {}', 'x-data:'];
  const big = `[${Array.from({ length: 2000 }, (_, i) => i).join(', ')}]`;
  for (let a = 0; a < anchors; a++) lines.push(`  a${a}: &a${a} ${big}`);
  for (let a = 0; a < anchors; a++) lines.push(`  u${a}: [${Array(99).fill(`*a${a}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

describe('YAML expansion budget', () => {
  it('rejects alias fan-out beyond the budget with the file and line, quickly', () => {
    const started = performance.now();
    const out = parseYaml('bomb.yaml', fanOut(10), 'openapi');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(out.documents).toEqual([]);
    expect(out.diagnostics[0]).toMatchObject({ file: 'bomb.yaml', line: 1, severity: 'error' });
    expect(out.diagnostics[0]!.message).toMatch(new RegExp(`over the limit of ${MAX_ALIAS_EXPANSION}`));
  });

  it('keeps ordinary anchors', () => {
    const out = parseYaml('ok.yaml', 'base: &b {a: 1, b: 2}\none: {b: *b, c: 3}\ntwo: [*b, *b]\n', 'compose');
    expect(out.diagnostics).toEqual([]);
    expect(out.documents[0]!.data).toMatchObject({ one: { b: { a: 1 }, c: 3 }, two: [{ a: 1 }, { a: 1 }] });
  });

  it('rejects an alias cycle and 100k-deep nesting with a line instead of dropping the file silently', () => {
    const cyclic = parseYaml('c.yaml', 'a: &x\n  self: *x\n', 'openapi');
    expect(cyclic.documents).toEqual([]);
    expect(cyclic.diagnostics[0]).toMatchObject({ file: 'c.yaml', line: expect.any(Number) });
    expect(cyclic.diagnostics[0]!.message).toMatch(/cycle/);

    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const started = performance.now();
    const out = parseYaml('deep.yaml', deep, 'openapi');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(out.documents).toEqual([]);
    expect(out.diagnostics[0]).toMatchObject({ file: 'deep.yaml', line: expect.any(Number) });
  }, 20_000);

  it('a review of a tree holding a bomb, a cycle and a deep file still reviews the rest', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'plumbline-bounded-'));
    try {
      writeFileSync(path.join(repo, 'bomb.yaml'), fanOut(10));
      writeFileSync(
        path.join(repo, 'cycle.yaml'),
        'openapi: 3.0.3\ninfo: &i {title: t, version: "1", x: *i}\npaths: {}\n',
      );
      writeFileSync(path.join(repo, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx:latest\n');
      const r = await cli('review', repo, '--format', 'json');
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      const files = report.diagnostics.map((d: { file: string; line?: number }) => `${d.file}:${d.line}`);
      expect(files).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^bomb\.yaml:\d+$/),
          expect.stringMatching(/^cycle\.yaml:\d+$/),
        ]),
      );
      expect(report.findings.some((f: { ruleId: string }) => f.ruleId === 'security/mutable-image-tag')).toBe(
        true,
      );
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('duplicate keys', () => {
  it('are a warning naming both lines (the later value is used)', () => {
    const out = parseYaml('d.yaml', 'paths:\n  /a:\n    get: {}\n  /b: {}\n  /a:\n    post: {}\n', 'openapi');
    expect(out.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 5,
        message: expect.stringMatching(/duplicate key "\/a" \(first at line 2, again at line 5\)/),
      }),
    ]);
  });
});

describe('linear locating', () => {
  it('locates 40k keys of one YAML map in well under a second per thousand', () => {
    const n = 40_000;
    const text = `rules:\n${Array.from({ length: n }, (_, i) => `  r${i}: off`).join('\n')}\n`;
    const started = performance.now();
    const parsed = parseReviewConfig('plumbline.yaml', text, new Set(['known/rule']));
    const ms = performance.now() - started;
    expect(parsed.warnings).toHaveLength(n);
    expect(parsed.warnings.at(-1)!.line).toBe(n + 1);
    expect(ms).toBeLessThan(15_000);
  }, 30_000);
});

describe('design inputs', () => {
  it('an absurd size is a validation error with file and line, not "Infinity GB"', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-absurd-'));
    try {
      const { readFileSync } = await import('node:fs');
      const req = path.join(dir, 'req.yaml');
      writeFileSync(
        req,
        readFileSync('examples/design/crud-saas.yaml', 'utf8').replace(/initialGb: 20/, 'initialGb: 1e300'),
      );
      const r = await cli('design', req);
      expect(r.code).toBe(2);
      expect(r.stdout).not.toContain('Infinity');
      expect(r.stderr).toMatch(/req\.yaml:73/);
      expect(r.stderr).toMatch(/initialGb/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
