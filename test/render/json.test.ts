import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/json.js';
import type { Report } from '../../src/review/report.js';
import { reportJsonSchemaText } from '../../src/review/report-schema.js';
import {
  CORPUS_SYSTEMS,
  corpusPresent,
  EXAMPLE_SHOP,
  realFixtureReport,
  reviewDir,
  richFixtureReport,
} from './reports.js';

const SCHEMA = path.resolve(__dirname, '../../schema/report.schema.json');

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
}

function expectValid(report: Report): void {
  const validate = validator();
  const ok = validate(JSON.parse(renderJson(report)));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('JSON report and its schema', () => {
  it('schema/report.schema.json is up to date (run `npx tsx scripts/gen-report-schema.ts`)', () => {
    expect(readFileSync(SCHEMA, 'utf8')).toBe(reportJsonSchemaText());
  });

  it('real output validates: every section, suppressions, baseline state', async () => {
    const report = await richFixtureReport();
    expect(report.suppressed).toHaveLength(1);
    expect(report.findings.some((f) => f.baselined)).toBe(true);
    expectValid(report);
    expectValid(await realFixtureReport());
  });

  it('the schema rejects a report missing a section or with a bad severity', async () => {
    const validate = validator();
    const report = JSON.parse(renderJson(await richFixtureReport()));
    expect(validate({ ...report, assessment: undefined })).toBe(false);
    report.findings[0].severity = 'severe';
    expect(validate(report)).toBe(false);
  });

  it.skipIf(!existsSync(EXAMPLE_SHOP))('the bundled example validates', async () => {
    expectValid(await reviewDir(EXAMPLE_SHOP));
  });

  it.skipIf(!corpusPresent)(
    'the corpus systems validate (skipped when shared/corpus is absent)',
    async () => {
      for (const s of CORPUS_SYSTEMS) expectValid(await reviewDir(s.dir));
    },
    60_000,
  );
});
