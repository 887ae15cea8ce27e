// The deliberation analysis as published in a conversation's report: opinion groups,
// the opinion map by base cluster, consensus, representative and divisive statements
// (src/deliberation/types.ts AnalysisResult, docs/deliberation.md).
import { z } from 'zod';

const zCounts = { agree: z.number(), disagree: z.number(), pass: z.number(), total: z.number() };
const zPair = z.tuple([z.number(), z.number()]);

const zConsensusStatement = z.strictObject({ statement: z.number(), p: z.number(), test: z.number(), ...zCounts });

export const zRepStatement = z.strictObject({
  statement: z.number(),
  direction: z.enum(['agree', 'disagree']),
  repness: z.number(),
  repnessTest: z.number(),
  pSuccess: z.number(),
  pTest: z.number(),
  ...zCounts,
  bestAgree: z.boolean().optional(),
});

const zPca = z.strictObject({ center: z.array(z.number()), components: z.tuple([z.array(z.number()), z.array(z.number())]), statementOrder: z.array(z.number()) });

export const zAnalysisResult = z.strictObject({
  nParticipants: z.number(),
  nClustered: z.number(),
  nStatements: z.number(),
  nVotes: z.number(),
  k: z.number(),
  groups: z.array(z.strictObject({ id: z.number(), size: z.number(), center: zPair })),
  /** Participant id -> group (clustered participants only). */
  membership: z.record(z.string(), z.number()),
  /** The opinion map by base cluster: no individual's position is published. */
  map: z.array(z.strictObject({ id: z.number(), x: z.number(), y: z.number(), size: z.number(), group: z.number() })),
  statements: z.array(z.strictObject({ statement: z.number(), ...zCounts })),
  groupStatements: z.array(z.strictObject({ statement: z.number(), ...zCounts, group: z.number() })),
  consensus: z.strictObject({ agree: z.array(zConsensusStatement), disagree: z.array(zConsensusStatement) }),
  groupInformedConsensus: z.array(z.strictObject({ statement: z.number(), score: z.number() })),
  repness: z.record(z.string(), z.array(zRepStatement)),
  divisive: z.array(z.strictObject({ statement: z.number(), spread: z.number(), mostAgree: z.number(), leastAgree: z.number() })),
  pca: zPca,
  extremity: z.record(z.string(), z.number()),
  priority: z.record(z.string(), z.number()),
});
