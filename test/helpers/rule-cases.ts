/**
 * A table of exact cases for one rule, in the style of Spectral's `testRule`: each case is a small repository
 * and the exact findings the rule reports on it (the same shape a rule's examples pin).
 */
import { describe, expect, it } from 'vitest';
import type { ExpectedFinding, Rule } from '../../src/rules/types.js';
import { observed, runExample } from './rule-examples.js';

export interface RuleCase {
  name: string;
  files: Record<string, string>;
  options?: Record<string, unknown>;
  findings: ExpectedFinding[];
}

export function testRule(rule: Rule, cases: RuleCase[]): void {
  describe(rule.id, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const { run, errors } = runExample(rule, c);
      expect(errors, 'the case files must parse cleanly').toEqual([]);
      expect(observed(rule, run)).toEqual(c.findings);
    });
  });
}

/** An OpenAPI 3.0 document with these paths (and optional components), as YAML. */
export function oas(paths: string, components = ''): string {
  return `openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n${paths}${components ? `components:\n${components}` : ''}`;
}
