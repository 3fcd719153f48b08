import type { Diagnostic, Repository, ServiceRole, Source } from '../model/schema.js';
import type { Area, Finding, Fix, Severity, Strength } from '../rules/types.js';

/** Bumped when a field changes meaning or disappears; new optional fields keep the version. */
export const REPORT_VERSION = '1';

export type Rating = 'Excellent' | 'Good' | 'Needs Improvement' | 'Poor' | 'Not assessed';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';

/** A finding as reported: the rule's finding plus what the review learned about it. */
export interface ReportFinding extends Finding {
  /** Listed in the baseline file: known before, not counted by --fail-on. */
  baselined?: boolean;
  /** Ids of the services the finding's evidence sits in. */
  services?: string[];
}

export interface SuppressedFinding {
  finding: Finding;
  reason: string;
  /** `config`: a `suppressions` entry in plumbline.yaml; `inline`: a `plumbline-ignore` comment. */
  kind: 'config' | 'inline';
  /** Where the suppression is written. */
  source: Source;
}

/** One distinct problem's share of the score: its worst severity's weight times its breadth. */
export interface ScoreDeduction {
  /** The rule, or the problem a family of rules shares (`security/container-hardening`). */
  ruleId: string;
  /** The rules whose findings make up the problem, when it is not exactly `ruleId`. */
  rules?: string[];
  area: Area;
  findings: number;
  /** Distinct places (elements; one workload for the container-hardening family). */
  places: number;
  /** The highest severity among the findings: it sets the weight. */
  severity: Severity;
  /** 1 (one place), 1.5 (2–9 places), 2 (10 or more, or systemic). */
  breadth: number;
  /** The distinct severities among the findings, most severe first. */
  severities: Severity[];
  points: number;
  /** The arithmetic, e.g. `high 10 × 1.5 (3 places) = 15`. */
  formula: string;
}

/** The score's derivation for one area: its problems' deductions added up. */
export interface AreaDeduction {
  area: Area;
  title: string;
  problems: number;
  findings: number;
  points: number;
  /** e.g. `high 10 × 2 + 2 × medium 4 × 1.5 = 32`. */
  formula: string;
}

export interface Assessment {
  rating: Rating;
  /** 100 × 100 / (100 + deducted), two decimals. Caps change the rating, not the score. */
  score: number;
  /** D: the sum of the per-rule deductions. */
  deducted: number;
  /** The arithmetic, e.g. `100 × 100 / (100 + 36.72) = 73.14`. */
  formula: string;
  /** The derivation summarized per area, largest first. */
  byArea: AreaDeduction[];
  deductions: ScoreDeduction[];
  /**
   * Rating caps that applied, e.g. "a critical finding caps the rating at Needs Improvement", or why the
   * system was not assessed.
   */
  caps: string[];
  /** One paragraph saying why. */
  summary: string;
  /** How the score is computed, for readers of the report (docs/scoring.md has the full text). */
  method: string;
}

export interface ImpactHotspot {
  service: string;
  findings: number;
  highest: Severity;
  areas: Area[];
}

export interface AreaImpact {
  area: Area;
  findings: number;
  highest: Severity;
  services: number;
  statement: string;
}

export interface SystemicIssue {
  ruleId: string;
  title: string;
  services: number;
  /** Share of the system's services affected, 0–1. */
  share: number;
}

export interface ArchitecturalImpact {
  summary: string;
  servicesTotal: number;
  servicesAffected: number;
  hotspots: ImpactHotspot[];
  areas: AreaImpact[];
  systemic: SystemicIssue[];
  /** Declared critical paths (plumbline.yaml) that run through a service with a high or critical finding. */
  criticalPaths: { name: string; services: string[] }[];
}

export interface AreaCompliance {
  area: Area;
  title: string;
  /** Rules of the area that ran. */
  rulesRun: number;
  /** Rules that found something to check (they reported a finding or a strength). */
  rulesApplicable: number;
  /** Applicable rules without an unsuppressed finding. */
  rulesPassing: number;
  rulesFailing: string[];
  /** rulesPassing / rulesApplicable, 0–1; null when no rule applied. */
  compliance: number | null;
  strengths: string[];
}

/** One architecture pattern in the Compliance with Patterns section. */
export interface PatternEntry {
  /** The pattern fact's id (`api-gateway`, `event-bus`, ...). */
  id: string;
  name: string;
  /** `absent`: the system needs it (see `expected`) but the files do not show it. */
  status: 'applied' | 'partial' | 'contradicted' | 'absent';
  /** How fully it is applied, one sentence. */
  notes: string;
  services: string[];
  /** Pieces of evidence in the model's `patterns[]` fact. */
  evidence: number;
  /** The first places that show it. */
  locations: Source[];
  /** Where it falls short or is contradicted. */
  gaps: string[];
  /** Why the system needs an absent pattern. */
  expected?: string;
}

export interface PatternCompliance {
  summary: string;
  /** Applied, then partly applied, contradicted, and expected-but-absent patterns. */
  patterns: PatternEntry[];
}

export interface ImprovementItem {
  ruleId: string;
  title: string;
  severity: Severity;
  findings: number;
  recommendation: string;
}

export interface ImprovementArea {
  area: Area;
  title: string;
  findings: number;
  highest: Severity;
  items: ImprovementItem[];
}

export interface AffectedPlace {
  message: string;
  element?: string;
  locations: Source[];
  fingerprint: string;
  /** The reported finding the place is part of, when a fold stands for it (its own fingerprint is not reported). */
  finding?: string;
  baselined?: boolean;
}

/** One root cause (rule + fix) and every place it shows. */
export interface Recommendation {
  id: string;
  category: Area;
  /** The rule, or the problem a family of rules shares (`security/container-hardening`). */
  ruleId: string;
  /** The rules whose findings the recommendation covers, when it is not exactly `ruleId`. */
  rules?: string[];
  title: string;
  severity: Severity;
  priority: Priority;
  timeline: string;
  action: string;
  rationale: string;
  /** Why this priority: the severity, and whether breadth raised it. */
  priorityReason: string;
  fix: Fix;
  references: string[];
  places: number;
  newPlaces: number;
  affected: AffectedPlace[];
}

export interface NextStep {
  text: string;
  /** Recommendation ids the step covers. */
  recommendations: string[];
}

export interface NextSteps {
  immediate: NextStep[];
  mediumTerm: NextStep[];
  longTerm: NextStep[];
}

export interface RuleMeta {
  id: string;
  area: Area;
  severity: Severity;
  title: string;
  rationale: string;
  references: string[];
  recommendation: string;
  fix: Fix;
  /** The rule's message templates by id (`{{placeholder}}` syntax). */
  messages?: Record<string, string>;
}

export interface GraphNode {
  id: string;
  name: string;
  /** A service role, or `external` for an endpoint no service declares. */
  role: ServiceRole | 'external';
  findings: number;
  highest?: Severity;
  /** In a review of several repositories: the repositories that describe the service. */
  repositories?: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  protocol: string;
  kind: string;
}

export interface Report {
  reportVersion: string;
  tool: { name: 'plumbline'; version: string };
  system: {
    name: string;
    root: string;
    services: number;
    artifacts: Record<string, number>;
    /** Set when the system was read from several repositories: locations then read `<name>:<path>`. */
    repositories?: Repository[];
  };
  summary: {
    findings: number;
    bySeverity: Record<Severity, number>;
    byArea: Record<Area, number>;
    /** Findings not in the baseline (all findings when no baseline is used). */
    new: number;
    baselined: number;
    suppressed: number;
  };
  findings: ReportFinding[];
  strengths: Strength[];
  diagnostics: Diagnostic[];
  rulesRun: string[];
  assessment: Assessment;
  impact: ArchitecturalImpact;
  /** Rule coverage per area: rules that ran, applied and passed (not rendered; see `patterns`). */
  compliance: AreaCompliance[];
  /** Compliance with Patterns: the architecture patterns found, how fully, and the expected ones absent. */
  patterns: PatternCompliance;
  areasForImprovement: ImprovementArea[];
  recommendations: Recommendation[];
  nextSteps: NextSteps;
  suppressed: SuppressedFinding[];
  baseline?: { file: string; entries: number; new: number; baselined: number };
  /** Set by --changed-since: only findings with a location in these files are reported. */
  scope?: { changedSince: string; files: string[] };
  /** Metadata of the rules that ran (renderers use it for help text and SARIF rule descriptors). */
  rules: RuleMeta[];
  /** The service dependency graph, for diagrams. */
  graph: {
    nodes: GraphNode[];
    edges: GraphEdge[];
    /** Services calling external systems (by host name): the organisation view links them across systems. */
    externalCalls?: { from: string; to: string }[];
  };
}
