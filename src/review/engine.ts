/** Runs the registered rules over a discovered system and collects findings and strengths. */
import { hash } from 'node:crypto';
import type { DiscoveryResult } from '../discover/index.js';
import { buildModelIndex } from '../model/model-index.js';
import { compareSources } from '../model/provenance.js';
import type { Diagnostic } from '../model/schema.js';
import { compareText } from '../model/values.js';
import { allRules } from '../rules/index.js';
import { formatOptionIssues, parseRuleOptions } from '../rules/options.js';
import type { Finding, FindingDraft, Rule, RuleContext, Severity, Strength } from '../rules/types.js';
import { severityRank } from '../rules/types.js';
import type { ReviewConfig, RuleSetting } from './config.js';
import { crashLocation } from './crash-location.js';
import { settingFor } from './rulesets.js';
import type { Timings } from './timings.js';

export interface RuleRun {
  findings: Finding[];
  strengths: Strength[];
  rulesRun: string[];
  /** Rules that found something to check: they reported a finding or a strength. */
  rulesApplicable: string[];
  /** Rules that crashed (the review goes on without them). */
  diagnostics: Diagnostic[];
}

interface EffectiveRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
  /** The config set the severity (a user's override wins over the rule's own grading). */
  overridden: boolean;
}

export function effectiveRules(config: ReviewConfig, rules: Rule[] = allRules): EffectiveRule[] {
  const out: EffectiveRule[] = [];
  for (const rule of rules) {
    if (config.areas?.length && !config.areas.includes(rule.area)) continue;
    if (config.fileScope && rule.repositoryLevel) continue;
    const setting: RuleSetting | undefined = settingFor(rule, config.rules, config.presets);
    if (setting === 'off') continue;
    if (typeof setting === 'string') out.push({ rule, severity: setting, options: {}, overridden: true });
    else if (setting && setting.enabled === false) continue;
    else
      out.push({
        rule,
        severity: setting?.severity ?? rule.severity,
        options: setting?.options ?? {},
        overridden: setting?.severity !== undefined,
      });
  }
  return out;
}

export function runRules(
  discovery: DiscoveryResult,
  config: ReviewConfig,
  rules: Rule[] = allRules,
  timings?: Timings,
): RuleRun {
  const index = buildModelIndex(discovery.model);
  const findings: Finding[] = [];
  const strengths: Strength[] = [];
  const rulesRun: string[] = [];
  const rulesApplicable: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { rule, severity, options, overridden } of effectiveRules(config, rules)) {
    const parsed = parseRuleOptions(rule, options);
    if (!parsed.ok) {
      // the config loader reports these at their file and line; a programmatic caller learns it here
      diagnostics.push({
        severity: 'error',
        file: '.',
        message: `rule ${rule.id} did not run: options ${formatOptionIssues(parsed.issues)}`,
        origin: 'review',
      });
      continue;
    }
    const ctx: RuleContext = {
      documents: discovery.documents,
      paths: discovery.paths,
      index,
      options: parsed.options,
    };
    let outcome: ReturnType<Rule['check']>;
    try {
      outcome = timings
        ? timings.rule(rule.id, () => rule.check(discovery.model, ctx))
        : rule.check(discovery.model, ctx);
    } catch (err) {
      // named at the element the rule was checking (found by a traced second run), not at the root
      const at = crashLocation(rule, discovery.model, ctx);
      diagnostics.push({
        severity: 'error',
        file: at?.file ?? '.',
        ...(at ? { line: at.line } : {}),
        message: `rule ${rule.id} failed${at ? '' : ' (location unknown)'}: ${(err as Error)?.message ?? String(err)}`,
        origin: 'review',
      });
      continue;
    }
    rulesRun.push(rule.id);
    if (outcome.findings.length > 0 || outcome.strength) rulesApplicable.push(rule.id);
    const undeclared = undeclaredMessageIds(rule, outcome.findings);
    if (undeclared.length) {
      diagnostics.push({
        severity: 'error',
        file: '.',
        message: `rule ${rule.id} reported message ids it does not declare in \`messages\`: ${undeclared.join(', ')}`,
        origin: 'review',
      });
    }
    for (const draft of outcome.findings) {
      // the same place named twice (two deployments reading one compose file) is one piece of evidence
      const locations = [...draft.locations]
        .sort(compareSources)
        .filter((l, i, all) => i === 0 || compareSources(all[i - 1]!, l) !== 0);
      findings.push({
        ruleId: rule.id,
        area: rule.area,
        // A user's severity override wins over the rule's own grading.
        severity: overridden ? severity : (draft.severity ?? severity),
        title: rule.title,
        ...(draft.messageId ? { messageId: draft.messageId } : {}),
        message: draft.message,
        ...(draft.args ? { args: draft.args } : {}),
        element: draft.element,
        locations,
        recommendation: draft.recommendation ?? rule.recommendation,
        fix: draft.fix ?? rule.fix,
        data: draft.data,
        fingerprint: fingerprint(rule.id, draft.element ?? draft.message, locations[0]?.file ?? ''),
      });
    }
    if (outcome.findings.length === 0 && outcome.strength) {
      strengths.push({ ruleId: rule.id, area: rule.area, message: outcome.strength });
    }
  }
  findings.sort(compareFindings);
  strengths.sort((a, b) => compareText(a.ruleId, b.ruleId));
  return { findings, strengths, rulesRun, rulesApplicable, diagnostics };
}

/** Findings must name a message the rule declares; one without an id is as wrong when the rule declares any. */
function undeclaredMessageIds(rule: Rule, drafts: FindingDraft[]): string[] {
  if (!rule.messages) return [];
  const bad = new Set<string>();
  for (const d of drafts)
    if (!d.messageId || !Object.hasOwn(rule.messages, d.messageId)) bad.add(d.messageId ?? '(none)');
  return [...bad];
}

export function fingerprint(ruleId: string, element: string, file: string): string {
  return hash('sha256', `${ruleId}\u0000${element}\u0000${file}`, 'hex').slice(0, 16);
}

export function compareFindings(a: Finding, b: Finding): number {
  const s = severityRank(b.severity) - severityRank(a.severity);
  if (s !== 0) return s;
  if (a.ruleId !== b.ruleId) return compareText(a.ruleId, b.ruleId);
  const la = a.locations[0];
  const lb = b.locations[0];
  if (la && lb) {
    const c = compareSources(la, lb);
    if (c !== 0) return c;
  }
  return compareText(a.message, b.message);
}
