import type { Report } from '../review/report.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { capMarkdown, renderSummaryMarkdown, SUMMARY_MAX_CHARS } from './summary-markdown.js';
import { renderTerminal } from './terminal.js';

export { SUMMARY_MAX_CHARS };

export type ReportFormat = 'terminal' | 'md' | 'md-summary' | 'json' | 'sarif' | 'html';

export interface RenderOptions {
  color?: boolean;
  /** Markdown formats: the most characters to write (md-summary defaults to SUMMARY_MAX_CHARS). */
  maxChars?: number;
  /** Where the full report lives, linked from md-summary and from a cut Markdown report. */
  reportUrl?: string;
}

export const REPORT_FORMATS: ReportFormat[] = ['terminal', 'md', 'md-summary', 'json', 'sarif', 'html'];

export function renderReport(report: Report, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'md':
      return capMarkdown(renderMarkdown(report), options);
    case 'md-summary':
      return renderSummaryMarkdown(report, options);
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
