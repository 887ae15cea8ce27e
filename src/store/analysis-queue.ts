// The state of deliberation analyses, kept in the conversations table itself: a
// conversation needs work while votes_seq > analysed_seq. Who runs an analysis when is
// decided by the job queue (job-queue.ts, pg-boss): a job names a conversation, and its
// worker claims that conversation here (claimAnalysisOf). The claim token makes a late or
// stopped runner's writes land nowhere once another has taken over. claimAnalysis (any
// conversation that needs work) serves the sweep that re-queues work left from before a
// restart and the tests' idle(). The rules of when to run (delays, back-off) live in
// src/services/conversations/math-runner.ts.
import type { StatementStatus } from '../deliberation/conversation.ts';
import type { Db, Queryable } from './db.ts';

export interface ClaimedAnalysis {
  id: string;
  /** The votes_seq read when claiming: the result counts as up to date up to it. */
  seq: string;
  /** JSON text of the previous analysis state (a warm start), or null. */
  state: string | null;
  failures: number;
  claim: string;
}

export interface ClaimRequest {
  now: Date;
  /** A random token identifying this claim. */
  token: string;
  /** A claim taken before this is taken to belong to a process that died. */
  staleBefore: Date;
  /** Least time between two runs of one conversation (at least twice its last run's
   * duration); null to take any conversation that needs work. */
  minIntervalMs: number | null;
}

/** Claim the conversation that waited longest for an analysis it may have now, if any. */
export async function claimAnalysis(db: Queryable, r: ClaimRequest): Promise<ClaimedAnalysis | undefined> {
  const [row] = await db.query<{ id: string; votes_seq: string; analysis_state: string | null; analysis_failures: number }>(
    `UPDATE conversations SET analysis_started_at = $1, analysis_claim = $2
     WHERE id = (
       SELECT id FROM conversations
       WHERE votes_seq > analysed_seq
         AND (analysis_started_at IS NULL OR analysis_started_at < $3)
         AND (analysis_retry_at IS NULL OR analysis_retry_at <= $1)
         AND ($4::float8 IS NULL OR analysed_at IS NULL
              OR analysed_at <= $1::timestamptz - make_interval(secs => GREATEST($4::float8, 2.0 * COALESCE(analysis_ms, 0)) / 1000.0))
       ORDER BY analysed_at ASC NULLS FIRST, id
       LIMIT 1
       FOR UPDATE SKIP LOCKED)
     RETURNING id, votes_seq::text AS votes_seq, analysis_state::text AS analysis_state, analysis_failures`,
    [r.now, r.token, r.staleBefore, r.minIntervalMs],
  );
  return row ? { id: row.id, seq: row.votes_seq, state: row.analysis_state, failures: row.analysis_failures, claim: r.token } : undefined;
}

/** Why a conversation was not claimed: nothing to do, or not before `notBefore`
 * (its back-off, the least interval between runs, or another process's fresh claim). */
export type ClaimOf = { claimed: ClaimedAnalysis } | { notBefore: Date } | { nothing: true };

/** Claim one conversation (a job of the queue names it), if it needs an analysis that may run now. */
export async function claimAnalysisOf(db: Queryable, id: string, r: ClaimRequest): Promise<ClaimOf> {
  const [row] = await db.query<{ id: string; votes_seq: string; analysis_state: string | null; analysis_failures: number }>(
    `UPDATE conversations SET analysis_started_at = $2, analysis_claim = $3
     WHERE id = $1 AND votes_seq > analysed_seq
       AND (analysis_started_at IS NULL OR analysis_started_at < $4)
       AND (analysis_retry_at IS NULL OR analysis_retry_at <= $2)
       AND ($5::float8 IS NULL OR analysed_at IS NULL
            OR analysed_at <= $2::timestamptz - make_interval(secs => GREATEST($5::float8, 2.0 * COALESCE(analysis_ms, 0)) / 1000.0))
     RETURNING id, votes_seq::text AS votes_seq, analysis_state::text AS analysis_state, analysis_failures`,
    [id, r.now, r.token, r.staleBefore, r.minIntervalMs],
  );
  if (row) return { claimed: { id: row.id, seq: row.votes_seq, state: row.analysis_state, failures: row.analysis_failures, claim: r.token } };
  const [later] = await db.query<{ not_before: Date | null }>(
    `SELECT GREATEST(
       analysis_retry_at,
       CASE WHEN analysis_started_at IS NOT NULL AND analysis_started_at >= $3 THEN analysis_started_at + ($2::timestamptz - $3::timestamptz) END,
       CASE WHEN $4::float8 IS NOT NULL AND analysed_at IS NOT NULL
            THEN analysed_at + make_interval(secs => GREATEST($4::float8, 2.0 * COALESCE(analysis_ms, 0)) / 1000.0) END) AS not_before
     FROM conversations WHERE id = $1 AND votes_seq > analysed_seq`,
    [id, r.now, r.staleBefore, r.minIntervalMs],
  );
  if (!later) return { nothing: true };
  return { notBefore: later.not_before && later.not_before > r.now ? later.not_before : new Date(r.now.getTime() + 1000) };
}

/** Conversations that need an analysis (the sweep re-queues them). */
export async function conversationsNeedingAnalysis(db: Queryable): Promise<string[]> {
  return (await db.query<{ id: string }>('SELECT id FROM conversations WHERE votes_seq > analysed_seq ORDER BY id')).map((r) => r.id);
}

/** What an analysis reads: participants who voted and statements (not pending), in id
 * order, and the votes as one text "participant,statement,vote;..." (one string is ten
 * times cheaper to fetch than one row per vote; the worker thread parses it). */
export interface AnalysisData {
  participants: number[];
  statements: { id: number; status: StatementStatus; is_meta: boolean }[];
  votesText: string;
}

export async function analysisData(db: Db, conversationId: string): Promise<AnalysisData> {
  // one snapshot: a participant's first vote or an approval between two reads cannot make them disagree
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return readAnalysisData(tx, conversationId);
  });
}

async function readAnalysisData(db: Queryable, conversationId: string): Promise<AnalysisData> {
  const [p] = await db.query<{ ids: string | null }>("SELECT string_agg(id::text, ',' ORDER BY id) AS ids FROM (SELECT DISTINCT participant AS id FROM votes WHERE conversation_id = $1) AS voters", [conversationId]);
  const participants = p?.ids ? p.ids.split(',').map(Number) : [];
  const statements = await db.query<{ id: number; status: StatementStatus; is_meta: boolean }>("SELECT id, status, is_meta FROM statements WHERE conversation_id = $1 AND status <> 'pending' ORDER BY id", [conversationId]);
  const [v] = await db.query<{ votes: string | null }>(
    `SELECT string_agg(v.participant::text || ',' || v.statement::text || ',' || v.vote::text, ';') AS votes
     FROM votes v JOIN statements s ON s.conversation_id = v.conversation_id AND s.id = v.statement
     WHERE v.conversation_id = $1 AND s.status <> 'pending'`,
    [conversationId],
  );
  return { participants, statements, votesText: v?.votes ?? '' };
}

/** What an analysis run produced: JSON texts, as the worker serialised them. */
export interface AnalysisOutcome {
  result: string;
  state: string;
  priority: string;
  nVotes: number;
}

/** Store a finished analysis and release the claim (only if the claim is still ours). */
export async function completeAnalysis(db: Queryable, job: ClaimedAnalysis, outcome: AnalysisOutcome, at: Date, durationMs: number): Promise<void> {
  await db.query(
    `UPDATE conversations SET analysis = $2::jsonb, analysis_state = $3::jsonb, analysis_priority = $4::jsonb, analysis_votes = $5,
       analysed_seq = GREATEST(analysed_seq, $6::bigint), analysed_at = $7, analysis_ms = $8,
       analysis_error = NULL, analysis_failures = 0, analysis_retry_at = NULL, analysis_started_at = NULL, analysis_claim = NULL
     WHERE id = $1 AND analysis_claim = $9`,
    [job.id, outcome.result, outcome.state, outcome.priority, outcome.nVotes, job.seq, at, durationMs, job.claim],
  );
}

/** Give a claimed conversation back untouched (shutting down: not a failure). */
export async function releaseAnalysis(db: Queryable, job: Pick<ClaimedAnalysis, 'id' | 'claim'>): Promise<void> {
  await db.query('UPDATE conversations SET analysis_started_at = NULL, analysis_claim = NULL WHERE id = $1 AND analysis_claim = $2', [job.id, job.claim]);
}

/** Record a failed run and when to try again; releases the claim. */
export async function failAnalysis(db: Queryable, job: Pick<ClaimedAnalysis, 'id' | 'claim'>, message: string, retryAt: Date): Promise<void> {
  await db.query(
    `UPDATE conversations SET analysis_error = $2, analysis_failures = analysis_failures + 1, analysis_retry_at = $3,
       analysis_started_at = NULL, analysis_claim = NULL
     WHERE id = $1 AND analysis_claim = $4`,
    [job.id, message, retryAt, job.claim],
  );
}

/** Conversations waiting for an analysis that may run at `now` (back-off over). */
export async function pendingAnalyses(db: Queryable, now: Date): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM conversations WHERE votes_seq > analysed_seq AND (analysis_retry_at IS NULL OR analysis_retry_at <= $1)',
    [now],
  );
  return row!.n;
}
