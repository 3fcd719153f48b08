import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRuleDocs } from '../../src/rules/docs.js';
import { allRules } from '../../src/rules/index.js';

describe('docs/rules', () => {
  it('are generated from the rule definitions (run `npx tsx scripts/gen-rule-docs.ts`)', () => {
    for (const [name, text] of renderRuleDocs(allRules)) {
      const path = `docs/rules/${name}`;
      expect(existsSync(path), `${path} is missing`).toBe(true);
      expect(readFileSync(path, 'utf8'), `${path} is stale`).toBe(text);
    }
  });
});
