// What the deliberation screens read: the answers' schemas of the contract
// (src/api/conversations-answers.ts, answered by src/services/conversations), so the
// screens and the server cannot drift.
import type { z } from 'zod';
import {
  zCodesIssued,
  zConversationSummary,
  zConversationView,
  zCountedStatement,
  zMathStatus,
  zNext,
  zOrganiserConversation,
  zPublicStatement,
  zReport,
  zStatementLang,
} from '../../../src/api/conversations-answers.ts';
export { zCreated as zCreatedConversation } from '../../../src/api/contract.ts';
export {
  zJoined,
  zMe,
  zOrganiserConversationSummary,
  zPolisImported,
  zStatementAdded,
  zSubmitted,
  zVoteAnswer,
} from '../../../src/api/conversations-answers.ts';

/** One of a convention's conversations, as its list shows it. */
export { zConversationSummary, zCountedStatement };
export type ConversationSummary = z.infer<typeof zConversationSummary>;
export type ConversationCounts = ConversationSummary['counts'];

export { zConversationView };
export type ConversationView = z.infer<typeof zConversationView>;

/** Statements imported from Polis have no known language ('und'). */
export type StatementLang = z.infer<typeof zStatementLang>;

/** A statement as shown to participants (the counted statements and the organiser's carry more). */
export type StatementView = z.infer<typeof zPublicStatement>;
/** An approved statement with its seed mark and vote counts. */
export type CountedStatement = z.infer<typeof zCountedStatement>;

export type MathStatus = z.infer<typeof zMathStatus>;

/** The next statement to vote on, and how far the participant has come. */
export { zNext };
export type Next = z.infer<typeof zNext>;

// ----------------------------------------------------------------- the report

export { zReport };
export type Report = z.infer<typeof zReport>;
export type Analysis = NonNullable<Report['analysis']>;
export type StatementStats = Analysis['statements'][number];
export type GroupStatementStats = Analysis['groupStatements'][number];

// ---------------------------------------------------------------- organisers

export const zManagedConversation = zOrganiserConversation;
export type ManagedConversation = z.infer<typeof zManagedConversation>;
export type ManagedStatement = ManagedConversation['statements'][number];

export const zCodes = zCodesIssued;
