import pc from 'picocolors';
import { formatSource } from '../model/provenance.js';
import { fmt } from '../review/format.js';
import type { Rating, Report, ReportFinding } from '../review/report.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import { safeStrings } from './sanitize.js';

type Paint = (s: string) => string;

/** Places listed under one fix before the rest are counted: a fix that applies to 50 services is printed once. */
const PLACES_PER_FIX = 12;

interface FindingGroup {
  ruleId: string;
  title: string;
  severity: Severity;
  places: ReportFinding[];
  /** The rule's findings by their fix text, in first-seen order. */
  fixes: { recommendation: string; findings: ReportFinding[] }[];
}

/**
 * Findings by rule, most severe rule first (the report's order within a rule), and within a rule by fix text,
 * so a fix shared by many places is printed once below them.
 */
export function groupFindings(findings: ReportFinding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    let g = groups.get(f.ruleId);
    if (!g) {
      g = { ruleId: f.ruleId, title: f.title, severity: f.severity, places: [], fixes: [] };
      groups.set(f.ruleId, g);
    }
    g.places.push(f);
    if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(g.severity)) g.severity = f.severity;
    let fix = g.fixes.find((x) => x.recommendation === f.recommendation);
    if (!fix) {
      fix = { recommendation: f.recommendation, findings: [] };
      g.fixes.push(fix);
    }
    fix.findings.push(f);
  }
  const order = [...groups.values()];
  return order.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

export function renderTerminal(unsafe: Report, color: boolean): string {
  // repository strings: controls, newlines and bidi characters shown escaped (sanitize.ts)
  const report = safeStrings(unsafe);
  const c = pc.createColors(color);
  const sev: Record<Severity, Paint> = {
    critical: c.magenta,
    high: c.red,
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  const rating: Record<Rating, Paint> = {
    Excellent: c.green,
    Good: c.green,
    'Needs Improvement': c.yellow,
    Poor: c.red,
    'Not assessed': c.dim,
  };
  const out: string[] = [];
  out.push(
    c.bold(`Plumbline review: ${report.system.name}`) + c.dim(` (${report.system.services} services)`),
    `Overall: ${c.bold(rating[report.assessment.rating](report.assessment.rating))} ${c.dim(`(score ${fmt(report.assessment.score)}/100)`)}`,
  );
  if (report.scope) {
    out.push(c.dim(`Scope: ${report.scope.files.length} files changed since ${report.scope.changedSince}`));
  }
  if (report.baseline) {
    out.push(c.dim(`Baseline: ${report.baseline.file} (${report.baseline.entries} entries)`));
  }
  for (const group of groupFindings(report.findings)) {
    const n = group.places.length;
    out.push(
      '',
      `${sev[group.severity](group.severity.toUpperCase().padEnd(8))} ${c.bold(group.ruleId)} ${group.title}${n > 1 ? c.dim(` (${n} places)`) : ''}`,
    );
    for (const byFix of group.fixes) {
      const shown = byFix.findings.slice(0, PLACES_PER_FIX);
      for (const f of shown) {
        const at = f.locations[0] ? formatSource(f.locations[0]) : '';
        out.push(`  ${c.dim(at)}${at ? '  ' : ''}${f.message}${f.baselined ? c.dim(' (baselined)') : ''}`);
      }
      if (byFix.findings.length > shown.length)
        out.push(c.dim(`  … ${byFix.findings.length - shown.length} more (--format md lists every place)`));
      out.push(`  ${c.green('fix:')} ${byFix.recommendation}`);
    }
  }
  if (report.recommendations.length) {
    out.push('', c.bold('Recommendations'));
    for (const r of report.recommendations.slice(0, 10)) {
      out.push(
        `  ${r.id.padEnd(4)} ${r.priority} ${r.title} ${c.dim(`(${r.places} place${r.places === 1 ? '' : 's'}; ${r.timeline})`)}`,
      );
    }
    if (report.recommendations.length > 10)
      out.push(c.dim(`  … ${report.recommendations.length - 10} more (--format md for the full report)`));
  }
  if (report.strengths.length) {
    out.push('', c.bold('Strengths'));
    for (const s of report.strengths) out.push(`  ${c.green('✓')} ${s.message}`);
  }
  if (report.suppressed.length) {
    out.push('', c.bold('Suppressed'));
    for (const s of report.suppressed) {
      out.push(
        `  ${c.dim(s.finding.ruleId)} ${s.finding.message} ${c.dim(`— ${s.reason} (${formatSource(s.source)})`)}`,
      );
    }
  }
  if (report.diagnostics.length) {
    out.push('', c.bold('Diagnostics'));
    for (const d of report.diagnostics) {
      const paint = d.severity === 'error' ? c.red : c.yellow;
      out.push(
        `  ${paint(d.severity)} ${formatSource({ file: d.file, line: d.line ?? 1, column: d.column })} ${d.message}`,
      );
    }
  }
  const counts = SEVERITIES.filter((s) => report.summary.bySeverity[s] > 0).map((s) =>
    sev[s](`${report.summary.bySeverity[s]} ${s}`),
  );
  const extra: string[] = [];
  if (report.baseline) extra.push(`${report.summary.new} new`, `${report.summary.baselined} baselined`);
  if (report.summary.suppressed) extra.push(`${report.summary.suppressed} suppressed`);
  out.push(
    '',
    `${report.summary.findings} findings${counts.length ? ` (${counts.join(', ')})` : ''}${extra.length ? `; ${extra.join(', ')}` : ''}`,
  );
  return `${out.join('\n')}\n`;
}
