// The kinds of question the organiser's editor offers, and how a question moves from one
// to another. The editor holds every field of every kind (so that switching back and forth
// loses nothing the organiser typed); what is sent holds only the fields of the chosen kind
// (src/api/election-draft.ts: choose, ranked by Schulze or STV, graded by majority judgment).
import type { QuestionDraft } from '../../../../src/api/election-draft.ts';
import type { Translations } from '../../../../src/kernel/texts.ts';

/** What the editor offers: choose (homomorphic), rank by Schulze, rank by STV, grade (majority judgment). */
export const QUESTION_KINDS = ['choose', 'schulze', 'stv', 'graded'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** A question as the editor holds it: the fields of every kind, only the chosen kind's sent. */
export interface EditableQuestion {
  kind: QuestionKind;
  question: Translations;
  answers: Translations[];
  /** choose: how many answers a voter ticks, at least and at most (NaN: typed but unreadable) */
  min: number;
  max: number;
  /** choose, Schulze, graded: a voter may leave the question blank (never STV: Belenios counts a blank STV ballot as invalid) */
  blank: boolean;
  /** STV: how many candidates are elected */
  seats: number;
  /** graded: the grades, best first */
  grades: Translations[];
  /** STV: each candidate's public description ({gender, ethnicity}), parallel to `answers`; checked against the delegation rules once elected */
  candidates: Record<string, string>[];
}

/**
 * The grades a graded question starts with, best first, in the three languages (the
 * organiser may rename, add or remove them). Five grades, as majority judgment is usually run.
 */
export const DEFAULT_GRADES: readonly Translations[] = [
  { en: 'Excellent', 'fa-AF': 'عالی', 'ps-AF': 'ډېر ښه' },
  { en: 'Good', 'fa-AF': 'خوب', 'ps-AF': 'ښه' },
  { en: 'Acceptable', 'fa-AF': 'قابل قبول', 'ps-AF': 'د منلو وړ' },
  { en: 'Poor', 'fa-AF': 'ضعیف', 'ps-AF': 'کمزوری' },
  { en: 'Reject', 'fa-AF': 'رد', 'ps-AF': 'رد' },
];
export const MIN_GRADES = 2;
export const MAX_GRADES = 10;

const defaultGrades = (): Translations[] => DEFAULT_GRADES.map((g) => ({ ...g }));

/** A new question of the given kind: two empty answers, one answer to choose, one seat, the default grades. */
export function newQuestion(kind: QuestionKind = 'choose'): EditableQuestion {
  return { kind, question: {}, answers: [{}, {}], min: 1, max: 1, blank: false, seats: 1, grades: defaultGrades(), candidates: [{}, {}] };
}

/** The kind of a question of a draft (a question with no kind is a choose question, as drafts were written before ranked ones existed). */
export function kindOf(q: QuestionDraft): QuestionKind {
  if (q.kind === 'ranked') return q.method;
  if (q.kind === 'graded') return 'graded';
  return 'choose';
}

/** A question of a saved draft, ready to edit: the fields of the other kinds at their defaults. */
export function editableQuestion(q: QuestionDraft): EditableQuestion {
  const base = newQuestion(kindOf(q));
  const own = { question: { ...q.question }, answers: q.answers.map((a) => ({ ...a })), blank: q.blank };
  if (q.kind === 'ranked')
    return { ...base, ...own, ...(q.seats === undefined ? {} : { seats: q.seats }), candidates: q.answers.map((_, i) => ({ ...(q.candidates?.[i] ?? {}) })) };
  if (q.kind === 'graded') return { ...base, ...own, grades: q.grades.map((g) => ({ ...g })) };
  return { ...base, ...own, min: q.min, max: q.max };
}

/** The same question asked another way: its text and answers kept, and whatever was typed for the other kinds. */
export function withKind(q: EditableQuestion, kind: QuestionKind): EditableQuestion {
  return { ...q, kind, grades: q.grades.length > 0 ? q.grades : defaultGrades() };
}

/**
 * The question as the API reads it: only the fields of its kind (no min or max on a ranked
 * question, no seats on a Schulze one, no grades on a choose one, never blank on STV). A
 * choose question is sent without `kind`, as every draft was before ranked questions existed.
 */
export function questionDraftOf(q: EditableQuestion): Record<string, unknown> {
  const { question, answers } = q;
  switch (q.kind) {
    case 'choose':
      return { question, answers, min: q.min, max: q.max, blank: q.blank };
    case 'schulze':
      return { kind: 'ranked', method: 'schulze', question, answers, blank: q.blank };
    case 'stv': {
      // descriptions only when some candidate has one: one per candidate, the empty ones {}
      const candidates = answers.map((_, i) => Object.fromEntries(Object.entries(q.candidates[i] ?? {}).filter(([, c]) => c !== '')));
      return { kind: 'ranked', method: 'stv', question, answers, seats: q.seats, ...(candidates.some((c) => Object.keys(c).length > 0) ? { candidates } : {}) };
    }
    case 'graded':
      return { kind: 'graded', question, answers, grades: q.grades, blank: q.blank };
  }
}

/** The smallest share of the ballots that elects a candidate under the Droop quota (floor(valid / (seats + 1)) + 1): a little more than 1 / (seats + 1). */
export const droopShare = (seats: number): number => 1 / (seats + 1);

/** The question with one more answer (an undescribed candidate). */
export function withAnswerAdded(q: EditableQuestion): EditableQuestion {
  return { ...q, answers: [...q.answers, {}], candidates: [...q.answers.map((_, i) => q.candidates[i] ?? {}), {}] };
}

/** The question without its answer `j` (and that candidate's description). */
export function withAnswerRemoved(q: EditableQuestion, j: number): EditableQuestion {
  return { ...q, answers: q.answers.filter((_, k) => k !== j), candidates: q.answers.map((_, i) => q.candidates[i] ?? {}).filter((_, k) => k !== j) };
}

/** The dimensions a candidate may be described on in the editor (the ones delegation rules are usually about). */
export const CANDIDATE_DIMENSIONS = ['gender', 'ethnicity'] as const;
