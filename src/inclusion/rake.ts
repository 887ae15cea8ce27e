// Raking (iterative proportional fitting, Deming & Stephan 1940): weights that make
// the weighted margins of each dimension equal the target shares. With optional
// trimming (weights capped at MAX × mean, then raked again), Kish's effective
// sample size and design effect. Pure.
import { InvalidRequest } from '../kernel/errors.ts';

export type Targets = Record<string, Record<string, number>>;

export interface RakeOptions {
  maxIterations?: number;
  /** Stop when every weighted margin is within this of its target (absolute share). */
  tolerance?: number;
  /** Cap weights at trim × mean weight (e.g. 5); off when undefined. */
  trim?: number;
}

export interface RakeResult {
  /** One weight per respondent, mean 1. */
  weights: Float64Array;
  iterations: number;
  /** Largest |weighted share − target| over every category of every dimension. */
  maxError: number;
  converged: boolean;
  /** Respondents whose weight was capped in the final pass. */
  trimmed: number;
  kish: KishSummary;
}

export interface KishSummary {
  n: number;
  /** (Σw)² / Σw² */
  effectiveSampleSize: number;
  /** n / effective sample size */
  designEffect: number;
}

export const SHARE_SUM_TOLERANCE = 0.001;

/** Check targets against the data: shares in [0,1] summing to 1 (±0.001), every category present, every respondent covered. */
export function validateTargets(rows: readonly Record<string, string>[], targets: Targets): void {
  const dims = Object.keys(targets);
  if (dims.length === 0) throw new InvalidRequest('the targets name no dimension');
  for (const d of dims) {
    const shares = targets[d]!;
    const cats = Object.keys(shares);
    if (cats.length === 0) throw new InvalidRequest(`dimension "${d}" has no target categories`);
    let sum = 0;
    for (const c of cats) {
      const s = shares[c]!;
      if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > 1) throw new InvalidRequest(`target share of "${c}" in "${d}" must be a number between 0 and 1, not ${JSON.stringify(s)}`);
      sum += s;
    }
    if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) throw new InvalidRequest(`target shares of "${d}" sum to ${Number(sum.toFixed(6))}, not 1 (±${SHARE_SUM_TOLERANCE})`);
    const present = new Map<string, number>();
    rows.forEach((r, i) => {
      if (!(d in r)) throw new InvalidRequest(`the respondents have no "${d}" column (a dimension of the targets)`);
      const v = r[d]!;
      if (!(v in shares)) throw new InvalidRequest(`respondent ${i + 1} has ${d} "${v}", which has no target share; add it to the targets or remove those respondents`);
      present.set(v, (present.get(v) ?? 0) + 1);
    });
    for (const c of cats) {
      if (!present.has(c) && shares[c]! > 0) throw new InvalidRequest(`target category "${c}" of "${d}" is absent from the data: no respondent can carry its share of ${shares[c]}`);
    }
  }
}

export function kish(weights: ArrayLike<number>): KishSummary {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i]!;
    s2 += weights[i]! ** 2;
  }
  const effectiveSampleSize = s2 === 0 ? 0 : (s * s) / s2;
  return { n: weights.length, effectiveSampleSize, designEffect: effectiveSampleSize === 0 ? Infinity : weights.length / effectiveSampleSize };
}

function marginError(codes: Int32Array[], shares: Float64Array[], w: Float64Array): number {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i]!;
  let max = 0;
  codes.forEach((code, d) => {
    const sums = new Float64Array(shares[d]!.length);
    for (let i = 0; i < w.length; i++) sums[code[i]!]! += w[i]!;
    sums.forEach((s, c) => (max = Math.max(max, Math.abs(s / total - shares[d]![c]!))));
  });
  return max;
}

/** Rake respondents (one record per respondent: dimension -> category) to the targets. */
export function rake(rows: readonly Record<string, string>[], targets: Targets, options: RakeOptions = {}): RakeResult {
  validateTargets(rows, targets);
  const n = rows.length;
  if (n === 0) throw new InvalidRequest('there are no respondents to weight');
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-10;
  const trim = options.trim;
  if (trim !== undefined && !(trim > 1)) throw new InvalidRequest(`the trimming cap must be above 1 (times the mean weight), not ${trim}`);
  const { shares, codes } = codedRows(rows, targets);
  const w = new Float64Array(n).fill(1);
  let iterations = 0;
  let maxError = Infinity;
  let trimmed = 0;
  for (let outer = 0; outer < 50; outer++) {
    while (iterations < maxIterations) {
      iterations++;
      rakeOnce(w, codes, shares);
      maxError = marginError(codes, shares, w);
      if (maxError < tolerance) break;
    }
    normaliseWeights(w);
    if (trim === undefined) break;
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, w[i]!);
    if (max <= trim * (1 + 1e-9)) break;
    capWeights(w, trim);
    if (iterations >= maxIterations) break;
  }
  if (trim !== undefined) {
    capWeights(w, trim);
    trimmed = 0;
    for (let i = 0; i < n; i++) if (w[i]! >= trim * (1 - 1e-9)) trimmed++;
  }
  maxError = marginError(codes, shares, w);
  return { weights: w, iterations, maxError, converged: maxError < Math.max(tolerance, 1e-9), trimmed, kish: kish(w) };
}

/** Per dimension: the target share of each category, and each respondent's category as its index. */
function codedRows(rows: readonly Record<string, string>[], targets: Targets): { shares: Float64Array[]; codes: Int32Array[] } {
  const dims = Object.keys(targets);
  const cats = dims.map((d) => Object.keys(targets[d]!));
  const shares = dims.map((d, i) => Float64Array.from(cats[i]!.map((c) => targets[d]![c]!)));
  const codes = dims.map((d, i) => {
    const index = new Map(cats[i]!.map((c, j) => [c, j]));
    return Int32Array.from(rows.map((r) => index.get(r[d]!)!));
  });
  return { shares, codes };
}

/** One raking pass: each dimension in turn, weights scaled so that its margins hit the targets. */
function rakeOnce(w: Float64Array, codes: readonly Int32Array[], shares: readonly Float64Array[]): void {
  const n = w.length;
  codes.forEach((code, d) => {
    const sums = new Float64Array(shares[d]!.length);
    let total = 0;
    for (let i = 0; i < n; i++) {
      sums[code[i]!]! += w[i]!;
      total += w[i]!;
    }
    for (let i = 0; i < n; i++) {
      const c = code[i]!;
      w[i] = sums[c]! > 0 ? (w[i]! * shares[d]![c]! * total) / sums[c]! : 0;
    }
  });
}

/** Scales the weights to sum to the number of respondents (mean 1). */
function normaliseWeights(w: Float64Array): void {
  const n = w.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += w[i]!;
  if (s > 0) for (let i = 0; i < n; i++) w[i] = (w[i]! * n) / s;
}

/** Trimming: cap at `cap` × mean and give the excess to the uncapped weights (sum kept at n). */
function capWeights(w: Float64Array, cap: number): void {
  const n = w.length;
  for (let round = 0; round < 1000; round++) {
    let capped = 0;
    let free = 0;
    for (let i = 0; i < n; i++) {
      if (w[i]! >= cap) {
        w[i] = cap;
        capped += cap;
      } else free += w[i]!;
    }
    if (free <= 0) return;
    const scale = (n - capped) / free;
    let over = false;
    for (let i = 0; i < n; i++) {
      if (w[i]! < cap) {
        w[i] = w[i]! * scale;
        if (w[i]! > cap * (1 + 1e-12)) over = true;
      }
    }
    if (!over) return;
  }
}

/** Wilson 95% interval for a proportion with an effective sample size. */
export function wilson95(p: number, nEff: number): [number, number] {
  if (nEff <= 0) return [0, 1];
  const z = 1.959963984540054;
  const denom = 1 + (z * z) / nEff;
  const centre = (p + (z * z) / (2 * nEff)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / nEff + (z * z) / (4 * nEff * nEff))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface Estimate {
  /** Unweighted share and its interval. */
  raw: { share: number; interval: [number, number]; n: number };
  /** Weighted share, with the interval from Kish's effective sample size. */
  weighted: { share: number; interval: [number, number]; effectiveN: number };
}

/** A share (of respondents with y = true), raw and weighted side by side. */
export function estimateShare(y: readonly boolean[], weights: ArrayLike<number>): Estimate {
  let n = 0;
  let hits = 0;
  let sw = 0;
  let swy = 0;
  const used: number[] = [];
  for (let i = 0; i < y.length; i++) {
    n++;
    if (y[i]) hits++;
    sw += weights[i]!;
    if (y[i]) swy += weights[i]!;
    used.push(weights[i]!);
  }
  const p = n ? hits / n : 0;
  const pw = sw > 0 ? swy / sw : 0;
  const k = kish(used);
  return { raw: { share: p, interval: wilson95(p, n), n }, weighted: { share: pw, interval: wilson95(pw, k.effectiveSampleSize), effectiveN: k.effectiveSampleSize } };
}
