/** A ContractDiff as terminal text, Markdown (a PR comment) or JSON. SARIF lives in sarif.ts. */
import pc from 'picocolors';
import { formatSource } from '../model/provenance.js';
import { compareText } from '../model/values.js';
import { safeStrings } from '../render/sanitize.js';
import { mdCell, mdCode } from '../render/text.js';
import { VERSION } from '../version.js';
import type { DiffFormat } from './formats.js';
import { renderDiffSarif } from './sarif.js';
import type { ChangeSeverity, ContractChange, ContractDiff } from './types.js';

export { DIFF_FORMATS, type DiffFormat } from './formats.js';

/** What was compared, for headings: e.g. `origin/main` and `the working tree`. */
export interface DiffSides {
  base: string;
  head: string;
}

export function renderDiff(
  raw: ContractDiff,
  format: DiffFormat,
  rawSides: DiffSides,
  color = false,
): string {
  if (format === 'json')
    return `${JSON.stringify({ tool: { name: 'plumbline', version: VERSION }, ...rawSides, ...raw }, null, 2)}\n`;
  // repository strings (paths, operation and field names): controls and bidi characters escaped
  const diff = safeStrings(raw);
  const sides = safeStrings(rawSides);
  switch (format) {
    case 'md':
      return renderDiffMarkdown(diff, sides);
    case 'sarif':
      return renderDiffSarif(diff, sides);
    default:
      return renderDiffTerminal(diff, sides, color);
  }
}

export function summaryLine(diff: ContractDiff): string {
  const { breaking, warning, info } = diff.summary;
  if (breaking + warning + info === 0) return 'no contract changes';
  return `${breaking} breaking, ${warning} ${warning === 1 ? 'warning' : 'warnings'}, ${info} info`;
}

function apis(n: number): string {
  return `${n} ${n === 1 ? 'API' : 'APIs'}`;
}

function byApi(changes: ContractChange[]): Map<string, ContractChange[]> {
  const groups = new Map<string, ContractChange[]>();
  for (const c of [...changes].sort((a, b) => compareText(a.api.file, b.api.file))) {
    const key = `${c.api.title} (${c.api.file})`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  return groups;
}

function renderDiffTerminal(diff: ContractDiff, sides: DiffSides, color: boolean): string {
  const c = pc.createColors(color);
  const paint: Record<ChangeSeverity, (s: string) => string> = {
    breaking: c.red,
    warning: c.yellow,
    info: c.dim,
  };
  const out = [
    c.bold(`Plumbline contract diff: ${sides.base} → ${sides.head}`),
    `${summaryLine(diff)} ${c.dim(`(${apis(diff.summary.apis.paired)} compared, ${diff.summary.apis.base} before, ${diff.summary.apis.head} after)`)}`,
  ];
  if (diff.unreadable.length) out.push(c.red(`NOT COMPARED: ${unreadableLine(diff)}`));
  for (const [api, changes] of byApi(diff.changes)) {
    out.push('', c.bold(api));
    for (const ch of changes) {
      out.push(
        `  ${paint[ch.severity](ch.severity.toUpperCase().padEnd(8))} ${ch.message} ${c.dim(ch.kind)}`,
      );
      out.push(c.dim(`           ${where(ch)}`));
    }
  }
  for (const d of diff.diagnostics)
    out.push('', c.yellow(`${d.side}: ${formatSource({ file: d.file, line: d.line ?? 1 })}: ${d.message}`));
  return `${out.join('\n')}\n`;
}

/** Which contract files a side could not read (their changes are unknown). */
function unreadableLine(diff: ContractDiff): string {
  const n = diff.unreadable.length;
  const files = diff.unreadable.map((u) => `${u.side} ${u.file}`).join(', ');
  return `${n} contract file${n === 1 ? '' : 's'} could not be read, so ${n === 1 ? 'its' : 'their'} changes are unknown: ${files}`;
}

function where(ch: ContractChange): string {
  return [ch.base ? `base ${formatSource(ch.base)}` : '', ch.head ? `head ${formatSource(ch.head)}` : '']
    .filter(Boolean)
    .join('  ');
}

function renderDiffMarkdown(diff: ContractDiff, sides: DiffSides): string {
  const out = [
    `## Contract diff: ${mdCode(sides.base)} → ${mdCode(sides.head)}`,
    '',
    `**${summaryLine(diff)}** (${apis(diff.summary.apis.paired)} compared)`,
  ];
  if (diff.unreadable.length) out.push('', `**Not compared:** ${mdCell(unreadableLine(diff))}`);
  for (const [api, changes] of byApi(diff.changes)) {
    out.push(
      '',
      `### ${mdCell(api)}`,
      '',
      '| Severity | Change | Base | Head | Kind |',
      '|---|---|---|---|---|',
    );
    for (const ch of changes) {
      out.push(
        `| ${ch.severity} | ${mdCell(ch.message)} | ${ch.base ? cellCode(formatSource(ch.base)) : ''} | ${ch.head ? cellCode(formatSource(ch.head)) : ''} | \`${ch.kind}\` |`,
      );
    }
  }
  if (diff.diagnostics.length) {
    out.push('', '### Problems reading the contracts', '');
    for (const d of diff.diagnostics)
      out.push(
        `- ${d.side}: ${mdCode(formatSource({ file: d.file, line: d.line ?? 1 }))} ${mdCell(d.message)}`,
      );
  }
  return `${out.join('\n')}\n`;
}

/** A code span inside a table cell: GFM splits cells at pipes even inside code. */
function cellCode(text: string): string {
  return mdCode(text).replace(/\|/g, '\\|');
}
