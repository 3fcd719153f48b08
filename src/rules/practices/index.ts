import type { Rule } from '../types.js';
import { apiSpecs } from './api-specs.js';
import { architectureDecisionRecords } from './architecture-decision-records.js';
import { ciPipeline } from './ci-pipeline.js';
import { healthEndpoints } from './health-endpoints.js';
import { infrastructureAsCode } from './infrastructure-as-code.js';
import { observability } from './observability.js';
import { testsPresent } from './tests-present.js';
import { variantDrift } from './variant-drift.js';

export const practicesRules: Rule[] = [
  ciPipeline,
  testsPresent,
  infrastructureAsCode,
  healthEndpoints,
  observability,
  architectureDecisionRecords,
  apiSpecs,
  variantDrift,
];
