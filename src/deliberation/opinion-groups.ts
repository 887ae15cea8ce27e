// From participants' positions to opinion groups: who is clustered, base clusters
// (k = 100), candidate groupings for k = 2..5 with their silhouettes, the number of
// groups (smoothed over updates), and each participant's group. Each step warm-starts
// from the previous update's state so that groups stay stable as votes arrive.
import { cleanStart, distanceMatrix, initialClusters, kmeans, silhouette, type Cluster, type Points } from './kmeans.ts';
import { idIndex, rowVoteCounts, type VoteRows } from './matrix.ts';
import { PARAMETERS } from './parameters.ts';
import type { WarmStart } from './types.ts';

/** A saved clustering (members named by id) over the current points; members no longer present are dropped. */
function clustersFromState(saved: { id: number; members: number[]; center: [number, number] }[], indexOf: (id: number) => number): Cluster[] {
  return saved.map((c) => ({
    id: c.id,
    members: membersFound(c.members, indexOf),
    cx: c.center[0],
    cy: c.center[1],
  }));
}

function membersFound(ids: readonly number[], indexOf: (id: number) => number): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const i = indexOf(id);
    if (i >= 0) out.push(i);
  }
  return out;
}

/**
 * Who is clustered, as rows in row order: everyone clustered before (sticky), everyone
 * with min(7, statements) votes, and if that makes fewer than 15, the most active of
 * the rest up to 15.
 */
export function chooseClusteredRows(m: VoteRows, previous: WarmStart | null | undefined): number[] {
  const nRows = m.rowIds.length;
  const counts = rowVoteCounts(m);
  const rowOf = idIndex(m.rowIds);
  const inConv = new Uint8Array(nRows);
  const threshold = Math.min(PARAMETERS.minVotes, m.colIds.length);
  let nIn = 0;
  for (const id of previous?.inConv ?? []) {
    const r = rowOf(id);
    if (r >= 0 && !inConv[r]) {
      inConv[r] = 1;
      nIn++;
    }
  }
  for (let r = 0; r < nRows; r++) {
    if (!inConv[r] && counts[r]! >= threshold && counts[r]! > 0) {
      inConv[r] = 1;
      nIn++;
    }
  }
  if (nIn < PARAMETERS.minClustered) {
    const rest = [...Array(nRows).keys()].filter((r) => !inConv[r] && counts[r]! > 0).sort((a, b) => counts[b]! - counts[a]! || a - b);
    for (const r of rest) {
      if (nIn >= PARAMETERS.minClustered) break;
      inConv[r] = 1;
      nIn++;
    }
  }
  const clusteredRows: number[] = [];
  for (let r = 0; r < nRows; r++) if (inConv[r]) clusteredRows.push(r);
  return clusteredRows;
}

/**
 * Base clusters: up to 100 buckets of nearby clustered participants (members are
 * indices into `clusteredRows`), warm-started from the previous update's.
 */
export function baseClusters(m: Pick<VoteRows, 'rowIds'>, clusteredRows: readonly number[], x: Float64Array, y: Float64Array, previous: WarmStart | null | undefined): Cluster[] {
  const n = clusteredRows.length;
  const pts: Points = { x: new Float64Array(n), y: new Float64Array(n) };
  const clusteredIds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = clusteredRows[i]!;
    pts.x[i] = x[r]!;
    pts.y[i] = y[r]!;
    clusteredIds[i] = m.rowIds[r]!;
  }
  const pointOfParticipant = idIndex(clusteredIds);
  const warm = previous?.baseClusters?.length;
  const start = warm ? cleanStart(pts, clustersFromState(previous!.baseClusters!, pointOfParticipant), PARAMETERS.baseK) : initialClusters(pts, PARAMETERS.baseK);
  return kmeans(pts, start, warm ? PARAMETERS.warmBaseIterations : PARAMETERS.baseIterations);
}

export type GroupClusterings = Map<number, { clusters: Cluster[]; silhouette: number }>;

/**
 * Candidate opinion groups: for each k from 2 to maxK, k-means over the base
 * clusters' centres weighted by their size, with its silhouette. Members are indices
 * into `base`.
 */
export function groupClusteringsByK(base: readonly Cluster[], previous: WarmStart | null | undefined): GroupClusterings {
  const basePts: Points = { x: new Float64Array(base.map((b) => b.cx)), y: new Float64Array(base.map((b) => b.cy)), w: new Float64Array(base.map((b) => b.members.length)) };
  const baseIndex = idIndex(base.map((b) => b.id));
  const maxK = Math.min(PARAMETERS.maxGroups, 2 + Math.floor(base.length / 12));
  const distances = distanceMatrix(basePts);
  const byK: GroupClusterings = new Map();
  for (let k = 2; k <= maxK && k <= base.length; k++) {
    const saved = previous?.groupClusterings?.[String(k)];
    const start = saved?.length ? cleanStart(basePts, clustersFromState(saved, baseIndex), k) : initialClusters(basePts, k);
    const clusters = kmeans(basePts, start, PARAMETERS.groupIterations);
    // k-means drops a cluster left empty; then this is not a k-group clustering and
    // must not compete as one (it would win silhouette ties as "k" with k − 1 groups).
    if (clusters.length !== k) continue;
    const labels = new Int32Array(base.length);
    clusters.forEach((c) => c.members.forEach((i) => (labels[i] = c.id)));
    byK.set(k, { clusters, silhouette: silhouette(distances, base.length, labels) });
  }
  return byK;
}

export interface GroupCountChoice {
  /** The number of groups shown (0: no clustering competed). */
  k: number;
  /** A different k that won the last updates, not yet adopted. */
  kCandidate: number | null;
  kCandidateCount: number;
}

/**
 * The number of groups: the best silhouette (ties: the largest k, as in Polis), but a
 * change of k is adopted only after it wins `kBuffer` updates in a row.
 */
export function chooseGroupCount(byK: GroupClusterings, previous: WarmStart | null | undefined): GroupCountChoice {
  let best = 0;
  let bestScore = -Infinity;
  for (const [k, { silhouette: s }] of byK) {
    if (s >= bestScore) {
      bestScore = s; // ties: the last (largest) k wins, as in Polis
      best = k;
    }
  }
  let k = best;
  let kCandidate: number | null = null;
  let kCandidateCount = 0;
  if (previous && previous.k > 0 && byK.has(previous.k) && best !== previous.k) {
    kCandidate = best;
    kCandidateCount = previous.kCandidate === best ? previous.kCandidateCount + 1 : 1;
    if (kCandidateCount >= PARAMETERS.kBuffer) {
      kCandidate = null;
      kCandidateCount = 0;
    } else k = previous.k;
  }
  return { k, kCandidate, kCandidateCount };
}

/** The groups shown, in id order: the k-clustering, or everyone in one group if none competed. */
export function opinionGroups(byK: GroupClusterings, k: number, base: readonly Cluster[]): Cluster[] {
  let groupClusters: Cluster[];
  if (k > 0) groupClusters = byK.get(k)!.clusters;
  else if (base.length > 0) groupClusters = [{ id: 0, members: base.map((_, i) => i), cx: 0, cy: 0 }];
  else groupClusters = [];
  return [...groupClusters].sort((a, b) => a.id - b.id);
}

/** The group of each participant (row) and of each base cluster, or -1. */
export function groupAssignment(nRows: number, base: readonly Cluster[], groupClusters: readonly Cluster[], clusteredRows: readonly number[]): { groupOfRow: Int32Array; groupOfBase: Int32Array } {
  const groupOfRow = new Int32Array(nRows).fill(-1);
  const groupOfBase = new Int32Array(base.length).fill(-1);
  groupClusters.forEach((g, gi) => g.members.forEach((b) => (groupOfBase[b] = gi)));
  base.forEach((b, bi) => b.members.forEach((p) => (groupOfRow[clusteredRows[p]!] = groupOfBase[bi]!)));
  return { groupOfRow, groupOfBase };
}

