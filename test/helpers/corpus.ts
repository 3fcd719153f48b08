/**
 * Where the shared corpus lives, and views of one system's repository narrowed to the sub-folders a test's
 * subject lives in (the corpus holds whole deploy trees: raw manifests, Kustomize, Helm, release bundles,
 * logging and monitoring stacks). Paths in findings stay relative to the system's root.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DiscoverOptions } from '../../src/discover/index.js';

export const corpusDir = path.resolve(__dirname, '../../../shared/corpus');

/** The absolute path of `rel` inside the shared corpus. */
export const corpusPath = (rel: string) => path.join(corpusDir, rel);

/**
 * The title of a suite that needs `rel` of the shared corpus: it names the path, and when the path is absent says
 * the suite is skipped. Use it as `describe.skipIf(!existsSync(corpusPath(rel)))(corpusTitle(title, rel), …)`
 * and do the suite's work in `beforeAll`, never at module load or in an async describe body (vitest collects
 * skipped suites too, so such work would crash the file when the corpus is absent).
 */
export function corpusTitle(title: string, rel: string): string {
  const where = `../shared/corpus/${rel}`;
  return existsSync(corpusPath(rel))
    ? `${title} (corpus: ${where})`
    : `${title} (skipped: ${where} is absent)`;
}

/**
 * Discovery options that see only the given relative folders (`dir/`) or files, as if the rest of the tree
 * were not there: gitignore-style exclusions, so repository-level checks (tests, CI) see the same view.
 */
export function onlyPaths(...keep: string[]): DiscoverOptions {
  const exclude = new Set<string>();
  for (const entry of keep) {
    const parts = entry.replace(/\/$/, '').split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const parent = parts.slice(0, depth).join('/');
      exclude.add(parent ? `/${parent}/*` : '/*');
    }
  }
  const reinclude = new Set<string>();
  for (const entry of keep) {
    const parts = entry.replace(/\/$/, '').split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const isLast = depth === parts.length;
      const prefix = parts.slice(0, depth).join('/');
      reinclude.add(isLast && !entry.endsWith('/') ? `!/${prefix}` : `!/${prefix}/`);
    }
  }
  // a re-inclusion must follow the exclusion of its own level, so order by depth
  const byDepth = (p: string) => p.split('/').length;
  return { exclude: [...exclude, ...reinclude].sort((a, b) => byDepth(a) - byDepth(b)) };
}

/** Online Boutique as the plain manifests deploy it: kubernetes-manifests/, protos, the release Istio manifests. */
export const boutiquePlainManifests = onlyPaths(
  'kubernetes-manifests/',
  'protos/',
  'release/istio-manifests.yaml',
);

/** Sock Shop's application: its Kubernetes manifests, its NetworkPolicies and the main compose file. */
export const sockShopApplication = onlyPaths(
  'deploy/kubernetes/manifests/',
  'deploy/kubernetes/manifests-policy/',
  'deploy/docker-compose/docker-compose.yml',
);
