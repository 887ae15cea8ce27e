// The answers of the contract (src/api) are the types the services and cores return,
// exactly: checked by the compiler (tsc --noEmit, in npm test). The route handlers
// already make every field of a schema exist in what the service returns; these checks
// add the other direction (no field the service returns is missing from the schema), so
// that even an answer the tests never see cannot drift. (The trustee's and the credential
// authority's tasks are typed from their schemas: src/api/setup.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { z } from 'zod';
import type { zAnalysisResult } from '../../src/api/analysis.ts';
import type { zConversationSummary, zConversationView, zMathStatus, zNext, zPublicStatement, zReport } from '../../src/api/conversations.ts';
import type { zBoardPage, zElectionView } from '../../src/api/elections.ts';
import type { BoardPage } from '../../src/services/elections/board.ts';
import type { zCompositionReport, zConventionComposition, zConversationComposition, zDelegation, zPublishedEstimate, zRuleResult } from '../../src/api/inclusion.ts';
import type { zBenchmark, zClaim, zSource, zCountryTally, zWeightsView } from '../../src/api/monitor.ts';
import type { zCoverage, zEntityView, zLoadedList, zNetwork, zReason, zSearchAnswer } from '../../src/api/sanctions.ts';
import type { AnalysisResult } from '../../src/deliberation/types.ts';
import type { CompositionReport } from '../../src/inclusion/composition.ts';
import type { RuleResult } from '../../src/inclusion/delegations.ts';
import type { Benchmark, Claim, Source, Weights } from '../../src/monitor/model.ts';
import type { CountryTally } from '../../src/monitor/scoring.ts';
import type { Coverage, EntityView, LoadedList, Network, Reason, SameName } from '../../src/sanctions/index.ts';
import type { ConversationSummary, ConversationView, MathStatus, NextView, PublicStatement } from '../../src/services/conversations/service.ts';
import type { ElectionView } from '../../src/services/elections/views.ts';
import type { ConventionComposition, ConversationComposition, DelegationView, PublishedEstimate } from '../../src/services/inclusion/service.ts';
import type { ConversationService } from '../../src/services/conversations/service.ts';

/** Both ways assignable, and the same keys at every level (an optional field on one side only
 * fails); below a union (a rule, a relation's source) mutual assignability is what is checked. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
type SameKeys<A, B> = true extends IsUnion<A> | IsUnion<B> ? true : SameShape<A, B>;
type SameShape<A, B> = A extends readonly (infer X)[]
  ? B extends readonly (infer Y)[]
    ? Same<X, Y>
    : false
  : A extends object
    ? B extends object
      ? [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never]
        ? { [K in keyof A & keyof B]: SameKeys<NonNullable<A[K]>, NonNullable<B[K]>> }[keyof A & keyof B] extends true | never
          ? true
          : false
        : false
      : false
    : true;
function same<A, B>(check: Same<A, B>): void {
  assert.equal(check, true);
}
type Out<S extends z.ZodType> = z.output<S>;

test('the answers of the contract are exactly what the services return', () => {
  same<Out<typeof zElectionView>, ElectionView>(true);
  same<Out<typeof zBoardPage>, BoardPage>(true);
  same<Out<typeof zCompositionReport>, CompositionReport>(true);
  same<Out<typeof zConversationComposition>, ConversationComposition>(true);
  same<Out<typeof zConventionComposition>, ConventionComposition>(true);
  same<Out<typeof zDelegation>, DelegationView>(true);
  same<Out<typeof zPublishedEstimate>, PublishedEstimate>(true);
  same<Out<typeof zRuleResult>, RuleResult>(true);
  same<Out<typeof zAnalysisResult>, AnalysisResult>(true);
  same<Out<typeof zConversationSummary>, ConversationSummary>(true);
  same<Out<typeof zConversationView>, ConversationView>(true);
  same<Out<typeof zMathStatus>, MathStatus>(true);
  same<Out<typeof zPublicStatement>, PublicStatement>(true);
  same<Out<typeof zNext>, NextView>(true);
  same<Out<typeof zReport>, Awaited<ReturnType<ConversationService['report']>>>(true);
  same<Out<typeof zClaim>, Claim>(true);
  same<Out<typeof zSource>, Source>(true);
  same<Out<typeof zBenchmark>, Benchmark>(true);
  same<Out<typeof zWeightsView>, Weights>(true);
  same<Out<typeof zCountryTally>, CountryTally>(true);
  same<Out<typeof zEntityView>, EntityView>(true);
  same<Out<typeof zNetwork>, Network>(true);
  same<Out<typeof zCoverage>, Coverage>(true);
  same<Out<typeof zLoadedList>, LoadedList>(true);
  same<Out<typeof zSearchAnswer>['matches'][number]['schema'], EntityView['schema']>(true);
  same<Out<typeof zReason>, Reason>(true);
  same<NonNullable<Out<typeof zSearchAnswer>['sameName']>, SameName>(true);
});
