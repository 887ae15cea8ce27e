// The single transferable vote as belenios-tool 2.0 counts it (`belenios-tool method
// stv --nseats N`). A ballot ranks choices 1, 2, 3…; it stops at the first missing rank,
// and is invalid if a choice it numbers is left out that way (a duplicate or a gap);
// unnumbered choices are 0. The quota is floor(valid / (seats + 1)) + 1 (Droop). Each
// round gives every ballot, at its current weight, to its first remaining choice; if the
// strongest choice reaches the quota it is elected (one per round) and its ballots go on
// at weight × (score − quota) / score; otherwise the weakest choice is eliminated and its
// ballots go on at full weight. Ties are broken by question order (the earlier choice is
// elected, the later one eliminated) and logged (TieWin / TieLose). When no more choices
// remain than seats, they are all elected.
//
// Weights are IEEE doubles, as in Belenios: to reproduce its ties (a float equality), the
// sums are made in the same order, so the order of ballots below is deliberate.
import type { JsonOut } from '../json.ts';
import { UnusableInput } from '../../kernel/errors.ts';
import type { MethodBallot } from './input.ts';

/** An event of the count, as belenios-tool logs it. */
export type StvEvent =
  | { kind: 'Win'; choices: number[] }
  | { kind: 'Lose'; choice: number }
  | { kind: 'TieWin'; choices: [number, number] }
  | { kind: 'TieLose'; choices: [number, number] };

export interface StvResult {
  /** The valid ballots as preference lists (choice indices, best first), sorted. */
  ballots: number[][];
  /** The invalid ballots as they were cast, sorted (shorter first, then by their numbers). */
  invalid: number[][];
  events: StvEvent[];
  winners: number[];
}

/** One round of the count, for showing how it unfolded. */
export interface StvRound {
  /** Every choice still on some ballot, strongest first (ties: question order), with its votes. */
  tallies: { choice: number; votes: number }[];
  /** What the round decided. `elected-remaining`: no more choices left than seats. */
  outcome:
    | { kind: 'elected'; choice: number; surplus: number; transferValue: number }
    | { kind: 'eliminated'; choice: number }
    | { kind: 'elected-remaining'; choices: number[] };
  /** The choice the tie-break passed over when two had the same votes. */
  tiedWith?: number;
  /** What the next round's choices received from this round's transfer (not for elected-remaining). */
  transfers: { choice: number; votes: number }[];
  /** Vote weight that left the count in this round's transfer (ballots with no further choice). */
  exhausted: number;
}

export interface StvCount {
  nseats: number;
  valid: number;
  quota: number;
  rounds: StvRound[];
  winners: number[];
}

interface WeightedBallot {
  weight: number;
  prefs: number[];
}

/** A ballot in Belenios's numbering (rank per choice) → its preference list, or undefined if invalid. */
export function preferenceList(ballot: MethodBallot): number[] | undefined {
  // the first choice carrying each rank (a later one with the same rank is left out)
  const firstWithRank = new Map<number, number>();
  ballot.forEach((r, i) => {
    if (r >= 1 && !firstWithRank.has(r)) firstWithRank.set(r, i);
  });
  const prefs: number[] = [];
  const used = new Array<boolean>(ballot.length).fill(false);
  for (let rank = 1; firstWithRank.has(rank); rank++) {
    const i = firstWithRank.get(rank)!;
    used[i] = true;
    prefs.push(i);
  }
  return ballot.every((r, i) => used[i] || r === 0) ? prefs : undefined;
}

/** OCaml's structural order on int lists: lexicographic, a prefix first. */
function compareLists(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

/** OCaml's structural order on int arrays: the shorter first, then element by element. */
function compareArrays(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return a.length - b.length;
  return compareLists(a, b);
}

interface Tally {
  choice: number;
  votes: number;
  /** The ballots whose first remaining choice this is, in Belenios's order. */
  ballots: WeightedBallot[];
}

/** Assign each ballot to its first choice: every choice named anywhere has an entry. */
function tallyRound(ballots: readonly WeightedBallot[]): Tally[] {
  const piles = new Map<number, WeightedBallot[]>();
  for (const b of ballots) {
    if (b.prefs.length === 0) continue;
    for (const c of b.prefs) if (!piles.has(c)) piles.set(c, []);
    piles.get(b.prefs[0]!)!.push(b);
  }
  // each pile is summed from its last ballot to its first (Belenios prepends)
  const tallies = [...piles.entries()].map(([choice, pile]): Tally => {
    pile.reverse();
    let votes = 0;
    for (const b of pile) votes += b.weight;
    return { choice, votes, ballots: pile };
  });
  tallies.sort((x, y) => (x.votes !== y.votes ? (x.votes > y.votes ? -1 : 1) : x.choice - y.choice));
  return tallies;
}

/** The next round's ballots: `removed` struck out everywhere, its own ballots reweighted. */
function transfer(tallies: readonly Tally[], removed: number, factor: number): WeightedBallot[] {
  const next: WeightedBallot[] = [];
  for (const t of tallies) {
    for (const b of t.ballots) {
      next.push({ weight: t.choice === removed ? b.weight * factor : b.weight, prefs: b.prefs.filter((c) => c !== removed) });
    }
  }
  return next.reverse();
}

/** Run the count: Belenios's result and every round. */
function count(rawBallots: readonly MethodBallot[], nseats: number): { result: StvResult; count: StvCount } {
  if (!Number.isSafeInteger(nseats) || nseats < 1) throw new UnusableInput(`the number of seats must be a whole number ≥ 1, not ${nseats}`);
  const valid: number[][] = [];
  const invalid: number[][] = [];
  for (const b of rawBallots) {
    const prefs = preferenceList(b);
    if (prefs) valid.push(prefs);
    else invalid.push([...b]);
  }
  valid.sort(compareLists);
  invalid.sort(compareArrays);
  const quota = Math.floor(valid.length / (nseats + 1)) + 1;

  const events: StvEvent[] = [];
  const rounds: StvRound[] = [];
  let ballots: WeightedBallot[] = valid.map((prefs) => ({ weight: 1, prefs }));
  let seats = nseats;
  let tallies = tallyRound(ballots);
  while (seats > 0) {
    const shown = tallies.map(({ choice, votes }) => ({ choice, votes }));
    if (tallies.length <= seats) {
      const choices = tallies.map((t) => t.choice).sort((a, b) => a - b);
      events.push({ kind: 'Win', choices });
      rounds.push({ tallies: shown, outcome: { kind: 'elected-remaining', choices }, transfers: [], exhausted: 0 });
      break;
    }
    const top = tallies[0]!;
    let removed: number;
    let factor: number;
    let round: Omit<StvRound, 'transfers' | 'exhausted'>;
    if (top.votes >= quota) {
      const second = tallies[1];
      const tie = second !== undefined && second.votes === top.votes;
      if (tie) events.push({ kind: 'TieWin', choices: [top.choice, second.choice] });
      events.push({ kind: 'Win', choices: [top.choice] });
      removed = top.choice;
      factor = (top.votes - quota) / top.votes;
      round = { tallies: shown, outcome: { kind: 'elected', choice: top.choice, surplus: top.votes - quota, transferValue: factor }, ...(tie ? { tiedWith: second.choice } : {}) };
      seats--;
    } else {
      const last = tallies[tallies.length - 1]!;
      const before = tallies[tallies.length - 2];
      const tie = before !== undefined && before.votes === last.votes;
      if (tie) events.push({ kind: 'TieLose', choices: [last.choice, before.choice] });
      events.push({ kind: 'Lose', choice: last.choice });
      removed = last.choice;
      factor = 1;
      round = { tallies: shown, outcome: { kind: 'eliminated', choice: last.choice }, ...(tie ? { tiedWith: before.choice } : {}) };
    }
    ballots = transfer(tallies, removed, factor);
    // what moved: each remaining choice's votes in the next round (summed as that round
    // sums them), less its votes in this one; ballots left with no choice are exhausted
    const next = tallyRound(ballots);
    const after = new Map(next.map((t) => [t.choice, t.votes]));
    let exhausted = 0;
    for (const b of ballots) if (b.prefs.length === 0) exhausted += b.weight;
    const transfers = tallies
      .filter((t) => t.choice !== removed)
      .map((t) => ({ choice: t.choice, votes: (after.get(t.choice) ?? 0) - t.votes }))
      .filter((t) => t.votes !== 0);
    rounds.push({ ...round, transfers, exhausted });
    tallies = next;
  }
  const winners = events.flatMap((e) => (e.kind === 'Win' ? e.choices : []));
  // belenios-tool 2.0 stops with an assertion failure when fewer choices than seats are
  // elected although there were more choices than seats (choices that no valid ballot
  // ranks cannot be elected): it gives no result, and neither do we
  if (valid.length > 0) {
    const nchoices = rawBallots[0]!.length;
    const expected = Math.min(nchoices, nseats);
    if (winners.length !== expected) {
      throw new UnusableInput(
        `this count elects ${winners.length} choice(s) for ${expected} seat(s) (${nseats} seats, ${nchoices} choices on the first ballot): ` +
          'the valid ballots rank too few choices, or the ballots have different lengths; belenios-tool 2.0 gives no result for such a count, and neither does Jirga',
      );
    }
  } else if (winners.length !== 0) {
    throw new Error('STV: winners without valid ballots (cannot happen)');
  }
  return {
    result: { ballots: valid, invalid, events, winners },
    count: { nseats, valid: valid.length, quota, rounds, winners },
  };
}

export function stv(ballots: readonly MethodBallot[], nseats: number): StvResult {
  return count(ballots, nseats).result;
}

/** The count round by round (quota, votes, who is elected or eliminated, transfers), for display. */
export function stvRounds(ballots: readonly MethodBallot[], nseats: number): StvCount {
  return count(ballots, nseats).count;
}

function eventJson(e: StvEvent): JsonOut {
  return e.kind === 'Lose' ? ['Lose', e.choice] : [e.kind, e.choices];
}

/** belenios-tool's JSON (write with writeJson). */
export function stvJson(r: StvResult): JsonOut {
  return { ballots: r.ballots, invalid: r.invalid, events: r.events.map(eventJson), winners: r.winners };
}
