// What the inclusion screens read: settings, composition reports, delegation rules,
// a participant's self-description (src/services/inclusion/service.ts).
import { z } from 'zod';
import { zStatementView } from './conversations.ts';
import { zDimension, zText } from './common.ts';

export const zReferenceTable = z.object({ shares: z.record(z.string(), z.number()), source: z.string(), note: z.string() });

export const zInclusionSettings = z.object({
  dimensions: z.array(zDimension),
  minCell: z.number(),
  warnBelow: z.number(),
  reference: z.record(z.string(), zReferenceTable),
  questions: z.array(z.object({ dimension: zDimension, categories: z.array(z.string()) })),
});
export type InclusionSettings = z.infer<typeof zInclusionSettings>;

const zReason = z.enum(['small', 'complementary']);

export const zCompositionReport = z.object({
  minCell: z.number(),
  dimensions: z.array(
    z.object({
      dimension: z.string(),
      total: z.number(),
      answered: z.number(),
      categories: z.array(
        z.object({ category: z.string(), count: z.number().nullable(), share: z.number().nullable(), reference: z.number().nullable(), ratio: z.number().nullable(), suppressed: zReason.nullable() }),
      ),
      gallagher: z.number().nullable(),
      loosemoreHanby: z.number().nullable(),
      warnings: z.array(z.object({ category: z.string(), share: z.number(), reference: z.number(), ratio: z.number() })),
    }),
  ),
  suppressed: z.array(z.object({ dimension: z.string(), category: z.string(), reason: zReason })),
});
export type CompositionReportView = z.infer<typeof zCompositionReport>;

export const zRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('min-share'), dimension: z.string(), category: z.string(), min: z.number() }),
  z.object({ kind: z.literal('max-share'), dimension: z.string(), category: z.string(), max: z.number() }),
  z.object({ kind: z.literal('all-present'), dimension: z.string(), categories: z.array(z.string()) }),
]);

export const zRuleResult = z.object({
  rule: zRule,
  pass: z.boolean(),
  detail: z.union([z.object({ count: z.number(), total: z.number(), share: z.number() }), z.object({ missing: z.array(z.string()), present: z.array(z.string()) })]),
});
export type RuleResultView = z.infer<typeof zRuleResult>;

export const zConventionComposition = z.object({
  conventionId: z.string(),
  minCell: z.number(),
  conversations: z.array(z.object({ id: z.string(), topic: zText, respondents: z.number(), report: zCompositionReport })),
  elections: z.array(z.object({ uuid: z.string(), name: zText, voters: z.number(), report: zCompositionReport })),
  delegations: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), size: z.number(), report: zCompositionReport, rules: z.array(zRuleResult) })),
  allDelegates: z.object({ size: z.number(), report: zCompositionReport, rules: z.array(zRuleResult) }),
  rules: z.array(zRule),
});
export type ConventionComposition = z.infer<typeof zConventionComposition>;

export const zDelegation = z.object({ id: z.string(), name: z.string(), kind: z.string(), delegates: z.array(z.record(z.string(), z.string())) });
export type Delegation = z.infer<typeof zDelegation>;

export const zProfile = z.object({ answers: z.record(z.string(), z.string()) });

const zInterval = z.tuple([z.number(), z.number()]).nullable();

export const zPublishedEstimate = z.object({
  statement: z.number(),
  suppressed: z.boolean(),
  raw: z.object({ agree: z.number().nullable(), votes: z.number().nullable(), share: z.number().nullable(), interval: zInterval }),
  weighted: z.object({ share: z.number().nullable(), interval: zInterval, effectiveN: z.number().nullable(), votes: z.number().nullable(), suppressed: z.boolean() }).nullable(),
});

/** A conversation's agreement weighted to the reference shares (the deliberation report shows it). */
export const zConversationComposition = z.object({
  report: z.object({ minCell: z.number() }),
  weighting: z.object({
    dimensions: z.array(z.string()),
    excluded: z.number(),
    converged: z.boolean(),
    kish: z.object({ n: z.number(), effectiveSampleSize: z.number(), designEffect: z.number().nullable() }).nullable(),
    caveats: z.array(z.string()),
  }),
  estimates: z.object({ statements: z.array(zPublishedEstimate) }),
  statements: z.array(zStatementView),
});
