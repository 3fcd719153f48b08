/** Storage after N years of compound growth, with indexes and copies on top. */
import { num } from '../decisions/table.js';
import type { Shown } from './shown.js';

export interface StorageMath extends Shown {
  scope: string;
  initialGb: number;
  yearlyGrowth: number;
  years: number;
  dataGb: number;
  provisionedGb: number;
}

export function dataAfter(initialGb: number, yearlyGrowth: number, years: number): number {
  return initialGb * (1 + yearlyGrowth) ** years;
}

export function storageMath(
  scope: string,
  initialGb: number,
  yearlyGrowth: number,
  years: number,
  indexOverhead: number,
  copies: number,
): StorageMath {
  const dataGb = dataAfter(initialGb, yearlyGrowth, years);
  const provisionedGb = dataGb * (1 + indexOverhead) * copies;
  return {
    scope,
    initialGb,
    yearlyGrowth,
    years,
    dataGb,
    provisionedGb,
    formula: 'data(N) = initial × (1 + growth)^N; provisioned = data(N) × (1 + index overhead) × copies',
    shown: `${num(initialGb)} GB × (1 + ${num(yearlyGrowth)})^${years} = ${num(dataGb, 1)} GB; × ${num(1 + indexOverhead)} × ${copies} = ${num(provisionedGb, 1)} GB`,
  };
}
