import { formatSource } from '../model/provenance.js';
import type { Report } from '../review/report.js';
import { SEVERITIES } from '../rules/types.js';

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# Architecture review: ${report.system.name}`, '');
  out.push(
    `${report.system.services} services · ${report.summary.findings} findings (` +
      SEVERITIES.map((s) => `${report.summary.bySeverity[s]} ${s}`).join(', ') +
      ')',
    '',
  );
  if (report.strengths.length) {
    out.push('## Strengths', '');
    for (const s of report.strengths) out.push(`- ${s.message} (\`${s.ruleId}\`)`);
    out.push('');
  }
  out.push('## Findings', '');
  if (report.findings.length === 0) out.push('No findings.', '');
  for (const f of report.findings) {
    out.push(`### [${f.severity}] ${f.title}: ${f.message}`, '');
    out.push(`- Rule: \`${f.ruleId}\``);
    out.push(`- Evidence: ${f.locations.map((l) => `\`${formatSource(l)}\``).join(', ')}`);
    out.push(`- Recommendation: ${f.recommendation}`, '');
    if (f.fix.snippet) out.push('```' + (f.fix.language ?? ''), f.fix.snippet.trimEnd(), '```', '');
  }
  if (report.diagnostics.length) {
    out.push('## Diagnostics', '');
    for (const d of report.diagnostics) {
      out.push(
        `- ${d.severity} \`${formatSource({ file: d.file, line: d.line ?? 1, column: d.column })}\`: ${d.message}`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
