// What the inclusion API answers (src/services/inclusion): a convention's public
// settings, a participant's self-description, composition reports with their hidden
// cells, weighted estimates, delegations and the rules' results. Kept apart from the
// endpoints (src/api/inclusion.ts) so that the web app reads its answers without loading
// the input checks (src/api/inclusion-input.ts and the inclusion core behind them).
import { z } from 'zod';
import { DIMENSION_ORDER } from '../inclusion/dimensions.ts';
import { zTexts } from './contract.ts';

export const zDimension = z.enum(DIMENSION_ORDER as [(typeof DIMENSION_ORDER)[number], ...(typeof DIMENSION_ORDER)[number][]]);
const zReason = z.enum(['small', 'complementary']);

export const zCompositionReport = z.strictObject({
  minCell: z.number(),
  minAnswers: z.number(),
  dimensions: z.array(
    z.strictObject({
      dimension: z.string(),
      total: z.number(),
      answered: z.number(),
      categories: z.array(
        z.strictObject({
          category: z.string(),
          count: z.number().nullable(),
          share: z.number().nullable(),
          reference: z.number().nullable(),
          ratio: z.number().nullable(),
          suppressed: zReason.nullable(),
        }),
      ),
      gallagher: z.number().nullable(),
      loosemoreHanby: z.number().nullable(),
      warnings: z.array(z.strictObject({ category: z.string(), share: z.number(), reference: z.number(), ratio: z.number() })),
      tooFewAnswers: z.boolean(),
    }),
  ),
  suppressed: z.array(z.strictObject({ dimension: z.string(), category: z.string(), reason: zReason })),
});

const zReferenceTable = z.strictObject({ shares: z.record(z.string(), z.number()), source: z.string(), note: z.string() });

export const zPublicInclusionSettings = z.strictObject({
  dimensions: z.array(zDimension),
  minCell: z.number(),
  warnBelow: z.number(),
  minAnswers: z.number(),
  reference: z.partialRecord(zDimension, zReferenceTable),
  questions: z.array(z.strictObject({ dimension: zDimension, categories: z.array(z.string()) })),
});

export const zProfile = z.strictObject({ answers: z.record(z.string(), z.string()) });

const zInterval = z.tuple([z.number(), z.number()]);
export const zPublishedEstimate = z.strictObject({
  statement: z.number(),
  suppressed: z.boolean(),
  raw: z.strictObject({ agree: z.number().nullable(), votes: z.number().nullable(), share: z.number().nullable(), interval: zInterval.nullable() }),
  weighted: z
    .strictObject({ share: z.number().nullable(), interval: zInterval.nullable(), effectiveN: z.number().nullable(), votes: z.number().nullable(), suppressed: z.boolean() })
    .nullable(),
});

export const zConversationComposition = z.strictObject({
  report: zCompositionReport,
  respondents: z.number(),
  weighting: z.strictObject({
    dimensions: z.array(z.string()),
    excluded: z.number(),
    converged: z.boolean(),
    maxError: z.number().nullable(),
    kish: z.strictObject({ n: z.number(), effectiveSampleSize: z.number(), designEffect: z.number().nullable() }).nullable(),
    caveats: z.array(z.string()),
  }),
  estimates: z.strictObject({
    statements: z.array(zPublishedEstimate),
    groups: z.array(z.strictObject({ group: z.number(), statements: z.array(zPublishedEstimate) })),
  }),
  statements: z.array(z.strictObject({ id: z.number(), text: z.string(), lang: z.string(), translations: zTexts })),
});

export const zRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('min-share'), dimension: z.string(), category: z.string(), min: z.number() }),
  z.strictObject({ kind: z.literal('max-share'), dimension: z.string(), category: z.string(), max: z.number() }),
  z.strictObject({ kind: z.literal('all-present'), dimension: z.string(), categories: z.array(z.string()) }),
]);
export const zRuleResult = z.strictObject({
  rule: zRule,
  pass: z.boolean(),
  detail: z.union([z.strictObject({ count: z.number(), total: z.number(), share: z.number() }), z.strictObject({ missing: z.array(z.string()), present: z.array(z.string()) })]),
});

export const zConventionComposition = z.strictObject({
  conventionId: z.string(),
  minCell: z.number(),
  conversations: z.array(z.strictObject({ id: z.string(), topic: zTexts, respondents: z.number(), report: zCompositionReport })),
  elections: z.array(z.strictObject({ uuid: z.string(), name: zTexts, voters: z.number(), report: zCompositionReport })),
  delegations: z.array(z.strictObject({ id: z.string(), name: z.string(), kind: z.string(), size: z.number(), report: zCompositionReport, rules: z.array(zRuleResult) })),
  allDelegates: z.strictObject({ size: z.number(), report: zCompositionReport, rules: z.array(zRuleResult) }),
  /** Delegates elected by STV in the convention's published elections (questions whose candidates are described), checked against the rules. */
  elected: z.array(
    z.strictObject({
      uuid: z.string(),
      name: zTexts,
      question: z.number(),
      questionText: zTexts,
      seats: z.number(),
      candidates: z.array(z.strictObject({ index: z.number(), name: zTexts, description: z.record(z.string(), z.string()) })),
      rules: z.array(zRuleResult),
      report: zCompositionReport,
    }),
  ),
  rules: z.array(zRule),
});

export const zDelegation = z.strictObject({ id: z.string(), name: z.string(), kind: z.string(), delegates: z.array(z.record(z.string(), z.string())), updatedAt: z.string() });
