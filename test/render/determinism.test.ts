import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/render/index.js';
import { CORPUS_SYSTEMS, corpusPresent, reviewDir, richFixtureReport } from './reports.js';

const FORMATS = ['md', 'json', 'sarif', 'html', 'terminal'] as const;

describe('deterministic output', () => {
  it('the same input gives byte-identical Markdown, JSON, SARIF, HTML and terminal text', async () => {
    const a = await richFixtureReport();
    const b = await richFixtureReport();
    for (const format of FORMATS) {
      const first = renderReport(a, format);
      expect(renderReport(b, format), format).toBe(first);
      expect(first).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // no timestamps
    }
  });

  const microservices = CORPUS_SYSTEMS[0]!;
  it.skipIf(!corpusPresent || !existsSync(microservices.dir))(
    'two independent reviews of a corpus system render identically',
    async () => {
      const a = await reviewDir(microservices.dir);
      const b = await reviewDir(microservices.dir);
      for (const format of ['md', 'json', 'sarif'] as const) {
        expect(renderReport(b, format), format).toBe(renderReport(a, format));
      }
    },
    60_000,
  );
});
