// What the deliberation API answers (src/services/conversations): conversations,
// statements, the next statement to vote on, the report and the organiser's view.
// Kept apart from the endpoints (src/api/conversations.ts) so that the web app reads its
// answers with these schemas without loading the input checks.
import { z } from 'zod';
import { LANGUAGES } from '../kernel/texts.ts';
import { zAnalysisResult } from './analysis.ts';
import { zTexts } from './contract.ts';

const zAccess = z.enum(['open', 'code']);
const zModerationMode = z.enum(['strict', 'loose']);
const zConversationStateName = z.enum(['open', 'closed']);
export const zStatementLang = z.enum([...LANGUAGES, 'und']);
export const zStatementStatus = z.enum(['pending', 'approved', 'rejected']);
export const zVoteValue = z.union([z.literal(1), z.literal(-1), z.literal(0)]);
export const zVoteCounts = z.strictObject({ agree: z.number(), disagree: z.number(), pass: z.number() });

export const zConversationSummary = z.strictObject({
  id: z.string(),
  topic: zTexts,
  description: zTexts,
  access: zAccess,
  moderation: zModerationMode,
  state: zConversationStateName,
  counts: z.strictObject({ participants: z.number(), statements: z.number(), votes: z.number() }),
});
export const zConversationView = zConversationSummary.extend({ conventionId: z.string(), analysedAt: z.string().nullable() });

export const zMathStatus = z.strictObject({
  state: z.enum(['idle', 'queued', 'running', 'failed']),
  analysedAt: z.string().nullable(),
  votesIncluded: z.number(),
  votesTotal: z.number(),
  durationMs: z.number().nullable(),
  error: z.string().optional(),
});

export const zPublicStatement = z.strictObject({ id: z.number(), text: z.string(), lang: zStatementLang, translations: zTexts, meta: z.boolean() });
export const zNext = z.strictObject({ statement: zPublicStatement.nullable(), remaining: z.number(), voted: z.number() });

export const zReport = z.strictObject({ conversation: zConversationView, analysis: zAnalysisResult.nullable(), statements: z.array(zPublicStatement), status: zMathStatus });

export const zOrganiserConversation = z.strictObject({
  conversation: zConversationView.extend({ pending: z.number() }),
  statements: z.array(
    z.strictObject({
      id: z.number(),
      text: z.string(),
      lang: zStatementLang,
      translations: zTexts,
      status: zStatementStatus,
      meta: z.boolean(),
      rejectReason: z.string().nullable(),
      seed: z.boolean(),
      counts: zVoteCounts,
    }),
  ),
  status: zMathStatus,
  codes: z.strictObject({ issued: z.number(), used: z.number() }),
});

/** The organiser's list of a convention's conversations: with the statements awaiting moderation. */
export const zOrganiserConversationSummary = zConversationSummary.extend({ pending: z.number() });

/** Approved statements with their vote counts. */
export const zCountedStatement = zPublicStatement.extend({ seed: z.boolean(), counts: zVoteCounts });

export const zJoined = z.strictObject({ participant: z.number() });
export const zMe = z.strictObject({ participant: z.number(), votes: z.record(z.string(), zVoteValue), submitted: z.number() });
export const zVoteAnswer = z.strictObject({ ok: z.literal(true), next: zNext });
export const zSubmitted = z.strictObject({ id: z.number(), status: zStatementStatus });
export const zPolisImported = z.strictObject({ id: z.string(), statements: z.number(), participants: z.number(), votes: z.number() });
export const zStatementAdded = z.strictObject({ id: z.number() });
export const zCodesIssued = z.strictObject({ codes: z.array(z.string()) });
