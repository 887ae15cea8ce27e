// Rate limits shared through the database by every server process (migration 015), with
// the same meaning as the in-memory limits of one process
// (src/services/conversations/limits.ts): at most `max` events per key in any window of
// `windowMs` — exact (one slot per instant) or, for long windows, counted per slot of
// `slotMs` (e.g. per minute over an hour). A check and its count run in one transaction
// holding an advisory lock on (limit, key), so concurrent requests on any number of
// servers cannot both take the last place.
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from './db.ts';

export interface TakeRequest {
  bucket: string;
  key: string;
  max: number;
  windowMs: number;
  /** ms since the epoch. */
  now: number;
  /** Granularity of the count: 1 (default) for an exact window; e.g. 60000 to count per minute. */
  slotMs?: number;
}

const slotOf = (r: Pick<TakeRequest, 'now' | 'slotMs'>) => Math.floor(r.now / (r.slotMs ?? 1)) * (r.slotMs ?? 1);
/** The first slot still inside the window ending at `now`. */
const firstSlot = (r: Pick<TakeRequest, 'now' | 'slotMs' | 'windowMs'>) => Math.floor((r.now - r.windowMs) / (r.slotMs ?? 1)) * (r.slotMs ?? 1) + (r.slotMs ?? 1);

/** Lock (limit, key) for the transaction, drop its slots that left the window, and read the rest. */
async function lockAndRead(tx: Queryable, r: TakeRequest): Promise<{ slot: number; count: number }[]> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${r.bucket}\n${r.key}`]);
  await tx.query('DELETE FROM rate_counts WHERE bucket = $1 AND key = $2 AND slot < $3', [r.bucket, r.key, firstSlot(r)]);
  const rows = await tx.query<{ slot: string; count: number }>('SELECT slot::text AS slot, count FROM rate_counts WHERE bucket = $1 AND key = $2 ORDER BY slot', [r.bucket, r.key]);
  return rows.map((x) => ({ slot: Number(x.slot), count: x.count }));
}

/** ms until enough of the oldest events leave the window for one more (0 if there is room). */
function waitFor(r: TakeRequest, slots: { slot: number; count: number }[]): number {
  const total = slots.reduce((a, s) => a + s.count, 0);
  if (total < r.max) return 0;
  let toDrop = total - r.max + 1;
  for (const s of slots) {
    toDrop -= s.count;
    // an event at slot s is out of the window from s + windowMs on
    if (toDrop <= 0) return Math.max(1, s.slot + r.windowMs - r.now);
  }
  return 1;
}

/** Count one event for `key` if its limit allows; the ms to wait before it may act (0: counted). */
export async function takeRate(db: Db, r: TakeRequest): Promise<number> {
  return db.transaction(async (tx) => {
    const wait = waitFor(r, await lockAndRead(tx, r));
    if (wait > 0) return wait;
    await tx.query(
      `INSERT INTO rate_counts (bucket, key, slot, count, expires_at) VALUES ($1, $2, $3, 1, $4)
       ON CONFLICT (bucket, key, slot) DO UPDATE SET count = rate_counts.count + 1`,
      [r.bucket, r.key, slotOf(r), slotOf(r) + r.windowMs + (r.slotMs ?? 1)],
    );
    return 0;
  });
}

/** How long `key` must wait before one more event would be counted (0: now), counting nothing. */
export async function peekRate(db: Db, r: TakeRequest): Promise<number> {
  return db.transaction(async (tx) => waitFor(r, await lockAndRead(tx, r)));
}

/** Take back an event counted at `now` (an action counted, then refused for another reason). */
export async function forgetRate(db: Queryable, r: Omit<TakeRequest, 'max'>): Promise<void> {
  await db.query('UPDATE rate_counts SET count = count - 1 WHERE bucket = $1 AND key = $2 AND slot = $3 AND count > 0', [r.bucket, r.key, slotOf(r)]);
}

/** Forget every count of `key` in one limit (a success that clears the failures before it). */
export async function clearRate(db: Queryable, bucket: string, key: string): Promise<void> {
  await db.query('DELETE FROM rate_counts WHERE bucket = $1 AND key = $2', [bucket, key]);
}

/** Delete counts no limit looks at any more, and salts older than the previous period. */
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
