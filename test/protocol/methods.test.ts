// Belenios's counting methods (src/protocol/methods) against belenios-tool 2.0 itself:
// `belenios-tool method schulze | majority-judgment | stv` is run on each input and its
// output must be ours byte for byte — hand-written cases (ties, blank ballots, no ballot,
// one choice, everything tied, more seats than choices) and generated ones (small ranges
// of numbers, so that ties are frequent). When belenios-tool refuses an input, ours must
// refuse it too (with a clear message, not a result). ~10 ms per belenios-tool run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { UnusableInput } from '../../src/kernel/errors.ts';
import { writeJson } from '../../src/protocol/json.ts';
import {
  majorityJudgment,
  majorityJudgmentJson,
  majorityJudgmentView,
  medianSequence,
  parseMethodBallots,
  schulze,
  schulzeJson,
  schulzeView,
  stv,
  stvJson,
  stvRounds,
} from '../../src/protocol/methods/index.ts';
import { ocamlArraySort } from '../../src/protocol/methods/ocaml-sort.ts';
import { belenios } from '../helpers/tools.ts';
import { assertProperty, fixedSeed } from '../helpers/property.ts';

type Method = 'schulze' | 'majority-judgment' | 'stv';
interface Case {
  method: Method;
  ballots: number[][];
  blankAllowed?: boolean;
  nchoices?: number;
  ngrades?: number;
  nseats?: number;
}

function toolArgs(c: Case): string[] {
  const args = ['method', c.method];
  if (c.blankAllowed !== undefined) args.push(`--blank-allowed=${c.blankAllowed}`);
  if (c.nchoices !== undefined) args.push(`--nchoices=${c.nchoices}`);
  if (c.ngrades !== undefined) args.push(`--ngrades=${c.ngrades}`);
  if (c.nseats !== undefined) args.push(`--nseats=${c.nseats}`);
  return args;
}

/** Our output as the CLI prints it, or the error's message. */
function ours(c: Case): { ok: true; out: string } | { ok: false; message: string } {
  try {
    const ballots = parseMethodBallots(JSON.stringify(c.ballots));
    const json =
      c.method === 'schulze'
        ? schulzeJson(schulze(ballots, { nchoices: c.nchoices ?? 0, blankAllowed: c.blankAllowed! }))
        : c.method === 'majority-judgment'
          ? majorityJudgmentJson(majorityJudgment(ballots, { nchoices: c.nchoices ?? 0, ngrades: c.ngrades!, blankAllowed: c.blankAllowed! }))
          : stvJson(stv(ballots, c.nseats!));
    return { ok: true, out: writeJson(json) + '\n' };
  } catch (e) {
    if (e instanceof UnusableInput) return { ok: false, message: e.message };
    throw e;
  }
}

/** What the generated cases covered, so that a generator that stopped making ties shows. */
const seen = { runs: 0, refused: 0, tiedLevels: { schulze: 0, 'majority-judgment': 0 }, tieWin: 0, tieLose: 0, transfers: 0 };
/** Same bytes as belenios-tool, or both refuse. */
function agree(c: Case): void {
  seen.runs++;
  const ref = belenios(toolArgs(c), { input: JSON.stringify(c.ballots) });
  if (ref.code !== 0) seen.refused++;
  else if (c.method === 'stv') {
    seen.tieWin += (ref.stdout.match(/"TieWin"/g) ?? []).length;
    seen.tieLose += (ref.stdout.match(/"TieLose"/g) ?? []).length;
    if (/"Win",\[\d+\]\],\["(Win|Lose|TieWin|TieLose)"/.test(ref.stdout)) seen.transfers++;
  } else if ((JSON.parse(ref.stdout) as { winners: number[][] }).winners.some((l) => l.length > 1)) seen.tiedLevels[c.method]++;
  const mine = ours(c);
  const where = `belenios-tool ${toolArgs(c).join(' ')} <<< '${JSON.stringify(c.ballots)}'`;
  if (ref.code === 0) {
    assert.ok(mine.ok, `${where}: belenios-tool gives ${ref.stdout.trim()}, Jirga refuses: ${mine.ok ? '' : mine.message}`);
    assert.equal(mine.out, ref.stdout, where);
  } else {
    assert.ok(!mine.ok, `${where}: belenios-tool refuses (${ref.stderr.trim()}), Jirga gives ${mine.ok ? mine.out : ''}`);
  }
}

describe('counting methods: hand-written cases, byte for byte as belenios-tool 2.0', () => {
  const rankings = [[1, 2, 3, 4], [2, 1, 4, 3], [1, 3, 2, 0], [0, 0, 0, 0], [4, 3, 2, 1], [1, 1, 2, 2], [3, 1, 2, 4], [2, 3, 1, 4]];
  test('Schulze', () => {
    const cases: Case[] = [
      { method: 'schulze', ballots: rankings, blankAllowed: true },
      { method: 'schulze', ballots: rankings, blankAllowed: false },
      // a Condorcet cycle A > B > C > A with different strengths (the diagonal of the paths fills)
      { method: 'schulze', ballots: [...Array(5).fill([1, 2, 3]), ...Array(4).fill([3, 1, 2]), ...Array(3).fill([2, 3, 1])], blankAllowed: false },
      // a perfect cycle: everything tied
      { method: 'schulze', ballots: [[1, 2, 3], [3, 1, 2], [2, 3, 1]], blankAllowed: false },
      { method: 'schulze', ballots: [], blankAllowed: true, nchoices: 3 },
      { method: 'schulze', ballots: [], blankAllowed: false, nchoices: 1 },
      { method: 'schulze', ballots: [[1], [0], [0]], blankAllowed: true },
      { method: 'schulze', ballots: [[0, 0, 0], [0, 0, 0]], blankAllowed: true },
      { method: 'schulze', ballots: [[0, 0, 0], [0, 0, 0]], blankAllowed: false },
      { method: 'schulze', ballots: [[1, 1, 1, 1, 1]], blankAllowed: false },
      // negative and large ranks are read as belenios-tool reads them (as numbers)
      { method: 'schulze', ballots: [[-1, 2, 7], [5, 5, 0]], blankAllowed: false, nchoices: 3 },
      // refused by both: no ballot to infer the choices from, lengths that differ
      { method: 'schulze', ballots: [], blankAllowed: true },
      { method: 'schulze', ballots: [[1, 2], [1, 2, 3]], blankAllowed: false },
      { method: 'schulze', ballots: [[1, 2]], blankAllowed: false, nchoices: 3 },
    ];
    for (const c of cases) agree(c);
  });

  test('majority judgment', () => {
    const cases: Case[] = [
      { method: 'majority-judgment', ballots: [[1, 2, 1, 3, 2], [2, 2, 1, 3, 1], [1, 3, 2, 1, 2], [3, 1, 1, 2, 2]], blankAllowed: false, ngrades: 3 },
      { method: 'majority-judgment', ballots: [[1, 2], [2, 1], [0, 0], [3, 1], [0, 1]], blankAllowed: true, ngrades: 2 },
      { method: 'majority-judgment', ballots: [[1, 2], [2, 1], [0, 0], [3, 1], [0, 1]], blankAllowed: false, ngrades: 2 },
      // no ballot: every choice tied, listed in the order OCaml's heap sort leaves them
      { method: 'majority-judgment', ballots: [], blankAllowed: false, ngrades: 3, nchoices: 7 },
      { method: 'majority-judgment', ballots: [], blankAllowed: true, ngrades: 1, nchoices: 12 },
      { method: 'majority-judgment', ballots: Array(6).fill([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]), blankAllowed: false, ngrades: 4 },
      { method: 'majority-judgment', ballots: [[1], [2], [3], [0]], blankAllowed: true, ngrades: 3 },
      // equal majority grades, decided further down the median sequence
      { method: 'majority-judgment', ballots: [[1, 2, 2], [2, 2, 3], [3, 2, 1], [2, 1, 2]], blankAllowed: false, ngrades: 3 },
      { method: 'majority-judgment', ballots: [[1, 2]], blankAllowed: false, ngrades: 2, nchoices: 3 },
      { method: 'majority-judgment', ballots: [], blankAllowed: false, ngrades: 2 },
    ];
    for (const c of cases) agree(c);
  });

  test('STV', () => {
    const cases: Case[] = [
      { method: 'stv', ballots: [[1, 2, 3], [2, 1, 3], [1, 0, 0], [1, 1, 2]], nseats: 2 },
      { method: 'stv', ballots: [], nseats: 2 },
      // more seats than choices, as many seats as choices
      { method: 'stv', ballots: [[1, 2, 3], [3, 2, 1], [2, 1, 3]], nseats: 5 },
      { method: 'stv', ballots: [[1, 2, 3], [3, 2, 1], [2, 1, 3]], nseats: 3 },
      { method: 'stv', ballots: [[1], [1], [1]], nseats: 1 },
      // ties at the top and at the bottom (TieWin, TieLose)
      { method: 'stv', ballots: [[1, 2, 3, 4], [2, 1, 3, 4], [1, 2, 3, 4], [2, 1, 3, 4], [3, 4, 1, 2], [4, 3, 2, 1]], nseats: 2 },
      { method: 'stv', ballots: [[1, 2, 3, 4], [2, 1, 4, 3], [3, 4, 1, 2], [4, 3, 2, 1]], nseats: 1 },
      // surpluses with fractional weights, several transfers
      {
        method: 'stv',
        ballots: [...Array(7).fill([1, 2, 3, 4, 5]), ...Array(4).fill([2, 1, 0, 0, 3]), ...Array(3).fill([0, 3, 1, 2, 0]), ...Array(2).fill([3, 0, 2, 1, 0]), [0, 0, 0, 2, 1], [5, 4, 3, 2, 1]],
        nseats: 3,
      },
      // invalid ballots (a duplicate rank, a gap), empty ballots, sorted as Belenios sorts them
      { method: 'stv', ballots: [[1, 1, 2, 3], [2, 3, 4, 1], [0, 0, 0, 0], [2, 0, 0, 3], [1, 2, 0, 0], [0, 1, 0, 0]], nseats: 2 },
      // belenios-tool stops when the valid ballots name fewer choices than seats to fill: both refuse
      { method: 'stv', ballots: [[1, 0, 0]], nseats: 2 },
      { method: 'stv', ballots: [[1, 1, 2, 3], [2, 2], [1, 1, 3], [0, 0], [2, 3]], nseats: 1 },
    ];
    for (const c of cases) agree(c);
  });
});

// ------------------------------------------------------------------ generated inputs

const smallRanking = (n: number, max: number) => fc.array(fc.integer({ min: 0, max }), { minLength: n, maxLength: n });

const schulzeCase: fc.Arbitrary<Case> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    method: fc.constant<Method>('schulze'),
    ballots: fc.array(fc.oneof(smallRanking(n, n), fc.constant(new Array<number>(n).fill(0))), { maxLength: 14 }),
    blankAllowed: fc.boolean(),
    nchoices: fc.constantFrom(0, n),
  }).map((c) => (c.ballots.length === 0 ? { ...c, nchoices: n } : c)),
);

const mjCase: fc.Arbitrary<Case> = fc.record({ n: fc.integer({ min: 1, max: 7 }), g: fc.integer({ min: 1, max: 5 }) }).chain(({ n, g }) =>
  fc.record({
    method: fc.constant<Method>('majority-judgment'),
    ballots: fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.array(fc.integer({ min: 1, max: g }), { minLength: n, maxLength: n }) },
        { weight: 1, arbitrary: smallRanking(n, g + 1) },
        { weight: 1, arbitrary: fc.constant(new Array<number>(n).fill(0)) },
      ),
      { maxLength: 16 },
    ),
    blankAllowed: fc.boolean(),
    ngrades: fc.constant(g),
    nchoices: fc.constantFrom(0, n),
  }).map((c) => (c.ballots.length === 0 ? { ...c, nchoices: n } : c)),
);

/** A ranking of some of the n choices (1..k on k of them, 0 elsewhere). */
const partialRanking = (n: number) =>
  fc.tuple(fc.shuffledSubarray([...Array(n).keys()], { minLength: 0, maxLength: n })).map(([order]) => {
    const b = new Array<number>(n).fill(0);
    order.forEach((c, r) => (b[c] = r + 1));
    return b;
  });

const stvCase: fc.Arbitrary<Case> = fc.record({ n: fc.integer({ min: 1, max: 6 }), seats: fc.integer({ min: 1, max: 7 }) }).chain(({ n, seats }) =>
  fc.record({
    method: fc.constant<Method>('stv'),
    ballots: fc.array(
      fc.oneof(
        { weight: 10, arbitrary: partialRanking(n) },
        { weight: 1, arbitrary: smallRanking(n, n) },
        { weight: 1, arbitrary: partialRanking(Math.max(1, n - 1)) },
      ),
      { maxLength: 30 },
    ),
    nseats: fc.constant(seats),
  }),
);

describe('counting methods: generated inputs, byte for byte as belenios-tool 2.0', () => {
  test('Schulze (120 cases)', () => assertProperty(fc.property(schulzeCase, (c) => agree(c)), 120, fixedSeed(19_01)));
  test('majority judgment (120 cases)', () => assertProperty(fc.property(mjCase, (c) => agree(c)), 120, fixedSeed(19_02)));
  test('STV (200 cases)', () => assertProperty(fc.property(stvCase, (c) => agree(c)), 200, fixedSeed(19_03)));
  test('STV with many ballots and few choices: fractional transfers and float ties (60 cases)', () => {
    const many = fc.record({ n: fc.integer({ min: 2, max: 5 }), seats: fc.integer({ min: 1, max: 4 }) }).chain(({ n, seats }) =>
      fc.record({ method: fc.constant<Method>('stv'), ballots: fc.array(partialRanking(n), { minLength: 1, maxLength: 120 }), nseats: fc.constant(seats) }),
    );
    assertProperty(fc.property(many, (c) => agree(c)), 60, fixedSeed(19_04));
  });
  test('the generated cases had ties, refusals and transfers', () => {
    assert.ok(seen.runs >= 500, `${seen.runs} runs of belenios-tool`);
    assert.ok(seen.refused >= 5, `belenios-tool refused ${seen.refused} inputs`);
    assert.ok(seen.tiedLevels.schulze >= 10 && seen.tiedLevels['majority-judgment'] >= 10, `tied levels: ${JSON.stringify(seen.tiedLevels)}`);
    assert.ok(seen.tieWin >= 3 && seen.tieLose >= 10, `STV ties: ${seen.tieWin} TieWin, ${seen.tieLose} TieLose`);
    assert.ok(seen.transfers >= 10, `${seen.transfers} STV counts went on after a surplus`);
  });
});
