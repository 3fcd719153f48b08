import pc from 'picocolors';
import { formatSource } from '../model/provenance.js';
import type { Rating, Report } from '../review/report.js';
import { fmt } from '../review/scoring.js';
import { SEVERITIES, type Severity } from '../rules/types.js';

type Paint = (s: string) => string;

export function renderTerminal(report: Report, color: boolean): string {
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
  for (const f of report.findings) {
    const at = f.locations[0] ? formatSource(f.locations[0]) : '';
    out.push(
      '',
      `${sev[f.severity](f.severity.toUpperCase().padEnd(8))} ${c.bold(f.ruleId)} ${c.dim(at)}${f.baselined ? c.dim(' (baselined)') : ''}`,
    );
    out.push(`  ${f.message}`);
    out.push(`  ${c.green('fix:')} ${f.recommendation}`);
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
