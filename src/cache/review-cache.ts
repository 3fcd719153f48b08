/**
 * A content-addressed cache of whole reviews: the key hashes the tool (its version and the size and
 * modification time of every one of its own modules, so a rebuilt or edited rule pack misses), the review
 * options and every file discovery would read (path and content). An unchanged repository is answered from the
 * cache without parsing anything; any changed byte, added or removed file, or different option misses.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WalkResult } from '../discover/walker.js';
import type { Severity } from '../rules/types.js';
import { VERSION } from '../version.js';

export const DEFAULT_CACHE_DIR = path.join('node_modules', '.cache', 'plumbline');

/** Entries kept per cache directory; older ones are removed after each write. */
export const MAX_CACHE_ENTRIES = 16;

export function reviewCacheKey(walked: WalkResult, options: unknown): string {
  const hash = createHash('sha256');
  hash.update(`plumbline ${VERSION}\u0000${toolFingerprint()}\u0000${JSON.stringify(options ?? null)}\u0000`);
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
  await writeEntry(cacheDir, `${key}.json`, JSON.stringify(value));
}

/** A rendered report as the CLI printed it, and what its exit code depends on. */
export interface CachedOutput {
  output: Buffer;
  /** Severities of the findings that are not baselined (the exit code compares them with --fail-on). */
  newSeverities: Severity[];
}

/**
 * The CLI caches its rendered output rather than the Report: a hit is then one read and one write, with no
 * JSON parse, render or re-encode of a report that is 11 MB for the corpus (issue 8's warm-run profile).
 * Entry layout: one line of JSON metadata, then the output bytes.
 */
export async function readCachedOutput(cacheDir: string, key: string): Promise<CachedOutput | undefined> {
  try {
    const bytes = await readFile(path.join(cacheDir, `${key}.out`));
    const eol = bytes.indexOf(0x0a);
    if (eol < 0) return undefined;
    const meta = JSON.parse(bytes.subarray(0, eol).toString('utf8')) as { newSeverities?: Severity[] };
    if (!Array.isArray(meta.newSeverities)) return undefined;
    return { output: bytes.subarray(eol + 1), newSeverities: meta.newSeverities };
  } catch {
    return undefined;
  }
}

export async function writeCachedOutput(
  cacheDir: string,
  key: string,
  output: string,
  newSeverities: Severity[],
): Promise<void> {
  await writeEntry(cacheDir, `${key}.out`, `${JSON.stringify({ newSeverities })}\n${output}`);
}

/**
 * The content key an earlier run computed for a tree with this stat stamp and these options, so an unchanged
 * tree is answered without reading it (see tree-stamp.ts).
 */
export async function readStampedKey(
  cacheDir: string,
  stamp: string,
  options: unknown,
): Promise<string | undefined> {
  try {
    const key = (await readFile(path.join(cacheDir, `${stampedName(stamp, options)}.key`), 'utf8')).trim();
    return /^[0-9a-f]{64}$/.test(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

export async function writeStampedKey(
  cacheDir: string,
  stamp: string,
  options: unknown,
  key: string,
): Promise<void> {
  await writeEntry(cacheDir, `${stampedName(stamp, options)}.key`, key);
}

function stampedName(stamp: string, options: unknown): string {
  return createHash('sha256')
    .update(
      `plumbline ${VERSION}\u0000${toolFingerprint()}\u0000${JSON.stringify(options ?? null)}\u0000${stamp}`,
    )
    .digest('hex');
}

async function writeEntry(cacheDir: string, name: string, content: string): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const target = path.join(cacheDir, name);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, target);
  await prune(cacheDir, MAX_CACHE_ENTRIES);
}

/** Remove all but the `keep` most recently written entries (a cache that only grows fills disks). */
async function prune(cacheDir: string, keep: number): Promise<void> {
  const names = (await readdir(cacheDir)).filter((n) => /^[0-9a-f]{64}\.(?:json|out|key)$/.test(n));
  if (names.length <= keep) return;
  const aged = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, mtime: (await stat(path.join(cacheDir, name))).mtimeMs };
      } catch {
        return { name, mtime: 0 };
      }
    }),
  );
  aged.sort((a, b) => b.mtime - a.mtime || (a.name < b.name ? -1 : 1));
  await Promise.all(aged.slice(keep).map(({ name }) => unlink(path.join(cacheDir, name)).catch(() => {})));
}

let fingerprint: string | undefined;

/** Size and mtime of every module of Plumbline itself (dist/ when installed, src/ in development). */
export function toolFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const hash = createHash('sha256');
  const visit = (dir: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(abs);
      else if (/\.[cm]?[jt]s$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        try {
          const info = statSync(abs);
          hash.update(`${path.relative(root, abs)}\u0000${info.size}\u0000${info.mtimeMs}\u0000`);
        } catch {
          // a module that vanished mid-walk changes the fingerprint by its absence
        }
      }
    }
  };
  visit(root);
  fingerprint = hash.digest('hex');
  return fingerprint;
}
