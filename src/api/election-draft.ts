// What an organiser writes before an election is frozen: texts in up to three
// languages, homomorphic questions, schedule and trustees. Validated with zod on
// the server and in the browser (the same schema).
import { z } from 'zod';
import { DIMENSIONS, type Dimension } from '../inclusion/dimensions.ts';
import { selfDescriptionQuestions } from '../inclusion/questions.ts';
import type { Template } from '../protocol/codec.ts';
import { encodeTranslations, zOptionalTranslations, zTranslations } from '../kernel/texts.ts';

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

export const zConventionInput = z.object({ title: zTranslations, description: zOptionalTranslations });
export type ConventionInput = z.infer<typeof zConventionInput>;
