/** Writes schema/requirements.schema.json from the zod requirements schema. Run: npx tsx scripts/gen-requirements-schema.ts */
import { mkdirSync, writeFileSync } from 'node:fs';
import { requirementsJsonSchemaText } from '../src/design/json-schema.js';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/requirements.schema.json', requirementsJsonSchemaText());
