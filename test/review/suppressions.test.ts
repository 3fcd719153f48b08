import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../src/discover/index.js';
import { foldedPlaces } from '../../src/review/folded.js';
import { review } from '../../src/review/index.js';
import { globToRegExp, parseInlineDirectives } from '../../src/review/suppressions.js';
import {
  discoverFixture,
  discoverText,
  FIXTURE,
  fixtureText,
  latestImageRule,
  replicasRule,
  TEST_RULES,
} from './helpers.js';

describe('inline plumbline-ignore comments', () => {
  it('are recognised in YAML, Dockerfile, SQL, proto and block comment styles, with or without a reason', () => {
    const yaml = [
      'spec:',
      '  # plumbline-ignore security/test-latest-image -- rebuilt nightly from a pinned base',
      '  image: orders:latest',
      '  replicas: 1 # plumbline-ignore resilience/test-replicas -- batch job, one is enough',
      '  # plumbline-ignore security/x',
      '  # plumbline-ignore',
    ].join('\n');
    expect(parseInlineDirectives('k8s.yaml', yaml)).toEqual([
      {
        file: 'k8s.yaml',
        line: 2,
        ruleId: 'security/test-latest-image',
        reason: 'rebuilt nightly from a pinned base',
        covers: [2, 3],
      },
      {
        file: 'k8s.yaml',
        line: 4,
        ruleId: 'resilience/test-replicas',
        reason: 'batch job, one is enough',
        covers: [4, 5],
      },
      expect.objectContaining({
        line: 5,
        ruleId: 'security/x',
        problem: expect.stringContaining('has no reason'),
      }),
      expect.objectContaining({ line: 6, problem: expect.stringContaining('needs a rule id and a reason') }),
    ]);
    expect(
      parseInlineDirectives(
        'q.sql',
        '-- plumbline-ignore data/x -- legacy table\nCREATE TABLE t (id int);',
      )[0],
    ).toMatchObject({
      ruleId: 'data/x',
      reason: 'legacy table',
      covers: [1, 2],
    });
    expect(
      parseInlineDirectives(
        'a.proto',
        'message A {} // plumbline-ignore api/y --   kept for v1 clients  ',
      )[0],
    ).toMatchObject({
      ruleId: 'api/y',
      reason: 'kept for v1 clients',
    });
    expect(parseInlineDirectives('a.proto', '/* plumbline-ignore api/y -- generated */')[0]).toMatchObject({
      reason: 'generated',
    });
    expect(
      parseInlineDirectives('Dockerfile', 'FROM node\n# plumbline-ignore security/z --\nUSER root')[0],
    ).toMatchObject({
      problem: expect.stringContaining('empty reason'),
    });
    // The words inside a string value are not a directive.
    expect(parseInlineDirectives('a.yaml', 'description: "use plumbline-ignore sparingly"')).toEqual([]);
  });

  it('a stack of directives all cover the first line below them', () => {
    const text = ['# plumbline-ignore a/one -- r1', '# plumbline-ignore a/two -- r2', 'image: x'].join('\n');
    expect(parseInlineDirectives('f.yaml', text).map((d) => d.covers)).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  it('suppress the finding on the line below (reported with reason and source); an invalid one is a diagnostic and not applied', () => {
    const base = fixtureText('k8s/orders.yaml');
    const plain = discoverText({ 'k8s/orders.yaml': base });
    const [finding] = review(
      plain.discovery,
      { rules: {} },
      { rules: [latestImageRule], readText: plain.readText },
    ).findings;
    // The directive goes on the line above the line the finding reports.
    const imageLine = finding!.locations[0]!.line - 1;
    const lines = base.split('\n');
    const withDirective = [
      ...lines.slice(0, imageLine),
      '        # plumbline-ignore security/test-latest-image -- rebuilt from a pinned base nightly',
      ...lines.slice(imageLine),
    ].join('\n');
    const { discovery, readText } = discoverText({ 'k8s/orders.yaml': withDirective });
    const report = review(discovery, { rules: {} }, { rules: [latestImageRule], readText });
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toHaveLength(1);
    expect(report.suppressed[0]).toMatchObject({
      reason: 'rebuilt from a pinned base nightly',
      kind: 'inline',
      source: { file: 'k8s/orders.yaml', line: imageLine + 1 },
      finding: { ruleId: 'security/test-latest-image' },
    });
    expect(report.summary.suppressed).toBe(1);

    const noReason = withDirective.replace(' -- rebuilt from a pinned base nightly', '');
    const again = discoverText({ 'k8s/orders.yaml': noReason });
    const rejected = review(
      again.discovery,
      { rules: {} },
      { rules: [latestImageRule], readText: again.readText },
    );
    expect(rejected.findings.map((f) => f.ruleId)).toEqual(['security/test-latest-image']);
    expect(rejected.suppressed).toEqual([]);
    expect(rejected.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        file: 'k8s/orders.yaml',
        line: imageLine + 1,
        message: expect.stringMatching(
          /^invalid suppression: plumbline-ignore security\/test-latest-image has no reason/,
        ),
      }),
    );
    expect(rejected.nextSteps.immediate[0]!.text).toContain('invalid suppression');
  });

  it('are read from disk for a reviewed directory, but not from a file that changed since discovery', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-inline-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const file = path.join(dir, 'k8s/orders.yaml');
    const before = review(await discoverDirectory(dir), { rules: {} }, { rules: [replicasRule] });
    // the three services' findings fold into one systemic finding; its locations name each
    const line = before.findings.flatMap((f) => f.locations).find((l) => l.file === 'k8s/orders.yaml')!.line;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(line - 1, 0, '# plumbline-ignore resilience/test-replicas -- scaled by KEDA on queue depth');
    writeFileSync(file, lines.join('\n'));
    const discovery = await discoverDirectory(dir);
    const after = review(discovery, { rules: {} }, { rules: [replicasRule] });
    expect(after.suppressed.map((s) => [s.finding.locations[0]!.file, s.reason])).toEqual([
      ['k8s/orders.yaml', 'scaled by KEDA on queue depth'],
    ]);
    writeFileSync(file, `${lines.join('\n')}\n# edited after discovery\n`);
    expect(review(discovery, { rules: {} }, { rules: [replicasRule] }).suppressed).toEqual([]);
  });

  it('only the named rule is suppressed', () => {
    const text = fixtureText('k8s/orders.yaml').replace(
      'kind: Deployment',
      'kind: Deployment # plumbline-ignore security/test-latest-image -- wrong rule for this line',
    );
    const { discovery, readText } = discoverText({ 'k8s/orders.yaml': text });
    const report = review(discovery, { rules: {} }, { rules: [latestImageRule, replicasRule], readText });
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual([
      'resilience/test-replicas',
      'security/test-latest-image',
    ]);
  });
});

describe('config suppressions', () => {
  it('match by element, file or path glob; each suppressed finding is listed with its reason; unused ones are reported', async () => {
    const discovery = await discoverFixture();
    const unsuppressed = review(discovery, { rules: {} }, { rules: TEST_RULES });
    // one systemic finding (3 of the 4 services) that keeps each place and its element
    const replicas = foldedPlaces(
      unsuppressed.findings.find((f) => f.ruleId === 'resilience/test-replicas')!,
    );
    expect(replicas.length).toBe(3);
    const source = { file: 'plumbline.yaml', line: 4 };
    const report = review(
      discovery,
      {
        rules: {},
        suppressions: [
          {
            rule: 'resilience/test-replicas',
            element: replicas[0]!.element,
            reason: 'scaled by KEDA',
            source,
          },
          {
            rule: 'resilience/test-replicas',
            path: 'k8s/pay*.yaml',
            reason: 'payments is a singleton by design',
            source: { ...source, line: 7 },
          },
          {
            rule: 'security/test-latest-image',
            file: 'k8s/nothing.yaml',
            reason: 'stale',
            source: { ...source, line: 10 },
          },
        ],
      },
      { rules: TEST_RULES },
    );
    expect(report.suppressed.map((s) => s.reason).sort()).toEqual([
      'payments is a singleton by design',
      'scaled by KEDA',
    ]);
    expect(report.suppressed.every((s) => s.kind === 'config')).toBe(true);
    expect(report.findings.filter((f) => f.ruleId === 'resilience/test-replicas')).toHaveLength(1);
    // the one place left is no longer systemic: a plain finding again
    expect(report.summary.findings).toBe(unsuppressed.summary.findings);
    expect(report.findings.find((f) => f.ruleId === 'resilience/test-replicas')!.element).toBe(
      replicas[1]!.element,
    );
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({
        file: 'plumbline.yaml',
        line: 10,
        severity: 'warning',
        message: expect.stringContaining('matched no finding'),
      }),
    );
  });

  it('globs follow gitignore-like rules', () => {
    expect(globToRegExp('k8s/*.yaml').test('k8s/a.yaml')).toBe(true);
    expect(globToRegExp('k8s/*.yaml').test('k8s/sub/a.yaml')).toBe(false);
    expect(globToRegExp('**/legacy/**').test('a/b/legacy/c/d.sql')).toBe(true);
    expect(globToRegExp('release/**/*.yaml').test('release/x.yaml')).toBe(true);
    expect(globToRegExp('a?.proto').test('ab.proto')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });
});
