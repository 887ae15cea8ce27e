// The voting booth's one answer, apart so that the voting page loads no other schema
// (the contract's src/api/elections.ts would bring the draft's and the inclusion's
// schemas into the voting page). Checked against the contract by the type checker below.
import { z } from 'zod';
import type { zCastResult } from '../../../src/api/elections.ts';

/** A cast ballot: its tracker, whether it replaced an earlier ballot of the same credential,
 * and whether this exact ballot was already on the board (a retry after a lost reply). */
export const zCastAnswer = z.object({ tracker: z.string(), replaced: z.boolean(), alreadyRecorded: z.boolean(), relayed: z.literal(true).optional(), event: z.object({ height: z.number(), hash: z.string() }).optional() });
export type CastAnswer = z.infer<typeof zCastAnswer>;

/** What the booth needs of an election's public view: whether it is open now. */
export const zBoothElection = z.object({ state: z.string(), opensAt: z.string().nullable(), closesAt: z.string().nullable(), demoCredentials: z.array(z.string()).optional() });
export type BoothElection = z.infer<typeof zBoothElection>;

// the same shape as the contract's answer, both ways: a drift does not compile
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type CastAnswerIsTheContracts = Holds<Same<CastAnswer, z.infer<typeof zCastResult>>>;
