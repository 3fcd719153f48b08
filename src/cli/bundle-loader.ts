/**
 * Runs the CommonJS CLI bundle with a V8 code cache. Compiling the 1.3 MB bundle, and then each function it
 * calls the first time, took ~90 ms of every run on Node 20 (docs/performance.md, "Startup"); with the code
 * V8 compiled on an earlier run the same work takes a few ms.
 *
 * Where Node has its own compile cache (`module.enableCompileCache`, Node 22.1+), the bundle is loaded with
 * `require` after turning that cache on in Plumbline's private folder: Node keys, checks and rewrites the cache
 * itself (measured on Node 24 against the hand-rolled cache below: the same or slightly less CPU per run).
 * Node 20 has no such switch, so there the bundle is compiled through `vm.Script`, which takes and produces
 * V8's cached data: one file per bundle build and Node version. V8 checks cached data against the source and
 * its own version and flags and rejects a mismatch, in which case the bundle compiles from source and the
 * cache is rewritten.
 *
 * Either cache lives in `<tmpdir>/plumbline-compile-cache-<uid>/` (or `$PLUMBLINE_COMPILE_CACHE`; Node's in
 * its `node/` sub-folder); `PLUMBLINE_DISABLE_COMPILE_CACHE=1` turns it off. Any failure to read or write the
 * cache only costs speed.
 *
 * The shared temporary folder is hostile ground (docs/security.md): another local user may create
 * `plumbline-compile-cache-<uid>` first, or plant links in it. The folder is used only when it is a real
 * directory (not a link) owned by this user that no one else can write; a cache file only when it is a regular
 * file owned by this user that no one else can write, opened without following links; and a new cache file is
 * written to a fresh temporary file (O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600) renamed into place, so a planted
 * link is replaced, never written through.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';

interface BundleExports {
  main(): Promise<void>;
}

type EnableCompileCache = (dir: string) => unknown;

export async function runBundle(bundleFile: string): Promise<void> {
  const enable = (Module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable === 'function') return runWithNodeCache(bundleFile, enable);
  const source = readFileSync(bundleFile, 'utf8');
  const cacheFile = cacheFileFor(bundleFile);
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const script = new Script(Module.wrap(source), { filename: bundleFile, cachedData });
  const exports = instantiate(script, bundleFile);
  await exports.main();
  // Written after the run, so the cache also holds the functions this run compiled lazily.
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) writeCache(cacheFile, script);
}

/** Node 22.1+: Node's own compile cache in a private folder, then a plain `require` of the bundle. */
async function runWithNodeCache(bundleFile: string, enable: EnableCompileCache): Promise<void> {
  const dir = nodeCacheDir();
  if (dir && privateDir(dir)) {
    try {
      enable(dir);
    } catch {
      // an unusable folder only costs speed
    }
  }
  const exports = createRequire(bundleFile)(bundleFile) as BundleExports;
  await exports.main();
}

/** The folder for Node's compile cache, or undefined when caching is off. */
export function nodeCacheDir(): string | undefined {
  if (process.env.PLUMBLINE_DISABLE_COMPILE_CACHE) return undefined;
  return path.join(cacheDir(), 'node');
}

/** Creates `dir` (and its parent) private to this user if missing; whether both may be trusted. */
function privateDir(dir: string): boolean {
  for (const d of [path.dirname(dir), dir]) {
    try {
      mkdirSync(d, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        try {
          mkdirSync(d, { recursive: true, mode: 0o700 });
        } catch {
          return false;
        }
      }
    }
    if (!trustedDir(d)) return false;
  }
  return true;
}

function instantiate(script: Script, file: string): BundleExports {
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports as BundleExports;
}

/** The cache file for this build of the bundle on this Node, or undefined when caching is off. */
export function cacheFileFor(bundleFile: string): string | undefined {
  if (process.env.PLUMBLINE_DISABLE_COMPILE_CACHE) return undefined;
  try {
    const { size, mtimeMs } = statSync(bundleFile);
    const key = [bundleFile, size, mtimeMs, process.version, process.arch, process.execArgv.join(' ')].join(
      '\0',
    );
    const name = `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.v8cache`;
    return path.join(cacheDir(), name);
  } catch {
    return undefined;
  }
}

function cacheDir(): string {
  const fromEnv = process.env.PLUMBLINE_COMPILE_CACHE;
  if (fromEnv) return path.resolve(fromEnv);
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join(tmpdir(), `plumbline-compile-cache-${uid}`);
}

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/** Whether `dir` is a cache folder this user may trust: a real directory, ours, writable by no one else. */
export function trustedDir(dir: string): boolean {
  try {
    const info = lstatSync(dir);
    if (!info.isDirectory()) return false;
    return uid === undefined || (info.uid === uid && (info.mode & 0o022) === 0);
  } catch {
    return false;
  }
}

export function readCache(file: string): Buffer | undefined {
  if (!trustedDir(path.dirname(file))) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const info = fstatSync(fd);
    if (!info.isFile()) return undefined;
    if (uid !== undefined && (info.uid !== uid || (info.mode & 0o022) !== 0)) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function writeCacheData(file: string, data: Buffer): boolean {
  const dir = path.dirname(file);
  let partial: string | undefined;
  try {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') mkdirSync(dir, { recursive: true, mode: 0o700 });
    }
    if (!trustedDir(dir)) return false;
    partial = path.join(
      dir,
      `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
    );
    const fd = openSync(
      partial,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
      0o600,
    );
    try {
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    // rename is atomic and replaces a link at `file` rather than following it: a concurrent run reads the
    // old file or the new one, never half of one
    renameSync(partial, file);
    return true;
  } catch {
    // read-only or full disk: the next run compiles from source again
    if (partial) {
      try {
        unlinkSync(partial);
      } catch {}
    }
    return false;
  }
}

function writeCache(file: string, script: Script): void {
  try {
    writeCacheData(file, script.createCachedData());
  } catch {
    // V8 could not serialise: the next run compiles from source again
  }
}
