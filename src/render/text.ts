/** Small text helpers shared by the renderers. */
import { formatSource } from '../model/provenance.js';
import type { Source } from '../model/schema.js';
import { safeText } from './sanitize.js';

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Markdown-safe prose (repository strings inside it included): controls, newlines and bidi characters shown
 * escaped (sanitize.ts); outside code spans raw HTML cannot render (`<`/`>` become entities) and no link or
 * image can be formed (`[`/`]` escaped); a leading `#`, `>`, list or rule marker is escaped so the text can
 * never start a heading or block of its own. Code spans are found as CommonMark finds them (a backtick run
 * closed by the next run of the same length), so a name holding backticks cannot shift what counts as code.
 */
export function mdText(text: string): string {
  const safe = safeText(text);
  let out = '';
  let i = 0;
  while (i < safe.length) {
    const tick = safe.indexOf('`', i);
    if (tick < 0) {
      out += mdPlain(safe.slice(i));
      break;
    }
    out += mdPlain(safe.slice(i, tick));
    let run = tick;
    while (safe[run] === '`') run++;
    const fence = safe.slice(tick, run);
    const close = closingRun(safe, run, fence.length);
    if (close < 0) {
      out += fence.replace(/`/g, '\\`');
      i = run;
    } else {
      out += safe.slice(tick, close + fence.length);
      i = close + fence.length;
    }
  }
  if (/^[#>+*=-]/.test(out)) return `\\${out}`;
  const ordered = /^(\d+)([.)])/.exec(out);
  return ordered ? `${ordered[1]}\\${out.slice(ordered[1]!.length)}` : out;
}

/** Start of the next backtick run of exactly `length` at or after `from`, or -1. */
function closingRun(text: string, from: number, length: number): number {
  let i = from;
  for (;;) {
    const start = text.indexOf('`', i);
    if (start < 0) return -1;
    let end = start;
    while (text[end] === '`') end++;
    if (end - start === length) return start;
    i = end;
  }
}

function mdPlain(text: string): string {
  return text.replace(/[<>[\]]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}

/** A repository string (file name, ref, key) as a Markdown code span that it cannot break out of. */
export function mdCode(text: string): string {
  const safe = safeText(text);
  const longest = Math.max(0, ...[...safe.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${safe}${pad}${fence}`;
}

/** A Markdown table cell: prose plus escaped pipes and no line breaks. */
export function mdCell(text: string): string {
  return mdText(text).replace(/\|/g, '\\|');
}

/** A fenced code block whose fence is longer than any backtick run inside the code. */
export function mdFence(code: string, language = ''): string {
  const safe = safeText(code, { keepNewlines: true });
  const longest = Math.max(2, ...[...safe.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${safeText(language).replace(/[`\s]/g, '')}\n${safe.trimEnd()}\n${fence}`;
}

export function where(locations: Source[], max = 5): string {
  const shown = locations.slice(0, max).map((l) => mdCode(formatSource(l)));
  if (locations.length > max) shown.push(`and ${locations.length - max} more`);
  return shown.join(', ');
}

export function percent(share: number | null): string {
  return share === null ? 'n/a' : `${Math.round(share * 100)}%`;
}

export { plural } from '../model/values.js';

/** How a pattern of Compliance with Patterns is applied, as the reports say it. */
export const STATUS_LABEL: Record<'applied' | 'partial' | 'contradicted' | 'absent', string> = {
  applied: 'applied',
  partial: 'partly applied',
  contradicted: 'contradicted',
  absent: 'absent',
};
