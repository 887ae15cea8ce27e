// The deliberation math on hand-checked examples and random matrices: PCA against
// closed-form eigen-decompositions and data with known components, silhouette, repness and consensus formulas,
// moderation, k-means starts, stability over updates.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../src/deliberation/analyze.ts';
import { adjustedRandIndex } from '../../src/deliberation/ari.ts';
import { cleanStart, initialClusters, kmeans, silhouette, distanceMatrix } from '../../src/deliberation/kmeans.ts';
import { buildMatrix } from '../../src/deliberation/matrix.ts';
import { computePca, projectParticipants } from '../../src/deliberation/pca.ts';
import { majorityConsensus, propTest, repStats, routingPriority, selectRepresentative, smoothed, twoPropTest } from '../../src/deliberation/repness.ts';
import type { AnalysisInput, Vote, VoteInput } from '../../src/deliberation/types.ts';
import { assertProperty } from '../helpers/property.ts';

const close = (a: number, b: number, eps = 1e-9, what = '') => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${what} ${a} ≠ ${b}`);

function input(rows: (Vote | null)[][], moderated: number[] = []): AnalysisInput {
  const votes: VoteInput[] = [];
  rows.forEach((r, p) => r.forEach((v, s) => v !== null && votes.push({ participant: p, statement: s, vote: v })));
  return { participants: rows.map((_, i) => i), statements: rows[0]!.map((_, i) => ({ id: i, moderatedOut: moderated.includes(i) })), votes };
}

/** Dense XᵀX of the mean-imputed, centred matrix. */
function denseGram(rows: (Vote | null)[][]): number[][] {
  const n = rows[0]!.length;
  const mean = Array.from({ length: n }, (_, c) => {
    const seen = rows.map((r) => r[c]).filter((v): v is Vote => v !== null);
    return seen.length ? seen.reduce<number>((a, b) => a + b, 0) / seen.length : 0;
  });
  const X = rows.map((r) => r.map((v, c) => (v === null ? 0 : v - mean[c]!)));
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => X.reduce((s, row) => s + row[i]! * row[j]!, 0)));
}

/** Eigenvalues (descending) and unit eigenvectors of a symmetric 2×2 matrix, in closed form. */
function eigen2(H: number[][]): { values: number[]; vectors: number[][] } {
  const [a, b, c] = [H[0]![0]!, H[0]![1]!, H[1]![1]!];
  const mid = (a + c) / 2;
  const radius = Math.hypot((a - c) / 2, b);
  const values = [mid + radius, mid - radius];
  const vectors = values.map((l) => {
    // (A − λI)v = 0: v ⟂ the larger row of A − λI
    const rows = [[a - l, b], [b, c - l]];
    const r = Math.hypot(...rows[0]!) >= Math.hypot(...rows[1]!) ? rows[0]! : rows[1]!;
    const v = Math.hypot(...r) < 1e-12 ? [1, 0] : [-r[1]!, r[0]!];
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
  return { values, vectors };
}

/** Eigenvalues (descending, by the trigonometric formula) and unit eigenvectors (cross
 * products of rows of A − λI) of a symmetric 3×3 matrix. */
function eigen3(A: number[][]): { values: number[]; vectors: number[][] } {
  const at = (i: number, j: number) => A[i]![j]!;
  const p1 = at(0, 1) ** 2 + at(0, 2) ** 2 + at(1, 2) ** 2;
  let values: number[];
  if (p1 === 0) values = [at(0, 0), at(1, 1), at(2, 2)].sort((x, y) => y - x);
  else {
    const q = (at(0, 0) + at(1, 1) + at(2, 2)) / 3;
    const p = Math.sqrt(((at(0, 0) - q) ** 2 + (at(1, 1) - q) ** 2 + (at(2, 2) - q) ** 2 + 2 * p1) / 6);
    const B = A.map((row, i) => row.map((x, j) => (x - (i === j ? q : 0)) / p));
    const det = B[0]![0]! * (B[1]![1]! * B[2]![2]! - B[1]![2]! * B[2]![1]!) - B[0]![1]! * (B[1]![0]! * B[2]![2]! - B[1]![2]! * B[2]![0]!) + B[0]![2]! * (B[1]![0]! * B[2]![1]! - B[1]![1]! * B[2]![0]!);
    const phi = Math.acos(Math.min(1, Math.max(-1, det / 2))) / 3;
    const l1 = q + 2 * p * Math.cos(phi);
    const l3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
    values = [l1, 3 * q - l1 - l3, l3];
  }
  const cross = (u: number[], v: number[]) => [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
  const vectors = values.map((l) => {
    const M = A.map((row, i) => row.map((x, j) => x - (i === j ? l : 0)));
    const candidates = [cross(M[0]!, M[1]!), cross(M[0]!, M[2]!), cross(M[1]!, M[2]!)];
    const best = candidates.reduce((x, y) => (Math.hypot(...x) >= Math.hypot(...y) ? x : y));
    const n = Math.hypot(...best);
    return n === 0 ? [0, 0, 0] : best.map((x) => x / n);
  });
  return { values, vectors };
}

describe('PCA', () => {
  test('two opposed camps: the first component separates them, the second explains nothing', () => {
    const rows: Vote[][] = [];
    for (let i = 0; i < 10; i++) rows.push([1, 1, -1, -1]);
    for (let i = 0; i < 10; i++) rows.push([-1, -1, 1, 1]);
    const m = buildMatrix(input(rows));
    const pca = computePca(m);
    const [p1, p2] = pca.components;
    // (1,1,-1,-1)/2 up to sign; rank one, so no second component
    for (let c = 0; c < 4; c++) close(Math.abs(p1[c]!), 0.5, 1e-9, `pc1[${c}]`);
    close(p1[0]! * p1[2]!, -0.25, 1e-9, 'opposite signs');
    assert.ok(p2.every((v) => v === 0));
    close(pca.eigenvalues[0], 80, 1e-9, 'eigenvalue');
    const { x } = projectParticipants(m, pca);
    assert.ok(x.slice(0, 10).every((v) => Math.sign(v) === Math.sign(x[0]!)) && Math.sign(x[10]!) === -Math.sign(x[0]!));
  });

  test('random sparse matrices of 2 or 3 statements: the components are the closed-form leading eigenvectors of XᵀX', () => {
    assertProperty(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((n) => fc.array(fc.array(fc.constantFrom<Vote | null>(1, -1, 0, null, null), { minLength: n, maxLength: n }), { minLength: 4, maxLength: 30 })),
        (rows) => {
          const m = buildMatrix(input(rows));
          const pca = computePca(m, { tolerance: 1e-12, maxIterations: 5000 });
          const H = denseGram(rows);
          const exact = H.length === 2 ? eigen2(H) : eigen3(H);
          const scale = Math.max(1, exact.values[0]!);
          close(pca.eigenvalues[0], exact.values[0]!, 1e-6, 'λ1');
          if (exact.values[1]! > 1e-9 * scale) close(pca.eigenvalues[1], exact.values[1]!, 1e-6, 'λ2');
          // vectors: when the eigenvalue is separated from its neighbours, equal up to sign
          for (const i of [0, 1]) {
            const gapBelow = exact.values[i]! - (exact.values[i + 1] ?? 0);
            const gapAbove = i === 0 ? Infinity : exact.values[i - 1]! - exact.values[i]!;
            if (Math.min(gapBelow, gapAbove) < 1e-3 * scale || exact.values[i]! < 1e-9 * scale) continue;
            const dot = pca.components[i]!.reduce((s, v, c) => s + v * exact.vectors[i]![c]!, 0);
            close(Math.abs(dot), 1, 1e-5, `component ${i}`);
          }
        },
      ),
      200,
    );
  });

  test('votes built from chosen independent opinions: the components are those opinions, λ = rows × statements', () => {
    // Three opinions a, b, c = ±1, every combination held by `copies` participants (so
    // they are centred and orthogonal); each statement follows one opinion (vote = ±
    // that opinion) or everyone agrees with it. Then XᵀX = rows·(sa saᵀ + sb sbᵀ + sc scᵀ)
    // with s the signed indicator of the statements following each opinion: the
    // components are sa/√ka and sb/√kb, with eigenvalues rows·ka and rows·kb.
    assertProperty(
      fc.property(
        fc.integer({ min: 3, max: 5 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.nat(),
        (ka, kbLess, constant, copies, flips, shuffle) => {
          const kb = ka - kbLess;
          const kc = Math.max(kb - 1, 0);
          const kinds = [...Array(ka).fill(0), ...Array(kb).fill(1), ...Array(kc).fill(2), ...Array(constant).fill(3)] as number[];
          // a deterministic shuffle of the statements
          const order = kinds.map((_, i) => i).sort((x, y) => ((x * 7919 + shuffle) % 101) - ((y * 7919 + shuffle) % 101));
          const columns = order.map((i) => ({ kind: kinds[i]!, sign: flips[i] ? -1 : 1 }));
          const rows: Vote[][] = [];
          for (const a of [1, -1]) for (const b of [1, -1]) for (const c of [1, -1]) for (let k = 0; k < copies; k++) rows.push(columns.map(({ kind, sign }) => (kind === 3 ? 1 : sign * [a, b, c][kind]!) as Vote));
          const pca = computePca(buildMatrix(input(rows)), { tolerance: 1e-12, maxIterations: 5000 });
          const direction = (kind: number) => {
            const v = columns.map(({ kind: k, sign }) => (k === kind ? sign : 0));
            const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
            return v.map((x) => x / norm);
          };
          close(pca.eigenvalues[0], rows.length * ka, 1e-9, 'λ1');
          close(pca.eigenvalues[1], rows.length * kb, 1e-9, 'λ2');
          for (const [i, kind] of [[0, 0], [1, 1]] as const) {
            const dot = pca.components[i]!.reduce((s, v, c) => s + v * direction(kind)[c]!, 0);
            close(Math.abs(dot), 1, 1e-6, `component ${i + 1}`);
          }
        },
      ),
      100,
    );
  });

  test('projection scales sparse voters outward by √(statements / votes)', () => {
    const rows: (Vote | null)[][] = [
      [1, 1, -1, -1],
      [-1, -1, 1, 1],
      [1, null, null, null],
      [1, 1, -1, -1],
      [-1, -1, 1, 1],
    ];
    const m = buildMatrix(input(rows));
    const pca = computePca(m);
    const { x, y } = projectParticipants(m, pca);
    const raw = (1 - pca.center[0]!) * pca.components[0][0]!;
    close(x[2]!, raw * Math.sqrt(4 / 1), 1e-12, 'scaled');
    const raw2 = (1 - pca.center[0]!) * pca.components[1][0]!;
    close(y[2]!, raw2 * 2, 1e-12, 'second axis');
  });
});

describe('silhouette and k-means', () => {
  test('silhouette of a hand example', () => {
    // points on a line: 0, 1 | 5, 6  -> a = 1, b = mean distance to the other pair
    const p = { x: new Float64Array([0, 1, 5, 6]), y: new Float64Array(4) };
    const s = silhouette(distanceMatrix(p), 4, new Int32Array([0, 0, 1, 1]));
    // point 0: a=1, b=(5+6)/2=5.5 -> 0.8181..; point 1: a=1, b=(4+5)/2=4.5 -> 0.7777..; symmetric
    close(s, (1 - 1 / 5.5 + 1 - 1 / 4.5) / 2, 1e-12, 'silhouette');
    // a singleton scores 0
    const s2 = silhouette(distanceMatrix(p), 4, new Int32Array([0, 1, 1, 1]));
    // point 0 alone: 0; point 1: a = (4+5)/2, b = 1; point 5: a = (4+1)/2, b = 5; point 6: a = (5+1)/2, b = 6
    close(s2, (0 + (1 - 4.5) / 4.5 + (5 - 2.5) / 5 + (6 - 3) / 6) / 4, 1e-12, 'with singleton');
  });

  test('cold start takes the first k distinct points; warm start keeps cluster ids', () => {
    const p = { x: new Float64Array([0, 0, 10, 10.2, 0.1, 20]), y: new Float64Array(6) };
    const init = initialClusters(p, 3);
    assert.deepEqual(init.map((c) => c.cx), [0, 10, 10.2]);
    const clusters = kmeans(p, init, 100);
    const ids = clusters.map((c) => c.id);
    const moved = { x: new Float64Array([0, 0, 10, 10.2, 0.1, 20.5]), y: new Float64Array(6) };
    const again = kmeans(moved, cleanStart(moved, clusters, 3), 100);
    assert.deepEqual(again.map((c) => c.id).sort(), [...ids].sort());
    const groupOf = (cs: typeof clusters, i: number) => cs.find((c) => c.members.includes(i))!.id;
    for (let i = 0; i < 6; i++) assert.equal(groupOf(again, i), groupOf(clusters, i), `point ${i} kept its cluster`);
  });
});

describe('representativeness and consensus formulas', () => {
  test('smoothed rates and z scores on hand examples', () => {
    close(smoothed(8, 10), 9 / 12, 1e-15);
    close(propTest(8, 10), 2 * Math.sqrt(11) * (9 / 11 - 0.5), 1e-15);
    // two-prop: 8/10 vs 2/10 -> p1 = 9/11, p2 = 3/11, pooled = 12/22
    const pooled = 12 / 22;
    close(twoPropTest(8, 10, 2, 10), (9 / 11 - 3 / 11) / Math.sqrt(pooled * (1 - pooled) * (2 / 11)), 1e-15);
    assert.equal(twoPropTest(10, 10, 10, 10), 0, 'pooled rate 1 -> 0');
    const s = repStats(7, { agree: 8, disagree: 1, total: 10 }, { agree: 2, disagree: 7, total: 10 });
    close(s.ra, 9 / 12 / (3 / 12), 1e-15);
    close(s.rd, 2 / 12 / (8 / 12), 1e-15);
  });

  test('selection: significant statements by metric, best-agree first, agrees before disagrees, at most 5', () => {
    const g = (a: number, d: number, t: number) => ({ agree: a, disagree: d, total: t });
    const stats = [
      repStats(0, g(18, 1, 20), g(3, 15, 20)), // strongly agree vs rest
      repStats(1, g(1, 18, 20), g(15, 3, 20)), // strongly disagree vs rest
      repStats(2, g(10, 10, 20), g(10, 10, 20)), // nothing special
      repStats(3, g(15, 2, 20), g(8, 8, 20)), // agree, weaker
    ];
    const list = selectRepresentative(stats);
    assert.deepEqual(list.map((r) => [r.statement, r.direction]), [[0, 'agree'], [3, 'agree'], [1, 'disagree']]);
    assert.equal(list[0]!.bestAgree, true);
    // nothing significant: the best-agree statement alone (needs pat > 1.2816, or ra > 1 and pa > 0.5)
    const weak = selectRepresentative([repStats(5, g(2, 1, 3), g(1, 2, 3))]);
    assert.deepEqual(weak.map((r) => r.statement), [5]);
  });

  test('majority consensus needs a smoothed rate above ½ and a significant test', () => {
    const c = majorityConsensus([
      { statement: 1, agree: 40, disagree: 5, total: 50 },
      { statement: 2, agree: 26, disagree: 20, total: 50 },
      { statement: 3, agree: 3, disagree: 45, total: 50 },
      { statement: 4, agree: 2, disagree: 0, total: 2 },
    ]);
    // statement 4: 2 of 2 agree: pa = 3/4 > ½ and 2·√3·(3/3 − ½) ≈ 1.73 > 1.2816, so it qualifies; ranked below 1 by pa·pat
    assert.deepEqual(c.agree.map((s) => s.statement), [1, 4]);
    assert.deepEqual(c.disagree.map((s) => s.statement), [3]);
  });

  test('routing priority favours new statements and uses 49 for meta', () => {
    assert.equal(routingPriority({ agree: 0, disagree: 0, total: 0 }, 0, true), 49);
    const fresh = routingPriority({ agree: 1, disagree: 0, total: 1 }, 0.5, false);
    const old = routingPriority({ agree: 50, disagree: 0, total: 50 }, 0.5, false);
    assert.ok(fresh > old);
    close(routingPriority({ agree: 3, disagree: 1, total: 5 }, 1, false), ((1 - 2 / 7) * 2 * (4 / 7) * (1 + 8 * 2 ** -1)) ** 2, 1e-12);
  });
});

/** Two camps of n each on `s` statements; statement 0 is agreed by everyone. */
function camps(n: number, s: number, seed = 1): (Vote | null)[][] {
  let a = seed;
  const rnd = () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows: (Vote | null)[][] = [];
  for (let i = 0; i < 2 * n; i++) {
    const side = i % 2 === 0 ? 1 : -1;
    rows.push(Array.from({ length: s }, (_, c) => (c === 0 ? 1 : rnd() < 0.15 ? null : rnd() < 0.9 ? ((c % 2 === 0 ? side : -side) as Vote) : 0)));
  }
  return rows;
}

describe('analysis', () => {
  test('two camps: two groups that match the camps, the shared statement is consensus, the split ones divisive', () => {
    const rows = camps(20, 12);
    const { result } = analyze(input(rows));
    assert.equal(result.k, 2);
    const ours = rows.map((_, i) => result.membership[String(i)]!);
    assert.equal(adjustedRandIndex(ours, rows.map((_, i) => i % 2)), 1);
    assert.ok(result.consensus.agree.some((c) => c.statement === 0));
    assert.ok(result.groupInformedConsensus[0]!.statement === 0);
    assert.ok(result.divisive.length > 0 && result.divisive.every((d) => d.statement !== 0));
    for (const list of Object.values(result.repness)) assert.ok(list.length > 0 && list.length <= 5);
  });

  test('a moderated-out statement leaves the analysis (no repness, consensus, divisive, routing, PCA weight)', () => {
    const rows = camps(20, 12);
    const { result } = analyze(input(rows, [0, 3]));
    const out = (id: number) => {
      assert.ok(!result.consensus.agree.some((c) => c.statement === id) && !result.consensus.disagree.some((c) => c.statement === id));
      assert.ok(!result.groupInformedConsensus.some((c) => c.statement === id));
      assert.ok(!result.divisive.some((c) => c.statement === id));
      for (const list of Object.values(result.repness)) assert.ok(!list.some((r) => r.statement === id));
      assert.equal(result.priority[String(id)], undefined);
      assert.equal(result.pca.components[0][result.pca.statementOrder.indexOf(id)], 0);
    };
    out(0);
    out(3);
    // the votes are still counted as votes
    assert.equal(result.statements.find((s) => s.statement === 0)!.agree, 40);
  });

  test('participants with fewer than 7 votes are not clustered once 15 others are', () => {
    const rows = camps(10, 12);
    rows.push([1, 1, null, null, null, null, null, null, null, null, null, null]);
    const { result } = analyze(input(rows));
    assert.equal(result.membership['20'], undefined);
    assert.equal(result.nClustered, 20);
  });

  test('groups are stable as votes arrive; k changes only after winning 4 updates running', () => {
    const rows = camps(25, 10);
    let { result, state } = analyze(input(rows));
    assert.equal(result.k, 2);
    const before = result.membership;
    // one more vote: warm start, same groups, same ids
    rows[0]![1] = rows[0]![1] === 1 ? -1 : 1;
    ({ result, state } = analyze(input(rows), state));
    let same = 0;
    for (const [p, g] of Object.entries(before)) if (result.membership[p] === g) same++;
    assert.ok(same >= Object.keys(before).length - 1, `${same} of ${Object.keys(before).length} kept their group id`);
    // force a different best k: pretend the published k was 3 with no candidate
    const forced = { ...state, k: 3, kCandidate: null, kCandidateCount: 0 };
    let r = analyze(input(rows), forced);
    const ks = [r.result.k];
    for (let i = 0; i < 4; i++) {
      r = analyze(input(rows), r.state);
      ks.push(r.result.k);
    }
    assert.deepEqual(ks, [3, 3, 3, 2, 2]);
  });

  test('bad input is refused with a reason', () => {
    assert.throws(() => analyze({ participants: [1, 1], statements: [], votes: [] }), /listed twice/);
    assert.throws(() => analyze({ participants: [1], statements: [{ id: 0, moderatedOut: false }], votes: [{ participant: 2, statement: 0, vote: 1 }] }), /not in the participant list/);
    assert.throws(() => analyze({ participants: [1], statements: [{ id: 0, moderatedOut: false }], votes: [{ participant: 1, statement: 0, vote: 2 as Vote }] }), /a vote is 1, -1 or 0/);
  });

  test('empty and tiny conversations do not crash', () => {
    const { result } = analyze({ participants: [], statements: [], votes: [] });
    assert.equal(result.k, 0);
    const one = analyze(input([[1, -1]]));
    assert.ok(one.result.k <= 1);
  });

  test('the later of two votes on the same cell counts', () => {
    const { result } = analyze({
      participants: [0],
      statements: [{ id: 0, moderatedOut: false }],
      votes: [
        { participant: 0, statement: 0, vote: 1 },
        { participant: 0, statement: 0, vote: -1 },
      ],
    });
    assert.deepEqual(result.statements[0], { statement: 0, agree: 0, disagree: 1, pass: 0, total: 1 });
  });
});

describe('adjusted Rand index', () => {
  test('hand examples', () => {
    assert.equal(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]), 1);
    close(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 0.5714285714285715, 1e-12);
    // index 2, expected 6·6/15 = 2.4, max 6: (2 − 2.4)/(6 − 2.4) = −1/9
    close(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 1, 0, 1, 0, 1]), -1 / 9, 1e-12);
  });
});

describe('groups as votes arrive in any order', () => {
  test('the published k is always the number of groups shown, and each k tried has k groups', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 60; trial++) {
      const all: VoteInput[] = [];
      for (let p = 0; p < 30; p++) {
        for (let s = 0; s < 12; s++) {
          const side = p % 2 === 0 ? 1 : -1;
          let vote: Vote = s < 5 ? (side as Vote) : s < 10 ? (-side as Vote) : s === 10 ? 1 : p % 3 === 0 ? 0 : p % 3 === 1 ? 1 : -1;
          if (s === p % 10) vote = 0;
          all.push({ participant: p, statement: s, vote });
        }
      }
      const order = all.map((v) => [rnd(), v] as const).sort((a, b) => a[0] - b[0]).map(([, v]) => v);
      let state = null;
      for (const cut of [Math.floor(rnd() * 360) + 1, Math.floor(rnd() * 360) + 1, 360].sort((a, b) => a - b)) {
        const votes = order.slice(0, cut);
        const r = analyze({ participants: [...new Set(votes.map((v) => v.participant))], statements: Array.from({ length: 12 }, (_, i) => ({ id: i, moderatedOut: false })), votes }, state);
        state = r.state;
        assert.equal(r.result.groups.length, r.result.k);
        if (r.state.k > 0) assert.equal(r.result.k, r.state.k, `trial ${trial}: published k ${r.result.k}, state k ${r.state.k}`);
        for (const [k, clusters] of Object.entries(r.state.groupClusterings)) assert.equal(clusters.length, Number(k));
      }
    }
  });
});
