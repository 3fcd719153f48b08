/**
 * The JSON Schema of plumbline.yaml (schema/plumbline.schema.json), derived from the schemas that validate it:
 * the manifest sections (src/discover/manifest/schema.ts), the review keys (rules, suppressions, baseline,
 * extends, plugins) and every rule's own options. Editors use it for completion and inline errors; the loaders
 * stay the authority (they also check what JSON Schema cannot say, such as service names that must exist).
 */
import * as z from 'zod';
import { MANIFEST_SECTIONS, manifestSections } from '../discover/manifest/schema.js';
import { AREAS, type Rule, SEVERITIES } from '../rules/types.js';
import { PRESET_PREFIX, PRESETS } from './rulesets.js';

const severity = z.enum(SEVERITIES).meta({ id: 'severity' });
const anyOptions = z.record(z.string(), z.unknown()).optional();
const genericSetting = settingWith(anyOptions).meta({ id: 'ruleSetting' });

function settingWith(options: z.ZodType) {
  return z.union([
    z.literal('off'),
    severity,
    z.strictObject({ enabled: z.boolean().optional(), severity: severity.optional(), options }),
  ]);
}

/** A rule without options shares one definition; one with options spells out its own. */
function ruleSetting(rule: Rule) {
  return rule.options ? settingWith(rule.options.optional()) : genericSetting;
}

export function plumblineConfigSchema(rules: readonly Rule[]) {
  const sections = manifestSections();
  const manifest = Object.fromEntries(MANIFEST_SECTIONS.map((k) => [k, sections[k].optional()]));
  const ruleKeys = Object.fromEntries(rules.map((r) => [r.id, ruleSetting(r).optional()]));
  const presets = Object.keys(PRESETS).map((p) => `${PRESET_PREFIX}${p}`) as [string, ...string[]];
  return z.object({
    ...manifest,
    rules: z
      .object(ruleKeys)
      .catchall(genericSetting)
      .optional()
      .describe('By rule id, `<area>/*` or `*`: off | <severity> | {enabled, severity, options}'),
    suppressions: z
      .array(
        z.strictObject({
          rule: z.string().min(1),
          element: z.string().min(1).optional(),
          file: z.string().min(1).optional(),
          path: z.string().min(1).optional(),
          reason: z.string().min(1).describe('Why the finding does not apply (mandatory)'),
        }),
      )
      .optional(),
    baseline: z
      .string()
      .min(1)
      .optional()
      .describe('A baseline file written by `plumbline review --write-baseline`'),
    extends: z.union([z.enum(presets), z.array(z.enum(presets))]).optional(),
    plugins: z.array(z.string().min(1)).optional().describe('ES modules exporting `rules`'),
    areas: z.array(z.enum(AREAS)).optional(),
    version: z.union([z.string(), z.number()]).optional(),
  });
}

/** The schema as committed under schema/ (draft 2020-12). */
export function plumblineJsonSchemaText(rules: readonly Rule[]): string {
  const schema = z.toJSONSchema(plumblineConfigSchema(rules), { target: 'draft-2020-12', io: 'input' });
  const doc = {
    ...schema,
    $id: 'https://plumbline.dev/schema/plumbline.schema.json',
    title: 'plumbline.yaml',
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
