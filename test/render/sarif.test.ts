import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/render/sarif.js';
import type { Report } from '../../src/review/report.js';
import {
  CORPUS_SYSTEMS,
  corpusPresent,
  EXAMPLE_SHOP,
  realFixtureReport,
  reviewDir,
  richFixtureReport,
} from './reports.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const SCHEMA_FILE = path.resolve(__dirname, '../fixtures/sarif/sarif-schema-2.1.0.json');

/**
 * The official schema is declared draft-04 (`id`, `$schema` draft-04); none of its keywords differ in meaning
 * between draft-04 and draft-07, so it is checked with Ajv's draft-07 validator after renaming `id`.
 */
function sarifValidator(): ValidateFunction {
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ ...schema, $id: id });
}

let validate: ValidateFunction;
beforeAll(() => {
  validate = sarifValidator();
});

// biome-ignore lint/suspicious/noExplicitAny: the SARIF log is explored dynamically by the assertions
function expectValidSarif(report: Report): Record<string, any> {
  const log = JSON.parse(renderSarif(report));
  const ok = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  return log;
}

describe('SARIF 2.1.0 output', () => {
  it('the vendored schema is the official OASIS 2.1.0 schema and rejects a broken log', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(schema.id).toBe(
      'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    );
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false); // driver.name missing
    expect(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal', message: { text: 'x' } }] }],
      }),
    ).toBe(false);
  });

  it('carries rule metadata, levels, relative locations, fingerprints, baseline state and suppressions', async () => {
    const report = await richFixtureReport();
    const log = expectValidSarif(report);
    expect(log.$schema).toBe(
      'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    );
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'plumbline', version: report.tool.version });
    // biome-ignore lint/suspicious/noExplicitAny: SARIF JSON
    const rules = run.tool.driver.rules as any[];
    expect(rules.map((r) => r.id)).toEqual([...report.rules.map((r) => r.id)].sort());
    const latest = rules.find((r) => r.id === 'security/test-latest-image');
    expect(latest).toMatchObject({
      name: 'TestLatestImage',
      shortDescription: { text: 'Test rule: image tagged latest' },
      fullDescription: { text: 'A test rule: mutable tags make deployments unreproducible.' },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['architecture', 'security'], precision: 'high', 'security-severity': '8.0' },
    });
    expect(latest.helpUri).toMatch(/^https:\/\/.+\/docs\/rules\/security\.md#securitytest-latest-image$/);
    expect(latest.help.markdown).toContain('```yaml\nimage: orders:1.2.3\n```');
    expect(latest.help.text).toContain('Pin the image to a version.');
    const replicas = rules.find((r) => r.id === 'resilience/test-replicas');
    expect(replicas.properties['security-severity']).toBeUndefined();

    // biome-ignore lint/suspicious/noExplicitAny: SARIF JSON
    const results = run.results as any[];
    expect(results).toHaveLength(report.findings.length + report.suppressed.length);
    for (const r of results) {
      expect(rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.partialFingerprints['plumbline/v1']).toMatch(/^[0-9a-f]{16}$/);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('SRCROOT');
      expect(loc.artifactLocation.uri).toMatch(/^k8s\/[a-z-]+\.yaml$/);
      expect(loc.region.startLine).toBeGreaterThan(0);
    }
    const high = results.find((r) => r.ruleId === 'security/test-latest-image');
    expect(high).toMatchObject({ level: 'error', baselineState: 'new' });
    expect(high.message.text).toContain('orders');
    expect(
      results.filter((r) => r.ruleId === 'resilience/test-replicas').every((r) => r.level === 'warning'),
    ).toBe(true);
    expect(results.filter((r) => r.baselineState === 'unchanged')).toHaveLength(2);
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions[0]).toMatchObject({
      kind: 'external',
      status: 'accepted',
      justification: 'probe served by the sidecar <envoy> & checked there',
      location: {
        physicalLocation: { artifactLocation: { uri: 'plumbline.yaml' }, region: { startLine: 3 } },
      },
    });
  });

  it('validates for the fixture reviewed with the real rule packs', async () => {
    const log = expectValidSarif(await realFixtureReport());
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync(EXAMPLE_SHOP))('validates for the bundled example (examples/shop)', async () => {
    expectValidSarif(await reviewDir(EXAMPLE_SHOP));
  });
});

describe.skipIf(!corpusPresent)('SARIF for the corpus systems (shared/corpus; skipped when absent)', () => {
  for (const system of CORPUS_SYSTEMS) {
    it(`validates for ${system.name}`, async () => {
      const report = await reviewDir(system.dir);
      const log = expectValidSarif(report);
      expect(log.runs[0].results.length).toBe(report.findings.length + report.suppressed.length);
      expect(log.runs[0].tool.driver.rules.length).toBe(report.rules.length);
    }, 60_000);
  }
});
