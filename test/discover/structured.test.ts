import { describe, expect, it } from 'vitest';
import { JsonLocator, parseStructured } from '../../src/discover/parse/structured.js';

describe('parseStructured', () => {
  it('locates keys and array items in YAML, across documents', () => {
    const text = 'a: 1\nb:\n  c:\n    - x\n    - y\n---\nkind: Service\nspec:\n  ports: [80]\n';
    const { documents, diagnostics } = parseStructured('f.yaml', text, 'test');
    expect(diagnostics).toEqual([]);
    expect(documents).toHaveLength(2);
    expect(documents[0]!.locate(['b', 'c', 1]).line).toBe(5);
    expect(documents[0]!.locate(['b', 'missing']).line).toBe(2);
    expect(documents[1]!.startLine).toBe(7);
    expect(documents[1]!.locate(['spec', 'ports']).line).toBe(9);
  });

  it('locates keys in JSON, including escaped keys and nested arrays', () => {
    const text =
      '{\n  "paths": {\n    "/a\\/b": {\n      "get": {"tags": ["x",\n "y"]}\n    }\n  },\n  "n": [1,\n 2]\n}';
    const { documents } = parseStructured('f.json', text, 'test');
    const doc = documents[0]!;
    expect(doc.data).toEqual({ paths: { '/a/b': { get: { tags: ['x', 'y'] } } }, n: [1, 2] });
    expect(doc.locate(['paths', '/a/b', 'get']).line).toBe(4);
    expect(doc.locate(['paths', '/a/b', 'get', 'tags', 1]).line).toBe(5);
    expect(doc.locate(['n', 1]).line).toBe(9);
    expect(doc.locate(['paths', 'nope']).line).toBe(2);
  });

  it('skips strings holding brackets and escaped quotes while locating', () => {
    const text = '{"a": "}\\"{[", "b": {"c": 1}}';
    const locator = new JsonLocator(text);
    expect(locator.offset(['b', 'c'])).toBe(text.indexOf('"c"'));
  });

  it('reports broken JSON with file, line and column', () => {
    const { documents, diagnostics } = parseStructured('bad.json', '{\n  "a": 1,\n  "b": \n}', 'test');
    expect(documents).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: 'bad.json', line: 4 });
  });

  it('reports broken YAML with the line of the error', () => {
    const { documents, diagnostics } = parseStructured('bad.yaml', 'a: 1\nb: [1, 2\nc: 3\n', 'test');
    expect(documents).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: 'bad.yaml' });
    expect(diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects a YAML alias bomb instead of expanding it', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n');
    const { documents, diagnostics } = parseStructured('bomb.yaml', bomb, 'test');
    expect(documents).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: 'bomb.yaml', line: 1 });
    expect(diagnostics[0]!.message).toMatch(/alias/i);
  });
});
