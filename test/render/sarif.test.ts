import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryWebUrl } from '../../src/render/links.js';
import { renderSarif, workTreePrefix } from '../../src/render/sarif.js';
import type { Report } from '../../src/review/report.js';
import { rateLimitResponses } from '../../src/rules/api/rate-limit-responses.js';
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
const REPO = path.resolve(__dirname, '../..');

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
    expect(latest.helpUri).not.toContain('plumbline.dev');
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
      // relative to the top of the git work tree: the fixture is a sub-folder of this repository
      expect(loc.artifactLocation.uri).toMatch(/^test\/fixtures\/review\/shop\/k8s\/[a-z-]+\.yaml$/);
      expect(existsSync(path.join(REPO, loc.artifactLocation.uri))).toBe(true);
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
        physicalLocation: {
          artifactLocation: { uri: 'test/fixtures/review/shop/plumbline.yaml' },
          region: { startLine: 3 },
        },
      },
    });
  });

  it('validates for the fixture reviewed with the real rule packs', async () => {
    const log = expectValidSarif(await realFixtureReport());
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });

  it('lists each rule message as a messageString and names it, with its arguments, on each result', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-sarif-messages-'));
    try {
      for (const [file, text] of Object.entries(rateLimitResponses.examples.fail.files))
        writeFileSync(path.join(dir, file), text);
      const log = expectValidSarif(await reviewDir(dir));
      const rule = log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === rateLimitResponses.id);
      expect(rule.messageStrings.undocumented429.text).toBe(
        '{0} is rate limited ({1}) but {2} of {3} operations do not document 429: {4}',
      );
      const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === rateLimitResponses.id);
      expect(result.message).toMatchObject({
        id: 'undocumented429',
        arguments: ['openapi.yaml', 'header X-RateLimit-Remaining on GET /orders', '1', '2', 'POST /orders'],
      });
      expect(result.message.text).toContain('1 of 2 operations do not document 429');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync(EXAMPLE_SHOP))('validates for the bundled example (examples/shop)', async () => {
    expectValidSarif(await reviewDir(EXAMPLE_SHOP));
  });
});

describe('SARIF links and places that code scanning can use', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('help links resolve to the shipped docs: the rule docs file exists, ships, and has the rule heading', async () => {
    const log = expectValidSarif(await realFixtureReport());
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      files: string[];
    };
    const driver = log.runs[0].tool.driver;
    expect(driver.informationUri).not.toContain('plumbline.dev');
    expect(pkg.files).toContain('docs');
    for (const rule of driver.rules as { id: string; helpUri: string }[]) {
      // the package's own files at this version (unpkg), or its repository at this version's tag
      const m = new RegExp(
        `^https://(?:unpkg\\.com/${pkg.name}@${pkg.version}|[^/]+/[^/]+/[^/]+/blob/v${pkg.version})/(docs/rules/[a-z]+\\.md)#(.+)$`,
      ).exec(rule.helpUri);
      expect(m, rule.helpUri).not.toBeNull();
      const doc = readFileSync(path.join(REPO, m![1]!), 'utf8');
      const headings = [...doc.matchAll(/^## (.+)$/gm)].map((h) =>
        h[1]!.toLowerCase().replace(/[^a-z0-9 -]/g, ''),
      );
      expect(headings, rule.id).toContain(m![2]);
    }
  });

  it('repository field → links into the repository at the version tag', () => {
    expect(repositoryWebUrl('git+https://github.com/acme/plumbline.git')).toBe(
      'https://github.com/acme/plumbline',
    );
    expect(repositoryWebUrl({ url: 'git@github.com:acme/plumbline.git' })).toBe(
      'https://github.com/acme/plumbline',
    );
    expect(repositoryWebUrl({ url: 'ssh://git@gitlab.com/acme/plumbline.git' })).toBe(
      'https://gitlab.com/acme/plumbline',
    );
    expect(repositoryWebUrl('github:acme/plumbline')).toBe('https://github.com/acme/plumbline');
    expect(repositoryWebUrl('acme/plumbline')).toBe('https://github.com/acme/plumbline');
    expect(repositoryWebUrl(undefined)).toBeUndefined();
  });

  it('related evidence is in relatedLocations and linked from the message as [file:line](id)', async () => {
    const log = expectValidSarif(await reviewDir(EXAMPLE_SHOP));
    // biome-ignore lint/suspicious/noExplicitAny: SARIF JSON
    const withRelated = (log.runs[0].results as any[]).filter((r) => r.relatedLocations?.length);
    expect(withRelated.length).toBeGreaterThan(0);
    for (const r of withRelated) {
      const ids = [...r.message.text.matchAll(/(?<!\\)\[[^\]]+\]\((\d+)\)/g)].map((m) => Number(m[1]));
      expect(ids).toEqual(r.relatedLocations.map((l: { id: number }) => l.id));
      for (const l of r.relatedLocations) {
        expect(l.physicalLocation.artifactLocation.uri).toMatch(/^examples\/shop\//);
        expect(l.message.text).toMatch(/^Also at /);
      }
    }
  });

  it('system-wide findings sit on the file that declares the system (plumbline.yaml), not on a sorted-first spec', async () => {
    const log = expectValidSarif(await reviewDir(EXAMPLE_SHOP));
    // biome-ignore lint/suspicious/noExplicitAny: SARIF JSON
    const results = log.runs[0].results as any[];
    for (const id of [
      'practices/ci-pipeline',
      'practices/tests-present',
      'practices/architecture-decision-records',
    ]) {
      const r = results.find((x) => x.ruleId === id);
      if (!r) continue;
      expect(r.locations[0].physicalLocation.artifactLocation.uri, id).toBe('examples/shop/plumbline.yaml');
    }
    expect(results.some((x) => x.ruleId.startsWith('practices/'))).toBe(true);
  });

  it('paths of a sub-folder review resolve from the repository root; REVIEWROOT names the sub-folder', async () => {
    const top = mkdtempSync(path.join(tmpdir(), 'plumbline-sarif-'));
    made.push(top);
    mkdirSync(path.join(top, '.git'));
    cpSync(path.resolve(__dirname, '../fixtures/review/shop'), path.join(top, 'deploy', 'prod'), {
      recursive: true,
    });
    expect(workTreePrefix(path.join(top, 'deploy', 'prod'))).toBe('deploy/prod/');
    const sub = expectValidSarif(await reviewDir(path.join(top, 'deploy', 'prod')));
    const run = sub.runs[0];
    expect(run.originalUriBaseIds.REVIEWROOT).toMatchObject({ uri: 'deploy/prod/', uriBaseId: 'SRCROOT' });
    expect(run.results.length).toBeGreaterThan(0);
    for (const r of run.results) {
      const uri = r.locations[0].physicalLocation.artifactLocation.uri as string;
      expect(uri).toMatch(/^deploy\/prod\//);
      expect(existsSync(path.join(top, uri)), uri).toBe(true);
    }

    // outside any git work tree the reviewed folder is the base, as before
    const loose = mkdtempSync(path.join(tmpdir(), 'plumbline-sarif-loose-'));
    made.push(loose);
    cpSync(path.resolve(__dirname, '../fixtures/review/shop'), loose, { recursive: true });
    const plain = expectValidSarif(await reviewDir(loose)).runs[0];
    expect(plain.originalUriBaseIds.REVIEWROOT).toBeUndefined();
    for (const r of plain.results) {
      const uri = r.locations[0].physicalLocation.artifactLocation.uri as string;
      expect(existsSync(path.join(loose, uri)), uri).toBe(true);
    }
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
