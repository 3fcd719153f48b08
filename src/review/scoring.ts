/**
 * The overall score and rating, computed so a reader can redo the arithmetic (docs/scoring.md). The unit is
 * a distinct problem, not a finding: a rule's findings are one problem (the four container-hardening rules
 * that one missing `securityContext` trips are one problem too), weighed by its worst severity and by how
 * far it reaches:
 *
 *   deduction(problem) = weight(highest severity) × breadth
 *   breadth            = 1 (one place) · 1.5 (2–9 places) · 2 (10 or more places, or systemic: at least
 *                        3 services and half of the application services)
 *   D                  = Σ deductions;   score = 100 × 100 / (100 + D)
 *
 * Copies of one fact (deployment variants, operations of one generated spec) therefore cannot outweigh a
 * different problem: breadth saturates at 2. The score falls like 100 − D while D is small and never
 * reaches 0, so fixing problems in a poor system still moves it. Suppressed findings do not count;
 * baselined findings do (they are still there). A system whose artifacts could not be read is
 * "Not assessed", whatever its score over the rest.
 */

import { compareText } from '../model/values.js';
import type { Area, Finding, Severity } from '../rules/types.js';
import { AREAS, severityRank } from '../rules/types.js';
import { AREA_TITLES } from './areas.js';
import { foldedPlaces } from './folded.js';
import { fmt } from './format.js';
import type { AreaDeduction, Assessment, Rating, ScoreDeduction } from './report.js';

export const SEVERITY_WEIGHTS: Record<Severity, number> = {
  critical: 25,
  high: 10,
  medium: 4,
  low: 1,
  info: 0,
};

export const RATING_THRESHOLDS: { rating: Exclude<Rating, 'Not assessed'>; min: number }[] = [
  { rating: 'Excellent', min: 90 },
  { rating: 'Good', min: 75 },
  { rating: 'Needs Improvement', min: 50 },
  { rating: 'Poor', min: 0 },
];

/** Rules whose findings are one problem: one missing container `securityContext` trips all four. */
/**
 * Rules whose findings are one problem. `action`: the family's findings also make one recommendation with
 * that text (one missing container `securityContext` trips all four hardening rules). `place`: what one
 * place of the problem is, from a finding's element.
 */
export interface ProblemFamily {
  id: string;
  title: string;
  action?: string;
  place: (element: string) => string;
}

const CONTAINER_HARDENING: ProblemFamily = {
  id: 'security/container-hardening',
  title: 'Containers without a hardened securityContext',
  action:
    'Give each workload listed one hardened securityContext: run as a non-root user, disallow privilege ' +
    'escalation, drop all capabilities (add back only what it needs) and mount the root filesystem read-only.',
  // `<workload>#run-as-root`, `<workload>#capabilities`: one workload
  place: (element) => element.replace(/#.*$/, ''),
};

/** A contract that declares no authentication is one problem, whichever rule says it. */
const UNDECLARED_AUTH: ProblemFamily = {
  id: 'api/authentication-undeclared',
  title: 'Operations that do not say how callers authenticate',
  // `file#no-security-schemes`, `openapi:file#no-auth`, `file#POST /x#security`: one contract file
  place: (element) => element.replace(/^openapi:/, '').replace(/#.*$/, ''),
};

export const PROBLEM_FAMILIES: Record<string, ProblemFamily> = {
  'security/container-runs-as-root': CONTAINER_HARDENING,
  'security/privilege-escalation-allowed': CONTAINER_HARDENING,
  'security/capabilities-not-dropped': CONTAINER_HARDENING,
  'security/writable-root-filesystem': CONTAINER_HARDENING,
  'api/operation-security': UNDECLARED_AUTH,
  'security/public-api-without-auth': UNDECLARED_AUTH,
};

/** The problem a finding belongs to: its rule, or the family its rule is part of. */
export function problemOf(ruleId: string): string {
  return PROBLEM_FAMILIES[ruleId]?.id ?? ruleId;
}

/**
 * The place a finding is about, for counting a problem's breadth: a family's findings about one workload
 * (`<workload>#run-as-root`, `<workload>#capabilities`) are one place.
 */
export function placeOf(finding: Finding): string {
  return placeKey(finding.ruleId, finding.element ?? finding.fingerprint);
}

function placeKey(ruleId: string, element: string): string {
  const family = PROBLEM_FAMILIES[ruleId];
  return family ? family.place(element) : element;
}

/** Every place a finding stands for: a fold's members (folding.ts), or the finding's own. */
export function placesOf(finding: Finding): string[] {
  return foldedPlaces(finding).map((p) => placeKey(finding.ruleId, p.element ?? p.fingerprint));
}

export const BREADTH = { one: 1, several: 1.5, wide: 2 } as const;
/** Places from which a problem counts as wide. */
export const WIDE_PLACES = 10;

export const SCORING_METHOD =
  'score = 100 × 100 / (100 + D), D = Σ over distinct problems (a rule; the four container-hardening rules ' +
  'are one, and so are the two undeclared-authentication rules) of weight(highest severity) × breadth; weights critical 25, high 10, medium 4, low 1, info 0; ' +
  'breadth 1 for one place, 1.5 for 2–9, 2 for 10 or more or when systemic (≥ 3 and ≥ half of the ' +
  'application services); rating: Excellent ≥ 90, Good ≥ 75, Needs Improvement ≥ 50, else Poor; a critical ' +
  'finding caps the rating at Needs Improvement and a high finding at Good; a system whose artifacts could ' +
  'not be read is Not assessed. See docs/scoring.md.';

export interface AssessContext {
  /** Application services (not platform, tooling or test): the denominator of "systemic". */
  applicationServices?: ReadonlySet<string> | number;
  /** Why the system was not assessed (nothing read, a contract unreadable); the rating says so. */
  notAssessed?: string;
}

export function assess(
  findings: (Finding & { services?: string[] })[],
  context: AssessContext = {},
): Assessment {
  const apps = context.applicationServices;
  const appCount = typeof apps === 'number' ? apps : (apps?.size ?? 0);
  const byProblem = new Map<string, (Finding & { services?: string[] })[]>();
  for (const f of findings) {
    const key = problemOf(f.ruleId);
    const list = byProblem.get(key) ?? [];
    list.push(f);
    byProblem.set(key, list);
  }
  const deductions: ScoreDeduction[] = [];
  for (const [problem, list] of byProblem) {
    const highest = list.reduce<Severity>(
      (best, f) => (severityRank(f.severity) > severityRank(best) ? f.severity : best),
      'info',
    );
    const weight = SEVERITY_WEIGHTS[highest];
    if (weight === 0) continue; // info findings weigh nothing; listing them would only add noise
    const places = new Set(list.flatMap(placesOf)).size;
    const services = new Set(
      list.flatMap((f) => f.services ?? []).filter((s) => typeof apps !== 'object' || apps.has(s)),
    );
    const systemic = appCount > 0 && services.size >= 3 && services.size / appCount >= 0.5;
    const breadth =
      places >= WIDE_PLACES || systemic ? BREADTH.wide : places > 1 ? BREADTH.several : BREADTH.one;
    const why = systemic
      ? `systemic: ${services.size} of ${appCount} application services`
      : `${places} place${places === 1 ? '' : 's'}`;
    const points = round2(weight * breadth);
    const rules = [...new Set(list.map((f) => f.ruleId))].sort();
    deductions.push({
      ruleId: problem,
      ...(rules.length > 1 || rules[0] !== problem ? { rules } : {}),
      area: list[0]!.area,
      findings: list.length,
      places,
      severity: highest,
      breadth,
      severities: [...new Set(list.map((f) => f.severity))].sort((a, b) => severityRank(b) - severityRank(a)),
      points,
      formula: `${highest} ${weight} × ${breadth} (${why}) = ${fmt(points)}`,
    });
  }
  deductions.sort((a, b) => b.points - a.points || compareText(a.ruleId, b.ruleId));
  const total = round2(deductions.reduce((a, d) => a + d.points, 0));
  const score = round2((100 * 100) / (100 + total));
  let rating: Rating = ratingFor(score);
  const caps: string[] = [];
  const hasCritical = findings.some((f) => f.severity === 'critical');
  const hasHigh = findings.some((f) => f.severity === 'high');
  if (context.notAssessed) {
    rating = 'Not assessed';
    caps.push(context.notAssessed);
  } else if (hasCritical && rank(rating) < rank('Needs Improvement')) {
    rating = 'Needs Improvement';
    caps.push('a critical finding caps the rating at Needs Improvement');
  } else if (!hasCritical && hasHigh && rank(rating) < rank('Good')) {
    rating = 'Good';
    caps.push('a high-severity finding caps the rating at Good');
  }
  const byArea = areaDeductions(deductions);
  return {
    rating,
    score,
    deducted: total,
    formula: `100 × 100 / (100 + ${fmt(total)}) = ${fmt(score)}`,
    byArea,
    deductions,
    caps,
    summary: summarize(rating, score, total, deductions, caps),
    method: SCORING_METHOD,
  };
}

/** The derivation per area: one line each, e.g. `high 10 × 2 + medium 4 × 1.5 = 26`. */
function areaDeductions(deductions: ScoreDeduction[]): AreaDeduction[] {
  return AREAS.flatMap((area: Area) => {
    const list = deductions.filter((d) => d.area === area);
    if (list.length === 0) return [];
    // the same severity and breadth add up as a count: `3 × medium 4 × 1.5`
    const terms = new Map<string, { n: number; weight: number; breadth: number; severity: Severity }>();
    for (const d of list) {
      const key = `${d.severity}\u0000${d.breadth}`;
      const t = terms.get(key);
      if (t) t.n++;
      else
        terms.set(key, {
          n: 1,
          weight: SEVERITY_WEIGHTS[d.severity],
          breadth: d.breadth,
          severity: d.severity,
        });
    }
    const points = round2(list.reduce((a, d) => a + d.points, 0));
    const text = [...terms.values()]
      .sort((a, b) => b.weight * b.breadth - a.weight * a.breadth || b.n - a.n)
      .map((t) => `${t.n > 1 ? `${t.n} × ` : ''}${t.severity} ${t.weight} × ${t.breadth}`)
      .join(' + ');
    return [
      {
        area,
        title: AREA_TITLES[area],
        problems: list.length,
        findings: list.reduce((a, d) => a + d.findings, 0),
        points,
        formula: `${text} = ${fmt(points)}`,
      },
    ];
  }).sort((a, b) => b.points - a.points || AREAS.indexOf(a.area) - AREAS.indexOf(b.area));
}

export function ratingFor(score: number): Exclude<Rating, 'Not assessed'> {
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
  if (rating === 'Not assessed')
    return `Not assessed: ${caps[0]}; the score ${fmt(score)} covers only what was read and is no rating.`;
  if (deductions.length === 0)
    return `${rating}: no rule found a problem that weighs, so nothing was deducted from 100.`;
  const top = deductions.slice(0, 3).map((d) => `${d.ruleId} (−${fmt(d.points)})`);
  const parts = [
    `${rating}: 100 × 100 / (100 + ${fmt(total)}) = ${fmt(score)} over ${deductions.length} distinct problem${deductions.length === 1 ? '' : 's'}`,
  ];
  if (top.length) parts.push(`the largest deductions are ${top.join(', ')}`);
  if (caps.length) parts.push(caps.join('; '));
  return `${parts.join('; ')}.`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
