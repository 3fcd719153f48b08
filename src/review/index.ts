/**
 * review(discovery, config) → Report, in two steps:
 *   evaluate: run the rules, keep the findings in scope (--changed-since), apply inline and config
 *             suppressions (the expensive part);
 *   assemble: mark baselined findings and derive the architect's sections (cheap, so --write-baseline can
 *             re-assemble with the baseline it just wrote).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareDiagnostics, type DiscoveryResult } from '../discover/index.js';
import type { Artifact, Diagnostic, SystemModel } from '../model/schema.js';
import { compareText } from '../model/values.js';
import { allRules } from '../rules/index.js';
import type { Finding, Rule, Strength } from '../rules/types.js';
import { VERSION } from '../version.js';
import { serviceAttributor } from './attribution.js';
import { defaultConfig, type ReviewConfig } from './config.js';
import { foldAcrossDeployments, restrictToDeployment, withoutTestDeployments } from './deployments.js';
import { compareFindings, runRules } from './engine.js';
import { foldedPlaces } from './folded.js';
import { foldFindings } from './folding.js';
import { patternComplianceOf, patternStrengths } from './patterns.js';
import {
  REPORT_VERSION,
  type Report,
  type ReportFinding,
  type RuleMeta,
  type SuppressedFinding,
} from './report.js';
import { assess } from './scoring.js';
import {
  applicationServices,
  complianceOf,
  countByArea,
  countBySeverity,
  graphOf,
  impactOf,
  improvementAreasOf,
  nextStepsOf,
  recommendationsOf,
} from './sections.js';
import { applyConfigSuppressions, applyInlineSuppressions } from './suppressions.js';
import type { Timings } from './timings.js';

export interface ReviewOptions {
  /**
   * Text of a file named in a finding (path relative to the root), for inline `plumbline-ignore` comments.
   * Default: read it from disk under the model's root. Return undefined when unreadable.
   */
  readText?: (file: string) => string | undefined;
  /** The rules to run (default: every registered rule). */
  rules?: Rule[];
  /** Record the time of each rule (and of evaluation's own phases) here. */
  timings?: Timings;
}

export interface Evaluation {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  strengths: Strength[];
  rulesRun: string[];
  rulesApplicable: string[];
  rules: RuleMeta[];
  /** Problems the review itself raised (crashed rules, invalid or unused suppressions). */
  diagnostics: Diagnostic[];
}

export function review(
  discovery: DiscoveryResult,
  config: ReviewConfig = defaultConfig(),
  options: ReviewOptions = {},
): Report {
  return assemble(discovery, evaluate(discovery, config, options), config);
}

export function evaluate(
  fullDiscovery: DiscoveryResult,
  config: ReviewConfig,
  options: ReviewOptions = {},
): Evaluation {
  const rules = options.rules ?? allRules;
  const diagnostics: Diagnostic[] = [];
  let discovery = fullDiscovery;
  if (!config.deployment) {
    const model = withoutTestDeployments(discovery.model);
    if (model !== discovery.model) discovery = { ...discovery, model };
  } else if (config.deployment !== 'all') {
    const model = restrictToDeployment(discovery.model, config.deployment);
    if (model) discovery = { ...discovery, model };
    else
      diagnostics.push({
        severity: 'warning',
        file: '.',
        message: `--deployment ${config.deployment} names no deployment (found: ${(discovery.model.deployments ?? []).map((d) => d.name).join(', ') || 'none'}); every deployment reviewed`,
        origin: 'review',
      });
  }
  const run = runRules(discovery, config, rules, options.timings);
  options.timings?.phase('rules');
  diagnostics.push(...run.diagnostics);
  const anyEnvironment = new Set(rules.filter((r) => r.anyEnvironment).map((r) => r.id));
  let findings = foldAcrossDeployments(run.findings, discovery.model, {
    deployment: config.deployment,
    anyEnvironment,
    onLeftOut: (count, deployments) =>
      diagnostics.push({
        severity: 'info',
        // anchored on the first left-out deployment, whose file names its repository when several are reviewed
        file: discovery.model.deployments?.find((d) => d.name === deployments[0])?.source.file ?? '.',
        message: `${count} finding${count === 1 ? '' : 's'} about the objects of the development deployment${deployments.length === 1 ? '' : 's'} ${deployments.join(', ')} left out of the review: ${deployments.length === 1 ? 'it does' : 'they do'} not ship while another deployment does (review them with --deployment all)`,
        origin: 'review',
      }),
  });
  findings.sort(compareFindings);
  if (config.changedFiles) {
    const changed = new Set(config.changedFiles);
    findings = findings.filter((f) => f.locations.some((l) => changed.has(l.file)));
  }
  const suppressed: SuppressedFinding[] = [];
  if (config.inlineSuppressions !== false) {
    const known = new Set([...allRules, ...rules].map((r) => r.id));
    const inline = applyInlineSuppressions(
      findings,
      options.readText ?? diskReader(discovery.model.root, discovery.model.artifacts, discovery.texts),
      known,
    );
    findings = inline.kept;
    suppressed.push(...inline.suppressed);
    diagnostics.push(...inline.diagnostics);
  }
  if (config.suppressions?.length) {
    const fromConfig = applyConfigSuppressions(findings, config.suppressions, {
      reportUnused: !config.changedFiles && !config.areas?.length,
    });
    findings = fromConfig.kept;
    suppressed.push(...fromConfig.suppressed);
    diagnostics.push(...fromConfig.diagnostics);
  }
  // variant-only and systemic facts fold into one finding each, after suppressions: a suppression names
  // the place it accepts, and the fold then speaks of the rest
  findings = foldFindings(findings, discovery.model, new Map(rules.map((r) => [r.id, r.title]))).sort(
    compareFindings,
  );
  options.timings?.phase('suppressions');
  suppressed.sort((a, b) =>
    a.finding.fingerprint < b.finding.fingerprint
      ? -1
      : a.finding.fingerprint > b.finding.fingerprint
        ? 1
        : 0,
  );
  const ran = new Set(run.rulesRun);
  const meta = rules
    .filter((r) => ran.has(r.id))
    .map(({ id, area, severity, title, rationale, references, recommendation, fix, messages }) => ({
      id,
      area,
      severity,
      title,
      rationale,
      references,
      recommendation,
      fix,
      ...(messages ? { messages } : {}),
    }))
    .sort((a, b) => compareText(a.id, b.id));
  return {
    findings,
    suppressed,
    // the architecture patterns the files show come first: they are what an architect credits
    strengths: [...patternStrengths(discovery.model), ...run.strengths],
    rulesRun: run.rulesRun,
    rulesApplicable: run.rulesApplicable,
    rules: meta,
    diagnostics,
  };
}

export function assemble(discovery: DiscoveryResult, evaluation: Evaluation, config: ReviewConfig): Report {
  const { model } = discovery;
  const attribute = serviceAttributor(model);
  const baseline = config.baseline ? new Set(config.baseline.fingerprints) : undefined;
  const findings: ReportFinding[] = evaluation.findings.map((f) => {
    const services = attribute(f);
    return {
      ...f,
      // a fold is known when it is, or when every place it stands for was (a baseline from before the fold)
      ...(baseline &&
      (baseline.has(f.fingerprint) || foldedPlaces(f).every((p) => baseline.has(p.fingerprint)))
        ? { baselined: true }
        : {}),
      ...(services.length ? { services } : {}),
    };
  });
  const baselined = findings.filter((f) => f.baselined).length;
  const ruleMeta = new Map(evaluation.rules.map((r) => [r.id, r]));
  const apps = applicationServices(model);
  const recommendations = recommendationsOf(findings, ruleMeta, apps);
  const diagnostics = [...model.diagnostics, ...evaluation.diagnostics].sort(compareDiagnostics);
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
      ...(model.repositories ? { repositories: model.repositories } : {}),
    },
    summary: {
      findings: findings.length,
      bySeverity: countBySeverity(findings),
      byArea: countByArea(findings),
      new: findings.length - baselined,
      baselined,
      suppressed: evaluation.suppressed.length,
    },
    findings,
    strengths: evaluation.strengths,
    diagnostics,
    rulesRun: evaluation.rulesRun,
    assessment: assess(findings, {
      applicationServices: apps,
      ...notAssessed(model),
    }),
    impact: impactOf(findings, model),
    compliance: complianceOf(
      evaluation.rules,
      new Set(evaluation.rulesApplicable),
      findings,
      evaluation.strengths.filter((s) => !s.ruleId.startsWith('pattern/')),
    ),
    patterns: patternComplianceOf(model),
    areasForImprovement: improvementAreasOf(findings, ruleMeta),
    recommendations,
    nextSteps: nextStepsOf(recommendations, {
      readErrors: new Set(model.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).size,
      invalidSuppressions: evaluation.diagnostics.filter((d) => d.message.startsWith('invalid suppression'))
        .length,
      baselined,
    }),
    suppressed: evaluation.suppressed,
    ...(config.baseline
      ? {
          baseline: {
            file: config.baseline.file,
            entries: config.baseline.fingerprints.length,
            new: findings.length - baselined,
            baselined,
          },
        }
      : {}),
    ...(config.changedSince !== undefined
      ? { scope: { changedSince: config.changedSince, files: [...(config.changedFiles ?? [])].sort() } }
      : {}),
    rules: evaluation.rules,
    graph: graphOf(model, findings),
  };
}

/** Artifacts that say nothing about the system's architecture on their own. */
const NOT_JUDGED = new Set<Artifact['kind']>(['manifest', 'doc', 'ci', 'test']);
/** Artifacts that are the system's contracts: one unread leaves the review without its interface. */
const CONTRACTS = new Set<Artifact['kind']>(['openapi', 'asyncapi', 'graphql', 'proto']);

/**
 * Why the system cannot be rated: nothing that describes it was read (no contract, deployment manifest,
 * schema or code), or a contract could not be read (an error diagnostic on it). Undefined when it can.
 */
export function notAssessed(model: SystemModel): { notAssessed?: string } {
  const judged = model.artifacts.filter((a) => !NOT_JUDGED.has(a.kind));
  const unreadable = new Set(model.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  if (judged.length === 0)
    return {
      notAssessed:
        'no contract, deployment manifest, schema or code was read, so there was nothing to assess',
    };
  const contracts = judged.filter((a) => CONTRACTS.has(a.kind) && unreadable.has(a.file)).map((a) => a.file);
  if (contracts.length)
    return {
      notAssessed: `${contracts.length === 1 ? 'the contract' : `${contracts.length} contracts`} ${contracts
        .slice(0, 3)
        .map((f) => `\`${f}\``)
        .join(
          ', ',
        )}${contracts.length > 3 ? ', …' : ''} could not be read (see Diagnostics), so the review misses ${contracts.length === 1 ? 'it' : 'them'}`,
    };
  if (judged.every((a) => unreadable.has(a.file)))
    return {
      notAssessed: `none of the ${judged.length} artifact${judged.length === 1 ? '' : 's'} found could be read (see Diagnostics)`,
    };
  return {};
}

/**
 * Reads files named in findings from under the reviewed root (a single reviewed file's directory). Only
 * artifacts discovery read are returned, and only while their size is unchanged: a model discovered from
 * in-memory files never picks up an unrelated file that happens to sit at the same path on disk.
 */
function diskReader(
  root: string,
  artifacts: Artifact[],
  /** Texts discovery already holds: only the size is checked on disk (issue 8: re-reading cost ~0.4 s). */
  texts?: ReadonlyMap<string, string>,
): (file: string) => string | undefined {
  let base: string;
  try {
    base = path.resolve(statSync(root).isFile() ? path.dirname(root) : root);
  } catch {
    return () => undefined;
  }
  const sizes = new Map(artifacts.map((a) => [a.file, a.bytes]));
  return (file) => {
    const abs = path.resolve(base, file);
    if (!sizes.has(file) || (abs !== base && !abs.startsWith(base + path.sep))) return undefined;
    try {
      const known = texts?.get(file);
      if (known !== undefined) return statSync(abs).size === sizes.get(file) ? known : undefined;
      const bytes = readFileSync(abs);
      return bytes.length === sizes.get(file) ? bytes.toString('utf8') : undefined;
    } catch {
      return undefined;
    }
  };
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}
