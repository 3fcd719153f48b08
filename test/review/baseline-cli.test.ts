/**
 * Baseline, config and --changed-since through the CLI, on a copy of the fixture system with the real rule
 * packs. Assertions do not name rules: they use whatever the packs find, so they hold as the packs grow.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineText, parseBaseline } from '../../src/review/baseline.js';
import { review } from '../../src/review/index.js';
import { cli } from '../helpers/run-cli.js';
import { discoverFixture, FIXTURE, TEST_RULES } from './helpers.js';

function copyFixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-review-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const NEW_SERVICE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: invoices
spec:
  selector:
    matchLabels:
      app: invoices
  template:
    metadata:
      labels:
        app: invoices
    spec:
      containers:
        - name: invoices
          image: invoices
          ports:
            - containerPort: 8080
`;

describe('baseline file', () => {
  it('is sorted, de-duplicated and free of timestamps, and parses back', () => {
    const text = baselineText([
      { fingerprint: 'b', ruleId: 'x/y', message: 'second' },
      { fingerprint: 'a', ruleId: 'x/y', message: 'first' },
      { fingerprint: 'a', ruleId: 'x/y', message: 'first' },
    ]);
    expect(JSON.parse(text)).toEqual({
      baselineVersion: '1',
      tool: 'plumbline',
      findings: [
        { fingerprint: 'a', ruleId: 'x/y', message: 'first' },
        { fingerprint: 'b', ruleId: 'x/y', message: 'second' },
      ],
    });
    expect(parseBaseline('b.json', text).ref).toEqual({ file: 'b.json', fingerprints: ['a', 'b'] });
    expect(parseBaseline('b.json', '{"findings": 3}').error).toMatch(/^b\.json: not a plumbline baseline/);
    expect(parseBaseline('b.json', 'nope').error).toMatch(/^b\.json: not JSON/);
  });

  it('marks known findings as baselined and counts new ones', async () => {
    const discovery = await discoverFixture();
    const first = review(discovery, { rules: {} }, { rules: TEST_RULES });
    const keep = first.findings.filter((f) => f.ruleId !== 'security/test-latest-image');
    const report = review(
      discovery,
      {
        rules: {},
        baseline: { file: '.plumbline-baseline.json', fingerprints: keep.map((f) => f.fingerprint) },
      },
      { rules: TEST_RULES },
    );
    expect(report.summary).toMatchObject({
      findings: first.summary.findings,
      new: 1,
      baselined: keep.length,
    });
    expect(report.baseline).toEqual({
      file: '.plumbline-baseline.json',
      entries: keep.length,
      new: 1,
      baselined: keep.length,
    });
    expect(report.findings.filter((f) => !f.baselined).map((f) => f.ruleId)).toEqual([
      'security/test-latest-image',
    ]);
    const replicas = report.recommendations.find((r) => r.ruleId === 'resilience/test-replicas')!;
    expect(replicas).toMatchObject({ places: 3, newPlaces: 0 });
    expect(report.nextSteps.longTerm.at(-1)!.text).toContain(
      `Burn down the ${keep.length} baselined findings`,
    );
    // Baselined findings still weigh in the score: they are still there.
    expect(report.assessment.score).toBe(first.assessment.score);
  });

  it('--write-baseline records the findings; later runs fail only on new ones', async () => {
    const dir = copyFixture();
    const before = await cli('review', dir, '--format', 'json', '--fail-on', 'info');
    expect(before.code).toBe(1);
    const found = JSON.parse(before.stdout).findings.length;
    expect(found).toBeGreaterThan(0);

    const written = await cli('review', dir, '--write-baseline', '--format', 'json', '--fail-on', 'info');
    expect(written.code).toBe(0);
    expect(written.stderr).toContain(`wrote a baseline of ${found} findings`);
    const baselineFile = path.join(dir, '.plumbline-baseline.json');
    expect(JSON.parse(readFileSync(baselineFile, 'utf8')).findings).toHaveLength(found);
    // Re-writing gives the same bytes.
    const bytes = readFileSync(baselineFile, 'utf8');
    await cli('review', dir, '--write-baseline', '--format', 'json');
    expect(readFileSync(baselineFile, 'utf8')).toBe(bytes);

    // The default baseline file is picked up: nothing new, so even --fail-on info passes.
    const after = await cli('review', dir, '--format', 'json', '--fail-on', 'info');
    expect(after.code).toBe(0);
    const report = JSON.parse(after.stdout);
    expect(report.summary).toMatchObject({ findings: found, new: 0, baselined: found });

    // A new service brings new findings: only those count.
    writeFileSync(path.join(dir, 'k8s/invoices.yaml'), NEW_SERVICE);
    const grown = await cli('review', dir, '--format', 'json', '--fail-on', 'info');
    expect(grown.code).toBe(1);
    const next = JSON.parse(grown.stdout);
    expect(next.summary.new).toBeGreaterThan(0);
    // Everything outside the new file is known; whatever is new points into it (a system-wide finding
    // whose element and primary file are unchanged stays baselined even when it now lists invoices too).
    for (const f of next.findings) {
      const touchesNew = JSON.stringify(f.locations).includes('k8s/invoices.yaml');
      if (!touchesNew) expect(f.baselined, f.message).toBe(true);
      if (!f.baselined) expect(touchesNew, f.message).toBe(true);
    }
    const md = await cli('review', dir, '--format', 'md', '--fail-on', 'none');
    expect(md.stdout).toContain(`**${next.summary.new} new**, ${next.summary.baselined} baselined`);
  });

  it('--baseline FILE must exist and be a baseline; a configured one may not exist yet', async () => {
    const dir = copyFixture();
    const missing = await cli('review', dir, '--baseline', path.join(dir, 'none.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('baseline file not found');
    writeFileSync(path.join(dir, 'bad.json'), '{}');
    const bad = await cli('review', dir, '--baseline', path.join(dir, 'bad.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a plumbline baseline');
    writeFileSync(path.join(dir, 'plumbline.yaml'), 'baseline: ci/accepted.json\n');
    const configured = await cli('review', dir, '--format', 'json', '--fail-on', 'none');
    expect(configured.code).toBe(0);
    expect(configured.stderr).toContain('does not exist yet');
    const write = await cli('review', dir, '--write-baseline', '--format', 'json');
    expect(write.code).toBe(0);
    expect(existsSync(path.join(dir, 'ci/accepted.json'))).toBe(true);
    const used = JSON.parse((await cli('review', dir, '--format', 'json', '--fail-on', 'info')).stdout);
    expect(used.baseline.file).toBe('ci/accepted.json');
    expect(used.summary.new).toBe(0);
  });
});

describe('plumbline.yaml through the CLI', () => {
  it('rejects a suppression without a reason: exit 2 naming the file and line', async () => {
    const dir = copyFixture();
    writeFileSync(
      path.join(dir, 'plumbline.yaml'),
      'system: shop\nsuppressions:\n  - rule: security/container-runs-as-root\n    element: Deployment/default/orders\n',
    );
    const r = await cli('review', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid review configuration');
    expect(r.stderr).toContain(
      `${path.join(dir, 'plumbline.yaml')}:3 suppressions[0]: suppression of \`security/container-runs-as-root\` is rejected`,
    );
  });

  it('applies a reasoned suppression of a real finding and lists it in every format', async () => {
    const dir = copyFixture();
    const first = JSON.parse((await cli('review', dir, '--format', 'json', '--fail-on', 'none')).stdout);
    const target = first.findings[0];
    writeFileSync(
      path.join(dir, 'plumbline.yaml'),
      `suppressions:\n  - rule: ${target.ruleId}\n    file: ${target.locations[0].file}\n    reason: accepted risk, see ADR-7\n`,
    );
    const json = JSON.parse((await cli('review', dir, '--format', 'json', '--fail-on', 'none')).stdout);
    expect(json.suppressed.length).toBeGreaterThan(0);
    expect(json.suppressed[0]).toMatchObject({
      reason: 'accepted risk, see ADR-7',
      kind: 'config',
      source: { file: 'plumbline.yaml', line: 2 },
    });
    expect(json.findings.length).toBe(first.findings.length - json.suppressed.length);
    const md = (await cli('review', dir, '--format', 'md', '--fail-on', 'none')).stdout;
    expect(md).toContain('## Suppressed findings');
    expect(md).toContain('accepted risk, see ADR-7');
    const terminal = (await cli('review', dir, '--fail-on', 'none')).stdout;
    expect(terminal).toContain('accepted risk, see ADR-7');
    const sarif = JSON.parse((await cli('review', dir, '--format', 'sarif', '--fail-on', 'none')).stdout);
    const suppressedResults = sarif.runs[0].results.filter(
      (r: { suppressions?: unknown[] }) => r.suppressions,
    );
    expect(suppressedResults.length).toBe(json.suppressed.length);
    expect(suppressedResults[0].suppressions[0]).toMatchObject({
      kind: 'external',
      status: 'accepted',
      justification: 'accepted risk, see ADR-7',
    });
  });

  it('rule settings turn rules off and change severities', async () => {
    const dir = copyFixture();
    const first = JSON.parse((await cli('review', dir, '--format', 'json', '--fail-on', 'none')).stdout);
    const [a, b] = [...new Set<string>(first.findings.map((f: { ruleId: string }) => f.ruleId))];
    writeFileSync(path.join(dir, 'custom.yaml'), `rules:\n  ${a}: off\n  ${b}: critical\n`);
    const r = await cli(
      'review',
      dir,
      '--config',
      path.join(dir, 'custom.yaml'),
      '--format',
      'json',
      '--fail-on',
      'none',
    );
    const report = JSON.parse(r.stdout);
    expect(report.rulesRun).not.toContain(a);
    expect(report.findings.some((f: { ruleId: string }) => f.ruleId === a)).toBe(false);
    expect(
      report.findings
        .filter((f: { ruleId: string }) => f.ruleId === b)
        .every((f: { severity: string }) => f.severity === 'critical'),
    ).toBe(true);
  });
});

const hasGit = (() => {
  try {
    execFileSync('git', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasGit)('--changed-since', () => {
  const git = (dir: string, ...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: dir,
        stdio: 'pipe',
      },
    ).toString();

  it('keeps only findings in files changed since the ref (committed, uncommitted and untracked)', async () => {
    const dir = copyFixture();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(dir, 'k8s/invoices.yaml'), NEW_SERVICE); // untracked
    const all = JSON.parse((await cli('review', dir, '--format', 'json', '--fail-on', 'none')).stdout);
    const scoped = await cli(
      'review',
      dir,
      '--changed-since',
      'main',
      '--format',
      'json',
      '--fail-on',
      'none',
    );
    expect(scoped.code).toBe(0);
    const report = JSON.parse(scoped.stdout);
    expect(report.scope).toEqual({ changedSince: 'main', files: ['k8s/invoices.yaml'] });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.length).toBeLessThan(all.findings.length);
    for (const f of report.findings)
      expect(f.locations.map((l: { file: string }) => l.file)).toContain('k8s/invoices.yaml');

    // A committed change on the branch and an uncommitted edit both count.
    git(dir, 'add', 'k8s/invoices.yaml');
    git(dir, 'commit', '-q', '-m', 'invoices');
    writeFileSync(
      path.join(dir, 'k8s/payments.yaml'),
      readFileSync(path.join(dir, 'k8s/payments.yaml'), 'utf8').replace('2.0.1', '2.0.2'),
    );
    const both = JSON.parse(
      (await cli('review', dir, '--changed-since', 'main', '--format', 'json', '--fail-on', 'none')).stdout,
    );
    expect(both.scope.files).toEqual(['k8s/invoices.yaml', 'k8s/payments.yaml']);
  });

  it('exits 2 with a clear message outside a git repository or for an unknown ref', async () => {
    const plain = copyFixture();
    const notGit = await cli('review', plain, '--changed-since', 'main');
    expect(notGit.code).toBe(2);
    expect(notGit.stderr).toContain('needs a git repository');
    const repo = copyFixture();
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    const unknown = await cli('review', repo, '--changed-since', 'origin/does-not-exist');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown git ref "origin/does-not-exist"');
    const option = await cli('review', repo, '--changed-since', '--output=/tmp/x');
    expect(option.code).toBe(2);
  });
});
