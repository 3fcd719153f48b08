/**
 * Plumbline's own layers (.dependency-cruiser.cjs says which and why): no rule area imports another, render sees
 * only the report, the model imports nothing from discovery. dependency-cruiser reads src/ as the compiler does.
 */
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';
import { describe, expect, it } from 'vitest';

describe('layers of src/', () => {
  it('has no dependency that crosses a forbidden boundary (npx depcruise src --config .dependency-cruiser.cjs)', async () => {
    const config = await extractDepcruiseConfig('./.dependency-cruiser.cjs');
    const { output } = await cruise(['src'], { ...config, validate: true, ruleSet: config });
    const result = output as ICruiseResult;
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
    // the check sees the whole tree (a broken resolution would make it vacuous)
    expect(result.summary.totalCruised).toBeGreaterThan(300);
    expect(result.modules.some((m) => m.source === 'src/rules/shared/roles.ts')).toBe(true);
  }, 60_000);
});
