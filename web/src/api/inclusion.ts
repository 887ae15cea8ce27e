// What the inclusion screens read: the answers' schemas of the contract
// (src/api/inclusion-answers.ts, answered by src/services/inclusion/service.ts):
// settings, composition reports, delegation rules, a participant's self-description.
import type { z } from 'zod';
import { zCompositionReport, zConventionComposition, zDelegation, zPublicInclusionSettings, zRuleResult } from '../../../src/api/inclusion-answers.ts';
export { zConversationComposition, zProfile } from '../../../src/api/inclusion-answers.ts';
export { zCreated as zCreatedDelegation } from '../../../src/api/contract.ts';

export const zInclusionSettings = zPublicInclusionSettings;
export type InclusionSettings = z.infer<typeof zInclusionSettings>;

export type CompositionReportView = z.infer<typeof zCompositionReport>;
export type RuleResultView = z.infer<typeof zRuleResult>;

export { zConventionComposition, zDelegation };
export type ConventionComposition = z.infer<typeof zConventionComposition>;
export type Delegation = z.infer<typeof zDelegation>;
