// The vote matrix: participants (rows) x statements (columns), sparse (CSR), with
// the latest vote per cell. Votes on moderated-out statements are kept in the raw
// matrix (they count as a participant's votes, as in Polis) and ignored by the
// analysis of opinions.
import { UnusableInput } from '../protocol/errors.ts';
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
  const rowOf = new Map<number, number>();
  input.participants.forEach((id, r) => {
    if (!Number.isSafeInteger(id) || id < 0) throw new UnusableInput(`participant id ${id} is not a non-negative whole number`);
    if (rowOf.has(id)) throw new UnusableInput(`participant ${id} is listed twice`);
    rowOf.set(id, r);
  });
  const colOf = new Map<number, number>();
  const moderated = new Uint8Array(input.statements.length);
  const meta = new Uint8Array(input.statements.length);
  input.statements.forEach((s, c) => {
    if (!Number.isSafeInteger(s.id) || s.id < 0) throw new UnusableInput(`statement id ${s.id} is not a non-negative whole number`);
    if (colOf.has(s.id)) throw new UnusableInput(`statement ${s.id} is listed twice`);
    colOf.set(s.id, c);
    moderated[c] = s.moderatedOut || s.meta ? 1 : 0;
    meta[c] = s.meta ? 1 : 0;
  });
  const v = packed(input.votes);
  const n = v.participant.length;
  const nRows = input.participants.length;
  // Resolve ids, count cells per row.
  const rows = new Int32Array(n);
  const cols = new Int32Array(n);
  const counts = new Int32Array(nRows + 1);
  for (let i = 0; i < n; i++) {
    const r = rowOf.get(v.participant[i]!);
    if (r === undefined) throw new UnusableInput(`a vote is from participant ${v.participant[i]}, who is not in the participant list`);
    const c = colOf.get(v.statement[i]!);
    if (c === undefined) throw new UnusableInput(`a vote is on statement ${v.statement[i]}, which is not in the statement list`);
    const x = v.vote[i]!;
    if (x !== 1 && x !== -1 && x !== 0) throw new UnusableInput(`participant ${v.participant[i]} has vote ${x} on statement ${v.statement[i]}: a vote is 1, -1 or 0`);
    rows[i] = r;
    cols[i] = c;
    counts[r + 1]!++;
  }
  for (let r = 0; r < nRows; r++) counts[r + 1]! += counts[r]!;
  // Two stable counting sorts (by column, then by row): each row's cells come out
  // with columns ascending and, for one cell voted twice, in input order.
  const nCols = input.statements.length;
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
      val[out] = v.vote[i]!;
      out++;
    }
  }
  rowPtr[nRows] = out;
  return {
    rowIds: [...input.participants],
    colIds: input.statements.map((s) => s.id),
    moderated,
    meta,
    rowPtr,
    colIdx: out === n ? colIdx : colIdx.slice(0, out),
    val: out === n ? val : val.slice(0, out),
  };
}

/** Number of votes (passes included) each participant cast, on any statement. */
export function rowVoteCounts(m: VoteMatrix): Int32Array {
  const counts = new Int32Array(m.rowIds.length);
  for (let r = 0; r < counts.length; r++) counts[r] = m.rowPtr[r + 1]! - m.rowPtr[r]!;
  return counts;
}

/**
 * A vote matrix kept up to date vote by vote (for incremental recomputes): a new
 * vote replaces the cell or is inserted in its row (columns stay ascending); new
 * participants and statements are appended.
 */
export class IncrementalMatrix {
  readonly m: VoteMatrix;
  private rowOf = new Map<number, number>();
  private colOf = new Map<number, number>();
  private size: number;

  constructor(m: VoteMatrix) {
    this.m = { ...m, rowIds: [...m.rowIds], colIds: [...m.colIds] };
    this.size = m.colIdx.length;
    const capacity = Math.max(16, Math.ceil(this.size * 1.25));
    const colIdx = new Int32Array(capacity);
    colIdx.set(m.colIdx);
    const val = new Int8Array(capacity);
    val.set(m.val);
    this.m.colIdx = colIdx.subarray(0, this.size);
    this.m.val = val.subarray(0, this.size);
    this.storeCol = colIdx;
    this.storeVal = val;
    this.m.rowIds.forEach((id, r) => this.rowOf.set(id, r));
    this.m.colIds.forEach((id, c) => this.colOf.set(id, c));
  }

  private storeCol: Int32Array;
  private storeVal: Int8Array;

  addStatement(id: number, moderatedOut = false, meta = false): void {
    if (this.colOf.has(id)) throw new UnusableInput(`statement ${id} is listed twice`);
    const c = this.m.colIds.length;
    this.colOf.set(id, c);
    this.m.colIds.push(id);
    const grow = (a: Uint8Array, v: number) => {
      const b = new Uint8Array(c + 1);
      b.set(a);
      b[c] = v;
      return b;
    };
    this.m.moderated = grow(this.m.moderated, moderatedOut || meta ? 1 : 0);
    this.m.meta = grow(this.m.meta, meta ? 1 : 0);
  }

  setModerated(id: number, moderatedOut: boolean, meta = false): void {
    const c = this.colOf.get(id);
    if (c === undefined) throw new UnusableInput(`statement ${id} is not in the conversation`);
    this.m.moderated[c] = moderatedOut || meta ? 1 : 0;
    this.m.meta[c] = meta ? 1 : 0;
  }

  addParticipant(id: number): void {
    if (this.rowOf.has(id)) throw new UnusableInput(`participant ${id} is listed twice`);
    const r = this.m.rowIds.length;
    this.rowOf.set(id, r);
    this.m.rowIds.push(id);
    const ptr = new Int32Array(r + 2);
    ptr.set(this.m.rowPtr);
    ptr[r + 1] = this.size;
    this.m.rowPtr = ptr;
  }

  /** Record a participant's latest vote on a statement (adding either if new). */
  vote(participant: number, statement: number, vote: -1 | 0 | 1): void {
    if (!this.rowOf.has(participant)) this.addParticipant(participant);
    const r = this.rowOf.get(participant)!;
    const c = this.colOf.get(statement);
    if (c === undefined) throw new UnusableInput(`a vote is on statement ${statement}, which is not in the statement list`);
    const start = this.m.rowPtr[r]!;
    const end = this.m.rowPtr[r + 1]!;
    let k = start;
    while (k < end && this.storeCol[k]! < c) k++;
    if (k < end && this.storeCol[k] === c) {
      this.storeVal[k] = vote;
      return;
    }
    if (this.size === this.storeCol.length) {
      const cap = Math.ceil(this.storeCol.length * 1.5) + 16;
      const col = new Int32Array(cap);
      col.set(this.storeCol);
      const val = new Int8Array(cap);
      val.set(this.storeVal);
      this.storeCol = col;
      this.storeVal = val;
    }
    this.storeCol.copyWithin(k + 1, k, this.size);
    this.storeVal.copyWithin(k + 1, k, this.size);
    this.storeCol[k] = c;
    this.storeVal[k] = vote;
    this.size++;
    for (let i = r + 1; i < this.m.rowPtr.length; i++) this.m.rowPtr[i]!++;
    this.m.colIdx = this.storeCol.subarray(0, this.size);
    this.m.val = this.storeVal.subarray(0, this.size);
  }
}
