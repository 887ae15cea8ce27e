// The count of a ranked or graded question (a non-homomorphic question in Belenios) for
// the result page: which method counts it (read from the question's "extra", as
// Belenios's own forms write it), the count itself (the very functions of
// src/protocol/methods that `jirga method` and the verifier run), and the shapes the
// pages draw from it. Plain functions, no components: test/web/nh-results.test.ts.
import { majorityJudgment, majorityJudgmentView, questionMethod, schulze, schulzeView, stvRounds, type MajorityJudgmentView, type SchulzeView, type StvCount } from '../../../../../src/protocol/methods/index.ts';
import { decodeTranslations } from '../../../../../src/kernel/texts.ts';
import type { QuestionNH } from '../../../../../src/protocol/codec.ts';

/** A text in one to three languages (as the election page's texts are). */
export type NhText = ReturnType<typeof decodeTranslations>;

/** How a question is counted, with the options its method needs. */
export type NhMethod =
  | { kind: 'schulze'; blank: boolean }
  | { kind: 'stv'; seats: number }
  | { kind: 'majority-judgment'; grades: NhText[]; blank: boolean };

/** The method of a non-homomorphic question (src/protocol/methods/question-method.ts reads its "extra"), its grades decoded; undefined when it names none we count. */
export function methodOf(question: Pick<QuestionNH, 'extra'>): NhMethod | undefined {
  const m = questionMethod(question.extra);
  return m?.kind === 'majority-judgment' ? { ...m, grades: m.grades.map(decodeTranslations) } : m;
}

/** What the result page needs of a non-homomorphic question: its texts, method and decrypted ballots. */
export interface NhQuestionResult {
  question: NhText;
  choices: NhText[];
  method: NhMethod;
  /** The decrypted ballots (Belenios's result for this question): one integer per choice. */
  ballots: number[][];
}

/** Adapter from Belenios's JSON: an NH question of election.json and its part of the result. Undefined when the question names no method we count. */
export function fromBelenios(question: QuestionNH, ballots: number[][]): NhQuestionResult | undefined {
  const method = methodOf(question);
  if (!method) return undefined;
  return { question: decodeTranslations(question.value.question), choices: question.value.answers.map(decodeTranslations), method, ballots };
}

export type NhCount =
  | { kind: 'schulze'; view: SchulzeView }
  | { kind: 'stv'; count: StvCount; invalid: number }
  | { kind: 'majority-judgment'; view: MajorityJudgmentView }
  /** The method refused the ballots (belenios-tool gives no result either): its message, in English. */
  | { kind: 'refused'; reason: string };

/** Run the question's method on its ballots. */
export function countNh(r: Pick<NhQuestionResult, 'choices' | 'method' | 'ballots'>): NhCount {
  const nchoices = r.choices.length;
  try {
    switch (r.method.kind) {
      case 'schulze':
        return { kind: 'schulze', view: schulzeView(schulze(r.ballots, { nchoices, blankAllowed: r.method.blank })) };
      case 'majority-judgment':
        return { kind: 'majority-judgment', view: majorityJudgmentView(majorityJudgment(r.ballots, { nchoices, ngrades: r.method.grades.length, blankAllowed: r.method.blank })) };
      case 'stv': {
        if (r.ballots.some((b) => b.length !== nchoices)) throw new Error(`every ballot needs one number per choice (${nchoices})`);
        const count = stvRounds(r.ballots, r.method.seats);
        return { kind: 'stv', count, invalid: r.ballots.length - count.valid };
      }
    }
  } catch (e) {
    return { kind: 'refused', reason: e instanceof Error ? e.message : String(e) };
  }
}

// ---------------------------------------------------------------- Schulze

/** One cell of the pairwise matrix: ballots ranking the row's choice above the column's, whether that duel is won, and the strongest chain. */
export interface SchulzeCell {
  votes: number;
  wins: boolean;
  strength: readonly [number, number];
  /** The row's choice is ranked above the column's (by the strongest chains). */
  beats: boolean;
}

/** The pairwise matrix as rows (null on the diagonal). */
export function schulzeMatrix(view: SchulzeView): (SchulzeCell | null)[][] {
  const n = view.choices;
  const rows = Array.from({ length: n }, () => new Array<SchulzeCell | null>(n).fill(null));
  for (const d of view.duels) rows[d.from]![d.to] = { votes: d.votesFor, wins: d.votesFor > d.votesAgainst, strength: d.strength, beats: d.beats };
  return rows;
}

/** Each unordered pair once, the winner of the duel first (the earlier choice first when tied). */
export function schulzePairs(view: SchulzeView): SchulzeView['duels'] {
  return view.duels.filter((d) => d.votesFor > d.votesAgainst || (d.votesFor === d.votesAgainst && d.from < d.to));
}

/** Each choice's place (1 first; tied choices share it). */
export function placesOf(ranking: readonly (readonly number[])[]): Map<number, number> {
  const out = new Map<number, number>();
  let place = 1;
  for (const level of ranking) {
    for (const c of level) out.set(c, place);
    place += level.length;
  }
  return out;
}

// ---------------------------------------------------------------- STV

/** What the chart draws for one round: each choice's bar (0..1 of the widest) and the quota's mark. */
export interface StvChartRound {
  bars: { choice: number; votes: number; share: number; status: 'elected' | 'eliminated' | 'continuing' }[];
  quotaAt: number;
}

/** Bars on one scale for every round (the largest tally or the quota, whichever is higher), so that rounds compare. */
export function stvChart(count: StvCount): StvChartRound[] {
  let max = count.quota;
  for (const r of count.rounds) for (const t of r.tallies) max = Math.max(max, t.votes);
  // (a choice elected or eliminated leaves the count: it has no bar in later rounds)
  return count.rounds.map((round) => {
    const out = round.outcome;
    const decided = out.kind === 'elected-remaining' ? out.choices : [out.choice];
    const bars = round.tallies.map((t) => ({
      choice: t.choice,
      votes: t.votes,
      share: max > 0 ? t.votes / max : 0,
      status: decided.includes(t.choice) ? (out.kind === 'eliminated' ? ('eliminated' as const) : ('elected' as const)) : ('continuing' as const),
    }));
    return { bars, quotaAt: max > 0 ? count.quota / max : 0 };
  });
}

/** Votes as shown: whole numbers stay whole, fractions of a transfer keep two decimals. */
export function roundVotes(v: number): number {
  return Math.round(v * 100) / 100;
}

// ---------------------------------------------------------------- majority judgment

/** The stacked bar of a merit profile: each grade's segment (start and width as shares of the valid ballots). */
export function meritSegments(profile: readonly number[]): { grade: number; count: number; start: number; width: number }[] {
  const total = profile.reduce((s, x) => s + x, 0);
  let start = 0;
  return profile.map((count, g) => {
    const width = total > 0 ? count / total : 0;
    const seg = { grade: g + 1, count, start, width };
    start += width;
    return seg;
  });
}

/**
 * The ranked and graded questions of an election view that have their decrypted ballots
 * (published elections): the view (src/api/elections.ts, zNhQuestionView) carries each
 * question's texts, its method as read from its "extra", and its part of the result.
 * A question whose method Jirga does not count is left out (Belenios shows no count either).
 */
export function nhResultsOf(election: { nhQuestions?: readonly { question: NhText; answers: NhText[]; method: NhMethod | null; ballots: number[][] | null }[] }): NhQuestionResult[] {
  return (election.nhQuestions ?? []).flatMap((q) => (q.method && q.ballots ? [{ question: q.question, choices: q.answers, method: q.method, ballots: q.ballots }] : []));
}
