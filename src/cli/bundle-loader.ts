/**
 * Runs the CommonJS CLI bundle with a V8 code cache. Compiling the 1.3 MB bundle, and then each function it
 * calls the first time, took ~90 ms of every run on Node 20 (docs/performance.md, "Startup"); with the code
 * V8 compiled on an earlier run the same work takes a few ms. This is what Node 22's
 * `module.enableCompileCache()` does for modules; Node 20 has no such switch, so the bundle is compiled
 * through `vm.Script`, which takes and produces V8's cached data on every Node version.
 *
 * The cache lives in `<tmpdir>/plumbline-compile-cache-<uid>/` (or `$PLUMBLINE_COMPILE_CACHE`), one file per
 * bundle build and Node version; `PLUMBLINE_DISABLE_COMPILE_CACHE=1` turns it off. V8 checks cached data
 * against the source and its own version and flags and rejects a mismatch, in which case the bundle
 * compiles from source and the cache is rewritten. Any failure to read or write the cache only costs speed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';

interface BundleExports {
  main(): Promise<void>;
}

export async function runBundle(bundleFile: string): Promise<void> {
  const source = readFileSync(bundleFile, 'utf8');
  const cacheFile = cacheFileFor(bundleFile);
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const script = new Script(Module.wrap(source), { filename: bundleFile, cachedData });
  const exports = instantiate(script, bundleFile);
  await exports.main();
  // Written after the run, so the cache also holds the functions this run compiled lazily.
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) writeCache(cacheFile, script);
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

function readCache(file: string): Buffer | undefined {
  try {
    // A shared temporary directory: use only a cache this user owns and others cannot write.
    const stat = statSync(file);
    if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0))
      return undefined;
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(file: string, script: Script): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    // rename is atomic: a concurrent run reads the old file or the new one, never half of one
    renameSync(partial, file);
  } catch {
    // read-only or full disk: the next run compiles from source again
  }
}
