/**
 * A rule that crashes on some element is reported with its id at the file and line of that element (issue 16:
 * crashes used to be reported at file `.`), and the other rules still run.
 */
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import { runRules } from '../../src/review/engine.js';
import { allRules } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/types.js';

const spec = [
  'openapi: 3.0.3',
  'info: {title: Shop, version: "1"}',
  'paths:',
  '  /ok:',
  '    get:',
  '      responses:',
  '        "200": {description: ok}',
  '  /boom:',
  '    get:',
  '      x-weird: 1',
  '      responses:',
  '        "200": {description: ok}',
  '',
].join('\n');

const discovery = () => discoverFiles([{ path: 'api/shop.yaml', text: spec, bytes: spec.length }], '.');

function crashing(id: string, check: Rule['check']): Rule {
  return {
    id,
    area: 'api',
    severity: 'low',
    title: 'crashes',
    rationale: 'test',
    references: [],
    recommendation: 'none',
    examples: { fail: {}, pass: {} },
    check,
  } as unknown as Rule;
}

describe('a crashing rule', () => {
  it('is reported at the model element it was checking', () => {
    const rule = crashing('test/crash-on-element', (model) => {
      for (const op of model.operations)
        if (op.path === '/boom') throw new TypeError('cannot read x of undefined');
      return { findings: [] };
    });
    const run = runRules(discovery(), { rules: {} }, [rule, ...allRules.slice(0, 5)]);
    expect(run.diagnostics).toEqual([
      expect.objectContaining({
        file: 'api/shop.yaml',
        line: 9,
        message: expect.stringMatching(/^rule test\/crash-on-element failed: cannot read x/),
      }),
    ]);
    expect(run.rulesRun).toHaveLength(5);
  });

  it('is reported at the document value it was reading', () => {
    const rule = crashing('test/crash-on-document', (_model, ctx) => {
      for (const { document } of ctx.documents) {
        const paths = (document.data as { paths: Record<string, { get: Record<string, unknown> }> }).paths;
        for (const p of Object.values(paths)) if (p.get['x-weird']) throw new Error('unexpected extension');
      }
      return { findings: [] };
    });
    const run = runRules(discovery(), { rules: {} }, [rule]);
    expect(run.diagnostics).toEqual([
      expect.objectContaining({
        file: 'api/shop.yaml',
        line: 10,
        message: expect.stringMatching(/test\/crash-on-document/),
      }),
    ]);
  });

  it('says the location is unknown when the rule read nothing with a location', () => {
    const rule = crashing('test/crash-at-once', () => {
      throw new Error('always');
    });
    const run = runRules(discovery(), { rules: {} }, [rule]);
    expect(run.diagnostics[0]).toMatchObject({
      file: '.',
      message: expect.stringMatching(/location unknown/),
    });
  });
});
