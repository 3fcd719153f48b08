import { describe, expect, it } from 'vitest';
import { assessPath, formatPercent, redundant, serial } from '../../../src/rules/shared/availability.js';

describe('availability arithmetic', () => {
  it('multiplies serial components: 3 services at 0.999 give 0.997003', () => {
    expect(serial([0.999, 0.999, 0.999])).toBeCloseTo(0.997003, 6);
    expect(serial([])).toBe(1);
  });

  it('combines n replicas as 1-(1-a)^n: 2 replicas of 0.99 give 0.9999', () => {
    expect(redundant(0.99, 2)).toBeCloseTo(0.9999, 10);
    expect(redundant(0.995, 1)).toBe(0.995);
    expect(redundant(0.995, 3)).toBeCloseTo(0.999999875, 12);
    expect(redundant(0.9, 0)).toBe(0);
  });

  it('assesses a path against its target with shortfall, downtime and the replica floor needed', () => {
    // frontend, checkout, payment at 1 pod of 0.995 each: 0.995^3 = 0.985074875
    const pods = ['frontend', 'checkout', 'payment'].map((id) => ({
      id,
      kind: 'pod' as const,
      perReplica: 0.995,
      replicas: 1,
      basis: 'test',
    }));
    const r = assessPath(pods, 0.999);
    expect(r.composite).toBeCloseTo(0.985074875, 12);
    expect(r.met).toBe(false);
    expect(r.shortfall).toBeCloseTo(0.999 - 0.985074875, 12);
    // 2 replicas each: (1 - 0.005^2)^3 = 0.999975^3 = 0.99992500..., meets 0.999
    expect(r.replicaFloorNeeded).toBe(2);
    expect(r.components.map((c) => c.replicasNeeded)).toEqual([2, 2, 2]);
    expect(r.downtimeMinutesPerMonth.target).toBeCloseTo(43.2, 6);
    expect(r.downtimeMinutesPerMonth.composite).toBeCloseTo(0.014925125 * 43200, 6);
  });

  it('needs three replicas for four nines over four pods, and says when fixed components cap the path', () => {
    const pods = [1, 2, 3, 4].map((i) => ({
      id: `s${i}`,
      kind: 'pod' as const,
      perReplica: 0.995,
      replicas: 1,
      basis: '',
    }));
    // two replicas: (1 - 2.5e-5)^4 = 0.99990000375 ≥ 0.9999; five nines need three: (1 - 1.25e-7)^4 ≈ 0.9999995
    expect(assessPath(pods, 0.9999).replicaFloorNeeded).toBe(2);
    expect(assessPath(pods, 0.99999).replicaFloorNeeded).toBe(3);
    const managed = { id: 'db', kind: 'fixed' as const, perReplica: 0.9995, replicas: 1, basis: 'managed' };
    const capped = assessPath([...pods, managed], 0.9999);
    expect(capped.met).toBe(false);
    expect(capped.replicaFloorNeeded).toBeUndefined();
    expect(capped.ceiling).toBe(0.9995);
  });

  it('treats a path that meets its target as met, with no shortfall', () => {
    const r = assessPath([{ id: 'a', kind: 'pod', perReplica: 0.99, replicas: 2, basis: '' }], 0.9999);
    expect(r.met).toBe(true);
    expect(r.shortfall).toBe(0);
    expect(r.replicaFloorNeeded).toBeUndefined();
  });

  it('formats percentages with enough digits to tell nines apart', () => {
    expect(formatPercent(0.997002999)).toBe('99.7003%');
    expect(formatPercent(0.9999)).toBe('99.99%');
    expect(formatPercent(0.999)).toBe('99.9%');
  });
});
