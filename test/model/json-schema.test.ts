import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../src/discover/index.js';
import { modelJsonSchemaText } from '../../src/model/json-schema.js';

describe('model JSON Schema', () => {
  it('is committed up to date (run `npx tsx scripts/gen-model-schema.ts`)', () => {
    expect(readFileSync('schema/model.schema.json', 'utf8')).toBe(modelJsonSchemaText());
  });

  it('validates the model scanned from the bundled example', async () => {
    const { model } = await discoverDirectory('examples/shop');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(modelJsonSchemaText()));
    const ok = validate(JSON.parse(JSON.stringify(model)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});
