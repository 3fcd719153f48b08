/**
 * The overall score and rating, computed so a reader can redo the arithmetic (docs/scoring.md):
 *
 *   D = Σ_rules deduction(rule)
 *   deduction(rule) = Σ_k weight(severity_k) / k   over the rule's findings, most severe first (k = 1, 2, …)
 *   score = 100 × 100 / (100 + D)
 *
 * One root cause found in many places costs more than found once, but with diminishing returns (the
 * harmonic series), so a single systemic issue cannot by itself sink the score of a large system. The
 * score falls like 100 − D while D is small and never reaches 0, so fixing problems in a poor system still
 * moves its score (a clamped `100 − D` would sit at 0). Suppressed findings do not count; baselined findings
 * do (they are still there).
 */
import type { Finding, Severity } from '../rules/types.js';
import { severityRank } from '../rules/types.js';
import { fmt } from './format.js';
import type { Assessment, Rating, ScoreDeduction } from './report.js';

export const SEVERITY_WEIGHTS: Record<Severity, number> = {
  critical: 25,
  high: 10,
  medium: 4,
  low: 1,
  info: 0,
};

export const RATING_THRESHOLDS: { rating: Rating; min: number }[] = [
  { rating: 'Excellent', min: 90 },
  { rating: 'Good', min: 75 },
  { rating: 'Needs Improvement', min: 50 },
  { rating: 'Poor', min: 0 },
];

export const SCORING_METHOD =
  'score = 100 × 100 / (100 + D), D = Σ deductions; per rule, its findings sorted most severe first weigh ' +
  'weight/k for the k-th finding (critical 25, high 10, medium 4, low 1, info 0); rating: ' +
  'Excellent ≥ 90, Good ≥ 75, Needs Improvement ≥ 50, else Poor; a critical finding caps the rating at ' +
  'Needs Improvement and a high finding at Good. See docs/scoring.md.';

export function assess(findings: Finding[]): Assessment {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
  }
  const deductions: ScoreDeduction[] = [];
  for (const [ruleId, list] of byRule) {
    const severities = list.map((f) => f.severity).sort((a, b) => severityRank(b) - severityRank(a));
    const terms = severities.map((s, i) => SEVERITY_WEIGHTS[s] / (i + 1));
    const points = round2(terms.reduce((a, b) => a + b, 0));
    const formula = `${severities.map((s, i) => `${SEVERITY_WEIGHTS[s]}/${i + 1}`).join(' + ')} = ${fmt(points)}`;
    if (points === 0) continue; // info findings weigh nothing; listing them would only add noise
    deductions.push({ ruleId, area: list[0]!.area, findings: list.length, severities, points, formula });
  }
  deductions.sort((a, b) => b.points - a.points || (a.ruleId < b.ruleId ? -1 : 1));
  const total = round2(deductions.reduce((a, d) => a + d.points, 0));
  const score = round2((100 * 100) / (100 + total));
  let rating = ratingFor(score);
  const caps: string[] = [];
  const hasCritical = findings.some((f) => f.severity === 'critical');
  const hasHigh = findings.some((f) => f.severity === 'high');
  if (hasCritical && rank(rating) < rank('Needs Improvement')) {
    rating = 'Needs Improvement';
    caps.push('a critical finding caps the rating at Needs Improvement');
  } else if (!hasCritical && hasHigh && rank(rating) < rank('Good')) {
    rating = 'Good';
    caps.push('a high-severity finding caps the rating at Good');
  }
  return {
    rating,
    score,
    deducted: total,
    formula: `100 × 100 / (100 + ${fmt(total)}) = ${fmt(score)}`,
    deductions,
    caps,
    summary: summarize(rating, score, total, deductions, caps),
    method: SCORING_METHOD,
  };
}

export function ratingFor(score: number): Rating {
  return RATING_THRESHOLDS.find((t) => score >= t.min)!.rating;
}

function rank(r: Rating): number {
  return RATING_THRESHOLDS.findIndex((t) => t.rating === r);
}

function summarize(
  rating: Rating,
  score: number,
  total: number,
  deductions: ScoreDeduction[],
  caps: string[],
): string {
  if (deductions.length === 0)
    return `${rating}: no rule found a problem that weighs, so nothing was deducted from 100.`;
  const top = deductions
    .filter((d) => d.points > 0)
    .slice(0, 3)
    .map((d) => `${d.ruleId} (−${fmt(d.points)})`);
  const parts = [
    `${rating}: 100 × 100 / (100 + ${fmt(total)}) = ${fmt(score)} over ${deductions.length} rule${deductions.length === 1 ? '' : 's'} with findings`,
  ];
  if (top.length) parts.push(`the largest deductions are ${top.join(', ')}`);
  if (caps.length) parts.push(caps.join('; '));
  return `${parts.join('; ')}.`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
