/**
 * Calibration (issue 17): docs/scoring.md holds, for each corpus system, the rating an architect gives it,
 * judged from its files and written before the scoring was tuned. Plumbline's rating of each must stay
 * within one step of it. The table is read from the docs, so the two cannot drift apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../src/discover/index.js';
import { review } from '../../src/review/index.js';
import type { Rating } from '../../src/review/report.js';
import { corpusPath, corpusTitle } from '../helpers/corpus.js';

const STEPS: Rating[] = ['Excellent', 'Good', 'Needs Improvement', 'Poor'];

/** `| System (`folder/`) | Rating | Why |` rows of the Calibration section. */
function calibration(): { folder: string; rating: Rating }[] {
  const doc = readFileSync(path.resolve(__dirname, '../../docs/scoring.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Calibration'));
  const rows: { folder: string; rating: Rating }[] = [];
  for (const line of section.split('\n')) {
    const m = /^\| [^|]*\(`([^`]+)`\) \| (Excellent|Good|Needs Improvement|Poor) \|/.exec(line);
    if (m) rows.push({ folder: m[1]!.replace(/\/$/, ''), rating: m[2] as Rating });
  }
  return rows;
}

describe('the calibration table', () => {
  it('names every corpus system with an architect rating', () => {
    const rows = calibration();
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const folder of ['microservices-demo', 'sock-shop', 'sock-shop-services', 'github-rest'])
      expect(rows.map((r) => r.folder)).toContain(folder);
  });
});

for (const { folder, rating } of calibration()) {
  describe.skipIf(!existsSync(corpusPath(folder)))(corpusTitle(`calibration: ${folder}`, folder), () => {
    let got: Rating;
    beforeAll(async () => {
      got = review(await discoverDirectory(corpusPath(folder))).assessment.rating;
    }, 180_000);

    it(`is rated within one step of the architect's ${rating}`, () => {
      expect(got).not.toBe('Not assessed');
      const distance = Math.abs(STEPS.indexOf(got) - STEPS.indexOf(rating));
      expect(distance, `${folder}: architect ${rating}, Plumbline ${got}`).toBeLessThanOrEqual(1);
    });
  });
}
