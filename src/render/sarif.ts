/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab, Azure DevOps): rule descriptors with help text, the fix
 * snippet and a help link that resolves (src/render/links.ts), results with relative locations, further
 * evidence as `relatedLocations` linked from the message (`[file:line](id)`, which GitHub shows as links), our
 * fingerprints as partialFingerprints, baseline state, and suppressed findings as results carrying
 * `suppressions`.
 *
 * Paths: code scanning resolves a result's URI against the repository root, while findings name files relative
 * to the reviewed folder. When the reviewed folder sits inside a git work tree, URIs are written relative to
 * the work tree's top (`deploy/k8s/a.yaml` for a review of `deploy/`), base `SRCROOT`; `originalUriBaseIds`
 * declares `SRCROOT` and, for a sub-folder, `REVIEWROOT` (the reviewed folder, relative to `SRCROOT`).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Source } from '../model/schema.js';
import { compareText } from '../model/values.js';
import type { Report, RuleMeta } from '../review/report.js';
import { placeholderNames, sarifTemplate } from '../rules/messages.js';
import type { Finding, Severity } from '../rules/types.js';
import { ruleDocsUri } from './links.js';
import { safeText } from './sanitize.js';
import { sarifLog, sarifText } from './sarif-log.js';
import { baseIdsPerRoot } from './sarif-roots.js';

export { SARIF_SCHEMA_URI } from './sarif-log.js';

const URI_BASE = 'SRCROOT';
const REVIEW_BASE = 'REVIEWROOT';

/** Where finding paths live relative to the URI base: the reviewed folder's path below the work tree's top. */
interface Roots {
  /** '' or a relative folder path ending in '/'. */
  prefix: string;
  originalUriBaseIds: Record<string, unknown>;
}

/**
 * The reviewed folder relative to the top of its git work tree (the nearest ancestor holding `.git`), or ''
 * when it is the top or not in a work tree. A reviewed file counts as its folder.
 */
export function workTreePrefix(root: string): string {
  let dir = path.resolve(root);
  try {
    if (!statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    return '';
  }
  for (let up = dir; ; up = path.dirname(up)) {
    if (existsSync(path.join(up, '.git'))) {
      const rel = path.relative(up, dir).split(path.sep).join('/');
      return rel ? `${rel}/` : '';
    }
    if (path.dirname(up) === up) return '';
  }
}

function rootsOf(report: Report): Roots {
  const prefix = workTreePrefix(report.system.root);
  const reviewed = `The reviewed directory (${report.system.root}).`;
  return {
    prefix,
    originalUriBaseIds: prefix
      ? {
          [URI_BASE]: {
            description: { text: 'The top of the git work tree holding the reviewed directory.' },
          },
          [REVIEW_BASE]: { uri: toUri(prefix), uriBaseId: URI_BASE, description: { text: reviewed } },
        }
      : { [URI_BASE]: { description: { text: reviewed } } },
  };
}

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
  const rules = [...descriptors.values()].sort((a, b) => compareText(a.id, b.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const usesBaseline = report.baseline !== undefined;
  const roots = rootsOf(report);
  const physical = (s: Source) => physicalAt(roots, s);

  const results = [
    ...report.findings.map((f) =>
      result(f, ruleIndex.get(f.ruleId)!, descriptors.get(f.ruleId), physical, {
        ...(usesBaseline ? { baselineState: f.baselined ? ('unchanged' as const) : ('new' as const) } : {}),
        ...(f.services?.length ? { services: f.services } : {}),
      }),
    ),
    ...report.suppressed.map((s) =>
      result(s.finding, ruleIndex.get(s.finding.ruleId)!, descriptors.get(s.finding.ruleId), physical, {
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

  const log = sarifLog(report.tool.version, rules.map(descriptor), {
    originalUriBaseIds: roots.originalUriBaseIds,
    columnKind: 'utf16CodeUnits',
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: report.diagnostics.map((d) => notification(d, roots)),
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
  });
  baseIdsPerRoot(log.runs[0]!, report.system.repositories, URI_BASE);
  return sarifText(log);
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
    ...(rule.messages
      ? {
          messageStrings: Object.fromEntries(
            Object.entries(rule.messages).map(([id, template]) => [id, { text: sarifTemplate(template) }]),
          ),
        }
      : {}),
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

type Physical = (s: Source) => { physicalLocation: Record<string, unknown> };

/** At most this many related locations per result, so one finding over every workload stays readable. */
const MAX_RELATED = 20;

function result(
  f: Finding,
  index: number,
  rule: RuleMeta | undefined,
  physical: Physical,
  extra: ResultExtras,
): Record<string, unknown> {
  const { suppressions, baselineState, services } = extra;
  const [primary, ...allRelated] = f.locations;
  const related = allRelated.slice(0, MAX_RELATED);
  // Code scanning shows related locations only through links in the message: `[text](id)`.
  const links = related.map((l, i) => `[${escapeLinkText(place(l))}](${i + 1})`);
  const more = allRelated.length - related.length;
  const linked = links.length
    ? `${escapeMessage(safeText(f.message))} Also at: ${links.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`
    : undefined;
  return {
    ruleId: f.ruleId,
    ruleIndex: index,
    level: LEVELS[f.severity],
    message: { text: linked ?? safeText(f.message), ...messageReference(f, rule) },
    ...(primary ? { locations: [physical(primary)] } : {}),
    ...(related.length
      ? {
          relatedLocations: related.map((l, i) => ({
            id: i + 1,
            ...physical(l),
            message: { text: safeText(`Also at ${place(l)}`) },
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

/** The message's id and its arguments in the template's order (SARIF §3.11.10), beside the rendered text. */
function messageReference(f: Finding, rule: RuleMeta | undefined): { id?: string; arguments?: string[] } {
  const template = f.messageId ? rule?.messages?.[f.messageId] : undefined;
  if (!template) return {};
  const names = placeholderNames(template);
  return names.length
    ? { id: f.messageId, arguments: names.map((n) => safeText(String(f.args?.[n] ?? ''))) }
    : { id: f.messageId };
}

function place(s: Source): string {
  return s.line >= 1 ? `${s.file}:${s.line}` : s.file;
}

/** SARIF message text: `[` and `]` that are not link syntax are escaped with a backslash (§3.11.6). */
function escapeMessage(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&');
}

function escapeLinkText(text: string): string {
  return escapeMessage(safeText(text));
}

function physicalAt(roots: Roots, s: Source): { physicalLocation: Record<string, unknown> } {
  return {
    physicalLocation: {
      artifactLocation: { uri: toUri(roots.prefix + s.file), uriBaseId: URI_BASE },
      region: { startLine: Math.max(1, s.line), ...(s.column ? { startColumn: s.column } : {}) },
    },
  };
}

function notification(d: Diagnostic, roots: Roots): Record<string, unknown> {
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
                artifactLocation: { uri: toUri(roots.prefix + d.file), uriBaseId: URI_BASE },
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
