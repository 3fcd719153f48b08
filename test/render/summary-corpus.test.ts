/**
 * The PR-summary format (`md-summary`) of every system in the shared corpus fits a pull-request comment
 * (65,536 characters) with room to spare, under 60,000 characters, without the cap having to cut it: one row
 * per rule, however many places a rule fires at. Skipped when ../shared/corpus is absent.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../src/discover/index.js';
import { renderSummaryMarkdown } from '../../src/render/summary-markdown.js';
import { review } from '../../src/review/index.js';
import { corpusDir } from '../helpers/corpus.js';

const systems = existsSync(corpusDir)
  ? readdirSync(corpusDir)
      .filter((name) => statSync(path.join(corpusDir, name)).isDirectory())
      .sort()
  : [];

describe.skipIf(systems.length === 0)(
  systems.length
    ? `md-summary of each corpus system (${corpusDir})`
    : 'md-summary (skipped: ../shared/corpus is absent)',
  () => {
    for (const name of systems) {
      it(`${name}: under 60,000 characters uncut, one row per rule`, async () => {
        const report = review(await discoverDirectory(path.join(corpusDir, name)));
        const text = renderSummaryMarkdown(report, { maxChars: Number.MAX_SAFE_INTEGER });
        expect(text.length).toBeLessThan(60_000);
        expect(text).toMatch(/^### Plumbline: /);
        expect(text).not.toMatch(/more findings?\b/);
        const rules = new Set(report.findings.map((f) => f.ruleId));
        for (const id of rules) expect(text, id).toContain(id);
      }, 180_000);
    }
  },
);
