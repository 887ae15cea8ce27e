// What the conversation service answers: conversations, their analysis status and
// statements as the contract shows them (src/api/conversations-answers.ts).
import type { Translations } from '../../kernel/texts.ts';
import type { ConversationAccess, ConversationState, Moderation, StatementLang } from '../../deliberation/conversation.ts';
import type { ConversationRow, StatementWithCounts } from '../../store/deliberation.ts';
import { DEFAULT_LIMITS } from './limits.ts';

export interface Counts {
  participants: number;
  statements: number;
  votes: number;
}

export interface ConversationSummary {
  id: string;
  topic: Translations;
  description: Translations;
  access: ConversationAccess;
  moderation: Moderation;
  state: ConversationState;
  counts: Counts;
}

export interface ConversationView extends ConversationSummary {
  conventionId: string;
  analysedAt: string | null;
}

export interface MathStatus {
  state: 'idle' | 'queued' | 'running' | 'failed';
  analysedAt: string | null;
  votesIncluded: number;
  votesTotal: number;
  durationMs: number | null;
  error?: string;
}

export interface PublicStatement {
  id: number;
  text: string;
  lang: StatementLang;
  translations: Translations;
  meta: boolean;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function summaryOf(c: ConversationRow): ConversationSummary {
  return {
    id: c.id,
    topic: c.topic,
    description: c.description,
    access: c.access,
    moderation: c.moderation,
    state: c.state,
    counts: { participants: c.n_participants, statements: c.n_approved, votes: c.n_votes },
  };
}

export function conversationView(c: ConversationRow): ConversationView {
  const s = summaryOf(c);
  return { id: s.id, conventionId: c.convention_id, topic: s.topic, description: s.description, access: s.access, moderation: s.moderation, state: s.state, counts: s.counts, analysedAt: iso(c.analysed_at) };
}

export function mathStatus(c: ConversationRow, now: Date, staleMs = DEFAULT_LIMITS.staleAnalysisMs): MathStatus {
  const running = c.analysis_started_at !== null && now.getTime() - c.analysis_started_at.getTime() < staleMs;
  const pending = c.votes_seq > c.analysed_seq;
  const state: MathStatus['state'] = running ? 'running' : c.analysis_error !== null && pending ? 'failed' : pending ? 'queued' : 'idle';
  return {
    state,
    analysedAt: iso(c.analysed_at),
    votesIncluded: c.analysis_votes ?? 0,
    votesTotal: c.n_votes,
    durationMs: c.analysis_ms,
    ...(c.analysis_error !== null ? { error: c.analysis_error } : {}),
  };
}

export function publicStatement(s: { id: number; text: string; lang: StatementLang; translations: Translations; is_meta: boolean }): PublicStatement {
  return { id: s.id, text: s.text, lang: s.lang, translations: s.translations ?? {}, meta: s.is_meta };
}

export function countsOf(s: StatementWithCounts) {
  return { agree: s.agree, disagree: s.disagree, pass: s.pass };
}

export interface NextView {
  statement: PublicStatement | null;
  remaining: number;
  voted: number;
}
