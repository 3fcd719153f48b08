/**
 * The walker's own reads follow the path policy (issue 16): the `ignore:` list it reads from plumbline.yaml before
 * the walk comes only from a regular file inside the root (a FIFO there used to block the walk, a link out of the
 * root was read), and through the bounded YAML parser.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkDirectory } from '../../src/discover/walker.js';

const work = mkdtempSync(path.join(tmpdir(), 'plumbline-walker-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tree(name: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx:1.27\n');
  return dir;
}

describe('the walker reading plumbline.yaml', () => {
  it('does not block on a FIFO named plumbline.yaml', async () => {
    const dir = tree('fifo');
    execFileSync('mkfifo', [path.join(dir, 'plumbline.yaml')]);
    const walked = await walkDirectory(dir);
    expect(walked.files.map((f) => f.path)).toEqual(['docker-compose.yml']);
  }, 10_000);

  it('does not apply an ignore list from a plumbline.yaml that links out of the root', async () => {
    const outside = path.join(work, 'outside.yaml');
    writeFileSync(outside, 'ignore: ["**"]\n');
    const dir = tree('linked');
    symlinkSync(outside, path.join(dir, 'plumbline.yaml'));
    const walked = await walkDirectory(dir);
    expect(walked.files.map((f) => f.path)).toContain('docker-compose.yml');
  });

  it('still applies its own ignore list, and survives an alias bomb in it', async () => {
    const dir = tree('own');
    writeFileSync(path.join(dir, 'plumbline.yaml'), 'ignore: ["docker-compose.yml"]\n');
    expect((await walkDirectory(dir)).files.map((f) => f.path)).toEqual(['plumbline.yaml']);
    const bomb = tree('bomb');
    const big = `[${Array.from({ length: 2000 }, (_, i) => i).join(', ')}]`;
    const anchors = Array.from({ length: 10 }, (_, a) => `a${a}: &a${a} ${big}`);
    const uses = Array.from({ length: 10 }, (_, a) => `u${a}: [${Array(99).fill(`*a${a}`).join(', ')}]`);
    writeFileSync(
      path.join(bomb, 'plumbline.yaml'),
      `${[...anchors, ...uses, 'ignore: ["**"]'].join('\n')}\n`,
    );
    expect((await walkDirectory(bomb)).files.map((f) => f.path)).toContain('docker-compose.yml');
  });
});
