import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRequirements, RequirementsError, requirementsJsonSchemaText } from '../../src/design/index.js';
import { EXAMPLES, exampleText } from './helpers.js';

function issues(text: string) {
  try {
    parseRequirements(text, 'req.yaml');
  } catch (err) {
    if (err instanceof RequirementsError) return err.issues;
    throw err;
  }
  throw new Error('expected a validation error');
}

describe('requirements file', () => {
  it('accepts every worked example', () => {
    for (const name of EXAMPLES) expect(() => parseRequirements(exampleText(name), name)).not.toThrow();
  });

  it('normalises a percentage availability to a fraction', () => {
    expect(parseRequirements(exampleText('telemetry'), 't').nfr.availability).toBe(0.9999);
  });

  it('names the key path and the line of a wrong value', () => {
    const text = exampleText('crud-saas').replace('availability: 99.9%', 'availability: 1.5');
    const line = text.split('\n').findIndex((l) => l.includes('availability: 1.5')) + 1;
    const found = issues(text);
    expect(found).toContainEqual(
      expect.objectContaining({ file: 'req.yaml', line, path: 'nfr.availability' }),
    );
    expect(new RequirementsError(found).message).toContain(`req.yaml:${line}  nfr.availability:`);
  });

  it('names the line of an unknown key', () => {
    const text = exampleText('crud-saas').replace('  rpoMinutes: 15', '  rpoMinutes: 15\n  rpoHours: 1');
    const line = text.split('\n').findIndex((l) => l.includes('rpoHours')) + 1;
    expect(issues(text)).toContainEqual(
      expect.objectContaining({ line, path: 'nfr.rpoHours', message: 'unknown key `rpoHours`' }),
    );
  });

  it('checks references between sections at their line', () => {
    const text = exampleText('crud-saas').replace(
      'context: customers, peakRps: 20',
      'context: customer, peakRps: 20',
    );
    const line = text.split('\n').findIndex((l) => l.includes('context: customer,')) + 1;
    expect(issues(text)).toContainEqual(
      expect.objectContaining({ line, path: 'capabilities[1].context', message: 'unknown context customer' }),
    );
  });

  it('rejects an unknown assumption by name', () => {
    const text = `${exampleText('crud-saas')}\nassumptions:\n  podAvailabilty: 0.99\n`;
    const found = issues(text);
    expect(found[0].path).toBe('assumptions.podAvailabilty');
    expect(found[0].line).toBe(text.split('\n').findIndex((l) => l.includes('podAvailabilty')) + 1);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(issues('system: x\ncontexts: [\n')[0]).toEqual(
      expect.objectContaining({ file: 'req.yaml', path: '' }),
    );
  });

  it('JSON Schema is committed up to date (run `npx tsx scripts/gen-requirements-schema.ts`)', () => {
    expect(readFileSync('schema/requirements.schema.json', 'utf8')).toBe(requirementsJsonSchemaText());
  });
});
