import type { Rule } from '../types.js';
import { availabilityBudget } from './availability-budget.js';
import { callWithoutTimeout } from './call-without-timeout.js';
import { ephemeralSystemOfRecord } from './ephemeral-system-of-record.js';
import { missingDisruptionBudget } from './missing-disruption-budget.js';
import { missingLivenessProbe } from './missing-liveness-probe.js';
import { missingReadinessProbe } from './missing-readiness-probe.js';
import { missingTimeouts } from './missing-timeouts.js';
import { queueWithoutDeadLetter } from './queue-without-dead-letter.js';
import { quorumSizing } from './quorum-sizing.js';
import { sharedInfrastructureSpof } from './shared-infrastructure-spof.js';
import { timeoutBudget } from './timeout-budget.js';
import { unreplicatedDatastore } from './unreplicated-datastore.js';

export const resilienceRules: Rule[] = [
  callWithoutTimeout,
  missingReadinessProbe,
  missingLivenessProbe,
  missingDisruptionBudget,
  unreplicatedDatastore,
  quorumSizing,
  sharedInfrastructureSpof,
  ephemeralSystemOfRecord,
  queueWithoutDeadLetter,
  missingTimeouts,
  timeoutBudget,
  availabilityBudget,
];
