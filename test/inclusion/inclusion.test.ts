// Inclusion: raking (worked example, property tests), disproportionality indices
// (hand-computed), small-cell suppression (no hidden small cell recoverable from the
// published sums: property test, each time exhibiting another table with the same
// published numbers), delegation rules, and the two CLI contracts.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseCsv } from '../../src/kernel/csv.ts';
import { compositionReport, gallagher, loosemoreHanby } from '../../src/inclusion/composition.ts';
import { checkRule } from '../../src/inclusion/delegations.ts';
import { estimateShare, kish, rake, wilson95 } from '../../src/inclusion/rake.ts';
import { determined, suppressCells, suppressTable } from '../../src/inclusion/suppression.ts';
import { assertProperty } from '../helpers/property.ts';
import { jirga, tempDir } from '../helpers/tools.ts';

const close = (a: number, b: number, eps: number, what = '') => assert.ok(Math.abs(a - b) <= eps, `${what}: ${a} ≠ ${b}`);

/**
 * An integer change d of the hidden values with C·d = 0 (every published sum stays the
 * same) and target·d ≠ 0 (the hidden quantity moves), or undefined when none exists,
 * i.e. when the published sums determine target·(hidden values). Exact: a null-space
 * basis of C by Gauss-Jordan elimination over the rationals (BigInt), written here
 * independently of the library's determined().
 */
function hiddenChange(C: readonly (readonly bigint[])[], target: readonly bigint[]): bigint[] | undefined {
  const n = target.length;
  type Q = [bigint, bigint]; // numerator, positive denominator
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const norm = ([p, q]: Q): Q => {
    if (p === 0n) return [0n, 1n];
    const g = gcd(p, q) * (q < 0n ? -1n : 1n);
    return [p / g, q / g];
  };
  const sub = (a: Q, b: Q): Q => norm([a[0] * b[1] - b[0] * a[1], a[1] * b[1]]);
  const mul = (a: Q, b: Q): Q => norm([a[0] * b[0], a[1] * b[1]]);
  const div = (a: Q, b: Q): Q => norm([a[0] * b[1], a[1] * b[0]]);
  const M: Q[][] = C.map((row) => row.map((x): Q => [x, 1n]));
  const pivots: number[] = [];
  let rank = 0;
  for (let col = 0; col < n && rank < M.length; col++) {
    const p = M.findIndex((row, i) => i >= rank && row[col]![0] !== 0n);
    if (p < 0) continue;
    [M[rank], M[p]] = [M[p]!, M[rank]!];
    const pivot = M[rank]![col]!;
    M[rank] = M[rank]!.map((x) => div(x, pivot));
    for (let i = 0; i < M.length; i++) {
      if (i === rank || M[i]![col]![0] === 0n) continue;
      const f = M[i]![col]!;
      M[i] = M[i]!.map((x, c) => sub(x, mul(f, M[rank]![c]!)));
    }
    pivots.push(col);
    rank++;
  }
  for (let free = 0; free < n; free++) {
    if (pivots.includes(free)) continue;
    // basis vector: 1 at the free column, minus that column of the reduced rows at the pivots
    const v: Q[] = Array.from({ length: n }, (_, i): Q => [i === free ? 1n : 0n, 1n]);
    pivots.forEach((pc, row) => (v[pc] = norm([-M[row]![free]![0], M[row]![free]![1]])));
    const scale = v.reduce((l, [, q]) => (l * q) / gcd(l, q), 1n);
    const d = v.map(([p, q]) => (p * scale) / q);
    if (target.reduce((a, w, i) => a + w * d[i]!, 0n) !== 0n) return d;
  }
  return undefined;
}

function people(cells: [string, string, number][]): Record<string, string>[] {
  return cells.flatMap(([gender, residence, n]) => Array.from({ length: n }, () => ({ gender, residence })));
}

describe('raking', () => {
  test('worked example: a 2×2 table keeps its odds ratio and meets both margins', () => {
    // men inside 20, men abroad 30, women inside 10, women abroad 40; targets 50/50 and 80/20.
    // The raked table keeps the odds ratio 20·40/(30·10) = 8/3 with margins (50,50),(80,20):
    // t(t−30) / ((50−t)(80−t)) = 8/3  ⇒  t² − 190t + 6400 = 0  ⇒  t = (190 − √10500)/2.
    const rows = people([['man', 'inside', 20], ['man', 'abroad', 30], ['woman', 'inside', 10], ['woman', 'abroad', 40]]);
    const r = rake(rows, { gender: { man: 0.5, woman: 0.5 }, residence: { inside: 0.8, abroad: 0.2 } });
    assert.ok(r.converged);
    const t = (190 - Math.sqrt(10500)) / 2;
    close(r.weights[0]!, t / 20, 1e-6, 'men inside');
    close(r.weights[20]!, (50 - t) / 30, 1e-6, 'men abroad');
    close(r.weights[50]!, (80 - t) / 10, 1e-6, 'women inside');
    close(r.weights[60]!, (t - 30) / 40, 1e-6, 'women abroad');
    close([...r.weights].reduce((a, b) => a + b, 0) / rows.length, 1, 1e-12, 'mean weight');
    const k = kish(r.weights);
    close(k.effectiveSampleSize, 100 ** 2 / [...r.weights].reduce((a, w) => a + w * w, 0), 1e-9, 'Kish');
  });

  test('random data and targets: converges to 1e-6 on every margin, or says it did not', () => {
    assertProperty(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('x', 'y')), { minLength: 6, maxLength: 80 }),
        fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 })),
        fc.integer({ min: 1, max: 99 }),
        (pairs, [p, q, s], x) => {
          const rows = pairs.map(([g, r]) => ({ g, r }));
          const gs = [...new Set(rows.map((r) => r.g))];
          const rs = [...new Set(rows.map((r) => r.r))];
          const raw = [p, q, s].slice(0, gs.length);
          const sum = raw.reduce((a, b) => a + b, 0);
          const targets = {
            g: Object.fromEntries(gs.map((g, i) => [g, raw[i]! / sum])),
            r: rs.length === 2 ? { [rs[0]!]: x / 100, [rs[1]!]: 1 - x / 100 } : { [rs[0]!]: 1 },
          };
          const res = rake(rows, targets, { maxIterations: 2000 });
          close([...res.weights].reduce((a, b) => a + b, 0), rows.length, 1e-6, 'weights sum to n');
          for (const [d, shares] of Object.entries(targets)) {
            for (const [c, share] of Object.entries(shares)) {
              const got = rows.reduce((a, r, i) => a + ((r as Record<string, string>)[d] === c ? res.weights[i]! : 0), 0) / rows.length;
              if (res.converged) close(got, share, 1e-6, `${d}=${c}`);
              else assert.ok(res.maxError >= 1e-9, 'non-convergence reports a real remaining error');
            }
          }
          assert.ok(res.weights.every((w) => Number.isFinite(w) && w >= 0));
        },
      ),
      300,
    );
  });

  test('trimming caps weights and reports the cost honestly', () => {
    const rows = people([['man', 'inside', 40], ['man', 'abroad', 50], ['woman', 'inside', 2], ['woman', 'abroad', 8]]);
    const targets = { gender: { man: 0.5, woman: 0.5 }, residence: { inside: 0.85, abroad: 0.15 } };
    const free = rake(rows, targets);
    assert.ok(Math.max(...free.weights) > 5);
    const capped = rake(rows, targets, { trim: 5 });
    assert.ok(Math.max(...capped.weights) <= 5 + 1e-9);
    assert.ok(capped.trimmed > 0);
    assert.ok(capped.kish.effectiveSampleSize > free.kish.effectiveSampleSize);
    if (!capped.converged) assert.ok(capped.maxError > 1e-6);
  });

  test('bad targets are refused with a reason', () => {
    const rows = people([['man', 'inside', 3], ['woman', 'abroad', 3]]);
    assert.throws(() => rake(rows, { gender: { man: 0.5, woman: 0.4 } }), /sum to 0\.9, not 1/);
    assert.throws(() => rake(rows, { gender: { man: 0.5, woman: 0.4, other: 0.1 } }), /"other" of "gender" is absent from the data/);
    assert.throws(() => rake(rows, { gender: { man: 1 } }), /has gender "woman", which has no target share/);
    assert.throws(() => rake(rows, { gender: { man: 1.5, woman: -0.5 } }), /between 0 and 1/);
  });

  test('weighted shares sit beside raw ones, with Wilson intervals on the effective sample size', () => {
    const e = estimateShare([true, true, false, false], [3, 1, 1, 1]);
    close(e.raw.share, 0.5, 1e-12);
    close(e.weighted.share, 4 / 6, 1e-12);
    close(e.weighted.effectiveN, 36 / 12, 1e-12);
    const [lo, hi] = wilson95(0.5, 100);
    close(lo, 0.4038, 1e-4);
    close(hi, 0.5962, 1e-4);
  });
});

describe('disproportionality indices (hand-computed)', () => {
  test('Gallagher and Loosemore–Hanby, in percentage points', () => {
    close(gallagher([0.25, 0.75], [0.5, 0.5]), 25, 1e-12);
    close(loosemoreHanby([0.25, 0.75], [0.5, 0.5]), 25, 1e-12);
    // differences .2, −.1, −.1: G = 100·√(½·0.06), LH = 50·0.4
    close(gallagher([0.6, 0.2, 0.2], [0.4, 0.3, 0.3]), 100 * Math.sqrt(0.03), 1e-12);
    close(loosemoreHanby([0.6, 0.2, 0.2], [0.4, 0.3, 0.3]), 20, 1e-12);
    assert.equal(gallagher([0.3, 0.7], [0.3, 0.7]), 0);
  });
});


describe('small-cell suppression', () => {
  test('which unknowns a set of published sums determines (hand examples)', () => {
    // x + y = a, y + z = b: nothing is determined; add z alone: z, then y, then x are
    assert.equal(determined([[1, 1, 0], [0, 1, 1]], 3, 0), false);
    assert.equal(determined([[1, 1, 0], [0, 1, 1]], 3, 1), false);
    assert.equal(determined([[1, 1, 0], [0, 1, 1], [0, 0, 1]], 3, 0), true);
    // a 2×2 block with row and column sums: a cycle, nothing determined
    assert.equal(determined([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]], 4, 2), false);
    // one unknown alone in a line is determined
    assert.equal(determined([[1, 0], [1, 1]], 2, 1), true);
  });

  test('a one-way table: no hidden small cell can be recovered from the total or the subtotals', () => {
    assertProperty(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 9 }), fc.integer({ min: 10, max: 15 }), fc.integer({ min: 2, max: 7 }), (values, k, cut) => {
        const all = values.map((_, i) => i);
        // disjoint lines of two or more cells whose sums are published (and so is the total)
        const lines = cut <= values.length - 2 ? [all.slice(0, cut), all.slice(cut)] : [all];
        const hidden = suppressCells(values, lines, k);
        values.forEach((v, i) => assert.ok(v === 0 || v >= k || hidden[i] === 'small', 'every small cell is hidden'));
        // what a reader sees: the published cells, each line's sum, the total
        const published = (vs: readonly number[]) => [...vs.map((v, i) => (hidden[i] ? null : v)), ...lines.map((l) => l.reduce((a, i) => a + vs[i]!, 0)), vs.reduce((a, b) => a + b, 0)];
        const unknowns = all.filter((i) => hidden[i]);
        const constraints = [...lines, all].map((line) => unknowns.map((u) => (line.includes(u) ? 1n : 0n)));
        unknowns.forEach((u, j) => {
          if (hidden[u] !== 'small') return;
          // another table the reader cannot tell apart, in which this cell differs
          const d = hiddenChange(constraints, unknowns.map((_, i) => (i === j ? 1n : 0n)));
          assert.ok(d, `cell ${u} (${values[u]}) recoverable in ${JSON.stringify(values)} lines ${JSON.stringify(lines)} hidden ${JSON.stringify(hidden)}`);
          const other = values.map((v, i) => (unknowns.includes(i) ? v + Number(d[unknowns.indexOf(i)]!) : v));
          assert.deepEqual(published(other), published(values));
          assert.notEqual(other[u], values[u]);
        });
      }),
      500,
    );
  });

  test('a two-way table with margins: no hidden small cell or margin can be recovered', () => {
    assertProperty(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 }), fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 25, maxLength: 25 }), (R, C, flat) => {
        const counts = Array.from({ length: R }, (_, r) => flat.slice(r * C, r * C + C));
        const k = 10;
        const t = suppressTable(counts, k);
        for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) assert.ok(counts[r]![c] === 0 || counts[r]![c]! >= k || t.cells[r]![c] === 'small');
        // what a reader sees: published cells, published row and column totals, the grand total
        const rowSum = (m: number[][], r: number) => m[r]!.reduce((a, b) => a + b, 0);
        const colSum = (m: number[][], c: number) => m.reduce((a, row) => a + row[c]!, 0);
        const published = (m: number[][]) => [
          ...m.flatMap((row, r) => row.map((v, c) => (t.cells[r]![c] ? null : v))),
          ...m.map((_, r) => (t.rowTotalHidden[r] ? null : rowSum(m, r))),
          ...m[0]!.map((_, c) => (t.colTotalHidden[c] ? null : colSum(m, c))),
          m.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0),
        ];
        // the reader's unknowns are the hidden inner cells (hidden totals follow from them);
        // every published total is an equation on them
        const unknowns: [number, number][] = [];
        counts.forEach((row, r) => row.forEach((_, c) => t.cells[r]![c] && unknowns.push([r, c])));
        const inRow = (r: number) => unknowns.map(([ur]) => (ur === r ? 1n : 0n));
        const inCol = (c: number) => unknowns.map(([, uc]) => (uc === c ? 1n : 0n));
        const constraints = [
          ...counts.map((_, r) => r).filter((r) => !t.rowTotalHidden[r]).map(inRow),
          ...counts[0]!.map((_, c) => c).filter((c) => !t.colTotalHidden[c]).map(inCol),
          unknowns.map(() => 1n),
        ];
        const targets: [string, bigint[]][] = [
          ...unknowns.flatMap(([r, c], j): [string, bigint[]][] => (t.cells[r]![c] === 'small' ? [[`cell ${r},${c}`, unknowns.map((_, i) => (i === j ? 1n : 0n))]] : [])),
          ...counts.flatMap((_, r): [string, bigint[]][] => (t.rowTotalHidden[r] === 'small' ? [[`row total ${r}`, inRow(r)]] : [])),
          ...counts[0]!.flatMap((_, c): [string, bigint[]][] => (t.colTotalHidden[c] === 'small' ? [[`column total ${c}`, inCol(c)]] : [])),
        ];
        for (const [name, target] of targets) {
          // another table the reader cannot tell apart, in which this cell or margin differs
          const d = hiddenChange(constraints, target);
          assert.ok(d, `${name} recoverable in ${JSON.stringify(counts)}`);
          const other = counts.map((row) => [...row]);
          unknowns.forEach(([r, c], i) => (other[r]![c]! += Number(d[i]!)));
          assert.deepEqual(published(other), published(counts), name);
          assert.notEqual(target.reduce((a, w, i) => a + w * d[i]!, 0n), 0n, name);
        }
      }),
      300,
    );
  });

  test('the composition report hides a small group and a complement, and computes indices on what is published', () => {
    const rows = [
      ...Array.from({ length: 30 }, () => ({ ethnicity: 'pashtun' })),
      ...Array.from({ length: 20 }, () => ({ ethnicity: 'tajik' })),
      ...Array.from({ length: 4 }, () => ({ ethnicity: 'hazara' })),
      ...Array.from({ length: 12 }, () => ({ ethnicity: 'uzbek' })),
      ...Array.from({ length: 15 }, () => ({ ethnicity: 'prefer-not-to-say' })),
    ];
    const report = compositionReport(rows, { ethnicity: { pashtun: 0.4, tajik: 0.3, hazara: 0.15, uzbek: 0.15 } });
    const d = report.dimensions[0]!;
    const line = (c: string) => d.categories.find((x) => x.category === c)!;
    assert.equal(line('hazara').count, null);
    assert.equal(line('hazara').suppressed, 'small');
    assert.equal(line('uzbek').suppressed, 'complementary', 'the smallest other reference category is hidden with it');
    assert.equal(line('pashtun').count, 30);
    assert.equal(d.answered, 66);
    close(line('pashtun').share!, 30 / 66, 1e-12);
    close(line('pashtun').ratio!, 30 / 66 / 0.4, 1e-12);
    // indices on pashtun, tajik and the merged hidden pair (16 of 66 vs 0.30)
    close(d.gallagher!, gallagher([30 / 66, 20 / 66, 16 / 66], [0.4, 0.3, 0.3]), 1e-12);
    close(d.loosemoreHanby!, loosemoreHanby([30 / 66, 20 / 66, 16 / 66], [0.4, 0.3, 0.3]), 1e-12);
    assert.deepEqual(report.suppressed.map((s) => s.category).sort(), ['hazara', 'uzbek']);
    assert.throws(() => compositionReport(rows, { ethnicity: { pashtun: 1 } }, { minCell: 5 }), /may only raise/);
  });
});

describe('delegation rules', () => {
  test('at least 50% women, and every major group present, with the numbers', () => {
    const delegates = [{ gender: 'woman', ethnicity: 'hazara' }, { gender: 'man', ethnicity: 'pashtun' }, { gender: 'man', ethnicity: 'tajik' }, { gender: '', ethnicity: 'uzbek' }];
    const women = checkRule({ kind: 'min-share', dimension: 'gender', category: 'woman', min: 0.5 }, delegates);
    assert.equal(women.pass, false);
    assert.deepEqual(women.detail, { count: 1, total: 3, share: 1 / 3 });
    const balanced = checkRule({ kind: 'min-share', dimension: 'gender', category: 'woman', min: 0.5 }, [...delegates, { gender: 'woman', ethnicity: 'tajik' }]);
    assert.equal(balanced.pass, true);
    const groups = checkRule({ kind: 'all-present', dimension: 'ethnicity', categories: ['pashtun', 'tajik', 'hazara', 'uzbek', 'turkmen'] }, delegates);
    assert.equal(groups.pass, false);
    assert.deepEqual(groups.detail, { missing: ['turkmen'], present: ['pashtun', 'tajik', 'hazara', 'uzbek'] });
  });
});

describe('jirga inclusion (CLI contracts)', () => {
  const dir = tempDir();
  const R = join(dir, 'R.csv');
  const lines = ['id,gender,residence,province'];
  let id = 0;
  for (const [g, r, n] of [['man', 'inside', 20], ['man', 'abroad', 30], ['woman', 'inside', 10], ['woman', 'abroad', 40]] as const) for (let i = 0; i < n; i++) lines.push(`${++id},${g},${r},${id % 3 ? 'kabul' : 'herat'}`);
  writeFileSync(R, lines.join('\n') + '\n');
  const T = join(dir, 'T.json');
  writeFileSync(T, JSON.stringify({ gender: { man: 0.5, woman: 0.5 }, residence: { inside: 0.8, abroad: 0.2 } }));

  test('rake: W.csv is R.csv with a weight column, weights average 1, margins meet the targets', () => {
    const W = join(dir, 'W.csv');
    const r = jirga(['inclusion', 'rake', '--respondents', R, '--targets', T, '--out', W]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /iterations: \d+/);
    assert.match(r.stdout, /largest margin error: /);
    assert.match(r.stdout, /effective sample size \(Kish\): [\d.]+ of 100/);
    const rows = parseCsv(readFileSync(W, 'utf8'));
    assert.deepEqual(rows[0], ['id', 'gender', 'residence', 'province', 'weight']);
    assert.deepEqual(rows.slice(1).map((x) => x.slice(0, 4)), parseCsv(readFileSync(R, 'utf8')).slice(1));
    const w = rows.slice(1).map((x) => Number(x[4]));
    close(w.reduce((a, b) => a + b, 0) / w.length, 1, 1e-9, 'mean');
    const share = (col: number, v: string) => rows.slice(1).reduce((a, x, i) => a + (x[col] === v ? w[i]! : 0), 0) / w.length;
    close(share(1, 'woman'), 0.5, 1e-6, 'women');
    close(share(2, 'inside'), 0.8, 1e-6, 'inside');
  });

  test('rake refuses unusable input with exit 2 and a reason', () => {
    const bad = (json: unknown) => {
      const f = join(dir, `t${Math.random()}.json`);
      writeFileSync(f, JSON.stringify(json));
      return jirga(['inclusion', 'rake', '--respondents', R, '--targets', f, '--out', join(dir, 'x.csv')]);
    };
    const expect = (r: ReturnType<typeof jirga>, re: RegExp) => {
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, re);
    };
    expect(bad({ gender: { man: 0.5, woman: 0.4 } }), /sum to 0\.9, not 1/);
    expect(bad({ gender: { man: 0.5, woman: 0.4, other: 0.1 } }), /"other" of "gender" is absent from the data/);
    expect(bad({ religion: { a: 1 } }), /no "religion" column/);
    expect(bad({ gender: { man: 'half' } }), /must be/);
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'id,gender\n1,man,extra\n');
    const r = jirga(['inclusion', 'rake', '--respondents', broken, '--targets', T, '--out', join(dir, 'y.csv')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /line 2: 3 fields where the header has 2/);
    writeFileSync(join(dir, 'notjson.json'), '{gender');
    expect(jirga(['inclusion', 'rake', '--respondents', R, '--targets', join(dir, 'notjson.json'), '--out', join(dir, 'z.csv')]), /not JSON/);
  });

  test('report: counts, shares, ratios, indices and suppressed cells as JSON', () => {
    const ref = join(dir, 'ref.json');
    writeFileSync(ref, JSON.stringify({ gender: { shares: { woman: 0.495, man: 0.505 }, source: 'UN WPP', note: 'estimate' }, province: { kabul: 0.6, herat: 0.3, balkh: 0.1 } }));
    const r = jirga(['inclusion', 'report', '--respondents', R, '--reference', ref, '--min-cell', '12']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.minCell, 12);
    assert.deepEqual(Object.keys(j.dimensions), ['gender', 'province'], "gender first (women's share shown first)");
    assert.deepEqual(j.dimensions.gender.counts, { woman: 50, man: 50 });
    close(j.dimensions.gender.ratios.woman, 0.5 / 0.495, 1e-12);
    close(j.dimensions.gender.gallagher, gallagher([0.5, 0.5], [0.495, 0.505]), 1e-12);
    assert.equal(j.dimensions.province.counts.balkh, 0, 'an empty category is published as 0');
    assert.ok(Array.isArray(j.suppressed));
    const low = jirga(['inclusion', 'report', '--respondents', R, '--reference', ref, '--min-cell', '5']);
    assert.equal(low.code, 2);
    assert.match(low.stderr, /--min-cell must be a whole number between 10/);
  });
});
