import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';

describe('plumbline CLI', () => {
  it('prints help with exit 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('review');
    expect(r.stdout).toContain('scan');
    for (const cmd of ['scan', 'review', 'rules']) {
      const sub = await cli(cmd, '--help');
      expect(sub.code, cmd).toBe(0);
      expect(sub.stdout).toContain(`Usage: plumbline ${cmd}`);
    }
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('review')).code).toBe(2);
    expect((await cli('review', 'examples/shop', '--format', 'pdf')).code).toBe(2);
    expect((await cli('review', 'examples/shop', '--fail-on', 'sometimes')).code).toBe(2);
    const missing = await cli('review', 'does/not/exist');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does/not/exist');
  });

  it('scans the example into a model with services and dependencies', async () => {
    const r = await cli('scan', 'examples/shop', '--format', 'json');
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout);
    expect(model.services.length).toBeGreaterThanOrEqual(4);
    for (const s of model.services) expect(typeof s.name).toBe('string');
    expect(model.dependencies.length).toBeGreaterThan(0);
    for (const d of model.dependencies) {
      expect(d).toMatchObject({
        from: expect.any(String),
        to: expect.any(String),
        protocol: expect.any(String),
      });
      expect(d.source).toMatchObject({ file: expect.any(String), line: expect.any(Number) });
    }
  });

  it('reviews the example: findings with evidence, exit code follows --fail-on', async () => {
    const r = await cli('review', 'examples/shop', '--format', 'json', '--fail-on', 'none');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) {
      expect(f).toMatchObject({
        ruleId: expect.any(String),
        severity: expect.any(String),
        message: expect.any(String),
        recommendation: expect.any(String),
      });
      expect(f.locations[0]).toMatchObject({ file: expect.any(String), line: expect.any(Number) });
    }
    expect((await cli('review', 'examples/shop', '--format', 'json', '--fail-on', 'info')).code).toBe(1);
  });

  it('reports each flaw examples/shop/README.md promises, where it is written', async () => {
    const readme = readFileSync('examples/shop/README.md', 'utf8');
    const promised = readme.split('Flaws put in on purpose')[1]?.split('\n\n')[1]?.split('\n') ?? [];
    const r = await cli('review', 'examples/shop', '--format', 'json', '--fail-on', 'none');
    const findings: { ruleId: string; message: string; locations: { file: string; line: number }[] }[] =
      JSON.parse(r.stdout).findings;
    const at = (ruleId: string, where: string) =>
      findings.filter(
        (f) => f.ruleId === ruleId && f.locations.some((l) => `${l.file}:${l.line}`.startsWith(where)),
      );
    // the README bullet (its start), then the finding that answers it: rule, file:line and what the message says
    const flaws: [string, string, string, RegExp][] = [
      [
        '`payments` runs a single replica',
        'performance/single-replica',
        'k8s/payments.yaml:1',
        /single replica/,
      ],
      [
        '`catalog` has no readiness probe',
        'resilience/missing-readiness-probe',
        'k8s/catalog.yaml:23',
        /catalog/,
      ],
      [
        '`catalog` has no readiness probe',
        'security/mutable-image-tag',
        'k8s/catalog.yaml:23',
        /`latest` tag/,
      ],
      [
        '`notifications` runs as root',
        'security/container-runs-as-root',
        'k8s/notifications.yaml:20',
        /root/,
      ],
      [
        '`notifications` runs as root',
        'security/container-runs-as-root',
        'services/notifications/Dockerfile:1',
        /root/,
      ],
      [
        '`GET /orders/{orderId}` documents no error responses',
        'api/operation-without-error-responses',
        'api/orders.openapi.yaml:76',
        /GET \/orders\/\{orderId\}/,
      ],
      [
        'The orders database password',
        'security/plaintext-secret',
        'docker-compose.yml:66',
        /POSTGRES_PASSWORD=\*\*\*\*/,
      ],
      [
        '`orders` calls `payments`',
        'services/dependency-cycle',
        'docker-compose.yml:23',
        /orders → payments → orders/,
      ],
    ];
    expect(promised.filter((l) => l.startsWith('- '))).toHaveLength(6);
    for (const [bullet, ruleId, where, says] of flaws) {
      expect(
        promised.some((l) => l.startsWith(`- ${bullet}`)),
        bullet,
      ).toBe(true);
      expect(
        at(ruleId, where).some((f) => says.test(f.message)),
        `${bullet}: ${ruleId} at ${where}`,
      ).toBe(true);
    }
    expect(JSON.stringify(findings)).not.toMatch(/POSTGRES_PASSWORD=(?!\*)/);
  });

  it('a single file it cannot read is said so, in the report and on stderr, and fails under --fail-on', async () => {
    // a file nothing reads at all is a usage error; one read only into diagnostics fails under --fail-on
    const file = 'test/fixtures/detect/orders-no-version.yaml';
    const r = await cli('review', file, '--format', 'json', '--fail-on', 'critical');
    expect(r.stderr).toContain('nothing to review');
    expect(r.code).toBe(2);
    const wrong = await cli(
      'review',
      'test/fixtures/detect/orders-version-object.yaml',
      '--format',
      'json',
      '--fail-on',
      'high',
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('orders-version-object.yaml: not read');
    const report = JSON.parse(wrong.stdout);
    expect(report.diagnostics.map((d: { message: string }) => d.message).join('\n')).toContain(
      'top-level `openapi` is not a version string',
    );
  });

  it('writes the report to --out', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'plumbline-')), 'report.md');
    const r = await cli('review', 'examples/shop', '--format', 'md', '--out', out, '--fail-on', 'none');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('#');
  });

  it('--timing prints phases and the slowest rules to stderr, leaving the report unchanged', async () => {
    const plain = await cli('review', 'examples/shop', '--format', 'json');
    const timed = await cli('review', 'examples/shop', '--format', 'json', '--timing');
    expect(timed.code).toBe(0);
    expect(timed.stdout).toBe(plain.stdout);
    expect(plain.stderr).not.toContain('plumbline timing');
    for (const phase of ['walk (read files)', 'discover (parse, model)', 'rules', 'render json', 'total'])
      expect(timed.stderr).toContain(phase);
    expect(timed.stderr).toMatch(
      /slowest files to parse \(of \d+\):\n {2}\S+ \((openapi|compose|kubernetes|manifest|sql|dockerfile|source)\) +\d+\.\d ms/,
    );
    const slowest = timed.stderr.split('slowest rules')[1] ?? '';
    expect(slowest).toMatch(/\n {2}[a-z]+\/[a-z0-9-]+ +\d+\.\d ms/);
  });

  it('lists rules and shows one', async () => {
    const r = await cli('rules');
    expect(r.code).toBe(0);
    const first = r.stdout.split('\n')[0]!.split(/\s+/)[0]!;
    expect(first).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
    const one = await cli('rules', first);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Why:');
    expect((await cli('rules', 'no/such-rule')).code).toBe(2);
  });
});
