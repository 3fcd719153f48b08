import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRuleDocs } from '../../src/rules/docs.js';
import { allRules } from '../../src/rules/index.js';
import { parityPairs } from '../helpers/parity.js';

describe('docs/rules', () => {
  it('are generated from the rule definitions (run `npx tsx scripts/gen-rule-docs.ts`)', () => {
    for (const [name, text] of renderRuleDocs(allRules)) {
      const path = `docs/rules/${name}`;
      expect(existsSync(path), `${path} is missing`).toBe(true);
      expect(readFileSync(path, 'utf8'), `${path} is stale`).toBe(text);
    }
  });

  it('parity.md maps each peer rule to exactly the Plumbline rules whose `sources` name it', () => {
    const declared = allRules.flatMap((r) => (r.sources ?? []).map((s) => `${r.id} ${s}`)).sort();
    expect(declared).toEqual(parityPairs());
    for (const r of allRules)
      for (const s of r.sources ?? []) expect(s, r.id).toMatch(/^[a-z][a-z-]*:[\w$./-]+$/);
  });

  it('list every option a rule takes, with its default', () => {
    const docs = [...renderRuleDocs(allRules).values()].join('\n');
    expect(docs).toContain('| `maxHops` | integer | `4` | The most synchronous hops a call chain may take |');
    expect(docs).toContain('| `perHopMs` | number | `25` |');
  });
});
