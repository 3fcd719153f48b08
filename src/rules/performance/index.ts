import type { Rule } from '../types.js';
import { chattyCalls } from './chatty-calls.js';
import { latencyBudget } from './latency-budget.js';
import { missingAutoscaling } from './missing-autoscaling.js';
import { missingCache } from './missing-cache.js';
import { missingResources } from './missing-resources.js';
import { singleReplica } from './single-replica.js';
import { synchronousSideWork } from './synchronous-side-work.js';

export const performanceRules: Rule[] = [
  chattyCalls,
  missingResources,
  singleReplica,
  missingAutoscaling,
  missingCache,
  synchronousSideWork,
  latencyBudget,
];
