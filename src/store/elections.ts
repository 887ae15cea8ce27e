// Conventions and elections: their texts, drafts and lifecycle state.
import type { ConventionInput, ElectionDraft } from '../api/election-draft.ts';
import type { ElectionState } from '../api/election-state.ts';
import type { Translations } from '../kernel/texts.ts';
import type { Queryable } from './db.ts';

export interface ConventionRow {
  id: string;
  title: Translations;
  description: Translations;
  created_at: Date | string;
}

export interface ElectionRow {
  uuid: string;
  convention_id: string;
  state: ElectionState;
  draft: ElectionDraft;
  opens_at: Date | string | null;
  closes_at: Date | string | null;
  server_key: string | null;
  credentials_fingerprint: string | null;
  archive_timestamp: string | number | null;
  last_height: number | null;
  last_event_hash: string | null;
  record_count: number;
}

export async function createConvention(db: Queryable, id: string, input: ConventionInput, createdBy: number | null): Promise<void> {
  await db.query('INSERT INTO conventions (id, title, description, created_by) VALUES ($1, $2::jsonb, $3::jsonb, $4)', [id, JSON.stringify(input.title), JSON.stringify(input.description), createdBy]);
}

export async function listConventions(db: Queryable): Promise<ConventionRow[]> {
  return db.query<ConventionRow & Record<string, unknown>>('SELECT id, title, description, created_at FROM conventions ORDER BY created_at, id');
}

export async function getConvention(db: Queryable, id: string): Promise<ConventionRow | undefined> {
  const [row] = await db.query<ConventionRow & Record<string, unknown>>('SELECT id, title, description, created_at FROM conventions WHERE id = $1', [id]);
  return row;
}

const ELECTION_COLUMNS = 'uuid, convention_id, state, draft, opens_at, closes_at, server_key, credentials_fingerprint, archive_timestamp, last_height, last_event_hash, record_count';

export async function createElection(db: Queryable, uuid: string, conventionId: string, draft: ElectionDraft): Promise<void> {
  await db.query('INSERT INTO elections (uuid, convention_id, state, draft, opens_at, closes_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)', [
    uuid,
    conventionId,
    'draft',
    JSON.stringify(draft),
    draft.opensAt,
    draft.closesAt,
  ]);
}

export async function getElection(db: Queryable, uuid: string): Promise<ElectionRow | undefined> {
  const [row] = await db.query<ElectionRow & Record<string, unknown>>(`SELECT ${ELECTION_COLUMNS} FROM elections WHERE uuid = $1`, [uuid]);
  return row;
}

/** The election row, locked until the end of the transaction: every change to an
 * election's board or state goes through this lock, so appends never interleave. */
export async function lockElection(tx: Queryable, uuid: string): Promise<ElectionRow | undefined> {
  const [row] = await tx.query<ElectionRow & Record<string, unknown>>(`SELECT ${ELECTION_COLUMNS} FROM elections WHERE uuid = $1 FOR UPDATE`, [uuid]);
  return row;
}

export async function listElections(db: Queryable, conventionId?: string): Promise<ElectionRow[]> {
  return conventionId === undefined
    ? db.query<ElectionRow & Record<string, unknown>>(`SELECT ${ELECTION_COLUMNS} FROM elections ORDER BY created_at, uuid`)
    : db.query<ElectionRow & Record<string, unknown>>(`SELECT ${ELECTION_COLUMNS} FROM elections WHERE convention_id = $1 ORDER BY created_at, uuid`, [conventionId]);
}

export async function updateDraft(tx: Queryable, uuid: string, draft: ElectionDraft): Promise<void> {
  await tx.query('UPDATE elections SET draft = $2::jsonb, opens_at = $3, closes_at = $4 WHERE uuid = $1', [uuid, JSON.stringify(draft), draft.opensAt, draft.closesAt]);
}

export async function setState(tx: Queryable, uuid: string, state: ElectionState): Promise<void> {
  await tx.query('UPDATE elections SET state = $2 WHERE uuid = $1', [uuid, state]);
}

export async function setServerKey(tx: Queryable, uuid: string, key: string): Promise<void> {
  await tx.query('UPDATE elections SET server_key = $2 WHERE uuid = $1', [uuid, key]);
}

/** Open elections to close now: their closing time has passed, or their organiser asked for it (requestClose). */
/** When closing election `e` is due at the time in parameter `now`: its closing time has
 * passed, or its organiser asked to close it. One condition for the sweep and the job. */
const closeDue = (now: string) => `((e.closes_at IS NOT NULL AND e.closes_at <= ${now}) OR EXISTS (SELECT 1 FROM close_requests r WHERE r.election_uuid = e.uuid))`;

export async function electionsToClose(db: Queryable, now: Date): Promise<string[]> {
  const rows = await db.query<{ uuid: string }>(
    `SELECT uuid FROM elections e WHERE state = 'open' AND ${closeDue('$1')}`,
    [now.toISOString()],
  );
  return rows.map((r) => r.uuid);
}

/** Whether closing `election` is due at `now`: its closing time has passed, or its organiser asked to close it. */
export async function closeIsDue(db: Queryable, uuid: string, now: Date): Promise<boolean> {
  const rows = await db.query<{ due: boolean }>(
    `SELECT ${closeDue('$2')} AS due FROM elections e WHERE uuid = $1`,
    [uuid, now.toISOString()],
  );
  return rows[0]?.due === true;
}

/** Record an organiser's "close now" (the first one counts; never waits on the election's lock: no foreign key). */
export async function requestClose(db: Queryable, uuid: string, at: Date, accountId: number | null): Promise<void> {
  await db.query('INSERT INTO close_requests (election_uuid, requested_at, requested_by) VALUES ($1, $2, $3) ON CONFLICT (election_uuid) DO NOTHING', [uuid, at.toISOString(), accountId]);
}

/** When the organiser asked to close the election, if they did. */
export async function closeRequestedAt(db: Queryable, uuid: string): Promise<Date | undefined> {
  const [row] = await db.query<{ requested_at: Date | string }>('SELECT requested_at FROM close_requests WHERE election_uuid = $1', [uuid]);
  return row ? new Date(row.requested_at) : undefined;
}

/** A close attempt failed: one more attempt counted, and when. */
export async function recordCloseFailure(db: Queryable, uuid: string, at: Date): Promise<void> {
  await db.query(
    'INSERT INTO close_failures (election_uuid, attempts, last_failed_at) VALUES ($1, 1, $2) ON CONFLICT (election_uuid) DO UPDATE SET attempts = close_failures.attempts + 1, last_failed_at = EXCLUDED.last_failed_at',
    [uuid, at.toISOString()],
  );
}

/** How many attempts to close the election failed, and when the last one did, if any did. */
export async function closeFailures(db: Queryable, uuid: string): Promise<{ attempts: number; lastFailedAt: Date } | undefined> {
  const [row] = await db.query<{ attempts: number; last_failed_at: Date | string }>('SELECT attempts, last_failed_at FROM close_failures WHERE election_uuid = $1', [uuid]);
  return row ? { attempts: row.attempts, lastFailedAt: new Date(row.last_failed_at) } : undefined;
}

/** One extension of an election's voting time (append-only: src/store/migrations/011). */
export interface ScheduleChangeRow {
  old_closes_at: Date | string | null;
  new_closes_at: Date | string;
  reason: Translations;
  at: Date | string;
}

/** Move the election's closing time and record why, in one transaction (the caller holds the election lock). */
export async function extendClosing(tx: Queryable, uuid: string, change: { oldClosesAt: Date | null; newClosesAt: Date; reason: Translations; at: Date; accountId: number | null }): Promise<void> {
  await tx.query('UPDATE elections SET closes_at = $2 WHERE uuid = $1', [uuid, change.newClosesAt]);
  await tx.query('INSERT INTO schedule_changes (election_uuid, old_closes_at, new_closes_at, reason, at, account_id) VALUES ($1, $2, $3, $4::jsonb, $5, $6)', [
    uuid,
    change.oldClosesAt,
    change.newClosesAt,
    JSON.stringify(change.reason),
    change.at,
    change.accountId,
  ]);
}

/** An election's schedule changes, oldest first. */
export async function scheduleChanges(db: Queryable, uuid: string): Promise<ScheduleChangeRow[]> {
  return db.query<ScheduleChangeRow & Record<string, unknown>>('SELECT old_closes_at, new_closes_at, reason, at FROM schedule_changes WHERE election_uuid = $1 ORDER BY id', [uuid]);
}
