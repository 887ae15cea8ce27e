// The voting booth's one answer, apart so that the voting page loads no other schema
// (the contract's src/api/elections.ts would bring the draft's and the inclusion's
// schemas into the voting page). Checked against the contract by the type checker below.
import { z } from 'zod';
import type { zCastResult } from '../../../src/api/elections.ts';

/** A cast ballot: its tracker, and whether it replaced an earlier ballot of the same credential. */
export const zCastAnswer = z.object({ tracker: z.string(), replaced: z.boolean() });
export type CastAnswer = z.infer<typeof zCastAnswer>;

// the same shape as the contract's answer, both ways: a drift does not compile
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type CastAnswerIsTheContracts = Holds<Same<CastAnswer, z.infer<typeof zCastResult>>>;
