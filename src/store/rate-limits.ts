// Rate limits shared through the database by every server process (migration 015): a
// counter per (limit, key, fixed window), taken with one atomic upsert. The limit is a
// sliding window estimated from two fixed windows (this one, and the previous one weighted
// by how much of it still lies within the sliding window), the usual "sliding window
// counter": exact at window edges within the previous window's share, two rows per key,
// one statement per check. The check and the count are the same statement, so concurrent
// requests on any number of servers cannot both pass the last place.
import { randomBytes } from 'node:crypto';
import type { Queryable } from './db.ts';

export interface TakeRequest {
  bucket: string;
  key: string;
  max: number;
  windowMs: number;
  /** ms since the epoch. */
  now: number;
}

/** Count one event for `key` if its limit allows; the ms to wait before it may act (0: counted). */
export async function takeRate(db: Queryable, r: TakeRequest): Promise<number> {
  const start = Math.floor(r.now / r.windowMs) * r.windowMs;
  const weight = (r.windowMs - (r.now - start)) / r.windowMs;
  const rows = await db.query(
    `INSERT INTO rate_counts AS c (bucket, key, window_start, count, expires_at)
     SELECT $1, $2, $3::bigint, 1, $3::bigint + 2 * $4::bigint
     WHERE COALESCE((SELECT p.count FROM rate_counts p WHERE p.bucket = $1 AND p.key = $2 AND p.window_start = $3::bigint - $4::bigint), 0) * $5::float8 + 1 <= $6
     ON CONFLICT (bucket, key, window_start) DO UPDATE SET count = c.count + 1
     WHERE c.count + 1 + COALESCE((SELECT p.count FROM rate_counts p WHERE p.bucket = $1 AND p.key = $2 AND p.window_start = $3::bigint - $4::bigint), 0) * $5::float8 <= $6
     RETURNING c.count`,
    [r.bucket, r.key, start, r.windowMs, weight, r.max],
  );
  if (rows.length === 1) return 0;
  // refused: when will the estimate have room again?
  return Math.max(1, await peekRate(db, r));
}

/** Take back an event counted at `now` (an action counted, then refused for another reason). */
export async function forgetRate(db: Queryable, r: Omit<TakeRequest, 'max'>): Promise<void> {
  const start = Math.floor(r.now / r.windowMs) * r.windowMs;
  await db.query('UPDATE rate_counts SET count = count - 1 WHERE bucket = $1 AND key = $2 AND window_start = $3 AND count > 0', [r.bucket, r.key, start]);
}

/** Delete counters no limit looks at any more, and salts older than the previous period. */
export async function sweepRates(db: Queryable, now: number, saltPeriod: number): Promise<void> {
  await db.query('DELETE FROM rate_counts WHERE expires_at < $1', [now]);
  await db.query('DELETE FROM rate_salts WHERE period < $1', [saltPeriod - 1]);
}

/** The salt for client-address hashes in `period` (e.g. the hour number), the same for every server process. */
export async function sharedSalt(db: Queryable, period: number): Promise<string> {
  await db.query('INSERT INTO rate_salts (period, salt) VALUES ($1, $2) ON CONFLICT (period) DO NOTHING', [period, randomBytes(32).toString('base64url')]);
  const [row] = await db.query<{ salt: string }>('SELECT salt FROM rate_salts WHERE period = $1', [period]);
  return row!.salt;
}

/** How long `key` must wait before one more event would be counted (0: now), counting nothing. */
export async function peekRate(db: Queryable, r: TakeRequest): Promise<number> {
  const start = Math.floor(r.now / r.windowMs) * r.windowMs;
  const weight = (r.windowMs - (r.now - start)) / r.windowMs;
  const counts = await db.query<{ window_start: string; count: number }>(
    'SELECT window_start::text AS window_start, count FROM rate_counts WHERE bucket = $1 AND key = $2 AND window_start IN ($3::bigint, $3::bigint - $4::bigint)',
    [r.bucket, r.key, start, r.windowMs],
  );
  const current = counts.find((c) => Number(c.window_start) === start)?.count ?? 0;
  const previous = counts.find((c) => Number(c.window_start) !== start)?.count ?? 0;
  if (current + 1 + previous * weight <= r.max) return 0;
  const room = r.max - 1;
  const at = current > room ? start + r.windowMs + Math.ceil(r.windowMs * (1 - room / current)) : start + Math.ceil(r.windowMs - (r.windowMs * (room - current)) / Math.max(1, previous));
  return Math.max(1, at - r.now);
}

/** Forget every count of `key` in one limit (a success that clears the failures before it). */
export async function clearRate(db: Queryable, bucket: string, key: string): Promise<void> {
  await db.query('DELETE FROM rate_counts WHERE bucket = $1 AND key = $2', [bucket, key]);
}
