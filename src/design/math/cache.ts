/** Cache memory from the working set: the hot fraction of the data, with per-key overhead and fill headroom. */
import { num } from '../decisions/table.js';
import type { Shown } from './shown.js';

export interface CacheMath extends Shown {
  context: string;
  dataGb: number;
  workingSetGb: number;
  memoryGb: number;
}

export function cacheMath(
  context: string,
  dataGb: number,
  hotFraction: number,
  overhead: number,
  fillTarget: number,
): CacheMath {
  const workingSetGb = dataGb * hotFraction;
  const memoryGb = (workingSetGb * (1 + overhead)) / fillTarget;
  return {
    context,
    dataGb,
    workingSetGb,
    memoryGb,
    formula: 'working set = data × hot fraction; memory = working set × (1 + overhead) ÷ fill target',
    shown: `${num(dataGb, 1)} GB × ${num(hotFraction)} = ${num(workingSetGb, 2)} GB; × ${num(1 + overhead)} ÷ ${num(fillTarget)} = ${num(memoryGb, 2)} GB`,
  };
}
