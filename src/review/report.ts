import type { Diagnostic } from '../model/schema.js';
import type { Area, Finding, Severity, Strength } from '../rules/types.js';

export const REPORT_VERSION = '1';

export interface Report {
  reportVersion: string;
  tool: { name: 'plumbline'; version: string };
  system: { name: string; root: string; services: number; artifacts: Record<string, number> };
  summary: {
    findings: number;
    bySeverity: Record<Severity, number>;
    byArea: Record<Area, number>;
  };
  findings: Finding[];
  strengths: Strength[];
  diagnostics: Diagnostic[];
  rulesRun: string[];
}
