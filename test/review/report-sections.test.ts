import { describe, expect, it } from 'vitest';
import { review } from '../../src/review/index.js';
import { assess } from '../../src/review/scoring.js';
import { nextStepsOf, recommendationsOf } from '../../src/review/sections.js';
import type { Finding, Severity } from '../../src/rules/types.js';
import { discoverFixture, discoverText, TEST_RULES } from './helpers.js';

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
  it('is 100·100/(100 + D) for D = Σ over distinct problems of weight × breadth, summarized per area', () => {
    const a = assess([
      finding('security/a', 'high', 1),
      finding('security/a', 'high', 2),
      finding('security/a', 'medium', 3),
      finding('api/b', 'medium', 4),
      finding('practices/c', 'info', 5),
    ]);
    // security/a: one problem, highest high, 3 places → 10 × 1.5 = 15; api/b: 4 × 1 = 4; info weighs nothing.
    expect(a.deductions).toEqual([
      expect.objectContaining({
        ruleId: 'security/a',
        findings: 3,
        places: 3,
        breadth: 1.5,
        points: 15,
        formula: 'high 10 × 1.5 (3 places) = 15',
      }),
      expect.objectContaining({
        ruleId: 'api/b',
        findings: 1,
        points: 4,
        formula: 'medium 4 × 1 (1 place) = 4',
      }),
    ]);
    expect(a).toMatchObject({ deducted: 19, score: 84.03, formula: '100 × 100 / (100 + 19) = 84.03' });
    expect(a.byArea).toEqual([
      expect.objectContaining({
        area: 'security',
        problems: 1,
        findings: 3,
        points: 15,
        formula: 'high 10 × 1.5 = 15',
      }),
      expect.objectContaining({
        area: 'api',
        problems: 1,
        findings: 1,
        points: 4,
        formula: 'medium 4 × 1 = 4',
      }),
    ]);
    expect(a.rating).toBe('Good');
    expect(a.caps).toEqual([]);
    expect(a.summary).toContain('100 × 100 / (100 + 19) = 84.03');
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
  });

  it('weighs copies of one problem by breadth, never by count: breadth saturates at 2', () => {
    const ten = assess(Array.from({ length: 10 }, (_, i) => finding('api/same', 'medium', i + 1)));
    const thousand = assess(Array.from({ length: 1000 }, (_, i) => finding('api/same', 'medium', i + 1)));
    expect(ten.deducted).toBe(8);
    expect(thousand.deducted).toBe(8);
    const distinct = assess(Array.from({ length: 3 }, (_, i) => finding(`api/r${i}`, 'medium', i + 1)));
    expect(distinct.deducted).toBe(12); // three different problems outweigh a thousand copies of one
  });

  it('counts a problem on half or more of the application services as systemic (breadth 2)', () => {
    const spread = [1, 2, 3].map((n) => ({ ...finding('resilience/r', 'medium', n), services: [`svc${n}`] }));
    expect(
      assess(spread, { applicationServices: new Set(['svc1', 'svc2', 'svc3', 'svc4']) }).deductions[0],
    ).toMatchObject({
      breadth: 2,
      formula: 'medium 4 × 2 (systemic: 3 of 4 application services) = 8',
    });
    expect(assess(spread, { applicationServices: 10 }).deductions[0]!.breadth).toBe(1.5);
  });

  it('folds the four container-hardening rules about one workload into one problem with one place', () => {
    const workload = (ruleId: string, suffix: string, severity: Severity): Finding => ({
      ...finding(ruleId, severity, 1),
      element: `Deployment/shop/orders#${suffix}`,
    });
    const a = assess([
      workload('security/container-runs-as-root', 'run-as-root', 'medium'),
      workload('security/privilege-escalation-allowed', 'privilege-escalation', 'low'),
      workload('security/capabilities-not-dropped', 'capabilities', 'low'),
      workload('security/writable-root-filesystem', 'read-only-root', 'low'),
    ]);
    expect(a.deductions).toEqual([
      expect.objectContaining({ ruleId: 'security/container-hardening', findings: 4, places: 1, points: 4 }),
    ]);
    expect(a.deductions[0]!.rules).toHaveLength(4);
  });

  it('rates a system whose artifacts were not read Not assessed, never Excellent', () => {
    const a = assess([], { notAssessed: 'the contract `api.yaml` could not be read' });
    expect(a.rating).toBe('Not assessed');
    expect(a.summary).toContain('Not assessed: the contract `api.yaml` could not be read');
  });
});

describe('specific recommendations', () => {
  it('one root cause (rule + advice) yields one recommendation listing every place; different advice is another', () => {
    const recs = recommendationsOf(
      [
        finding('security/a', 'medium', 1),
        finding('security/a', 'medium', 2, 'Fix it here.'),
        finding('security/a', 'high', 3),
        { ...finding('security/a', 'medium', 4), recommendation: 'Do another thing.' },
        { ...finding('api/b', 'low', 5), recommendation: 'Do the api thing.' },
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
    // fixes that differ per place (an operation named in each) say whose the shown one is
    expect(recs[0]!.fix.description).toContain('This is written for element-1');
  });

  it('never repeats a recommendation text: the same advice from several rules or fixes is one recommendation', () => {
    const recs = recommendationsOf(
      [
        ...Array.from({ length: 50 }, (_, i) =>
          finding('api/errors', 'medium', i + 1, `Document GET /r${i}.`),
        ),
        finding('api/other', 'medium', 60),
      ],
      new Map(),
      0,
    );
    expect(recs).toHaveLength(1);
    expect(recs[0]!).toMatchObject({ places: 51, rules: ['api/errors', 'api/other'] });
    const texts = recs.map((r) => r.action);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('the four container-hardening rules make one recommendation with one place per workload', () => {
    const at = (ruleId: string, workload: string, suffix: string): Finding => ({
      ...finding(ruleId, 'low', workload.length),
      element: `Deployment/shop/${workload}#${suffix}`,
      message: `${workload}: ${suffix}`,
      fingerprint: `${ruleId}-${workload}`,
    });
    const recs = recommendationsOf(
      [
        at('security/container-runs-as-root', 'orders', 'run-as-root'),
        at('security/capabilities-not-dropped', 'orders', 'capabilities'),
        at('security/writable-root-filesystem', 'orders', 'read-only-root'),
        at('security/privilege-escalation-allowed', 'payments', 'privilege-escalation'),
      ],
      new Map(),
      0,
    );
    expect(recs).toHaveLength(1);
    expect(recs[0]!).toMatchObject({ ruleId: 'security/container-hardening', places: 2 });
    expect(recs[0]!.affected.map((p) => p.element)).toEqual([
      'Deployment/shop/orders',
      'Deployment/shop/payments#privilege-escalation',
    ]);
    expect(recs[0]!.affected[0]!.message).toBe(
      'orders: run-as-root; orders: capabilities; orders: read-only-root',
    );
  });

  it('next steps that would read the same are one step naming every recommendation', () => {
    const recs = recommendationsOf(
      [
        { ...finding('api/a', 'medium', 1), recommendation: 'Same first sentence. Then one thing.' },
        { ...finding('api/a', 'medium', 2), recommendation: 'Same first sentence. Then another.' },
      ],
      new Map(),
      0,
    );
    expect(recs).toHaveLength(2);
    const steps = nextStepsOf(recs, { readErrors: 0, invalidSuppressions: 0, baselined: 0 });
    expect(steps.mediumTerm).toEqual([
      {
        text: 'R1, R2 Title of api/a: Same first sentence (2 places; within the quarter)',
        recommendations: ['R1', 'R2'],
      },
    ]);
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
    // three of the four services without replicas: one systemic finding listing them
    expect(report.summary.bySeverity).toMatchObject({ high: 1, medium: 1, low: 4 });
    const systemic = report.findings.find((f) => f.ruleId === 'resilience/test-replicas')!;
    // orders-db is a backing service, not one of the application services
    expect(systemic.message).toMatch(/^Systemic: 3 of 3 application services \(gateway, orders, payments\)/);
    expect(systemic.locations).toHaveLength(3);
    // D = high 10 × 1 + medium 4 × 2 (systemic) + low 1 × 1.5 (the probe rule's places) = 19.5; 10000 / 119.5 = 83.68
    expect(report.assessment).toMatchObject({ rating: 'Good', deducted: 19.5, score: 83.68 });
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

describe('a system whose artifacts were not read', () => {
  it('is Not assessed when its only contract cannot be read, with the reason, never Excellent', () => {
    const { discovery } = discoverText({
      'api.yaml': 'openapi: 3.0.0\ninfo: {title: x, version: 1\npaths:\n  /a: [\n',
    });
    const report = review(discovery);
    expect(report.assessment.rating).toBe('Not assessed');
    expect(report.assessment.summary).toMatch(/the contract `api\.yaml` could not be read/);
  });

  it('is Not assessed when nothing but docs was read', () => {
    const { discovery } = discoverText({ 'README.md': '# nothing to judge\n' });
    expect(review(discovery).assessment.rating).toBe('Not assessed');
  });

  it('is rated when its contract was read', () => {
    const { discovery } = discoverText({
      'api.yaml':
        "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n",
    });
    expect(review(discovery).assessment.rating).not.toBe('Not assessed');
  });
});
