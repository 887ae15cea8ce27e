// What a voter chose on one question, as the booth keeps it, and as the ballot
// encrypts it (one 0/1 per answer, the blank choice first when there is one; a ranked
// or graded question: one number per answer, ranking.ts).
import { t, tn } from '../../i18n/index.ts';
import { isHomomorphic, type Question, type QuestionH } from '../../../../src/protocol/codec.ts';
import { nhPlaintextOf, nhProblem } from './ranking.ts';

/** Selections of one question: chosen answer indexes (a ranked question: in the order of the ranking), or blank. */
export interface Selection {
  chosen: number[];
  blank: boolean;
  /** A graded question: one grade index per answer (0 = the best grade), -1 where none is given yet. */
  grades?: number[];
}

export const NOTHING_CHOSEN: Selection = { chosen: [], blank: false };

export function plaintextOf(q: QuestionH, s: Selection): number[] {
  const values = q.answers.map((_, i) => (s.chosen.includes(i) ? 1 : 0));
  if (q.blank) return s.blank ? [1, ...values.map(() => 0)] : [0, ...values];
  return values;
}

/** How many answers a question asks for, in the reader's language. */
export function howManyText(q: Pick<QuestionH, 'min' | 'max'>): string {
  return q.min === q.max ? tn('question.exactly', q.min) : t('question.between', { min: q.min, max: q.max });
}

/** Why a selection cannot be cast (too few or too many answers), or undefined. */
export function selectionProblem(q: QuestionH, s: Selection): string | undefined {
  if (s.blank) return undefined;
  const n = s.chosen.length;
  if (n < q.min || n > q.max) return howManyText(q);
  return undefined;
}

/** What the ballot encrypts for any question: homomorphic (0/1 per answer) or ranked/graded (ranking.ts). */
export function answerPlaintext(q: Question, s: Selection): number[] {
  return isHomomorphic(q) ? plaintextOf(q, s) : nhPlaintextOf(q, s);
}

/** Why the answer to any question cannot be cast yet, or undefined. */
export function answerProblem(q: Question, s: Selection): string | undefined {
  return isHomomorphic(q) ? selectionProblem(q, s) : nhProblem(q, s);
}
