/**
 * `--changed-since <ref>`: the files a change touches, from git in the reviewed directory (no network).
 * Committed changes since the merge base with `ref` (`git diff <ref>...`), plus uncommitted edits and
 * untracked files, so a local run before committing sees the same scope as CI. Paths are relative to the
 * reviewed directory (`--relative`), like the paths in findings.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gitIn, refProblem, shellQuote } from '../safety/git.js';

const _run = promisify(execFile);

export class ChangedFilesError extends Error {}

export async function changedFiles(dir: string, ref: string): Promise<string[]> {
  const problem = refProblem(ref);
  if (problem)
    throw new ChangedFilesError(`--changed-since: invalid git ref ${JSON.stringify(ref)} (it ${problem})`);
  const git = gitIn(dir, 64 * 1024 * 1024);
  try {
    const inside = (await git('rev-parse', '--is-inside-work-tree')).trim();
    if (inside !== 'true') throw new Error('not inside a work tree');
  } catch (err) {
    if (err instanceof ChangedFilesError) throw err;
    throw new ChangedFilesError(`--changed-since needs a git repository, and ${dir} is not inside one`);
  }
  try {
    await git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    throw new ChangedFilesError(
      `--changed-since: unknown git ref ${JSON.stringify(ref)} in ${dir} (fetch it first, e.g. git fetch origin ${shellQuote(ref)})`,
    );
  }
  const lists = await Promise.all([
    git('diff', '--no-ext-diff', '--no-textconv', '--name-only', '--relative', '-z', `${ref}...`, '--'),
    git('diff', '--no-ext-diff', '--no-textconv', '--name-only', '--relative', '-z', 'HEAD', '--').catch(
      () => '',
    ),
    git('ls-files', '--others', '--exclude-standard', '-z'),
  ]);
  const files = new Set<string>();
  for (const list of lists) for (const f of list.split('\0')) if (f) files.add(f);
  return [...files].sort();
}
