/**
 * Small readers over parsed YAML/JSON values shared by the Kubernetes and compose adapters: narrow an
 * unknown to an object, string, number or list without throwing, and split image references.
 */

import { isObj, type Obj } from '../../model/values.js';

export { isObj, type Obj };

export function obj(value: unknown): Obj {
  return isObj(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Strings, numbers and booleans as text (YAML turns `port: 80` into a number, `"80"` into a string). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function int(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** A `{key: value}` map of scalars as strings (labels, selectors, annotations). */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(value)) return out;
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    const s = v === null ? '' : str(v);
    if (s !== undefined) out[key] = s;
  }
  return out;
}

/** A list of strings from a list or a single string. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return list(value)
    .map(str)
    .filter((s): s is string => s !== undefined);
}

// Image references are the model's vocabulary (services are matched by image); discovery re-uses them.
export { type ImageParts, imageName, splitImage } from '../../model/images.js';

/** Kubernetes quantity strings as written (`500m`, `256Mi`), numbers as text. */
export function quantity(value: unknown): string | undefined {
  return str(value);
}
