// Who took part, against reference shares: counts and shares per dimension,
// representation ratios, disproportionality (Gallagher least-squares and
// Loosemore–Hanby indices, in percentage points), warnings for groups far below
// their share, and small cells suppressed. Pure.
import { InvalidRequest } from '../protocol/errors.ts';
import { DIMENSION_ORDER, PREFER_NOT } from './dimensions.ts';
import { suppressCells, DEFAULT_MIN_CELL, type Reason } from './suppression.ts';

/** Gallagher least-squares index: √(½ Σ (sᵢ − rᵢ)²), shares as fractions, result in percentage points. */
export function gallagher(shares: readonly number[], reference: readonly number[]): number {
  let s = 0;
  shares.forEach((v, i) => (s += (v - reference[i]!) ** 2));
  return 100 * Math.sqrt(s / 2);
}

/** Loosemore–Hanby index: ½ Σ |sᵢ − rᵢ|, in percentage points. */
export function loosemoreHanby(shares: readonly number[], reference: readonly number[]): number {
  let s = 0;
  shares.forEach((v, i) => (s += Math.abs(v - reference[i]!)));
  return 50 * s;
}

export interface CategoryLine {
  category: string;
  /** null when suppressed */
  count: number | null;
  /** Share among respondents who gave a category of the reference; null when suppressed. */
  share: number | null;
  reference: number | null;
  /** share / reference; null when suppressed or no reference. */
  ratio: number | null;
  suppressed: Reason | null;
}

export interface DimensionReport {
  dimension: string;
  /** Everyone in the table (answers, "prefer not to say" and no answer). */
  total: number;
  /** Respondents whose answer is a category of the reference (the base of the shares). */
  answered: number;
  categories: CategoryLine[];
  /** Computed on the published partition: suppressed categories merged into one (see docs/inclusion.md). */
  gallagher: number | null;
  loosemoreHanby: number | null;
  warnings: { category: string; share: number; reference: number; ratio: number }[];
}

export interface CompositionOptions {
  minCell?: number;
  /** Warn when a group's representation ratio is below this (default 0.8). */
  warnBelow?: number;
}

const NO_ANSWER = 'no-answer';
const UNLISTED = 'unlisted';

export interface CompositionReport {
  minCell: number;
  dimensions: DimensionReport[];
  suppressed: { dimension: string; category: string; reason: Reason }[];
}

/** Composition report of respondents (dimension -> category; '' or missing = no answer). */
export function compositionReport(rows: readonly Record<string, string>[], reference: Record<string, Record<string, number>>, options: CompositionOptions = {}): CompositionReport {
  const counts: Record<string, Record<string, number>> = {};
  for (const d of Object.keys(reference)) {
    const c: Record<string, number> = {};
    for (const r of rows) {
      const v = (r[d] ?? '').trim();
      const key = v === '' ? NO_ANSWER : v;
      c[key] = (c[key] ?? 0) + 1;
    }
    counts[d] = c;
  }
  return compositionReportFromCounts(counts, rows.length, reference, options);
}

/**
 * The same from counts per dimension (category -> people; "no-answer" for those
 * who did not answer), e.g. the totals of self-description questions decrypted
 * from an election's result.
 */
export function compositionReportFromCounts(countsByDimension: Record<string, Record<string, number>>, total: number, reference: Record<string, Record<string, number>>, options: CompositionOptions = {}): CompositionReport {
  const minCell = options.minCell ?? DEFAULT_MIN_CELL;
  if (!Number.isInteger(minCell) || minCell < DEFAULT_MIN_CELL) throw new InvalidRequest(`--min-cell may only raise the smallest publishable cell: at least ${DEFAULT_MIN_CELL}, not ${minCell}`);
  const warnBelow = options.warnBelow ?? 0.8;
  const dims = Object.keys(reference).sort((a, b) => {
    const ia = DIMENSION_ORDER.indexOf(a as never);
    const ib = DIMENSION_ORDER.indexOf(b as never);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const suppressed: { dimension: string; category: string; reason: Reason }[] = [];
  const dimensions = dims.map((d): DimensionReport => {
    const ref = reference[d]!;
    const refCats = Object.keys(ref);
    const counts = new Map<string, number>(refCats.map((c) => [c, 0]));
    for (const [c, n] of Object.entries(countsByDimension[d] ?? {})) counts.set(c, (counts.get(c) ?? 0) + n);
    // Answers outside the reference are merged into one "unlisted" line; with
    // "prefer not to say" and "no answer" they are published as they are (not a
    // group identity; see docs/inclusion.md). Reference categories are the line
    // whose sum ("answered", the base of the shares) is published: cells below k
    // are hidden there, with a complement.
    let unlisted = 0;
    for (const [c, n] of counts) if (!(c in ref) && c !== PREFER_NOT && c !== NO_ANSWER) unlisted += n;
    const order = [...refCats, ...(unlisted ? [UNLISTED] : []), ...(counts.get(PREFER_NOT) ? [PREFER_NOT] : []), ...(counts.get(NO_ANSWER) ? [NO_ANSWER] : [])];
    const values = order.map((c) => (c === UNLISTED ? unlisted : counts.get(c) ?? 0));
    const refIdx = refCats.map((_, i) => i);
    // Only reference categories are suppressed (the others are published as they are, see above).
    const refHidden = refIdx.length >= 2 ? suppressCells(refIdx.map((i) => values[i]!), [refIdx.map((_, j) => j)], minCell) : [];
    const hiddenCells: (Reason | null)[] = values.map((_, i) => (i < refIdx.length ? (refHidden[i] ?? null) : null));
    const table = { cells: [hiddenCells] };
    const answered = refCats.reduce((a, c) => a + counts.get(c)!, 0);
    const categories = order.map((c, i): CategoryLine => {
      const hidden = table.cells[0]![i]!;
      if (hidden) suppressed.push({ dimension: d, category: c, reason: hidden });
      const isRef = c in ref;
      const share = !hidden && isRef && answered > 0 ? values[i]! / answered : null;
      const reference = isRef ? ref[c]! : null;
      return { category: c, count: hidden ? null : values[i]!, share, reference, ratio: share !== null && reference ? share / reference : null, suppressed: hidden };
    });
    // Indices on the published partition: hidden reference categories merged.
    let gal: number | null = null;
    let lh: number | null = null;
    if (answered > 0) {
      const s: number[] = [];
      const rr: number[] = [];
      let hiddenCount = 0;
      let hiddenRef = 0;
      let anyHidden = false;
      order.forEach((c, i) => {
        if (!(c in ref)) return;
        if (table.cells[0]![i]) {
          anyHidden = true;
          hiddenCount += values[i]!;
          hiddenRef += ref[c]!;
        } else {
          s.push(values[i]! / answered);
          rr.push(ref[c]!);
        }
      });
      if (anyHidden) {
        s.push(hiddenCount / answered);
        rr.push(hiddenRef);
      }
      gal = gallagher(s, rr);
      lh = loosemoreHanby(s, rr);
    }
    const warnings = categories
      .filter((c) => c.ratio !== null && c.reference !== null && c.reference > 0 && c.ratio < warnBelow)
      .map((c) => ({ category: c.category, share: c.share!, reference: c.reference!, ratio: c.ratio! }));
    return { dimension: d, total, answered, categories, gallagher: gal, loosemoreHanby: lh, warnings };
  });
  return { minCell, dimensions, suppressed };
}
