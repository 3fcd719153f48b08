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

  describe('JSON located by indentation, checked against the parsed value', () => {
    const value = {
      openapi: '3.0.3',
      paths: Object.fromEntries(
        ['/a', '/b/{id}', '/c'].map((route, r) => [
          route,
          {
            get: {
              parameters: [{ name: 'id', in: 'path', schema: { type: 'string', enum: ['x', '}'] } }],
              responses: {
                '200': { description: `ok ${r}`, content: { 'application/json': { example: [1, [2]] } } },
              },
            },
            post: { responses: { '201': { description: 'made\n  }' }, '4XX': { description: '{' } } },
          },
        ]),
      ),
      components: {
        schemas: { A: { type: 'object', properties: { b: { $ref: '#/components/schemas/B' } } }, B: {} },
      },
    };
    const allPaths = (v: unknown, p: (string | number)[] = []): (string | number)[][] =>
      v === null || typeof v !== 'object'
        ? []
        : Object.entries(v).flatMap(([k, child]) => {
            const q = [...p, Array.isArray(v) ? Number(k) : k];
            return [q, ...allPaths(child, q)];
          });
    const sameLinesAsExact = (text: string, atLeast = 50): void => {
      const data = JSON.parse(text) as unknown;
      const fast = new JsonLocator(text, data);
      fast.prefetch([
        { path: ['paths'], depth: 3 },
        { path: ['components'], depth: 2 },
      ]);
      const exact = new JsonLocator(text);
      const paths = allPaths(data);
      expect(paths.length).toBeGreaterThanOrEqual(atLeast);
      for (const p of paths) expect(fast.line(p), p.join('/')).toBe(exact.line(p));
    };
    const pretty = JSON.stringify(value, null, 2);

    it('gives the exact scan’s lines for pretty-printed JSON (2 or 4 spaces, tabs, CRLF, minified)', () => {
      sameLinesAsExact(pretty);
      sameLinesAsExact(JSON.stringify(value, null, 4));
      sameLinesAsExact(JSON.stringify(value, null, '\t'));
      sameLinesAsExact(pretty.replace(/\n/g, '\r\n'));
      sameLinesAsExact(JSON.stringify(value));
    });

    it('falls back to the exact scan where the indentation misleads', () => {
      // a closing bracket moved out to its parent's indentation, and one closing on its last child's line
      const lines = pretty.split('\n');
      const close = lines.findIndex((l, i) => i > 10 && /^ {8}\},?$/.test(l));
      lines[close] = lines[close]!.slice(2);
      sameLinesAsExact(lines.join('\n'));
      sameLinesAsExact(pretty.replace(/("description": "ok 0")\n\s+\}/, '$1}'));
      // duplicate keys: JSON.parse keeps the last one, and so does the locator
      sameLinesAsExact('{\n  "a": {\n    "x": 1\n  },\n  "a": {\n    "y": 2\n  }\n}', 2);
    });
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
