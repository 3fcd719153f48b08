/** The allowed roots: a client names a path, the server reviews it only when its real path lies inside one. */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { HttpProblem } from './problem.js';

export async function realRoots(roots: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of roots) {
    try {
      out.push(await realpath(path.resolve(r)));
    } catch {
      throw new Error(`allowed root ${r} does not exist`);
    }
  }
  return out;
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves a client's path: relative paths against the first root, then through symlinks; the result must be
 * inside a root and of the expected kind. Errors never say what exists outside the roots.
 */
export async function resolveAllowed(
  roots: string[],
  requested: string,
  kind: 'directory' | 'any',
  field = 'path',
): Promise<string> {
  if (requested.includes('\0'))
    throw new HttpProblem(422, 'path-not-allowed', `${field} is not a valid path`);
  const candidate = path.resolve(roots[0]!, requested);
  const notAllowed = new HttpProblem(
    422,
    'path-not-allowed',
    `${field} "${requested}" is not ${kind === 'directory' ? 'a directory' : 'a file or directory'} inside the server's allowed roots`,
    { errors: [{ pointer: `/${field}`, detail: 'not inside an allowed root' }] },
  );
  if (!roots.some((r) => inside(r, candidate))) throw notAllowed;
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw notAllowed;
  }
  if (!roots.some((r) => inside(r, real))) throw notAllowed;
  const st = await stat(real);
  if (kind === 'directory' && !st.isDirectory()) throw notAllowed;
  return real;
}
