/**
 * A decision table: rows evaluated in order, the first whose `when` holds decides. Keeping decisions as
 * data makes each one readable in one place, listable in the docs and testable row by row.
 */

export interface DecisionRow<F, C> {
  /** Stable id, quoted in the report as the rule that decided. */
  id: string;
  when: (facts: F) => boolean;
  choose: C;
  because: (facts: F) => string;
}

export interface Decision<C> {
  rule: string;
  choice: C;
  because: string;
}

export function decide<F, C>(table: readonly DecisionRow<F, C>[], facts: F): Decision<C> {
  for (const row of table) {
    if (row.when(facts)) return { rule: row.id, choice: row.choose, because: row.because(facts) };
  }
  throw new Error(`decision table has no row for these facts (the last row must be a catch-all)`);
}

/** Rounds for display without trailing zeros: 0.30000000000000004 → "0.3". */
export function num(n: number, digits = 2): string {
  return String(Number(n.toFixed(digits)));
}

/** 0.9995 → "99.95%". */
export function pct(a: number, digits = 4): string {
  return `${Number((a * 100).toFixed(digits))}%`;
}
