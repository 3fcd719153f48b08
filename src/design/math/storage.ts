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

/** Append-only data sized by what arrives and how long it is kept: a hot tier in the database, the rest in object storage. */
export interface RetentionMath extends Shown {
  scope: string;
  writesPerSecond: number;
  messageBytes: number;
  retentionDays: number;
  hotDays: number;
  dailyGb: number;
  /** Provisioned database storage for the hot tier (indexes and copies included). */
  hotGb: number;
  /** Compressed object storage for the rest of the retention period. */
  coldGb: number;
}

export function retentionMath(input: {
  scope: string;
  writesPerSecond: number;
  messageBytes: number;
  retentionDays: number;
  hotDays: number;
  compression: number;
  indexOverhead: number;
  copies: number;
}): RetentionMath {
  const dailyGb = (input.writesPerSecond * 86_400 * input.messageBytes) / 1e9;
  const hotDays = Math.min(input.hotDays, input.retentionDays);
  const hotGb = dailyGb * hotDays * (1 + input.indexOverhead) * input.copies;
  const coldGb = (dailyGb * Math.max(0, input.retentionDays - hotDays)) / input.compression;
  return {
    scope: input.scope,
    writesPerSecond: input.writesPerSecond,
    messageBytes: input.messageBytes,
    retentionDays: input.retentionDays,
    hotDays,
    dailyGb,
    hotGb,
    coldGb,
    formula:
      'daily = writes/s × 86,400 × bytes; hot = daily × hot days × (1 + index overhead) × copies; cold = daily × (retention − hot days) ÷ compression',
    shown:
      `${num(input.writesPerSecond, 0)}/s × 86,400 × ${num(input.messageBytes, 0)} B = ${num(dailyGb, 1)} GB/day; ` +
      `hot ${hotDays} d × ${num(1 + input.indexOverhead)} × ${input.copies} = ${num(hotGb, 0)} GB in the database; ` +
      `cold ${Math.max(0, input.retentionDays - hotDays)} d ÷ ${num(input.compression)} = ${num(coldGb, 0)} GB in object storage`,
  };
}
