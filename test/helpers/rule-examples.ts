/**
 * Runs one rule on one of its examples the way a review does (discover the files, run only that rule) and turns
 * the findings into the `ExpectedFinding` shape the examples pin. Shared by test/rules/examples.test.ts and
 * scripts/pin-example-findings.ts.
 */
import { discoverFiles } from '../../src/discover/index.js';
import type { SourceFile } from '../../src/discover/types.js';
import { formatSource } from '../../src/model/provenance.js';
import { type RuleRun, runRules } from '../../src/review/engine.js';
import type { ExpectedFinding, Rule, RuleExample } from '../../src/rules/types.js';

export function runExample(rule: Rule, example: Pick<RuleExample, 'files' | 'options'>) {
  const files: SourceFile[] = Object.entries(example.files).map(([path, text]) => ({
    path,
    text,
    bytes: Buffer.byteLength(text),
  }));
  const discovery = discoverFiles(files, '.');
  const errors = discovery.model.diagnostics.filter((d) => d.severity === 'error');
  const config = { rules: example.options ? { [rule.id]: { options: example.options } } : {} };
  return { run: runRules(discovery, config, [rule]), errors };
}

/** The findings of a run in the shape examples pin them. */
export function observed(rule: Rule, run: RuleRun): ExpectedFinding[] {
  return run.findings.map((f) => {
    const [first, ...rest] = f.locations.map(formatSource);
    const e: ExpectedFinding = {
      at: first ?? '',
      ...(f.messageId ? { messageId: f.messageId } : {}),
      message: f.message,
    };
    if (rest.length) e.also = rest;
    if (f.severity !== rule.severity) e.severity = f.severity;
    return e;
  });
}
