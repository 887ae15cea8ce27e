// k-means in the 2-D opinion map, as Polis runs it: deterministic start (the first
// k distinct points, or the previous clustering recentred, with the most distant
// points added as new clusters), weighted centres, stop when no centre moves by
// 0.01 or more. Also the silhouette used to choose the number of groups.

export interface Points {
  x: Float64Array;
  y: Float64Array;
  /** Weight of each point (base clusters weigh their member count); 1 when absent. */
  w?: Float64Array;
}

export interface Cluster {
  id: number;
  /** Indices into the points. */
  members: number[];
  cx: number;
  cy: number;
}

function distinctFirst(p: Points, k: number): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  for (let i = 0; i < p.x.length && out.length < k; i++) {
    const key = `${p.x[i]},${p.y[i]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  return out;
}

/** Number of distinct points, counting no further than `atMost`. */
export function countDistinct(p: Points, atMost = Infinity): number {
  const seen = new Set<string>();
  for (let i = 0; i < p.x.length && seen.size < atMost; i++) seen.add(`${p.x[i]},${p.y[i]}`);
  return seen.size;
}

/** Cold start: the first k distinct points are the centres. */
export function initialClusters(p: Points, k: number): Cluster[] {
  return distinctFirst(p, k).map((i, id) => ({ id, members: [], cx: p.x[i]!, cy: p.y[i]! }));
}

function recentre(p: Points, c: Cluster): boolean {
  let sx = 0;
  let sy = 0;
  let sw = 0;
  for (const i of c.members) {
    const w = p.w ? p.w[i]! : 1;
    sx += w * p.x[i]!;
    sy += w * p.y[i]!;
    sw += w;
  }
  if (c.members.length === 0) return false;
  if (sw === 0) {
    // all weights zero: plain mean
    sx = 0;
    sy = 0;
    for (const i of c.members) {
      sx += p.x[i]!;
      sy += p.y[i]!;
    }
    sw = c.members.length;
  }
  c.cx = sx / sw;
  c.cy = sy / sw;
  return true;
}

/**
 * Warm start: the previous clusters (members as point indices, those gone removed)
 * recentred on where their members are now; identical centres merged; then, while
 * there are fewer than min(k, distinct points) clusters, the point farthest from
 * every centre becomes a new cluster.
 */
export function cleanStart(p: Points, previous: Cluster[], k: number): Cluster[] {
  let clusters = previous.map((c) => ({ id: c.id, members: [...c.members], cx: c.cx, cy: c.cy })).filter((c) => recentre(p, c));
  const merged: Cluster[] = [];
  for (const c of clusters) {
    const same = merged.find((o) => o.cx === c.cx && o.cy === c.cy);
    if (same) same.members.push(...c.members);
    else merged.push(c);
  }
  clusters = merged;
  const want = countDistinct(p, k);
  let nextId = Math.max(-1, ...previous.map((c) => c.id)) + 1;
  while (clusters.length < want) {
    let far = -1;
    let farD = -1;
    for (let i = 0; i < p.x.length; i++) {
      let best = Infinity;
      for (const c of clusters) best = Math.min(best, (p.x[i]! - c.cx) ** 2 + (p.y[i]! - c.cy) ** 2);
      if (best > farD) {
        farD = best;
        far = i;
      }
    }
    if (far < 0) break;
    clusters.push({ id: nextId++, members: [], cx: p.x[far]!, cy: p.y[far]! });
  }
  return clusters;
}

/** Lloyd iterations until every centre moves less than `tolerance` (or maxIterations). */
export function kmeans(p: Points, start: Cluster[], maxIterations: number, tolerance = 0.01): Cluster[] {
  let clusters = start.map((c) => ({ ...c, members: [] as number[] }));
  const n = p.x.length;
  if (clusters.length === 0 || n === 0) return [];
  const cx = new Float64Array(clusters.length);
  const cy = new Float64Array(clusters.length);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    clusters.forEach((c, j) => {
      cx[j] = c.cx;
      cy[j] = c.cy;
      c.members = [];
    });
    const m = clusters.length;
    for (let i = 0; i < n; i++) {
      const xi = p.x[i]!;
      const yi = p.y[i]!;
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < m; j++) {
        const dx = xi - cx[j]!;
        const dy = yi - cy[j]!;
        const d = dx * dx + dy * dy;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      clusters[best]!.members.push(i);
    }
    const before = clusters.map((c) => [c.cx, c.cy] as const);
    const kept: Cluster[] = [];
    const moved: number[] = [];
    clusters.forEach((c, j) => {
      if (recentre(p, c)) {
        kept.push(c);
        moved.push(Math.hypot(c.cx - before[j]![0], c.cy - before[j]![1]));
      }
    });
    const dropped = kept.length !== clusters.length;
    clusters = kept;
    if (!dropped && moved.every((d) => d < tolerance)) break;
  }
  // final assignment is the one the centres were computed from
  return clusters;
}

/** Silhouette of a clustering given a full distance matrix (row-major n×n): unweighted mean over points. */
export function silhouette(distances: Float64Array, n: number, labels: Int32Array): number {
  if (n === 0) return 0;
  const clusterIds = [...new Set(labels)];
  if (clusterIds.length < 2) return 0;
  const sizes = new Map<number, number>();
  for (const l of labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  let total = 0;
  const sums = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    if (sizes.get(own)! <= 1) continue; // alone in its cluster: 0
    sums.clear();
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sums.set(labels[j]!, (sums.get(labels[j]!) ?? 0) + distances[i * n + j]!);
    }
    const a = sums.get(own)! / (sizes.get(own)! - 1);
    let b = Infinity;
    for (const [l, s] of sums) if (l !== own) b = Math.min(b, s / sizes.get(l)!);
    const m = Math.max(a, b);
    total += m === 0 ? 0 : (b - a) / m;
  }
  return total / n;
}

export function distanceMatrix(p: Points): Float64Array {
  const n = p.x.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = Math.hypot(p.x[i]! - p.x[j]!, p.y[i]! - p.y[j]!);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return d;
}
