/**
 * Every rule's documented failing and passing examples are real repositories in miniature: discover them, run only
 * that rule, and check the failing example reports exactly the findings it pins (message, file:line, further
 * evidence, graded severity; as ESLint's RuleTester pins messageId and line) and the passing example reports none.
 * The docs show the same findings, so they cannot drift.
 */
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import { runRules } from '../../src/review/engine.js';
import { allRules } from '../../src/rules/index.js';
import { observed, runExample } from '../helpers/rule-examples.js';

describe.each(allRules.map((r) => [r.id, r] as const))('rule %s', (_id, rule) => {
  it('reports exactly the findings its failing example pins', () => {
    const { run, errors } = runExample(rule, rule.examples.fail);
    expect(errors, 'the example files must parse cleanly').toEqual([]);
    expect(run.rulesRun).toContain(rule.id);
    expect(run.diagnostics, 'the rule must run cleanly and name only declared messages').toEqual([]);
    const actual = observed(rule, run);
    const pinned = rule.examples.fail.findings;
    if (!pinned)
      expect.fail(
        `${rule.id}: examples.fail has no \`findings\`. Check what the rule reports and pin it (npx tsx ` +
          `scripts/pin-example-findings.ts ${rule.id} prints it, --write records it):\n` +
          JSON.stringify(actual, null, 2),
      );
    expect(pinned.length, 'a failing example must fail').toBeGreaterThan(0);
    expect(actual).toEqual(pinned);
    for (const f of run.findings)
      for (const loc of f.locations) expect(Object.keys(rule.examples.fail.files)).toContain(loc.file);
  });

  it('passes on its passing example', () => {
    const { run, errors } = runExample(rule, rule.examples.pass);
    expect(errors, 'the example files must parse cleanly').toEqual([]);
    expect(observed(rule, run)).toEqual(rule.examples.pass.findings ?? []);
  });
});

describe('every rule on an empty repository', () => {
  it('reports nothing and claims no strength', () => {
    const run = runRules(discoverFiles([], '.'), { rules: {} }, allRules);
    expect(run.diagnostics).toEqual([]);
    expect(run.rulesRun).toHaveLength(allRules.length);
    expect(run.findings.map((f) => f.ruleId)).toEqual([]);
    expect(run.strengths.map((s) => s.ruleId)).toEqual([]);
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

  it('declares what it says as message templates, and its failing example pins the message id of each finding', () => {
    for (const r of allRules) {
      expect(Object.keys(r.messages).length, r.id).toBeGreaterThan(0);
      for (const f of r.examples.fail.findings ?? [])
        expect(Object.keys(r.messages), r.id).toContain(f.messageId);
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
