/** Writes schema/model.schema.json from the zod SystemModel schema. Run: npx tsx scripts/gen-model-schema.ts */
import { mkdirSync, writeFileSync } from 'node:fs';
import { modelJsonSchemaText } from '../src/model/json-schema.js';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/model.schema.json', modelJsonSchemaText());
