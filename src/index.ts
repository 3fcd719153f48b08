/** Plumbline's library API: the CLI, HTTP server, MCP server and web page are thin adapters over it. */

import { stat } from 'node:fs/promises';
import { readCached, reviewCacheKey, writeCached } from './cache/review-cache.js';
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
import { formatConfigProblem, loadReviewConfig } from './review/config-load.js';
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

/** Discover and review a directory. */
export async function reviewDirectory(dir: string, options: ReviewOptions = {}): Promise<Report> {
  if (!options.config) {
    // Like the CLI: plumbline.yaml at the root configures rules and suppressions.
    const loaded = await loadReviewConfig(dir, {
      builtinRules: allRules,
      allowPlugins: options.allowPlugins,
    });
    if (loaded.errors.length) throw new Error(loaded.errors.map(formatConfigProblem).join('\n'));
    const fileScope = await stat(dir).then(
      (s) => s.isFile(),
      () => false,
    );
    options = {
      ...options,
      config: {
        rules: loaded.rules,
        suppressions: loaded.suppressions,
        ...(loaded.presets.length ? { presets: loaded.presets } : {}),
        ...(fileScope ? { fileScope } : {}),
      },
      ...(loaded.pluginRules.length
        ? { rules: [...allRules, ...loaded.pluginRules], cacheDir: undefined }
        : {}),
    };
  }
  const walked = await walkRepository(dir, options);
  const key = options.cacheDir
    ? reviewCacheKey(walked, { dir, config: options.config, name: options.name })
    : undefined;
  if (options.cacheDir && key) {
    const cached = await readCached<Report>(options.cacheDir, key);
    if (cached) return cached;
  }
  const report = review(discoverWalked(walked, dir, options), options.config, { rules: options.rules });
  if (options.cacheDir && key) await writeCached(options.cacheDir, key, report);
  return report;
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
