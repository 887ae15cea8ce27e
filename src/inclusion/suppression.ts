// Small-cell suppression for published tables. A cell counting fewer than k people
// (but at least one) is hidden (primary suppression); then, wherever a published
// total would let a hidden cell be recovered by subtraction — a row, a column, or
// the margins, with exactly one hidden cell — another cell of that line is hidden
// too (complementary suppression), the smallest first, until no line has exactly
// one hidden cell. Pure.
//
// Tables are R × C counts with row totals, column totals and a grand total; a
// one-way breakdown is a 1 × C table (its row total is the grand total).

export const DEFAULT_MIN_CELL = 10;

/**
 * Which published cell to hide as a complement: the smallest non-zero one first.
 * A zero is a weak complement (an empty category is often known from elsewhere,
 * and then the hidden pair gives the small cell back), so zeros come last.
 */
function complementRank(v: number): number {
  return v === 0 ? Number.MAX_SAFE_INTEGER : v;
}

export type Reason = 'small' | 'complementary';

export interface SuppressedTable {
  counts: number[][];
  rowTotals: number[];
  colTotals: number[];
  total: number;
  /** null = published; otherwise why hidden. Inner cells. */
  cells: (Reason | null)[][];
  rowTotalHidden: (Reason | null)[];
  colTotalHidden: (Reason | null)[];
}

/** Hide cells of a table so that no count below k can be read or recovered by subtraction. */
export function suppressTable(counts: number[][], k: number): SuppressedTable {
  const R = counts.length;
  const C = R ? counts[0]!.length : 0;
  for (const row of counts) {
    if (row.length !== C) throw new Error('suppressTable: rows differ in length');
    for (const v of row) if (!Number.isInteger(v) || v < 0) throw new Error(`suppressTable: counts must be whole numbers ≥ 0, not ${v}`);
  }
  const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const colTotals = Array.from({ length: C }, (_, c) => counts.reduce((a, r) => a + r[c]!, 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const small = (v: number) => v > 0 && v < k;
  const table: SuppressedTable = {
    counts,
    rowTotals,
    colTotals,
    total,
    cells: counts.map((r) => r.map((v) => (small(v) ? ('small' as Reason) : null))),
    // A one-row table has no margins of its own: its row total is the grand total.
    rowTotalHidden: rowTotals.map((v) => (R > 1 && small(v) ? 'small' : null)),
    colTotalHidden: colTotals.map((v) => (R > 1 && small(v) ? 'small' : null)),
  };
  // The grand total (how many took part) is public anyway (it appears on every
  // report), so it is never hidden and never counted on to protect a cell.
  const { lines, allRefs } = tableLines(table);
  protectLines(lines);
  protectSystem(lines, allRefs);
  return table;
}

/** A cell or total of the table: whether and why it is hidden, its count, and its place in the system of equations. */
type Ref = { get: () => Reason | null; set: (r: Reason) => void; value: number; fixed?: boolean; pos?: number };

/**
 * The table's lines, each a list of cells whose values sum to the line's total (its
 * last member): rows, and in a two-way table columns and both margins; and every
 * cell and total that can be hidden.
 */
function tableLines(t: SuppressedTable): { lines: Ref[][]; allRefs: Ref[] } {
  const { counts, cells, rowTotalHidden, colTotalHidden } = t;
  const R = counts.length;
  const C = R ? counts[0]!.length : 0;
  const inner = (r: number, c: number): Ref => ({ get: () => cells[r]![c]!, set: (x) => (cells[r]![c] = x), value: counts[r]![c]!, pos: r * C + c });
  const rowT = (r: number): Ref => (R > 1 ? { get: () => rowTotalHidden[r]!, set: (x) => (rowTotalHidden[r] = x), value: t.rowTotals[r]!, pos: R * C + r } : grand);
  const colT = (c: number): Ref => (R > 1 ? { get: () => colTotalHidden[c]!, set: (x) => (colTotalHidden[c] = x), value: t.colTotals[c]!, pos: R * C + R + c } : inner(0, c));
  const grand: Ref = { get: () => null, set: () => undefined, value: t.total, fixed: true, pos: -2 };
  const lines: Ref[][] = [];
  for (let r = 0; r < R; r++) lines.push([...Array.from({ length: C }, (_, c) => inner(r, c)), rowT(r)]);
  if (R > 1) {
    for (let c = 0; c < C; c++) lines.push([...Array.from({ length: R }, (_, r) => inner(r, c)), colT(c)]);
    lines.push([...Array.from({ length: R }, (_, r) => rowT(r)), grand]);
    lines.push([...Array.from({ length: C }, (_, c) => colT(c)), grand]);
  }
  const allRefs: Ref[] = [];
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) allRefs.push(inner(r, c));
  if (R > 1) {
    for (let r = 0; r < R; r++) allRefs.push(rowT(r));
    for (let c = 0; c < C; c++) allRefs.push(colT(c));
  }
  return { lines, allRefs };
}

/** Complementary suppression, line by line: while a line has exactly one hidden cell, hide its smallest non-zero published member. */
function protectLines(lines: readonly Ref[][]): void {
  for (let round = 0; round < 10_000; round++) {
    let changed = false;
    for (const line of lines) {
      const hidden = line.filter((x) => x.get() !== null);
      if (hidden.length !== 1) continue;
      // Hide the smallest non-zero published member of the line (prefer non-totals: the last is the total).
      const candidates = line.filter((x) => x.get() === null && !x.fixed);
      candidates.sort((a, b) => complementRank(a.value) - complementRank(b.value) || (a === line[line.length - 1] ? 1 : 0) - (b === line[line.length - 1] ? 1 : 0));
      const pick = candidates[0];
      if (!pick) continue;
      pick.set('complementary');
      changed = true;
    }
    if (!changed) break;
  }
}

/**
 * The greedy rule protects each line, but hidden cells across lines can still pin
 * one down (a two-way table is a system of equations). Checked exactly: while a
 * hidden small cell is determined by the published sums, hide one more cell (the
 * smallest non-zero published one) of its row, else of its column.
 */
function protectSystem(lines: readonly Ref[][], allRefs: readonly Ref[]): void {
  for (let guard = 0; guard <= allRefs.length; guard++) {
    const hiddenPos = allRefs.filter((x) => x.get()).map((x) => x.pos!);
    const equations = lines.map((line) => {
      const row = new Array<number>(hiddenPos.length).fill(0);
      line.forEach((x, i) => {
        const j = hiddenPos.indexOf(x.pos!);
        if (j >= 0) row[j]! += i === line.length - 1 ? -1 : 1; // the last member is the line's total
      });
      return row;
    });
    const exposed = hiddenPos.findIndex((pos, j) => allRefs.find((x) => x.pos === pos)!.get() === 'small' && determined(equations, hiddenPos.length, j));
    if (exposed < 0) break;
    // hide one more published cell (the smallest non-zero) in a line of the exposed one
    const pos = hiddenPos[exposed]!;
    let best: Ref | undefined;
    for (const line of lines) {
      if (!line.some((x) => x.pos === pos)) continue;
      for (const x of line) if (!x.get() && !x.fixed && (!best || complementRank(x.value) < complementRank(best.value))) best = x;
    }
    if (!best) break;
    best.set('complementary');
  }
}

/** Is unknown j determined by the equations A·u = b (e_j in the row space of A)? */
export function determined(A: readonly (readonly number[])[], n: number, j: number): boolean {
  const rank = (M: number[][]) => {
    const m = M.map((r) => [...r]);
    let rk = 0;
    for (let c = 0; c < n && rk < m.length; c++) {
      let p = rk;
      while (p < m.length && Math.abs(m[p]![c]!) < 1e-9) p++;
      if (p === m.length) continue;
      [m[rk], m[p]] = [m[p]!, m[rk]!];
      for (let i = 0; i < m.length; i++) {
        if (i === rk) continue;
        const f = m[i]![c]! / m[rk]![c]!;
        if (f === 0) continue;
        for (let k = c; k < n; k++) m[i]![k]! -= f * m[rk]![k]!;
      }
      rk++;
    }
    return rk;
  };
  const e = Array.from({ length: n }, (_, i) => (i === j ? 1 : 0));
  return rank([...A.map((r) => [...r]), e]) === rank(A.map((r) => [...r]));
}

/**
 * One-way breakdown whose cells fall into disjoint lines, each line's sum
 * published (e.g. the reference categories, whose sum is "answered"). Cells
 * 0 < v < k are hidden; then, while a line has exactly one hidden cell, its
 * smallest published cell is hidden too. With disjoint lines of two or more
 * cells, no line ends with exactly one hidden cell, so no hidden cell can be
 * recovered from the sums (a line of one cell publishes that cell: refused).
 */
export function suppressCells(values: readonly number[], lines: readonly (readonly number[])[], k: number): (Reason | null)[] {
  for (const v of values) if (!Number.isInteger(v) || v < 0) throw new Error(`suppressCells: counts must be whole numbers ≥ 0, not ${v}`);
  const seen = new Set<number>();
  for (const line of lines) {
    if (line.length < 2) throw new Error('suppressCells: a line of one cell would publish that cell');
    for (const i of line) {
      if (seen.has(i)) throw new Error('suppressCells: lines must not overlap');
      seen.add(i);
    }
  }
  const hidden: (Reason | null)[] = values.map((v) => (v > 0 && v < k ? 'small' : null));
  for (let round = 0; round < 10_000; round++) {
    let changed = false;
    for (const line of lines) {
      const h = line.filter((i) => hidden[i]);
      if (h.length !== 1) continue;
      const candidates = line.filter((i) => !hidden[i]).sort((a, b) => complementRank(values[a]!) - complementRank(values[b]!) || a - b);
      if (candidates.length === 0) continue;
      hidden[candidates[0]!] = 'complementary';
      changed = true;
    }
    if (!changed) break;
  }
  return hidden;
}
