/**
 * The fast YAML path (js-yaml data + a block-style text locator) must give the same data as the exact `yaml`
 * parse and the same line and column for every path it answers; what it is not sure of it leaves to the exact
 * parser (undefined).
 */
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from 'yaml';
import { FAST_YAML_MIN_BYTES, parseYaml } from '../../src/discover/parse/structured.js';
import { loadYamlFast } from '../../src/discover/parse/yaml-fast.js';

const tricky = `# leading comment
openapi: 3.0.3
info:
  title: "Quoted: title"
  description: |
    key: not a key
    - not an item
  version: '1'
paths:
  /orders/{id}:
    get:
      tags:
      - orders
      -   spaced
      parameters:
        -
          name: id
          in: path
        - {name: flow, in: query}
        - name: "quoted"   # comment
          in: header
      responses:
        200:
          description: ok
        '404':
          description: >
            folded
        "default":
          description: err
          content: {application/json: {schema: {type: object}}}
  "/quoted path":
    x-list:
      - - nested
        - deeper
      - plain
components:
  schemas:
    Order:
      type: object
      properties:
        id: {type: integer}
        'it''s': {type: string}
        total:
          type: number

          description: blank line above
`;

function exactLocator(text: string) {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  return (p: (string | number)[]) => {
    let node: unknown = doc.contents;
    let best = (doc.contents as Node).range![0];
    for (const seg of p) {
      if (isMap(node)) {
        const pair = node.items.find((x) => isScalar(x.key) && String(x.key.value) === String(seg)) as
          | Pair
          | undefined;
        if (!pair) break;
        best = (pair.key as Node).range![0];
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        best = item.range![0];
        node = item;
      } else break;
    }
    const pos = lc.linePos(best);
    return { line: pos.line, column: pos.col };
  };
}

function allPaths(data: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    out.push(p);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], [...p, i]);
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(data, []);
  return out;
}

describe('fast YAML path', () => {
  it('gives the exact parser’s data and, for every path it answers, its line and column', () => {
    const fast = loadYamlFast(tricky);
    expect(fast).toBeDefined();
    expect(fast!.data).toEqual(parseDocument(tricky).toJS());
    const exact = exactLocator(tricky);
    let answered = 0;
    for (const p of allPaths(fast!.data)) {
      const at = fast!.locate(p);
      if (!at) continue;
      answered++;
      expect([p, at]).toEqual([p, exact(p)]);
    }
    expect(answered).toBeGreaterThan(40);
    // flow collections are left to the exact parser
    expect(fast!.locate(['paths', '/orders/{id}', 'get', 'parameters', 1, 'name'])).toBeUndefined();
  });

  it('leaves anchors, several documents, duplicate keys and errors to the exact parser', () => {
    expect(loadYamlFast('a: &x {b: 1}\nc: *x\n')).toBeUndefined();
    expect(loadYamlFast('a: 1\n---\nb: 2\n')).toBeUndefined();
    expect(loadYamlFast('a: 1\na: 2\n')).toBeUndefined();
    expect(loadYamlFast('a: [1\n')).toBeUndefined();
  });

  it('is what parseYaml uses for a large file, with the same locations as the exact parse', () => {
    const pad = Array.from(
      { length: 2000 },
      (_, i) => `    Pad${i}:\n      type: string\n      description: padding line ${i}`,
    ).join('\n');
    const text = `${tricky}${pad}\n`;
    expect(text.length).toBeGreaterThan(FAST_YAML_MIN_BYTES);
    const [doc] = parseYaml('big.yaml', text, 'test').documents;
    const exact = exactLocator(text);
    for (const p of [
      ['paths', '/orders/{id}', 'get', 'responses', '200'],
      ['paths', '/orders/{id}', 'get', 'parameters', 1, 'name'], // answered by the exact parser
      ['components', 'schemas', 'Pad1999', 'description'],
      ['components', 'schemas', 'Order', 'properties', 'missing'], // the deepest ancestor, as before
    ]) {
      expect(doc!.locate(p)).toEqual({ file: 'big.yaml', ...exact(p) });
    }
  });
});
