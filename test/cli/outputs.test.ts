/**
 * One review, several outputs (CI renders SARIF, Markdown, HTML and a PR summary from a single run), sized
 * Markdown (PR comments hold 65,536 characters, job summaries 1 MiB) and first-contact errors.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'plumbline-out-'));

describe('review: several outputs from one run', () => {
  it('writes each --out in the format its extension or FORMAT: prefix names', async () => {
    const dir = tmp();
    const f = (name: string): string => path.join(dir, name);
    const r = await cli(
      'review',
      'examples/shop',
      '--out',
      f('report.md'),
      '--out',
      f('report.sarif'),
      '--out',
      f('report.json'),
      '--out',
      f('report.html'),
      '--out',
      `md-summary:${f('comment.md')}`,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(f('report.md'), 'utf8')).toMatch(/^# Architecture review: shop/);
    expect(JSON.parse(readFileSync(f('report.sarif'), 'utf8')).version).toBe('2.1.0');
    const json = JSON.parse(readFileSync(f('report.json'), 'utf8'));
    expect(json.findings.length).toBeGreaterThan(0);
    expect(readFileSync(f('report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    const summary = readFileSync(f('comment.md'), 'utf8');
    expect(summary).toMatch(/^### Plumbline: shop/);
    // the same review: every format counts the same findings
    expect(summary).toContain(`${json.findings.length} findings`);
    // each output is what a run of its own format writes
    const alone = await cli('review', 'examples/shop', '--format', 'md');
    expect(readFileSync(f('report.md'), 'utf8')).toBe(alone.stdout);
  });

  it('pairs a comma list of formats with the --out files in order', async () => {
    const dir = tmp();
    const r = await cli(
      'review',
      'examples/shop',
      '--format',
      'md-summary,sarif',
      '--out',
      path.join(dir, 'a.md'),
      '--out',
      path.join(dir, 'b.out'),
    );
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'a.md'), 'utf8')).toMatch(/^### Plumbline/);
    expect(readFileSync(path.join(dir, 'b.out'), 'utf8')).toContain('"$schema"');
  });

  it('rejects outputs it cannot tell apart', async () => {
    const dir = tmp();
    const twoFormatsNoFile = await cli('review', 'examples/shop', '--format', 'md,json');
    expect(twoFormatsNoFile.code).toBe(2);
    expect(twoFormatsNoFile.stderr).toContain('--out');
    const unknownExt = await cli(
      'review',
      'examples/shop',
      '--out',
      path.join(dir, 'a.md'),
      '--out',
      path.join(dir, 'b.bin'),
    );
    expect(unknownExt.code).toBe(2);
    expect(unknownExt.stderr).toContain('b.bin');
    const same = await cli(
      'review',
      'examples/shop',
      '--out',
      path.join(dir, 'a.md'),
      '--out',
      path.join(dir, 'a.md'),
    );
    expect(same.code).toBe(2);
  });
});

describe('review: Markdown sized for PR comments and job summaries', () => {
  it('md-summary lists one row per rule and fits --max-chars, saying what was left out', async () => {
    const full = await cli(
      'review',
      'examples/shop',
      '--format',
      'md-summary',
      '--report-url',
      'https://ci.example/run/7',
    );
    expect(full.code).toBe(0);
    expect(full.stdout).toContain('[Full report](https://ci.example/run/7)');
    const json = JSON.parse((await cli('review', 'examples/shop', '--format', 'json')).stdout);
    const rules = new Set(json.findings.map((f: { ruleId: string }) => f.ruleId));
    const rows = full.stdout.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l));
    expect(rows.length).toBe(rules.size);

    const small = await cli('review', 'examples/shop', '--format', 'md-summary', '--max-chars', '2000');
    expect(small.stdout.length).toBeLessThanOrEqual(2000);
    expect(small.stdout).toMatch(/… \d+ more findings? from \d+ more rules? not shown here/);
    expect(small.stdout).toContain('artifacts');
  });

  it('md with --max-chars is cut at a line, closes an open code fence and counts the findings left out', async () => {
    const r = await cli('review', 'examples/shop', '--format', 'md', '--max-chars', '30000');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThanOrEqual(30000);
    const m = /Report cut at 30,000 characters:\*\* (\d+) more findings? not shown/.exec(r.stdout);
    expect(m).not.toBeNull();
    const full = (await cli('review', 'examples/shop', '--format', 'md')).stdout;
    const headings = (t: string): number =>
      t.split('\n').filter((l) => /^### \[(critical|high|medium|low|info)\]/.test(l)).length;
    expect(headings(r.stdout) + Number(m![1])).toBe(headings(full));
    const fences = r.stdout.split('\n').filter((l) => /^```/.test(l)).length;
    expect(fences % 2).toBe(0);
  });
});

describe('first contact', () => {
  it('a path that does not exist is a usage error, not a perfect score', async () => {
    const r = await cli('review', path.join(tmp(), 'nope'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not exist/);
    expect(r.stdout).toBe('');
  });

  it('a directory with nothing Plumbline reads is an error that says so', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'notes.bin'), 'x');
    mkdirSync(path.join(dir, 'empty'));
    for (const target of [dir, path.join(dir, 'empty')]) {
      const r = await cli('review', target);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/nothing to review/);
      expect(r.stdout).not.toMatch(/Excellent|100\/100/);
    }
  });

  it('rejects malformed numbers with a message naming the flag', async () => {
    for (const bad of ['abc', '10MB', '-5', '1e6', '0']) {
      const r = await cli('review', 'examples/shop', '--max-file-size', bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain('--max-file-size');
    }
    expect((await cli('scan', 'examples/shop', '--max-file-size', 'abc')).code).toBe(2);
    expect((await cli('review', 'examples/shop', '--max-chars', 'many')).code).toBe(2);
    expect(
      (await cli('review', 'examples/shop', '--max-file-size', '1048576', '--format', 'json')).code,
    ).toBe(0);
  });

  it('writes no file when the review fails before rendering', async () => {
    const out = path.join(tmp(), 'r.md');
    expect((await cli('review', 'does/not/exist', '--out', out)).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
