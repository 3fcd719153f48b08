/** A rough monthly run cost, to hold against the stated budget. Order of magnitude, not a quote. */
import { num } from '../decisions/table.js';
import type { DatabaseTier } from './availability.js';
import type { Shown } from './shown.js';

export interface CostMath extends Shown {
  computeUsd: number;
  databasesUsd: number;
  storageUsd: number;
  brokerUsd: number;
  cacheUsd: number;
  totalUsd: number;
  budgetUsd?: number;
  withinBudget?: boolean;
}

const TIER_FACTOR: Record<DatabaseTier, number> = { 'single-zone': 1, 'multi-zone': 2, 'multi-region': 4 };

export function costMath(input: {
  replicas: number;
  instanceUsd: number;
  databases: number;
  databaseUsd: number;
  tier: DatabaseTier;
  storageGb: number;
  storageGbUsd: number;
  /** Archive tier in object storage. */
  objectGb?: number;
  objectGbUsd?: number;
  broker: boolean;
  brokerUsd: number;
  cacheGb: number;
  cacheGbUsd: number;
  budgetUsd?: number;
}): CostMath {
  const computeUsd = input.replicas * input.instanceUsd;
  const databasesUsd = input.databases * input.databaseUsd * TIER_FACTOR[input.tier];
  const objectUsd = (input.objectGb ?? 0) * (input.objectGbUsd ?? 0);
  const storageUsd = input.storageGb * input.storageGbUsd + objectUsd;
  const brokerUsd = input.broker ? input.brokerUsd : 0;
  const cacheUsd = input.cacheGb * input.cacheGbUsd;
  const totalUsd = computeUsd + databasesUsd + storageUsd + brokerUsd + cacheUsd;
  return {
    computeUsd,
    databasesUsd,
    storageUsd,
    brokerUsd,
    cacheUsd,
    totalUsd,
    budgetUsd: input.budgetUsd,
    withinBudget: input.budgetUsd === undefined ? undefined : totalUsd <= input.budgetUsd,
    formula:
      'monthly = replicas × instance + databases × database × tier factor + provisioned GB × GB price + archive GB × object price + broker + cache GB × GB price',
    shown:
      `${input.replicas} × ${num(input.instanceUsd)} + ${input.databases} × ${num(input.databaseUsd)} × ${TIER_FACTOR[input.tier]} + ` +
      `${num(input.storageGb, 1)} × ${num(input.storageGbUsd)}${input.objectGb ? ` + ${num(input.objectGb, 0)} × ${num(input.objectGbUsd ?? 0, 3)} (archive)` : ''} + ${num(brokerUsd)} + ${num(input.cacheGb, 2)} × ${num(input.cacheGbUsd)} = ${num(totalUsd, 0)} USD/month` +
      (input.budgetUsd === undefined
        ? ''
        : ` (${totalUsd <= input.budgetUsd ? 'within' : 'over'} the ${num(input.budgetUsd, 0)} USD budget)`),
  };
}
