// Ranked and graded questions in the booth (Belenios's non-homomorphic questions): what
// the voter has done so far, the one vector of small numbers the ballot encrypts for the
// question, and why it cannot be cast yet. Pure (test/web/booth-nh.test.ts).
//
// The voter's state is the booth's Selection (selection.ts):
// - a ranked question keeps its ranking in `chosen`: answer indexes, the first is ranked
//   1. The order is strict (no ties): a tie is possible in a Schulze ballot but no booth
//   control makes one, so the booth never produces it;
// - a graded question keeps in `grades` one grade index per answer (0 = the best grade
//   of the question's list), -1 where nothing is given yet;
// - `blank` where the question allows a blank ballot.
//
// The vector, one number per answer (docs/counting-methods.md):
// - ranked (Schulze and STV alike): the answer's rank, 1 = first, 0 = not ranked. The
//   ranks are 1, 2, 3... with no gap, which STV requires; an empty ranking is a blank
//   Schulze ballot (all zero);
// - graded: grade 1 = the best ... G = the worst; all zero = blank.
import { decodeTranslations, type Translations } from '../../../../src/kernel/texts.ts';
import { questionMethod } from '../../../../src/protocol/methods/question-method.ts';
import type { QuestionNH } from '../../../../src/protocol/codec.ts';
import { t } from '../../i18n/index.ts';
import type { Selection } from './selection.ts';

/**
 * How a ranked or graded question is answered, from its "extra" as Belenios 2.0's forms
 * write it (src/protocol/methods/question-method.ts, the reading the result pages and the
 * verifier use; it holds no counting code). A question whose extra names no
 * method is ranked (Belenios's own booth ranks it), with no blank.
 */
export type NhForm =
  | { kind: 'ranked'; method: 'schulze' | 'stv' | 'unknown'; blank: boolean; seats?: number }
  | { kind: 'graded'; blank: boolean; grades: Translations[] };

export function nhFormOf(q: Pick<QuestionNH, 'extra'>): NhForm {
  const m = questionMethod(q.extra);
  if (m?.kind === 'majority-judgment') return { kind: 'graded', blank: m.blank, grades: m.grades.map(decodeTranslations) };
  if (m?.kind === 'stv') return { kind: 'ranked', method: 'stv', blank: false, seats: m.seats };
  if (m?.kind === 'schulze') return { kind: 'ranked', method: 'schulze', blank: m.blank };
  return { kind: 'ranked', method: 'unknown', blank: false };
}

/** A ranking as a vector: the answer at position k of `order` gets rank k + 1, the others 0. */
export function rankingVector(answers: number, order: readonly number[]): number[] {
  const v = new Array<number>(answers).fill(0);
  order.forEach((answer, k) => {
    if (answer >= 0 && answer < answers && v[answer] === 0) v[answer] = k + 1;
  });
  return v;
}

/** Grades as a vector: grade index g (0 = best) is g + 1; an answer not graded is 0. */
export function gradingVector(answers: number, grades: readonly number[] | undefined): number[] {
  return Array.from({ length: answers }, (_, i) => {
    const g = grades?.[i] ?? -1;
    return g >= 0 ? g + 1 : 0;
  });
}

/** The plaintext the ballot encrypts for this question: one number per answer. */
export function nhPlaintextOf(q: QuestionNH, s: Selection): number[] {
  const n = q.value.answers.length;
  const form = nhFormOf(q);
  if (s.blank && form.blank) return new Array<number>(n).fill(0);
  return form.kind === 'ranked' ? rankingVector(n, s.chosen) : gradingVector(n, s.grades);
}

/** Why this question's answer cannot be cast yet, in the reader's language, or undefined. */
export function nhProblem(q: QuestionNH, s: Selection): string | undefined {
  const n = q.value.answers.length;
  const form = nhFormOf(q);
  if (s.blank && form.blank) return undefined;
  if (form.kind === 'ranked') {
    if (s.chosen.length > 0) return undefined;
    if (form.method === 'stv') return t('vote.rankAtLeastOneCandidate');
    return form.blank ? t('vote.rankAtLeastOneOrBlank') : t('vote.rankAtLeastOne');
  }
  const graded = gradingVector(n, s.grades).filter((g) => g > 0).length;
  if (graded === n) return undefined;
  return t(form.blank ? 'vote.gradeEveryOrBlank' : 'vote.gradeEvery', { graded, total: n });
}

/** Whether the voter has started on the question (a problem is shown only then). */
export function nhStarted(s: Selection): boolean {
  return s.chosen.length > 0 || (s.grades ?? []).some((g) => g >= 0);
}

// What the voter does to a ranking: each returns a new Selection (blank is undone by any of them).

/** Tap an answer: not ranked, it takes the next rank; ranked, it leaves the ranking (those after it move up). */
export function toggleRanked(s: Selection, answer: number): Selection {
  const chosen = s.chosen.includes(answer) ? s.chosen.filter((a) => a !== answer) : [...s.chosen, answer];
  return { ...s, chosen, blank: false };
}

/** Move the answer at position `from` of the ranking to position `to` (clamped); the others keep their order. */
export function moveRanked(s: Selection, from: number, to: number): Selection {
  if (from < 0 || from >= s.chosen.length) return s;
  const target = Math.max(0, Math.min(s.chosen.length - 1, to));
  if (target === from) return s;
  const chosen = [...s.chosen];
  const [answer] = chosen.splice(from, 1);
  chosen.splice(target, 0, answer!);
  return { ...s, chosen, blank: false };
}

/** Give an answer a grade (an index into the question's grades, 0 = the best). */
export function setGrade(s: Selection, answers: number, answer: number, grade: number): Selection {
  const grades = Array.from({ length: answers }, (_, i) => s.grades?.[i] ?? -1);
  grades[answer] = grade;
  return { ...s, grades, blank: false };
}

/** Blank, or not: a blank ballot keeps nothing of what was ranked or graded before. */
export function setBlank(s: Selection, blank: boolean): Selection {
  return blank ? { chosen: [], grades: undefined, blank: true } : { ...s, blank: false };
}

/** A vector read back (from the voter's own choices or an audited ballot): the ranking, or the grades. */
export type NhReading =
  | { kind: 'blank' }
  | { kind: 'ranked'; order: number[]; unranked: number[] }
  | { kind: 'graded'; grades: (number | null)[] };

/** Read a vector as the voter will see it on the review and audit screens. */
export function readNhVector(q: QuestionNH, v: readonly number[]): NhReading {
  const form = nhFormOf(q);
  if (form.blank && v.every((x) => x === 0)) return { kind: 'blank' };
  if (form.kind === 'graded') return { kind: 'graded', grades: v.map((x) => (x >= 1 && x <= form.grades.length ? x - 1 : null)) };
  const indexes = v.map((_, i) => i);
  const order = indexes.filter((i) => v[i]! > 0).sort((a, b) => v[a]! - v[b]! || a - b);
  return { kind: 'ranked', order, unranked: indexes.filter((i) => v[i] === 0) };
}
