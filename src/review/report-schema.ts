/**
 * The Report as a zod schema: the source of schema/report.schema.json (scripts/gen-report-schema.ts).
 * The type checks at the bottom keep it and the Report interface in step.
 */
import * as z from 'zod';
import { DiagnosticSchema, RepositorySchema, ServiceRoleSchema, SourceSchema } from '../model/schema.js';
import { AREAS, SEVERITIES } from '../rules/types.js';
import type { Report } from './report.js';

const SeveritySchema = z.enum(SEVERITIES);
const AreaSchema = z.enum(AREAS);
const bySeverity = z.object(
  Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int().min(0)])) as {
    [K in (typeof SEVERITIES)[number]]: z.ZodNumber;
  },
);
const byArea = z.object(
  Object.fromEntries(AREAS.map((a) => [a, z.number().int().min(0)])) as {
    [K in (typeof AREAS)[number]]: z.ZodNumber;
  },
);

const FixSchema = z.object({
  description: z.string(),
  snippet: z.string().optional(),
  language: z.string().optional(),
});

export const FindingSchema = z.object({
  ruleId: z.string(),
  area: AreaSchema,
  severity: SeveritySchema,
  title: z.string(),
  messageId: z.string().optional(),
  message: z.string(),
  args: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  element: z.string().optional(),
  locations: z.array(SourceSchema),
  recommendation: z.string(),
  fix: FixSchema,
  data: z.record(z.string(), z.unknown()).optional(),
  fingerprint: z.string(),
});

const ReportFindingSchema = FindingSchema.extend({
  baselined: z.boolean().optional(),
  services: z.array(z.string()).optional(),
});

const StrengthSchema = z.object({ ruleId: z.string(), area: AreaSchema, message: z.string() });
const RatingSchema = z.enum(['Excellent', 'Good', 'Needs Improvement', 'Poor', 'Not assessed']);
const PrioritySchema = z.enum(['P1', 'P2', 'P3', 'P4']);

const AssessmentSchema = z.object({
  rating: RatingSchema,
  score: z.number().min(0).max(100),
  deducted: z.number().min(0),
  formula: z.string(),
  byArea: z.array(
    z.object({
      area: AreaSchema,
      title: z.string(),
      problems: z.number().int(),
      findings: z.number().int(),
      points: z.number(),
      formula: z.string(),
    }),
  ),
  deductions: z.array(
    z.object({
      ruleId: z.string(),
      rules: z.array(z.string()).optional(),
      area: AreaSchema,
      findings: z.number().int(),
      places: z.number().int(),
      severity: SeveritySchema,
      breadth: z.number(),
      severities: z.array(SeveritySchema),
      points: z.number(),
      formula: z.string(),
    }),
  ),
  caps: z.array(z.string()),
  summary: z.string(),
  method: z.string(),
});

const ImpactSchema = z.object({
  summary: z.string(),
  servicesTotal: z.number().int(),
  servicesAffected: z.number().int(),
  hotspots: z.array(
    z.object({
      service: z.string(),
      findings: z.number().int(),
      highest: SeveritySchema,
      areas: z.array(AreaSchema),
    }),
  ),
  areas: z.array(
    z.object({
      area: AreaSchema,
      findings: z.number().int(),
      highest: SeveritySchema,
      services: z.number().int(),
      statement: z.string(),
    }),
  ),
  systemic: z.array(
    z.object({ ruleId: z.string(), title: z.string(), services: z.number().int(), share: z.number() }),
  ),
  criticalPaths: z.array(z.object({ name: z.string(), services: z.array(z.string()) })),
});

const ComplianceSchema = z.object({
  area: AreaSchema,
  title: z.string(),
  rulesRun: z.number().int(),
  rulesApplicable: z.number().int(),
  rulesPassing: z.number().int(),
  rulesFailing: z.array(z.string()),
  compliance: z.number().min(0).max(1).nullable(),
  strengths: z.array(z.string()),
});

const ImprovementAreaSchema = z.object({
  area: AreaSchema,
  title: z.string(),
  findings: z.number().int(),
  highest: SeveritySchema,
  items: z.array(
    z.object({
      ruleId: z.string(),
      title: z.string(),
      severity: SeveritySchema,
      findings: z.number().int(),
      recommendation: z.string(),
    }),
  ),
});

const RecommendationSchema = z.object({
  id: z.string(),
  category: AreaSchema,
  ruleId: z.string(),
  rules: z.array(z.string()).optional(),
  title: z.string(),
  severity: SeveritySchema,
  priority: PrioritySchema,
  timeline: z.string(),
  action: z.string(),
  rationale: z.string(),
  priorityReason: z.string(),
  fix: FixSchema,
  references: z.array(z.string()),
  places: z.number().int(),
  newPlaces: z.number().int(),
  affected: z.array(
    z.object({
      message: z.string(),
      element: z.string().optional(),
      locations: z.array(SourceSchema),
      fingerprint: z.string(),
      finding: z.string().optional(),
      baselined: z.boolean().optional(),
    }),
  ),
});

const NextStepSchema = z.object({ text: z.string(), recommendations: z.array(z.string()) });

const RuleMetaSchema = z.object({
  id: z.string(),
  area: AreaSchema,
  severity: SeveritySchema,
  title: z.string(),
  rationale: z.string(),
  references: z.array(z.string()),
  recommendation: z.string(),
  fix: FixSchema,
  messages: z.record(z.string(), z.string()).optional(),
});

export const ReportSchema = z.object({
  reportVersion: z.string(),
  tool: z.object({ name: z.literal('plumbline'), version: z.string() }),
  system: z.object({
    name: z.string(),
    root: z.string(),
    services: z.number().int(),
    artifacts: z.record(z.string(), z.number().int()),
    /** Set when the system was read from several repositories: locations then read `<name>:<path>`. */
    repositories: z.array(RepositorySchema).optional(),
  }),
  summary: z.object({
    findings: z.number().int(),
    bySeverity,
    byArea,
    new: z.number().int(),
    baselined: z.number().int(),
    suppressed: z.number().int(),
  }),
  findings: z.array(ReportFindingSchema),
  strengths: z.array(StrengthSchema),
  diagnostics: z.array(DiagnosticSchema),
  rulesRun: z.array(z.string()),
  assessment: AssessmentSchema,
  impact: ImpactSchema,
  compliance: z.array(ComplianceSchema),
  patterns: z.object({
    summary: z.string(),
    patterns: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: z.enum(['applied', 'partial', 'contradicted', 'absent']),
        notes: z.string(),
        services: z.array(z.string()),
        evidence: z.number().int().min(0),
        locations: z.array(SourceSchema),
        gaps: z.array(z.string()),
        expected: z.string().optional(),
      }),
    ),
  }),
  areasForImprovement: z.array(ImprovementAreaSchema),
  recommendations: z.array(RecommendationSchema),
  nextSteps: z.object({
    immediate: z.array(NextStepSchema),
    mediumTerm: z.array(NextStepSchema),
    longTerm: z.array(NextStepSchema),
  }),
  suppressed: z.array(
    z.object({
      finding: FindingSchema,
      reason: z.string().min(1),
      kind: z.enum(['config', 'inline']),
      source: SourceSchema,
    }),
  ),
  baseline: z
    .object({
      file: z.string(),
      entries: z.number().int(),
      new: z.number().int(),
      baselined: z.number().int(),
    })
    .optional(),
  scope: z.object({ changedSince: z.string(), files: z.array(z.string()) }).optional(),
  rules: z.array(RuleMetaSchema),
  graph: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z.union([ServiceRoleSchema, z.literal('external')]),
        findings: z.number().int(),
        highest: SeveritySchema.optional(),
        repositories: z.array(z.string()).optional(),
      }),
    ),
    edges: z.array(z.object({ from: z.string(), to: z.string(), protocol: z.string(), kind: z.string() })),
    externalCalls: z.array(z.object({ from: z.string(), to: z.string() })).optional(),
  }),
});

/** The Report as JSON Schema (draft 2020-12), the text committed as schema/report.schema.json. */
export function reportJsonSchemaText(): string {
  const schema = z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://plumbline.dev/schema/report.schema.json', title: 'Plumbline review report' }, null, 2)}\n`;
}

// Compile-time: the schema and the Report interface describe the same shape.
type Inferred = z.infer<typeof ReportSchema>;
const _reportFitsSchema = (r: Report): Inferred => r;
const _schemaFitsReport = (r: Inferred): Report => r;
void _reportFitsSchema;
void _schemaFitsReport;
