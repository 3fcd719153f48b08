/**
 * The V8 compile cache lives in the shared temporary folder (src/cli/bundle-loader.ts): another local user can
 * plant the folder or links in it. Nothing is read from or written through what this user does not own.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCache, trustedDir, writeCacheData } from '../../src/cli/bundle-loader.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function sandbox(): string {
  const base = mkdtempSync(path.join(tmpdir(), 'plumbline-cc-sec-'));
  made.push(base);
  return base;
}
const DATA = Buffer.from('cached code');

describe('compile cache in the shared temporary folder', () => {
  it('creates a private folder and private files, and reads them back', () => {
    const base = sandbox();
    const file = path.join(base, 'cache', 'x.v8cache');
    expect(writeCacheData(file, DATA)).toBe(true);
    expect(statSync(path.dirname(file)).mode & 0o077).toBe(0);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readCache(file)?.equals(DATA)).toBe(true);
  });

  it('replaces a planted link instead of writing through it, and never reads through one', () => {
    const base = sandbox();
    const dir = path.join(base, 'cache');
    mkdirSync(dir, { mode: 0o700 });
    const victim = path.join(base, 'victim');
    writeFileSync(victim, 'keep me');
    const file = path.join(dir, 'x.v8cache');
    symlinkSync(victim, file);
    expect(readCache(file)).toBeUndefined();
    expect(writeCacheData(file, DATA)).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
  });

  it('uses neither a folder that is a link nor one others can write', () => {
    const base = sandbox();
    const real = path.join(base, 'real');
    mkdirSync(real, { mode: 0o700 });
    const link = path.join(base, 'link');
    symlinkSync(real, link);
    expect(trustedDir(link)).toBe(false);
    expect(writeCacheData(path.join(link, 'x.v8cache'), DATA)).toBe(false);
    expect(readCache(path.join(link, 'x.v8cache'))).toBeUndefined();

    const open = path.join(base, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(writeCacheData(path.join(open, 'x.v8cache'), DATA)).toBe(false);
    writeFileSync(path.join(open, 'planted.v8cache'), DATA, { mode: 0o600 });
    expect(readCache(path.join(open, 'planted.v8cache'))).toBeUndefined();
  });

  it('ignores a cache file others can write', () => {
    const base = sandbox();
    const file = path.join(base, 'cache', 'x.v8cache');
    writeCacheData(file, DATA);
    chmodSync(file, 0o666);
    expect(readCache(file)).toBeUndefined();
  });

  it.skipIf(process.getuid?.() !== 0)(
    'ignores a folder or file another user owns (run as root)',
    async () => {
      const { chownSync } = await import('node:fs');
      const base = sandbox();
      const file = path.join(base, 'cache', 'x.v8cache');
      writeCacheData(file, DATA);
      chownSync(file, 65534, 65534);
      expect(readCache(file)).toBeUndefined();
      chownSync(path.dirname(file), 65534, 65534);
      expect(trustedDir(path.dirname(file))).toBe(false);
    },
  );
});
