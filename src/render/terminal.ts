import pc from 'picocolors';
import { formatSource } from '../model/provenance.js';
import type { Report } from '../review/report.js';
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
  const out: string[] = [];
  out.push(
    c.bold(`Plumbline review: ${report.system.name}`) + c.dim(` (${report.system.services} services)`),
  );
  for (const f of report.findings) {
    const where = f.locations[0] ? formatSource(f.locations[0]) : '';
    out.push(
      '',
      `${sev[f.severity](f.severity.toUpperCase().padEnd(8))} ${c.bold(f.ruleId)} ${c.dim(where)}`,
    );
    out.push(`  ${f.message}`);
    out.push(`  ${c.green('fix:')} ${f.recommendation}`);
  }
  if (report.strengths.length) {
    out.push('', c.bold('Strengths'));
    for (const s of report.strengths) out.push(`  ${c.green('✓')} ${s.message}`);
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
  out.push('', `${report.summary.findings} findings${counts.length ? ` (${counts.join(', ')})` : ''}`);
  return `${out.join('\n')}\n`;
}
