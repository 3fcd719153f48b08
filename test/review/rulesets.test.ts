/**
 * Extension points: rules of a team's own loaded from an ES module named in plumbline.yaml (same shape and
 * example checks as the built-ins), presets (`extends`), area wildcards, and single-file reviews that leave
 * repository-level rules out.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import { runRules } from '../../src/review/engine.js';
import { exampleFiles, loadPluginRules, ruleShapeProblems, settingFor } from '../../src/review/rulesets.js';
import { allRules } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/types.js';
import { cli } from '../helpers/run-cli.js';

const repo = path.resolve(import.meta.dirname, '../..');
const plugin = path.join(repo, 'examples/plugin-rules/index.js');

const deployment = (name: string, team?: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}${team ? `\n        team: ${team}` : ''}
    spec:
      containers:
        - name: ${name}
          image: registry.example.com/${name}:1.0.0
`;

function system(config: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-rulesets-'));
  writeFileSync(path.join(dir, 'plumbline.yaml'), config);
  for (const [name, text] of Object.entries({
    'orders.yaml': deployment('orders'),
    'billing.yaml': deployment('billing', 'payments'),
    ...files,
  }))
    writeFileSync(path.join(dir, name), text);
  return dir;
}

const json = async (...args: string[]) => {
  const r = await cli('review', ...args, '--format', 'json');
  return { ...r, report: r.code <= 1 && r.stdout ? JSON.parse(r.stdout) : undefined };
};

describe('custom rules from plumbline.yaml `plugins`', () => {
  it('loads the example plugin and runs its rule beside the built-ins, with the rule docs in the report', async () => {
    const dir = system(`system: teams\nplugins:\n  - ${JSON.stringify(plugin)}\n`);
    const { code, stderr, report } = await json(dir, '--allow-plugins');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const mine = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'practices/team-label');
    expect(mine.map((f: { message: string }) => f.message)).toEqual([
      'Deployment orders has no `team` pod label',
    ]);
    expect(mine[0].locations[0].file).toBe('orders.yaml');
    expect(report.rulesRun).toContain('practices/team-label');
    expect(report.findings.some((f: { ruleId: string }) => f.ruleId.startsWith('security/'))).toBe(true);
    // and the plugin's rule takes config like any other
    const off = await json(
      system(`plugins: [${JSON.stringify(plugin)}]\nrules:\n  practices/team-label: off\n`),
      '--allow-plugins',
    );
    expect(off.stderr).toBe('');
    expect(off.report.rulesRun).not.toContain('practices/team-label');
  });

  it('does not run code the reviewed repository names unless --allow-plugins says the repository is trusted', async () => {
    const dir = system(`plugins: [${JSON.stringify(plugin)}]\n`);
    const { code, stderr, report } = await json(dir);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /not loaded: 1 plugin named by the reviewed repository would run its code; pass --allow-plugins/,
    );
    expect(report.rulesRun).not.toContain('practices/team-label');
  });

  it('runs the plugin rule’s own failing and passing examples the way the built-in rules’ are run', async () => {
    const [rule] = await loadPluginRules([plugin], allRules);
    const run = (which: 'fail' | 'pass') =>
      runRules(discoverFiles(exampleFiles(rule!.examples[which]), '.'), { rules: {} }, [rule!]).findings;
    expect(run('fail').length).toBeGreaterThan(0);
    expect(run('pass')).toEqual([]);
  });

  it('rejects a plugin that is missing, exports no rules, or has a rule of the wrong shape (exit 2, named)', async () => {
    const bad = mkdtempSync(path.join(tmpdir(), 'plumbline-badplugin-'));
    writeFileSync(path.join(bad, 'none.mjs'), 'export const nothing = 1;\n');
    writeFileSync(
      path.join(bad, 'shape.mjs'),
      "export const rules = [{ id: 'security/container-runs-as-root', area: 'security', severity: 'loud' }];\n",
    );
    for (const [module, message] of [
      ['./missing.mjs', /could not be loaded/],
      [path.join(bad, 'none.mjs'), /exports no rules/],
      [path.join(bad, 'shape.mjs'), /built-in rule's id.*severity/],
    ] as const) {
      const r = await cli('review', system(`plugins: [${JSON.stringify(module)}]\n`), '--allow-plugins');
      expect(r.code, String(module)).toBe(2);
      expect(r.stderr, String(module)).toMatch(message);
    }
    expect(ruleShapeProblems({ ...allRules[0]!, id: 'team/x' } as Rule, new Set())).toContain(
      '`id` must start with its `area/`',
    );
  });

  it('takes `messages` as a map of camelCase ids to templates, and leaves it optional for older plugins', () => {
    const base = { ...allRules[0]!, id: `${allRules[0]!.area}/team-x` };
    expect(ruleShapeProblems(base, new Set())).toEqual([]);
    expect(ruleShapeProblems({ ...base, messages: undefined } as unknown as Rule, new Set())).toEqual([]);
    expect(ruleShapeProblems({ ...base, messages: { 'bad-id': 'x' } }, new Set())).toEqual([
      '`messages` must map camelCase message ids to template strings',
    ]);
  });
});

describe('presets and wildcards', () => {
  it('`practices/*: off` turns an area off; a more specific key wins over it', async () => {
    const { report, stderr } = await json(
      system('rules:\n  practices/*: off\n  practices/tests-present: low\n'),
    );
    expect(stderr).toBe('');
    const practices = report.rulesRun.filter((id: string) => id.startsWith('practices/'));
    expect(practices).toEqual(['practices/tests-present']);
    expect(
      report.findings.find((f: { ruleId: string }) => f.ruleId === 'practices/tests-present').severity,
    ).toBe('low');
  });

  it('`extends: plumbline:api-only` runs only API rules; `plumbline:strict` raises info and low', async () => {
    const api = await json(system('extends: plumbline:api-only\n'));
    expect(api.report.rulesRun.length).toBeGreaterThan(10);
    expect(api.report.rulesRun.every((id: string) => id.startsWith('api/'))).toBe(true);
    const strict = await json(system('extends: [plumbline:strict]\n'));
    const plain = await json(system('system: plain\n'));
    const severityOf = (r: { findings: { ruleId: string; severity: string }[] }, id: string) =>
      r.findings.find((f) => f.ruleId === id)?.severity;
    expect(severityOf(plain.report, 'practices/tests-present')).toBe('info');
    expect(severityOf(strict.report, 'practices/tests-present')).toBe('low');
    // the config's own rules win over a preset
    const mixed = await json(system('extends: plumbline:api-only\nrules:\n  security/*: high\n'));
    expect(mixed.report.rulesRun.some((id: string) => id.startsWith('security/'))).toBe(true);
    expect(mixed.report.rulesRun.some((id: string) => id.startsWith('practices/'))).toBe(false);
  });

  it('rejects an unknown preset and warns about a wildcard that matches nothing', async () => {
    const r = await cli('review', system('extends: plumbline:lenient\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown preset `plumbline:lenient`.*plumbline:recommended/);
    const w = await cli('review', system('rules:\n  perf/*: off\n'));
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/`perf\/\*` matches no rule/);
  });

  it('resolves a rule’s setting: own exact id, then area, then *, then presets last-named first', () => {
    const rule = allRules.find((r) => r.id === 'practices/tests-present')!;
    expect(settingFor(rule, { '*': 'high', 'practices/*': 'low' })).toBe('low');
    expect(settingFor(rule, { '*': 'high' }, ['plumbline:api-only'])).toBe('high');
    expect(settingFor(rule, {}, ['plumbline:strict', 'plumbline:api-only'])).toBe('off');
    expect(settingFor(rule, {}, ['plumbline:api-only', 'plumbline:strict'])).toBe('low');
  });
});

describe('single-file reviews', () => {
  it('an API spec reviewed on its own gets API findings, not "no CI / no tests / no ADR"', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-onefile-'));
    await mkdir(path.join(dir, 'api'));
    const spec = path.join(dir, 'api', 'orders.yaml');
    writeFileSync(
      spec,
      'openapi: 3.0.3\ninfo:\n  title: Orders\n  version: 1.0.0\npaths:\n  /orders:\n    get:\n      responses:\n        "200":\n          description: ok\n',
    );
    const one = await json(spec);
    expect(one.code).toBe(0);
    const repoLevel = allRules.filter((r) => r.repositoryLevel).map((r) => r.id);
    expect(repoLevel).toEqual(
      expect.arrayContaining([
        'practices/ci-pipeline',
        'practices/tests-present',
        'practices/architecture-decision-records',
      ]),
    );
    for (const id of repoLevel) expect(one.report.rulesRun).not.toContain(id);
    expect(one.report.findings.some((f: { ruleId: string }) => f.ruleId.startsWith('api/'))).toBe(true);
    // the same file as a repository still gets them
    const whole = await json(dir);
    expect(whole.report.rulesRun).toEqual(expect.arrayContaining(repoLevel));
  });
});
