/** A computed figure with its formula and the same formula with the numbers substituted. */
export interface Shown {
  formula: string;
  /** The formula with the inputs filled in and the result. */
  shown: string;
}
