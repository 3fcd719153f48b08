/** Contract diff: breaking changes between two versions of a system's API contracts. */
export { diffContracts } from './diff-contracts.js';
export { GitTreeError } from './git-tree.js';
export { discoverContracts, discoverContractsAtRef } from './load.js';
export type { ChangedApi, ChangeSeverity, ContractChange, ContractDiff } from './types.js';
export { CHANGE_SEVERITIES, changeSeverityRank } from './types.js';
