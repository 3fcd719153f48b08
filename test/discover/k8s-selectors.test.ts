import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import { isEmptySelector, labelsMatch, selectorText } from '../../src/model/label-selector.js';
import type { LabelRequirement } from '../../src/model/schema.js';
import { review } from '../../src/review/index.js';

const file = 'k8s/selectors.yaml';
const text = readFileSync(path.resolve(__dirname, '../fixtures/kubernetes/selectors.yaml'), 'utf8');
const lines = text.split('\n');
const discover = () => discoverFiles([{ path: file, text, bytes: Buffer.byteLength(text) }]);

describe('label selectors with matchExpressions', () => {
  it('evaluates In, NotIn, Exists and DoesNotExist as Kubernetes does', () => {
    const labels = { app: 'orders', tier: 'api' };
    const r = (operator: LabelRequirement['operator'], values?: string[]): LabelRequirement[] => [
      { key: 'tier', operator, ...(values ? { values } : {}) },
    ];
    expect(labelsMatch({}, r('In', ['api', 'web']), labels)).toBe(true);
    expect(labelsMatch({}, r('In', ['web']), labels)).toBe(false);
    expect(labelsMatch({}, r('NotIn', ['web']), labels)).toBe(true);
    expect(labelsMatch({}, r('NotIn', ['api']), labels)).toBe(false);
    expect(labelsMatch({}, r('NotIn', ['api']), { app: 'x' })).toBe(true); // absent key satisfies NotIn
    expect(labelsMatch({}, r('Exists'), labels)).toBe(true);
    expect(labelsMatch({}, r('DoesNotExist'), labels)).toBe(false);
    expect(labelsMatch({ app: 'orders' }, r('In', ['web']), labels)).toBe(false); // pairs and requirements all hold
    expect(labelsMatch({}, undefined, labels)).toBe(true);
    expect(isEmptySelector({}, [])).toBe(true);
    expect(isEmptySelector({}, r('Exists'))).toBe(false);
    expect(
      selectorText({ app: 'a' }, [...r('In', ['x', 'y']), { key: 'canary', operator: 'DoesNotExist' }]),
    ).toBe('app=a,tier in (x,y),!canary');
  });

  it('reads them into the model and resolves the objects they select', () => {
    const { model } = discover();
    const pdb = model.disruptionBudgets.find((p) => p.name === 'api-tier')!;
    expect(pdb.selector).toEqual({});
    expect(pdb.selectorExpressions).toEqual([{ key: 'tier', operator: 'In', values: ['api'] }]);
    expect(pdb.serviceIds).toEqual(['orders', 'payments']);

    const policy = model.networkPolicies.find((p) => p.name === 'api-from-web')!;
    expect(policy.podSelectorExpressions).toEqual([
      { key: 'tier', operator: 'In', values: ['api'] },
      { key: 'pci', operator: 'DoesNotExist' },
    ]);
    // not "every pod in the namespace", as an empty matchLabels alone would mean
    expect(policy.serviceIds).toEqual(['orders']);
    expect(policy.peers?.[0]?.podSelectorExpressions).toEqual([
      { key: 'tier', operator: 'NotIn', values: ['api', 'batch'] },
    ]);
  });

  it('infers the callers a NetworkPolicy admits through an expression selector', () => {
    const { model } = discover();
    const edge = model.dependencies.find((d) => d.from === 'web' && d.to === 'orders');
    expect(edge?.evidence).toContain('tier notin (api,batch)');
    expect(model.dependencies.some((d) => d.from === 'payments' && d.to === 'orders')).toBe(false);
  });

  it('skips an object the API server would reject, with a diagnostic at the bad requirement', () => {
    const { model } = discover();
    expect(model.networkPolicies.map((p) => p.name)).not.toContain('broken');
    const diagnostic = model.diagnostics.find((d) => d.message.includes('Equals'))!;
    expect(diagnostic).toMatchObject({ severity: 'error', file, origin: 'kubernetes' });
    expect(diagnostic.message).toContain('NetworkPolicy shop/broken');
    expect(lines[diagnostic.line! - 1]).toContain('operator: Equals');
    // the rest of the file is still reviewed
    expect(model.deployables.map((d) => d.name).sort()).toEqual(['orders', 'payments', 'web']);
  });

  it('feeds the rules: the PDB covers the api tier, the policy protects only what it selects', () => {
    const discovery = discover();
    const report = review(discovery, { rules: {} });
    const missingPdb = report.findings.filter((f) => f.ruleId === 'resilience/missing-disruption-budget');
    expect(missingPdb.map((f) => f.message).join('\n')).not.toMatch(/orders|payments/);
    expect(missingPdb.map((f) => f.message).join('\n')).toMatch(/web/);
    const unprotected = report.findings
      .filter((f) => f.ruleId === 'security/missing-network-policy')
      .map((f) => f.message);
    expect(unprotected.some((m) => m.includes('payments'))).toBe(true);
    expect(unprotected.some((m) => m.includes('web'))).toBe(true);
    expect(unprotected.some((m) => /\borders\b/.test(m) && m.includes('selected by no'))).toBe(false);
  });
});
