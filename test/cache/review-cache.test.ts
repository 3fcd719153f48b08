import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewCacheKey } from '../../src/cache/review-cache.js';
import { walkRepository } from '../../src/discover/index.js';
import { reviewDirectory } from '../../src/index.js';

const compose = (tag: string) => `services:\n  web:\n    image: nginx:${tag}\n    ports: ["8080:80"]\n`;

describe('review cache', () => {
  it('answers an unchanged tree from the cache and misses on any change', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-repo-'));
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-'));
    writeFileSync(path.join(repo, 'docker-compose.yml'), compose('1.27.1'));

    const key1 = reviewCacheKey(await walkRepository(repo), {});
    const parsed: string[] = [];
    const onFileParsed = (file: string) => parsed.push(file);
    const first = await reviewDirectory(repo, { cacheDir, onFileParsed });
    expect(parsed).toEqual(['docker-compose.yml']);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    // answered from the cache: nothing is parsed again
    const again = await reviewDirectory(repo, { cacheDir, onFileParsed });
    expect(parsed).toEqual(['docker-compose.yml']);
    expect(again).toEqual(first);
    expect(readdirSync(cacheDir)).toHaveLength(1);

    writeFileSync(path.join(repo, 'docker-compose.yml'), compose('1.27.2'));
    const key2 = reviewCacheKey(await walkRepository(repo), {});
    expect(key2).not.toBe(key1);
    const changed = await reviewDirectory(repo, { cacheDir, onFileParsed });
    expect(parsed).toHaveLength(2);
    expect(JSON.stringify(changed)).toContain('nginx:1.27.2');
    expect(readdirSync(cacheDir)).toHaveLength(2);

    writeFileSync(path.join(repo, 'notes.yaml'), 'a: 1\n');
    expect(reviewCacheKey(await walkRepository(repo), {})).not.toBe(key2);
  });

  it('keys on the options too', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-repo-'));
    writeFileSync(path.join(repo, 'docker-compose.yml'), compose('1.27.1'));
    const walked = await walkRepository(repo);
    expect(reviewCacheKey(walked, { config: { rules: {} } })).not.toBe(
      reviewCacheKey(walked, { config: { rules: { 'security/x': 'off' } } }),
    );
  });
});
