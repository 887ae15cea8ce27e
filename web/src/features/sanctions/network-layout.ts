// Where the sanctions network's drawing puts each node and its name: a radial
// layout — the chosen entity in the centre, each further step on a wider circle,
// every node near the neighbour that brought it in. Pure and deterministic (the same
// network gives the same drawing whatever the order of its lists), so that people
// comparing screenshots see the same picture; test/web/network-layout.test.ts checks it.

export interface LayoutEdge {
  source: string;
  target: string;
}

export type Placed<N> = N & {
  x: number;
  y: number;
  /** Steps from the centre (0 for the centre itself). */
  layer: number;
};

/** Room between the outermost circle and the drawing's edge, for the nodes' names. */
export const RING_MARGIN = 70;

/**
 * Place the nodes reachable from `centre` on circles in a `size` × `size` square.
 * Nodes that cannot be reached from the centre are left out (the server sends
 * only the centre's neighbourhood).
 */
export function radialLayout<N extends { id: string }>(nodes: readonly N[], edges: readonly LayoutEdge[], centre: string, size: number): Placed<N>[] {
  const adjacency = new Map<string, string[]>();
  for (const e of edges) {
    adjacency.set(e.source, [...(adjacency.get(e.source) ?? []), e.target]);
    adjacency.set(e.target, [...(adjacency.get(e.target) ?? []), e.source]);
  }
  const rings = ringsFrom(adjacency, centre);
  const c = size / 2;
  const step = (size / 2 - RING_MARGIN) / Math.max(1, rings.length - 1);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed: Placed<N>[] = [];
  rings.forEach((ring, layer) =>
    ring.forEach(({ id, angle }, i) => {
      const node = byId.get(id);
      if (!node) return;
      const a = angle - Math.PI / 2;
      // a crowded ring: every other node a little further in, so neighbouring spokes' labels do not overlap
      const r = step * layer - (ring.length > 16 && i % 2 === 1 ? step * 0.12 : 0);
      placed.push({ ...node, layer, x: c + Math.cos(a) * r, y: c + Math.sin(a) * r });
    }),
  );
  return placed;
}

/** Breadth-first rings around the centre; each ring ordered by the angle of the neighbour that brought each node in. */
function ringsFrom(adjacency: Map<string, string[]>, centre: string): { id: string; angle: number }[][] {
  const layerOf = new Map([[centre, 0]]);
  const angleOf = new Map([[centre, 0]]);
  const rings: string[][] = [[centre]];
  let frontier = [centre];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier)
      for (const n of [...(adjacency.get(id) ?? [])].sort())
        if (!layerOf.has(n)) {
          layerOf.set(n, rings.length);
          next.push(n);
        }
    if (!next.length) break;
    const parentAngle = (id: string) => Math.min(...(adjacency.get(id) ?? []).filter((p) => layerOf.get(p) === rings.length - 1).map((p) => angleOf.get(p) ?? 0));
    next.sort((a, b) => parentAngle(a) - parentAngle(b) || a.localeCompare(b));
    next.forEach((id, i) => angleOf.set(id, (2 * Math.PI * i) / next.length));
    rings.push(next);
    frontier = next;
  }
  return rings.map((ring) => ring.map((id) => ({ id, angle: angleOf.get(id)! })));
}

/** The first words of a name, up to about 24 letters (the whole name is in the link's label and the table). */
export function shortName(name: string): string {
  const words = name.split(/\s+/);
  let out = words[0] ?? '';
  for (const w of words.slice(1)) {
    if (out.length + 1 + w.length > 24) break;
    out += ` ${w}`;
  }
  return out;
}

/** A node's name outside its circle, away from the centre `c`: to the side for nodes left and right, above or below for the others. */
export function labelAt(n: { x: number; y: number; layer: number }, c: number): { x: number; y: number; 'text-anchor': 'start' | 'middle' | 'end' } {
  const dx = n.x - c;
  const dy = n.y - c;
  const len = Math.hypot(dx, dy);
  if (n.layer === 0 || len === 0) return { x: n.x, y: n.y + 28, 'text-anchor': 'middle' };
  const [ux, uy] = [dx / len, dy / len];
  if (Math.abs(ux) < 0.35) return { x: n.x, y: uy > 0 ? n.y + 23 : n.y - 15, 'text-anchor': 'middle' };
  return { x: n.x + ux * 14, y: n.y + uy * 10 + 4, 'text-anchor': ux > 0 ? 'start' : 'end' };
}
