/**
 * The path policy (docs/security.md): one place that decides what Plumbline may read and write on behalf of a
 * reviewed repository, which is untrusted input.
 *
 * Reads of files a repository names (the `baseline:` of plumbline.yaml, plumbline.yaml itself, the default
 * baseline) resolve with `realpath` inside the reviewed root, must be regular files (never a FIFO, device or
 * socket, which could block or never end) and are size-capped. Files the user names on the command line may
 * live anywhere, but are still regular files only and size-capped.
 *
 * Writes go only where the command line (or, inside the root, the repository's config) says, never through a
 * symbolic link: the data goes to a new temporary file in the target's directory (created exclusively, so a
 * planted link or file there is never followed or reused) and is renamed over the target, or linked to it when
 * an existing file must not be replaced. Directories on the way are created one by one and a link among them is
 * refused.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { link, lstat, mkdir, open, realpath, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** A read or write the path policy refuses; the message names the path and the reason. */
export class PathPolicyError extends Error {}

/** Largest configuration or baseline file read (bytes). */
export const MAX_SIDE_FILE_BYTES = 64 * 1024 * 1024;

/** Whether `child` is `parent` or below it (both absolute, normalised). */
export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** The real path of the reviewed root (a reviewed single file's directory). */
export async function realRoot(root: string): Promise<string> {
  const real = await realpath(root);
  const info = await lstat(real);
  return info.isDirectory() ? real : path.dirname(real);
}

export interface ReadOptions {
  /** When set, the file must resolve (realpath) inside this directory. */
  root?: string;
  /** Size cap in bytes (default MAX_SIDE_FILE_BYTES). */
  maxBytes?: number;
  /** How the file is named in messages (default: the path as given). */
  display?: string;
}

/**
 * Read a regular file, refusing anything else: outside `root` (after resolving links), not a regular file
 * (FIFO, device, socket, directory), or larger than the cap. Opened non-blocking so a FIFO swapped in after
 * the check cannot hang the process.
 */
export async function readRegularFile(file: string, options: ReadOptions = {}): Promise<Buffer> {
  const shown = options.display ?? file;
  const max = options.maxBytes ?? MAX_SIDE_FILE_BYTES;
  let target = path.resolve(file);
  let flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
  if (options.root !== undefined) {
    const root = await realpath(options.root);
    try {
      target = await realpath(target);
    } catch (err) {
      throw new PathPolicyError(`${shown}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    if (!isWithin(root, target))
      throw new PathPolicyError(`${shown}: refused, it resolves outside the reviewed directory`);
    // the resolved path has no link left in it; one planted after the check is not followed
    flags |= constants.O_NOFOLLOW ?? 0;
  }
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await open(target, flags);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new PathPolicyError(`${shown}: refused, it is a symbolic link`);
    throw new PathPolicyError(`${shown}: ${code ?? (err as Error).message}`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new PathPolicyError(`${shown}: refused, ${kindOf(info)} is not a regular file`);
    if (info.size > max)
      throw new PathPolicyError(`${shown}: refused, ${info.size} bytes is over the ${max}-byte limit`);
    // read at most max + 1 bytes: a file that grows while read is still capped
    const buf = Buffer.alloc(Math.min(info.size, max) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, length, buf.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buf.length) break;
    }
    if (length > max) throw new PathPolicyError(`${shown}: refused, over the ${max}-byte limit`);
    return buf.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** `readRegularFile` as UTF-8 text (a leading byte-order mark dropped). */
export async function readRegularText(file: string, options: ReadOptions = {}): Promise<string> {
  return (await readRegularFile(file, options)).toString('utf8').replace(/^\uFEFF/, '');
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'it';
}

/** What lstat says is at `p`, or undefined when nothing is. */
async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await lstat(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Create `rel` (a relative directory path) under `base` one directory at a time, refusing a symbolic link or a
 * non-directory anywhere on the way. `base` itself is what the user named and may be a link.
 */
export async function mkdirsNoFollow(base: string, rel: string, mode = 0o777): Promise<string> {
  let dir = path.resolve(base);
  await mkdir(dir, { recursive: true, mode });
  for (const part of splitRelative(rel)) {
    dir = path.join(dir, part);
    const info = await lstatOrUndefined(dir);
    if (info === undefined) {
      try {
        await mkdir(dir, { mode });
        continue;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const now = info ?? (await lstat(dir));
    if (now.isSymbolicLink()) throw new PathPolicyError(`${dir}: refused, it is a symbolic link`);
    if (!now.isDirectory()) throw new PathPolicyError(`${dir}: refused, it is not a directory`);
  }
  return dir;
}

/** Segments of a relative path; absolute paths and `..` are refused. */
function splitRelative(rel: string): string[] {
  if (path.isAbsolute(rel))
    throw new PathPolicyError(`${rel}: refused, an absolute path where a relative one belongs`);
  const parts = rel.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new PathPolicyError(`${rel}: refused, it climbs out with ..`);
  return parts;
}

export interface WriteOptions {
  /** Replace an existing regular file (default true). False: an existing file is refused. */
  overwrite?: boolean;
  /** File mode of a new file (default 0o666 less the umask). */
  mode?: number;
  /** When set, the target's directory must resolve inside this directory (realpath). */
  root?: string;
}

/**
 * Write `data` to `file` without ever following a symbolic link at the target: the bytes go to a fresh
 * temporary file beside it (O_EXCL | O_NOFOLLOW) that then replaces the target atomically. A link at the target
 * is refused, so is anything that is not a regular file; with `overwrite: false` an existing file is refused
 * (atomically: the temporary file is hard-linked to the target name, which fails when the name exists).
 * `data` may be an iterable of strings, written in order (a report streamed in pieces).
 */
export async function writeFileSafely(
  file: string,
  data: string | Uint8Array | Iterable<string>,
  options: WriteOptions = {},
): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  if (options.root !== undefined) {
    const root = await realpath(options.root);
    let realDir: string;
    try {
      realDir = await realpath(dir);
    } catch {
      throw new PathPolicyError(
        `${file}: refused, its directory does not exist inside the reviewed directory`,
      );
    }
    if (!isWithin(root, realDir))
      throw new PathPolicyError(`${file}: refused, it is outside the reviewed directory`);
  }
  const existing = await lstatOrUndefined(target);
  if (existing?.isSymbolicLink()) throw new PathPolicyError(`${file}: refused, it is a symbolic link`);
  if (existing && !existing.isFile()) throw new PathPolicyError(`${file}: refused, it is not a regular file`);
  const overwrite = options.overwrite ?? true;
  if (existing && !overwrite) throw new PathPolicyError(`${file}: refused, it exists`);
  const temp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    options.mode ?? 0o666,
  );
  try {
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
      // streamed: a report too large for one string is written piece by piece
      else for (const piece of data) await handle.write(piece);
    } finally {
      await handle.close();
    }
    if (overwrite) {
      await rename(temp, target);
    } else {
      try {
        await link(temp, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST')
          throw new PathPolicyError(`${file}: refused, it exists`);
        throw err;
      }
      await unlink(temp);
    }
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
}

/**
 * Write files (relative path → text) under `outDir`, creating directories without following links. Nothing is
 * written when any target already exists (unless `force`) or sits behind a link: the error lists them all.
 */
export async function writeTree(
  outDir: string,
  files: Record<string, string>,
  options: { force?: boolean } = {},
): Promise<string[]> {
  const base = path.resolve(outDir);
  const existing: string[] = [];
  const refused: string[] = [];
  for (const rel of Object.keys(files)) {
    const parts = splitRelative(rel);
    let at = base;
    for (let i = 0; i < parts.length; i++) {
      at = path.join(at, parts[i]!);
      const info = await lstatOrUndefined(at);
      if (!info) break;
      if (info.isSymbolicLink()) {
        refused.push(`${path.join(outDir, ...parts.slice(0, i + 1))} (symbolic link)`);
        break;
      }
      if (i === parts.length - 1) {
        if (info.isFile()) existing.push(path.join(outDir, rel));
        else refused.push(`${path.join(outDir, rel)} (not a regular file)`);
      } else if (!info.isDirectory()) {
        refused.push(`${path.join(outDir, ...parts.slice(0, i + 1))} (not a directory)`);
        break;
      }
    }
  }
  const unique = (list: string[]) => [...new Set(list)].sort();
  if (refused.length)
    throw new PathPolicyError(
      `refusing to write through these paths in ${outDir}:\n${unique(refused)
        .map((p) => `  ${p}`)
        .join('\n')}`,
    );
  if (existing.length && !options.force)
    throw new PathPolicyError(
      `refusing to overwrite ${existing.length} existing file${existing.length === 1 ? '' : 's'} in ${outDir} (use --force to replace them):\n${unique(
        existing,
      )
        .map((p) => `  ${p}`)
        .join('\n')}`,
    );
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const dir = await mkdirsNoFollow(base, path.dirname(rel));
    await writeFileSafely(path.join(dir, path.basename(rel)), text, { overwrite: options.force ?? false });
    written.push(path.join(outDir, rel));
  }
  return written;
}
