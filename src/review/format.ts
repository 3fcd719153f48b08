/** Number formatting shared by the scoring and the renderers (which see only the report and this). */

export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, '');
}
