// What the public pages read about conventions and elections
// (src/services/elections/views.ts answers). Replace by src/api once it has them.
import { z } from 'zod';
import { zCompositionReport } from './inclusion.ts';
import { zDimension, zText } from './common.ts';
import { ELECTION_STATES } from '../../../src/api/election-state.ts';

export const zQuestionView = z.object({ question: zText, answers: z.array(zText), min: z.number(), max: z.number(), blank: z.boolean() });

export const zElectionView = z.object({
  uuid: z.string(),
  conventionId: z.string(),
  state: z.enum(ELECTION_STATES),
  name: zText,
  description: zText,
  questions: z.array(zQuestionView),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  trustees: z.object({ count: z.number(), threshold: z.number().nullable() }),
  fingerprint: z.string().nullable(),
  credentialsFingerprint: z.string().nullable(),
  counts: z.object({ ballots: z.number(), voters: z.number(), credentials: z.number() }),
  result: z.array(z.array(z.string())).nullable(),
  selfDescription: z.array(zDimension),
  composition: zCompositionReport.nullable(),
});
export type ElectionView = z.infer<typeof zElectionView>;

export const zConventionView = z.object({ id: z.string(), title: zText, description: zText, elections: z.array(zElectionView) });
export type ConventionView = z.infer<typeof zConventionView>;

/** The ballot box: every tracker, and whether it is the one that counts for its credential. */
export const zBallotBox = z.array(z.object({ tracker: z.string(), counted: z.boolean() }));
export const zTrackerCheck = z.object({ tracker: z.string(), counted: z.boolean() });
