/**
 * The zod schema of plumbline.yaml, one schema per top-level section so a mistake in one section does not
 * lose the others. The review config keys (`rules`, `suppressions`, `baseline`) belong to the review config
 * parser and are accepted here without checking. The schemas are built on first use: building them took ~9 ms of
 * every run, and most reviewed repositories have no plumbline.yaml.
 */
import * as z from 'zod';
import { SERVICE_ROLES } from '../../model/vocabulary.js';

function buildSections() {
  const name = z.string().min(1);
  const nonNegative = z.number().nonnegative();

  /** 0.999, "99.9%" or "99.9 %" → 0.999. A bare 99.9 is rejected: it is ambiguous. */
  const availability = z.union([
    z
      .number()
      .gt(0, { message: 'availabilityTarget must be between 0 and 1 (e.g. 0.999) or a percentage ("99.9%")' })
      .lte(1, {
        message: 'availabilityTarget must be between 0 and 1 (e.g. 0.999) or a percentage ("99.9%")',
      }),
    z
      .string()
      .regex(/^\s*\d+(\.\d+)?\s*%\s*$/, { message: 'availabilityTarget must look like "99.9%" or 0.999' })
      .transform((s) => Number((Number(s.replace('%', '').trim()) / 100).toPrecision(12)))
      .pipe(z.number().gt(0).lte(1)),
  ]);

  const requirementsSection = z.strictObject({
    availabilityTarget: availability.optional(),
    p99LatencyMs: nonNegative.optional(),
    p50LatencyMs: nonNegative.optional(),
    peakRps: nonNegative.optional(),
    dataGrowthGbPerYear: nonNegative.optional(),
    rpoMinutes: nonNegative.optional(),
    rtoMinutes: nonNegative.optional(),
  });

  const slosSection = z.array(
    z.strictObject({
      name,
      service: name.optional(),
      objective: z.union([z.string().min(1), z.number()]).transform(String),
    }),
  );

  const classList = z.array(name.transform((s) => s.toLowerCase()));

  /** Map form `{ payments: [payment] }` (service → classes) or list form `[{ name, classes, services }]`. */
  const dataClassesSection = z.union([
    z.record(name, classList),
    z.array(
      z.strictObject({
        name,
        classes: classList,
        services: z.array(name).default([]),
      }),
    ),
  ]);

  const complianceSection = z.array(name);

  const trustBoundariesSection = z.array(
    z.strictObject({
      name,
      kind: name.default('zone'),
      services: z.array(name),
    }),
  );

  const ownersSection = z.record(name, name);

  const teamSection = z.strictObject({
    teams: z.number().int().positive().optional(),
    engineers: z.number().int().positive().optional(),
  });

  /** List form `[{ name, services }]` or map form `{ checkout: [frontend, checkout, payment] }`. */
  const criticalPathsSection = z.union([
    z.array(z.strictObject({ name, services: z.array(name).min(2) })),
    z.record(name, z.array(name).min(2)),
  ]);

  const externalsSection = z.array(
    z.strictObject({
      name,
      kind: name.default('external'),
      url: z.string().optional(),
      usedBy: z.array(name).default([]),
    }),
  );

  const serviceOverride = z.strictObject({
    role: z.enum(SERVICE_ROLES).optional(),
    owner: name.optional(),
    domain: name.optional(),
    language: name.optional(),
  });

  const datastoreOverride = z.strictObject({
    replicated: z.boolean().optional(),
    backup: z.boolean().optional(),
    external: z.boolean().optional(),
    owner: name.optional(),
  });

  const overridesSection = z.strictObject({
    services: z.record(name, serviceOverride).optional(),
    datastores: z.record(name, datastoreOverride).optional(),
  });

  const environment = z.enum(['production', 'staging', 'development', 'test', 'local']);
  /** The primary deployment, and environments by deployment name or path (`deploy/loadtest: test`). */
  const deploymentsSection = z.strictObject({
    primary: name.optional(),
    environments: z.record(name, environment).optional(),
  });
  /** Paths left out of discovery, gitignore-style globs (read by the walker before anything else). */
  const ignoreSection = z.array(name);

  return {
    system: name,
    description: z.string(),
    requirements: requirementsSection,
    slos: slosSection,
    dataClasses: dataClassesSection,
    compliance: complianceSection,
    trustBoundaries: trustBoundariesSection,
    owners: ownersSection,
    team: teamSection,
    criticalPaths: criticalPathsSection,
    externals: externalsSection,
    overrides: overridesSection,
    deployments: deploymentsSection,
    ignore: ignoreSection,
  } as const;
}

export type ManifestSections = ReturnType<typeof buildSections>;
export type ManifestSection = keyof ManifestSections;

let built: ManifestSections | undefined;

export function manifestSections(): ManifestSections {
  built ??= buildSections();
  return built;
}

/** The sections in the order the docs and messages list them. */
export const MANIFEST_SECTIONS: readonly ManifestSection[] = [
  'system',
  'description',
  'requirements',
  'slos',
  'dataClasses',
  'compliance',
  'trustBoundaries',
  'owners',
  'team',
  'criticalPaths',
  'externals',
  'overrides',
  'deployments',
  'ignore',
];

/** Keys that belong to the review configuration (parsed elsewhere) or are informational. */
export const REVIEW_CONFIG_KEYS = new Set([
  'rules',
  'suppressions',
  'baseline',
  'repositories',
  'areas',
  'version',
  'extends',
  'plugins',
]);
