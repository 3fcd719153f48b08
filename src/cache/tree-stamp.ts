/**
 * A stat-only fingerprint of a tree, so a cache hit need not read the repository: every directory's mtime
 * (adding, removing or renaming an entry changes it) and every file's size, mtime and inode. It covers more
 * than the walker reads (gitignored files too), so it may miss where the content key would hit, never the
 * reverse. Issue 8's warm-run profile spent most of a cached review decoding and hashing the files.
 */
import { createHash } from 'node:crypto';
import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { SKIPPED_DIRS } from '../discover/walker.js';

/** Files changed this recently may change again within the filesystem's timestamp granularity. */
const RACY_MS = 2000;

export interface TreeStamp {
  hash: string;
  /** Some entry changed too recently for its stat to be trusted: do not record this stamp. */
  racy: boolean;
}

export async function stampTree(root: string): Promise<TreeStamp | undefined> {
  const now = Date.now();
  const lines: string[] = [];
  let racy = false;
  const note = (kind: string, rel: string, info: Stats, withSize: boolean): void => {
    if (info.mtimeMs > now - RACY_MS || info.ctimeMs > now - RACY_MS) racy = true;
    lines.push(`${kind} ${rel} ${withSize ? info.size : ''} ${info.mtimeMs} ${info.ctimeMs} ${info.ino}`);
  };
  const visit = async (abs: string, rel: string): Promise<void> => {
    note('d', rel, await stat(abs), false);
    const entries: Dirent[] = await readdir(abs, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        const childAbs = path.join(abs, entry.name);
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) await visit(childAbs, childRel);
          return;
        }
        try {
          note('f', childRel, await stat(childAbs), true); // follows links, as the walker does for files
        } catch {
          lines.push(`x ${childRel}`); // a broken link: its target appearing changes the directory's mtime
        }
      }),
    );
  };
  try {
    const info = await stat(root);
    if (info.isFile()) note('f', path.basename(root), info, true);
    else await visit(root, '');
  } catch {
    return undefined;
  }
  lines.sort();
  return { hash: createHash('sha256').update(lines.join('\n')).digest('hex'), racy };
}
