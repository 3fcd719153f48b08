/**
 * A small layered (Sugiyama-style) layout for the service graph, left to right: break cycles, assign each
 * node the longest-path layer, order nodes in a layer by the barycentre of their neighbours, then place
 * them on a grid. Deterministic: ties break on node id. Nodes without edges get their own last column.
 */

export interface LayoutInput {
  nodes: { id: string }[];
  edges: { from: string; to: string }[];
}

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  /** SVG path data. */
  path: string;
  /** The edge points backwards (it closes a cycle). */
  back: boolean;
}

export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 40;
const GAP_X = 72;
const GAP_Y = 20;
const MARGIN = 16;
const SWEEPS = 6;

export function layoutGraph(input: LayoutInput): Layout {
  const ids = [...new Set(input.nodes.map((n) => n.id))].sort();
  const known = new Set(ids);
  const edges = input.edges.filter((e) => e.from !== e.to && known.has(e.from) && known.has(e.to));
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) out.get(e.from)!.push(e.to);
  for (const list of out.values()) list.sort();

  const back = findBackEdges(ids, out);
  const dagOut = new Map<string, string[]>(ids.map((id) => [id, []]));
  const dagIn = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) {
    const [a, b] = back.has(`${e.from}\u0000${e.to}`) ? [e.to, e.from] : [e.from, e.to];
    if (!dagOut.get(a)!.includes(b)) {
      dagOut.get(a)!.push(b);
      dagIn.get(b)!.push(a);
    }
  }

  // Longest-path layering over the DAG (Kahn order).
  const layer = new Map<string, number>();
  const indegree = new Map(ids.map((id) => [id, dagIn.get(id)!.length]));
  const queue = ids.filter((id) => indegree.get(id) === 0);
  for (const id of queue) layer.set(id, 0);
  while (queue.length) {
    const id = queue.shift()!;
    for (const next of dagOut.get(id)!) {
      layer.set(next, Math.max(layer.get(next) ?? 0, layer.get(id)! + 1));
      indegree.set(next, indegree.get(next)! - 1);
      if (indegree.get(next) === 0) queue.push(next);
    }
  }
  const connected = new Set(edges.flatMap((e) => [e.from, e.to]));
  const maxLayer = Math.max(0, ...[...connected].map((id) => layer.get(id) ?? 0));
  const isolatedLayer = connected.size ? maxLayer + 1 : 0;
  for (const id of ids) if (!connected.has(id)) layer.set(id, isolatedLayer);

  const layerCount = Math.max(...ids.map((id) => layer.get(id)!), 0) + 1;
  const layers: string[][] = Array.from({ length: layerCount }, () => []);
  for (const id of ids) layers[layer.get(id)!]!.push(id);

  // Barycentre ordering, alternating downward (by predecessors) and upward (by successors) sweeps.
  const position = new Map<string, number>();
  const remember = (): void => {
    for (const l of layers) {
      for (let i = 0; i < l.length; i++) position.set(l[i]!, i);
    }
  };
  remember();
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const down = sweep % 2 === 0;
    const order = down ? layers.map((_, i) => i) : layers.map((_, i) => layers.length - 1 - i);
    for (const li of order) {
      const neighbours = down ? dagIn : dagOut;
      const bary = (id: string): number => {
        const ns = neighbours.get(id)!.filter((n) => layer.get(n) !== li);
        return ns.length ? ns.reduce((a, n) => a + position.get(n)!, 0) / ns.length : position.get(id)!;
      };
      const scored = layers[li]!.map((id) => ({ id, b: bary(id) }));
      scored.sort((a, b) => a.b - b.b || (a.id < b.id ? -1 : 1));
      layers[li] = scored.map((s) => s.id);
      for (let i = 0; i < layers[li]!.length; i++) position.set(layers[li]![i]!, i);
    }
  }

  const rows = Math.max(1, ...layers.map((l) => l.length));
  const columnHeight = (n: number): number => n * NODE_HEIGHT + Math.max(0, n - 1) * GAP_Y;
  const height = MARGIN * 2 + columnHeight(rows);
  const width = MARGIN * 2 + layers.length * NODE_WIDTH + Math.max(0, layers.length - 1) * GAP_X;
  const placed = new Map<string, PlacedNode>();
  layers.forEach((ids, li) => {
    const top = MARGIN + (columnHeight(rows) - columnHeight(ids.length)) / 2;
    ids.forEach((id, i) => {
      placed.set(id, {
        id,
        layer: li,
        x: MARGIN + li * (NODE_WIDTH + GAP_X),
        y: Math.round(top + i * (NODE_HEIGHT + GAP_Y)),
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
      });
    });
  });

  const placedEdges: PlacedEdge[] = [];
  const seen = new Set<string>();
  for (const e of [...edges].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1))) {
    const key = `${e.from}\u0000${e.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const a = placed.get(e.from)!;
    const b = placed.get(e.to)!;
    placedEdges.push({ from: e.from, to: e.to, path: edgePath(a, b), back: back.has(key) });
  }
  return {
    width,
    height,
    nodes: ids.map((id) => placed.get(id)!),
    edges: placedEdges,
  };
}

function edgePath(a: PlacedNode, b: PlacedNode): string {
  const ay = a.y + a.height / 2;
  const by = b.y + b.height / 2;
  if (b.layer > a.layer) {
    const x1 = a.x + a.width;
    const x2 = b.x;
    const mid = (x1 + x2) / 2;
    return `M${x1},${ay} C${mid},${ay} ${mid},${by} ${x2},${by}`;
  }
  // Same column or backwards: loop out below/above, entering the target from its left side.
  const x1 = a.x;
  const x2 = b.x;
  const bend = Math.min(x1, x2) - GAP_X / 2;
  return `M${x1},${ay} C${bend},${ay} ${bend},${by} ${x2},${by}`;
}

/** Edges that close a cycle in a depth-first search taken in id order. */
function findBackEdges(ids: string[], out: Map<string, string[]>): Set<string> {
  const state = new Map<string, 1 | 2>();
  const back = new Set<string>();
  for (const root of ids) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const succ = out.get(top.id)!;
      if (top.next < succ.length) {
        const n = succ[top.next++]!;
        const s = state.get(n);
        if (s === 1) back.add(`${top.id}\u0000${n}`);
        else if (s === undefined) {
          state.set(n, 1);
          stack.push({ id: n, next: 0 });
        }
      } else {
        state.set(top.id, 2);
        stack.pop();
      }
    }
  }
  return back;
}
