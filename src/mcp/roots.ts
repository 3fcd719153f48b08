/**
 * Where an MCP client may point Plumbline: paths are confined to declared roots (the `--root` options, else the
 * roots the client announces, else the working directory). A path is resolved against the first root, its real
 * path taken (symlinks followed), and refused unless it lies inside one root's real path.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class PathOutsideRootsError extends Error {}

/** Real paths of the roots, in order; roots that do not exist are dropped. */
export async function realRoots(roots: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const root of roots) {
    try {
      out.push(await realpath(path.resolve(root)));
    } catch {
      // a root that does not exist confines nothing
    }
  }
  return out;
}

/** Roots as a client lists them (`file://` URIs); other schemes are ignored. */
export function rootsFromUris(uris: readonly string[]): string[] {
  const out: string[] = [];
  for (const uri of uris) {
    if (!uri.startsWith('file:')) continue;
    try {
      out.push(fileURLToPath(uri));
    } catch {
      // not a local file URI
    }
  }
  return out;
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The real path of `requested` when it exists inside one of `roots`; relative paths resolve against the first
 * root. Throws PathOutsideRootsError (a message an agent can act on) otherwise.
 */
export async function confine(requested: string, roots: readonly string[]): Promise<string> {
  if (roots.length === 0)
    throw new PathOutsideRootsError('no roots are declared: start the server with --root');
  if (requested.includes('\0')) throw new PathOutsideRootsError('the path contains a NUL character');
  const absolute = path.resolve(roots[0]!, requested);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    throw new PathOutsideRootsError(`${requested}: no such file or directory`);
  }
  if (!roots.some((root) => inside(root, real))) {
    throw new PathOutsideRootsError(
      `${requested} is outside the allowed roots (${roots.join(', ')}); ask the user to add it as a root`,
    );
  }
  return real;
}

/**
 * Where scaffolds may be written: inside a root, and not yet existing or an empty directory (a path that does
 * not exist yet is checked through its nearest existing ancestor).
 */
export async function confineNew(requested: string, roots: readonly string[]): Promise<string> {
  if (roots.length === 0)
    throw new PathOutsideRootsError('no roots are declared: start the server with --root');
  const absolute = path.resolve(roots[0]!, requested);
  let existing = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      existing = await realpath(existing);
      break;
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) throw new PathOutsideRootsError(`${requested}: no existing parent directory`);
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
  const target = path.join(existing, ...rest);
  if (!roots.some((root) => inside(root, target))) {
    throw new PathOutsideRootsError(`${requested} is outside the allowed roots (${roots.join(', ')})`);
  }
  return target;
}
