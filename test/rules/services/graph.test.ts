import { describe, expect, it } from 'vitest';
import type { Dependency } from '../../../src/model/schema.js';
import {
  buildGraph,
  elementaryCycles,
  fanIn,
  fanOut,
  longestChainFrom,
  sources,
} from '../../../src/rules/shared/graph.js';

const edge = (from: string, to: string, kind: Dependency['kind'] = 'sync', line = 1): Dependency => ({
  from,
  to,
  kind,
  protocol: 'http',
  via: 'env',
  evidence: `${to}`,
  source: { file: 'x.yaml', line },
});

describe('elementaryCycles', () => {
  it('reports every elementary cycle exactly once, rotated to its smallest node', () => {
    // a⇄b, b→c→a, c→d→c, plus an acyclic tail d→e
    const g = buildGraph(
      [
        edge('a', 'b'),
        edge('b', 'a'),
        edge('b', 'c'),
        edge('c', 'a'),
        edge('c', 'd'),
        edge('d', 'c'),
        edge('d', 'e'),
      ],
      { kinds: ['sync'] },
    );
    expect(elementaryCycles(g)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['a', 'b', 'c'],
    ]);
  });

  it('finds no cycle in a DAG and ignores self-loops and excluded kinds or nodes', () => {
    const deps = [edge('a', 'b'), edge('b', 'c'), edge('a', 'c'), edge('c', 'c'), edge('c', 'a', 'startup')];
    expect(elementaryCycles(buildGraph(deps, { kinds: ['sync'] }))).toEqual([]);
    const withAsync = buildGraph([edge('a', 'b'), edge('b', 'a', 'async')], { kinds: ['sync', 'async'] });
    expect(elementaryCycles(withAsync)).toEqual([['a', 'b']]);
    const filtered = buildGraph([edge('a', 'b'), edge('b', 'a')], {
      kinds: ['sync'],
      include: (id) => id !== 'b',
    });
    expect(elementaryCycles(filtered)).toEqual([]);
  });

  it('enumerates all cycles of a complete graph on 4 nodes (20 of them)', () => {
    const nodes = ['a', 'b', 'c', 'd'];
    const deps = nodes.flatMap((x) => nodes.filter((y) => y !== x).map((y) => edge(x, y)));
    // K4 directed: 6 two-cycles + 8 three-cycles + 6 four-cycles
    const cycles = elementaryCycles(buildGraph(deps, { kinds: ['sync'] }));
    expect(cycles).toHaveLength(20);
    expect(new Set(cycles.map((c) => c.join(','))).size).toBe(20);
  });
});

describe('chains and fan', () => {
  const g = buildGraph(
    [
      edge('web', 'orders'),
      edge('orders', 'payments'),
      edge('payments', 'ledger'),
      edge('web', 'catalog'),
      edge('orders', 'catalog'),
    ],
    { kinds: ['sync'] },
  );

  it('finds the longest simple chain from a node', () => {
    expect(longestChainFrom(g, 'web')).toEqual(['web', 'orders', 'payments', 'ledger']);
    expect(longestChainFrom(g, 'ledger')).toEqual(['ledger']);
  });

  it('terminates on cycles', () => {
    const cyclic = buildGraph([edge('a', 'b'), edge('b', 'c'), edge('c', 'a')], { kinds: ['sync'] });
    expect(longestChainFrom(cyclic, 'a')).toEqual(['a', 'b', 'c']);
  });

  it('counts distinct neighbours for fan-in and fan-out and lists sources', () => {
    const twice = buildGraph([edge('a', 'b', 'sync', 1), edge('a', 'b', 'sync', 2)], { kinds: ['sync'] });
    expect(fanOut(twice, 'a')).toBe(1);
    expect(fanIn(g, 'catalog')).toBe(2);
    expect(fanOut(g, 'web')).toBe(2);
    expect(sources(g)).toEqual(['web']);
  });
});
