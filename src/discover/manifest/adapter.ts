/**
 * plumbline.yaml: the facts files cannot tell (system name, requirements, SLOs, data classes, compliance,
 * trust boundaries, owners, team, critical paths, declared externals, overrides of inferred facts).
 * Each section is validated on its own with zod; every issue names the key path and the line it sits on.
 * Facts that refer to services are applied after merge by src/model/apply-manifest.ts.
 */
import type { z } from 'zod';
import { toId } from '../../model/provenance.js';
import type { DeclaredFacts, Diagnostic, ExternalSystem, Source } from '../../model/schema.js';
import { type PathSegment, parseStructured, type StructuredDocument } from '../parse/structured.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';
import {
  MANIFEST_SECTIONS,
  type ManifestSection,
  type ManifestSections,
  manifestSections,
  REVIEW_CONFIG_KEYS,
} from './schema.js';

export const manifestAdapter: Adapter = {
  kind: 'manifest',
  claims: (path) => isManifestPath(path),
  parse: parseManifest,
};

export function isManifestPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === 'plumbline.yaml' || base === 'plumbline.yml';
}

const COMPLIANCE_ALIASES: Record<string, string> = {
  pci: 'PCI-DSS',
  pcidss: 'PCI-DSS',
  gdpr: 'GDPR',
  hipaa: 'HIPAA',
  sox: 'SOX',
  soc2: 'SOC2',
  iso27001: 'ISO27001',
  ccpa: 'CCPA',
  fedramp: 'FedRAMP',
};

export function parseManifest(file: SourceFile): Fragment {
  const path = file.path;
  const outcome = parseStructured(path, file.text, 'manifest');
  const diagnostics: Diagnostic[] = [...outcome.diagnostics];
  const doc = outcome.documents[0];
  if (!doc) return { diagnostics };
  if (typeof doc.data !== 'object' || doc.data === null || Array.isArray(doc.data)) {
    diagnostics.push(
      error(path, doc.startLine, 'plumbline.yaml must be a mapping of keys (system, requirements, ...)'),
    );
    return { diagnostics };
  }
  const raw = doc.data as Record<string, unknown>;
  const sections: Partial<{ [K in ManifestSection]: z.output<ManifestSections[K]> }> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (REVIEW_CONFIG_KEYS.has(key)) continue;
    if (!(MANIFEST_SECTIONS as readonly string[]).includes(key)) {
      diagnostics.push(
        error(
          path,
          doc.locate([key]).line,
          `unknown key \`${key}\` (expected one of ${MANIFEST_SECTIONS.join(', ')}, or review config: rules, suppressions, baseline, extends, plugins)`,
          'warning',
        ),
      );
      continue;
    }
    const section = key as ManifestSection;
    const result = manifestSections()[section].safeParse(value);
    if (result.success) (sections as Record<string, unknown>)[section] = result.data;
    else diagnostics.push(...issueDiagnostics(doc, section, result.error.issues));
  }
  return { ...toFacts(doc, sections), diagnostics };
}

function toFacts(
  doc: StructuredDocument,
  s: Partial<{ [K in ManifestSection]: z.output<ManifestSections[K]> }>,
): Fragment {
  const at = (...p: PathSegment[]): Source => {
    const loc = doc.locate(p);
    return { file: loc.file, line: loc.line };
  };
  const declared: Partial<DeclaredFacts> = { source: at() };
  if (s.system !== undefined) declared.system = s.system;
  if (s.description !== undefined) declared.description = s.description;
  if (s.requirements) declared.requirements = dropUndefined(s.requirements);
  if (s.slos) declared.slos = s.slos.map((slo, i) => ({ ...slo, source: at('slos', i) }));
  if (s.dataClasses) {
    declared.dataClasses = Array.isArray(s.dataClasses)
      ? s.dataClasses.map((d, i) => ({
          name: d.name,
          classes: d.classes,
          services: d.services.map(toId),
          source: at('dataClasses', i),
        }))
      : Object.entries(s.dataClasses).map(([service, classes]) => ({
          name: service,
          classes,
          services: [toId(service)],
          source: at('dataClasses', service),
        }));
  }
  if (s.compliance) {
    declared.compliance = s.compliance.map(
      (c) => COMPLIANCE_ALIASES[c.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? c,
    );
  }
  if (s.trustBoundaries) {
    declared.trustBoundaries = s.trustBoundaries.map((b, i) => ({
      id: toId(b.name),
      name: b.name,
      kind: b.kind,
      services: b.services.map(toId),
      source: at('trustBoundaries', i),
    }));
  }
  if (s.team) declared.team = dropUndefined(s.team);
  if (s.criticalPaths) {
    declared.criticalPaths = Array.isArray(s.criticalPaths)
      ? s.criticalPaths.map((p, i) => ({
          name: p.name,
          services: p.services.map(toId),
          source: at('criticalPaths', i),
        }))
      : Object.entries(s.criticalPaths).map(([pathName, services]) => ({
          name: pathName,
          services: services.map(toId),
          source: at('criticalPaths', pathName),
        }));
  }
  if (s.deployments) {
    declared.deployments = {
      ...(s.deployments.primary ? { primary: s.deployments.primary } : {}),
      ...(s.deployments.environments ? { environments: s.deployments.environments } : {}),
      source: at('deployments'),
    };
  }
  if (s.owners) {
    declared.owners = Object.entries(s.owners).map(([service, team]) => ({
      service: toId(service),
      team,
      source: at('owners', service),
    }));
  }
  if (s.overrides) {
    const overrides: NonNullable<DeclaredFacts['overrides']> = [];
    for (const [id, set] of Object.entries(s.overrides.services ?? {})) {
      overrides.push({
        target: 'service',
        id: toId(id),
        set: dropUndefined(set),
        source: at('overrides', 'services', id),
      });
    }
    for (const [id, set] of Object.entries(s.overrides.datastores ?? {})) {
      overrides.push({
        target: 'datastore',
        id: toId(id),
        set: dropUndefined(set),
        source: at('overrides', 'datastores', id),
      });
    }
    declared.overrides = overrides;
  }
  const externals: ExternalSystem[] = (s.externals ?? []).map((e, i) => ({
    id: toId(e.name),
    name: e.name,
    kind: e.kind,
    url: e.url,
    usedBy: e.usedBy.map(toId),
    source: at('externals', i),
  }));
  return { declared, externals };
}

function issueDiagnostics(
  doc: StructuredDocument,
  section: string,
  issues: z.core.$ZodIssue[],
): Diagnostic[] {
  return issues.map((issue) => {
    const path: PathSegment[] = [section, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      path.push(issue.keys[0]);
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
    } else if (issue.code === 'invalid_union') {
      message = unionMessage(section, issue);
    }
    const loc = doc.locate(path);
    return error(doc.file, loc.line, `${formatPath(path)}: ${message}`, 'error', loc.column);
  });
}

/** A union failed in every branch: report the branch that got furthest (most deeply nested issue). */
function unionMessage(section: string, issue: z.core.$ZodIssueInvalidUnion): string {
  const candidates = issue.errors.flat();
  if (candidates.length === 0) return issue.message;
  const deepest = candidates.reduce((a, b) => (b.path.length > a.path.length ? b : a));
  if (section === 'requirements' || deepest.path.length === 0) return deepest.message;
  return `${deepest.message} (at ${formatPath(deepest.path.map((p) => (typeof p === 'symbol' ? String(p) : p)))})`;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

function dropUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

function error(
  file: string,
  line: number | undefined,
  message: string,
  severity: Diagnostic['severity'] = 'error',
  column?: number,
): Diagnostic {
  return { severity, file, line, column, message, origin: 'manifest' };
}
