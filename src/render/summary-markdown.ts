/**
 * Markdown sized for where teams read it: `md-summary` is a pull-request comment (GitHub holds 65,536
 * characters) with one row per rule and a link to the full report; `capMarkdown` cuts any Markdown report to a
 * size (a job summary holds 1 MiB) at a line boundary, closes what the cut left open and says what was left out.
 */
import { formatSource } from '../model/provenance.js';
import { fmt } from '../review/format.js';
import type { Report, ReportFinding } from '../review/report.js';
import { SEVERITIES, type Severity, severityRank } from '../rules/types.js';
import { mdCell, mdText, plural } from './text.js';

/** The default size of `md-summary`: under a PR comment's 65,536 characters with room for a bot's header. */
export const SUMMARY_MAX_CHARS = 60_000;

export interface SizedMarkdownOptions {
  maxChars?: number;
  /** Where the full report is (a CI run's artifacts page); linked from the summary and from a cut. */
  reportUrl?: string;
}

interface RuleGroup {
  ruleId: string;
  title: string;
  severity: Severity;
  findings: ReportFinding[];
  fresh: number;
}

function groupByRule(findings: ReportFinding[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const f of findings) {
    let g = groups.get(f.ruleId);
    if (!g) {
      g = { ruleId: f.ruleId, title: f.title, severity: f.severity, findings: [], fresh: 0 };
      groups.set(f.ruleId, g);
    }
    g.findings.push(f);
    if (!f.baselined) g.fresh++;
    if (severityRank(f.severity) > severityRank(g.severity)) g.severity = f.severity;
  }
  return [...groups.values()].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      b.fresh - a.fresh ||
      b.findings.length - a.findings.length ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

function fullReportLine(reportUrl: string | undefined): string {
  return reportUrl
    ? `[Full report](${reportUrl.replace(/[()\s]/g, encodeURIComponent)}) (every finding with its evidence, rationale and fix).`
    : 'The full report (every finding with its evidence, rationale and fix) is in this run’s artifacts.';
}

/** A pull-request comment: the verdict, one row per rule with its count and first place, then the link. */
export function renderSummaryMarkdown(report: Report, options: SizedMarkdownOptions = {}): string {
  const max = options.maxChars ?? SUMMARY_MAX_CHARS;
  const s = report.summary;
  const a = report.assessment;
  const head: string[] = [];
  head.push(
    `### Plumbline: ${mdText(report.system.name)} — ${a.rating} (${fmt(a.score)}/100)`,
    '',
    `${plural(report.system.services, 'service')} · ${plural(s.findings, 'finding')}` +
      (s.findings
        ? ` (${SEVERITIES.filter((x) => s.bySeverity[x])
            .map((x) => `${s.bySeverity[x]} ${x}`)
            .join(', ')})`
        : '') +
      (report.baseline ? ` · **${s.new} new**, ${s.baselined} baselined` : '') +
      (s.suppressed ? ` · ${s.suppressed} suppressed` : ''),
    '',
  );
  if (report.scope)
    head.push(
      `Scope: findings in the ${plural(report.scope.files.length, 'file')} changed since \`${report.scope.changedSince}\`.`,
      '',
    );
  const foot = ['', fullReportLine(options.reportUrl), ''];
  const groups = groupByRule(report.findings);
  if (groups.length === 0) return `${[...head, 'No findings.', ...foot].join('\n').trimEnd()}\n`;

  const rows: string[] = [];
  const tableHead = report.baseline
    ? ['| Severity | Rule | Finding | New | All | First place |', '|---|---|---|---:|---:|---|']
    : ['| Severity | Rule | Finding | Places | First place |', '|---|---|---|---:|---|'];
  let size = [...head, ...tableHead, ...foot].join('\n').length + 200; // 200: the "more" line
  let shownRules = 0;
  let shownFindings = 0;
  for (const g of groups) {
    const first = g.findings.find((f) => !f.baselined) ?? g.findings[0]!;
    const at = first.locations[0] ? `\`${formatSource(first.locations[0])}\`` : '—';
    const row = report.baseline
      ? `| ${g.severity} | \`${g.ruleId}\` | ${mdCell(g.title)} | ${g.fresh} | ${g.findings.length} | ${at} |`
      : `| ${g.severity} | \`${g.ruleId}\` | ${mdCell(g.title)} | ${g.findings.length} | ${at} |`;
    if (size + row.length + 1 > max) break;
    rows.push(row);
    size += row.length + 1;
    shownRules++;
    shownFindings += g.findings.length;
  }
  const out = [...head, ...tableHead, ...rows];
  if (shownRules < groups.length) {
    const rest = groups.length - shownRules;
    out.push(
      '',
      `… ${plural(s.findings - shownFindings, 'more finding')} from ${plural(rest, 'more rule')} not shown here.`,
    );
  }
  out.push(...foot);
  return `${out.join('\n').trimEnd()}\n`;
}

const FINDING_HEADING = /^### \[(critical|high|medium|low|info)\]/;

/**
 * Cuts Markdown to at most `maxChars` characters at a line boundary, closes a code fence or `<details>` the cut
 * left open, and ends with how many findings (`### [severity]` headings) were left out and where the rest is.
 */
export function capMarkdown(text: string, options: SizedMarkdownOptions): string {
  const max = options.maxChars;
  if (max === undefined || text.length <= max) return text;
  const lines = text.split('\n');
  const note = (n: number): string[] => [
    '',
    '---',
    '',
    `**Report cut at ${max.toLocaleString('en-US')} characters:** ${plural(n, 'more finding')} not shown. ${fullReportLine(options.reportUrl)}`,
  ];
  const kept: string[] = [];
  let size = 0;
  let fence: string | undefined;
  let details = 0;
  const reserve = 400;
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (size + line.length + 1 + reserve + (fence ? fence.length + 1 : 0) + details * 11 > max) break;
    kept.push(line);
    size += line.length + 1;
    const fenceMark = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark) {
      if (fence === undefined) fence = fenceMark;
      else if (fenceMark.startsWith(fence) && line.trim() === fenceMark) fence = undefined;
    } else if (fence === undefined) {
      if (/^<details>/.test(line)) details++;
      if (/^<\/details>/.test(line)) details = Math.max(0, details - 1);
    }
  }
  if (fence) kept.push(fence);
  for (; details > 0; details--) kept.push('', '</details>');
  const omitted = lines.slice(i).filter((l) => FINDING_HEADING.test(l)).length;
  return `${[...kept, ...note(omitted)].join('\n').trimEnd()}\n`;
}
