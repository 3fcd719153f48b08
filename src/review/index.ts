import type { DiscoveryResult } from '../discover/index.js';
import { AREAS, type Area, SEVERITIES, type Severity } from '../rules/types.js';
import { VERSION } from '../version.js';
import { defaultConfig, type ReviewConfig } from './config.js';
import { runRules } from './engine.js';
import { REPORT_VERSION, type Report } from './report.js';

export function review(discovery: DiscoveryResult, config: ReviewConfig = defaultConfig()): Report {
  const run = runRules(discovery, config);
  const { model } = discovery;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byArea = Object.fromEntries(AREAS.map((a) => [a, 0])) as Record<Area, number>;
  for (const f of run.findings) {
    bySeverity[f.severity]++;
    byArea[f.area]++;
  }
  const artifacts: Record<string, number> = {};
  for (const a of model.artifacts) artifacts[a.kind] = (artifacts[a.kind] ?? 0) + 1;
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'plumbline', version: VERSION },
    system: {
      name: model.name,
      root: model.root,
      services: model.services.length,
      artifacts: sortKeys(artifacts),
    },
    summary: { findings: run.findings.length, bySeverity, byArea },
    findings: run.findings,
    strengths: run.strengths,
    diagnostics: model.diagnostics,
    rulesRun: run.rulesRun,
  };
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
