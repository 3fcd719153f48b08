import type { Rule } from '../types.js';
import { deepSyncChain } from './deep-sync-chain.js';
import { dependencyCycle } from './dependency-cycle.js';
import { distributedWrite } from './distributed-write.js';
import { hardcodedEndpoint } from './hardcoded-endpoint.js';
import { hubService } from './hub-service.js';
import { inappropriateIntimacy } from './inappropriate-intimacy.js';
import { layeredDecomposition } from './layered-decomposition.js';
import { missingApiGateway } from './missing-api-gateway.js';
import { patternContradicted } from './pattern-contradicted.js';
import { sharedDatabase } from './shared-database.js';
import { technologySprawl } from './technology-sprawl.js';

export const servicesRules: Rule[] = [
  distributedWrite,
  dependencyCycle,
  sharedDatabase,
  inappropriateIntimacy,
  hubService,
  deepSyncChain,
  missingApiGateway,
  patternContradicted,
  hardcodedEndpoint,
  layeredDecomposition,
  technologySprawl,
];
