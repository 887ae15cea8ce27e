// Request bodies of the deliberation API (zod). Texts of statements are checked by
// the service (deliberation/text.ts) so that the messages can say what is wrong.
import { z } from 'zod';
import { LANGUAGES, zOptionalTranslations, zTranslations, type Translations } from '../kernel/texts.ts';
import { isWellFormed } from '../deliberation/text.ts';

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
