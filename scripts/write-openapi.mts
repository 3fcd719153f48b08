// Writes the server's OpenAPI document to schema/plumbline-api.openapi.json (test/server/openapi.test.ts
// fails when the kept copy and the routes differ): npx tsx scripts/write-openapi.ts
import { writeFileSync } from 'node:fs';
import { openApiText } from '../src/server/openapi.js';

writeFileSync(new URL('../schema/plumbline-api.openapi.json', import.meta.url), openApiText());
