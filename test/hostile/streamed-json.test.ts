/**
 * Streamed JSON (issue 16): a report of 10^5 paths is larger than one string may be, so JSON is written in
 * pieces. The pieces must join to exactly what JSON.stringify(value, null, 2) gives, for any value.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batched, jsonChunks } from '../../src/render/json-stream.js';
import { cli } from '../helpers/run-cli.js';

const joined = (value: unknown) => [...jsonChunks(value)].join('');

describe('jsonChunks', () => {
  it('is byte-identical to JSON.stringify(value, null, 2) for arbitrary JSON-like values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(joined(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 500 },
    );
  });

  it('follows JSON.stringify for undefined, functions, toJSON, boxed values and non-finite numbers', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBoxedValues: true,
          withDate: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
        }),
        (value) => {
          const expected = JSON.stringify({ value, list: [value, undefined, () => 1] }, null, 2);
          expect(joined({ value, list: [value, undefined, () => 1] })).toBe(`${expected}\n`);
        },
      ),
      { numRuns: 300 },
    );
    const withToJson = { a: { toJSON: (key: string) => `key:${key}` }, b: [new Date(0)], c: Number.NaN };
    expect(joined(withToJson)).toBe(`${JSON.stringify(withToJson, null, 2)}\n`);
  });

  it('yields no piece larger than one element, however many elements there are', () => {
    const report = {
      findings: Array.from({ length: 100_000 }, (_, i) => ({
        ruleId: 'r',
        locations: [{ file: `f${i}`, line: i }],
      })),
    };
    let largest = 0;
    let total = 0;
    for (const piece of jsonChunks(report)) {
      largest = Math.max(largest, piece.length);
      total += piece.length;
    }
    expect(largest).toBeLessThan(200);
    expect(total).toBe(JSON.stringify(report, null, 2).length + 1);
    const batches = [...batched(jsonChunks(report), 1 << 16)];
    expect(batches.length).toBeGreaterThan(10);
    expect(batches.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });
});

describe('review --format json', () => {
  it('streams the same report to --out as to stdout, and never through a link', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'plumbline-stream-'));
    try {
      const paths = Array.from(
        { length: 300 },
        (_, i) => `  /p${i}:\n    get:\n      responses:\n        "200": {description: ok}`,
      );
      writeFileSync(
        path.join(repo, 'api.yaml'),
        `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n${paths.join('\n')}\n`,
      );
      const out = path.join(repo, '..', `${path.basename(repo)}-report.json`);
      const toStdout = await cli('review', repo, '--format', 'json');
      const toFile = await cli('review', repo, '--out', out);
      expect(toFile.code).toBe(toStdout.code);
      const written = readFileSync(out, 'utf8');
      expect(written).toBe(toStdout.stdout);
      expect(JSON.parse(written).findings.length).toBeGreaterThan(300);
      rmSync(out);
      symlinkSync(path.join(repo, 'api.yaml'), out);
      const refused = await cli('review', repo, '--out', out);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/symbolic link/);
      rmSync(out);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 60_000);
});
