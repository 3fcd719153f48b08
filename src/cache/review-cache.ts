/**
 * A content-addressed cache of whole reviews: the key hashes the tool version, the review options and every
 * file discovery would read (path and content). An unchanged repository is answered from the cache without
 * parsing anything; any changed byte, added or removed file, or different option misses.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WalkResult } from '../discover/walker.js';
import { VERSION } from '../version.js';

export const DEFAULT_CACHE_DIR = path.join('node_modules', '.cache', 'plumbline');

export function reviewCacheKey(walked: WalkResult, options: unknown): string {
  const hash = createHash('sha256');
  hash.update(`plumbline ${VERSION}\u0000${JSON.stringify(options ?? null)}\u0000`);
  for (const file of walked.files) {
    hash.update(file.path);
    hash.update('\u0000');
    hash.update(createHash('sha1').update(file.text).digest());
  }
  hash.update(walked.paths.join('\u0000'));
  hash.update(JSON.stringify(walked.diagnostics));
  return hash.digest('hex');
}

export async function readCached<T>(cacheDir: string, key: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path.join(cacheDir, `${key}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function writeCached(cacheDir: string, key: string, value: unknown): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const target = path.join(cacheDir, `${key}.json`);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(value));
  await rename(temp, target);
}
