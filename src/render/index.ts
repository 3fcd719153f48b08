import type { Report } from '../review/report.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTerminal } from './terminal.js';

export type ReportFormat = 'terminal' | 'md' | 'json' | 'sarif' | 'html';

export const REPORT_FORMATS: ReportFormat[] = ['terminal', 'md', 'json', 'sarif', 'html'];

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
    case 'sarif':
      return renderSarif(report);
    case 'html':
      return renderHtml(report);
    default:
      return renderTerminal(report, options.color ?? false);
  }
}
