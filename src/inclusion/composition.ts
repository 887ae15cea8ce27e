// Who took part, against reference shares: counts and shares per dimension,
// representation ratios, disproportionality (Gallagher least-squares and
// Loosemore–Hanby indices, in percentage points), warnings for groups far below
// their share, and small cells suppressed. Pure.
//
// No verdict from too few answers: below `minAnswers` answers on a dimension (30 by
// default) its indices, ratios and warnings are withheld (`tooFewAnswers`), and a
// group is called under-represented only when the answers are enough to expect at
// least `minCell` people of it (answered × reference share ≥ minCell), so that its
// absence or scarcity says something (docs/inclusion.md, "Too few answers").
import { InvalidRequest } from '../kernel/errors.ts';
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
  /** true when fewer than minAnswers answered a dimension with reference shares: no ratio, index or warning. */
  tooFewAnswers: boolean;
}

/** Fewer answers than this on a dimension: no ratios, indices or under-representation warnings. */
export const DEFAULT_MIN_ANSWERS = 30;

export interface CompositionOptions {
  minCell?: number;
  /** Dimensions reported without reference shares, with their categories. */
  categories?: Record<string, readonly string[]>;
  /** Warn when a group's representation ratio is below this (default 0.8). */
  warnBelow?: number;
  /** Answers needed on a dimension before its ratios, indices and warnings are shown (default 30). */
  minAnswers?: number;
  /**
   * false when the rows are the whole group described (a delegation's delegates), not
   * people who chose to answer: then its shares are facts, not estimates, and no
   * minimum applies. Default true.
   */
  sample?: boolean;
}

export const NO_ANSWER = 'no-answer';
export const UNLISTED = 'unlisted';

export interface CompositionReport {
  minCell: number;
  minAnswers: number;
  dimensions: DimensionReport[];
  suppressed: { dimension: string; category: string; reason: Reason }[];
}

/** Respondents counted per dimension (category -> people); an empty or missing answer counts as "no-answer". */
export function countByDimension(rows: readonly Record<string, string>[], dims: readonly string[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const d of dims) {
    const c: Record<string, number> = {};
    for (const r of rows) {
      const v = (r[d] ?? '').trim();
      const key = v === '' ? NO_ANSWER : v;
      c[key] = (c[key] ?? 0) + 1;
    }
    counts[d] = c;
  }
  return counts;
}

/** Composition report of respondents (dimension -> category; '' or missing = no answer). */
export function compositionReport(rows: readonly Record<string, string>[], reference: Record<string, Record<string, number>>, options: CompositionOptions = {}): CompositionReport {
  const dims = [...Object.keys(reference), ...Object.keys(options.categories ?? {})];
  return compositionReportFromCounts(countByDimension(rows, dims), rows.length, reference, options);
}

/** Dimensions in the order reports show them (gender first), unknown ones last. */
export function byDimensionOrder(a: string, b: string): number {
  const ia = DIMENSION_ORDER.indexOf(a as never);
  const ib = DIMENSION_ORDER.indexOf(b as never);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
}

/** Disproportionality on the published partition: hidden categories merged into one. */
function indices(lines: readonly { count: number; reference: number; hidden: boolean }[], answered: number): { gallagher: number; loosemoreHanby: number } {
  const s: number[] = [];
  const r: number[] = [];
  let hiddenCount = 0;
  let hiddenRef = 0;
  for (const l of lines) {
    if (l.hidden) {
      hiddenCount += l.count;
      hiddenRef += l.reference;
    } else {
      s.push(l.count / answered);
      r.push(l.reference);
    }
  }
  if (lines.some((l) => l.hidden)) {
    s.push(hiddenCount / answered);
    r.push(hiddenRef);
  }
  return { gallagher: gallagher(s, r), loosemoreHanby: loosemoreHanby(s, r) };
}

/**
 * The same from counts per dimension (category -> people; "no-answer" for those
 * who did not answer), e.g. the totals of self-description questions decrypted
 * from an election's result. A dimension in `options.categories` without
 * reference shares gets counts and shares only (no ratio, index or warning).
 */
export function compositionReportFromCounts(countsByDimension: Record<string, Record<string, number>>, total: number, reference: Record<string, Record<string, number>>, options: CompositionOptions = {}): CompositionReport {
  const minCell = options.minCell ?? DEFAULT_MIN_CELL;
  if (!Number.isInteger(minCell) || minCell < DEFAULT_MIN_CELL) throw new InvalidRequest(`--min-cell may only raise the smallest publishable cell: at least ${DEFAULT_MIN_CELL}, not ${minCell}`);
  const warnBelow = options.warnBelow ?? 0.8;
  const sample = options.sample ?? true;
  const minAnswers = options.minAnswers ?? DEFAULT_MIN_ANSWERS;
  if (!Number.isInteger(minAnswers) || minAnswers < 1) throw new InvalidRequest(`the minimum number of answers must be a whole number of at least 1, not ${minAnswers}`);
  const listed: Record<string, readonly string[]> = { ...options.categories };
  for (const [d, shares] of Object.entries(reference)) listed[d] = Object.keys(shares);
  const suppressed: { dimension: string; category: string; reason: Reason }[] = [];
  const dimensions = Object.keys(listed)
    .sort(byDimensionOrder)
    .map((d): DimensionReport => {
      const ref = reference[d];
      const cats = listed[d]!;
      const given = countsByDimension[d] ?? {};
      // Answers outside the listed categories are merged into one "unlisted" line; with
      // "prefer not to say" and "no answer" they are published as they are (not a group
      // identity; see docs/inclusion.md). The listed categories are the line whose sum
      // ("answered", the base of the shares) is published: cells below k are hidden
      // there, with a complement.
      let unlisted = 0;
      for (const [c, n] of Object.entries(given)) if (!cats.includes(c) && c !== PREFER_NOT && c !== NO_ANSWER) unlisted += n;
      const values = cats.map((c) => given[c] ?? 0);
      const hidden = cats.length >= 2 ? suppressCells(values, [cats.map((_, i) => i)], minCell) : cats.map(() => null);
      const answered = values.reduce((a, b) => a + b, 0);
      const tooFewAnswers = sample && ref !== undefined && answered < minAnswers;
      const categories = cats.map((c, i): CategoryLine => {
        const h = hidden[i]!;
        if (h) suppressed.push({ dimension: d, category: c, reason: h });
        const share = !h && answered > 0 ? values[i]! / answered : null;
        const r = ref ? ref[c]! : null;
        return { category: c, count: h ? null : values[i]!, share, reference: r, ratio: share !== null && r && !tooFewAnswers ? share / r : null, suppressed: h };
      });
      for (const [c, n] of [[UNLISTED, unlisted], [PREFER_NOT, given[PREFER_NOT] ?? 0], [NO_ANSWER, given[NO_ANSWER] ?? 0]] as const) {
        if (n > 0) categories.push({ category: c, count: n, share: null, reference: null, ratio: null, suppressed: null });
      }
      const index = ref && answered > 0 && !tooFewAnswers ? indices(cats.map((c, i) => ({ count: values[i]!, reference: ref[c]!, hidden: hidden[i] !== null })), answered) : null;
      const warnings = categories
        // enough answers to expect at least minCell people of the group: otherwise its scarcity is chance
        .filter((c) => c.ratio !== null && c.reference !== null && c.reference > 0 && c.ratio < warnBelow && (!sample || answered * c.reference >= minCell))
        .map((c) => ({ category: c.category, share: c.share!, reference: c.reference!, ratio: c.ratio! }));
      return { dimension: d, total, answered, categories, gallagher: index?.gallagher ?? null, loosemoreHanby: index?.loosemoreHanby ?? null, warnings, tooFewAnswers };
    });
  return { minCell, minAnswers, dimensions, suppressed };
}
