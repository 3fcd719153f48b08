/**
 * Bounded work and validated arguments (issue 16): a file over the per-file time budget is skipped with a
 * diagnostic naming it while the rest is read; locating in YAML is linear in the number of $refs; empty or
 * malformed command-line values are usage errors (exit 2), never silently the default.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import {
  budgetClock,
  checkFileBudget,
  FileBudgetExceeded,
  withFileBudget,
} from '../../src/discover/parse/budget.js';
import { cli } from '../helpers/run-cli.js';

/** An OpenAPI document with `n` operations, each answering with a `$ref` to a schema that does not exist. */
function refs(n: number): string {
  const lines = ['openapi: 3.0.3', 'info: {title: t, version: "1"}', 'paths:'];
  for (let i = 0; i < n; i++)
    lines.push(
      `  /p${i}:`,
      '    get:',
      '      responses:',
      '        "200":',
      '          description: ok',
      '          content:',
      '            application/json:',
      `              schema: {$ref: "#/components/schemas/Missing${i}"}`,
    );
  return `${lines.join('\n')}\n`;
}

const file = (p: string, text: string) => ({ path: p, text, bytes: Buffer.byteLength(text) });

describe('per-file time budget', () => {
  it('skips a file over the budget with a diagnostic naming it, and reads the rest', () => {
    const big = refs(3000);
    const compose = 'services:\n  web:\n    image: nginx:1.27\n';
    const result = discoverFiles([file('big/openapi.yaml', big), file('docker-compose.yml', compose)], '.', {
      fileTimeBudgetMs: 5,
    });
    const over = result.model.diagnostics.filter((d) => /budget per file/.test(d.message));
    expect(over).toEqual([
      expect.objectContaining({
        file: 'big/openapi.yaml',
        severity: 'error',
        message: 'skipped: reading it as openapi took longer than the 5-ms budget per file',
      }),
    ]);
    expect(result.model.operations).toEqual([]);
    expect(result.model.services.map((s) => s.name)).toContain('web');
  });

  it('the default budget reads the same file in full', () => {
    const result = discoverFiles([file('openapi.yaml', refs(3000))], '.');
    expect(result.model.operations).toHaveLength(3000);
    expect(result.model.diagnostics.some((d) => /budget/.test(d.message))).toBe(false);
  });

  it('checkFileBudget throws only inside an expired budget, and budgets nest under the outer deadline', () => {
    expect(() => checkFileBudget(true)).not.toThrow();
    expect(() =>
      withFileBudget(1, () => {
        const until = budgetClock() + 5;
        while (budgetClock() < until);
        withFileBudget(60_000, () => checkFileBudget(true));
      }),
    ).toThrow(FileBudgetExceeded);
    expect(() => checkFileBudget(true)).not.toThrow();
  });
});

describe('locating in YAML', () => {
  it('is linear in the number of $refs (40k used to take ~50 s)', () => {
    const cpu = (n: number) => {
      const text = refs(n);
      const started = process.cpuUsage();
      const result = discoverFiles([file('openapi.yaml', text)], '.');
      const used = process.cpuUsage(started);
      expect(result.model.operations).toHaveLength(n);
      return (used.user + used.system) / 1000;
    };
    cpu(500); // warm up
    const small = cpu(2000);
    const large = cpu(8000);
    // quadratic would be 16x; allow for noise on a busy machine
    expect(large / small).toBeLessThan(9);
  }, 60_000);
});

describe('command-line values', () => {
  it('an empty value is a usage error naming the flag', async () => {
    const cases: string[][] = [
      ['review', 'examples/shop', '--config', ''],
      ['review', 'examples/shop', '--baseline', ''],
      ['review', 'examples/shop', '--write-baseline', ''],
      ['review', 'examples/shop', '--out', ' '],
      ['review', 'examples/shop', '--cache-dir', ''],
      ['review', 'examples/shop', '--deployment', ''],
      ['review', ''],
      ['scan', 'examples/shop', '--out', ''],
      ['diff', 'examples/shop', '', '--format', 'json'],
      ['design', 'examples/design/crud-saas.yaml', '--out', ''],
    ];
    for (const argv of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/needs a value, got an empty one/);
    }
  });

  it('--file-time-budget takes whole seconds from 1 to a day', async () => {
    for (const bad of ['0', '-1', '1.5', 'abc', '86401', '']) {
      const r = await cli('scan', 'examples/shop', '--file-time-budget', bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toMatch(/seconds/);
    }
    const ok = await cli('scan', 'examples/shop', '--file-time-budget', '30');
    expect(ok.code).toBe(0);
  });

  it('a budget of whole seconds leaves ordinary files alone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-budget-'));
    try {
      writeFileSync(path.join(dir, 'openapi.yaml'), refs(50));
      writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx:1.27\n');
      const r = await cli('review', dir, '--format', 'json', '--file-time-budget', '1');
      expect(r.code).toBe(0);
      expect(
        JSON.parse(r.stdout).diagnostics.some((d: { message: string }) => /budget/.test(d.message)),
      ).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
