// The words of a deliberation conversation, shared by the service that applies its
// rules, the store that keeps it and the API that shows it.
import type { Language } from '../kernel/texts.ts';

/** Who may join: anyone, or holders of a participation code. */
export type ConversationAccess = 'open' | 'code';
/** Strict: participants' statements wait for a moderator; loose: they show at once. */
export type Moderation = 'strict' | 'loose';
/** A closed conversation takes no participants, statements or votes; its report stays open. */
export type ConversationState = 'open' | 'closed';
export type StatementStatus = 'pending' | 'approved' | 'rejected';
/** The language a statement is written in; 'und' (undetermined) for imported ones. */
export type StatementLang = Language | 'und';
