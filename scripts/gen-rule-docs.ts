/** Writes docs/rules/*.md from the rule definitions. Run: npx tsx scripts/gen-rule-docs.ts */
import { mkdirSync, writeFileSync } from 'node:fs';
import { renderRuleDocs } from '../src/rules/docs.js';
import { allRules } from '../src/rules/index.js';

mkdirSync('docs/rules', { recursive: true });
for (const [name, text] of renderRuleDocs(allRules)) writeFileSync(`docs/rules/${name}`, text);
