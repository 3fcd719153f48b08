import { describe, expect, it } from 'vitest';
import { review } from '../../src/review/index.js';
import { assess } from '../../src/review/scoring.js';
import { recommendationsOf } from '../../src/review/sections.js';
import type { Finding, Severity } from '../../src/rules/types.js';
import { discoverFixture, TEST_RULES } from './helpers.js';

function finding(ruleId: string, severity: Severity, n: number, fix = 'Fix it.'): Finding {
  return {
    ruleId,
    area: ruleId.split('/')[0] as Finding['area'],
    severity,
    title: `Title of ${ruleId}`,
    message: `${ruleId} problem ${n}`,
    element: `element-${n}`,
    locations: [{ file: `f${n}.yaml`, line: n }],
    recommendation: 'Do the thing.',
    fix: { description: fix },
    fingerprint: `${ruleId}-${n}`,
  };
}

describe('overall assessment score', () => {
  it('is 100·100/(100 + D) for D = Σ per-rule deductions with diminishing returns, and shows the arithmetic', () => {
    const a = assess([
      finding('security/a', 'high', 1),
      finding('security/a', 'high', 2),
      finding('security/a', 'medium', 3),
      finding('api/b', 'medium', 4),
      finding('practices/c', 'info', 5),
    ]);
    // security/a: 10/1 + 10/2 + 4/3 = 16.33; api/b: 4/1 = 4; practices/c weighs nothing.
    expect(a.deductions).toEqual([
      expect.objectContaining({
        ruleId: 'security/a',
        findings: 3,
        points: 16.33,
        formula: '10/1 + 10/2 + 4/3 = 16.33',
      }),
      expect.objectContaining({ ruleId: 'api/b', findings: 1, points: 4, formula: '4/1 = 4' }),
    ]);
    expect(a).toMatchObject({ deducted: 20.33, score: 83.1, formula: '100 × 100 / (100 + 20.33) = 83.1' });
    expect(a.rating).toBe('Good');
    expect(a.caps).toEqual([]);
    expect(a.summary).toContain('100 × 100 / (100 + 20.33) = 83.1');
  });

  it('rates a clean system Excellent and caps the rating on critical and high findings', () => {
    expect(assess([])).toMatchObject({ rating: 'Excellent', score: 100, deductions: [] });
    const oneHigh = assess([finding('security/a', 'high', 1)]);
    expect(oneHigh).toMatchObject({
      score: 90.91,
      rating: 'Good',
      caps: ['a high-severity finding caps the rating at Good'],
    });
    const oneCritical = assess([finding('security/a', 'critical', 1)]);
    expect(oneCritical).toMatchObject({ score: 80, rating: 'Needs Improvement' });
    const many = assess(Array.from({ length: 12 }, (_, i) => finding(`resilience/r${i}`, 'high', i + 1)));
    // D = 120: poor, yet not pinned at 0, so fixing some of it still shows.
    expect(many).toMatchObject({ score: 45.45, rating: 'Poor' });
    expect(
      assess(Array.from({ length: 11 }, (_, i) => finding(`resilience/r${i}`, 'high', i + 1))).score,
    ).toBe(47.62);
  });

  it('weighs one systemic cause less than the same count of distinct causes', () => {
    const systemic = assess(Array.from({ length: 8 }, (_, i) => finding('resilience/same', 'medium', i + 1)));
    const distinct = assess(
      Array.from({ length: 8 }, (_, i) => finding(`resilience/r${i}`, 'medium', i + 1)),
    );
    expect(systemic.score).toBeGreaterThan(distinct.score);
    expect(systemic.score).toBe(90.2); // D = 4·H(8) = 10.87; 10000 / 110.87
  });
});

describe('specific recommendations', () => {
  it('one root cause (rule + fix) yields one recommendation listing every place; a different fix is another', () => {
    const recs = recommendationsOf(
      [
        finding('security/a', 'medium', 1),
        finding('security/a', 'medium', 2),
        finding('security/a', 'high', 3),
        finding('security/a', 'medium', 4, 'A different fix.'),
        finding('api/b', 'low', 5),
      ],
      new Map(),
      10,
    );
    expect(recs.map((r) => [r.id, r.ruleId, r.places, r.priority, r.severity])).toEqual([
      ['R1', 'security/a', 3, 'P2', 'high'],
      ['R2', 'security/a', 1, 'P3', 'medium'],
      ['R3', 'api/b', 1, 'P4', 'low'],
    ]);
    expect(recs[0]!.affected.map((p) => p.locations[0]!.file)).toEqual(['f1.yaml', 'f2.yaml', 'f3.yaml']);
    expect(recs[0]!.timeline).toBe('within the current sprint (two weeks)');
  });

  it('raises the priority of a systemic cause (≥ 3 services and half of them)', () => {
    const spread = [1, 2, 3].map((n) => ({ ...finding('resilience/r', 'medium', n), services: [`svc${n}`] }));
    const [rec] = recommendationsOf(spread, new Map(), 4);
    expect(rec).toMatchObject({
      priority: 'P2',
      priorityReason: 'highest severity medium → P3; raised to P2: systemic, 3 of 4 services',
    });
    const [narrow] = recommendationsOf(spread, new Map(), 10);
    expect(narrow!.priority).toBe('P3');
  });
});

describe('assembled report on the fixture system', () => {
  it('has every section: assessment, impact, compliance per area, improvement areas, recommendations, next steps', async () => {
    const report = review(await discoverFixture(), { rules: {} }, { rules: TEST_RULES });
    expect(report.summary.bySeverity).toMatchObject({ high: 1, medium: 3, low: 4 });
    // D = 10 + (4/1 + 4/2 + 4/3 = 7.33) + (1/1 + 1/2 + 1/3 + 1/4 = 2.08) = 19.41; 10000 / 119.41 = 83.75
    expect(report.assessment).toMatchObject({ rating: 'Good', deducted: 19.41, score: 83.75 });
    expect(report.impact.servicesTotal).toBe(4);
    expect(report.impact.hotspots[0]).toMatchObject({ service: 'orders', highest: 'high' });
    expect(report.compliance.map((c) => [c.area, c.rulesRun, c.rulesApplicable, c.rulesPassing])).toEqual([
      ['services', 1, 1, 1],
      ['security', 1, 1, 0],
      ['resilience', 1, 1, 0],
      ['practices', 1, 1, 0],
    ]);
    expect(report.compliance[0]!.strengths).toEqual(['All 4 services have names']);
    expect(report.areasForImprovement.map((a) => a.area)).toEqual(['security', 'resilience', 'practices']);
    // Three Deployments without replicas are one recommendation with three places.
    const replicas = report.recommendations.find((r) => r.ruleId === 'resilience/test-replicas')!;
    expect(replicas.places).toBe(3);
    expect(replicas.affected.map((p) => p.locations[0]!.file)).toEqual([
      'k8s/gateway.yaml',
      'k8s/orders.yaml',
      'k8s/payments.yaml',
    ]);
    expect(replicas.rationale).toBe('A test rule: one replica is one failure domain.');
    expect(report.nextSteps.immediate.map((s) => s.recommendations[0])).toContain('R1');
    expect(report.graph.nodes.map((n) => n.id)).toEqual(['gateway', 'orders', 'orders-db', 'payments']);
    expect(report.graph.edges).toContainEqual({
      from: 'gateway',
      to: 'orders',
      protocol: 'http',
      kind: 'sync',
    });
  });
});
