/**
 * What `diffContracts` returns: the changes between two versions of a system's API contracts, each with a
 * stable kind, a severity for CI gates, the API it belongs to, and where it sits in the old and new files.
 */
import type { Diagnostic, Source } from '../model/schema.js';

export type ChangeSeverity = 'breaking' | 'warning' | 'info';

/** Most severe first. */
export const CHANGE_SEVERITIES: readonly ChangeSeverity[] = ['breaking', 'warning', 'info'];

export function changeSeverityRank(s: ChangeSeverity): number {
  return s === 'breaking' ? 3 : s === 'warning' ? 2 : 1;
}

export interface ChangedApi {
  kind: 'openapi' | 'grpc';
  /** The contract file in the new version (the old one when the API was removed). */
  file: string;
  title: string;
}

export interface ContractChange {
  /** Stable id, e.g. `openapi/operation-removed`, `proto/field-removed`. */
  kind: string;
  severity: ChangeSeverity;
  api: ChangedApi;
  /** The concrete element: `GET /pets/{id}`, `demo.CartService/AddItem`, `demo.Product.price_usd`. */
  element: string;
  message: string;
  /** Where the element is (or its nearest container is) in the old version. */
  base?: Source;
  /** Where the element is (or its nearest container is) in the new version. */
  head?: Source;
}

export interface ContractDiff {
  /** Sorted: severity, API file, element, kind, message. */
  changes: ContractChange[];
  summary: Record<ChangeSeverity, number> & { apis: { base: number; head: number; paired: number } };
  /** Problems reading either version (malformed files), tagged with the side they come from. */
  diagnostics: (Diagnostic & { side: 'base' | 'head' | 'both' })[];
  /**
   * Contract files a side could not read (over the size limit, binary, unparsable): their changes are unknown,
   * so they are never reported as added or removed, and `plumbline diff` fails.
   */
  unreadable: { side: 'base' | 'head'; file: string; line?: number; message: string }[];
}
