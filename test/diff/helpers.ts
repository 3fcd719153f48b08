import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diffContracts } from '../../src/diff/diff-contracts.js';
import { discoverContracts } from '../../src/diff/load.js';
import type { ContractChange, ContractDiff } from '../../src/diff/types.js';
import type { Source } from '../../src/model/schema.js';

export const FIXTURES = path.resolve(__dirname, '../fixtures/diff');

export async function diffFixtures(base: string, head: string): Promise<ContractDiff> {
  return diffContracts(
    await discoverContracts(path.join(FIXTURES, base)),
    await discoverContracts(path.join(FIXTURES, head)),
  );
}

/**
 * Where `snippet` is in a fixture, as the diff reports it (path relative to the side's root): the first line
 * containing it at or after the first line containing `after`.
 */
export function at(side: string, file: string, snippet: string, after?: string): Source {
  const lines = readFileSync(path.join(FIXTURES, side, file), 'utf8').split('\n');
  let from = 0;
  if (after) {
    from = lines.findIndex((l) => l.includes(after));
    if (from === -1) throw new Error(`${after} not in ${side}/${file}`);
  }
  const i = lines.findIndex((l, n) => n >= from && l.includes(snippet));
  if (i === -1) throw new Error(`${snippet} not in ${side}/${file}`);
  return { file, line: i + 1 };
}

/** The one change of `kind` whose element is `element`; fails loudly when there are none or several. */
export function only(diff: ContractDiff, kind: string, element?: string): ContractChange {
  const found = diff.changes.filter(
    (c) => c.kind === kind && (element === undefined || c.element === element),
  );
  if (found.length !== 1)
    throw new Error(
      `expected one ${kind}${element ? ` on ${element}` : ''}, got ${found.length}:\n${diff.changes.map((c) => `  ${c.kind} ${c.element}: ${c.message}`).join('\n')}`,
    );
  return found[0]!;
}
