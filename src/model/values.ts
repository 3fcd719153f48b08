/** Small helpers every layer uses on parsed documents and in messages; declared once here. */

/** A parsed mapping (a YAML or JSON object). */
export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "1 container", "3 containers", "2 replicas" (`many` for irregular plurals). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * Plain code-unit order of two strings (what `<` compares, not locale order), for sort comparators: the same
 * order on every machine, so reports stay byte-identical.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
