// The Schulze method as belenios-tool 2.0 counts it (`belenios-tool method schulze`):
// ballots are rankings (1 best; 0 = not ranked, below every ranked choice; equal ranks
// are ties), the strength of a beat is the pair (winning votes, losing votes), compared
// on winning votes and then on fewer losing votes; strongest paths by Floyd–Warshall in
// the (max, min) semiring; the ranking lists, level after level, the choices no
// remaining choice beats (several at one level are tied, in question order).
import type { JsonOut } from '../json.ts';
import { inferChoices, requireLength, type MethodBallot } from './input.ts';

/** A beat's strength: [votes for, votes against]; [0, 0] when there is none. */
export type Beat = readonly [number, number];

/** The result, with belenios-tool's fields in its order. */
export interface SchulzeResult {
  /** Ballots counted (with --blank-allowed=true: all but the blank ones). */
  valid: number;
  /** Blank ballots (all zeros), only when blank ballots are allowed. */
  blank?: number;
  /** raw[i][j]: ballots that rank choice i above choice j (the pairwise matrix). */
  raw: number[][];
  /** beatpaths[i][j]: the strength of the strongest path from i to j. */
  beatpaths: Beat[][];
  /** The ranking: the winners first; several choices in one entry are tied. */
  winners: number[][];
}

export interface SchulzeOptions {
  /** Number of choices; 0: the length of the first ballot. */
  nchoices: number;
  /** Whether an all-zero ballot is blank (set aside) rather than a ballot that ranks nothing. */
  blankAllowed: boolean;
}

/** > 0 when beat a is stronger than b. */
export function compareBeats(a: Beat, b: Beat): number {
  if (a[0] !== b[0]) return a[0] > b[0] ? 1 : -1;
  if (a[1] !== b[1]) return a[1] < b[1] ? 1 : -1;
  return 0;
}

const weaker = (a: Beat, b: Beat): Beat => (compareBeats(a, b) > 0 ? b : a);
const stronger = (a: Beat, b: Beat): Beat => (compareBeats(a, b) > 0 ? a : b);

/** The pairwise matrix: how many ballots rank i above j. */
export function pairwiseMatrix(n: number, ballots: readonly MethodBallot[]): number[][] {
  const raw = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const ballot of ballots) {
    // an unranked choice (0) comes after every ranked one
    const rank = ballot.map((r) => (r === 0 ? Infinity : r));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (rank[i]! < rank[j]!) raw[i]![j]!++;
        else if (rank[j]! < rank[i]!) raw[j]![i]!++;
      }
    }
  }
  return raw;
}

/** Strongest paths: direct beats first (the larger side of each pair), then widest paths. */
export function strongestPaths(raw: readonly (readonly number[])[]): Beat[][] {
  const n = raw.length;
  const p: Beat[][] = Array.from({ length: n }, () => Array.from({ length: n }, (): Beat => [0, 0]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = raw[i]![j]!;
      const y = raw[j]![i]!;
      if (x > y) p[i]![j] = [x, y];
      else if (y > x) p[j]![i] = [y, x];
    }
  }
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        p[i]![j] = stronger(p[i]![j]!, weaker(p[i]![k]!, p[k]![j]!));
      }
    }
  }
  return p;
}

/** Levels of the ranking: at each level, the remaining choices that no remaining choice beats. */
export function schulzeRanking(paths: readonly (readonly Beat[])[]): number[][] {
  const n = paths.length;
  const ranked = new Array<boolean>(n).fill(false);
  const levels: number[][] = [];
  let count = 0;
  while (count < n) {
    const level: number[] = [];
    for (let i = 0; i < n; i++) {
      if (ranked[i]) continue;
      let beaten = false;
      for (let j = 0; j < n && !beaten; j++) {
        if (!ranked[j] && compareBeats(paths[j]![i]!, paths[i]![j]!) > 0) beaten = true;
      }
      if (!beaten) level.push(i);
    }
    // Schulze's relation has no cycle, so a level is never empty; guard all the same
    if (level.length === 0) throw new Error('Schulze ranking: no unbeaten choice (cannot happen)');
    for (const i of level) ranked[i] = true;
    count += level.length;
    levels.push(level);
  }
  return levels;
}

export function schulze(ballots: readonly MethodBallot[], options: SchulzeOptions): SchulzeResult {
  const n = inferChoices(options.nchoices, ballots);
  requireLength(ballots, n);
  let counted: readonly MethodBallot[] = ballots;
  let blank: number | undefined;
  if (options.blankAllowed) {
    counted = ballots.filter((b) => b.some((r) => r !== 0));
    blank = ballots.length - counted.length;
  }
  const raw = pairwiseMatrix(n, counted);
  const beatpaths = strongestPaths(raw);
  return { valid: counted.length, blank, raw, beatpaths, winners: schulzeRanking(beatpaths) };
}

/** belenios-tool's JSON (write with writeJson). */
export function schulzeJson(r: SchulzeResult): JsonOut {
  return { valid: r.valid, blank: r.blank, raw: r.raw, beatpaths: r.beatpaths, winners: r.winners };
}
