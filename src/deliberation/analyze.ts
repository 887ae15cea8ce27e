// The whole analysis of a conversation, as a pure function of its votes (and of
// the previous analysis, so that groups stay stable as votes arrive):
//   vote matrix -> PCA -> participant points -> who is clustered -> base clusters
//   (k = 100) -> opinion groups (k = 2..5 by silhouette, smoothed) ->
//   representativeness, consensus, group-informed consensus, divisive statements,
//   routing priority.
// docs/deliberation.md explains each step and where we depart from Polis.
import { buildMatrix, rowVoteCounts, type VoteMatrix } from './matrix.ts';
import { cleanStart, distanceMatrix, initialClusters, kmeans, silhouette, type Cluster, type Points } from './kmeans.ts';
import { computePca, projectParticipants, statementExtremity, type Pca } from './pca.ts';
import { divisive, groupInformedConsensus as gicScore, majorityConsensus, repStats, routingPriority, selectRepresentative, type Counts } from './repness.ts';
import type { AnalysisInput, AnalysisResult, AnalysisState, GroupStatementStats, RepStatement, StatementStats } from './types.ts';

export const PARAMETERS = {
  /** Votes needed to be clustered: min(7, statements). */
  minVotes: 7,
  /** If fewer qualify, the most active participants are added up to this many. */
  minClustered: 15,
  baseK: 100,
  baseIterations: 100,
  /**
   * From a warm start (the previous update's clusters), at most this many Lloyd
   * steps per update: the next update goes on from where this one stopped.
   */
  warmBaseIterations: 5,
  maxGroups: 5,
  groupIterations: 20,
  /** A new number of groups is adopted after winning this many updates in a row. */
  kBuffer: 4,
  representativePerGroup: 5,
  consensusPerDirection: 5,
  divisiveCount: 5,
};

export interface AnalyzeOptions {
  /** Progress callback (0..1) with the step's name, for organisers' screens. */
  progress?: (fraction: number, step: string) => void;
}

function warmComponents(m: VoteMatrix, previous: AnalysisState | null | undefined): [Float64Array, Float64Array] | null {
  if (!previous?.pca) return null;
  const old = new Map<number, number>();
  previous.pca.statementOrder.forEach((id, i) => old.set(id, i));
  const comps = previous.pca.components.map((c) => {
    const v = new Float64Array(m.colIds.length);
    m.colIds.forEach((id, j) => {
      const i = old.get(id);
      v[j] = i === undefined ? 1 : c[i] ?? 1; // new statements padded with 1, as Polis does
    });
    return v;
  });
  return [comps[0]!, comps[1]!];
}

function clustersFromState(saved: { id: number; members: number[]; center: [number, number] }[], indexOf: Map<number, number>): Cluster[] {
  return saved.map((c) => ({
    id: c.id,
    members: c.members.map((id) => indexOf.get(id)).filter((i): i is number => i !== undefined),
    cx: c.center[0],
    cy: c.center[1],
  }));
}

export function analyze(input: AnalysisInput, previous?: AnalysisState | null, options: AnalyzeOptions = {}): { result: AnalysisResult; state: AnalysisState } {
  options.progress?.(0, 'matrix');
  return analyzeMatrix(buildMatrix(input), previous, options);
}

/** The analysis of a vote matrix already built. */
export function analyzeMatrix(m: VoteMatrix, previous?: AnalysisState | null, options: AnalyzeOptions = {}): { result: AnalysisResult; state: AnalysisState } {
  const progress = options.progress ?? (() => undefined);
  const nRows = m.rowIds.length;
  const nCols = m.colIds.length;

  progress(0.1, 'pca');
  const pca: Pca = computePca(m, { warm: warmComponents(m, previous) });
  const { x, y } = projectParticipants(m, pca);

  // Who is clustered: enough votes, sticky once in, at least 15 if there are.
  progress(0.5, 'clusters');
  const counts = rowVoteCounts(m);
  const rowOf = new Map<number, number>();
  m.rowIds.forEach((id, r) => rowOf.set(id, r));
  const inConv = new Uint8Array(nRows);
  const threshold = Math.min(PARAMETERS.minVotes, nCols);
  let nIn = 0;
  for (const id of previous?.inConv ?? []) {
    const r = rowOf.get(id);
    if (r !== undefined && !inConv[r]) {
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
  const pts: Points = { x: new Float64Array(clusteredRows.map((r) => x[r]!)), y: new Float64Array(clusteredRows.map((r) => y[r]!)) };
  const pointOfParticipant = new Map<number, number>();
  clusteredRows.forEach((r, i) => pointOfParticipant.set(m.rowIds[r]!, i));

  // Base clusters (up to 100 buckets of nearby participants).
  const baseStart = previous?.baseClusters?.length ? cleanStart(pts, clustersFromState(previous.baseClusters, pointOfParticipant), PARAMETERS.baseK) : initialClusters(pts, PARAMETERS.baseK);
  const base = kmeans(pts, baseStart, previous?.baseClusters?.length ? PARAMETERS.warmBaseIterations : PARAMETERS.baseIterations);

  // Opinion groups: k-means over base-cluster centres weighted by size, k by silhouette.
  progress(0.7, 'groups');
  const basePts: Points = { x: new Float64Array(base.map((b) => b.cx)), y: new Float64Array(base.map((b) => b.cy)), w: new Float64Array(base.map((b) => b.members.length)) };
  const baseIndex = new Map<number, number>();
  base.forEach((b, i) => baseIndex.set(b.id, i));
  const maxK = Math.min(PARAMETERS.maxGroups, 2 + Math.floor(base.length / 12));
  const distances = distanceMatrix(basePts);
  const byK = new Map<number, { clusters: Cluster[]; silhouette: number }>();
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
  let groupClusters: Cluster[];
  if (k > 0) groupClusters = byK.get(k)!.clusters;
  else if (base.length > 0) groupClusters = [{ id: 0, members: base.map((_, i) => i), cx: 0, cy: 0 }];
  else groupClusters = [];
  groupClusters = [...groupClusters].sort((a, b) => a.id - b.id);
  const nGroups = groupClusters.length;

  // Group of each participant (row), or -1.
  progress(0.8, 'statements');
  const groupOfRow = new Int32Array(nRows).fill(-1);
  const groupOfBase = new Int32Array(base.length).fill(-1);
  groupClusters.forEach((g, gi) => g.members.forEach((b) => (groupOfBase[b] = gi)));
  base.forEach((b, bi) => b.members.forEach((p) => (groupOfRow[clusteredRows[p]!] = groupOfBase[bi]!)));

  const described = describeGroups(m, groupOfRow, nGroups);
  const { all, perGroup, live, repness, consensus, divisive: divisiveList } = described;
  const gic = described.groupInformedConsensus;

  const extremity = statementExtremity(m, pca);
  const priority: Record<string, number> = {};
  const extremityOut: Record<string, number> = {};
  for (let c = 0; c < nCols; c++) {
    if (m.moderated[c] && !m.meta[c]) continue;
    const sum: Counts = { agree: 0, disagree: 0, total: 0 };
    if (nGroups > 0) {
      for (const g of perGroup) {
        sum.agree += g[c]!.agree;
        sum.disagree += g[c]!.disagree;
        sum.total += g[c]!.total;
      }
    } else Object.assign(sum, all[c]!);
    priority[String(m.colIds[c])] = routingPriority(sum, extremity[c]!, m.meta[c] === 1);
    extremityOut[String(m.colIds[c])] = extremity[c]!;
  }

  const statements: StatementStats[] = m.colIds.map((id, c) => ({ statement: id, agree: all[c]!.agree, disagree: all[c]!.disagree, pass: all[c]!.total - all[c]!.agree - all[c]!.disagree, total: all[c]!.total }));
  const groupStatements: GroupStatementStats[] = [];
  for (let g = 0; g < nGroups; g++) {
    for (const c of live) {
      const s = perGroup[g]![c]!;
      groupStatements.push({ group: g, statement: m.colIds[c]!, agree: s.agree, disagree: s.disagree, pass: s.total - s.agree - s.disagree, total: s.total });
    }
  }
  const membership: Record<string, number> = {};
  let nClustered = 0;
  for (let r = 0; r < nRows; r++) {
    if (groupOfRow[r]! >= 0) {
      membership[String(m.rowIds[r])] = groupOfRow[r]!;
      nClustered++;
    }
  }
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const groups = groupClusters.map((g, gi) => {
    let size = 0;
    let sx = 0;
    let sy = 0;
    for (const b of g.members) {
      const n = base[b]!.members.length;
      size += n;
      sx += n * base[b]!.cx;
      sy += n * base[b]!.cy;
    }
    return { id: gi, size, center: [round(size ? sx / size : 0), round(size ? sy / size : 0)] as [number, number] };
  });
  const pcaOut = { center: [...pca.center], components: [[...pca.components[0]], [...pca.components[1]]] as [number[], number[]], statementOrder: [...m.colIds] };
  progress(1, 'done');
  const result: AnalysisResult = {
    nParticipants: nRows,
    nClustered,
    nStatements: nCols,
    nVotes: m.colIdx.length,
    k: nGroups,
    groups,
    membership,
    map: base.map((b, bi) => ({ id: b.id, x: round(b.cx), y: round(b.cy), size: b.members.length, group: groupOfBase[bi]! })),
    statements,
    groupStatements,
    consensus,
    groupInformedConsensus: gic,
    repness,
    divisive: divisiveList,
    pca: pcaOut,
    extremity: extremityOut,
    priority,
  };
  const state: AnalysisState = {
    inConv: clusteredRows.map((r) => m.rowIds[r]!),
    pca: pcaOut,
    baseClusters: base.map((b) => ({ id: b.id, members: b.members.map((p) => m.rowIds[clusteredRows[p]!]!), center: [b.cx, b.cy] })),
    groupClusterings: Object.fromEntries([...byK].map(([kk, v]) => [String(kk), v.clusters.map((c) => ({ id: c.id, members: c.members.map((i) => base[i]!.id), center: [c.cx, c.cy] as [number, number] }))])),
    k,
    kCandidate,
    kCandidateCount,
  };
  return { result, state };
}

export interface GroupDescription {
  all: Counts[];
  perGroup: Counts[][];
  /** Columns not moderated out. */
  live: number[];
  repness: Record<string, RepStatement[]>;
  consensus: AnalysisResult['consensus'];
  groupInformedConsensus: AnalysisResult['groupInformedConsensus'];
  divisive: AnalysisResult['divisive'];
}

/**
 * What each group believes, what all share and what divides them, for a given
 * assignment of rows to groups (-1: not in a group). Used on our own groups, and
 * on Polis's recorded groups to show what Polis's report would list.
 */
export function describeGroups(m: VoteMatrix, groupOfRow: Int32Array, nGroups: number): GroupDescription {
  const nRows = m.rowIds.length;
  const nCols = m.colIds.length;
  // Counts per statement, everyone and per group.
  const all = Array.from({ length: nCols }, (): Counts => ({ agree: 0, disagree: 0, total: 0 }));
  const perGroup = Array.from({ length: nGroups }, () => Array.from({ length: nCols }, (): Counts => ({ agree: 0, disagree: 0, total: 0 })));
  for (let r = 0; r < nRows; r++) {
    const g = groupOfRow[r]!;
    for (let kk = m.rowPtr[r]!; kk < m.rowPtr[r + 1]!; kk++) {
      const c = m.colIdx[kk]!;
      const v = m.val[kk]!;
      const a = all[c]!;
      a.total++;
      if (v === 1) a.agree++;
      else if (v === -1) a.disagree++;
      if (g >= 0) {
        const gc = perGroup[g]![c]!;
        gc.total++;
        if (v === 1) gc.agree++;
        else if (v === -1) gc.disagree++;
      }
    }
  }
  const live: number[] = [];
  for (let c = 0; c < nCols; c++) if (!m.moderated[c]) live.push(c);

  const repness: Record<string, RepStatement[]> = {};
  if (nGroups >= 2) {
    for (let g = 0; g < nGroups; g++) {
      const stats = live.map((c) => {
        const rest: Counts = { agree: 0, disagree: 0, total: 0 };
        for (let h = 0; h < nGroups; h++) {
          if (h === g) continue;
          const o = perGroup[h]![c]!;
          rest.agree += o.agree;
          rest.disagree += o.disagree;
          rest.total += o.total;
        }
        return repStats(m.colIds[c]!, perGroup[g]![c]!, rest);
      });
      repness[String(g)] = selectRepresentative(stats, PARAMETERS.representativePerGroup);
    }
  }
  const consensus = majorityConsensus(
    live.map((c) => ({ statement: m.colIds[c]!, ...all[c]! })),
    PARAMETERS.consensusPerDirection,
  );
  const groupInformedConsensus = nGroups > 0 ? live.map((c) => ({ statement: m.colIds[c]!, score: gicScore(perGroup.map((g) => g[c]!)) })).sort((a, b) => b.score - a.score || a.statement - b.statement) : [];
  const divisiveList = divisive(
    live.map((c) => ({ statement: m.colIds[c]!, groups: perGroup.map((g) => g[c]!) })),
    PARAMETERS.divisiveCount,
  );

  return { all, perGroup, live, repness, consensus, groupInformedConsensus, divisive: divisiveList };
}
