/** The review as the Markdown report an architect would write. */
import { formatSource } from '../model/provenance.js';
import { fmt } from '../review/format.js';
import type { Report } from '../review/report.js';
import { SEVERITIES } from '../rules/types.js';
import { safeStrings } from './sanitize.js';
import { mdCell, mdCode, mdFence, mdText, plural, STATUS_LABEL, where } from './text.js';

export function renderMarkdown(unsafe: Report): string {
  // repository strings: controls and bidi characters escaped once here; Markdown syntax by mdText/mdCode
  const report = safeStrings(unsafe);
  const out: string[] = [];
  const push = (...lines: string[]): void => {
    out.push(...lines);
  };
  const s = report.summary;
  push(`# Architecture review: ${mdText(report.system.name)}`, '');
  const artifacts = Object.values(report.system.artifacts).reduce((a, b) => a + b, 0);
  push(
    `${plural(report.system.services, 'service')} · ${plural(artifacts, 'artifact')} read · ` +
      `${plural(report.rulesRun.length, 'rule')} run · ${plural(s.findings, 'finding')} (` +
      SEVERITIES.map((sev) => `${s.bySeverity[sev]} ${sev}`).join(', ') +
      `) · ${s.suppressed} suppressed`,
    '',
  );
  if (report.baseline) {
    push(
      `Baseline ${mdCode(report.baseline.file)} (${plural(report.baseline.entries, 'entry', 'entries')}): ` +
        `**${s.new} new**, ${s.baselined} baselined.`,
      '',
    );
  }
  if (report.scope) {
    push(
      `Scope: only findings in the ${plural(report.scope.files.length, 'file')} changed since ${mdCode(report.scope.changedSince)}.`,
      '',
    );
  }

  push('## Review Summary', '');
  const a = report.assessment;
  push(
    '### Overall Assessment',
    '',
    `**${a.rating}** — score **${fmt(a.score)} / 100**`,
    '',
    mdText(a.summary),
    '',
  );
  if (a.deductions.length) {
    push('<details><summary>How the score was computed</summary>', '');
    push('| Area | Problems | Findings | Arithmetic | Points |', '|---|---:|---:|---|---:|');
    for (const d of a.byArea)
      push(`| ${d.title} | ${d.problems} | ${d.findings} | ${mdCell(d.formula)} | ${fmt(d.points)} |`);
    push(`| **Total D** | | | | **${fmt(a.deducted)}** |`, '');
    push(`Score = ${a.formula}.`);
    if (a.caps.length)
      push(`${a.rating === 'Not assessed' ? 'Not assessed' : 'Caps'}: ${mdText(a.caps.join('; '))}.`);
    const top = a.deductions.slice(0, 5);
    push(
      '',
      `Largest problems: ${top.map((d) => `\`${d.ruleId}\` ${mdText(d.formula)}`).join('; ')}${a.deductions.length > top.length ? `; ${a.deductions.length - top.length} more in the JSON report (\`assessment.deductions\`)` : ''}.`,
    );
    push('', mdText(a.method), '', '</details>', '');
  } else if (a.caps.length) push(`Not assessed: ${mdText(a.caps.join('; '))}.`, '');

  const impact = report.impact;
  push('### Architectural Impact', '', mdText(impact.summary), '');
  for (const area of impact.areas) push(`- ${mdText(area.statement)}`);
  if (impact.areas.length) push('');
  if (impact.hotspots.length) {
    push('| Service | Findings | Highest | Areas |', '|---|---:|---|---|');
    for (const h of impact.hotspots)
      push(`| ${mdCell(h.service)} | ${h.findings} | ${h.highest} | ${h.areas.join(', ')} |`);
    push('');
  }
  if (impact.systemic.length) {
    push('Systemic issues (half or more of the services):', '');
    for (const x of impact.systemic)
      push(`- \`${x.ruleId}\` ${mdText(x.title)}: ${x.services} of ${impact.servicesTotal} services`);
    push('');
  }
  if (impact.criticalPaths.length) {
    push('Critical paths with a high or critical finding:', '');
    for (const p of impact.criticalPaths) push(`- ${mdText(p.name)}: ${p.services.map(mdText).join(', ')}`);
    push('');
  }

  push('### Compliance with Patterns', '', mdText(report.patterns.summary), '');
  if (report.patterns.patterns.length) {
    push('| Pattern | Status | How fully | Evidence |', '|---|---|---|---|');
    for (const p of report.patterns.patterns) {
      const how = p.status === 'absent' ? `expected: ${p.expected ?? ''}` : p.notes;
      const evidence = p.locations.length
        ? `${p.locations.map((l) => mdCode(formatSource(l))).join(', ')}${p.evidence > p.locations.length ? ` (+${p.evidence - p.locations.length})` : ''}`
        : '—';
      push(
        `| ${mdCell(p.name)} | ${STATUS_LABEL[p.status]} | ${mdCell(how)} | ${evidence.replace(/\|/g, '\\|')} |`,
      );
    }
    push(
      '',
      'Patterns are recognised from the files (`plumbline scan` lists each with its evidence under `patterns`); an absent pattern is listed when what the system declares or shows needs it.',
      '',
    );
  }

  push('## Strengths', '');
  if (report.strengths.length === 0) push('No rule reported a pattern applied everywhere it should be.', '');
  else {
    for (const x of report.strengths) push(`- ${mdText(x.message)} (\`${x.ruleId}\`)`);
    push('');
  }

  push('## Areas for Improvement', '');
  if (report.areasForImprovement.length === 0) push('None: no findings.', '');
  for (const area of report.areasForImprovement) {
    push(`### ${area.title} (${plural(area.findings, 'finding')}, highest ${area.highest})`, '');
    for (const item of area.items) {
      push(
        `- **[${item.severity}] ${mdText(item.title)}** (\`${item.ruleId}\`, ${plural(item.findings, 'finding')}): ${mdText(item.recommendation)}`,
      );
    }
    push('');
  }

  push('## Specific Recommendations', '');
  if (report.recommendations.length === 0) push('None.', '');
  for (const r of report.recommendations) {
    push(`### ${r.id} · ${r.priority} · ${mdText(r.title)}`, '');
    push(
      `- **Category:** ${r.category} (${(r.rules ?? [r.ruleId]).map((id) => `\`${id}\``).join(', ')}, severity ${r.severity})`,
    );
    push(`- **Action:** ${mdText(r.action)}`);
    if (r.rationale) push(`- **Rationale:** ${mdText(r.rationale)}`);
    push(`- **Priority:** ${r.priority} (${mdText(r.priorityReason)}) · **Timeline:** ${r.timeline}`);
    const newNote = r.newPlaces < r.places ? `, ${r.newPlaces} new` : '';
    push(`- **Affected (${plural(r.places, 'place')}${newNote}):**`);
    for (const p of r.affected) {
      push(`  - ${mdText(p.message)} — ${where(p.locations)}${p.baselined ? ' _(baselined)_' : ''}`);
    }
    push(`- **Fix:** ${mdText(r.fix.description)}`, '');
    if (r.fix.snippet) push(mdFence(r.fix.snippet, r.fix.language ?? ''), '');
    if (r.references.length) push(`References: ${r.references.map(mdText).join('; ')}`, '');
  }

  push('## Next Steps', '');
  const steps = report.nextSteps;
  for (const [title, list] of [
    ['Immediate', steps.immediate],
    ['Medium-term', steps.mediumTerm],
    ['Long-term', steps.longTerm],
  ] as const) {
    push(`### ${title}`, '');
    if (list.length === 0) push('Nothing.', '');
    else {
      for (const step of list) push(`- ${mdText(step.text)}`);
      push('');
    }
  }

  push('## Findings', '');
  if (report.findings.length === 0) push('No findings.', '');
  for (const f of report.findings) {
    push(`### [${f.severity}] ${mdText(f.title)}${f.baselined ? ' _(baselined)_' : ''}`, '');
    push(mdText(f.message), '');
    push(`- Rule: \`${f.ruleId}\` (${f.area})`);
    push(`- Evidence: ${f.locations.map((l) => mdCode(formatSource(l))).join(', ') || '—'}`);
    if (f.services?.length) push(`- Services: ${f.services.map(mdText).join(', ')}`);
    push(`- Recommendation: ${mdText(f.recommendation)}`);
    push(`- Fingerprint: \`${f.fingerprint}\``, '');
    if (f.fix.snippet) push(mdFence(f.fix.snippet, f.fix.language ?? ''), '');
  }

  if (report.suppressed.length) {
    push('## Suppressed findings', '');
    push('| Rule | Finding | Reason | Suppressed at |', '|---|---|---|---|');
    for (const x of report.suppressed) {
      push(
        `| \`${x.finding.ruleId}\` | ${mdCell(x.finding.message)} | ${mdCell(x.reason)} | ${mdCode(formatSource(x.source)).replace(/\|/g, '\\|')} (${x.kind}) |`,
      );
    }
    push('');
  }

  if (report.diagnostics.length) {
    push('## Diagnostics', '');
    for (const d of report.diagnostics) {
      push(
        `- ${d.severity} ${mdCode(formatSource({ file: d.file, line: d.line ?? 1, column: d.column }))}: ${mdText(d.message)}`,
      );
    }
    push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
