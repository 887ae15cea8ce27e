// The vote matrix kept between updates (the math worker holds one per conversation):
// a new or changed vote is folded in place, and the counts the analysis needs —
// each column's votes and each group's votes per column — are kept up to date with
// it, so that an update does not read every vote again. Rows and cells stay in the
// order buildMatrix gives them (participants by id, columns ascending within a row),
// so `analyzeLive` computes exactly what `analyze` computes from all the votes.
//
// Layout: the cells of row r are rowStart[r] .. rowEnd[r]-1 of one pool (colIdx,
// val), with room up to rowCap[r]; a row that outgrows its room moves to the end of
// the pool with twice the room; the pool is compacted when half of it is holes.
// Memory: 5 bytes a vote (50,000 × 2,000 at 5 %: ≈ 25 MB) plus the holes.
import { UnusableInput } from '../kernel/errors.ts';
import { analyzeMatrix, countGroups, type AnalyzeOptions, type GroupCounts, type KeptCounts } from './analyze.ts';
import { buildMatrix, columnStats, type ColumnStats, type VoteRows } from './matrix.ts';
import type { AnalysisInput, AnalysisResult, Vote, WarmStart } from './types.ts';

/** The live matrix cannot take this change: build it again from all the votes. */
export class NeedsRebuild extends Error {}

export class LiveMatrix implements VoteRows {
  rowIds: number[];
  readonly colIds: readonly number[];
  readonly moderated: Uint8Array;
  readonly meta: Uint8Array;
  rowStart: Int32Array;
  rowEnd: Int32Array;
  private rowCap: Int32Array;
  colIdx: Int32Array;
  val: Int8Array;
  nCells = 0;
  /** Pool slots in use (cells and holes). */
  private used = 0;
  private readonly colOf: Map<number, number>;
  /** Each column's votes, kept with every change. */
  readonly stats: ColumnStats;
  /** The group each row was counted in (-1: none), and the counts, for the last assignment asked for. */
  private countedGroup: Int32Array;
  private groups: { n: number; counts: GroupCounts } | null = null;

  private constructor(input: AnalysisInput) {
    for (let i = 1; i < input.participants.length; i++) {
      if (!(input.participants[i]! > input.participants[i - 1]!)) throw new UnusableInput('a live matrix needs the participants in increasing id order');
    }
    const m = buildMatrix(input);
    const nRows = m.rowIds.length;
    const capRows = Math.max(16, Math.ceil(nRows * 1.1));
    this.rowIds = m.rowIds;
    this.colIds = m.colIds;
    this.moderated = m.moderated;
    this.meta = m.meta;
    this.rowStart = new Int32Array(capRows);
    this.rowEnd = new Int32Array(capRows);
    this.rowCap = new Int32Array(capRows);
    this.rowStart.set(m.rowPtr.subarray(0, nRows));
    this.rowEnd.set(m.rowPtr.subarray(1, nRows + 1));
    this.rowCap.set(m.rowPtr.subarray(1, nRows + 1));
    this.nCells = m.rowPtr[nRows]!;
    this.used = this.nCells;
    const capCells = Math.ceil(this.nCells * 1.25) + 1024;
    this.colIdx = new Int32Array(capCells);
    this.val = new Int8Array(capCells);
    this.colIdx.set(m.colIdx);
    this.val.set(m.val);
    this.colOf = new Map(m.colIds.map((id, c) => [id, c]));
    this.stats = columnStats(this);
    this.countedGroup = new Int32Array(capRows).fill(-1);
  }

  /** Built from all the votes (participants must be listed by increasing id, as the server lists them). */
  static build(input: AnalysisInput): LiveMatrix {
    return new LiveMatrix(input);
  }

  /** The row of a participant, or -(insertion point) - 1. */
  private findRow(participant: number): number {
    let lo = 0;
    let hi = this.rowIds.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const id = this.rowIds[mid]!;
      if (id === participant) return mid;
      if (id < participant) lo = mid + 1;
      else hi = mid - 1;
    }
    return -lo - 1;
  }

  /** A participant's first vote: a new, empty row at its place in id order. */
  private insertRow(at: number, participant: number): void {
    const n = this.rowIds.length;
    if (n + 1 > this.rowStart.length) {
      const cap = Math.ceil((n + 1) * 1.5);
      const grow = <T extends Int32Array>(a: T, fill: number): T => {
        const b = new Int32Array(cap).fill(fill) as T;
        b.set(a.subarray(0, n));
        return b;
      };
      this.rowStart = grow(this.rowStart, 0);
      this.rowEnd = grow(this.rowEnd, 0);
      this.rowCap = grow(this.rowCap, 0);
      this.countedGroup = grow(this.countedGroup, -1);
    }
    for (const a of [this.rowStart, this.rowEnd, this.rowCap, this.countedGroup]) a.copyWithin(at + 1, at, n);
    this.rowIds.splice(at, 0, participant);
    this.rowStart[at] = this.used;
    this.rowEnd[at] = this.used;
    this.rowCap[at] = this.used;
    this.countedGroup[at] = -1;
  }

  /** Room for one more cell in row r (moving the row to the end of the pool if it is full). */
  private makeRoom(r: number): void {
    if (this.rowEnd[r]! < this.rowCap[r]!) return;
    const len = this.rowEnd[r]! - this.rowStart[r]!;
    const cap = Math.max(8, 2 * len);
    if (this.used - this.nCells > this.nCells + 1024) this.compact();
    if (this.used + cap > this.colIdx.length) this.growPool(this.used + cap);
    const start = this.rowStart[r]!;
    this.colIdx.copyWithin(this.used, start, start + len);
    this.val.copyWithin(this.used, start, start + len);
    this.rowStart[r] = this.used;
    this.rowEnd[r] = this.used + len;
    this.rowCap[r] = this.used + cap;
    this.used += cap;
  }

  private growPool(atLeast: number): void {
    const cap = Math.ceil(atLeast * 1.25) + 1024;
    const c = new Int32Array(cap);
    const v = new Int8Array(cap);
    c.set(this.colIdx.subarray(0, this.used));
    v.set(this.val.subarray(0, this.used));
    this.colIdx = c;
    this.val = v;
  }

  /** Rows packed again one after another, each keeping a little room. */
  private compact(): void {
    const n = this.rowIds.length;
    let total = 0;
    for (let r = 0; r < n; r++) total += this.rowEnd[r]! - this.rowStart[r]! + 2;
    const c = new Int32Array(Math.ceil(total * 1.25) + 1024);
    const v = new Int8Array(c.length);
    let at = 0;
    for (let r = 0; r < n; r++) {
      const start = this.rowStart[r]!;
      const len = this.rowEnd[r]! - start;
      c.set(this.colIdx.subarray(start, start + len), at);
      v.set(this.val.subarray(start, start + len), at);
      this.rowStart[r] = at;
      this.rowEnd[r] = at + len;
      this.rowCap[r] = at + len + 2;
      at += len + 2;
    }
    this.colIdx = c;
    this.val = v;
    this.used = at;
  }

  /** Count a vote in (d = 1) or out (d = -1) of its column and of group g (if counted). */
  private count(c: number, g: number, v: number, d: 1 | -1): void {
    this.stats.total[c]! += d;
    if (v === 1) this.stats.agree[c]! += d;
    else if (v === -1) this.stats.disagree[c]! += d;
    this.countInGroup(c, g, v, d);
  }

  private countInGroup(c: number, g: number, v: number, d: 1 | -1): void {
    if (g < 0 || !this.groups) return;
    const i = g * this.colIds.length + c;
    const gc = this.groups.counts;
    gc.total[i]! += d;
    if (v === 1) gc.agree[i]! += d;
    else if (v === -1) gc.disagree[i]! += d;
  }

  /**
   * A participant's vote on a statement (new, or replacing theirs). Throws NeedsRebuild
   * for a statement the matrix does not have (a new or newly approved statement).
   */
  setVote(participant: number, statement: number, vote: Vote): void {
    const c = this.colOf.get(statement);
    if (c === undefined) throw new NeedsRebuild(`statement ${statement} is not in the live matrix`);
    if (vote !== 1 && vote !== -1 && vote !== 0) throw new UnusableInput(`participant ${participant} has vote ${vote} on statement ${statement}: a vote is 1, -1 or 0`);
    if (!Number.isSafeInteger(participant) || participant < 0) throw new UnusableInput(`participant id ${participant} is not a non-negative whole number`);
    let r = this.findRow(participant);
    if (r < 0) {
      r = -r - 1;
      this.insertRow(r, participant);
    }
    const g = this.countedGroup[r]!;
    const start = this.rowStart[r]!;
    const end = this.rowEnd[r]!;
    // the cell's place in the row (columns ascending)
    let lo = start;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.colIdx[mid]! < c) lo = mid + 1;
      else hi = mid;
    }
    if (lo < end && this.colIdx[lo] === c) {
      const old = this.val[lo]!;
      if (old === vote) return;
      this.count(c, g, old, -1);
      this.val[lo] = vote;
      this.count(c, g, vote, 1);
      return;
    }
    const at = lo - start;
    this.makeRoom(r);
    const s = this.rowStart[r]!;
    const e = this.rowEnd[r]!;
    this.colIdx.copyWithin(s + at + 1, s + at, e);
    this.val.copyWithin(s + at + 1, s + at, e);
    this.colIdx[s + at] = c;
    this.val[s + at] = vote;
    this.rowEnd[r] = e + 1;
    this.nCells++;
    this.count(c, g, vote, 1);
  }

  /** The counts the analysis needs, kept here; group counts are moved row by row when a participant changes group. */
  kept(): KeptCounts {
    return {
      stats: this.stats,
      groupCounts: (groupOfRow, nGroups) => {
        const nRows = this.rowIds.length;
        if (!this.groups || this.groups.n !== nGroups) {
          this.groups = { n: nGroups, counts: countGroups(this, groupOfRow, nGroups) };
          this.countedGroup.set(groupOfRow.subarray(0, nRows));
          return this.groups.counts;
        }
        for (let r = 0; r < nRows; r++) {
          const before = this.countedGroup[r]!;
          const after = groupOfRow[r]!;
          if (before === after) continue;
          for (let k = this.rowStart[r]!; k < this.rowEnd[r]!; k++) {
            const c = this.colIdx[k]!;
            const v = this.val[k]!;
            this.countInGroup(c, before, v, -1);
            this.countInGroup(c, after, v, 1);
          }
          this.countedGroup[r] = after;
        }
        return this.groups.counts;
      },
    };
  }
}

/** The analysis of a live matrix: the same result as `analyze` on all its votes, without reading them all again. */
export function analyzeLive(m: LiveMatrix, previous?: WarmStart | null, options: AnalyzeOptions = {}): { result: AnalysisResult; state: WarmStart } {
  return analyzeMatrix(m, previous, options, m.kept());
}
