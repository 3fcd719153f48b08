import type * as z from 'zod';
import type { ParsedArtifact } from '../discover/types.js';
import type { ModelIndex } from '../model/model-index.js';
import type { Source, SystemModel } from '../model/schema.js';
import type { MessageArg } from './messages.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const AREAS = [
  'api',
  'services',
  'data',
  'performance',
  'security',
  'resilience',
  'practices',
] as const;
export type Area = (typeof AREAS)[number];

/** How reports and the rule docs title each area. */
export const AREA_TITLES: Record<Area, string> = {
  api: 'API design',
  services: 'Service boundaries',
  data: 'Data design',
  performance: 'Performance and scalability',
  security: 'Security',
  resilience: 'Resilience',
  practices: 'Engineering practices',
};

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s); // critical 5 … info 1
}

/** A concrete change that resolves a finding: prose plus a code or config pattern. */
export interface Fix {
  description: string;
  snippet?: string;
  /** Language of the snippet for highlighting: yaml, json, sql, dockerfile, proto, graphql, text */
  language?: string;
}

/** A self-contained example system given as files; the test suite discovers and reviews it. */
export interface RuleExample {
  description: string;
  files: Record<string, string>;
  /**
   * The exact findings the rule reports on these files, in report order (required on a failing example, empty or
   * absent on a passing one). The test suite asserts them and the docs show them. Write them by reading the rule's
   * output: `npx tsx scripts/pin-example-findings.ts <rule-id>` prints (and with `--write` records) what it reports.
   */
  findings?: ExpectedFinding[];
  /** Options passed to the rule for this example (validated against the rule's `options` schema). */
  options?: Record<string, unknown>;
}

/** One finding a rule example must produce, as ESLint's RuleTester pins `{ messageId, line }`. */
export interface ExpectedFinding {
  /** The primary location, `file:line` (or `file:line:column`). */
  at: string;
  /** The id of the rule's message it says (one of the rule's `messages`). */
  messageId?: string;
  /** The message, verbatim. */
  message: string;
  /** Further evidence locations, in order. */
  also?: string[];
  /** Only when the rule grades this finding differently from its declared severity. */
  severity?: Severity;
}

/** The options a rule takes: what its `options` schema gives after defaults are applied. */
export type RuleOptions = Record<string, unknown>;

export interface RuleContext<O extends RuleOptions = RuleOptions> {
  documents: ParsedArtifact[];
  /** Every non-ignored path in the tree (relative). */
  paths: string[];
  index: ModelIndex;
  /** Per-rule options from config (`rules: { id: { options } }`), parsed by the rule's `options` schema. */
  options: O;
}

export interface FindingDraft {
  /** Which of the rule's `messages` this finding says (built with `say.<id>(args)` from `defineMessages`). */
  messageId: string;
  /** Names the concrete element: "Deployment cartservice (kubernetes-manifests/cartservice.yaml)". */
  message: string;
  /** The values the message template was filled with. */
  args?: Record<string, MessageArg>;
  locations: Source[];
  /** Stable id of the element the finding is about (used for fingerprints and de-duplication). */
  element?: string;
  /** Overrides the rule's generic recommendation with one specific to this element. */
  recommendation?: string;
  fix?: Fix;
  /** A rule may grade its own finding (e.g. availability shortfall size). */
  severity?: Severity;
  /** Numbers and facts behind the finding (for math-based rules), serialised into JSON output. */
  data?: Record<string, unknown>;
}

export interface RuleOutcome {
  findings: FindingDraft[];
  /** When the rule applied and found nothing, what the system does well ("All 11 Deployments declare readiness probes"). */
  strength?: string;
}

export interface Rule<O extends RuleOptions = RuleOptions> {
  /** `area/kebab-name`, stable forever. */
  id: string;
  area: Area;
  severity: Severity;
  title: string;
  /** Why an architect cares. */
  rationale: string;
  /**
   * Every kind of finding the rule reports, as `{{placeholder}}` templates under stable camelCase ids
   * (`defineMessages` in messages.ts). Findings name one by `messageId`; docs and SARIF list them.
   */
  messages: Record<string, string>;
  references: string[];
  /** The generic recommendation and fix pattern; findings may specialise it. */
  recommendation: string;
  fix: Fix;
  examples: { fail: RuleExample; pass: RuleExample };
  /** Judges the repository as a whole (CI, tests, ADRs): not run when a single file is reviewed. */
  repositoryLevel?: boolean;
  /**
   * Its findings are about the committed file, not the running deployment (a credential written in a file
   * leaks from a development compose file as much as from a production manifest): the default review never
   * leaves them out as development-only.
   */
  anyEnvironment?: boolean;
  /**
   * The options the rule takes (`rules: { <id>: { options } }` in plumbline.yaml): a strict zod object whose
   * fields carry their defaults and a `.describe()` text. The config loader validates against it (an unknown or
   * ill-typed option is an error at its file and line), the engine passes the parsed value to `check`, and the
   * docs and schema/plumbline.schema.json list it. A rule without options leaves it out.
   */
  options?: z.ZodType<O>;
  /**
   * Peer rules this rule covers, as `tool:rule` (`spectral:operation-tags`, `redocly:no-unused-components`);
   * docs/rules/parity.md maps them and a test keeps the two in step.
   */
  sources?: string[];
  check(model: SystemModel, ctx: RuleContext<O>): RuleOutcome;
}

export interface Finding {
  ruleId: string;
  area: Area;
  severity: Severity;
  title: string;
  /** The id of the rule's message template this finding fills. */
  messageId?: string;
  message: string;
  /** The values the template was filled with (SARIF's message arguments). */
  args?: Record<string, MessageArg>;
  element?: string;
  locations: Source[];
  recommendation: string;
  fix: Fix;
  data?: Record<string, unknown>;
  /** Stable across line moves: hash of rule, element (or message) and primary file. */
  fingerprint: string;
}

export interface Strength {
  ruleId: string;
  area: Area;
  message: string;
}
