/**
 * Walks a directory tree and returns the files discovery may care about, with diagnostics for the ones
 * it could not read. Respects .gitignore files, skips dependency/build folders, caps file size, refuses
 * binary content and never follows a link out of the root.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Diagnostic } from '../model/schema.js';
import { readRegularText } from '../safety/paths.js';
import { parseYaml } from './parse/structured.js';
import type { SourceFile } from './types.js';

export interface WalkOptions {
  /** Files larger than this are skipped with a diagnostic. Default 64 MiB. */
  maxFileBytes?: number;
  /** Extra glob patterns (gitignore syntax) to exclude. */
  exclude?: string[];
  /** Only keep files for which this returns true (relative path). */
  wants?: (relPath: string) => boolean;
}

export interface WalkResult {
  files: SourceFile[];
  /** Every path seen that was not ignored, read or not (for practice checks such as "tests present"). */
  paths: string[];
  diagnostics: Diagnostic[];
}

export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export const SKIPPED_DIRS = new Set([
  '.git',
  'node_modules',
  'vendor',
  'bower_components',
  '.venv',
  'venv',
  '__pycache__',
  '.terraform',
  '.idea',
  '.vscode',
  '.next',
  '.nuxt',
  'dist',
  'coverage',
  '.plumbline-cache',
]);

/**
 * plumbline.yaml `ignore:` (gitignore-style globs) at the root, read before the walk so ignored paths are
 * never read. A missing or unreadable file, or one without a list of strings there, ignores nothing (the
 * manifest adapter reports a malformed section).
 */
async function declaredIgnores(root: string): Promise<string[]> {
  for (const name of ['plumbline.yaml', 'plumbline.yml']) {
    let text: string;
    try {
      // the path policy: inside the root by realpath, a regular file (never a FIFO or /dev/zero), size-capped
      text = await readRegularText(path.join(root, name), { root });
    } catch {
      continue;
    }
    try {
      // the bounded parser: alias fan-out, cycles and depth end in a diagnostic, not in memory
      const data = parseYaml(name, text, 'walker').documents[0]?.data as { ignore?: unknown } | null;
      const list = data && typeof data === 'object' ? data.ignore : undefined;
      return Array.isArray(list)
        ? list.filter((x): x is string => typeof x === 'string' && x.length > 0)
        : [];
    } catch {
      return [];
    }
  }
  return [];
}

interface IgnoreScope {
  base: string;
  ig: Ignore;
}

/** Walk a directory, or read a single file when `rootDir` names one. */
export async function walkDirectory(rootDir: string, options: WalkOptions = {}): Promise<WalkResult> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const root = await realpath(rootDir);
  const files: SourceFile[] = [];
  const paths: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const rootScope: IgnoreScope = {
    base: '',
    ig: ignore()
      .add(options.exclude ?? [])
      .add(await declaredIgnores(root)),
  };

  const pending: Promise<void>[] = [];
  const limit = createLimiter(64);
  const readOne = (abs: string, rel: string): Promise<void> => limit(() => readFileInto(abs, rel));
  const readFileInto = async (abs: string, rel: string): Promise<void> => {
    const skip = (message: string, severity: Diagnostic['severity'] = 'warning'): void => {
      diagnostics.push({ severity, file: rel, message, origin: 'walker' });
    };
    const tooLarge = (bytes: number) =>
      skip(`skipped: ${bytes} bytes is over the ${maxBytes}-byte limit per file`);
    try {
      // opened non-blocking and checked on the open handle: a FIFO or device swapped in after the directory was
      // listed is refused instead of blocking the walk or streaming without end
      const handle = await open(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      let buf: Buffer;
      try {
        const info = await handle.stat();
        if (!info.isFile()) {
          skip('skipped: not a regular file');
          return;
        }
        if (info.size > maxBytes) {
          tooLarge(info.size);
          return;
        }
        buf = await handle.readFile();
      } finally {
        await handle.close();
      }
      if (buf.length > maxBytes) {
        tooLarge(buf.length);
        return;
      }
      if (looksBinary(buf)) {
        skip('skipped: binary content in a text artifact', 'error');
        return;
      }
      files.push({ path: rel, text: buf.toString('utf8').replace(/^\uFEFF/, ''), bytes: buf.length });
    } catch (err) {
      skip(`unreadable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'error');
    }
  };

  const visit = async (absDir: string, relDir: string, scopes: IgnoreScope[]): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(absDir, { withFileTypes: true });
    } catch (err) {
      diagnostics.push({
        severity: 'error',
        file: relDir || '.',
        message: `unreadable directory: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        origin: 'walker',
      });
      return;
    }
    let localScopes = scopes;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const text = await readRegularText(path.join(absDir, '.gitignore'), { root });
        localScopes = [...scopes, { base: relDir, ig: ignore().add(text) }];
      } catch {
        // an unreadable .gitignore simply does not apply
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const abs = path.join(absDir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Follow links to files that stay inside the root; never directories (loops) or outside targets.
        try {
          const target = await realpath(abs);
          if (!target.startsWith(root + path.sep)) {
            diagnostics.push({
              severity: 'warning',
              file: rel,
              message: 'skipped: symbolic link points outside the scanned root',
              origin: 'walker',
            });
            continue;
          }
          const info = await lstat(target);
          isDir = false;
          isFile = info.isFile();
        } catch {
          diagnostics.push({
            severity: 'warning',
            file: rel,
            message: 'skipped: broken symbolic link',
            origin: 'walker',
          });
          continue;
        }
      }
      if (isDir && SKIPPED_DIRS.has(entry.name)) continue;
      if (isIgnored(localScopes, rel, isDir)) continue;
      if (isDir) subdirs.push(visit(abs, rel, localScopes));
      else if (isFile) {
        paths.push(rel);
        if (options.wants && !options.wants(rel)) continue;
        pending.push(readOne(abs, rel));
      }
    }
    await Promise.all(subdirs);
  };

  const rootInfo = await stat(root);
  if (rootInfo.isFile()) {
    // A single artifact (e.g. one OpenAPI spec): its name is its path.
    const name = path.basename(root);
    paths.push(name);
    await readOne(root, name);
  } else if (rootInfo.isDirectory()) {
    await visit(root, '', [rootScope]);
  } else {
    throw new Error(`not a file or directory: ${rootDir}`);
  }
  await Promise.all(pending);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  paths.sort();
  return { files, paths, diagnostics };
}

function isIgnored(scopes: IgnoreScope[], rel: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const local = scope.base ? rel.slice(scope.base.length + 1) : rel;
    if (!local) continue;
    if (scope.ig.ignores(isDir ? `${local}/` : local)) return true;
  }
  return false;
}

function createLimiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (task) => {
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

/** NUL bytes in the first 8 KiB, the same heuristic git uses. */
export function looksBinary(buf: Buffer): boolean {
  const end = Math.min(buf.length, 8192);
  for (let i = 0; i < end; i++) if (buf[i] === 0) return true;
  return false;
}
