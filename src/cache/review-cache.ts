/**
 * A content-addressed cache of whole reviews: the key hashes the tool (its version and the size and
 * modification time of every one of its own modules, so a rebuilt or edited rule pack misses), the review
 * options and every file discovery would read (path and content). An unchanged repository is answered from the
 * cache without parsing anything; any changed byte, added or removed file, or different option misses.
 */
import { createHash } from 'node:crypto';
import { constants, readdirSync, statSync } from 'node:fs';
import { lstat, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WalkResult } from '../discover/walker.js';
import { compareText } from '../model/values.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import { writeFileSafely } from '../safety/paths.js';
import { VERSION } from '../version.js';

/**
 * Trust (docs/security.md): the cache directory may sit in a shared or checked-out place, so it is used only
 * when it is a real directory (not a link) owned by this user and writable by no one else; an entry only when it
 * is a regular file owned by this user with no group or other permission bits (entries are written 0600, which a
 * git checkout or a copied-in file never is), its first line is the SHA-256 of the rest and its metadata line
 * names the key it was written for. Anything else is a miss. Writers go through a temporary file and a rename, never through
 * a link.
 */
export class CacheUnusableError extends Error {}

const ENTRY_FORMAT = 2;
/** Largest entry read back (bytes); a bigger file is a miss. */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

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
  const entry = await readEntry(cacheDir, `${key}.json`, key);
  if (!entry) return undefined;
  try {
    return JSON.parse(entry.body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function writeCached(cacheDir: string, key: string, value: unknown): Promise<void> {
  await writeCachedJson(cacheDir, key, JSON.stringify(value));
}

/** writeCached for a value already serialised as JSON. */
export async function writeCachedJson(cacheDir: string, key: string, json: string): Promise<void> {
  await writeEntry(cacheDir, `${key}.json`, key, {}, json);
}

/** A rendered report as the CLI printed it, and what its exit code depends on. */
export interface CachedOutput {
  output: Buffer;
  /** Severities of the findings that are not baselined (the exit code compares them with --fail-on). */
  newSeverities: Severity[];
}

/**
 * Beside the Report the CLI keeps the output it rendered: a hit is then one read and one write, with no
 * JSON parse, render or re-encode of a report that is 11 MB for the corpus (issue 8's warm-run profile).
 * Entry layout: one line of JSON metadata, then the output bytes.
 */
export async function readCachedOutput(cacheDir: string, key: string): Promise<CachedOutput | undefined> {
  const entry = await readEntry(cacheDir, `${key}.out`, key);
  const severities = entry?.meta.newSeverities;
  if (!entry || !Array.isArray(severities)) return undefined;
  if (!severities.every((s) => typeof s === 'string' && (SEVERITIES as readonly string[]).includes(s)))
    return undefined;
  return { output: entry.body, newSeverities: severities as Severity[] };
}

export async function writeCachedOutput(
  cacheDir: string,
  key: string,
  output: string,
  newSeverities: Severity[],
): Promise<void> {
  await writeEntry(cacheDir, `${key}.out`, key, { newSeverities }, output);
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
  const name = stampedName(stamp, options);
  const entry = await readEntry(cacheDir, `${name}.key`, name);
  const key = entry?.body.toString('utf8').trim();
  return key && /^[0-9a-f]{64}$/.test(key) ? key : undefined;
}

export async function writeStampedKey(
  cacheDir: string,
  stamp: string,
  options: unknown,
  key: string,
): Promise<void> {
  const name = stampedName(stamp, options);
  await writeEntry(cacheDir, `${name}.key`, name, {}, key);
}

function stampedName(stamp: string, options: unknown): string {
  return createHash('sha256')
    .update(
      `plumbline ${VERSION}\u0000${toolFingerprint()}\u0000${JSON.stringify(options ?? null)}\u0000${stamp}`,
    )
    .digest('hex');
}

interface Entry {
  meta: Record<string, unknown>;
  body: Buffer;
}

/**
 * Check (and create) a cache directory: a real directory owned by this user that no one else can write.
 * Throws CacheUnusableError saying why not.
 */
export async function ensureCacheDir(cacheDir: string): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new CacheUnusableError(
      `cache directory ${cacheDir} cannot be created: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const info = await lstat(cacheDir);
  if (info.isSymbolicLink()) throw new CacheUnusableError(`cache directory ${cacheDir} is a symbolic link`);
  if (!info.isDirectory()) throw new CacheUnusableError(`cache directory ${cacheDir} is not a directory`);
  if (uid !== undefined && info.uid !== uid)
    throw new CacheUnusableError(`cache directory ${cacheDir} belongs to another user`);
  if ((info.mode & 0o022) !== 0)
    throw new CacheUnusableError(`cache directory ${cacheDir} is writable by other users`);
}

/** An entry's metadata and body, or undefined when it is missing, not trusted or not intact. */
async function readEntry(cacheDir: string, name: string, key: string): Promise<Entry | undefined> {
  let handle: import('node:fs/promises').FileHandle | undefined;
  try {
    handle = await open(
      path.join(cacheDir, name),
      constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0),
    );
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_ENTRY_BYTES) return undefined;
    if (uid !== undefined && (info.uid !== uid || (info.mode & 0o077) !== 0)) return undefined;
    const bytes = await handle.readFile();
    // line 1: SHA-256 of everything after it; line 2: metadata naming the key; then the body
    const first = bytes.indexOf(0x0a);
    if (first !== 64) return undefined;
    const rest = bytes.subarray(first + 1);
    if (bytes.subarray(0, first).toString('latin1') !== createHash('sha256').update(rest).digest('hex'))
      return undefined;
    const eol = rest.indexOf(0x0a);
    if (eol < 0) return undefined;
    const meta = JSON.parse(rest.subarray(0, eol).toString('utf8')) as Record<string, unknown>;
    const body = rest.subarray(eol + 1);
    if (typeof meta !== 'object' || meta === null || meta.format !== ENTRY_FORMAT || meta.key !== key)
      return undefined;
    return { meta, body };
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => {});
  }
}

async function writeEntry(
  cacheDir: string,
  name: string,
  key: string,
  meta: Record<string, unknown>,
  content: string,
): Promise<void> {
  await ensureCacheDir(cacheDir);
  const rest = Buffer.from(`${JSON.stringify({ format: ENTRY_FORMAT, key, ...meta })}\n${content}`, 'utf8');
  const digest = createHash('sha256').update(rest).digest('hex');
  await writeFileSafely(path.join(cacheDir, name), Buffer.concat([Buffer.from(`${digest}\n`), rest]), {
    mode: 0o600,
  });
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
  aged.sort((a, b) => b.mtime - a.mtime || compareText(a.name, b.name));
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
    entries.sort((a, b) => compareText(a.name, b.name));
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
