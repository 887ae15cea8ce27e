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
      // ballots of different lengths (STV reads each as it is): invalid ones sorted shorter first
      { method: 'stv', ballots: [[1, 2, 3], [2, 2], [1, 1, 3], [3, 1, 2], [0, 0], [1, 3, 3, 2], [0], [1, 3, 2, 4, 5]], nseats: 1 },
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
    assert.ok(seen.tieWin >= 1 && seen.tieLose >= 10, `STV ties: ${seen.tieWin} TieWin, ${seen.tieLose} TieLose`);
    assert.ok(seen.transfers >= 10, `${seen.transfers} STV counts went on after a surplus`);
  });
});

// ------------------------------------------------------------------ views of a count

describe('how a count unfolded (for the result pages)', () => {
  test('STV rounds by hand: a surplus at 1/2, one at 1/3 that exhausts, an elimination, the last seat', () => {
    const ballots = [...Array(8).fill([1, 2, 0, 0]), ...Array(2).fill([0, 1, 0, 0]), ...Array(3).fill([0, 0, 1, 0]), [0, 0, 2, 1]];
    const count = stvRounds(ballots, 3);
    assert.equal(count.quota, 4);
    assert.equal(count.valid, 14);
    assert.deepEqual(count.winners, [0, 1, 2]);
    const [r1, r2, r3, r4, ...more] = count.rounds;
    assert.equal(more.length, 0);
    assert.deepEqual(r1, { tallies: [{ choice: 0, votes: 8 }, { choice: 2, votes: 3 }, { choice: 1, votes: 2 }, { choice: 3, votes: 1 }], outcome: { kind: 'elected', choice: 0, surplus: 4, transferValue: 0.5 }, transfers: [{ choice: 1, votes: 4 }], exhausted: 0 });
    assert.deepEqual(r2!.tallies, [{ choice: 1, votes: 6 }, { choice: 2, votes: 3 }, { choice: 3, votes: 1 }]);
    assert.deepEqual(r2!.outcome, { kind: 'elected', choice: 1, surplus: 2, transferValue: 2 / 6 });
    assert.deepEqual(r2!.transfers, []);
    assert.ok(Math.abs(r2!.exhausted - 2) < 1e-12, `exhausted ${r2!.exhausted}`);
    assert.deepEqual(r3, { tallies: [{ choice: 2, votes: 3 }, { choice: 3, votes: 1 }], outcome: { kind: 'eliminated', choice: 3 }, transfers: [{ choice: 2, votes: 1 }], exhausted: 0 });
    assert.deepEqual(r4, { tallies: [{ choice: 2, votes: 4 }], outcome: { kind: 'elected-remaining', choices: [2] }, transfers: [], exhausted: 0 });
    // and belenios-tool logs the same count
    agree({ method: 'stv', ballots, nseats: 3 });
  });

  test('STV rounds tell the same story as the event log, and no vote is lost between rounds', () => {
    assertProperty(
      fc.property(stvCase, (c) => {
        let count;
        try {
          count = stvRounds(c.ballots, c.nseats!);
        } catch (e) {
          if (e instanceof UnusableInput) return;
          throw e;
        }
        const { events, winners } = stv(c.ballots, c.nseats!);
        const fromRounds = count.rounds.flatMap((r) => {
          const o = r.outcome;
          if (o.kind === 'elected-remaining') return [{ kind: 'Win', choices: o.choices }];
          const tie = r.tiedWith === undefined ? [] : [{ kind: o.kind === 'elected' ? 'TieWin' : 'TieLose', choices: [o.choice, r.tiedWith] }];
          return [...tie, o.kind === 'elected' ? { kind: 'Win', choices: [o.choice] } : { kind: 'Lose', choice: o.choice }];
        });
        assert.deepEqual(fromRounds, events);
        assert.deepEqual(count.winners, winners);
        count.rounds.forEach((r, i) => {
          const next = count.rounds[i + 1];
          if (!next) return;
          const total = (t: typeof r.tallies) => t.reduce((s, x) => s + x.votes, 0);
          const retained = r.outcome.kind === 'elected' ? count.quota : 0;
          assert.ok(Math.abs(total(next.tallies) - (total(r.tallies) - retained - r.exhausted)) < 1e-9, `round ${i + 1}: votes lost`);
          const removed = r.outcome.kind === 'elected-remaining' ? -1 : r.outcome.choice;
          const removedVotes = r.tallies.find((t) => t.choice === removed)!.votes;
          const moved = r.transfers.reduce((s, t) => s + t.votes, 0);
          assert.ok(Math.abs(moved + r.exhausted - (removedVotes - retained)) < 1e-9, `round ${i + 1}: transfers do not add up`);
        });
      }),
      150,
      fixedSeed(19_05),
    );
  });

  test('Schulze: each duel, its strongest path and the choices on it', () => {
    const ballots = [...Array(5).fill([1, 2, 3]), ...Array(4).fill([3, 1, 2]), ...Array(3).fill([2, 3, 1])];
    const view = schulzeView(schulze(ballots, { nchoices: 0, blankAllowed: false }));
    const duel = (from: number, to: number) => view.duels.find((d) => d.from === from && d.to === to)!;
    // 0 beats 1 by 8 to 4; 1 beats 2 by 9 to 3; 2 beats 0 by 7 to 5
    assert.deepEqual(duel(0, 1), { from: 0, to: 1, votesFor: 8, votesAgainst: 4, strength: [8, 4], path: [0, 1], beats: true });
    assert.deepEqual(duel(2, 1), { from: 2, to: 1, votesFor: 3, votesAgainst: 9, strength: [7, 5], path: [2, 0, 1], beats: false });
    assert.deepEqual(duel(0, 2), { from: 0, to: 2, votesFor: 5, votesAgainst: 7, strength: [8, 4], path: [0, 1, 2], beats: true });
    assert.deepEqual(view.ranking, [[0], [1], [2]]);
    assert.equal(view.duels.length, 6);
  });

  test('Schulze: every path shown is a path of that strength, and a choice beaten is ranked below', () => {
    assertProperty(
      fc.property(schulzeCase, (c) => {
        const result = schulze(c.ballots, { nchoices: c.nchoices!, blankAllowed: c.blankAllowed! });
        const view = schulzeView(result);
        const level = new Map(result.winners.flatMap((l, i) => l.map((x) => [x, i] as const)));
        for (const d of view.duels) {
          if (d.path.length === 0) {
            assert.deepEqual(d.strength, [0, 0]);
          } else {
            assert.equal(d.path[0], d.from);
            assert.equal(d.path.at(-1), d.to);
            let weakest: [number, number] | undefined;
            for (let k = 0; k + 1 < d.path.length; k++) {
              const [a, b] = [d.path[k]!, d.path[k + 1]!];
              const link: [number, number] = [result.raw[a]![b]!, result.raw[b]![a]!];
              assert.ok(link[0] > link[1], 'each step of a path is a direct win');
              if (!weakest || link[0] < weakest[0] || (link[0] === weakest[0] && link[1] > weakest[1])) weakest = link;
            }
            assert.deepEqual(weakest, d.strength);
          }
          // a choice ranked at one level is beaten by none of the choices left (a choice can
          // be ranked above another it does not beat: the other was beaten by a third)
          if (d.beats) assert.ok(level.get(d.from)! < level.get(d.to)!, `${d.from} beats ${d.to} but is not ranked above it`);
        }
      }),
      150,
      fixedSeed(19_06),
    );
  });

  test('majority judgment: merit profiles, majority grades, ranks', () => {
    // choice 0: grades 1,2,2,3 -> majority grade 2 (lower median), 1 better, 1 worse
    const result = majorityJudgment([[1, 3, 2], [2, 2, 2], [2, 1, 2], [3, 1, 1], [0, 0, 0]], { nchoices: 0, ngrades: 3, blankAllowed: true });
    const view = majorityJudgmentView(result);
    assert.equal(view.valid, 4);
    assert.equal(view.blank, 1);
    assert.deepEqual(view.profiles[0], { choice: 0, profile: [1, 2, 1], majorityGrade: 2, better: 1, worse: 1, rank: view.profiles[0]!.rank });
    assert.deepEqual(view.profiles[1], { choice: 1, profile: [2, 1, 1], majorityGrade: 1, better: 0, worse: 2, rank: 1 });
    assert.deepEqual(medianSequence([1, 2, 1]), [1, 1, 0, 2]);
    assert.deepEqual(view.ranking, result.winners);
    const empty = majorityJudgmentView(majorityJudgment([], { nchoices: 2, ngrades: 3, blankAllowed: false }));
    assert.deepEqual(empty.profiles.map((p) => [p.majorityGrade, p.rank]), [[undefined, 1], [undefined, 1]]);
  });
});

describe('OCaml-compatible sort', () => {
  test('sorts like any sort (the order of equal elements is what OCaml leaves)', () => {
    assertProperty(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 60 }), (xs) => {
        const a = [...xs];
        ocamlArraySort(a, (x, y) => x - y);
        assert.deepEqual(a, [...xs].sort((x, y) => x - y));
      }),
      300,
      fixedSeed(19_07),
    );
  });
});

describe('bad ballots: a clear message, never a result', () => {
  const refused = (text: string, message: RegExp) => assert.throws(() => parseMethodBallots(text), (e: unknown) => e instanceof UnusableInput && message.test(e.message));
  test('not JSON, not an array of arrays of whole numbers', () => {
    refused('[[1,2]', /the ballots is not valid JSON/);
    refused('{"a":1}', /expected an array of ballots, each an array of whole numbers.*found an object/);
    refused('[[1,2],3]', /\[1\]: expected a ballot \(an array of whole numbers\), found number 3/);
    refused('[[1,"2"]]', /\[0\]\[1\]: expected a whole number, found "2"/);
    refused('[[1,2.5]]', /\[0\]\[1\]: expected a whole number between/);
    refused('[[1,2.0]]', /whole numbers written without a decimal point or exponent/);
    refused('[[1,1e0]]', /whole numbers written without a decimal point or exponent/);
    refused('[[1,12345678901234567890]]', /expected a whole number between/);
    refused('[[null]]', /expected a whole number, found null/);
    assert.deepEqual(parseMethodBallots(' [ [1, -0, 2] ]\n'), [[1, 0, 2]]);
  });
  test('options and lengths the methods cannot use', () => {
    const unusable = (f: () => unknown, message: RegExp) => assert.throws(f, (e: unknown) => e instanceof UnusableInput && message.test(e.message));
    unusable(() => schulze([], { nchoices: 0, blankAllowed: true }), /cannot be inferred.*give --nchoices/);
    unusable(() => schulze([[1, 2], [1, 2, 3]], { nchoices: 0, blankAllowed: true }), /ballot 2 has 3 numbers, but there are 2 choices/);
    unusable(() => majorityJudgment([[1]], { nchoices: 0, ngrades: 0, blankAllowed: true }), /number of grades must be a whole number between 1 and 1000/);
    unusable(() => schulze([], { nchoices: 1001, blankAllowed: true }), /1001 choices: at most 1000 can be counted/);
    unusable(() => stv([[1]], 0), /number of seats must be a whole number ≥ 1/);
    unusable(() => stv([[1, 0, 0]], 2), /elects 1 choice\(s\) for 2 seat\(s\).*belenios-tool 2\.0 gives no result/);
  });
});
