/**
 * A small layered (Sugiyama-style) layout for the service graph, left to right: break cycles, assign each
 * node the longest-path layer, split an edge that spans several layers into virtual nodes (one per layer it
 * crosses, each holding a thin slot of its column), order each layer by the barycentre of its neighbours,
 * then stack the slots in columns. An edge runs between columns as a curve and through a column only inside
 * its own slot, so no edge is drawn through a node box. Deterministic: ties break on node id. Nodes without
 * edges fill the last columns, as many rows high as the rest of the graph.
 */
import { compareText } from '../model/values.js';

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
  /**
   * The route, from the source to the target: pairs of points; between pairs the path is a curve in the gap
   * between two columns, within a pair a straight line through a column's virtual slot.
   */
  points: [number, number][];
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
/** Height of the slot a long edge takes in a column it crosses. */
const VIRTUAL_HEIGHT = 6;

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
  const layerCount = connected.size ? maxLayer + 1 : 0;
  const layers: string[][] = Array.from({ length: layerCount }, () => []);
  for (const id of ids) if (connected.has(id)) layers[layer.get(id)!]!.push(id);

  // Virtual nodes: an edge over k layers becomes a chain through k-1 slots.
  const chains = new Map<string, string[]>();
  for (const a of ids) {
    for (const b of [...dagOut.get(a)!]) {
      const span = layer.get(b)! - layer.get(a)!;
      if (span <= 1) continue;
      const chain: string[] = [];
      for (let k = 1; k < span; k++) {
        const v = `\u0000${a}\u0000${b}\u0000${k}`;
        chain.push(v);
        layer.set(v, layer.get(a)! + k);
        layers[layer.get(a)! + k]!.push(v);
        dagOut.set(v, []);
        dagIn.set(v, []);
      }
      const path = [a, ...chain, b];
      dagOut.set(
        a,
        dagOut.get(a)!.map((n) => (n === b ? chain[0]! : n)),
      );
      dagIn.set(
        b,
        dagIn.get(b)!.map((n) => (n === a ? chain[chain.length - 1]! : n)),
      );
      for (let i = 1; i < path.length - 1; i++) {
        dagIn.get(path[i]!)!.push(path[i - 1]!);
        dagOut.get(path[i]!)!.push(path[i + 1]!);
      }
      chains.set(`${a}\u0000${b}`, chain);
    }
  }
  const isVirtual = (id: string): boolean => id.startsWith('\u0000');

  // Barycentre ordering, alternating downward (by predecessors) and upward (by successors) sweeps.
  const position = new Map<string, number>();
  for (const l of layers) for (let i = 0; i < l.length; i++) position.set(l[i]!, i);
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
      scored.sort((a, b) => a.b - b.b || compareText(a.id, b.id));
      layers[li] = scored.map((x) => x.id);
      for (let i = 0; i < layers[li]!.length; i++) position.set(layers[li]![i]!, i);
    }
  }

  // Isolated nodes: columns after the graph, no taller than the graph's tallest column (at least 8 rows).
  const isolated = ids.filter((id) => !connected.has(id));
  const slotHeight = (id: string): number => (isVirtual(id) ? VIRTUAL_HEIGHT : NODE_HEIGHT);
  const columnHeight = (col: string[]): number =>
    col.reduce((h, id) => h + slotHeight(id), 0) + Math.max(0, col.length - 1) * GAP_Y;
  const tallest = Math.max(0, ...layers.map(columnHeight));
  const perColumn = Math.max(8, Math.floor((tallest + GAP_Y) / (NODE_HEIGHT + GAP_Y)));
  for (let i = 0; i < isolated.length; i += perColumn) layers.push(isolated.slice(i, i + perColumn));

  const innerHeight = Math.max(NODE_HEIGHT, ...layers.map(columnHeight));
  const height = MARGIN * 2 + innerHeight;
  const width = MARGIN * 2 + layers.length * NODE_WIDTH + Math.max(0, layers.length - 1) * GAP_X;
  const placed = new Map<string, PlacedNode>();
  layers.forEach((col, li) => {
    let y = MARGIN + (innerHeight - columnHeight(col)) / 2;
    for (const id of col) {
      placed.set(id, {
        id,
        layer: li,
        x: MARGIN + li * (NODE_WIDTH + GAP_X),
        y: Math.round(y),
        width: NODE_WIDTH,
        height: slotHeight(id),
      });
      y += slotHeight(id) + GAP_Y;
    }
  });

  const placedEdges: PlacedEdge[] = [];
  const seen = new Set<string>();
  for (const e of [...edges].sort((a, b) => compareText(a.from + a.to, b.from + b.to))) {
    const key = `${e.from}\u0000${e.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const isBack = back.has(key);
    const [a, b] = isBack ? [e.to, e.from] : [e.from, e.to];
    const via = (chains.get(`${a}\u0000${b}`) ?? []).map((v) => placed.get(v)!);
    const points = route(placed.get(a)!, via, placed.get(b)!);
    if (isBack) points.reverse();
    placedEdges.push({ from: e.from, to: e.to, path: pathOf(points), back: isBack, points });
  }
  return {
    width,
    height,
    nodes: ids.map((id) => placed.get(id)!),
    edges: placedEdges,
  };
}

/** Source's right side, through each virtual slot (left to right at its middle), to the target's left side. */
function route(a: PlacedNode, via: PlacedNode[], b: PlacedNode): [number, number][] {
  const mid = (n: PlacedNode): number => n.y + n.height / 2;
  const points: [number, number][] = [[a.x + a.width, mid(a)]];
  for (const v of via) points.push([v.x, mid(v)], [v.x + v.width, mid(v)]);
  points.push([b.x, mid(b)]);
  return points;
}

/** Curves between columns (horizontal tangents), straight lines through a column's slot. */
function pathOf(points: [number, number][]): string {
  const [x0, y0] = points[0]!;
  const parts = [`M${x0},${y0}`];
  for (let i = 1; i < points.length; i++) {
    const [px, py] = points[i - 1]!;
    const [x, y] = points[i]!;
    const betweenColumns = i % 2 === 1;
    if (betweenColumns) {
      const m = (px + x) / 2;
      parts.push(`C${m},${py} ${m},${y} ${x},${y}`);
    } else parts.push(`L${x},${y}`);
  }
  return parts.join(' ');
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
