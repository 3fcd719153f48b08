/**
 * Which contract a JSON/YAML document is, decided from the parsed document's top-level keys and the types of
 * their values (`openapi: "3.1.0"`, `swagger: "2.0"`, `asyncapi: "2.6.0"`), never from a window of bytes.
 * A cheap text pre-check runs first so that only files that could be contracts are parsed for the question:
 * it scans the whole text (a key at a top-level position in YAML, the quoted key anywhere in JSON), which stays
 * fast on multi-megabyte specs because it starts with a plain substring search.
 */
import type { Diagnostic } from '../model/schema.js';
import type { ParseOutcome } from './parse/structured.js';

export type ContractKey = 'openapi' | 'swagger' | 'asyncapi';
export type ContractKind = 'openapi' | 'asyncapi';

const PRECHECK: Record<ContractKind, { keys: ContractKey[]; key: RegExp; versioned: RegExp }> = {
  openapi: {
    keys: ['openapi', 'swagger'],
    key: /^["']?(?:openapi|swagger)["']?[ \t]*:|"(?:openapi|swagger)"\s*:/m,
    versioned: /^["']?(?:openapi|swagger)["']?[ \t]*:[ \t]*["']?\d|"(?:openapi|swagger)"\s*:\s*"?\d/m,
  },
  asyncapi: {
    keys: ['asyncapi'],
    key: /^["']?asyncapi["']?[ \t]*:|"asyncapi"\s*:/m,
    versioned: /^["']?asyncapi["']?[ \t]*:[ \t]*["']?\d|"asyncapi"\s*:\s*"?\d/m,
  },
};

/**
 * Cheap pre-check over the whole text: could this file be a `kind` contract? True when one of its version keys
 * sits where a top-level key can (column 0 in YAML; anywhere as a quoted key in JSON). The parsed document
 * decides (see `contractOf`).
 */
export function mayBeContract(kind: ContractKind, text: string): boolean {
  const check = PRECHECK[kind];
  if (!check.keys.some((k) => text.includes(k))) return false;
  return check.key.test(text);
}

/** The pre-check plus a version-like value after the key: a file meant as a contract. */
export function claimsContractVersion(kind: ContractKind, text: string): boolean {
  return PRECHECK[kind].versioned.test(text);
}

export interface ContractClass {
  kind: ContractKind;
  key: ContractKey;
  version: string;
}

/**
 * The contract a parsed document is: a top-level version key whose value is a version string (or a YAML number
 * such as an unquoted `swagger: 2.0`). A mapping under `swagger:` (an application's settings block) is not one.
 */
export function contractOf(data: unknown): ContractClass | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const obj = data as Record<string, unknown>;
  for (const key of ['asyncapi', 'openapi', 'swagger'] as const) {
    const v = obj[key];
    const version =
      typeof v === 'string'
        ? v.trim()
        : typeof v === 'number' && Number.isFinite(v)
          ? Number.isInteger(v)
            ? v.toFixed(1) // an unquoted `swagger: 2.0` is the YAML number 2
            : String(v)
          : '';
    if (version) return { kind: key === 'asyncapi' ? 'asyncapi' : 'openapi', key, version };
  }
  return undefined;
}

/** A top-level shape only an API description has: `paths` or `channels` as a mapping. */
function hasContractBody(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const obj = data as Record<string, unknown>;
  const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return isMap(obj.paths) || isMap(obj.channels);
}

/**
 * What an adapter returns for a file its pre-check let through but whose parsed documents are not its contract:
 * declined (so later adapters may still claim it), with a diagnostic when the file was evidently meant as a
 * contract (a version key with a version value that does not parse, or an API body without a usable version key).
 */
export function declineUnclassified(
  kind: ContractKind,
  file: string,
  text: string,
  outcome: ParseOutcome,
): { declined: true; diagnostics: Diagnostic[] } {
  const label = kind === 'openapi' ? 'OpenAPI/Swagger' : 'AsyncAPI';
  const expected =
    kind === 'openapi' ? '`openapi: "3.x"` or `swagger: "2.0"`' : '`asyncapi: "2.x"` or `asyncapi: "3.x"`';
  if (outcome.documents.length === 0 && outcome.diagnostics.length > 0 && claimsContractVersion(kind, text))
    return { declined: true, diagnostics: outcome.diagnostics };
  const body = outcome.documents.find((d) => hasContractBody(d.data) && !contractOf(d.data));
  if (!body) return { declined: true, diagnostics: [] };
  const keys = PRECHECK[kind].keys;
  const obj = body.data as Record<string, unknown>;
  const present = keys.find((k) => k in obj);
  return {
    declined: true,
    diagnostics: [
      {
        severity: 'warning',
        file,
        line: body.locate(present ? [present] : []).line,
        message: present
          ? `mentions ${label} but its top-level \`${present}\` is not a version string (expected ${expected}); not read as a contract`
          : `looks like an ${label} description (top-level \`paths\`/\`channels\`) but has no top-level version key (expected ${expected}); not read as a contract`,
        origin: kind,
      },
    ],
  };
}
