/**
 * The architect's sections of the report, derived from the findings: Architectural Impact, Compliance with
 * Patterns, Areas for Improvement, Specific Recommendations and Next Steps. Pure and deterministic.
 */

import { groupBy } from '../model/model-index.js';
import { compareSources } from '../model/provenance.js';
import { BESIDE_ROLES } from '../model/roles.js';
import type { SystemModel } from '../model/schema.js';
import { compareText, plural } from '../model/values.js';
import {
  AREAS,
  type Area,
  type Finding,
  SEVERITIES,
  type Severity,
  type Strength,
  severityRank,
} from '../rules/types.js';
import { AREA_IMPACT, AREA_TITLES } from './areas.js';
import { foldedPlaces } from './folded.js';
import type {
  AffectedPlace,
  ArchitecturalImpact,
  AreaCompliance,
  GraphEdge,
  GraphNode,
  ImprovementArea,
  NextStep,
  NextSteps,
  Priority,
  Recommendation,
  ReportFinding,
  RuleMeta,
} from './report.js';
import { PROBLEM_FAMILIES, placeOf } from './scoring.js';

/** The application's services (not platform, tooling or test roles): what Architectural Impact counts. */
export function applicationServices(model: SystemModel): Set<string> {
  return new Set(model.services.filter((s) => !BESIDE_ROLES.has(s.role)).map((s) => s.id));
}

export function highestOf(severities: Iterable<Severity>): Severity {
  let best: Severity = 'info';
  for (const s of severities) if (severityRank(s) > severityRank(best)) best = s;
  return best;
}

/**
 * Architectural Impact counts the application's services only: the platform stacks, tooling and test
 * harnesses beside it keep their findings (in the areas and recommendations) but are not services of the
 * system whose share is measured.
 */
export function impactOf(findings: ReportFinding[], model: SystemModel): ArchitecturalImpact {
  const apps = applicationServices(model);
  const servicesTotal = apps.size;
  const appServices = (f: ReportFinding): string[] => (f.services ?? []).filter((s) => apps.has(s));
  const perService = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    for (const s of appServices(f)) {
      const list = perService.get(s) ?? [];
      list.push(f);
      perService.set(s, list);
    }
  }
  const hotspots = [...perService]
    .map(([service, list]) => ({
      service,
      findings: list.length,
      highest: highestOf(list.map((f) => f.severity)),
      areas: AREAS.filter((a) => list.some((f) => f.area === a)),
    }))
    .sort(
      (a, b) =>
        severityRank(b.highest) - severityRank(a.highest) ||
        b.findings - a.findings ||
        compareText(a.service, b.service),
    )
    .slice(0, 5);

  const areas = AREAS.flatMap((area) => {
    const list = findings.filter((f) => f.area === area);
    if (list.length === 0) return [];
    const services = new Set(list.flatMap(appServices));
    const highest = highestOf(list.map((f) => f.severity));
    const where = services.size ? ` on ${plural(services.size, 'application service')}` : '';
    return [
      {
        area,
        findings: list.length,
        highest,
        services: services.size,
        statement: `${AREA_TITLES[area]}: ${plural(list.length, 'finding')} (highest ${highest})${where}; ${AREA_IMPACT[area]}.`,
      },
    ];
  });

  const systemic: ArchitecturalImpact['systemic'] = [];
  const byRule = groupBy(findings, (f) => f.ruleId);
  for (const [ruleId, list] of byRule) {
    const services = new Set(list.flatMap(appServices));
    if (servicesTotal === 0 || services.size < 3 || services.size / servicesTotal < 0.5) continue;
    systemic.push({
      ruleId,
      title: list[0]!.title,
      services: services.size,
      share: Math.round((services.size / servicesTotal) * 100) / 100,
    });
  }
  systemic.sort((a, b) => b.services - a.services || compareText(a.ruleId, b.ruleId));

  const serious = new Set(
    findings.filter((f) => severityRank(f.severity) >= severityRank('high')).flatMap(appServices),
  );
  const criticalPaths = model.declared.criticalPaths
    .map((p) => ({ name: p.name, services: p.services.filter((s) => serious.has(s)) }))
    .filter((p) => p.services.length > 0)
    .sort((a, b) => compareText(a.name, b.name));

  const affected = new Set(findings.flatMap(appServices));
  const others = model.services.length - servicesTotal;
  const beside =
    others > 0 ? ` (and ${plural(others, 'platform, tooling or test component')} beside them)` : '';
  let summary: string;
  if (findings.length === 0) {
    summary = `No findings: the ${plural(servicesTotal, 'application service')} reviewed${beside} follow every pattern the rules could check.`;
  } else {
    const highest = highestOf(findings.map((f) => f.severity));
    summary =
      `${plural(findings.length, 'finding')} in ${plural(areas.length, 'area')} (highest ${highest}) ` +
      `touch ${affected.size} of ${plural(servicesTotal, 'application service')}${beside}`;
    if (hotspots.length)
      summary += `; most exposed: ${hotspots
        .slice(0, 3)
        .map((h) => `${h.service} (${h.findings})`)
        .join(', ')}`;
    if (systemic.length)
      summary += `; systemic (half or more of the services): ${systemic.map((s) => s.ruleId).join(', ')}`;
    if (criticalPaths.length)
      summary += `; critical paths at risk: ${criticalPaths.map((p) => p.name).join(', ')}`;
    summary += '.';
  }
  return {
    summary,
    servicesTotal,
    servicesAffected: affected.size,
    hotspots,
    areas,
    systemic,
    criticalPaths,
  };
}

export function complianceOf(
  rules: RuleMeta[],
  rulesApplicable: ReadonlySet<string>,
  findings: Finding[],
  strengths: Strength[],
): AreaCompliance[] {
  const failing = new Set(findings.map((f) => f.ruleId));
  return AREAS.flatMap((area) => {
    const inArea = rules.filter((r) => r.area === area);
    if (inArea.length === 0) return [];
    const applicable = inArea.filter((r) => rulesApplicable.has(r.id) || failing.has(r.id));
    const rulesFailing = applicable.filter((r) => failing.has(r.id)).map((r) => r.id);
    const passing = applicable.length - rulesFailing.length;
    return [
      {
        area,
        title: AREA_TITLES[area],
        rulesRun: inArea.length,
        rulesApplicable: applicable.length,
        rulesPassing: passing,
        rulesFailing,
        compliance: applicable.length ? Math.round((passing / applicable.length) * 100) / 100 : null,
        strengths: strengths.filter((s) => s.area === area).map((s) => s.message),
      },
    ];
  });
}

export function improvementAreasOf(findings: Finding[], rules: Map<string, RuleMeta>): ImprovementArea[] {
  const out: ImprovementArea[] = [];
  for (const area of AREAS) {
    const list = findings.filter((f) => f.area === area);
    if (list.length === 0) continue;
    const items = [...groupBy(list, (f) => f.ruleId)].map(([ruleId, group]) => ({
      ruleId,
      title: group[0]!.title,
      severity: highestOf(group.map((f) => f.severity)),
      findings: group.length,
      recommendation: rules.get(ruleId)?.recommendation ?? group[0]!.recommendation,
    }));
    items.sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        b.findings - a.findings ||
        compareText(a.ruleId, b.ruleId),
    );
    out.push({
      area,
      title: AREA_TITLES[area],
      findings: list.length,
      highest: highestOf(list.map((f) => f.severity)),
      items,
    });
  }
  return out.sort(
    (a, b) =>
      severityRank(b.highest) - severityRank(a.highest) ||
      b.findings - a.findings ||
      AREAS.indexOf(a.area) - AREAS.indexOf(b.area),
  );
}

const BASE_PRIORITY: Record<Severity, Priority> = {
  critical: 'P1',
  high: 'P2',
  medium: 'P3',
  low: 'P4',
  info: 'P4',
};

export const TIMELINES: Record<Priority, string> = {
  P1: 'immediately, before the next release',
  P2: 'within the current sprint (two weeks)',
  P3: 'within the quarter',
  P4: 'backlog: when the affected code is next changed',
};

const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4'];

/**
 * The fix of a group of findings: when their fixes name their own elements, the first one is shown and
 * the description says which element it is written for, so no place reads another's names as its own.
 */
function fixForGroup(group: ReportFinding[]): ReportFinding['fix'] {
  const first = group[0]!;
  const same = group.every(
    (f) => f.fix.snippet === first.fix.snippet && f.fix.description === first.fix.description,
  );
  if (same) return first.fix;
  const element = first.element?.replace(/#.*$/, '') ?? first.locations[0]?.file ?? 'the first place';
  return {
    ...first.fix,
    description: `${first.fix.description} This is written for ${element}; do the same for each place listed, with its own names.`,
  };
}

/** A finding's places for a recommendation: a fold's members (folding.ts) each, or the finding itself. */
function expand(f: ReportFinding): Placed[] {
  const places = foldedPlaces(f);
  if (places.length === 1 && places[0]!.fingerprint === f.fingerprint) return [f];
  return places.map((p) => ({
    ...f,
    message: p.message,
    locations: p.locations,
    fingerprint: p.fingerprint,
    foldedInto: f.fingerprint,
    ...(p.element !== undefined ? { element: p.element } : {}),
  }));
}

/** A finding as a recommendation's place: a fold's member names the fold it is reported in. */
type Placed = ReportFinding & { foldedInto?: string };

/**
 * The places of a recommendation: one per finding, except that the container-hardening family's findings
 * about one workload are one place saying every way its securityContext falls short.
 */
function placesOf(group: ReportFinding[], family: boolean): AffectedPlace[] {
  const expanded = group.flatMap(expand);
  const members = family ? [...groupBy(expanded, placeOf).values()] : expanded.map((f) => [f]);
  return members.map(placeOfGroup);
}

function placeOfGroup(members: Placed[]): AffectedPlace {
  const first = members[0]!;
  const locations = new Map<string, AffectedPlace['locations'][number]>();
  for (const f of members)
    for (const l of f.locations) locations.set(`${l.file}:${l.line}:${l.column ?? 0}`, l);
  return {
    message: members.length === 1 ? first.message : [...new Set(members.map((f) => f.message))].join('; '),
    ...(first.element !== undefined
      ? { element: members.length === 1 ? first.element : first.element.replace(/#.*$/, '') }
      : {}),
    locations: [...locations.values()].sort(compareSources),
    fingerprint: first.fingerprint,
    ...(first.foldedInto ? { finding: first.foldedInto } : {}),
    ...(members.every((f) => f.baselined) ? { baselined: true } : {}),
  };
}

/**
 * One recommendation per root cause: findings of the same rule with the same advice are one change applied
 * in several places (the four container-hardening rules are one change per workload: a hardened
 * securityContext), and two causes that would read the same advice are one recommendation, so no report
 * repeats a recommendation's text. Priority follows the highest severity (critical P1, high P2, medium P3,
 * low/info P4) and is raised one step when the cause is systemic (at least 3 services and half of the
 * application services).
 */
export function recommendationsOf(
  findings: ReportFinding[],
  rules: Map<string, RuleMeta>,
  servicesTotal: number | ReadonlySet<string>,
): Recommendation[] {
  const apps = typeof servicesTotal === 'number' ? undefined : servicesTotal;
  const appCount = typeof servicesTotal === 'number' ? servicesTotal : servicesTotal.size;
  const familyOf = (f: ReportFinding) => {
    const family = PROBLEM_FAMILIES[f.ruleId];
    return family?.action ? family : undefined;
  };
  const actionOf = (f: ReportFinding): string => familyOf(f)?.action ?? f.recommendation;
  // the advice is the recommendation's text: grouping by it keeps one text once
  const groups = groupBy(findings, actionOf);
  const drafts = [...groups.values()].map((group) => {
    const first = group[0]!;
    const family = familyOf(first);
    const ruleIds = [...new Set(group.map((f) => f.ruleId))].sort();
    const ruleId = family?.id ?? first.ruleId;
    const meta = rules.get(first.ruleId);
    const severity = highestOf(group.map((f) => f.severity));
    const services = new Set(group.flatMap((f) => f.services ?? []).filter((s) => !apps || apps.has(s)));
    const systemic = appCount > 0 && services.size >= 3 && services.size / appCount >= 0.5;
    const base = BASE_PRIORITY[severity];
    const priority = systemic && base !== 'P1' ? PRIORITIES[PRIORITIES.indexOf(base) - 1]! : base;
    const affected = placesOf(group, family !== undefined);
    const rationale = family
      ? ruleIds
          .map((id) => rules.get(id)?.rationale)
          .filter(Boolean)
          .join(' ')
      : (meta?.rationale ?? '');
    const references = [...new Set(ruleIds.flatMap((id) => rules.get(id)?.references ?? []))];
    return {
      id: '',
      category: first.area,
      ruleId,
      ...(ruleIds.length > 1 || ruleIds[0] !== ruleId ? { rules: ruleIds } : {}),
      title: family?.title ?? first.title,
      severity,
      priority,
      timeline: severity === 'info' ? 'when convenient: informational' : TIMELINES[priority],
      action: actionOf(first),
      rationale,
      priorityReason:
        `highest severity ${severity} → ${base}` +
        (priority !== base
          ? `; raised to ${priority}: systemic, ${services.size} of ${appCount} ${apps ? 'application ' : ''}services`
          : ''),
      fix: fixForGroup(group),
      references,
      places: affected.length,
      newPlaces: affected.filter((p) => !p.baselined).length,
      affected,
    } satisfies Recommendation;
  });
  drafts.sort(
    (a, b) =>
      PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
      severityRank(b.severity) - severityRank(a.severity) ||
      b.places - a.places ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.action, b.action),
  );
  return drafts.map((r, i) => ({ ...r, id: `R${i + 1}` }));
}

export function nextStepsOf(
  recommendations: Recommendation[],
  context: { readErrors: number; invalidSuppressions: number; baselined: number },
): NextSteps {
  const step = (r: Recommendation): NextStep => ({
    text: `${r.id} ${r.title}: ${firstSentence(r.action)} (${plural(r.places, 'place')}; ${r.timeline})`,
    recommendations: [r.id],
  });
  // recommendations whose steps would read the same (same title, same first sentence) are one step
  const steps = (list: Recommendation[]): NextStep[] => {
    const byText = groupBy(list, (r) => `${r.title}\u0000${firstSentence(r.action)}`);
    return [...byText.values()].map((same) => {
      if (same.length === 1) return step(same[0]!);
      const r = same[0]!;
      const places = same.reduce((a, x) => a + x.places, 0);
      return {
        text: `${same.map((x) => x.id).join(', ')} ${r.title}: ${firstSentence(r.action)} (${plural(places, 'place')}; ${r.timeline})`,
        recommendations: same.map((x) => x.id),
      };
    });
  };
  const immediate: NextStep[] = [];
  if (context.readErrors > 0) {
    immediate.push({
      text: `Fix the ${plural(context.readErrors, 'artifact')} Plumbline could not read (see Diagnostics), so the review sees the whole system.`,
      recommendations: [],
    });
  }
  if (context.invalidSuppressions > 0) {
    immediate.push({
      text: `Give the ${plural(context.invalidSuppressions, 'invalid suppression')} a reason or remove ${context.invalidSuppressions === 1 ? 'it' : 'them'}; until then ${context.invalidSuppressions === 1 ? 'it is' : 'they are'} not applied.`,
      recommendations: [],
    });
  }
  immediate.push(...steps(recommendations.filter((r) => r.priority === 'P1' || r.priority === 'P2')));
  const mediumTerm = steps(recommendations.filter((r) => r.priority === 'P3'));
  const longTerm = steps(recommendations.filter((r) => r.priority === 'P4'));
  if (context.baselined > 0) {
    longTerm.push({
      text: `Burn down the ${plural(context.baselined, 'baselined finding')} and re-write the baseline as they are fixed.`,
      recommendations: recommendations.filter((r) => r.newPlaces < r.places).map((r) => r.id),
    });
  }
  if (recommendations.length === 0) {
    longTerm.push({
      text: 'Keep the review in CI (--fail-on high) so the system stays clean as it grows.',
      recommendations: [],
    });
  }
  return { immediate, mediumTerm, longTerm };
}

export function graphOf(
  model: SystemModel,
  findings: ReportFinding[],
): { nodes: GraphNode[]; edges: GraphEdge[]; externalCalls?: { from: string; to: string }[] } {
  const perService = new Map<string, Severity[]>();
  for (const f of findings)
    for (const s of f.services ?? []) perService.set(s, [...(perService.get(s) ?? []), f.severity]);
  const nodes = new Map<string, GraphNode>();
  const withFindings = (id: string, node: Omit<GraphNode, 'findings' | 'highest'>): GraphNode => {
    const sev = perService.get(id) ?? [];
    return { ...node, findings: sev.length, ...(sev.length ? { highest: highestOf(sev) } : {}) };
  };
  for (const s of model.services)
    nodes.set(
      s.id,
      withFindings(s.id, {
        id: s.id,
        name: s.name,
        role: s.role,
        ...(s.repositories ? { repositories: s.repositories } : {}),
      }),
    );
  const datastores = new Set(model.datastores.map((d) => d.id));
  const edges = new Map<string, GraphEdge>();
  for (const d of model.dependencies) {
    for (const end of [d.from, d.to]) {
      if (!nodes.has(end))
        nodes.set(
          end,
          withFindings(end, { id: end, name: end, role: datastores.has(end) ? 'datastore' : 'external' }),
        );
    }
    const key = `${d.from}\u0000${d.to}\u0000${d.protocol}\u0000${d.kind}`;
    if (!edges.has(key)) edges.set(key, { from: d.from, to: d.to, protocol: d.protocol, kind: d.kind });
  }
  const externalCalls = model.externals
    .flatMap((x) => x.usedBy.map((from) => ({ from, to: x.id })))
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
  return {
    nodes: [...nodes.values()].sort((a, b) => compareText(a.id, b.id)),
    edges: [...edges.values()].sort(
      (a, b) =>
        compareText(a.from, b.from) ||
        compareText(a.to, b.to) ||
        compareText(a.protocol, b.protocol) ||
        compareText(a.kind, b.kind),
    ),
    ...(externalCalls.length ? { externalCalls } : {}),
  };
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) out[f.severity]++;
  return out;
}

export function countByArea(findings: Finding[]): Record<Area, number> {
  const out = Object.fromEntries(AREAS.map((a) => [a, 0])) as Record<Area, number>;
  for (const f of findings) out[f.area]++;
  return out;
}

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text.trim());
  return (m ? m[1]! : text.trim()).replace(/[.!?]$/, '');
}
