// Relay mode: sealed ballots waiting to be forwarded to the primary's ballot box.
import type { Queryable } from './db.ts';

export type RelayState = 'waiting' | 'forwarded' | 'refused';

export interface RelayedBallot {
  tracker: string;
  election: string;
  state: RelayState;
  attempts: number;
  /** The primary's last refusal or the last failure to reach it (a code and a message). */
  lastError: string | null;
}

export interface DueBallot {
  tracker: string;
  election: string;
  ballot: string;
  attempts: number;
}

/** Keeps a ballot to forward, after those already taken; false when this tracker was already received (nothing changes). */
export async function keepForRelay(db: Queryable, tracker: string, election: string, credential: string, ballot: string): Promise<boolean> {
  const rows = await db.query(
    "INSERT INTO relay_ballots (tracker, election_uuid, credential, ballot, next_attempt_at) VALUES ($1, $2, $3, $4, now()) ON CONFLICT (tracker) DO NOTHING RETURNING tracker",
    [tracker, election, credential, ballot],
  );
  return rows.length === 1;
}

export async function relayedBallot(db: Queryable, tracker: string): Promise<RelayedBallot | undefined> {
  const [row] = await db.query<{ tracker: string; election_uuid: string; state: RelayState; attempts: number; last_error: string | null }>(
    'SELECT tracker, election_uuid, state, attempts, last_error FROM relay_ballots WHERE tracker = $1',
    [tracker],
  );
  return row && { tracker: row.tracker, election: row.election_uuid, state: row.state, attempts: row.attempts, lastError: row.last_error };
}

/** Ballots whose next attempt is due, oldest attempt first; a ballot waits while one taken
 * before it of the same credential is still waiting (the primary counts a credential's last
 * ballot: a re-vote must not arrive before the ballot it replaces). */
export async function dueForRelay(db: Queryable, limit: number): Promise<DueBallot[]> {
  const rows = await db.query<{ tracker: string; election_uuid: string; ballot: string; attempts: number }>(
    `SELECT r.tracker, r.election_uuid, r.ballot, r.attempts FROM relay_ballots r
      WHERE r.state = 'waiting' AND r.next_attempt_at <= now()
        AND NOT EXISTS (SELECT 1 FROM relay_ballots e WHERE e.state = 'waiting' AND e.credential = r.credential AND e.election_uuid = r.election_uuid AND e.seq < r.seq)
      ORDER BY r.next_attempt_at, r.seq LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ tracker: r.tracker, election: r.election_uuid, ballot: r.ballot, attempts: r.attempts }));
}

/** The primary answered for good: forwarded (it has the ballot) or refused (it never will). The text and the credential go. */
export async function settleRelayed(db: Queryable, tracker: string, state: 'forwarded' | 'refused', error: string | null): Promise<void> {
  await db.query("UPDATE relay_ballots SET state = $2, ballot = NULL, credential = NULL, next_attempt_at = NULL, attempts = attempts + 1, last_error = $3 WHERE tracker = $1 AND state = 'waiting'", [tracker, state, error]);
}

/** The primary could not be reached or asked to wait: try again in `seconds`. */
export async function retryRelayedLater(db: Queryable, tracker: string, seconds: number, error: string): Promise<void> {
  await db.query("UPDATE relay_ballots SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE tracker = $1 AND state = 'waiting'", [tracker, error, seconds]);
}

export async function relayCounts(db: Queryable): Promise<Record<RelayState, number>> {
  const rows = await db.query<{ state: RelayState; n: number }>('SELECT state, count(*)::int AS n FROM relay_ballots GROUP BY state');
  const counts: Record<RelayState, number> = { waiting: 0, forwarded: 0, refused: 0 };
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}
