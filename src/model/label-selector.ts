/**
 * Kubernetes label selectors: `matchLabels` pairs and `matchExpressions` requirements, all of which must hold.
 * Whether an empty selector selects everything or nothing depends on the object (a NetworkPolicy's or a
 * policy/v1 PodDisruptionBudget's selects every pod in its namespace; a Service's selects none), so callers
 * decide that with `isEmptySelector`.
 */
import type { LabelRequirement } from './schema.js';

export function isEmptySelector(
  matchLabels: Record<string, string>,
  expressions: readonly LabelRequirement[] | undefined,
): boolean {
  return Object.keys(matchLabels).length === 0 && !expressions?.length;
}

/** Whether pod labels satisfy every pair and requirement; an empty selector matches. */
export function labelsMatch(
  matchLabels: Record<string, string>,
  expressions: readonly LabelRequirement[] | undefined,
  labels: Record<string, string>,
): boolean {
  for (const key in matchLabels) if (labels[key] !== matchLabels[key]) return false;
  return (expressions ?? []).every((r) => requirementHolds(r, labels));
}

function requirementHolds(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(labels[r.key]!);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(labels[r.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** `app=orders,tier in (web,api),!canary` — the kubectl selector syntax, for messages. */
export function selectorText(
  matchLabels: Record<string, string>,
  expressions: readonly LabelRequirement[] | undefined,
): string {
  const parts = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const r of expressions ?? []) {
    const values = (r.values ?? []).join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${values})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${values})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else parts.push(`!${r.key}`);
  }
  return parts.join(',');
}
