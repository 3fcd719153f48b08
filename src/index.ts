/** Plumbline's library API: the CLI, HTTP server, MCP server and web page are thin adapters over it. */

import { ReviewCache, type ReviewKeyOptions } from './cache/cached-review.js';
import {
  type DiscoverOptions,
  type DiscoveryResult,
  discoverDirectory,
  discoverFiles,
  discoverWalked,
  walkRepository,
} from './discover/index.js';
import { discoverRepositories, locateInRoots, type RootSpec } from './discover/roots.js';
import type { ReviewConfig } from './review/config.js';
import { formatConfigProblem, loadReviewConfig, reviewConfigOf } from './review/config-load.js';
import { review } from './review/index.js';
import type { Report } from './review/report.js';
import { allRules } from './rules/index.js';
import type { Rule } from './rules/types.js';

export * from './diff/index.js';
export type { DiscoverOptions, DiscoveryResult } from './discover/index.js';
export { type RootSpec, RootsError, scanRepositories } from './discover/roots.js';
export type { SourceFile } from './discover/types.js';
export { createMcpHttpHandler, type McpHttpHandler } from './mcp/http.js';
export { createPlumblineMcpServer, type PlumblineMcpOptions } from './mcp/server.js';
export * from './model/schema.js';
export type { ReviewConfig } from './review/config.js';
export { runRules } from './review/engine.js';
export type { Report } from './review/report.js';
export {
  exampleFiles,
  loadPluginRules,
  PRESETS,
  ruleShapeProblems,
  settingFor,
} from './review/rulesets.js';
export { defineMessages, type Said } from './rules/messages.js';
export type { Area, Finding, Rule, RuleExample, RuleOutcome, Severity, Strength } from './rules/types.js';
export { allRules, discoverDirectory, discoverFiles, review };

export interface ReviewOptions extends DiscoverOptions {
  config?: ReviewConfig;
  /** The rules to run (default: the built-in ones, plus the config's plugins). */
  rules?: Rule[];
  /** Directory of the content-addressed review cache; unset = no cache. */
  cacheDir?: string;
  /** Load the rule plugins the reviewed tree's plumbline.yaml names (they run its code; trusted trees only). */
  allowPlugins?: boolean;
}

/** Discover a directory into a SystemModel (with diagnostics for unreadable or malformed files). */
export async function scanDirectory(dir: string, options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  return discoverDirectory(dir, options);
}

/**
 * Discover and review a directory. With `cacheDir`, through the review cache the CLI's `--cache` shares (same
 * keys, stamps and entries); any cache failure costs only speed.
 */
export async function reviewDirectory(dir: string, options: ReviewOptions = {}): Promise<Report> {
  // stat the tree before reading its configuration, as the CLI does
  // a `wants` filter is code, not part of the key: such a review is not cached
  const cache =
    options.cacheDir && !options.wants ? await ReviewCache.open(options.cacheDir, dir) : undefined;
  if (!options.config) {
    // Like the CLI: plumbline.yaml at the root configures rules and suppressions.
    const loaded = await loadReviewConfig(dir, {
      builtinRules: allRules,
      allowPlugins: options.allowPlugins,
    });
    if (loaded.errors.length) throw new Error(loaded.errors.map(formatConfigProblem).join('\n'));
    options = {
      ...options,
      config: await reviewConfigOf(loaded, dir),
      ...(loaded.pluginRules.length ? { rules: [...allRules, ...loaded.pluginRules] } : {}),
    };
    // a plugin's code is not part of the cache key: reviews with plugins are not cached
    if (loaded.pluginRules.length) return reviewUncached(dir, options);
  }
  if (!cache) return reviewUncached(dir, options);
  const found = await cache.lookUp(reviewKeyOptions(dir, options), () => walkRepository(dir, options));
  if (found.report) return found.report;
  const report = review(discoverWalked(found.walked!, dir, options), options.config, {
    rules: options.rules,
  });
  await cache.store(report);
  return report;
}

/** The review-cache key options of a library review (the CLI builds the same from its flags). */
function reviewKeyOptions(dir: string, options: ReviewOptions): ReviewKeyOptions {
  return {
    dir,
    config: options.config,
    name: options.name,
    maxFileBytes: options.maxFileBytes,
    fileTimeBudgetMs: options.fileTimeBudgetMs,
    exclude: options.exclude,
  };
}

async function reviewUncached(dir: string, options: ReviewOptions): Promise<Report> {
  const walked = await walkRepository(dir, options);
  return review(discoverWalked(walked, dir, options), options.config, { rules: options.rules });
}

/** Discover and review one system from several repositories (see scanRepositories); locations name their root. */
export async function reviewRepositories(
  roots: (string | RootSpec)[],
  options: ReviewOptions = {},
): Promise<Report> {
  const discovery = await discoverRepositories(roots, options);
  const report = review(discovery, options.config, { rules: options.rules });
  return locateInRoots(report, discovery.model.repositories ?? [], discovery.paths);
}
