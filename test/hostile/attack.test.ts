/**
 * End to end (issue 16, "done when"): a repository built to attack Plumbline — paths outside the root in the
 * config fields, symbolic links to outside files and devices, a FIFO, control characters in names and values, an
 * alias fan-out, an alias cycle, deep nesting, duplicate keys, binary junk — is reviewed in its own process with
 * a memory cap and a time limit. The review finishes, still reviews the rest of the tree, reads nothing outside
 * the root (a secret there is never echoed, a plugin there never runs), writes nothing but the --out file the
 * command line names, and prints no raw control character.
 */
import { spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'S3CRET-outside-the-root-7f3a';
const ESC = '\u001b';
const BEL = '\u0007';
const RLO = '\u202e';
/** Control characters a terminal acts on (tab and newline are Plumbline's own layout). */
const RAW_CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for them
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

let work: string;
let repo: string;
let outside: string;
let marker: string;

function fanOut(anchors: number): string {
  const lines = ['openapi: 3.0.3', 'info: {title: bomb, version: "1"}', 'paths: {}', 'x-data:'];
  const big = `[${Array.from({ length: 2000 }, (_, i) => i).join(', ')}]`;
  for (let a = 0; a < anchors; a++) lines.push(`  a${a}: &a${a} ${big}`);
  for (let a = 0; a < anchors; a++) lines.push(`  u${a}: [${Array(99).fill(`*a${a}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** Names, sizes and modification times of everything under `dir` (links not followed). */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const info = lstatSync(p);
      out.push(`${path.relative(dir, p)} ${info.size} ${info.mtimeMs}`);
      if (info.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

function buildAttack(): void {
  work = mkdtempSync(path.join(tmpdir(), 'plumbline-attack-'));
  repo = path.join(work, 'repo');
  outside = path.join(work, 'outside');
  marker = path.join(outside, 'plugin-ran');
  mkdirSync(repo);
  mkdirSync(outside);
  const w = (rel: string, text: string | Buffer) => {
    mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    writeFileSync(path.join(repo, rel), text);
  };
  // outside the root: a secret, a spec holding it, and a plugin that would leave a marker if it ran
  writeFileSync(path.join(outside, 'secret.txt'), `${SECRET}\n`);
  writeFileSync(
    path.join(outside, 'secret.yaml'),
    `openapi: 3.0.3\ninfo: {title: ${SECRET}, version: "1"}\npaths:\n  /${SECRET}:\n    get:\n      responses:\n        "200": {description: ${SECRET}}\n`,
  );
  writeFileSync(
    path.join(outside, 'evil.js'),
    `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport const rules = [];\n`,
  );

  // every config field that can name a path points outside the root (the baseline is tested below)
  w(
    'plumbline.yaml',
    [
      `system: "Shop${ESC}[2J${BEL}"`,
      'plugins: [../outside/evil.js, /tmp/../' + path.relative('/', outside) + '/evil.js]',
      'ignore: ["../outside/**", "/etc/**"]',
      'suppressions:',
      '  - {rule: security/mutable-image-tag, file: ../outside/secret.yaml, reason: "outside"}',
      '  - {rule: api/operation-id, path: /etc/passwd, reason: "outside"}',
      '',
    ].join('\n'),
  );
  // a spec whose $refs reach outside, to absolute paths and to the network; values with controls and bidi
  w(
    'api/openapi.yaml',
    [
      'openapi: 3.0.3',
      `info: {title: "Orders${ESC}]0;pwned${BEL}", version: "1", description: "${RLO}evil"}`,
      'paths:',
      '  /orders:',
      '    get:',
      `      summary: "line\\nALL CLEAR ${ESC}[32m"`,
      '      responses:',
      '        "200":',
      '          description: ok',
      '          content:',
      '            application/json:',
      '              schema: {$ref: "../../outside/secret.yaml#/info"}',
      '        "404": {$ref: "/etc/passwd#/x"}',
      '        "500": {$ref: "http://127.0.0.1:1/x.yaml#/y"}',
      '',
    ].join('\n'),
  );
  // links out of the root, to a device, and a FIFO
  symlinkSync(path.join(outside, 'secret.yaml'), path.join(repo, 'api/linked.yaml'));
  symlinkSync(path.join(outside, 'secret.txt'), path.join(repo, 'Dockerfile'));
  symlinkSync('/dev/zero', path.join(repo, 'zero.json'));
  mkdirSync(path.join(repo, 'k8s'));
  spawnSync('mkfifo', [path.join(repo, 'k8s/pipe.yaml')]);
  // control characters in file names
  w(
    `k8s/web-${ESC}[2J${BEL}${RLO}.yaml`,
    'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n',
  );
  // expansion, cycles, depth, duplicate keys, binary junk
  w('api/bomb.yaml', fanOut(10));
  w('api/cycle.yaml', 'openapi: 3.0.3\ninfo: &i {title: t, version: "1", x: *i}\npaths: {}\n');
  w(
    'api/deep.yaml',
    `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\nx: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
  );
  w(
    'api/dup.yaml',
    'openapi: 3.0.3\ninfo: {title: dup, version: "1"}\npaths:\n  /a:\n    get: {responses: {"200": {description: ok}}}\n  /a:\n    post: {responses: {"200": {description: ok}}}\n',
  );
  w(
    'api/junk.json',
    Buffer.concat([
      Buffer.from('{"openapi": "3.0.3", '),
      Buffer.alloc(256, 0),
      Buffer.from([0xff, 0xfe, 0x1b]),
    ]),
  );
  // and the rest of the tree, which must still be reviewed
  w(
    'docker-compose.yml',
    `services:\n  "web${ESC}[2J":\n    image: nginx:latest\n  api:\n    image: shop/api:latest\n`,
  );
}

function run(...argv: string[]) {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=512', '--import', 'tsx', 'test/hostile/main.ts', ...argv],
    {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { ...r, ms: performance.now() - started };
}

beforeAll(buildAttack);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a repository built to attack Plumbline', () => {
  it('is reviewed in bounded time and memory; the rest of the tree is reviewed; nothing outside is read, run or written; no raw control character is printed', () => {
    const before = { repo: snapshot(repo), outside: snapshot(outside) };
    const out = path.join(work, 'report.json');
    const terminal = run('review', repo);
    const json = run('review', repo, '--format', 'json', '--out', out);
    for (const r of [terminal, json]) {
      expect(r.error, r.stderr).toBeUndefined();
      expect(r.signal, r.stderr).toBeNull();
      expect([0, 1], r.stderr).toContain(r.status);
      expect(r.ms).toBeLessThan(120_000);
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
      expect(RAW_CONTROL.test(r.stdout), r.stdout.match(RAW_CONTROL)?.[0]).toBe(false);
      expect(RAW_CONTROL.test(r.stderr), r.stderr).toBe(false);
    }
    expect(json.stdout).toBe('');

    // nothing outside the root was written, nothing inside it changed; the plugin never ran
    expect(snapshot(repo)).toEqual(before.repo);
    expect(snapshot(outside)).toEqual(before.outside);
    expect(readdirSync(work).sort()).toEqual(['outside', 'repo', 'report.json']);

    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(JSON.stringify(report)).not.toContain(SECRET);
    // the rest of the tree was reviewed
    const rules = new Set(report.findings.map((f: { ruleId: string }) => f.ruleId));
    expect(rules.has('security/mutable-image-tag')).toBe(true);
    // each attack is a diagnostic naming its file
    const diagnosed = (file: RegExp, message: RegExp) =>
      report.diagnostics.some(
        (d: { file: string; message: string }) => file.test(d.file) && message.test(d.message),
      );
    expect(diagnosed(/^api\/bomb\.yaml$/, /over the limit/)).toBe(true);
    expect(diagnosed(/^api\/cycle\.yaml$/, /cycle/)).toBe(true);
    expect(diagnosed(/^api\/deep\.yaml$/, /deeper|nest|call stack/)).toBe(true);
    expect(diagnosed(/^api\/dup\.yaml$/, /duplicate key "\/a" \(first at line 4, again at line 6\)/)).toBe(
      true,
    );
    expect(diagnosed(/^api\/junk\.json$/, /binary/)).toBe(true);
    expect(diagnosed(/^api\/linked\.yaml$/, /outside/)).toBe(true);
    expect(diagnosed(/^Dockerfile$/, /outside/)).toBe(true);
    expect(diagnosed(/^zero\.json$/, /outside/)).toBe(true);
    // the JSON keeps the exact names (JSON escapes the controls); the terminal shows them escaped
    expect(report.diagnostics.some((d: { file: string }) => d.file.includes(ESC))).toBe(false);
    expect(terminal.stdout).toMatch(/\\x1b/);
  }, 300_000);

  it('a baseline or config that reaches outside the root is refused without reading or echoing it', () => {
    const variants = [['baseline: ../outside/secret.txt'], [`baseline: ${path.join(outside, 'secret.txt')}`]];
    for (const lines of variants) {
      const dir = path.join(work, `variant-${variants.indexOf(lines)}`);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'plumbline.yaml'), `${lines.join('\n')}\n`);
      writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx:latest\n');
      const r = run('review', dir);
      expect(r.status).toBe(2);
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
      expect(r.stderr).toMatch(/outside the reviewed directory/);
      rmSync(dir, { recursive: true, force: true });
    }
    const linked = path.join(work, 'linked-config');
    mkdirSync(linked);
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(linked, 'plumbline.yaml'));
    const r = run('review', linked);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    rmSync(linked, { recursive: true, force: true });
  }, 120_000);
});
