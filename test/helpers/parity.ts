/** The peer → Plumbline mapping docs/rules/parity.md states, as `tool:rule` → rule ids. */
import { readFileSync } from 'node:fs';

const TOOLS: [heading: RegExp, tool: string][] = [
  [/^## Spectral/, 'spectral'],
  [/^## Redocly/, 'redocly'],
];

export function parityPairs(file = 'docs/rules/parity.md'): string[] {
  const pairs: string[] = [];
  let tool: string | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('## ')) tool = TOOLS.find(([re]) => re.test(line))?.[1];
    if (!tool || !line.startsWith('| ') || line.startsWith('|---')) continue;
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const peers = cells[1]!.split(',').map((p) => p.trim());
    const ruleCell = tool === 'spectral' ? cells[3]! : cells[2]!;
    const ids = [...ruleCell.matchAll(/`([a-z]+\/[a-z0-9-]+)`/g)].map((m) => m[1]!);
    for (const peer of peers) for (const id of ids) pairs.push(`${id} ${tool}:${peer}`);
  }
  return [...new Set(pairs)].sort();
}
