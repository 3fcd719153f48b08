/**
 * `diff --base <ref>`: the files of a directory as they are at a git ref, read from the object store
 * (`git ls-tree` for the list, one `git cat-file --batch` for the contents). git runs with an argument
 * array and no shell, never touches the network, and never changes the work tree.
 */
import { execFile, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SourceFile } from '../discover/types.js';
import { DEFAULT_MAX_FILE_BYTES, looksBinary, SKIPPED_DIRS } from '../discover/walker.js';
import type { Diagnostic } from '../model/schema.js';
import { compareText } from '../model/values.js';
import { gitArgs, gitEnv, gitIn, refProblem, shellQuote } from '../safety/git.js';

const _run = promisify(execFile);

export class GitTreeError extends Error {}

export interface GitTreeOptions {
  /** Which paths (relative to the directory) to read. */
  wants?: (relPath: string) => boolean;
  maxFileBytes?: number;
  /** Receives a diagnostic for each wanted file that is not read (over the size limit, binary), as the walker does. */
  diagnostics?: Diagnostic[];
}

interface Entry {
  oid: string;
  rel: string;
}

/**
 * The files under `target` (a directory, or one file) at `ref`, with paths relative to the directory (for a
 * file: its name), as `discoverFiles` takes them.
 */
export async function readGitTree(
  target: string,
  ref: string,
  options: GitTreeOptions = {},
): Promise<SourceFile[]> {
  const problem = refProblem(ref);
  if (problem) throw new GitTreeError(`--base: invalid git ref ${JSON.stringify(ref)} (it ${problem})`);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(target);
  } catch {
    throw new GitTreeError(`${target} does not exist`);
  }
  const dir = info.isFile() ? path.dirname(target) : target;
  const onlyFile = info.isFile() ? path.basename(target) : undefined;
  const git = gitIn(dir, 256 * 1024 * 1024);
  try {
    if ((await git('rev-parse', '--is-inside-work-tree')).trim() !== 'true')
      throw new Error('not a work tree');
  } catch {
    throw new GitTreeError(`--base needs a git repository, and ${dir} is not inside one`);
  }
  try {
    await git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    throw new GitTreeError(
      `--base: unknown git ref ${JSON.stringify(ref)} in ${dir} (fetch it first, e.g. git fetch origin ${shellQuote(ref)})`,
    );
  }
  const prefix = (await git('rev-parse', '--show-prefix')).trim();
  const listing = await git('ls-tree', '-r', '-l', '-z', '--full-name', `${ref}^{commit}`, '--', '.');
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const entries: Entry[] = [];
  for (const line of listing.split('\0')) {
    const tab = line.indexOf('\t');
    if (tab === -1) continue;
    const [, type, oid, size] = line.slice(0, tab).split(/\s+/);
    const full = line.slice(tab + 1);
    if (type !== 'blob' || !oid || !full.startsWith(prefix)) continue;
    const rel = full.slice(prefix.length);
    if (
      onlyFile
        ? rel !== onlyFile
        : rel
            .split('/')
            .slice(0, -1)
            .some((s) => SKIPPED_DIRS.has(s))
    )
      continue;
    if (options.wants && !options.wants(rel)) continue;
    if (Number(size) > maxBytes) {
      options.diagnostics?.push({
        severity: 'warning',
        file: rel,
        message: `skipped: ${size} bytes is over the ${maxBytes}-byte limit per file`,
        origin: 'walker',
      });
      continue;
    }
    entries.push({ oid, rel });
  }
  entries.sort((a, b) => compareText(a.rel, b.rel));
  const blobs = await catFiles(
    dir,
    entries.map((e) => e.oid),
  );
  const files: SourceFile[] = [];
  entries.forEach((e, i) => {
    const bytes = blobs[i];
    if (!bytes || looksBinary(bytes)) {
      options.diagnostics?.push({
        severity: 'error',
        file: e.rel,
        message: bytes
          ? 'skipped: binary content in a text artifact'
          : 'unreadable: missing from the object store',
        origin: 'walker',
      });
      return;
    }
    files.push({ path: e.rel, text: bytes.toString('utf8'), bytes: bytes.length });
  });
  return files;
}

/** Contents of many blobs through one `git cat-file --batch` process, in the order asked. */
function catFiles(cwd: string, oids: string[]): Promise<(Buffer | undefined)[]> {
  if (oids.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', gitArgs('cat-file', '--batch'), {
      cwd,
      env: gitEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', (err) => reject(new GitTreeError(`could not run git: ${err.message}`)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitTreeError(`git cat-file failed: ${stderr.trim()}`));
      resolve(splitBatch(Buffer.concat(chunks), oids.length));
    });
    child.stdin.end(`${oids.join('\n')}\n`);
  });
}

/** `<oid> blob <size>\n<content>\n` repeated; `<oid> missing\n` for absent objects. */
function splitBatch(out: Buffer, count: number): (Buffer | undefined)[] {
  const blobs: (Buffer | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < count && at < out.length; i++) {
    const nl = out.indexOf(10, at);
    if (nl === -1) break;
    const header = out.subarray(at, nl).toString('utf8').split(' ');
    at = nl + 1;
    if (header[1] !== 'blob') {
      blobs.push(undefined);
      continue;
    }
    const size = Number(header[2]);
    blobs.push(out.subarray(at, at + size));
    at += size + 1;
  }
  return blobs;
}
