// The whole analysis of a conversation, as a pure function of its votes (and of
// the previous analysis, so that groups stay stable as votes arrive):
//   vote matrix -> PCA -> participant points -> who is clustered -> base clusters
//   (k = 100) -> opinion groups (k = 2..5 by silhouette, smoothed) ->
//   representativeness, consensus, group-informed consensus, divisive statements,
//   routing priority.
// docs/deliberation.md explains each step and where we depart from Polis.
import type { Cluster } from './kmeans.ts';
import { buildMatrix, columnStats, voteRows, type ColumnStats, type VoteMatrix, type VoteRows } from './matrix.ts';
import {
  baseClusters,
  chooseClusteredRows,
  chooseGroupCount,
  groupAssignment,
  groupClusteringsByK,
  opinionGroups,
  type GroupClusterings,
  type GroupCountChoice,
} from './opinion-groups.ts';
import { PARAMETERS } from './parameters.ts';
import { computePca, projectParticipants, statementExtremity, type Pca } from './pca.ts';
import { divisive, groupInformedConsensus as gicScore, majorityConsensus, repStats, routingPriority, selectRepresentative, type VoteCounts } from './repness.ts';
import type { AnalysisInput, AnalysisResult, WarmStart, GroupStatementStats, RepStatement, StatementStats } from './types.ts';

export interface AnalyzeOptions {
  /** Progress callback (0..1) with the step's name, for organisers' screens. */
  progress?: (fraction: number, step: string) => void;
}

/**
 * Counts a caller that keeps them between updates (the worker's live matrix) hands
 * in instead of passing over every vote again; the results are the same numbers.
 */
export interface KeptCounts {
  /** Each column's votes. */
  stats: ColumnStats;
  /** Each group's votes on each column, for this assignment of rows to groups. */
  groupCounts(groupOfRow: Int32Array, nGroups: number): GroupCounts;
}

/** Votes per group and column: index g * nCols + c. */
export interface GroupCounts {
  agree: Int32Array;
  disagree: Int32Array;
  total: Int32Array;
}

/** The previous components, reordered to the current statements, to start the PCA from. */
function warmComponents(m: VoteRows, previous: WarmStart | null | undefined): [Float64Array, Float64Array] | null {
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

export function analyze(input: AnalysisInput, previous?: WarmStart | null, options: AnalyzeOptions = {}): { result: AnalysisResult; state: WarmStart } {
  options.progress?.(0, 'matrix');
  return analyzeMatrix(buildMatrix(input), previous, options);
}

/**
 * Each live (or meta) statement's routing priority and extremity, by statement id. The
 * priority counts the grouped participants' votes, or everyone's if there are no groups.
 */
function statementRouting(m: VoteRows, pca: Pca, { all, perGroup }: GroupDescription, nGroups: number): { priority: Record<string, number>; extremity: Record<string, number> } {
  const extremity = statementExtremity(m, pca);
  const priority: Record<string, number> = {};
  const extremityOut: Record<string, number> = {};
  for (let c = 0; c < m.colIds.length; c++) {
    if (m.moderated[c] && !m.meta[c]) continue;
    const sum: VoteCounts = { agree: 0, disagree: 0, total: 0 };
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
  return { priority, extremity: extremityOut };
}

/** Everyone's votes on each statement. */
function statementCounts(m: VoteRows, all: readonly VoteCounts[]): StatementStats[] {
  return m.colIds.map((id, c) => ({ statement: id, agree: all[c]!.agree, disagree: all[c]!.disagree, pass: all[c]!.total - all[c]!.agree - all[c]!.disagree, total: all[c]!.total }));
}

/** Each group's votes on each live statement. */
function groupStatementCounts(m: VoteRows, { perGroup, live }: GroupDescription, nGroups: number): GroupStatementStats[] {
  const groupStatements: GroupStatementStats[] = [];
  for (let g = 0; g < nGroups; g++) {
    for (const c of live) {
      const s = perGroup[g]![c]!;
      groupStatements.push({ group: g, statement: m.colIds[c]!, agree: s.agree, disagree: s.disagree, pass: s.total - s.agree - s.disagree, total: s.total });
    }
  }
  return groupStatements;
}

/** The group of each grouped participant, by participant id, and how many there are. */
function membershipOf(m: VoteRows, groupOfRow: Int32Array): { membership: Record<string, number>; nClustered: number } {
  const membership: Record<string, number> = {};
  let nClustered = 0;
  for (let r = 0; r < m.rowIds.length; r++) {
    if (groupOfRow[r]! >= 0) {
      membership[m.rowIds[r]!] = groupOfRow[r]!; // an integer key: the same property as its string, made faster
      nClustered++;
    }
  }
  return { membership, nClustered };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** Each group's size and centre (the participants' mean position). */
function groupSummaries(groupClusters: readonly Cluster[], base: readonly Cluster[]): AnalysisResult['groups'] {
  return groupClusters.map((g, gi) => {
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
}

/** What the next update starts from, with clusters named by participant and base-cluster ids. */
function stateToKeep(m: VoteRows, clusteredRows: readonly number[], pca: WarmStart['pca'], base: readonly Cluster[], byK: GroupClusterings, choice: GroupCountChoice): WarmStart {
  return {
    inConv: clusteredRows.map((r) => m.rowIds[r]!),
    pca,
    baseClusters: base.map((b) => ({ id: b.id, members: b.members.map((p) => m.rowIds[clusteredRows[p]!]!), center: [b.cx, b.cy] })),
    groupClusterings: Object.fromEntries([...byK].map(([kk, v]) => [String(kk), v.clusters.map((c) => ({ id: c.id, members: c.members.map((i) => base[i]!.id), center: [c.cx, c.cy] as [number, number] }))])),
    k: choice.k,
    kCandidate: choice.kCandidate,
    kCandidateCount: choice.kCandidateCount,
  };
}

/** The analysis of a vote matrix already built. */
export function analyzeMatrix(matrix: VoteMatrix | VoteRows, previous?: WarmStart | null, options: AnalyzeOptions = {}, kept?: KeptCounts): { result: AnalysisResult; state: WarmStart } {
  const progress = options.progress ?? (() => undefined);
  const m = voteRows(matrix);
  const stats = kept?.stats ?? columnStats(m);

  progress(0.1, 'pca');
  const pca: Pca = computePca(m, { warm: warmComponents(m, previous), stats });
  progress(0.4, 'projection');
  const { x, y } = projectParticipants(m, pca);

  progress(0.5, 'clusters');
  const clusteredRows = chooseClusteredRows(m, previous);
  const base = baseClusters(m, clusteredRows, x, y, previous);

  progress(0.7, 'groups');
  const byK = groupClusteringsByK(base, previous);
  const choice = chooseGroupCount(byK, previous);
  const groupClusters = opinionGroups(byK, choice.k, base);

  progress(0.8, 'statements');
  const { groupOfRow, groupOfBase } = groupAssignment(m.rowIds.length, base, groupClusters, clusteredRows);
  const nGroups = groupClusters.length;
  progress(0.85, 'describe');
  const described = describeCounts(m, stats, kept ? kept.groupCounts(groupOfRow, nGroups) : countGroups(m, groupOfRow, nGroups), nGroups);
  progress(0.9, 'routing');
  const pcaOut = { center: [...pca.center], components: [[...pca.components[0]], [...pca.components[1]]] as [number[], number[]], statementOrder: [...m.colIds] };
  const routing = statementRouting(m, pca, described, groupClusters.length);
  progress(0.95, 'members');
  const { membership, nClustered } = membershipOf(m, groupOfRow);
  const result: AnalysisResult = {
    nParticipants: m.rowIds.length,
    nClustered,
    nStatements: m.colIds.length,
    nVotes: m.nCells,
    k: groupClusters.length,
    groups: groupSummaries(groupClusters, base),
    membership,
    map: base.map((b, bi) => ({ id: b.id, x: round(b.cx), y: round(b.cy), size: b.members.length, group: groupOfBase[bi]! })),
    statements: statementCounts(m, described.all),
    groupStatements: groupStatementCounts(m, described, groupClusters.length),
    consensus: described.consensus,
    groupInformedConsensus: described.groupInformedConsensus,
    repness: described.repness,
    divisive: described.divisive,
    pca: pcaOut,
    extremity: routing.extremity,
    priority: routing.priority,
  };
  const state = stateToKeep(m, clusteredRows, pcaOut, base, byK, choice);
  progress(1, 'done');
  return { result, state };
}

export interface GroupDescription {
  all: VoteCounts[];
  perGroup: VoteCounts[][];
  /** Columns not moderated out. */
  live: number[];
  repness: Record<string, RepStatement[]>;
  consensus: AnalysisResult['consensus'];
  groupInformedConsensus: AnalysisResult['groupInformedConsensus'];
  divisive: AnalysisResult['divisive'];
}

/** Each group's votes on each column (one pass over the cells; rows in no group, -1, are skipped). */
export function countGroups(m: VoteRows, groupOfRow: Int32Array, nGroups: number): GroupCounts {
  const nCols = m.colIds.length;
  const g: GroupCounts = { agree: new Int32Array(nGroups * nCols), disagree: new Int32Array(nGroups * nCols), total: new Int32Array(nGroups * nCols) };
  for (let r = 0; r < m.rowIds.length; r++) {
    const gr = groupOfRow[r]!;
    if (gr < 0) continue;
    const o = gr * nCols;
    for (let k = m.rowStart[r]!; k < m.rowEnd[r]!; k++) {
      const i = o + m.colIdx[k]!;
      const v = m.val[k]!;
      g.total[i]!++;
      if (v === 1) g.agree[i]!++;
      else if (v === -1) g.disagree[i]!++;
    }
  }
  return g;
}

/**
 * What each group believes, what all share and what divides them, for a given
 * assignment of rows to groups (-1: not in a group). Used on our own groups, and
 * on Polis's recorded groups to show what Polis's report would list.
 */
export function describeGroups(m: VoteMatrix | VoteRows, groupOfRow: Int32Array, nGroups: number): GroupDescription {
  const rows = voteRows(m);
  return describeCounts(rows, columnStats(rows), countGroups(rows, groupOfRow, nGroups), nGroups);
}

/** describeGroups from counts already made. */
function describeCounts(m: VoteRows, stats: ColumnStats, counts: GroupCounts, nGroups: number): GroupDescription {
  const nCols = m.colIds.length;
  const all = Array.from({ length: nCols }, (_, c): VoteCounts => ({ agree: stats.agree[c]!, disagree: stats.disagree[c]!, total: stats.total[c]! }));
  const perGroup = Array.from({ length: nGroups }, (_, g) =>
    Array.from({ length: nCols }, (_, c): VoteCounts => ({ agree: counts.agree[g * nCols + c]!, disagree: counts.disagree[g * nCols + c]!, total: counts.total[g * nCols + c]! })),
  );
  const live: number[] = [];
  for (let c = 0; c < nCols; c++) if (!m.moderated[c]) live.push(c);

  const repness: Record<string, RepStatement[]> = {};
  if (nGroups >= 2) {
    for (let g = 0; g < nGroups; g++) {
      const stats = live.map((c) => {
        const rest: VoteCounts = { agree: 0, disagree: 0, total: 0 };
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
