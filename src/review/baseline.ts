/**
 * The baseline file: the findings a team has accepted for now, by fingerprint. Later reviews mark findings
 * found in it as `baselined`, and --fail-on counts only the new ones.
 */
import * as z from 'zod';
import { compareText } from '../model/values.js';
import type { Finding } from '../rules/types.js';
import type { BaselineRef } from './config.js';

export const DEFAULT_BASELINE_FILE = '.plumbline-baseline.json';

const BaselineEntrySchema = z.object({
  fingerprint: z.string().min(1),
  ruleId: z.string(),
  message: z.string(),
});

const BaselineFileSchema = z.object({
  baselineVersion: z.literal('1'),
  tool: z.literal('plumbline'),
  findings: z.array(BaselineEntrySchema),
});

export type BaselineFile = z.infer<typeof BaselineFileSchema>;

/** The baseline text for these findings: sorted, de-duplicated, no timestamps, so re-writing is a no-op. */
export function baselineText(findings: Pick<Finding, 'fingerprint' | 'ruleId' | 'message'>[]): string {
  const seen = new Set<string>();
  const entries = findings
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, message: f.message }))
    .filter((e) => {
      const key = `${e.fingerprint}\u0000${e.ruleId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(
      (a, b) =>
        compareText(a.fingerprint, b.fingerprint) ||
        compareText(a.ruleId, b.ruleId) ||
        compareText(a.message, b.message),
    );
  const file: BaselineFile = { baselineVersion: '1', tool: 'plumbline', findings: entries };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Parse a baseline file's text; the error says what is wrong with it. */
export function parseBaseline(displayPath: string, text: string): { ref?: BaselineRef; error?: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { error: `${displayPath}: not JSON (${(err as Error).message})` };
  }
  const result = BaselineFileSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return {
      error: `${displayPath}: not a plumbline baseline (${issue.path.join('.') || 'root'}: ${issue.message}); write one with --write-baseline`,
    };
  }
  return {
    ref: {
      file: displayPath,
      fingerprints: [...new Set(result.data.findings.map((f) => f.fingerprint))].sort(),
    },
  };
}
