/**
 * A directed graph over service ids built from the model's dependencies, and the graph questions rules ask:
 * elementary cycles, longest simple chains, fan-in and fan-out. Deterministic: nodes and neighbours are
 * visited in sorted order, so the same model always yields the same cycles and chains in the same order.
 */
import { compareSources } from '../../model/provenance.js';
import type { Dependency, SystemModel } from '../../model/schema.js';
import { businessDependencies } from './roles.js';

export type DependencyKind = Dependency['kind'];

export interface ServiceGraph {
  /** Sorted node ids. */
  nodes: string[];
  /** from → to → the dependencies (evidence) behind that edge, sorted by source. */
  edges: Map<string, Map<string, Dependency[]>>;
}

export interface GraphOptions {
  /** Which dependency kinds make an edge (e.g. ['sync'] for call chains, ['sync', 'async'] for cycles). */
  kinds: DependencyKind[];
  /** Keep only edges whose both ends pass; nodes that fail are left out. */
  include?: (id: string) => boolean;
}

export function buildGraph(dependencies: Dependency[], options: GraphOptions): ServiceGraph {
  const include = options.include ?? (() => true);
  const kinds = new Set(options.kinds);
  const edges = new Map<string, Map<string, Dependency[]>>();
  const nodes = new Set<string>();
  for (const dep of dependencies) {
    if (!kinds.has(dep.kind) || dep.from === dep.to) continue;
    if (!include(dep.from) || !include(dep.to)) continue;
    nodes.add(dep.from);
    nodes.add(dep.to);
    let out = edges.get(dep.from);
    if (!out) {
      out = new Map();
      edges.set(dep.from, out);
    }
    const list = out.get(dep.to);
    if (list) list.push(dep);
    else out.set(dep.to, [dep]);
  }
  for (const out of edges.values())
    for (const list of out.values()) list.sort((a, b) => compareSources(a.source, b.source));
  return { nodes: [...nodes].sort(), edges };
}

export function buildServiceGraph(model: SystemModel, options: GraphOptions): ServiceGraph {
  return buildGraph(businessDependencies(model), options);
}

/** Sorted successors of a node. */
export function successors(graph: ServiceGraph, node: string): string[] {
  return [...(graph.edges.get(node)?.keys() ?? [])].sort();
}

/** Sorted predecessors of a node. */
export function predecessors(graph: ServiceGraph, node: string): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph.edges) if (targets.has(node)) out.push(from);
  return out.sort();
}

/** The first (by source position) dependency behind an edge: the evidence a finding cites. */
export function edgeEvidence(graph: ServiceGraph, from: string, to: string): Dependency | undefined {
  return graph.edges.get(from)?.get(to)?.[0];
}

/** Every dependency behind an edge. */
export function edgeDependencies(graph: ServiceGraph, from: string, to: string): Dependency[] {
  return graph.edges.get(from)?.get(to) ?? [];
}

/**
 * Every elementary cycle exactly once, each rotated to start at its smallest node id, sorted by length then
 * lexicographically. Each cycle is enumerated from its smallest node only (visiting larger nodes), which is
 * what makes every cycle appear once. `limit` bounds the work on pathological graphs.
 */
export function elementaryCycles(graph: ServiceGraph, limit = 200): string[][] {
  const cycles: string[][] = [];
  for (const start of graph.nodes) {
    const path = [start];
    const onPath = new Set(path);
    const walk = (node: string): boolean => {
      for (const next of successors(graph, node)) {
        if (next === start) {
          cycles.push([...path]);
          if (cycles.length >= limit) return false;
          continue;
        }
        if (next < start || onPath.has(next)) continue;
        path.push(next);
        onPath.add(next);
        const keepGoing = walk(next);
        path.pop();
        onPath.delete(next);
        if (!keepGoing) return false;
      }
      return true;
    };
    if (!walk(start)) break;
  }
  return cycles.sort((a, b) => a.length - b.length || a.join('\u0000').localeCompare(b.join('\u0000')));
}

/**
 * The longest simple path (most edges) starting at `start`; ties go to the lexicographically first path.
 * Exhaustive DFS, bounded by `budget` node visits so a dense graph cannot stall a review.
 */
export function longestChainFrom(graph: ServiceGraph, start: string, budget = 50_000): string[] {
  let best: string[] = [start];
  let visits = 0;
  const path = [start];
  const onPath = new Set(path);
  const walk = (node: string) => {
    if (++visits > budget) return;
    if (path.length > best.length) best = [...path];
    for (const next of successors(graph, node)) {
      if (onPath.has(next)) continue;
      path.push(next);
      onPath.add(next);
      walk(next);
      path.pop();
      onPath.delete(next);
    }
  };
  walk(start);
  return best;
}

/** Nodes with no incoming edge, sorted: where call chains begin. */
export function sources(graph: ServiceGraph): string[] {
  const hasIncoming = new Set<string>();
  for (const targets of graph.edges.values()) for (const to of targets.keys()) hasIncoming.add(to);
  return graph.nodes.filter((n) => !hasIncoming.has(n));
}

export function fanOut(graph: ServiceGraph, node: string): number {
  return graph.edges.get(node)?.size ?? 0;
}

export function fanIn(graph: ServiceGraph, node: string): number {
  let n = 0;
  for (const targets of graph.edges.values()) if (targets.has(node)) n++;
  return n;
}

/** Services reachable from outside: the natural start of a request's call chain. */
export function publicServiceIds(model: SystemModel): Set<string> {
  const ids = new Set<string>();
  for (const e of model.exposures) if (e.public) for (const id of e.serviceIds) ids.add(id);
  return ids;
}

/** Where chains start: services nobody calls synchronously, plus public entry points. */
export function chainStarts(graph: ServiceGraph, model: SystemModel): string[] {
  const pub = publicServiceIds(model);
  return [...new Set([...sources(graph), ...graph.nodes.filter((n) => pub.has(n))])].sort();
}

export function chainEvidence(graph: ServiceGraph, chain: string[]): Dependency[] {
  const out: Dependency[] = [];
  for (let i = 0; i + 1 < chain.length; i++) {
    const dep = edgeEvidence(graph, chain[i] as string, chain[i + 1] as string);
    if (dep) out.push(dep);
  }
  return out;
}
