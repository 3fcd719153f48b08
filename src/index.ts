/** Plumbline's library API: the CLI, HTTP server, MCP server and web page are thin adapters over it. */

import { readCached, reviewCacheKey, writeCached } from './cache/review-cache.js';
import {
  type DiscoverOptions,
  type DiscoveryResult,
  discoverDirectory,
  discoverFiles,
  discoverWalked,
  walkRepository,
} from './discover/index.js';
import type { ReviewConfig } from './review/config.js';
import { formatConfigProblem, loadReviewConfig } from './review/config-load.js';
import { review } from './review/index.js';
import type { Report } from './review/report.js';

export * from './diff/index.js';
export type { DiscoverOptions, DiscoveryResult } from './discover/index.js';
export type { SourceFile } from './discover/types.js';
export { createMcpHttpHandler, type McpHttpHandler } from './mcp/http.js';
export { createPlumblineMcpServer, type PlumblineMcpOptions } from './mcp/server.js';
export * from './model/schema.js';
export type { ReviewConfig } from './review/config.js';
export type { Report } from './review/report.js';
export { allRules } from './rules/index.js';
export type { Area, Finding, Rule, Severity, Strength } from './rules/types.js';
export { discoverDirectory, discoverFiles, review };

export interface ReviewOptions extends DiscoverOptions {
  config?: ReviewConfig;
  /** Directory of the content-addressed review cache; unset = no cache. */
  cacheDir?: string;
}

/** Discover a directory into a SystemModel (with diagnostics for unreadable or malformed files). */
export async function scanDirectory(dir: string, options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  return discoverDirectory(dir, options);
}

/** Discover and review a directory. */
export async function reviewDirectory(dir: string, options: ReviewOptions = {}): Promise<Report> {
  if (!options.config) {
    // Like the CLI: plumbline.yaml at the root configures rules and suppressions.
    const loaded = await loadReviewConfig(dir);
    if (loaded.errors.length) throw new Error(loaded.errors.map(formatConfigProblem).join('\n'));
    options = { ...options, config: { rules: loaded.rules, suppressions: loaded.suppressions } };
  }
  const walked = await walkRepository(dir, options);
  const key = options.cacheDir
    ? reviewCacheKey(walked, { dir, config: options.config, name: options.name })
    : undefined;
  if (options.cacheDir && key) {
    const cached = await readCached<Report>(options.cacheDir, key);
    if (cached) return cached;
  }
  const report = review(discoverWalked(walked, dir, options), options.config);
  if (options.cacheDir && key) await writeCached(options.cacheDir, key, report);
  return report;
}
