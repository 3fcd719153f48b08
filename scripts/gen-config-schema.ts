/** Writes schema/plumbline.schema.json (the plumbline.yaml format). Run: npx tsx scripts/gen-config-schema.ts */
import { mkdirSync, writeFileSync } from 'node:fs';
import { plumblineJsonSchemaText } from '../src/review/config-schema.js';
import { allRules } from '../src/rules/index.js';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/plumbline.schema.json', plumblineJsonSchemaText(allRules));
