/** Runs one rule over a small repository given as files, through the real adapters. */
import { discoverFiles } from '../../../src/discover/index.js';
import type { SourceFile } from '../../../src/discover/types.js';
import { type RuleRun, runRules } from '../../../src/review/engine.js';
import type { Rule } from '../../../src/rules/types.js';

export function review(
  rule: Rule,
  files: Record<string, string>,
  options?: Record<string, unknown>,
): RuleRun {
  const sources: SourceFile[] = Object.entries(files).map(([path, text]) => ({
    path,
    text,
    bytes: Buffer.byteLength(text),
  }));
  const discovery = discoverFiles(sources, '.');
  return runRules(discovery, { rules: options ? { [rule.id]: { options } } : {} }, [rule]);
}

export const messages = (run: RuleRun) => run.findings.map((f) => f.message);
export const where = (run: RuleRun) => run.findings.map((f) => f.locations.map((l) => `${l.file}:${l.line}`));
