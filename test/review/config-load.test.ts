import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { formatConfigProblem, loadReviewConfig, parseReviewConfig } from '../../src/review/config-load.js';
import { plumblineJsonSchemaText } from '../../src/review/config-schema.js';
import { allRules } from '../../src/rules/index.js';

const known = new Set([
  'security/container-runs-as-root',
  'api/grpc-package-versioned',
  'resilience/missing-timeouts',
]);

describe('review config (plumbline.yaml rules, suppressions, baseline)', () => {
  it('reads rule settings, reasoned suppressions and the baseline, ignoring the manifest keys', () => {
    const text = [
      'system: shop', // manifest key: not ours
      'requirements:',
      '  availabilityTarget: 99.9%',
      'rules:',
      '  api/grpc-package-versioned: off',
      '  resilience/missing-timeouts: high',
      '  security/container-runs-as-root:',
      '    severity: critical',
      '    options: { allowUids: [1000] }',
      'suppressions:',
      '  - rule: security/container-runs-as-root',
      '    element: Deployment/default/legacy',
      '    reason: legacy image, tracked in OPS-12',
      '  - rule: resilience/missing-timeouts',
      '    path: "release/**/*.yaml"',
      '    reason: the mesh sets timeouts globally',
      'baseline: .plumbline-baseline.json',
      '',
    ].join('\n');
    const cfg = parseReviewConfig('plumbline.yaml', text, known);
    expect(cfg.errors).toEqual([]);
    expect(cfg.warnings).toEqual([]);
    expect(cfg.rules).toEqual({
      'api/grpc-package-versioned': 'off',
      'resilience/missing-timeouts': 'high',
      'security/container-runs-as-root': { severity: 'critical', options: { allowUids: [1000] } },
    });
    expect(cfg.suppressions).toEqual([
      {
        rule: 'security/container-runs-as-root',
        element: 'Deployment/default/legacy',
        reason: 'legacy image, tracked in OPS-12',
        source: { file: 'plumbline.yaml', line: 11 },
      },
      {
        rule: 'resilience/missing-timeouts',
        path: 'release/**/*.yaml',
        reason: 'the mesh sets timeouts globally',
        source: { file: 'plumbline.yaml', line: 14 },
      },
    ]);
    expect(cfg.baseline).toBe('.plumbline-baseline.json');
  });

  it('rejects a suppression without a reason, naming the file, line and key path', () => {
    const text = [
      'suppressions:',
      '  - rule: security/container-runs-as-root',
      '    element: Deployment/default/legacy',
      '  - rule: resilience/missing-timeouts',
      '    reason: "   "',
      '  - rule: api/grpc-package-versioned',
      '    reason: generated code we do not own',
      '',
    ].join('\n');
    const cfg = parseReviewConfig('plumbline.yaml', text, known);
    expect(cfg.errors).toHaveLength(2);
    expect(cfg.errors[0]).toMatchObject({ file: 'plumbline.yaml', line: 2, path: 'suppressions[0]' });
    expect(cfg.errors[0]!.message).toContain('needs a non-empty `reason`');
    expect(formatConfigProblem(cfg.errors[0]!)).toMatch(
      /^plumbline\.yaml:2 suppressions\[0\]: suppression of `security\/container-runs-as-root` is rejected/,
    );
    expect(cfg.errors[1]).toMatchObject({ line: 5, path: 'suppressions[1].reason' });
    // The rejected suppressions are not applied; the valid one is kept.
    expect(cfg.suppressions.map((s) => s.rule)).toEqual(['api/grpc-package-versioned']);
  });

  it('reports bad values and unknown keys at their line', () => {
    const text = [
      'rules:',
      '  security/container-runs-as-root: severe',
      '  resilience/missing-timeouts: { level: high }',
      '  security/no-such-rule: low',
      'suppressions:',
      '  - rule: api/grpc-package-versioned',
      '    reason: ok',
      '    owner: me',
      '  - reason: no rule',
      'baseline: 3',
      '',
    ].join('\n');
    const cfg = parseReviewConfig('cfg.yaml', text, known);
    const where = cfg.errors.map((e) => `${e.line} ${e.path}`);
    expect(where).toEqual([
      '2 rules["security/container-runs-as-root"]',
      '3 rules["resilience/missing-timeouts"].level',
      '8 suppressions[0].owner',
      '9 suppressions[1].rule',
      '10 baseline',
    ]);
    expect(cfg.errors[0]!.message).toContain('expected off | critical | high | medium | low | info');
    expect(cfg.errors[1]!.message).toContain('unknown key `level`');
    expect(cfg.warnings).toEqual([
      expect.objectContaining({
        line: 4,
        message: expect.stringContaining('unknown rule `security/no-such-rule`'),
      }),
    ]);
  });

  it("validates a rule's options against its schema: unknown keys, types and ranges, at their line", () => {
    const text = [
      'rules:',
      '  services/deep-sync-chain:',
      '    options:',
      '      maxHop: 3',
      '  resilience/availability-budget:',
      '    options:',
      '      podAvailability: 1.5',
      '      componentAvailability:',
      '        orders: high',
      '  performance/latency-budget:',
      '    severity: high',
      '    options: { perHopMs: 15 }',
      '',
    ].join('\n');
    const cfg = parseReviewConfig('cfg.yaml', text, known);
    expect(cfg.errors.map((e) => `${e.line} ${e.path}: ${e.message}`)).toEqual([
      '4 rules["services/deep-sync-chain"].options.maxHop: unknown option for services/deep-sync-chain (it takes `maxHops`, `maxFanOut`)',
      '7 rules["resilience/availability-budget"].options.podAvailability: Too big: expected number to be <=1',
      '9 rules["resilience/availability-budget"].options.componentAvailability.orders: Invalid input: expected number, received string',
    ]);
    expect(cfg.rules).toEqual({
      'performance/latency-budget': { severity: 'high', options: { perHopMs: 15 } },
    });
  });

  it('schema/plumbline.schema.json is up to date and agrees with the loaders (run `npx tsx scripts/gen-config-schema.ts`)', () => {
    const text = plumblineJsonSchemaText(allRules);
    expect(readFileSync('schema/plumbline.schema.json', 'utf8')).toBe(text);
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(text));
    for (const example of ['examples/shop/plumbline.yaml']) {
      const ok = validate(parseYaml(readFileSync(example, 'utf8')));
      expect(validate.errors ?? [], example).toEqual([]);
      expect(ok).toBe(true);
    }
    const bad = {
      rules: { 'services/deep-sync-chain': { options: { maxHop: 3 } } },
      extends: 'plumbline:lax',
    };
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath).sort()).toContain('/extends');
    expect(validate({ rules: { 'services/deep-sync-chain': { options: { maxHops: 3 } } } })).toBe(true);
  });

  it('turns broken YAML into an error with its line', () => {
    const cfg = parseReviewConfig('plumbline.yaml', 'rules:\n  a: [unclosed\n', known);
    expect(cfg.errors[0]).toMatchObject({ file: 'plumbline.yaml' });
    expect(cfg.errors[0]!.message).toMatch(/invalid YAML/);
  });

  it('finds plumbline.yaml at the root, resolves the baseline next to it, and requires an explicit --config to exist', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-config-'));
    const none = await loadReviewConfig(dir);
    expect(none).toMatchObject({ errors: [], suppressions: [], rules: {} });
    expect(none.file).toBeUndefined();
    writeFileSync(path.join(dir, 'plumbline.yml'), 'baseline: ci/baseline.json\nrules:\n  x/y: off\n');
    const loaded = await loadReviewConfig(dir);
    expect(loaded.file).toBe('plumbline.yml');
    expect(loaded.baselinePath).toBe(path.join(dir, 'ci/baseline.json'));
    expect(loaded.rules).toEqual({ 'x/y': 'off' });
    const missing = await loadReviewConfig(dir, { configFile: path.join(dir, 'nope.yaml') });
    expect(missing.errors[0]!.message).toBe('config file not found');
  });
});
