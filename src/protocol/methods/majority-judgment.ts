// Majority judgment as belenios-tool 2.0 counts it (`belenios-tool method
// majority-judgment`): each ballot gives every choice a grade from 1 (best) to G
// (worst); a ballot with a grade out of range is invalid (with --blank-allowed=true, an
// all-zero ballot is blank instead). Each choice's merit profile is the number of each
// grade it received; choices are ordered by their "median sequence": the (lower) median
// grade, then the median of the grades left once it is removed, and so on, compared
// lexicographically (a better median first). Choices with equal sequences are tied.
import type { JsonOut } from '../json.ts';
import { UnusableInput } from '../../kernel/errors.ts';
import { inferChoices, MAX_CHOICES, requireLength, type MethodBallot } from './input.ts';
import { ocamlArraySort } from './ocaml-sort.ts';

export interface MajorityJudgmentResult {
  /** raw[i][g]: how many valid ballots gave choice i the grade g+1 (its merit profile). */
  raw: number[][];
  valid: number;
  /** Blank ballots, only when blank ballots are allowed. */
  blank?: number;
  /** Invalid ballots as they were cast, the last one first (belenios-tool's order). */
  invalid: number[][];
  /** The ranking: the winners first; several choices in one entry are tied. */
  winners: number[][];
}

export interface MajorityJudgmentOptions {
  /** Number of choices; 0: the length of the first ballot. */
  nchoices: number;
  /** Number of grades, ≥ 1: grades are 1 (best) … ngrades (worst). */
  ngrades: number;
  blankAllowed: boolean;
}

/**
 * The median sequence of a merit profile, as grade indices (0 best): repeatedly take the
 * lower median of the grades that remain and remove it.
 */
export function medianSequence(profile: readonly number[]): number[] {
  const grades: number[] = [];
  profile.forEach((count, g) => {
    for (let k = 0; k < count; k++) grades.push(g);
  });
  const n = grades.length;
  if (n === 0) return [];
  // Once the first median is out, what remains is a run below it (p grades) and a run
  // above it (s grades) with p = s or p = s - 1, so each next median is the last of the
  // lower run or the first of the upper one: linear time instead of removing from an array.
  const first = Math.trunc((n + 1) / 2) - 1;
  const out = [grades[first]!];
  let p = first;
  let s = n - 1 - first;
  while (p + s > 0) {
    const m = Math.trunc((p + s + 1) / 2) - 1;
    if (m < p) out.push(grades[--p]!);
    else out.push(grades[n - s--]!);
  }
  return out;
}

/** Lexicographic comparison of two sequences of the same length (< 0: a is better). */
function compareSequences(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The ranking from the merit profiles: levels of tied choices, the best first. */
export function majorityJudgmentRanking(raw: readonly (readonly number[])[]): number[][] {
  const entries = raw.map((profile, choice) => ({ choice, seq: medianSequence(profile) }));
  // Belenios sorts with OCaml's (unstable) Array.sort: tied choices end up in the order
  // it leaves them, which we reproduce, then lists each tied group from its last to its first
  ocamlArraySort(entries, (x, y) => compareSequences(x.seq, y.seq));
  const levels: number[][] = [];
  let i = 0;
  while (i < entries.length) {
    const level = [entries[i]!.choice];
    let j = i + 1;
    while (j < entries.length && compareSequences(entries[i]!.seq, entries[j]!.seq) === 0) {
      level.unshift(entries[j]!.choice);
      j++;
    }
    levels.push(level);
    i = j;
  }
  return levels;
}

export function majorityJudgment(ballots: readonly MethodBallot[], options: MajorityJudgmentOptions): MajorityJudgmentResult {
  const n = inferChoices(options.nchoices, ballots);
  const { ngrades, blankAllowed } = options;
  if (!Number.isSafeInteger(ngrades) || ngrades < 1 || ngrades > MAX_CHOICES) throw new UnusableInput(`the number of grades must be a whole number between 1 and ${MAX_CHOICES}, not ${ngrades}`);
  requireLength(ballots, n);
  const raw = Array.from({ length: n }, () => new Array<number>(ngrades).fill(0));
  const invalid: number[][] = [];
  let valid = 0;
  let blank = 0;
  for (const ballot of ballots) {
    if (ballot.every((g) => g >= 1 && g <= ngrades)) {
      ballot.forEach((g, i) => raw[i]![g - 1]!++);
      valid++;
    } else if (blankAllowed && ballot.every((g) => g === 0)) {
      blank++;
    } else {
      invalid.unshift([...ballot]);
    }
  }
  return { raw, valid, blank: blankAllowed ? blank : undefined, invalid, winners: majorityJudgmentRanking(raw) };
}

/** belenios-tool's JSON (write with writeJson). */
export function majorityJudgmentJson(r: MajorityJudgmentResult): JsonOut {
  return { raw: r.raw, valid: r.valid, blank: r.blank, invalid: r.invalid, winners: r.winners };
}
