// What an organiser writes before an election is frozen: texts in up to three
// languages, homomorphic questions, schedule and trustees. Validated with zod on
// the server and in the browser (the same schema).
import { z } from 'zod';
import { DIMENSIONS, type Dimension } from '../inclusion/dimensions.ts';
import { selfDescriptionQuestions } from '../inclusion/questions.ts';
import type { Template } from '../protocol/codec.ts';
import { zLinkLifetimeDays } from './setup.ts';
import { encodeTranslations, LANGUAGES, zOptionalTranslations, zTranslations, type Language, type Translations } from '../kernel/texts.ts';

export const zQuestionDraft = z
  .object({
    question: zTranslations,
    answers: z.array(zTranslations).min(1, { error: 'a question needs at least one answer' }).max(50, { error: 'at most 50 answers' }),
    min: z.number().int().min(0),
    max: z.number().int().min(1, { error: 'max must be at least 1' }),
    blank: z.boolean(),
  })
  .refine((q) => q.min <= q.max, { error: 'the minimum number of answers is larger than the maximum', path: ['min'] })
  .refine((q) => q.max <= q.answers.length, { error: 'the maximum number of answers is larger than the number of answers', path: ['max'] });
export type QuestionDraft = z.infer<typeof zQuestionDraft>;

const DIMENSION_NAMES = Object.keys(DIMENSIONS) as [Dimension, ...Dimension[]];

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
    questions: [...draft.questions, ...selfDescriptionQuestions(selfDescriptionOfDraft(draft))].map((q) => ({
      question: encodeTranslations(q.question),
      answers: q.answers.map(encodeTranslations),
      min: q.min,
      max: q.max,
      ...(q.blank ? { blank: true } : {}),
    })),
  };
}

/** A text of a draft that lacks some of the three languages: `name`, `description`,
 * `question` (with its index, from 1) or `answer` (with its question's and its own index). */
export interface MissingTranslation {
  text: 'name' | 'description' | 'question' | 'answer';
  question?: number;
  answer?: number;
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
