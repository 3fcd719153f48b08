/**
 * The adapters discovery routes files to, in claim order: the first adapter that claims a file parses it.
 * More specific adapters (by file content) come before general ones.
 */
import { appConfigAdapter, isAppConfigPath } from './app-config/adapter.js';
import { asyncapiAdapter } from './asyncapi/adapter.js';
import { codeAdapter } from './code/adapter.js';
import { importsAdapter } from './code/imports.js';
import { composeAdapter } from './compose/adapter.js';
import { dockerfileAdapter } from './dockerfile/adapter.js';
import { graphqlAdapter } from './graphql/adapter.js';
import { kubernetesAdapter } from './kubernetes/adapter.js';
import { manifestAdapter } from './manifest/adapter.js';
import { openapiAdapter } from './openapi/adapter.js';
import { prismaAdapter } from './prisma/adapter.js';
import { protoAdapter } from './proto/adapter.js';
import { sqlAdapter } from './sql/adapter.js';
import type { Adapter } from './types.js';

export const adapters: Adapter[] = [
  manifestAdapter,
  appConfigAdapter,
  asyncapiAdapter,
  openapiAdapter,
  composeAdapter,
  kubernetesAdapter,
  protoAdapter,
  graphqlAdapter,
  dockerfileAdapter,
  sqlAdapter,
  prismaAdapter,
  importsAdapter,
  codeAdapter,
];

/** Extensions and names the walker reads at all; everything else is only listed in `paths`. */
export function isCandidatePath(relPath: string): boolean {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'dockerfile' || base.startsWith('dockerfile.') || base.endsWith('.dockerfile')) return true;
  if (base === 'plumbline.yaml' || base === 'plumbline.yml') return true;
  if (base === '.env') return true; // compose interpolation
  if (base.endsWith('.tpl') && relPath.includes('templates/')) return true; // Helm helpers
  if (/\.(ya?ml|json|proto|graphqls?|gql|sql|prisma|[cm]?[jt]sx?|java|kts?|go|cs|py)$/.test(base))
    return true;
  return isAppConfigPath(relPath);
}
