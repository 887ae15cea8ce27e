// What the result pages show of a count, derived from belenios-tool's result: for
// Schulze each pair's duel and strongest path (with the choices it goes through), for
// majority judgment each choice's merit profile and majority grade. (STV's rounds come
// from the count itself: stvRounds in stv.ts.)
import { compareBeats, type Beat, type SchulzeResult } from './schulze.ts';
import { medianSequence, type MajorityJudgmentResult } from './majority-judgment.ts';

export interface SchulzeDuel {
  from: number;
  to: number;
  /** Ballots ranking `from` above `to`, and the reverse. */
  votesFor: number;
  votesAgainst: number;
  /** The strongest path from `from` to `to` ([winning, losing] votes of its weakest link; [0, 0]: none). */
  strength: Beat;
  /** The choices the strongest path goes through, `from` first and `to` last; empty when there is none. */
  path: number[];
  /** Whether `from` is ranked above `to` by the strongest paths. */
  beats: boolean;
}

export interface SchulzeView {
  choices: number;
  valid: number;
  blank?: number;
  /** Every ordered pair of distinct choices. */
  duels: SchulzeDuel[];
  /** The ranking, levels of tied choices, the best first. */
  ranking: number[][];
}

export function schulzeView(result: SchulzeResult): SchulzeView {
  const { raw, beatpaths } = result;
  const n = raw.length;
  // widest paths again, remembering the first step of each, to name the choices on them
  const strength: Beat[][] = Array.from({ length: n }, () => Array.from({ length: n }, (): Beat => [0, 0]));
  const next: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(-1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (raw[i]![j]! > raw[j]![i]!) {
        strength[i]![j] = [raw[i]![j]!, raw[j]![i]!];
        next[i]![j] = j;
      }
    }
  }
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j || next[i]![k] === -1 || next[k]![j] === -1) continue;
        const via: Beat = compareBeats(strength[i]![k]!, strength[k]![j]!) > 0 ? strength[k]![j]! : strength[i]![k]!;
        if (compareBeats(via, strength[i]![j]!) > 0) {
          strength[i]![j] = via;
          next[i]![j] = next[i]![k]!;
        }
      }
    }
  }
  const pathOf = (i: number, j: number): number[] => {
    if (next[i]![j] === -1) return [];
    const path = [i];
    for (let c = i; c !== j && path.length <= n; ) {
      c = next[c]![j]!;
      path.push(c);
    }
    return path;
  };
  const duels: SchulzeDuel[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      duels.push({
        from: i,
        to: j,
        votesFor: raw[i]![j]!,
        votesAgainst: raw[j]![i]!,
        strength: beatpaths[i]![j]!,
        path: pathOf(i, j),
        beats: compareBeats(beatpaths[i]![j]!, beatpaths[j]![i]!) > 0,
      });
    }
  }
  return { choices: n, valid: result.valid, ...(result.blank !== undefined ? { blank: result.blank } : {}), duels, ranking: result.winners };
}

export interface MeritProfile {
  choice: number;
  /** profile[g]: ballots giving grade g + 1 (1 best). */
  profile: number[];
  /** The majority grade (the lower median), 1 best; undefined without valid ballots. */
  majorityGrade?: number;
  /** Ballots grading the choice better than its majority grade, and worse. */
  better: number;
  worse: number;
  /** Position in the ranking (1: first; tied choices share it). */
  rank: number;
}

export interface MajorityJudgmentView {
  valid: number;
  blank?: number;
  invalid: number;
  /** One per choice, in question order. */
  profiles: MeritProfile[];
  ranking: number[][];
}

export function majorityJudgmentView(result: MajorityJudgmentResult): MajorityJudgmentView {
  const rankOf = new Map<number, number>();
  let position = 1;
  for (const level of result.winners) {
    for (const c of level) rankOf.set(c, position);
    position += level.length;
  }
  const profiles = result.raw.map((profile, choice): MeritProfile => {
    const median = medianSequence(profile)[0];
    const better = median === undefined ? 0 : profile.slice(0, median).reduce((s, x) => s + x, 0);
    const worse = median === undefined ? 0 : profile.slice(median + 1).reduce((s, x) => s + x, 0);
    return { choice, profile: [...profile], ...(median !== undefined ? { majorityGrade: median + 1 } : {}), better, worse, rank: rankOf.get(choice)! };
  });
  return { valid: result.valid, ...(result.blank !== undefined ? { blank: result.blank } : {}), invalid: result.invalid.length, profiles, ranking: result.winners };
}
