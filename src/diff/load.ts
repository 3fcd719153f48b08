/**
 * The two sides of a diff as DiscoveryResults: a file or directory on disk, or a directory as it is at a
 * git ref. Only the files that can hold contracts (YAML, JSON, .proto) are read.
 */
import {
  compareDiagnostics,
  type DiscoveryResult,
  discoverFiles,
  discoverWalked,
  walkRepository,
} from '../discover/index.js';
import { isCandidatePath } from '../discover/registry.js';
import type { Diagnostic } from '../model/schema.js';
import { readGitTree } from './git-tree.js';

export function isContractPath(relPath: string): boolean {
  return /\.(ya?ml|json|proto)$/i.test(relPath) && isCandidatePath(relPath);
}

export interface LoadOptions {
  maxFileBytes?: number;
  /** Most time reading one file may take (ms). */
  fileTimeBudgetMs?: number;
}

export async function discoverContracts(target: string, options: LoadOptions = {}): Promise<DiscoveryResult> {
  const walked = await walkRepository(target, { wants: isContractPath, maxFileBytes: options.maxFileBytes });
  return discoverWalked(walked, target, { name: 'contracts', fileTimeBudgetMs: options.fileTimeBudgetMs });
}

export async function discoverContractsAtRef(
  target: string,
  ref: string,
  options: LoadOptions = {},
): Promise<DiscoveryResult> {
  const diagnostics: Diagnostic[] = [];
  const files = await readGitTree(target, ref, {
    wants: isContractPath,
    maxFileBytes: options.maxFileBytes,
    diagnostics,
  });
  const result = discoverFiles(files, target, {
    name: 'contracts',
    fileTimeBudgetMs: options.fileTimeBudgetMs,
  });
  result.model.diagnostics.push(...diagnostics);
  result.model.diagnostics.sort(compareDiagnostics);
  return result;
}
