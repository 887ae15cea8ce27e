// What the deliberation screens read (src/services/conversations/service.ts answers;
// the request schemas are in src/api/conversations.ts). Replace by src/api once it
// has the answers.
import { z } from 'zod';
import { zText } from './common.ts';

export const zConversationCounts = z.object({ participants: z.number(), statements: z.number(), votes: z.number() });
export type ConversationCounts = z.infer<typeof zConversationCounts>;

export const zConversationView = z.object({
  id: z.string(),
  /** Absent in the lists of a convention's conversations. */
  conventionId: z.string().optional(),
  topic: zText,
  description: zText,
  access: z.enum(['open', 'code']),
  moderation: z.enum(['strict', 'loose']),
  state: z.enum(['open', 'closed']),
  counts: zConversationCounts,
  analysedAt: z.string().nullable().optional(),
  /** Organiser lists only: statements awaiting moderation. */
  pending: z.number().optional(),
});
export type ConversationView = z.infer<typeof zConversationView>;

/** Statements imported from Polis have no known language ('und'). */
export const zStatementLang = z.enum(['en', 'fa-AF', 'ps-AF', 'und']);
export type StatementLang = z.infer<typeof zStatementLang>;

const zVoteCounts = z.object({ agree: z.number(), disagree: z.number(), pass: z.number() });

export const zStatementView = z.object({
  id: z.number(),
  text: z.string(),
  lang: zStatementLang,
  /** Human translations into the other languages. */
  translations: z.partialRecord(zStatementLang, z.string()).optional(),
  meta: z.boolean().optional(),
  seed: z.boolean().optional(),
  counts: zVoteCounts.optional(),
});
export type StatementView = z.infer<typeof zStatementView>;

export const zMathStatus = z.object({
  state: z.enum(['idle', 'queued', 'running', 'failed']),
  analysedAt: z.string().nullable(),
  votesIncluded: z.number(),
  votesTotal: z.number(),
  durationMs: z.number().nullable(),
  error: z.string().optional(),
});
export type MathStatus = z.infer<typeof zMathStatus>;

/** The next statement to vote on, and how far the participant has come. */
export const zNext = z.object({ statement: zStatementView.nullable(), remaining: z.number(), voted: z.number() });
export type Next = z.infer<typeof zNext>;

export const zMe = z.object({ participant: z.number(), votes: z.record(z.string(), z.union([z.literal(1), z.literal(-1), z.literal(0)])), submitted: z.number() });
export const zJoined = z.object({ participant: z.number() });
export const zVoteAnswer = z.object({ ok: z.literal(true), next: zNext });
export const zSubmitted = z.object({ id: z.number(), status: z.enum(['pending', 'approved', 'rejected']) });

// ----------------------------------------------------------------- the report

const zStatementStats = z.object({ statement: z.number(), agree: z.number(), disagree: z.number(), pass: z.number(), total: z.number() });
export type StatementStats = z.infer<typeof zStatementStats>;
const zGroupStatementStats = zStatementStats.extend({ group: z.number() });
export type GroupStatementStats = z.infer<typeof zGroupStatementStats>;
const zConsensusStatement = zStatementStats.extend({ p: z.number(), test: z.number() });

/** The analysis as the report shows it (src/deliberation/types.ts AnalysisResult, less the routing figures). */
export const zAnalysis = z.object({
  nParticipants: z.number(),
  nClustered: z.number(),
  nStatements: z.number(),
  nVotes: z.number(),
  k: z.number(),
  groups: z.array(z.object({ id: z.number(), size: z.number(), center: z.tuple([z.number(), z.number()]) })),
  map: z.array(z.object({ id: z.number(), x: z.number(), y: z.number(), size: z.number(), group: z.number() })),
  statements: z.array(zStatementStats),
  groupStatements: z.array(zGroupStatementStats),
  consensus: z.object({ agree: z.array(zConsensusStatement), disagree: z.array(zConsensusStatement) }),
  groupInformedConsensus: z.array(z.object({ statement: z.number(), score: z.number() })),
  repness: z.record(
    z.string(),
    z.array(
      zStatementStats.extend({
        direction: z.enum(['agree', 'disagree']),
        repness: z.number(),
        repnessTest: z.number(),
        pSuccess: z.number(),
        pTest: z.number(),
        bestAgree: z.boolean().optional(),
      }),
    ),
  ),
  divisive: z.array(z.object({ statement: z.number(), spread: z.number(), mostAgree: z.number(), leastAgree: z.number() })),
});
export type Analysis = z.infer<typeof zAnalysis>;

export const zReport = z.object({ conversation: zConversationView, analysis: zAnalysis.nullable(), statements: z.array(zStatementView), status: zMathStatus });
export type Report = z.infer<typeof zReport>;

// ---------------------------------------------------------------- organisers

export const zManagedStatement = zStatementView.extend({ status: z.enum(['pending', 'approved', 'rejected']), rejectReason: z.string().nullable().optional() });
export type ManagedStatement = z.infer<typeof zManagedStatement>;

export const zManagedConversation = z.object({
  conversation: zConversationView,
  statements: z.array(zManagedStatement),
  status: zMathStatus,
  codes: z.object({ issued: z.number(), used: z.number() }),
});
export type ManagedConversation = z.infer<typeof zManagedConversation>;

export const zCreatedConversation = z.object({ id: z.string() });
export const zCodes = z.object({ codes: z.array(z.string()) });
export const zPolisImported = z.object({ id: z.string(), statements: z.number(), participants: z.number(), votes: z.number() });
