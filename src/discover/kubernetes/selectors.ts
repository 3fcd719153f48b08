/**
 * Reads Kubernetes label selectors (`matchLabels` and `matchExpressions`). The API server rejects an object
 * whose selector has an unknown operator, `In`/`NotIn` without values or `Exists`/`DoesNotExist` with values,
 * so such a selector is returned as a problem (the caller reports the object as skipped), never guessed at.
 */
import type { LabelRequirement } from '../../model/schema.js';
import type { PathSegment } from '../parse/structured.js';
import { isObj, list, obj, str, stringMap } from '../parse/values.js';

export interface LabelSelector {
  matchLabels: Record<string, string>;
  expressions?: LabelRequirement[];
}

export class InvalidSelector extends Error {
  constructor(
    message: string,
    /** Where the bad requirement is, relative to the object. */
    readonly path: PathSegment[],
  ) {
    super(message);
  }
}

const OPERATORS = new Set<string>(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** The selector at `path` inside the object (`value` is what is written there); throws InvalidSelector. */
export function readLabelSelector(value: unknown, path: PathSegment[]): LabelSelector {
  const selector = obj(value);
  const matchLabels = stringMap(selector.matchLabels);
  const expressions: LabelRequirement[] = [];
  list(selector.matchExpressions).forEach((raw, i) => {
    const at = [...path, 'matchExpressions', i];
    const r = obj(raw);
    const key = str(r.key);
    const operator = str(r.operator);
    if (!isObj(raw) || !key) throw new InvalidSelector('a matchExpressions entry without a key', at);
    if (!operator || !OPERATORS.has(operator))
      throw new InvalidSelector(
        `matchExpressions operator ${operator ? `"${operator}"` : '(missing)'} for key ${key} is not In, NotIn, Exists or DoesNotExist`,
        [...at, 'operator'],
      );
    const values = list(r.values)
      .map(str)
      .filter((v): v is string => v !== undefined);
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues && values.length === 0)
      throw new InvalidSelector(`matchExpressions ${key} ${operator} needs at least one value`, at);
    if (!needsValues && values.length > 0)
      throw new InvalidSelector(`matchExpressions ${key} ${operator} must not list values`, [
        ...at,
        'values',
      ]);
    expressions.push({
      key,
      operator: operator as LabelRequirement['operator'],
      ...(needsValues ? { values } : {}),
    });
  });
  return { matchLabels, ...(expressions.length ? { expressions } : {}) };
}
