/**
 * The one review-cache path that the library (`reviewDirectory`) and the CLI (`review --cache`) share: the same
 * key (the files plus what decides the Report: directory, configuration, name, walk and time limits), the same
 * stat stamp, the same entries. The Report is kept as JSON (what the library returns); the CLI also keeps the
 * bytes it printed for one output variant beside it, so its warm run is one read and one write, and a Report
 * cached by either side is a hit for the other.
 */
import { createHash } from 'node:crypto';
import type { WalkResult } from '../discover/walker.js';
import type { ReviewConfig } from '../review/config.js';
import type { Report } from '../review/report.js';
import type { Severity } from '../rules/types.js';
import {
  type CachedOutput,
  ensureCacheDir,
  readCached,
  readCachedOutput,
  readStampedKey,
  reviewCacheKey,
  writeCachedJson,
  writeCachedOutput,
  writeStampedKey,
} from './review-cache.js';
import { stampTree, type TreeStamp } from './tree-stamp.js';

/** What, besides the files, decides a review's Report: the key both the CLI and the library compute. */
export interface ReviewKeyOptions {
  dir: string;
  config: ReviewConfig | undefined;
  name?: string;
  maxFileBytes?: number;
  fileTimeBudgetMs?: number;
  exclude?: string[];
}

/** What a look-up found: a rendered output, else a Report, else the files it had to read (a miss). */
export interface ReviewLookup {
  output?: CachedOutput;
  report?: Report;
  walked?: WalkResult;
}

/** The key fields in one fixed order, so equal options give equal keys whoever builds them. */
function keyFields(options: ReviewKeyOptions): ReviewKeyOptions {
  const { dir, config, name, maxFileBytes, fileTimeBudgetMs, exclude } = options;
  return { dir, config, name, maxFileBytes, fileTimeBudgetMs, exclude };
}

/** The entry name of one rendered variant (format and render options) of the review with this key. */
function outputKey(key: string, variant: string): string {
  return createHash('sha256').update(`${key}\u0000${variant}`).digest('hex');
}

/**
 * A review cache opened for one tree. Any cache failure costs only speed (docs/security.md): `onError` hears of
 * it once and the cache is dropped for the rest of the review.
 */
export class ReviewCache {
  private key: string | undefined;

  private constructor(
    private cacheDir: string | undefined,
    private readonly stamp: TreeStamp | undefined,
    private readonly onError: (err: Error) => void,
  ) {}

  /**
   * Check the cache directory and stat the tree. Call it before the tree's configuration is read: a file changed
   * in between then misses next time instead of hitting. Undefined when the directory cannot be used.
   */
  static async open(
    cacheDir: string,
    dir: string,
    onError: (err: Error) => void = () => {},
  ): Promise<ReviewCache | undefined> {
    try {
      await ensureCacheDir(cacheDir);
    } catch (err) {
      onError(err as Error);
      return undefined;
    }
    return new ReviewCache(cacheDir, await stampTree(dir).catch(() => undefined), onError);
  }

  /**
   * Find the review: by the stat stamp without reading the tree, else by the content key after `walk` read it
   * (recording the stamp for next time). With `variant`, a rendered output of that variant is looked for first.
   */
  async lookUp(
    options: ReviewKeyOptions,
    walk: () => Promise<WalkResult>,
    variant?: string,
  ): Promise<ReviewLookup> {
    const fields = keyFields(options);
    const trusted = this.stamp && !this.stamp.racy ? this.stamp : undefined;
    const stampedKey = await this.guard(async (dir) =>
      trusted ? readStampedKey(dir, trusted.hash, fields) : undefined,
    );
    const byStamp = stampedKey ? await this.entry(stampedKey, variant) : undefined;
    if (byStamp) {
      this.key = stampedKey;
      return byStamp;
    }
    const walked = await walk();
    if (this.cacheDir === undefined) return { walked };
    this.key = reviewCacheKey(walked, fields);
    const key = this.key;
    const found = key === stampedKey ? undefined : await this.entry(key, variant);
    if (trusted && key !== stampedKey)
      await this.guard((dir) => writeStampedKey(dir, trusted.hash, fields, key));
    return found ?? { walked };
  }

  /**
   * Keep the Report (unless it came from the cache, or is larger than one string may be) and, with `rendered`,
   * the output rendered from it with what its exit code depends on.
   */
  async store(
    report: Report | undefined,
    rendered?: { variant: string; text: string; report: Report },
  ): Promise<void> {
    const key = this.key;
    if (key === undefined) return;
    let json: string | undefined;
    try {
      json = report && JSON.stringify(report);
    } catch {
      // too large for one string: only the rendered output is kept
    }
    if (json !== undefined) await this.guard((dir) => writeCachedJson(dir, key, json));
    if (rendered) {
      const newSeverities = [
        ...new Set(rendered.report.findings.filter((f) => !f.baselined).map((f) => f.severity)),
      ].sort() as Severity[];
      await this.guard((dir) =>
        writeCachedOutput(dir, outputKey(key, rendered.variant), rendered.text, newSeverities),
      );
    }
  }

  private async entry(key: string, variant: string | undefined): Promise<ReviewLookup | undefined> {
    const output = variant
      ? await this.guard((dir) => readCachedOutput(dir, outputKey(key, variant)))
      : undefined;
    if (output) return { output };
    const report = await this.guard((dir) => readCached<Report>(dir, key));
    return report ? { report } : undefined;
  }

  /** Run one cache operation; on failure tell `onError` and stop using the cache. */
  private async guard<T>(op: (cacheDir: string) => Promise<T>): Promise<T | undefined> {
    if (this.cacheDir === undefined) return undefined;
    try {
      return await op(this.cacheDir);
    } catch (err) {
      this.cacheDir = undefined;
      this.onError(err as Error);
      return undefined;
    }
  }
}
