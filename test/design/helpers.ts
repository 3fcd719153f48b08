import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { designSystem, parseRequirements, type Requirements } from '../../src/design/index.js';

export const EXAMPLES = ['crud-saas', 'marketplace', 'telemetry', 'drone-delivery'] as const;

export function exampleText(name: string): string {
  return readFileSync(`examples/design/${name}.yaml`, 'utf8');
}

export function loadExample(name: string): Requirements {
  return parseRequirements(exampleText(name), `examples/design/${name}.yaml`);
}

export function designExample(name: string) {
  return designSystem(loadExample(name));
}

/** The example with a change applied to its raw YAML data, re-validated. */
export function designVariant(name: string, change: (raw: Record<string, any>) => void) {
  const raw = parse(exampleText(name));
  change(raw);
  return designSystem(parseRequirements(stringify(raw), `${name}-variant.yaml`));
}
