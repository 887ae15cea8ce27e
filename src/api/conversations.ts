// The deliberation API (docs/deliberation-api.md): conversations, participants,
// statements, votes, reports and Polis exports; organisers' moderation, codes and
// imports. Texts of statements are checked by the service (deliberation/text.ts) so
// that the messages can say what is wrong.
import { z } from 'zod';
import { LANGUAGES, zOptionalTranslations, zTranslations, type Translations } from '../kernel/texts.ts';
import { isWellFormed } from '../deliberation/text.ts';
import { endpoint, file, named, zCreated, zIdParams, zOk } from './contract.ts';
import {
  zCodesIssued,
  zConversationSummary,
  zConversationView,
  zCountedStatement,
  zJoined,
  zMe,
  zNext,
  zOrganiserConversation,
  zOrganiserConversationSummary,
  zPolisImported,
  zReport,
  zStatementAdded,
  zSubmitted,
  zVoteAnswer,
} from './conversations-answers.ts';

export * from './conversations-answers.ts';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;
const safeTexts = (t: Translations) => Object.values(t).every((v) => v === undefined || (isWellFormed(v) && !CONTROL.test(v)));
const SAFE = { error: 'texts cannot contain control characters or malformed characters' };

/** A title or description in one to three languages, without control characters. */
export const zTopic = zTranslations.refine(safeTexts, SAFE);
export const zDescription = zOptionalTranslations.refine(safeTexts, SAFE);

export const zLang = z.enum(LANGUAGES, { error: 'lang must be one of en, fa-AF, ps-AF' });

export const zStatementInput = z.object({
  text: z.string({ error: 'text must be a string' }),
  lang: zLang,
});
export type StatementInput = z.infer<typeof zStatementInput>;

export const MAX_SEEDS = 200;

export const zConversationInput = z.object({
  topic: zTopic,
  description: zDescription.optional().transform((d) => d ?? {}),
  access: z.enum(['open', 'code'], { error: "access must be 'open' or 'code'" }),
  moderation: z.enum(['strict', 'loose'], { error: "moderation must be 'strict' or 'loose'" }),
  seeds: z.array(zStatementInput).max(MAX_SEEDS, { error: `at most ${MAX_SEEDS} seed statements` }).optional().transform((s) => s ?? []),
});
export type ConversationInput = z.infer<typeof zConversationInput>;

export const zJoin = z.object({ code: z.string({ error: 'code must be a string' }).max(200).optional() });

export const zVote = z.object({
  statement: z.number({ error: 'statement must be a statement id (a whole number)' }).int({ error: 'statement must be a whole number' }).min(0).max(2 ** 31 - 1),
  vote: z.union([z.literal(1), z.literal(-1), z.literal(0)], { error: 'vote must be 1 (agree), -1 (disagree) or 0 (pass)' }),
});

export const zModeration = z
  .object({
    action: z.enum(['approve', 'reject', 'meta', 'unmeta'], { error: "action must be 'approve', 'reject', 'meta' or 'unmeta'" }),
    reason: z.string().trim().min(1, { error: 'the reason cannot be empty' }).max(500, { error: 'the reason has at most 500 characters' }).optional(),
  })
  .refine((m) => m.action !== 'reject' || m.reason !== undefined, { error: 'give a reason (1 to 500 characters) to reject a statement', path: ['reason'] });
export type ModerationInput = z.infer<typeof zModeration>;

export const zTranslation = z.object({ lang: zLang, text: z.string({ error: 'text must be a string (empty to remove the translation)' }) });

export const MAX_CODES = 10000;
export const zCodes = z.object({ count: z.number().int({ error: 'count must be a whole number' }).min(1, { error: 'count must be at least 1' }).max(MAX_CODES, { error: `at most ${MAX_CODES} codes at once` }) });

export const zConversationState = z.object({ state: z.enum(['open', 'closed'], { error: "state must be 'open' or 'closed'" }) });

export const zImport = z.object({
  topic: zTopic,
  description: zDescription.optional().transform((d) => d ?? {}),
  comments: z.string({ error: 'comments must be the text of comments.csv' }),
  participantsVotes: z.string({ error: 'participantsVotes must be the text of participants-votes.csv' }),
  votes: z.string({ error: 'votes must be the text of votes.csv' }).optional(),
});
export type ImportInput = z.infer<typeof zImport>;

const zSid = z.strictObject({ id: z.string(), sid: z.string() });
const tag = 'conversations';
const csv = (what: string) => file('text/csv', what);

export const conversationsApi = {
  list: endpoint({ method: 'GET', path: '/conventions/:id/conversations', tag, summary: "A convention's conversations", params: zIdParams, response: z.array(zConversationSummary) }),
  view: endpoint({ method: 'GET', path: '/conversations/:id', tag, summary: 'A conversation', params: zIdParams, response: zConversationView }),
  join: endpoint({
    method: 'POST',
    path: '/conversations/:id/participants',
    tag,
    summary: 'Join (with a participation code when the conversation asks for one); sets the participant cookie',
    params: zIdParams,
    body: named(zJoin.nullish(), 'join'),
    response: zJoined,
  }),
  leave: endpoint({ method: 'DELETE', path: '/conversations/:id/me', tag, summary: 'Forget this device (quick exit); the participant and their votes stay', params: zIdParams, response: zOk }),
  me: endpoint({
    method: 'GET',
    path: '/conversations/:id/me',
    tag,
    summary: "The participant's votes and statements written",
    params: zIdParams,
    response: zMe,
  }),
  next: endpoint({ method: 'GET', path: '/conversations/:id/next', tag, summary: 'The next statement to vote on', params: zIdParams, response: zNext }),
  vote: endpoint({
    method: 'POST',
    path: '/conversations/:id/votes',
    tag,
    summary: 'Agree, disagree or pass on a statement; answers the next one',
    params: zIdParams,
    body: named(zVote, 'vote'),
    response: zVoteAnswer,
  }),
  submit: endpoint({
    method: 'POST',
    path: '/conversations/:id/statements',
    tag,
    summary: 'Write a statement (held for moderation in strictly moderated conversations)',
    params: zIdParams,
    body: named(zStatementInput, 'statement'),
    response: zSubmitted,
  }),
  statements: endpoint({
    method: 'GET',
    path: '/conversations/:id/statements',
    tag,
    summary: 'Approved statements with their vote counts',
    params: zIdParams,
    response: z.array(zCountedStatement),
  }),
  report: endpoint({ method: 'GET', path: '/conversations/:id/report', tag, summary: 'The report: opinion groups, common ground, divisive statements', params: zIdParams, response: zReport }),
  exportComments: endpoint({ method: 'GET', path: '/conversations/:id/export/comments.csv', tag, summary: 'Polis export: comments.csv', params: zIdParams, response: csv('Polis comments.csv') }),
  exportParticipantsVotes: endpoint({ method: 'GET', path: '/conversations/:id/export/participants-votes.csv', tag, summary: 'Polis export: participants-votes.csv', params: zIdParams, response: csv('Polis participants-votes.csv') }),
  exportVotes: endpoint({ method: 'GET', path: '/conversations/:id/export/votes.csv', tag, summary: 'Polis export: votes.csv', params: zIdParams, response: csv('Polis votes.csv') }),
  exportReport: endpoint({ method: 'GET', path: '/conversations/:id/export/report.json', tag, summary: 'The report, as a file', params: zIdParams, response: file('application/json', 'the report (JSON)', zReport) }),

  create: endpoint({ method: 'POST', path: '/organiser/conventions/:id/conversations', tag, summary: 'Create a conversation with seed statements', params: zIdParams, body: named(zConversationInput, 'conversation'), response: zCreated }),
  organiserList: endpoint({
    method: 'GET',
    path: '/organiser/conventions/:id/conversations',
    tag,
    summary: "A convention's conversations, with statements waiting for moderation",
    params: zIdParams,
    response: z.array(zOrganiserConversationSummary),
  }),
  importPolis: endpoint({
    method: 'POST',
    path: '/organiser/conventions/:id/conversations/import',
    tag,
    summary: 'Import a Polis export as a closed conversation',
    params: zIdParams,
    body: named(zImport, 'import'),
    response: zPolisImported,
  }),
  organiserView: endpoint({ method: 'GET', path: '/organiser/conversations/:id', tag, summary: 'A conversation with every statement, the analysis status and codes', params: zIdParams, response: zOrganiserConversation }),
  addStatement: endpoint({
    method: 'POST',
    path: '/organiser/conversations/:id/statements',
    tag,
    summary: "Add an organiser's statement (approved at once)",
    params: zIdParams,
    body: named(zStatementInput, 'statement'),
    response: zStatementAdded,
  }),
  moderate: endpoint({
    method: 'POST',
    path: '/organiser/conversations/:id/statements/:sid/moderation',
    tag,
    summary: 'Approve, reject (with a reason), mark or unmark as meta',
    params: zSid,
    body: named(zModeration, 'moderation'),
    response: zOk,
  }),
  translate: endpoint({
    method: 'PUT',
    path: '/organiser/conversations/:id/statements/:sid/translations',
    tag,
    summary: 'Set or remove a translation of a statement',
    params: zSid,
    body: named(zTranslation, 'translation'),
    response: zOk,
  }),
  issueCodes: endpoint({
    method: 'POST',
    path: '/organiser/conversations/:id/codes',
    tag,
    summary: 'Issue participation codes (shown once)',
    params: zIdParams,
    body: named(zCodes, 'codes'),
    response: zCodesIssued,
  }),
  setState: endpoint({ method: 'POST', path: '/organiser/conversations/:id/state', tag, summary: 'Open or close a conversation', params: zIdParams, body: named(zConversationState, 'state'), response: zOk }),
  recompute: endpoint({ method: 'POST', path: '/organiser/conversations/:id/recompute', tag, summary: 'Ask for a new analysis', params: zIdParams, response: zOk }),
};
