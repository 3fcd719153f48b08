/**
 * The terminal report groups findings by rule and prints a fix shared by many places once, below them: a
 * system with dozens of services must not repeat the same paragraph dozens of times.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../helpers/corpus.js';
import { cli } from '../helpers/run-cli.js';

const sockShop = path.join(corpusDir, 'sock-shop');

function fixLines(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('  fix: '));
}

describe('terminal report', () => {
  it('groups the example’s findings by rule, each fix once, every finding’s place listed', async () => {
    const terminal = (await cli('review', 'examples/shop')).stdout;
    const report = JSON.parse((await cli('review', 'examples/shop', '--format', 'json')).stdout) as {
      findings: { ruleId: string; recommendation: string; locations: { file: string; line: number }[] }[];
    };
    const fixes = fixLines(terminal);
    expect(new Set(fixes).size).toBe(fixes.length);
    expect(fixes.length).toBe(new Set(report.findings.map((f) => `${f.ruleId}\0${f.recommendation}`)).size);
    for (const f of report.findings) {
      expect(terminal).toContain(`${f.locations[0]!.file}:${f.locations[0]!.line}`);
    }
    const ruleHeads = terminal.split('\n').filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW|INFO)\s/.test(l));
    expect(ruleHeads.length).toBe(new Set(report.findings.map((f) => f.ruleId)).size);
    // most severe rules first
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];
    const ranks = ruleHeads.map((l) => order.indexOf(l.split(/\s/)[0]!));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });

  it.skipIf(!existsSync(sockShop))('prints each fix text of Sock Shop once (shared corpus)', async () => {
    const r = await cli('review', sockShop);
    expect(r.code).toBe(0);
    const fixes = fixLines(r.stdout);
    expect(fixes.length).toBeGreaterThan(10);
    expect(new Set(fixes).size).toBe(fixes.length);
    // was 1,263 lines with the same fix repeated up to 50 times
    expect(r.stdout.split('\n').length).toBeLessThan(500);
  });
});
