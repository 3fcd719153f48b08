/**
 * Small readers over parsed YAML/JSON values shared by the Kubernetes and compose adapters: narrow an
 * unknown to an object, string, number or list without throwing, and split image references.
 */

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

export interface ImageParts {
  image: string;
  tag?: string;
  digest?: string;
}

/** `redis:7.2@sha256:…` → tag 7.2 and the digest; a registry port (`host:5000/x`) is not a tag. */
export function splitImage(ref: string): ImageParts {
  const image = ref.trim();
  // Template expressions (`${TAG:-1.0}`, `{{ .Values.tag }}`) may hold ':' and '/': mask them, same length.
  let rest = image.replace(/\$\{[^}]*\}|\{\{[^}]*\}\}/g, (m) => m.replace(/[:/@]/g, '_'));
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tag = colon > slash ? image.slice(colon + 1, rest.length) : undefined;
  if (digest) digest = image.slice(at + 1);
  return { image, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The repository part of an image reference, without registry, tag or digest: `docker.io/library/redis:7` → `redis`. */
export function imageName(ref: string): string {
  let rest = ref.trim().toLowerCase();
  const at = rest.indexOf('@');
  if (at >= 0) rest = rest.slice(0, at);
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) rest = rest.slice(0, colon);
  return rest.slice(rest.lastIndexOf('/') + 1);
}

/** Kubernetes quantity strings as written (`500m`, `256Mi`), numbers as text. */
export function quantity(value: unknown): string | undefined {
  return str(value);
}
