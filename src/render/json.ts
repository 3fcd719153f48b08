import type { Report } from '../review/report.js';

/** Stable, pretty JSON: the same report serialises to the same bytes. */
export function renderJson(value: Report | unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
