/**
 * Findings that stand for several places (a systemic or variant-only fold, see folding.ts) keep each place
 * in `data.folded`, so recommendations still list every place and the score still counts them.
 */
import { compareSources } from '../model/provenance.js';
import type { Finding } from '../rules/types.js';

/** A finding folded into another: each place stays listed. */
export interface FoldedPlace {
  element?: string;
  message: string;
  locations: Finding['locations'];
  fingerprint: string;
}

/** The places a finding stands for: its folded members, or itself. */
export function foldedPlaces(f: Finding): FoldedPlace[] {
  const folded = (f.data as { folded?: FoldedPlace[] } | undefined)?.folded;
  if (Array.isArray(folded) && folded.length > 0) return folded;
  return [
    {
      ...(f.element !== undefined ? { element: f.element } : {}),
      message: f.message,
      locations: f.locations,
      fingerprint: f.fingerprint,
    },
  ];
}

/** Orders location lists by their first location (an empty list first). */
export function compareFirst(a: Finding['locations'], b: Finding['locations']): number {
  if (!a[0] || !b[0]) return a[0] ? 1 : b[0] ? -1 : 0;
  return compareSources(a[0], b[0]);
}
