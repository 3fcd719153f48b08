/**
 * Output injection from a hostile repository (issue 16): names that carry terminal escapes, newlines, bidi
 * overrides, Markdown headings and links or HTML must come out inert in every format.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeStrings, safeText } from '../../src/render/sanitize.js';
import { mdCode, mdText } from '../../src/render/text.js';
import { cli } from '../helpers/run-cli.js';

const ESC = '\u001b';
/** Raw characters that must never reach a terminal or document (newline aside, checked per line). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for them
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

let repo: string;
beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'plumbline-inject-'));
  // a compose service whose name clears the screen, rings the bell, starts a fake line, reverses text and
  // carries a Markdown link and an HTML tag
  writeFileSync(
    path.join(repo, 'docker-compose.yml'),
    [
      'services:',
      '  "web\\e[2J\\e[H\\a\\nALL CLEAR: 0 findings \\u202eevil [x](https://evil.example) <img src=x onerror=alert(1)>":',
      '    image: nginx:latest',
      '  db:',
      '    image: postgres',
      '',
    ].join('\n'),
  );
  // a file name with a newline, a heading and an escape sequence; a spec title that sets the terminal title
  writeFileSync(
    path.join(repo, `api\n# Injected heading\u001b[31m.yaml`),
    'openapi: 3.0.3\ninfo: {title: "T\\e]0;pwned\\a", version: "1"}\npaths:\n  /x:\n    get:\n      responses: {"200": {description: ok}}\n',
  );
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('terminal output', () => {
  it('prints no raw control or bidi character and no line the repository forged', async () => {
    const r = await cli('review', repo);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\\x1b[2J');
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    for (const line of r.stdout.split('\n')) {
      expect(line.startsWith('ALL CLEAR')).toBe(false);
      expect(line.startsWith('# Injected')).toBe(false);
    }
    const scan = await cli('scan', repo);
    expect(scan.stdout).not.toMatch(RAW_CONTROL);
    expect(scan.stdout.split('\n').some((l) => l.startsWith('ALL CLEAR'))).toBe(false);
  });
});

describe('Markdown output', () => {
  it('renders no injected heading, link, image or HTML', async () => {
    const r = await cli('review', repo, '--format', 'md');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    // fix snippets keep their lines inside fenced code blocks (inert, and fenced longer than any backtick run)
    const prose = r.stdout.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '');
    expect(prose).not.toMatch(/^# Injected/m);
    expect(prose).not.toMatch(/^ALL CLEAR/m);
    expect(prose).not.toContain('<img');
    expect(prose).not.toMatch(/(?<!\\)\[x(?<!\\)\]\(https:\/\/evil/);
  });

  it('mdText keeps code spans and escapes what could form markup outside them', () => {
    expect(mdText('service `a[0]<b>` is [x](http://e) <b>')).toBe(
      'service `a[0]<b>` is \\[x\\](http://e) &lt;b&gt;',
    );
    // code spans pair as CommonMark pairs them: the link text here is inside one (inert), the stray tick escaped
    expect(mdText('`a`b` [x](u) `c`')).toBe('`a`b` [x](u) `c\\`');
    expect(mdText('# heading')).toBe('\\# heading');
    expect(mdText('1. item')).toBe('1\\. item');
    expect(mdText('line\n# two')).toBe('line\\n# two');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x')).toBe('`` `x ``');
  });

  it('the design report and scaffold escape the system name', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-inject-design-'));
    try {
      const req = path.join(dir, 'req.yaml');
      const text = (await import('node:fs')).readFileSync('examples/design/crud-saas.yaml', 'utf8');
      writeFileSync(
        req,
        text.replace(
          /^system: .*$/m,
          'system: "Evil\\n# Pwned [x](https://evil.example) <script>alert(1)</script> \\e[2J"',
        ),
      );
      const r = await cli('design', req, '--out', path.join(dir, 'out'));
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/^# Pwned/m);
      expect(r.stdout).not.toContain('<script>');
      expect(r.stdout).not.toMatch(RAW_CONTROL);
      expect(r.stdout.split('\n')[0]).toContain('Evil\\n# Pwned \\[x\\]');
      const fs = await import('node:fs');
      for (const f of ['README.md', 'c4.md']) {
        const written = fs.readFileSync(path.join(dir, 'out', f), 'utf8');
        expect(written, f).not.toMatch(/^# Pwned/m);
        expect(written, f).not.toContain('<script>');
        expect(written, f).not.toMatch(RAW_CONTROL);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('machine formats', () => {
  it('JSON keeps the exact names and stays valid; SARIF messages carry no raw control', async () => {
    const json = await cli('review', repo, '--format', 'json');
    const report = JSON.parse(json.stdout);
    expect(JSON.stringify(report)).toContain('web\\u001b[2J');
    const sarif = await cli('review', repo, '--format', 'sarif');
    const log = JSON.parse(sarif.stdout);
    for (const result of log.runs[0].results) expect(result.message.text).not.toMatch(RAW_CONTROL);
  });

  it('HTML escapes names and shows controls escaped', async () => {
    const r = await cli('review', repo, '--format', 'html');
    expect(r.stdout).not.toContain('<img src=x');
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toContain('\u202e');
  });
});

describe('safeText', () => {
  it('escapes C0, C1, DEL, separators and bidi controls, keeps tabs, and keeps newlines on request', () => {
    expect(safeText('a\u001b[2Jb\u0007c\u0000d\u009be\u007ff\tg')).toBe(
      'a\\x1b[2Jb\\x07c\\0d\\x9be\\x7ff\tg',
    );
    expect(safeText('x\u202ey\u2066z\u2028')).toBe('x\\u202ey\\u2066z\\u2028');
    expect(safeText('a\r\nb\nc')).toBe('a\\r\\nb\\nc');
    expect(safeText('a\r\nb\u001b', { keepNewlines: true })).toBe('a\nb\\x1b');
  });

  it('safeStrings copies only what changes', () => {
    const clean = { a: ['x', { b: 'y' }], n: 1 };
    expect(safeStrings(clean)).toBe(clean);
    const dirty = { a: ['x', { b: 'y\u001b' }], fix: { snippet: 'l1\nl2' }, n: 1 };
    expect(safeStrings(dirty)).toEqual({ a: ['x', { b: 'y\\x1b' }], fix: { snippet: 'l1\nl2' }, n: 1 });
    expect(dirty.a[1]).toEqual({ b: 'y\u001b' });
  });
});
