// Deliberation conversations in the database: conversations, statements,
// participants, participation codes and votes (migrations 002 and 008). SQL only; the
// rules live in src/services/conversations.
//
// Votes and statements keep the day they were cast or written (a DATE, UTC), never
// the instant; participants keep no time at all; a participation code is deleted when
// it is spent, so nothing links a participant to the code they joined with
// (docs/trust-model.md, "What can be learned about a participant").
import type { Translations } from '../kernel/texts.ts';
import type { ConversationAccess, ConversationState, Moderation, StatementLang, StatementStatus } from '../deliberation/conversation.ts';
import type { AnalysisResult, Vote } from '../deliberation/types.ts';
import type { Db, Queryable } from './db.ts';

export interface ConversationRow {
  id: string;
  convention_id: string;
  topic: Translations;
  description: Translations;
  access: ConversationAccess;
  moderation: Moderation;
  state: ConversationState;
  imported: boolean;
  created_at: Date;
  n_participants: number;
  n_votes: number;
  votes_seq: number;
  analysed_seq: number;
  analysis_votes: number | null;
  analysis_started_at: Date | null;
  analysed_at: Date | null;
  analysis_ms: number | null;
  analysis_error: string | null;
  analysis_failures: number;
  analysis_retry_at: Date | null;
  /** Approved statements (what the public sees). */
  n_approved: number;
  n_pending: number;
}

const CONVERSATION_COLUMNS = `c.id, c.convention_id, c.topic, c.description, c.access, c.moderation, c.state, c.imported, c.created_at,
  c.n_participants, c.n_votes, c.votes_seq::text AS votes_seq, c.analysed_seq::text AS analysed_seq, c.analysis_votes,
  c.analysis_started_at, c.analysed_at, c.analysis_ms, c.analysis_error, c.analysis_failures, c.analysis_retry_at,
  (SELECT count(*)::int FROM statements s WHERE s.conversation_id = c.id AND s.status = 'approved') AS n_approved,
  (SELECT count(*)::int FROM statements s WHERE s.conversation_id = c.id AND s.status = 'pending') AS n_pending`;

/** The UTC day of an instant, as the DATE columns store it ('2026-12-05'). */
export function dayOf(at: Date): string {
  return at.toISOString().split('T')[0]!;
}

/** A stored day as the instant it begins (UTC midnight). */
function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function date(v: unknown): Date | null {
  return v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));
}

function conversationOf(r: Record<string, unknown>): ConversationRow {
  return {
    ...(r as unknown as ConversationRow),
    created_at: date(r.created_at)!,
    votes_seq: Number(r.votes_seq),
    analysed_seq: Number(r.analysed_seq),
    analysis_started_at: date(r.analysis_started_at),
    analysed_at: date(r.analysed_at),
    analysis_retry_at: date(r.analysis_retry_at),
  };
}

export interface NewConversation {
  id: string;
  conventionId: string;
  topic: Translations;
  description: Translations;
  access: ConversationAccess;
  moderation: Moderation;
  state: ConversationState;
  imported: boolean;
  createdAt: Date;
}

export async function insertConversation(tx: Queryable, c: NewConversation): Promise<void> {
  await tx.query(
    'INSERT INTO conversations (id, convention_id, topic, description, access, moderation, state, imported, created_at) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7, $8, $9)',
    [c.id, c.conventionId, JSON.stringify(c.topic), JSON.stringify(c.description), c.access, c.moderation, c.state, c.imported, c.createdAt],
  );
}

export async function getConversation(db: Queryable, id: string): Promise<ConversationRow | undefined> {
  const [row] = await db.query(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = $1`, [id]);
  return row ? conversationOf(row) : undefined;
}

export async function listConversations(db: Queryable, conventionId: string): Promise<ConversationRow[]> {
  const rows = await db.query(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.convention_id = $1 ORDER BY c.created_at, c.id`, [conventionId]);
  return rows.map(conversationOf);
}

/** The conversation row locked until the end of the transaction (state, counters). */
export async function lockConversation(tx: Queryable, id: string): Promise<{ id: string; state: ConversationState; access: ConversationAccess; moderation: Moderation } | undefined> {
  const [row] = await tx.query<{ id: string; state: ConversationState; access: ConversationAccess; moderation: Moderation }>('SELECT id, state, access, moderation FROM conversations WHERE id = $1 FOR UPDATE', [id]);
  return row;
}

export async function setConversationState(tx: Queryable, id: string, state: ConversationState): Promise<void> {
  await tx.query('UPDATE conversations SET state = $2 WHERE id = $1', [id, state]);
}

/** Mark the analysis out of date (a vote or a moderation change). */
export async function bumpVotesSeq(tx: Queryable, id: string, newVotes = 0): Promise<void> {
  await tx.query('UPDATE conversations SET votes_seq = votes_seq + 1, n_votes = n_votes + $2 WHERE id = $1', [id, newVotes]);
}

/** Queue a recompute now: out of date, and any back-off after failures forgotten. */
export async function requestRecompute(tx: Queryable, id: string): Promise<void> {
  await tx.query('UPDATE conversations SET votes_seq = votes_seq + 1, analysis_retry_at = NULL, analysis_failures = 0 WHERE id = $1', [id]);
}

// ---------------------------------------------------------------- statements

export interface StatementRow {
  id: number;
  author_participant: number | null;
  text: string;
  lang: StatementLang;
  normalized: string | null;
  status: StatementStatus;
  is_meta: boolean;
  reject_reason: string | null;
  translations: Translations;
  /** The day it was written (UTC midnight). */
  written_on: Date;
}

export interface StatementWithCounts extends StatementRow {
  agree: number;
  disagree: number;
  pass: number;
}

export interface NewStatement {
  id: number;
  author: number | null;
  text: string;
  lang: StatementLang;
  normalized: string | null;
  status: StatementStatus;
  rejectReason?: string | null;
  /** Stored as its day only. */
  createdAt: Date;
}

/** The next statement id of a conversation (the conversation row stays locked). */
export async function allocateStatementIds(tx: Queryable, conversationId: string, count: number): Promise<number> {
  const [row] = await tx.query<{ first: number }>('UPDATE conversations SET next_statement = next_statement + $2 WHERE id = $1 RETURNING next_statement - $2 AS first', [conversationId, count]);
  return row!.first;
}

export async function insertStatements(tx: Queryable, conversationId: string, statements: readonly NewStatement[]): Promise<void> {
  if (statements.length === 0) return;
  await tx.query(
    `INSERT INTO statements (conversation_id, id, author_participant, text, lang, normalized, status, reject_reason, translations, written_on)
     SELECT $1, u.id, u.author, u.text, u.lang, u.normalized, u.status, u.reason, '{}'::jsonb, u.day
     FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[]) AS u(id, author, text, lang, normalized, status, reason, day)`,
    [
      conversationId,
      statements.map((s) => s.id),
      statements.map((s) => s.author),
      statements.map((s) => s.text),
      statements.map((s) => s.lang),
      statements.map((s) => s.normalized),
      statements.map((s) => s.status),
      statements.map((s) => s.rejectReason ?? null),
      statements.map((s) => dayOf(s.createdAt)),
    ],
  );
}

const STATEMENT_COLUMNS = "s.id, s.author_participant, s.text, s.lang, s.normalized, s.status, s.is_meta, s.reject_reason, s.translations, to_char(s.written_on, 'YYYY-MM-DD') AS written_on";

function statementOf<T extends StatementRow>(r: Omit<T, 'written_on'> & { written_on: Date | string }): T {
  return { ...r, written_on: dayStart(String(r.written_on)) } as T;
}

export async function getStatement(db: Queryable, conversationId: string, id: number, lock = false): Promise<StatementRow | undefined> {
  const [row] = await db.query<StatementRow & Record<string, unknown>>(`SELECT ${STATEMENT_COLUMNS} FROM statements s WHERE s.conversation_id = $1 AND s.id = $2${lock ? ' FOR UPDATE' : ''}`, [conversationId, id]);
  return row && statementOf(row);
}

export async function statementByNormalized(db: Queryable, conversationId: string, normalized: string): Promise<StatementRow | undefined> {
  const [row] = await db.query<StatementRow & Record<string, unknown>>(`SELECT ${STATEMENT_COLUMNS} FROM statements s WHERE s.conversation_id = $1 AND s.normalized = $2`, [conversationId, normalized]);
  return row && statementOf(row);
}

/** Normalised texts of the statements that are not rejected (for near-duplicates). */
export async function liveNormalized(db: Queryable, conversationId: string): Promise<{ id: number; normalized: string | null }[]> {
  return db.query<{ id: number; normalized: string | null }>("SELECT id, normalized FROM statements WHERE conversation_id = $1 AND status <> 'rejected' ORDER BY id", [conversationId]);
}

/** Statements with their vote counts, in id order; `approvedOnly` for the public. */
export async function statementsWithCounts(db: Queryable, conversationId: string, approvedOnly: boolean): Promise<StatementWithCounts[]> {
  const rows = await db.query<StatementWithCounts & Record<string, unknown>>(
    `SELECT ${STATEMENT_COLUMNS},
       COALESCE(v.agree, 0)::int AS agree, COALESCE(v.disagree, 0)::int AS disagree, COALESCE(v.pass, 0)::int AS pass
     FROM statements s
     LEFT JOIN (
       SELECT statement, count(*) FILTER (WHERE vote = 1) AS agree, count(*) FILTER (WHERE vote = -1) AS disagree, count(*) FILTER (WHERE vote = 0) AS pass
       FROM votes WHERE conversation_id = $1 GROUP BY statement
     ) v ON v.statement = s.id
     WHERE s.conversation_id = $1 ${approvedOnly ? "AND s.status = 'approved'" : ''}
     ORDER BY s.id`,
    [conversationId],
  );
  return rows.map((r) => statementOf(r));
}

/** How many statements a participant wrote (the limit of a few minutes is kept in memory: limits.ts). */
export async function authoredCount(tx: Queryable, conversationId: string, participant: number): Promise<number> {
  const [row] = await tx.query<{ total: number }>('SELECT count(*)::int AS total FROM statements WHERE conversation_id = $1 AND author_participant = $2', [conversationId, participant]);
  return row!.total;
}

export async function updateModeration(tx: Queryable, conversationId: string, id: number, change: { status?: StatementStatus; rejectReason?: string | null; meta?: boolean }): Promise<void> {
  await tx.query(
    `UPDATE statements SET
       status = COALESCE($3, status),
       reject_reason = CASE WHEN $3::text IS NULL THEN reject_reason ELSE $4 END,
       is_meta = COALESCE($5, is_meta)
     WHERE conversation_id = $1 AND id = $2`,
    [conversationId, id, change.status ?? null, change.rejectReason ?? null, change.meta ?? null],
  );
}

export async function setTranslations(tx: Queryable, conversationId: string, id: number, translations: Translations): Promise<void> {
  await tx.query('UPDATE statements SET translations = $3::jsonb WHERE conversation_id = $1 AND id = $2', [conversationId, id, JSON.stringify(translations)]);
}

export interface NextStatementRow {
  id: number;
  text: string;
  lang: StatementLang;
  translations: Translations;
  is_meta: boolean;
  remaining: number;
}

/**
 * The approved statement a participant should see next: not voted on, not their own;
 * by the latest analysis's routing priority (statements it does not know first), or,
 * before any analysis, fewest votes first; ties by id. With the number of such statements.
 */
export async function nextStatement(db: Queryable, conversationId: string, participant: number): Promise<NextStatementRow | undefined> {
  const [row] = await db.query<NextStatementRow & Record<string, unknown>>(
    `WITH analysed AS (SELECT analysis_priority IS NOT NULL AS yes, analysis_priority FROM conversations WHERE id = $1),
     priority AS (SELECT p.key::int AS id, CASE WHEN jsonb_typeof(p.value) = 'number' THEN p.value::text::float8 ELSE 0 END AS value FROM analysed, jsonb_each(analysed.analysis_priority) AS p WHERE analysed.yes),
     candidates AS (
       SELECT s.id, s.text, s.lang, s.translations, s.is_meta FROM statements s
       WHERE s.conversation_id = $1 AND s.status = 'approved'
         AND (s.author_participant IS NULL OR s.author_participant <> $2)
         AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.conversation_id = $1 AND v.participant = $2 AND v.statement = s.id))
     SELECT c.id, c.text, c.lang, c.translations, c.is_meta, (count(*) OVER ())::int AS remaining
     FROM candidates c
     LEFT JOIN priority p ON p.id = c.id
     CROSS JOIN analysed a
     ORDER BY
       CASE WHEN a.yes THEN COALESCE(p.value, 'Infinity'::float8) ELSE 0::float8 END DESC,
       CASE WHEN a.yes THEN 0 ELSE (SELECT count(*) FROM votes w WHERE w.conversation_id = $1 AND w.statement = c.id) END ASC,
       c.id ASC
     LIMIT 1`,
    [conversationId, participant],
  );
  return row;
}

// -------------------------------------------------------------- participants

/**
 * A new participant with the id the service drew at random (neither the order of
 * joining nor a time is stored with it). false: that id is taken, draw another.
 */
export async function insertParticipant(tx: Queryable, conversationId: string, id: number, tokenHash: string): Promise<boolean> {
  const rows = await tx.query('INSERT INTO participants (conversation_id, id, token_hash) VALUES ($1, $2, $3) ON CONFLICT (conversation_id, id) DO NOTHING RETURNING id', [conversationId, id, tokenHash]);
  if (rows.length === 0) return false;
  await tx.query('UPDATE conversations SET n_participants = n_participants + 1 WHERE id = $1', [conversationId]);
  return true;
}

export async function participantByToken(db: Queryable, conversationId: string, tokenHash: string): Promise<number | undefined> {
  const [row] = await db.query<{ id: number }>('SELECT id FROM participants WHERE conversation_id = $1 AND token_hash = $2', [conversationId, tokenHash]);
  return row?.id;
}

export async function setParticipantToken(tx: Queryable, conversationId: string, participant: number, tokenHash: string | null): Promise<void> {
  await tx.query('UPDATE participants SET token_hash = $3 WHERE conversation_id = $1 AND id = $2', [conversationId, participant, tokenHash]);
}

/** Lock a participant's row (serialises one participant's statement submissions). */
export async function lockParticipant(tx: Queryable, conversationId: string, participant: number): Promise<boolean> {
  const rows = await tx.query('SELECT id FROM participants WHERE conversation_id = $1 AND id = $2 FOR UPDATE', [conversationId, participant]);
  return rows.length > 0;
}

// -------------------------------------------------------- participation codes

export async function insertCodes(tx: Queryable, conversationId: string, codeHashes: readonly string[], createdAt: Date): Promise<void> {
  await tx.query('INSERT INTO participation_codes (conversation_id, code_hash, created_at) SELECT $1, h, $3 FROM unnest($2::text[]) AS u(h)', [conversationId, codeHashes, createdAt]);
  await tx.query('UPDATE conversations SET codes_issued = codes_issued + $2 WHERE id = $1', [conversationId, codeHashes.length]);
}

/**
 * Spend a code: its row is deleted (the table holds only codes not yet used), so no
 * row written by the join names the code. false: no such unspent code.
 */
export async function spendCode(tx: Queryable, conversationId: string, codeHash: string): Promise<boolean> {
  const rows = await tx.query('DELETE FROM participation_codes WHERE conversation_id = $1 AND code_hash = $2 RETURNING conversation_id', [conversationId, codeHash]);
  if (rows.length === 0) return false;
  await tx.query('UPDATE conversations SET codes_used = codes_used + 1 WHERE id = $1', [conversationId]);
  return true;
}

export async function codeCounts(db: Queryable, conversationId: string): Promise<{ issued: number; used: number }> {
  const [row] = await db.query<{ issued: number; used: number }>('SELECT codes_issued AS issued, codes_used AS used FROM conversations WHERE id = $1', [conversationId]);
  return row ?? { issued: 0, used: 0 };
}

// --------------------------------------------------------------------- votes

/**
 * Store a participant's vote (replacing an earlier one) with its day and the seq it
 * makes (votes_seq + 1: the caller holds the conversation's row lock and bumps
 * votes_seq when something changed, see migration 017). Returns whether it is a new
 * row and whether anything changed.
 */
export async function upsertVote(tx: Queryable, conversationId: string, participant: number, statement: number, vote: Vote, at: Date): Promise<{ inserted: boolean; changed: boolean }> {
  const rows = await tx.query<{ inserted: boolean }>(
    `INSERT INTO votes (conversation_id, participant, statement, vote, voted_on, seq)
     VALUES ($1, $2, $3, $4, $5::date, (SELECT votes_seq + 1 FROM conversations WHERE id = $1))
     ON CONFLICT (conversation_id, participant, statement) DO UPDATE SET vote = EXCLUDED.vote, voted_on = EXCLUDED.voted_on, seq = EXCLUDED.seq
       WHERE votes.vote IS DISTINCT FROM EXCLUDED.vote
     RETURNING (xmax = 0) AS inserted`,
    [conversationId, participant, statement, vote, dayOf(at)],
  );
  return { inserted: rows[0]?.inserted === true, changed: rows.length > 0 };
}

/**
 * What the math worker's kept vote matrix needs to catch up, read in one snapshot: the
 * statements as the analysis takes them (not pending, by id), the votes written after
 * seq `afterSeq` ("participant,statement,vote;..."), the conversation's vote count, and
 * the mark of the last stored analysis (to tell whether this process made it).
 */
export interface AnalysisDelta {
  statements: { id: number; status: StatementStatus; is_meta: boolean }[];
  votesText: string;
  nVotes: number;
  analysedAt: Date | null;
}

export async function analysisDelta(db: Db, conversationId: string, afterSeq: string): Promise<AnalysisDelta> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [c] = await tx.query<{ n_votes: number; analysed_at: Date | null }>('SELECT n_votes, analysed_at FROM conversations WHERE id = $1', [conversationId]);
    const statements = await tx.query<{ id: number; status: StatementStatus; is_meta: boolean }>("SELECT id, status, is_meta FROM statements WHERE conversation_id = $1 AND status <> 'pending' ORDER BY id", [conversationId]);
    const [v] = await tx.query<{ votes: string | null }>(
      `SELECT string_agg(participant::text || ',' || statement::text || ',' || vote::text, ';' ORDER BY seq) AS votes
       FROM votes WHERE conversation_id = $1 AND seq > $2::bigint`,
      [conversationId, afterSeq],
    );
    return { statements, votesText: v?.votes ?? '', nVotes: c?.n_votes ?? -1, analysedAt: c?.analysed_at ? new Date(c.analysed_at) : null };
  });
}

export async function votesOf(db: Queryable, conversationId: string, participant: number): Promise<{ statement: number; vote: Vote }[]> {
  return db.query<{ statement: number; vote: Vote }>('SELECT statement, vote FROM votes WHERE conversation_id = $1 AND participant = $2 ORDER BY statement', [conversationId, participant]);
}

export async function participantSummary(db: Queryable, conversationId: string, participant: number): Promise<{ voted: number; submitted: number }> {
  const [row] = await db.query<{ voted: number; submitted: number }>(
    `SELECT (SELECT count(*)::int FROM votes WHERE conversation_id = $1 AND participant = $2) AS voted,
            (SELECT count(*)::int FROM statements WHERE conversation_id = $1 AND author_participant = $2) AS submitted`,
    [conversationId, participant],
  );
  return row!;
}

// ------------------------------------------------------------------ analysis

export async function getAnalysis(db: Queryable, conversationId: string): Promise<AnalysisResult | null> {
  const [row] = await db.query<{ analysis: AnalysisResult | null }>('SELECT analysis FROM conversations WHERE id = $1', [conversationId]);
  return row?.analysis ?? null;
}

// ------------------------------------------------------------------- exports

/** Every vote, with the day it was cast (UTC midnight). */
export async function allVotes(db: Queryable, conversationId: string): Promise<{ participant: number; statement: number; vote: Vote; voted_on: Date }[]> {
  const rows = await db.query<{ participant: number; statement: number; vote: Vote; day: string }>(
    "SELECT participant, statement, vote, to_char(voted_on, 'YYYY-MM-DD') AS day FROM votes WHERE conversation_id = $1 ORDER BY participant, statement",
    [conversationId],
  );
  return rows.map((r) => ({ participant: r.participant, statement: r.statement, vote: r.vote, voted_on: dayStart(r.day) }));
}

export async function participantIds(db: Queryable, conversationId: string): Promise<number[]> {
  return (await db.query<{ id: number }>('SELECT id FROM participants WHERE conversation_id = $1 ORDER BY id', [conversationId])).map((r) => r.id);
}

// ------------------------------------------------------------------- imports

export async function insertImportedParticipants(tx: Queryable, conversationId: string, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query('INSERT INTO participants (conversation_id, id) SELECT $1, u.id FROM unnest($2::int[]) AS u(id)', [conversationId, ids]);
}

export async function insertImportedVotes(tx: Queryable, conversationId: string, votes: readonly { participant: number; statement: number; vote: Vote; at: Date }[]): Promise<void> {
  const CHUNK = 20000;
  for (let i = 0; i < votes.length; i += CHUNK) {
    const chunk = votes.slice(i, i + CHUNK);
    await tx.query(
      'INSERT INTO votes (conversation_id, participant, statement, vote, voted_on) SELECT $1, u.p, u.s, u.v, u.d FROM unnest($2::int[], $3::int[], $4::smallint[], $5::date[]) AS u(p, s, v, d)',
      [conversationId, chunk.map((v) => v.participant), chunk.map((v) => v.statement), chunk.map((v) => v.vote), chunk.map((v) => dayOf(v.at))],
    );
  }
}

export async function setCounters(tx: Queryable, conversationId: string, c: { nextParticipant: number; nextStatement: number; participants: number; votes: number }): Promise<void> {
  await tx.query('UPDATE conversations SET next_participant = $2, next_statement = $3, n_participants = $4, n_votes = $5, votes_seq = votes_seq + 1 WHERE id = $1', [
    conversationId,
    c.nextParticipant,
    c.nextStatement,
    c.participants,
    c.votes,
  ]);
}
