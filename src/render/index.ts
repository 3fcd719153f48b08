import type { Report } from '../review/report.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

export type ReportFormat = 'terminal' | 'md' | 'json';

export const REPORT_FORMATS: ReportFormat[] = ['terminal', 'md', 'json'];

export function renderReport(
  report: Report,
  format: ReportFormat,
  options: { color?: boolean } = {},
): string {
  switch (format) {
    case 'md':
      return renderMarkdown(report);
    case 'json':
      return renderJson(report);
    default:
      return renderTerminal(report, options.color ?? false);
  }
}
