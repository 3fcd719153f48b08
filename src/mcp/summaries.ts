/**
 * What the MCP tools return: a structured result (validated against the tool's output schema) and a short
 * Markdown text an agent can quote, each finding with its evidence as `file:line`.
 */
import * as z from 'zod';
import type { ContractDiff } from '../diff/types.js';
import type { DiscoveryResult } from '../discover/index.js';
import { formatSource } from '../model/provenance.js';
import type { Report, ReportFinding } from '../review/report.js';
import { AREAS, type Area, SEVERITIES, type Severity, severityRank } from '../rules/types.js';

export const FindingSummarySchema = z.object({
  ruleId: z.string(),
  severity: z.enum(SEVERITIES),
  area: z.enum(AREAS),
  title: z.string(),
  message: z.string(),
  evidence: z.array(z.string()).describe('file:line of each location'),
  recommendation: z.string(),
  fix: z.object({ description: z.string(), snippet: z.string().optional(), language: z.string().optional() }),
  services: z.array(z.string()).optional(),
});
export type FindingSummary = z.infer<typeof FindingSummarySchema>;

export const ReviewSummaryShape = {
  system: z.string(),
  assessment: z.object({ rating: z.string(), score: z.number(), summary: z.string() }),
  counts: z.object({
    findings: z.number(),
    shown: z.number(),
    bySeverity: z.record(z.string(), z.number()),
  }),
  findings: z.array(FindingSummarySchema),
  strengths: z.array(z.string()),
  nextSteps: z.array(z.string()),
  diagnostics: z.array(z.string()).describe('files that could not be read, as file:line message'),
  nextCursor: z
    .string()
    .optional()
    .describe('pass as `cursor` to get the next page of findings; absent on the last page'),
};

export interface ReviewFilter {
  areas?: Area[];
  minSeverity?: Severity;
  limit: number;
  offset: number;
}

function findingSummary(f: ReportFinding): FindingSummary {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    area: f.area,
    title: f.title,
    message: f.message,
    evidence: f.locations.map(formatSource),
    recommendation: f.recommendation,
    fix: { description: f.fix.description, snippet: f.fix.snippet, language: f.fix.language },
    ...(f.services?.length ? { services: f.services } : {}),
  };
}

/** Findings that pass the filter, most severe first (the report's own order breaks ties). */
export function filteredFindings(
  report: Report,
  filter: Omit<ReviewFilter, 'limit' | 'offset'>,
): ReportFinding[] {
  const floor = filter.minSeverity ? severityRank(filter.minSeverity) : 0;
  return report.findings
    .filter(
      (f) => severityRank(f.severity) >= floor && (!filter.areas?.length || filter.areas.includes(f.area)),
    )
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity) || a.i - b.i)
    .map(({ f }) => f);
}

export function reviewSummary(report: Report, filter: ReviewFilter) {
  const matching = filteredFindings(report, filter);
  const page = matching.slice(filter.offset, filter.offset + filter.limit);
  const end = filter.offset + page.length;
  const steps = [...report.nextSteps.immediate, ...report.nextSteps.mediumTerm, ...report.nextSteps.longTerm];
  return {
    system: report.system.name,
    assessment: {
      rating: report.assessment.rating,
      score: report.assessment.score,
      summary: report.assessment.summary,
    },
    counts: { findings: matching.length, shown: page.length, bySeverity: { ...report.summary.bySeverity } },
    findings: page.map(findingSummary),
    strengths: report.strengths.map((s) => s.message),
    nextSteps: [...new Set(steps.map((s) => s.text))],
    diagnostics: report.diagnostics.map((d) => `${d.file}:${d.line ?? 1} ${d.message}`),
    ...(end < matching.length ? { nextCursor: String(end) } : {}),
  };
}

export function reviewMarkdown(s: ReturnType<typeof reviewSummary>): string {
  const sev = SEVERITIES.filter((k) => (s.counts.bySeverity[k] ?? 0) > 0)
    .map((k) => `${s.counts.bySeverity[k]} ${k}`)
    .join(', ');
  const lines = [
    `## Architecture review: ${s.system} — ${s.assessment.rating} (${s.assessment.score}/100)`,
    '',
    s.assessment.summary,
    '',
    `Findings: ${sev || 'none'}${s.counts.shown < s.counts.findings ? ` (showing ${s.counts.shown} of ${s.counts.findings} matching)` : ''}.`,
  ];
  if (s.findings.length) {
    lines.push('', '### Findings');
    for (const f of s.findings) {
      lines.push(`- **${f.severity}** \`${f.ruleId}\` ${f.message} — ${f.evidence.slice(0, 3).join(', ')}`);
      lines.push(`  Fix: ${f.recommendation}`);
    }
  }
  if (s.strengths.length) lines.push('', '### Strengths', ...s.strengths.slice(0, 10).map((t) => `- ${t}`));
  if (s.nextCursor) lines.push('', `More findings: call again with cursor "${s.nextCursor}".`);
  return `${lines.join('\n')}\n`;
}

export const SCAN_SLICES = ['summary', 'services', 'dependencies', 'datastores', 'apis', 'all'] as const;
export type ScanSlice = (typeof SCAN_SLICES)[number];

export const ScanShape = {
  system: z.string(),
  counts: z.record(z.string(), z.number()),
  slice: z.enum(SCAN_SLICES),
  items: z.array(z.record(z.string(), z.unknown())).describe('the requested slice of the system model'),
  diagnostics: z.array(z.string()),
};

export function scanSummary(discovery: DiscoveryResult, slice: ScanSlice) {
  const m = discovery.model;
  const counts: Record<string, number> = {
    services: m.services.length,
    dependencies: m.dependencies.length,
    datastores: m.datastores.length,
    apis: m.apis.length,
    diagnostics: m.diagnostics.length,
  };
  const pick: Record<ScanSlice, unknown[]> = {
    summary: [],
    services: m.services,
    dependencies: m.dependencies,
    datastores: m.datastores,
    apis: m.apis,
    all: [m],
  };
  return {
    system: m.name,
    counts,
    slice,
    items: JSON.parse(JSON.stringify(pick[slice])) as Record<string, unknown>[],
    diagnostics: m.diagnostics.map((d) => `${d.file}:${d.line ?? 1} ${d.message}`),
  };
}

export function scanMarkdown(s: ReturnType<typeof scanSummary>, discovery: DiscoveryResult): string {
  const m = discovery.model;
  const lines = [
    `## System model: ${s.system}`,
    '',
    Object.entries(s.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', '),
    '',
    '### Services',
    ...m.services.map((svc) => `- ${svc.id} (${svc.role}) — ${formatSource(svc.source)}`),
  ];
  if (m.dependencies.length) {
    lines.push('', '### Dependencies');
    for (const d of m.dependencies)
      lines.push(`- ${d.from} → ${d.to} (${d.protocol}, ${d.kind}) — ${formatSource(d.source)}`);
  }
  return `${lines.join('\n')}\n`;
}

export const DiffShape = {
  summary: z.object({ breaking: z.number(), warning: z.number(), info: z.number() }),
  changes: z.array(
    z.object({
      kind: z.string(),
      severity: z.string(),
      element: z.string(),
      message: z.string(),
      base: z.string().optional(),
      head: z.string().optional(),
    }),
  ),
  diagnostics: z.array(z.string()),
};

export function diffSummary(diff: ContractDiff) {
  return {
    summary: { breaking: diff.summary.breaking, warning: diff.summary.warning, info: diff.summary.info },
    changes: diff.changes.map((c) => ({
      kind: c.kind,
      severity: c.severity,
      element: c.element,
      message: c.message,
      ...(c.base ? { base: formatSource(c.base) } : {}),
      ...(c.head ? { head: formatSource(c.head) } : {}),
    })),
    diagnostics: diff.diagnostics.map((d) => `${d.side}: ${d.file}:${d.line ?? 1} ${d.message}`),
  };
}

export function diffMarkdown(s: ReturnType<typeof diffSummary>): string {
  const lines = [
    `## Contract diff: ${s.summary.breaking} breaking, ${s.summary.warning} warning, ${s.summary.info} info`,
  ];
  for (const c of s.changes.slice(0, 50))
    lines.push(`- **${c.severity}** \`${c.kind}\` ${c.message} — ${c.head ?? c.base ?? ''}`);
  if (s.changes.length > 50) lines.push(`- … ${s.changes.length - 50} more in the structured result`);
  return `${lines.join('\n')}\n`;
}
