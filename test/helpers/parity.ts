/**
 * The peer → Plumbline mapping docs/rules/parity.md states, as `tool:rule` → rule ids. Each peer tool has a
 * section headed `## <Tool> …`; its tables list peer rules in the first column and Plumbline rule ids in the
 * column headed "Plumbline rule".
 */
import { readFileSync } from 'node:fs';

/** Section heading → the tool prefix `sources` use. */
export const PARITY_TOOLS: [heading: RegExp, tool: string][] = [
  [/^## Spectral\b/, 'spectral'],
  [/^## Redocly\b/, 'redocly'],
  [/^## kube-linter\b/, 'kube-linter'],
  [/^## kube-score\b/, 'kube-score'],
  [/^## Checkov\b/, 'checkov'],
  [/^## hadolint\b/, 'hadolint'],
  [/^## Squawk\b/, 'squawk'],
  [/^## dependency-cruiser\b/, 'dependency-cruiser'],
  [/^## Threagile\b/, 'threagile'],
];

export function parityPairs(file = 'docs/rules/parity.md'): string[] {
  const pairs: string[] = [];
  let tool: string | undefined;
  let ruleColumn = -1;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('## ')) {
      tool = PARITY_TOOLS.find(([re]) => re.test(line))?.[1];
      ruleColumn = -1;
    }
    if (!tool || !line.startsWith('| ') || line.startsWith('|---')) continue;
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const header = cells.indexOf('Plumbline rule');
    if (header >= 0) {
      ruleColumn = header;
      continue;
    }
    if (ruleColumn < 0) continue;
    const peers = cells[1]!.split(',').map((p) => p.replace(/`/g, '').trim());
    const ids = [...(cells[ruleColumn] ?? '').matchAll(/`([a-z]+\/[a-z0-9-]+)`/g)].map((m) => m[1]!);
    for (const peer of peers) for (const id of ids) pairs.push(`${id} ${tool}:${peer}`);
  }
  return [...new Set(pairs)].sort();
}
