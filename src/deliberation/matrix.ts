// The vote matrix: participants (rows) x statements (columns), sparse (CSR), with
// the latest vote per cell. Votes on moderated-out statements are kept in the raw
// matrix (they count as a participant's votes, as in Polis) and ignored by the
// analysis of opinions.
import { UnusableInput } from '../kernel/errors.ts';
import type { AnalysisInput, PackedVotes, VoteInput } from './types.ts';

export interface VoteMatrix {
  /** Participant id of each row, in join order. */
  rowIds: number[];
  /** Statement id of each column, in order. */
  colIds: number[];
  /** 1 for a moderated-out column. */
  moderated: Uint8Array;
  meta: Uint8Array;
  /** CSR: the cells of row r are rowPtr[r] .. rowPtr[r+1]-1, columns ascending. */
  rowPtr: Int32Array;
  colIdx: Int32Array;
  /** 1 agree, -1 disagree, 0 pass. */
  val: Int8Array;
}

/**
 * The rows of a vote matrix as the analysis reads them: the cells of row r are
 * rowStart[r] .. rowEnd[r]-1 of colIdx/val, columns ascending. A VoteMatrix gives
 * this view without copying (voteRows); the worker's live matrix (live-matrix.ts)
 * keeps its rows this way with room to grow, so a vote is added in place.
 */
export interface VoteRows {
  rowIds: readonly number[];
  colIds: readonly number[];
  moderated: Uint8Array;
  meta: Uint8Array;
  rowStart: Int32Array;
  rowEnd: Int32Array;
  colIdx: Int32Array;
  val: Int8Array;
  /** Number of cells (votes, passes included). */
  nCells: number;
}

export function voteRows(m: VoteMatrix | VoteRows): VoteRows {
  if (!('rowPtr' in m)) return m;
  const n = m.rowIds.length;
  return { rowIds: m.rowIds, colIds: m.colIds, moderated: m.moderated, meta: m.meta, rowStart: m.rowPtr.subarray(0, n), rowEnd: m.rowPtr.subarray(1, n + 1), colIdx: m.colIdx, val: m.val, nCells: m.rowPtr[n]! };
}

/** Per column: the votes cast (agree, disagree, all of them, passes included). */
export interface ColumnStats {
  agree: Int32Array;
  disagree: Int32Array;
  total: Int32Array;
}

/** Each column's vote counts, in one pass over the cells. */
export function columnStats(m: VoteRows): ColumnStats {
  const nCols = m.colIds.length;
  const s: ColumnStats = { agree: new Int32Array(nCols), disagree: new Int32Array(nCols), total: new Int32Array(nCols) };
  for (let r = 0; r < m.rowIds.length; r++) {
    for (let k = m.rowStart[r]!; k < m.rowEnd[r]!; k++) {
      const c = m.colIdx[k]!;
      const v = m.val[k]!;
      s.total[c]!++;
      if (v === 1) s.agree[c]!++;
      else if (v === -1) s.disagree[c]!++;
    }
  }
  return s;
}

function packed(votes: VoteInput[] | PackedVotes): PackedVotes {
  if (!Array.isArray(votes)) {
    const n = votes.participant.length;
    if (votes.statement.length !== n || votes.vote.length !== n) throw new UnusableInput('packed votes: the three arrays differ in length');
    return votes;
  }
  const n = votes.length;
  const p: PackedVotes = { participant: new Int32Array(n), statement: new Int32Array(n), vote: new Int8Array(n) };
  for (let i = 0; i < n; i++) {
    const v = votes[i]!;
    p.participant[i] = v.participant;
    p.statement[i] = v.statement;
    p.vote[i] = v.vote;
  }
  return p;
}

export function buildMatrix(input: AnalysisInput): VoteMatrix {
  const rowOf = rowsByParticipant(input.participants);
  const { colOf, moderated, meta } = columnsByStatement(input.statements);
  const v = packed(input.votes);
  const { rows, cols, counts } = voteCells(v, rowOf, colOf, input.participants.length);
  const { rowPtr, colIdx, val } = compressedRows(rows, cols, counts, v.vote, input.statements.length);
  return {
    rowIds: [...input.participants],
    colIds: input.statements.map((s) => s.id),
    moderated,
    meta,
    rowPtr,
    colIdx,
    val,
  };
}

function rowsByParticipant(participants: readonly number[]): Map<number, number> {
  const rowOf = new Map<number, number>();
  participants.forEach((id, r) => {
    if (!Number.isSafeInteger(id) || id < 0) throw new UnusableInput(`participant id ${id} is not a non-negative whole number`);
    if (rowOf.has(id)) throw new UnusableInput(`participant ${id} is listed twice`);
    rowOf.set(id, r);
  });
  return rowOf;
}

/** Each statement's column, and which columns are moderated out (meta statements are) or meta. */
function columnsByStatement(statements: AnalysisInput['statements']): { colOf: Map<number, number>; moderated: Uint8Array; meta: Uint8Array } {
  const colOf = new Map<number, number>();
  const moderated = new Uint8Array(statements.length);
  const meta = new Uint8Array(statements.length);
  statements.forEach((s, c) => {
    if (!Number.isSafeInteger(s.id) || s.id < 0) throw new UnusableInput(`statement id ${s.id} is not a non-negative whole number`);
    if (colOf.has(s.id)) throw new UnusableInput(`statement ${s.id} is listed twice`);
    colOf.set(s.id, c);
    moderated[c] = s.moderatedOut || s.meta ? 1 : 0;
    meta[c] = s.meta ? 1 : 0;
  });
  return { colOf, moderated, meta };
}

/** Each vote's row and column (ids resolved and checked), and the running count of cells per row. */
function voteCells(v: PackedVotes, rowOf: ReadonlyMap<number, number>, colOf: ReadonlyMap<number, number>, nRows: number): { rows: Int32Array; cols: Int32Array; counts: Int32Array } {
  const n = v.participant.length;
  const rows = new Int32Array(n);
  const cols = new Int32Array(n);
  const counts = new Int32Array(nRows + 1);
  // (keys in insertion order: each id's position is its row or column)
  const rowIndex = idIndex([...rowOf.keys()]);
  const colIndex = idIndex([...colOf.keys()]);
  for (let i = 0; i < n; i++) {
    const r = rowIndex(v.participant[i]!);
    if (r < 0) throw new UnusableInput(`a vote is from participant ${v.participant[i]}, who is not in the participant list`);
    const c = colIndex(v.statement[i]!);
    if (c < 0) throw new UnusableInput(`a vote is on statement ${v.statement[i]}, which is not in the statement list`);
    const x = v.vote[i]!;
    if (x !== 1 && x !== -1 && x !== 0) throw new UnusableInput(`participant ${v.participant[i]} has vote ${x} on statement ${v.statement[i]}: a vote is 1, -1 or 0`);
    rows[i] = r;
    cols[i] = c;
    counts[r + 1]!++;
  }
  for (let r = 0; r < nRows; r++) counts[r + 1]! += counts[r]!;
  return { rows, cols, counts };
}

/** Compressed sparse rows: each row's cells by column, the later vote where a cell was voted twice. */
function compressedRows(rows: Int32Array, cols: Int32Array, counts: Int32Array, votes: Int8Array, nCols: number): { rowPtr: Int32Array; colIdx: Int32Array; val: Int8Array } {
  const n = rows.length;
  const nRows = counts.length - 1;
  // Two stable counting sorts (by column, then by row): each row's cells come out
  // with columns ascending and, for one cell voted twice, in input order.
  const colStart = new Int32Array(nCols + 1);
  for (let i = 0; i < n; i++) colStart[cols[i]! + 1]!++;
  for (let c = 0; c < nCols; c++) colStart[c + 1]! += colStart[c]!;
  const byCol = new Int32Array(n);
  for (let i = 0; i < n; i++) byCol[colStart[cols[i]!]!++] = i;
  const fill = counts.slice(0, nRows);
  const order = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = byCol[j]!;
    order[fill[rows[i]!]!++] = i;
  }
  const rowPtr = new Int32Array(nRows + 1);
  const colIdx = new Int32Array(n);
  const val = new Int8Array(n);
  let out = 0;
  for (let r = 0; r < nRows; r++) {
    rowPtr[r] = out;
    const end = counts[r + 1]!;
    for (let k = counts[r]!; k < end; k++) {
      const i = order[k]!;
      if (k + 1 < end && cols[order[k + 1]!] === cols[i]) continue; // a later vote on the same cell
      colIdx[out] = cols[i]!;
      val[out] = votes[i]!;
      out++;
    }
  }
  rowPtr[nRows] = out;
  return { rowPtr, colIdx: out === n ? colIdx : colIdx.slice(0, out), val: out === n ? val : val.slice(0, out) };
}

/** Number of votes (passes included) each participant cast, on any statement. */
export function rowVoteCounts(m: VoteRows): Int32Array {
  const counts = new Int32Array(m.rowIds.length);
  for (let r = 0; r < counts.length; r++) counts[r] = m.rowEnd[r]! - m.rowStart[r]!;
  return counts;
}

/**
 * Position of each id in a list (-1 if absent): a typed table when the ids are small
 * enough (participant ids are counted from 0), else a Map.
 */
export function idIndex(ids: ArrayLike<number>): (id: number) => number {
  const n = ids.length;
  let max = -1;
  let small = true;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (!(Number.isInteger(id) && id >= 0)) small = false;
    else if (id > max) max = id;
  }
  if (small && max <= 4 * n + 1024) {
    const table = new Int32Array(max + 1).fill(-1);
    for (let i = n - 1; i >= 0; i--) table[ids[i]!] = i;
    return (id) => (id >= 0 && id <= max ? table[id]! : -1);
  }
  const map = new Map<number, number>();
  for (let i = n - 1; i >= 0; i--) map.set(ids[i]!, i);
  return (id) => map.get(id) ?? -1;
}
