/**
 * Every rule's documented failing and passing examples are real repositories in miniature: discover them,
 * run only that rule, and check the fail example fails and the pass example passes. Docs cannot drift.
 */
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import type { SourceFile } from '../../src/discover/types.js';
import { runRules } from '../../src/review/engine.js';
import { allRules } from '../../src/rules/index.js';
import type { Rule, RuleExample } from '../../src/rules/types.js';

function runExample(rule: Rule, example: RuleExample) {
  const files: SourceFile[] = Object.entries(example.files).map(([path, text]) => ({
    path,
    text,
    bytes: Buffer.byteLength(text),
  }));
  const discovery = discoverFiles(files, '.');
  const errors = discovery.model.diagnostics.filter((d) => d.severity === 'error');
  return { run: runRules(discovery, { rules: {} }, [rule]), errors };
}

describe.each(allRules.map((r) => [r.id, r] as const))('rule %s', (_id, rule) => {
  it('fails on its failing example', () => {
    const { run, errors } = runExample(rule, rule.examples.fail);
    expect(errors, 'the example files must parse cleanly').toEqual([]);
    expect(run.rulesRun).toContain(rule.id);
    expect(run.findings.length, rule.examples.fail.description).toBeGreaterThan(0);
    for (const f of run.findings) {
      expect(f.ruleId).toBe(rule.id);
      expect(f.message.length).toBeGreaterThan(0);
      expect(f.locations.length, `${f.message} needs evidence`).toBeGreaterThan(0);
      for (const loc of f.locations) expect(Object.keys(rule.examples.fail.files)).toContain(loc.file);
    }
  });

  it('passes on its passing example', () => {
    const { run, errors } = runExample(rule, rule.examples.pass);
    expect(errors, 'the example files must parse cleanly').toEqual([]);
    expect(run.findings.map((f) => f.message)).toEqual([]);
  });
});

describe('rule metadata', () => {
  it('has unique, well-formed ids in the declared area', () => {
    const ids = allRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of allRules) {
      expect(r.id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.id.split('/')[0]).toBe(r.area);
    }
  });

  it('documents why, how to fix and where the guidance comes from', () => {
    for (const r of allRules) {
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.rationale.length, r.id).toBeGreaterThan(40);
      expect(r.recommendation.length, r.id).toBeGreaterThan(10);
      expect(r.fix.description.length, r.id).toBeGreaterThan(5);
      expect(r.references.length, r.id).toBeGreaterThan(0);
    }
  });
});
