// What an organiser writes before an election is frozen: texts in up to three
// languages, homomorphic questions, schedule and trustees. Validated with zod on
// the server and in the browser (the same schema).
import { z } from 'zod';
import { DIMENSIONS, type Dimension } from '../inclusion/dimensions.ts';
import { categoriesOf, selfDescriptionQuestions, type QuestionText } from '../inclusion/questions.ts';
import type { Question, Template } from '../protocol/codec.ts';
import { zLinkLifetimeDays } from './setup.ts';
import { encodeTranslations, LANGUAGES, zOptionalTranslations, zTranslations, type Language, type Translations } from '../kernel/texts.ts';

const DIMENSION_NAMES = Object.keys(DIMENSIONS) as [Dimension, ...Dimension[]];

const zAnswers = z.array(zTranslations).min(1, { error: 'a question needs at least one answer' }).max(50, { error: 'at most 50 answers' });

/** Pick some of the answers (a homomorphic question in Belenios: counted by adding up encrypted choices). `kind` is absent in drafts written before ranked and graded questions existed. */
export const zChooseQuestionDraft = z
  .object({
    kind: z.literal('choose').optional(),
    question: zTranslations,
    answers: zAnswers,
    min: z.number().int().min(0),
    max: z.number().int().min(1, { error: 'max must be at least 1' }),
    blank: z.boolean(),
  })
  .refine((q) => q.min <= q.max, { error: 'the minimum number of answers is larger than the maximum', path: ['min'] })
  .refine((q) => q.max <= q.answers.length, { error: 'the maximum number of answers is larger than the number of answers', path: ['max'] });

/** A candidate's public description: {dimension: category}, e.g. {"gender": "woman", "ethnicity": "hazara"} (the self-description categories, src/inclusion/questions.ts). */
export const zCandidateDescription = z.record(z.string(), z.string(), { error: 'a candidate\'s description is an object such as {"gender": "woman"}' }).superRefine((d, ctx) => {
  for (const [dimension, category] of Object.entries(d)) {
    if (!Object.hasOwn(DIMENSIONS, dimension)) ctx.addIssue({ code: 'custom', message: `"${dimension}" is not a dimension: one of ${DIMENSION_NAMES.join(', ')}`, path: [dimension] });
    else if (!categoriesOf(dimension as Dimension).includes(category)) ctx.addIssue({ code: 'custom', message: `"${category}" is not a category of ${dimension}: one of ${categoriesOf(dimension as Dimension).join(', ')}`, path: [dimension] });
  }
});

/** Rank the answers (a non-homomorphic question: each ranking encrypted whole, shuffled, then counted). `schulze` finds the option a majority prefers to every other; `stv` elects `seats` of them (the single transferable vote). */
export const zRankedQuestionDraft = z
  .object({
    kind: z.literal('ranked'),
    method: z.enum(['schulze', 'stv'], { error: 'a ranked question is counted by "schulze" or "stv"' }),
    question: zTranslations,
    answers: zAnswers.min(2, { error: 'a ranked question needs at least two answers' }),
    /** STV only: how many of the answers are elected. */
    seats: z.number().int().min(1, { error: 'at least one seat' }).optional(),
    /** Schulze only: a voter may rank nothing (counted as blank). */
    blank: z.boolean().default(false),
    /** STV only, optional: each candidate's public description ({gender: "woman", ethnicity: "hazara"}), one per answer,
     * so that the elected delegates can be checked against the convention's delegation rules (src/inclusion/delegations.ts). */
    candidates: z.array(zCandidateDescription).optional(),
  })
  .refine((q) => q.method !== 'stv' || q.seats !== undefined, { error: 'an STV question needs its number of seats', path: ['seats'] })
  .refine((q) => q.method !== 'stv' || (q.seats ?? 0) < q.answers.length, { error: 'an STV question needs more candidates than seats', path: ['seats'] })
  .refine((q) => q.method !== 'schulze' || q.seats === undefined, { error: 'only an STV question has seats', path: ['seats'] })
  .refine((q) => q.method !== 'stv' || !q.blank, { error: 'an STV ballot cannot be blank (Belenios counts it as invalid)', path: ['blank'] })
  .refine((q) => q.candidates === undefined || q.method === 'stv', { error: 'only the candidates of an STV question have descriptions', path: ['candidates'] })
  .refine((q) => q.candidates === undefined || q.candidates.length === q.answers.length, { error: 'give one description per candidate (an empty {} for a candidate not described)', path: ['candidates'] });

/** Grade every answer on a scale of named grades, best first (majority judgment). */
export const zGradedQuestionDraft = z.object({
  kind: z.literal('graded'),
  question: zTranslations,
  answers: zAnswers,
  grades: z.array(zTranslations).min(2, { error: 'a graded question needs at least two grades' }).max(10, { error: 'at most 10 grades' }),
  /** A voter may grade nothing (counted as blank). */
  blank: z.boolean().default(false),
});

export const zQuestionDraft = z.discriminatedUnion('kind', [zChooseQuestionDraft, zRankedQuestionDraft, zGradedQuestionDraft], {
  error: 'a question\'s kind is "choose", "ranked" or "graded"',
});
export type ChooseQuestionDraft = z.infer<typeof zChooseQuestionDraft>;
export type RankedQuestionDraft = z.infer<typeof zRankedQuestionDraft>;
export type GradedQuestionDraft = z.infer<typeof zGradedQuestionDraft>;
/** Ranked and graded questions are non-homomorphic (Belenios 2.0, spec 4.9.2). */
export const isNonHomomorphicDraft = (q: QuestionDraft): q is RankedQuestionDraft | GradedQuestionDraft => q.kind === 'ranked' || q.kind === 'graded';
export type QuestionDraft = z.infer<typeof zQuestionDraft>;

/**
 * Self-description questions asked on the ballot after the draft's own questions
 * (src/inclusion/questions.ts): at most five, each once. Absent means none.
 */
export const zSelfDescription = z
  .array(z.enum(DIMENSION_NAMES, { error: `each self-description question must be one of ${DIMENSION_NAMES.join(', ')}` }))
  .max(6, { error: 'at most 6 self-description questions' })
  .refine((xs) => new Set(xs).size === xs.length, { error: 'each self-description question at most once' });

const zInstant = z.iso.datetime({ offset: true, error: 'expected a date and time such as 2026-12-01T08:00:00Z' });

export const zElectionDraft = z
  .object({
    name: zTranslations,
    description: zOptionalTranslations,
    questions: z.array(zQuestionDraft).min(1, { error: 'an election needs at least one question' }).max(20),
    selfDescription: zSelfDescription.optional(),
    opensAt: zInstant.nullable().default(null),
    closesAt: zInstant.nullable().default(null),
    trustees: z
      .object({
        count: z.number().int().min(1, { error: 'at least one trustee' }).max(20),
        threshold: z.number().int().min(1).nullable().default(null),
      })
      .refine((t) => t.threshold === null || t.threshold <= t.count, { error: 'the threshold cannot exceed the number of trustees', path: ['threshold'] }),
  })
  .refine((d) => !d.opensAt || !d.closesAt || Date.parse(d.opensAt) < Date.parse(d.closesAt), { error: 'the election must close after it opens', path: ['closesAt'] });
export type ElectionDraft = z.infer<typeof zElectionDraft>;

/** The self-description questions a draft asks (none when absent, as in drafts made before they existed). */
export function selfDescriptionOfDraft(draft: Pick<ElectionDraft, 'selfDescription'>): Dimension[] {
  return draft.selfDescription ?? [];
}

/**
 * The Belenios template (spec 4.10) of a draft: every text carries its translations.
 * Self-description questions, if any, follow the draft's own questions.
 */
export function templateOf(draft: ElectionDraft): Template {
  return {
    name: encodeTranslations(draft.name),
    description: encodeTranslations(draft.description),
    questions: [...draft.questions, ...selfDescriptionQuestions(selfDescriptionOfDraft(draft))].map(questionTemplateOf),
  };
}

/**
 * One question of the template. Ranked and graded questions carry their counting method in
 * "extra", as Belenios 2.0's own forms write it (read back by the result pages and the
 * verifier: web/src/features/elections/results/nh-count.ts).
 */
export function questionTemplateOf(q: QuestionDraft | QuestionText): Question {
  if ('kind' in q && q.kind === 'ranked') {
    const extra = q.method === 'stv' ? { type: 'PreferentialVoting', blank: false, seats: q.seats, method: 'STV' } : { type: 'PreferentialVoting', blank: q.blank, method: 'Schulze' };
    return { type: 'NonHomomorphic', value: { question: encodeTranslations(q.question), answers: q.answers.map(encodeTranslations) }, extra };
  }
  if ('kind' in q && q.kind === 'graded') {
    const extra = { type: 'ScoreVoting', blank: q.blank, method: 'MajorityJudgment', grades: q.grades.map(encodeTranslations) };
    return { type: 'NonHomomorphic', value: { question: encodeTranslations(q.question), answers: q.answers.map(encodeTranslations) }, extra };
  }
  return { question: encodeTranslations(q.question), answers: q.answers.map(encodeTranslations), min: q.min, max: q.max, ...(q.blank ? { blank: true } : {}) };
}

/** A text of a draft that lacks some of the three languages: `name`, `description`,
 * `question` (with its index, from 1) or `answer` (with its question's and its own index). */
export interface MissingTranslation {
  text: 'name' | 'description' | 'question' | 'answer' | 'grade';
  question?: number;
  answer?: number;
  grade?: number;
  missing: Language[];
}

const missingIn = (t: Translations): Language[] => LANGUAGES.filter((l) => !t[l]);

/**
 * The draft's texts that are not written in all three languages (an empty description
 * is not missing). Freezing such a draft would show Dari or Pashto voters another
 * language's words: the server refuses it unless the organiser says so (startSetup).
 */
export function missingTranslations(draft: Pick<ElectionDraft, 'name' | 'description' | 'questions'>): MissingTranslation[] {
  const out: MissingTranslation[] = [];
  const check = (t: Translations, where: Omit<MissingTranslation, 'missing'>, optional = false) => {
    const missing = missingIn(t);
    if (missing.length > 0 && !(optional && missing.length === LANGUAGES.length)) out.push({ ...where, missing });
  };
  check(draft.name, { text: 'name' });
  check(draft.description, { text: 'description' }, true);
  draft.questions.forEach((q, i) => {
    check(q.question, { text: 'question', question: i + 1 });
    q.answers.forEach((a, j) => check(a, { text: 'answer', question: i + 1, answer: j + 1 }));
    if (q.kind === 'graded') q.grades.forEach((g, j) => check(g, { text: 'grade', question: i + 1, grade: j + 1 }));
  });
  return out;
}

/** What the organiser may say when freezing: go ahead although some texts are not in all three languages;
 * how many days the links of the trustees and the credential authority stay valid (14 by default). */
export const zSetupRequest = z
  .strictObject({
    allowMissingTranslations: z.boolean().default(false),
    linkLifetimeDays: zLinkLifetimeDays.optional(),
  })
  .optional();
export type SetupRequest = z.infer<typeof zSetupRequest>;

export const zConventionInput = z.object({ title: zTranslations, description: zOptionalTranslations });
export type ConventionInput = z.infer<typeof zConventionInput>;
