/**
 * The requirements file: what a new system must do and how well. YAML, validated by zod; every error
 * names the key path and the line it sits on.
 */
import * as z from 'zod';
import { ASSUMPTION_NAMES } from './assumptions.js';
import { lineOf, parseLocated } from './yaml-locate.js';

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'use a lower-case kebab-case name (letters, digits, dashes)')
  .max(40);
const entityName = z
  .string()
  .regex(/^[A-Z][A-Za-z0-9]*$/, 'use a PascalCase entity name')
  .max(40);
const fraction = z.number().min(0).max(1);
/** 0.999 or "99.9%" */
const availability = z
  .union([
    z.number().gt(0).lt(1),
    z.string().regex(/^\d{1,2}(\.\d+)?%$/, 'write a percentage such as "99.9%"'),
  ])
  .describe('Availability target: a fraction below 1 (0.999) or a percentage ("99.9%").');
/**
 * Upper bounds keep the capacity math finite (an absurd input used to print "Infinity GB"): a billion requests
 * per second, milliseconds, connections or gigabytes (an exabyte) is beyond any system this designs.
 */
const LIMIT = 1e9;
const positive = z.number().positive().max(LIMIT);

export const FIELD_TYPES = [
  'string',
  'text',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'money',
  'email',
  'url',
  'uuid',
  'json',
] as const;

const RelationshipSchema = z.strictObject({
  to: entityName.describe('Target entity (in this or another context).'),
  kind: z.enum(['one-to-one', 'one-to-many', 'many-to-one', 'many-to-many']),
  /** The target cannot exist without this entity (an order owns its lines). */
  composition: z.boolean().default(false),
});

const EntitySchema = z.strictObject({
  name: entityName,
  description: z.string().max(300).optional(),
  fields: z
    .record(z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use camelCase field names'), z.enum(FIELD_TYPES))
    .default({}),
  relationships: z.array(RelationshipSchema).default([]),
  /** Money or order operations: creating one must be idempotent. Inferred from the name when unset. */
  monetary: z.boolean().optional(),
  /** Append-only measurements keyed by time (telemetry, metrics, readings). */
  timeSeries: z.boolean().default(false),
});

const ContextSchema = z.strictObject({
  name,
  description: z.string().max(300).optional(),
  entities: z.array(EntitySchema).min(1),
  useCases: z.array(z.string().max(200)).min(1),
  accessPattern: z.enum(['relational', 'document', 'key-value', 'time-series', 'search']).optional(),
  consistency: z.enum(['strong', 'eventual']).optional(),
  /** Data classes held: pii, payment, phi, telemetry, ... (drive the security model). */
  dataClasses: z.array(z.enum(['pii', 'payment', 'phi', 'credentials', 'telemetry', 'public'])).default([]),
  /** Share of the system's data this context holds, in GB today; unset contexts split the rest. */
  dataGb: z.number().nonnegative().max(LIMIT).optional(),
  /** How long its records are kept, in days: sizes append-only data by volume × retention, not by growth alone. */
  retentionDays: z.number().int().positive().max(100_000).optional(),
});

export const TRAFFIC_CLASSES = ['command', 'telemetry', 'user', 'batch'] as const;
export type TrafficClass = (typeof TRAFFIC_CLASSES)[number];

const RealtimeSchema = z.strictObject({
  protocol: z.enum(['websocket', 'sse']),
  /** Open client connections at peak. */
  connections: z.number().int().positive().max(LIMIT),
  /** Messages pushed per second at peak, before fan-out. */
  messagesPerSecond: positive,
  /** Subscribers each message is delivered to. */
  fanout: z.number().int().positive().max(LIMIT),
});

const CapabilitySchema = z.strictObject({
  name,
  context: name,
  description: z.string().max(300).optional(),
  peakRps: positive,
  avgRps: positive,
  /** Fraction of requests that only read. */
  readRatio: fraction,
  latency: z.strictObject({ p50Ms: positive, p99Ms: positive }).optional(),
  /** On the critical path: the latency budget and composite availability are computed for it. */
  critical: z.boolean().default(false),
  realtime: RealtimeSchema.optional(),
  /**
   * What the traffic is: `command` (command and control that must get through, e.g. to vehicles or plant),
   * `telemetry` (high-rate measurements from devices), `user` (people's requests), `batch` (bulk jobs).
   */
  trafficClass: z.enum(TRAFFIC_CLASSES).optional(),
  /** Who sends it: devices cannot retry a rejected message the way a person's client can. */
  clients: z.enum(['people', 'devices', 'services']).default('people'),
  /** Average size of one request or message, in bytes (sizes ingest bandwidth and storage). */
  messageBytes: positive.optional(),
  /** Hard deadline for the response or delivery, in ms (command paths): beyond it the message is useless. */
  deadlineMs: positive.optional(),
});

const IntegrationSchema = z.strictObject({
  name,
  purpose: z.string().max(200),
  context: name,
  direction: z.enum(['outbound', 'inbound']),
  /** The provider's availability SLA, when it sits on a synchronous path. */
  availability: availability.optional(),
  mode: z.enum(['sync', 'async']).optional(),
});

const InteractionSchema = z.strictObject({
  from: name,
  to: name,
  purpose: z.string().max(200),
  /** The caller cannot continue without the answer (a price, an authorisation). */
  needsImmediateAnswer: z.boolean().default(false),
  /** Event name when asynchronous (PascalCase, past tense); derived from the purpose when unset. */
  event: entityName.optional(),
  /** Capability whose requests trigger the interaction; its write rate drives event throughput. */
  trigger: name.optional(),
  eventsPerRequest: positive.default(1),
});

export const COMPLIANCE_REGIMES = [
  'gdpr',
  'pci-dss',
  'hipaa',
  'soc2',
  'iso27001',
  'iec-62443',
  'sox',
] as const;

export const RequirementsSchema = z
  .strictObject({
    system: z.string().min(1).max(80),
    description: z.string().max(500).optional(),
    contexts: z.array(ContextSchema).min(1),
    capabilities: z.array(CapabilitySchema).min(1),
    integrations: z.array(IntegrationSchema).default([]),
    interactions: z.array(InteractionSchema).default([]),
    nfr: z.strictObject({
      availability,
      latency: z.strictObject({ p50Ms: positive, p99Ms: positive }),
      rpoMinutes: z.number().nonnegative().max(LIMIT),
      rtoMinutes: z.number().nonnegative().max(LIMIT),
      data: z.strictObject({
        initialGb: z.number().nonnegative().max(LIMIT),
        yearlyGrowth: z
          .number()
          .min(0)
          .max(100)
          .describe('Growth per year as a fraction: 0.5 = +50% a year.'),
        horizonYears: z.number().int().min(1).max(10).default(3),
      }),
      consistency: z.enum(['strong', 'eventual']).default('strong'),
      safetyCritical: z.boolean().default(false),
    }),
    compliance: z.array(z.enum(COMPLIANCE_REGIMES)).default([]),
    team: z.strictObject({
      teams: z.number().int().min(1).max(10_000),
      size: z.number().int().min(1).max(10_000).describe('Engineers per team.'),
    }),
    preferences: z
      .strictObject({
        languages: z
          .array(z.enum(['typescript', 'go', 'java', 'kotlin', 'python', 'csharp', 'rust']))
          .default([]),
        cloud: z.enum(['aws', 'gcp', 'azure', 'on-prem']).optional(),
        budgetMonthlyUsd: positive.optional(),
      })
      .default({ languages: [] }),
    assumptions: z
      .record(z.string(), z.number().positive())
      .default({})
      .describe(`Overrides of the design assumptions: ${ASSUMPTION_NAMES.join(', ')}.`),
  })
  .superRefine(checkReferences);

export type RequirementsInput = z.input<typeof RequirementsSchema>;
export type ParsedRequirements = z.output<typeof RequirementsSchema>;
export type Context = ParsedRequirements['contexts'][number];
export type Entity = Context['entities'][number];
export type Capability = ParsedRequirements['capabilities'][number];
export type Interaction = ParsedRequirements['interactions'][number];
export type Integration = ParsedRequirements['integrations'][number];

/** Requirements with availability normalised to a fraction. */
export interface Requirements extends Omit<ParsedRequirements, 'nfr' | 'integrations'> {
  nfr: Omit<ParsedRequirements['nfr'], 'availability'> & { availability: number };
  integrations: (Omit<Integration, 'availability'> & { availability?: number })[];
}

function checkReferences(r: z.output<z.ZodObject<z.ZodRawShape>>, ctx: z.RefinementCtx): void {
  const req = r as unknown as ParsedRequirements;
  const contexts = new Set(req.contexts.map((c) => c.name));
  const entities = new Set(req.contexts.flatMap((c) => c.entities.map((e) => e.name)));
  const capabilities = new Set(req.capabilities.map((c) => c.name));
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  for (const i of duplicates(req.contexts.map((c) => c.name)))
    issue(['contexts', i, 'name'], 'duplicate context name');
  const seen = new Set<string>();
  req.contexts.forEach((c, ci) => {
    c.entities.forEach((e, ei) => {
      // entity names are global: relationships name their target without the context
      if (seen.has(e.name)) issue(['contexts', ci, 'entities', ei, 'name'], `duplicate entity ${e.name}`);
      seen.add(e.name);
      e.relationships.forEach((rel, ri) => {
        if (!entities.has(rel.to))
          issue(['contexts', ci, 'entities', ei, 'relationships', ri, 'to'], `unknown entity ${rel.to}`);
      });
    });
  });
  for (const i of duplicates(req.capabilities.map((c) => c.name)))
    issue(['capabilities', i, 'name'], 'duplicate capability name');
  req.capabilities.forEach((c, i) => {
    if (!contexts.has(c.context)) issue(['capabilities', i, 'context'], `unknown context ${c.context}`);
    if (c.avgRps > c.peakRps) issue(['capabilities', i, 'avgRps'], 'avgRps must not exceed peakRps');
    if (c.latency && c.latency.p50Ms > c.latency.p99Ms)
      issue(['capabilities', i, 'latency', 'p50Ms'], 'p50Ms must not exceed p99Ms');
  });
  req.integrations.forEach((g, i) => {
    if (!contexts.has(g.context)) issue(['integrations', i, 'context'], `unknown context ${g.context}`);
  });
  req.interactions.forEach((x, i) => {
    if (!contexts.has(x.from)) issue(['interactions', i, 'from'], `unknown context ${x.from}`);
    if (!contexts.has(x.to)) issue(['interactions', i, 'to'], `unknown context ${x.to}`);
    if (x.from === x.to) issue(['interactions', i, 'to'], 'an interaction connects two different contexts');
    if (x.trigger && !capabilities.has(x.trigger))
      issue(['interactions', i, 'trigger'], `unknown capability ${x.trigger}`);
  });
  if (req.nfr.latency.p50Ms > req.nfr.latency.p99Ms)
    issue(['nfr', 'latency', 'p50Ms'], 'p50Ms must not exceed p99Ms');
  for (const key of Object.keys(req.assumptions)) {
    if (!(ASSUMPTION_NAMES as string[]).includes(key))
      issue(['assumptions', key], `unknown assumption ${key} (known: ${ASSUMPTION_NAMES.join(', ')})`);
  }
}

/** Indexes of names already seen earlier in the list. */
function duplicates(names: string[]): number[] {
  return names.flatMap((n, i) => (names.indexOf(n) < i ? [i] : []));
}

export interface RequirementsIssue {
  file: string;
  line: number;
  path: string;
  message: string;
}

export class RequirementsError extends Error {
  constructor(readonly issues: RequirementsIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'RequirementsError';
  }
}

export function formatIssue(i: RequirementsIssue): string {
  return `${i.file}:${i.line}  ${i.path || '(root)'}: ${i.message}`;
}

/** Parse and validate a requirements file; throws RequirementsError naming file:line and key path. */
export function parseRequirements(text: string, file: string): Requirements {
  const located = parseLocated(text);
  if (located.document.errors.length > 0) {
    throw new RequirementsError(
      located.document.errors.map((e) => ({
        file,
        line: located.lineCounter.linePos(e.pos[0]).line,
        path: '',
        message: e.message.split('\n')[0],
      })),
    );
  }
  const result = RequirementsSchema.safeParse(located.document.toJS());
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue): RequirementsIssue[] => {
      const path = issue.path as PropertyKey[];
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          file,
          line: lineOf(located, path, key),
          path: formatPath([...path, key]),
          message: `unknown key \`${key}\``,
        }));
      }
      return [{ file, line: lineOf(located, path), path: formatPath(path), message: issue.message }];
    });
    issues.sort((a, b) => a.line - b.line || a.path.localeCompare(b.path));
    throw new RequirementsError(issues);
  }
  return normalise(result.data);
}

function normalise(r: ParsedRequirements): Requirements {
  return {
    ...r,
    nfr: { ...r.nfr, availability: toFraction(r.nfr.availability) },
    integrations: r.integrations.map((g) => ({
      ...g,
      availability: g.availability === undefined ? undefined : toFraction(g.availability),
    })),
  };
}

export function toFraction(a: number | string): number {
  return typeof a === 'number' ? a : Number((Number.parseFloat(a) / 100).toFixed(8));
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}
