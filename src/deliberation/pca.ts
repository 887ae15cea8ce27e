// PCA of the vote matrix as Polis does it (mean imputation, centring, two
// components, sparsity-aware projection), computed by block subspace iteration
// with Rayleigh-Ritz on the sparse centred matrix instead of Polis's power
// iteration with deflation: the same two leading eigenvectors of XᵀX when both
// converge, but found in far fewer passes, deterministically (seeded start, not
// an unseeded random one), and warm-started from the previous components.
import { columnStats, voteRows, type ColumnStats, type VoteMatrix, type VoteRows } from './matrix.ts';
import { seededRandom } from './seeded.ts';

export interface Pca {
  /** Column means of the imputed matrix (0 for moderated-out columns). */
  center: Float64Array;
  /** Two unit vectors over the columns (zero where there is no variance to explain). */
  components: [Float64Array, Float64Array];
  /** Eigenvalues of XᵀX for the two components. */
  eigenvalues: [number, number];
  iterations: number;
}

export interface PcaOptions {
  /** Previous components, over the same columns (new columns padded with 1, as Polis does). */
  warm?: [Float64Array, Float64Array] | null;
  maxIterations?: number;
  /**
   * Stop when both leading residuals ‖Au − λu‖ fall below tolerance·λ₁. Default
   * 1e-7 from a cold start; 1e-4 from a warm start (the next update continues
   * from there, so the error does not accumulate; it moves points by ~0.1%).
   */
  tolerance?: number;
  /** The columns' vote counts, when the caller keeps them (else counted here). */
  stats?: ColumnStats;
}

/** Start vectors: deterministic numbers in [-0.5, 0.5). */
function seeded(seed: number): () => number {
  const next = seededRandom(seed);
  return () => next() - 0.5;
}

/** Column means over observed cells; 0 for moderated-out or never-voted columns. */
export function columnMeans(m: VoteMatrix | VoteRows, stats: ColumnStats = columnStats(voteRows(m))): Float64Array {
  const nCols = m.colIds.length;
  const mean = new Float64Array(nCols);
  for (let c = 0; c < nCols; c++) mean[c] = m.moderated[c] || stats.total[c] === 0 ? 0 : (stats.agree[c]! - stats.disagree[c]!) / stats.total[c]!;
  return mean;
}

/**
 * The centred value of a cell by column and vote: table[3c + v + 1] = v − mean[c]
 * (0 in moderated-out columns). Looked up in the passes over the cells instead of
 * storing one number per cell.
 */
function centredTable(m: VoteRows, mean: Float64Array): Float64Array {
  const nCols = m.colIds.length;
  const t = new Float64Array(3 * nCols);
  for (let c = 0; c < nCols; c++) {
    if (m.moderated[c]) continue;
    for (let v = -1; v <= 1; v++) t[3 * c + v + 1] = v - mean[c]!;
  }
  return t;
}

/** Columns with some variance (not moderated out, votes not all equal). */
function activeColumns(m: VoteRows, stats: ColumnStats): Uint8Array {
  const nCols = m.colIds.length;
  const active = new Uint8Array(nCols);
  for (let c = 0; c < nCols; c++) {
    if (m.moderated[c]) continue;
    const pass = stats.total[c]! - stats.agree[c]! - stats.disagree[c]!;
    const kinds = (stats.agree[c]! > 0 ? 1 : 0) + (stats.disagree[c]! > 0 ? 1 : 0) + (pass > 0 ? 1 : 0);
    if (kinds >= 2) active[c] = 1;
  }
  return active;
}

/**
 * W = XᵀX V for a block of b vectors stored one after another (each of length
 * nCols). The block is copied column-interleaved so the b values of a column sit
 * together; b = 4 and b = 2 have unrolled loops (the hot path: one pass over the
 * votes per iteration).
 */
function gramTimes(m: VoteRows, table: Float64Array, V: Float64Array, b: number, W: Float64Array): void {
  const nCols = m.colIds.length;
  const { rowStart, rowEnd, colIdx, val } = m;
  const nRows = m.rowIds.length;
  const Vi = new Float64Array(b * nCols);
  for (let i = 0; i < b; i++) for (let c = 0; c < nCols; c++) Vi[c * b + i] = V[i * nCols + c]!;
  const Wi = new Float64Array(b * nCols);
  if (b === 4) {
    for (let r = 0; r < nRows; r++) {
      const start = rowStart[r]!;
      const end = rowEnd[r]!;
      let y0 = 0;
      let y1 = 0;
      let y2 = 0;
      let y3 = 0;
      for (let k = start; k < end; k++) {
        const c = colIdx[k]!;
        const x = table[3 * c + val[k]! + 1]!;
        const o = c * 4;
        y0 += x * Vi[o]!;
        y1 += x * Vi[o + 1]!;
        y2 += x * Vi[o + 2]!;
        y3 += x * Vi[o + 3]!;
      }
      for (let k = start; k < end; k++) {
        const c = colIdx[k]!;
        const x = table[3 * c + val[k]! + 1]!;
        const o = c * 4;
        Wi[o] = Wi[o]! + x * y0;
        Wi[o + 1] = Wi[o + 1]! + x * y1;
        Wi[o + 2] = Wi[o + 2]! + x * y2;
        Wi[o + 3] = Wi[o + 3]! + x * y3;
      }
    }
  } else {
    const y = new Float64Array(b);
    for (let r = 0; r < nRows; r++) {
      const start = rowStart[r]!;
      const end = rowEnd[r]!;
      y.fill(0);
      for (let k = start; k < end; k++) {
        const c = colIdx[k]!;
        const x = table[3 * c + val[k]! + 1]!;
        const o = c * b;
        for (let i = 0; i < b; i++) y[i]! += x * Vi[o + i]!;
      }
      for (let k = start; k < end; k++) {
        const c = colIdx[k]!;
        const x = table[3 * c + val[k]! + 1]!;
        const o = c * b;
        for (let i = 0; i < b; i++) Wi[o + i]! += x * y[i]!;
      }
    }
  }
  for (let i = 0; i < b; i++) for (let c = 0; c < nCols; c++) W[i * nCols + c] = Wi[c * b + i]!;
}

/** Modified Gram-Schmidt in place; a vector that collapses is replaced by a fresh seeded one. */
function orthonormalise(V: Float64Array, b: number, n: number, active: Uint8Array, rand: () => number): void {
  for (let i = 0; i < b; i++) {
    for (let attempt = 0; attempt < 3; attempt++) {
      for (let j = 0; j < i; j++) {
        let d = 0;
        for (let c = 0; c < n; c++) d += V[i * n + c]! * V[j * n + c]!;
        for (let c = 0; c < n; c++) V[i * n + c]! -= d * V[j * n + c]!;
      }
      let norm = 0;
      for (let c = 0; c < n; c++) norm += V[i * n + c]! ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-12) {
        for (let c = 0; c < n; c++) V[i * n + c]! /= norm;
        break;
      }
      for (let c = 0; c < n; c++) V[i * n + c] = active[c] ? rand() : 0;
    }
  }
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi). Returns values descending and vectors as columns of Q. */
export function symmetricEigen(H: number[][]): { values: number[]; vectors: number[][] } {
  const n = H.length;
  const A = H.map((r) => [...r]);
  const Q: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q]![q]! - A[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < n; k++) {
          const akp = A[k]![p]!;
          const akq = A[k]![q]!;
          A[k]![p] = cos * akp - sin * akq;
          A[k]![q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p]![k]!;
          const aqk = A[q]![k]!;
          A[p]![k] = cos * apk - sin * aqk;
          A[q]![k] = sin * apk + cos * aqk;
        }
        for (let k = 0; k < n; k++) {
          const qkp = Q[k]![p]!;
          const qkq = Q[k]![q]!;
          Q[k]![p] = cos * qkp - sin * qkq;
          Q[k]![q] = sin * qkp + cos * qkq;
        }
      }
    }
  }
  const order = A.map((r, i) => [r[i]!, i] as const).sort((a, b) => b[0] - a[0]);
  return { values: order.map(([v]) => v), vectors: Q.map((row) => order.map(([, i]) => row[i]!)) };
}

export function computePca(matrix: VoteMatrix | VoteRows, options: PcaOptions = {}): Pca {
  const m = voteRows(matrix);
  const nCols = m.colIds.length;
  const stats = options.stats ?? columnStats(m);
  const center = columnMeans(m, stats);
  const table = centredTable(m, center);
  const active = activeColumns(m, stats);
  let nActive = 0;
  for (let c = 0; c < nCols; c++) nActive += active[c]!;
  if (nActive === 0 || m.rowIds.length === 0) return { center, components: zeroComponents(nCols), eigenvalues: [0, 0], iterations: 0 };
  const b = Math.min(4, nActive);
  const rand = seeded(0x5eed);
  const V = startingBlock(active, b, options.warm, rand);
  const W = new Float64Array(b * nCols);
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? (options.warm ? 1e-4 : 1e-7);
  let values: number[] = [];
  let iterations = 0;
  const U = new Float64Array(b * nCols);
  const AU = new Float64Array(b * nCols);
  for (;;) {
    iterations++;
    gramTimes(m, table, V, b, W);
    values = rayleighRitz(V, W, b, nCols, U, AU);
    if (ritzResidual(U, AU, values, b, nCols) < tolerance || iterations >= maxIterations) break;
    V.set(AU);
    orthonormalise(V, b, nCols, active, rand);
  }
  return { center, components: signedComponents(U, values, b, nCols, options.warm), eigenvalues: [Math.max(values[0] ?? 0, 0), Math.max(values[1] ?? 0, 0)], iterations };
}

function zeroComponents(nCols: number): [Float64Array, Float64Array] {
  return [new Float64Array(nCols), new Float64Array(nCols)];
}

/** The first block of b vectors: seeded random on the active columns, the previous components first when warm; orthonormal. */
function startingBlock(active: Uint8Array, b: number, warm: PcaOptions['warm'], rand: () => number): Float64Array {
  const nCols = active.length;
  const V = new Float64Array(b * nCols);
  for (let i = 0; i < b; i++) for (let c = 0; c < nCols; c++) V[i * nCols + c] = active[c] ? rand() : 0;
  if (warm) {
    for (let i = 0; i < Math.min(2, b); i++) {
      const w = warm[i]!;
      for (let c = 0; c < nCols; c++) V[i * nCols + c] = active[c] ? w[c]! : 0;
    }
  }
  orthonormalise(V, b, nCols, active, rand);
  return V;
}

/**
 * Rayleigh-Ritz on the block V (W = A V): the eigenvalues of H = Vᵀ A V, largest
 * first; U receives the Ritz vectors and AU = A U.
 */
function rayleighRitz(V: Float64Array, W: Float64Array, b: number, nCols: number, U: Float64Array, AU: Float64Array): number[] {
  const H = Array.from({ length: b }, () => new Array<number>(b).fill(0));
  for (let i = 0; i < b; i++) {
    for (let j = i; j < b; j++) {
      let s = 0;
      for (let c = 0; c < nCols; c++) s += V[i * nCols + c]! * W[j * nCols + c]!;
      H[i]![j] = s;
      H[j]![i] = s;
    }
  }
  const eig = symmetricEigen(H);
  U.fill(0);
  AU.fill(0);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < b; j++) {
      const q = eig.vectors[j]![i]!;
      if (q === 0) continue;
      for (let c = 0; c < nCols; c++) {
        U[i * nCols + c]! += q * V[j * nCols + c]!;
        AU[i * nCols + c]! += q * W[j * nCols + c]!;
      }
    }
  }
  return eig.values;
}

/** The largest relative residual ‖A u − λ u‖ / λ₁ of the first two Ritz pairs. */
function ritzResidual(U: Float64Array, AU: Float64Array, values: readonly number[], b: number, nCols: number): number {
  let residual = 0;
  const lead = Math.max(values[0]!, 1e-300);
  for (let i = 0; i < Math.min(2, b); i++) {
    let s = 0;
    for (let c = 0; c < nCols; c++) s += (AU[i * nCols + c]! - values[i]! * U[i * nCols + c]!) ** 2;
    residual = Math.max(residual, Math.sqrt(s) / lead);
  }
  return residual;
}

/** The first two components, zero where no variance is left, each with a stable sign. */
function signedComponents(U: Float64Array, values: readonly number[], b: number, nCols: number, warm: PcaOptions['warm']): [Float64Array, Float64Array] {
  const components = zeroComponents(nCols);
  for (let i = 0; i < Math.min(2, b); i++) {
    if (values[i]! <= 1e-12 * Math.max(values[0]!, 1)) continue; // no variance left to explain
    const v = components[i]!;
    for (let c = 0; c < nCols; c++) v[c] = U[i * nCols + c]!;
    // A stable sign: agree with the previous component, else make the largest entry positive.
    let dot = 0;
    const w = warm?.[i];
    if (w) for (let c = 0; c < nCols; c++) dot += v[c]! * w[c]!;
    else {
      let best = 0;
      for (let c = 0; c < nCols; c++) if (Math.abs(v[c]!) > Math.abs(best)) best = v[c]!;
      dot = best;
    }
    if (dot < 0) for (let c = 0; c < nCols; c++) v[c] = -v[c]!;
  }
  return components;
}

/**
 * Each participant's point: Σ over the statements they voted on of (x − centre)·pc,
 * scaled by √(statements / statements voted) so sparse voters are not pulled to
 * the middle. Moderated-out statements count as voted for everyone (Polis sets
 * their column to pass for all rows).
 */
export function projectParticipants(matrix: VoteMatrix | VoteRows, pca: Pca): { x: Float64Array; y: Float64Array } {
  const m = voteRows(matrix);
  const nRows = m.rowIds.length;
  const nCols = m.colIds.length;
  const { rowStart, rowEnd, colIdx, val, moderated } = m;
  let nModerated = 0;
  for (let c = 0; c < nCols; c++) nModerated += moderated[c]!;
  const [p1, p2] = pca.components;
  // (v − centre)·pc by column and vote, looked up per cell (the same products as computed in place)
  const t1 = new Float64Array(3 * nCols);
  const t2 = new Float64Array(3 * nCols);
  const counted = new Uint8Array(nCols);
  for (let c = 0; c < nCols; c++) {
    if (moderated[c]) continue;
    counted[c] = 1;
    for (let v = -1; v <= 1; v++) {
      const d = v - pca.center[c]!;
      t1[3 * c + v + 1] = d * p1[c]!;
      t2[3 * c + v + 1] = d * p2[c]!;
    }
  }
  const x = new Float64Array(nRows);
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    let s1 = 0;
    let s2 = 0;
    let voted = nModerated;
    const end = rowEnd[r]!;
    for (let k = rowStart[r]!; k < end; k++) {
      const c = colIdx[k]!;
      const i = 3 * c + val[k]! + 1;
      voted += counted[c]!;
      s1 += t1[i]!;
      s2 += t2[i]!;
    }
    const scale = Math.sqrt(nCols / Math.max(voted, 1));
    x[r] = s1 * scale;
    y[r] = s2 * scale;
  }
  return { x, y };
}

/** A statement's extremity: the length of the point of someone who agreed with it alone. */
export function statementExtremity(m: VoteMatrix | VoteRows, pca: Pca): Float64Array {
  const nCols = m.colIds.length;
  const out = new Float64Array(nCols);
  const scale = Math.sqrt(nCols);
  for (let c = 0; c < nCols; c++) {
    if (m.moderated[c]) continue;
    const d = 1 - pca.center[c]!;
    out[c] = Math.hypot(d * pca.components[0][c]! * scale, d * pca.components[1][c]! * scale);
  }
  return out;
}
