/** Writes schema/report.schema.json from the zod Report schema. Run: npx tsx scripts/gen-report-schema.ts */
import { mkdirSync, writeFileSync } from 'node:fs';
import { reportJsonSchemaText } from '../src/review/report-schema.js';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/report.schema.json', reportJsonSchemaText());
