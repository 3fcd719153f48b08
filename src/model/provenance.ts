import type { Source } from './schema.js';
import { compareText } from './values.js';

export function formatSource(source: Source | undefined): string {
  if (!source) return '';
  return source.column ? `${source.file}:${source.line}:${source.column}` : `${source.file}:${source.line}`;
}

export function compareSources(a: Source, b: Source): number {
  if (a.file !== b.file) return compareText(a.file, b.file);
  if (a.line !== b.line) return a.line - b.line;
  return (a.column ?? 0) - (b.column ?? 0);
}

/** Lower-case DNS-label style identifier for services and stores. */
export function toId(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
