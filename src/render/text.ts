/** Small text helpers shared by the renderers. */
import { formatSource } from '../model/provenance.js';
import type { Source } from '../model/schema.js';

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
 * Markdown-safe prose: raw HTML from repository content must not render, so `<`/`>` outside code spans
 * become entities (inside backticks they are shown literally anyway).
 */
export function mdText(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}

/** A Markdown table cell: prose plus escaped pipes and no line breaks. */
export function mdCell(text: string): string {
  return mdText(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A fenced code block whose fence is longer than any backtick run inside the code. */
export function mdFence(code: string, language = ''): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code.trimEnd()}\n${fence}`;
}

export function where(locations: Source[], max = 5): string {
  const shown = locations.slice(0, max).map((l) => `\`${formatSource(l)}\``);
  if (locations.length > max) shown.push(`and ${locations.length - max} more`);
  return shown.join(', ');
}

export function percent(share: number | null): string {
  return share === null ? 'n/a' : `${Math.round(share * 100)}%`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
