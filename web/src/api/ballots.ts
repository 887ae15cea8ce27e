// The voting booth's one answer, apart so that the voting page loads no other schema.
import { z } from 'zod';

/** A cast ballot: its tracker, and whether it replaced an earlier ballot of the same credential. */
export const zCastAnswer = z.object({ tracker: z.string(), replaced: z.boolean() });
export type CastAnswer = z.infer<typeof zCastAnswer>;
