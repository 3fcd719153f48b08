/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab, Azure DevOps): rule descriptors with help text and the
 * fix snippet, results with relative locations, our fingerprints as partialFingerprints, baseline state,
 * and suppressed findings as results carrying `suppressions`.
 */
import type { Diagnostic, Source } from '../model/schema.js';
import type { Report, RuleMeta } from '../review/report.js';
import type { Finding, Severity } from '../rules/types.js';
import { PLUMBLINE_HOME, ruleDocsUri } from './links.js';
import { safeText } from './sanitize.js';
import { baseIdsPerRoot } from './sarif-roots.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const URI_BASE = 'SRCROOT';

type Level = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub's scale: ≥9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export function renderSarif(report: Report): string {
  const descriptors = new Map<string, RuleMeta>(report.rules.map((r) => [r.id, r]));
  // A finding of a rule missing from the metadata still gets a descriptor (from the finding itself).
  for (const f of [...report.findings, ...report.suppressed.map((s) => s.finding)]) {
    if (!descriptors.has(f.ruleId)) {
      descriptors.set(f.ruleId, {
        id: f.ruleId,
        area: f.area,
        severity: f.severity,
        title: f.title,
        rationale: f.title,
        references: [],
        recommendation: f.recommendation,
        fix: f.fix,
      });
    }
  }
  const rules = [...descriptors.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const usesBaseline = report.baseline !== undefined;

  const results = [
    ...report.findings.map((f) =>
      result(f, ruleIndex.get(f.ruleId)!, {
        ...(usesBaseline ? { baselineState: f.baselined ? ('unchanged' as const) : ('new' as const) } : {}),
        ...(f.services?.length ? { services: f.services } : {}),
      }),
    ),
    ...report.suppressed.map((s) =>
      result(s.finding, ruleIndex.get(s.finding.ruleId)!, {
        suppressions: [
          {
            kind: s.kind === 'inline' ? 'inSource' : 'external',
            status: 'accepted',
            justification: s.reason,
            location: physical(s.source),
          },
        ],
      }),
    ),
  ];

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'plumbline',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: PLUMBLINE_HOME,
            rules: rules.map(descriptor),
          },
        },
        originalUriBaseIds: {
          [URI_BASE]: { description: { text: `The reviewed directory (${report.system.root}).` } },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.diagnostics.map(notification),
          },
        ],
        results,
        properties: {
          system: report.system.name,
          rating: report.assessment.rating,
          score: report.assessment.score,
          findings: report.summary.findings,
          new: report.summary.new,
          baselined: report.summary.baselined,
          suppressed: report.summary.suppressed,
        },
      },
    ],
  };
  baseIdsPerRoot(log.runs[0]!, report.system.repositories, URI_BASE);
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: RuleMeta): Record<string, unknown> {
  const security = rule.area === 'security';
  const snippet = rule.fix.snippet
    ? `\n\n\`\`\`${rule.fix.language ?? ''}\n${rule.fix.snippet.trimEnd()}\n\`\`\``
    : '';
  const refs = rule.references.length
    ? `\n\nReferences:\n${rule.references.map((r) => `- ${r}`).join('\n')}`
    : '';
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    helpUri: ruleDocsUri(rule.id, rule.area),
    help: {
      text: `${rule.rationale}\n\nFix: ${rule.recommendation}${rule.fix.snippet ? `\n\n${rule.fix.snippet.trimEnd()}` : ''}`,
      markdown: `**${rule.title}**\n\n${rule.rationale}\n\n**Fix.** ${rule.recommendation}${snippet}${refs}`,
    },
    properties: {
      tags: security ? ['architecture', 'security'] : ['architecture', rule.area],
      // Rules reading explicit configuration are precise; graph and sizing heuristics less so.
      precision: rule.area === 'services' || rule.area === 'performance' ? 'medium' : 'high',
      'problem.severity': LEVELS[rule.severity] === 'note' ? 'recommendation' : LEVELS[rule.severity],
      ...(security ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
    },
  };
}

interface ResultExtras {
  suppressions?: Record<string, unknown>[];
  baselineState?: 'new' | 'unchanged';
  services?: string[];
}

function result(f: Finding, index: number, extra: ResultExtras): Record<string, unknown> {
  const { suppressions, baselineState, services } = extra;
  const [primary, ...related] = f.locations;
  return {
    ruleId: f.ruleId,
    ruleIndex: index,
    level: LEVELS[f.severity],
    message: { text: safeText(f.message) },
    ...(primary ? { locations: [physical(primary)] } : {}),
    ...(related.length
      ? {
          relatedLocations: related.map((l, i) => ({
            id: i + 1,
            ...physical(l),
            message: { text: 'related evidence' },
          })),
        }
      : {}),
    partialFingerprints: { 'plumbline/v1': f.fingerprint },
    ...(baselineState ? { baselineState } : {}),
    ...(suppressions ? { suppressions } : {}),
    properties: {
      area: f.area,
      severity: f.severity,
      ...(f.element ? { element: f.element } : {}),
      ...(services ? { services } : {}),
      recommendation: f.recommendation,
      fix: f.fix.snippet ? `${f.fix.description}\n\n${f.fix.snippet.trimEnd()}` : f.fix.description,
    },
  };
}

function physical(s: Source): { physicalLocation: Record<string, unknown> } {
  return {
    physicalLocation: {
      artifactLocation: { uri: toUri(s.file), uriBaseId: URI_BASE },
      region: { startLine: Math.max(1, s.line), ...(s.column ? { startColumn: s.column } : {}) },
    },
  };
}

function notification(d: Diagnostic): Record<string, unknown> {
  const level: Level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note';
  const located = d.file && d.file !== '.';
  return {
    level,
    message: { text: safeText(`${d.message} (${d.origin})`) },
    ...(located
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(d.file), uriBaseId: URI_BASE },
                ...(d.line && d.line >= 1
                  ? {
                      region: {
                        startLine: d.line,
                        ...(d.column && d.column >= 1 ? { startColumn: d.column } : {}),
                      },
                    }
                  : {}),
              },
            },
          ],
        }
      : {}),
  };
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function pascal(id: string): string {
  const last = id.slice(id.indexOf('/') + 1);
  return last
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
