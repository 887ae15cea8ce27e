// Rate limits. With PGlite (one process) they are kept in memory only (never stored,
// never logged); with Postgres, where several server processes share one database, they
// are counted in the database (src/store/rate-limits.ts: an unlogged table; a check and
// its count in one transaction under an advisory lock per key), so a limit reached through one server holds on every other. Client
// addresses are held as salted hashes, the salt replaced every hour (the hashes with it):
// random per process in memory; with Postgres one salt per hour in the database, shared
// by the servers and deleted an hour after its period.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../store/db.ts';
import { clearRate, forgetRate, peekRate, sharedSalt, sweepRates, takeRate } from '../../store/rate-limits.ts';

/** Sliding-window counter: at most `max` events per `windowMs` per key. */
export class SlidingWindow {
  private readonly events = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds to wait before `key` may act again; 0 if it may act now. */
  wait(key: string, now: number): number {
    const list = this.recent(key, now);
    return list.length < this.max ? 0 : list[0]! + this.windowMs - now;
  }

  /** Record an event for `key` (call after wait() returned 0). */
  record(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    this.events.set(key, list);
    this.sweep(now);
  }

  /** Take back an event recorded at `at` (an action counted, then refused). */
  forget(key: string, at: number): void {
    const list = this.events.get(key);
    const i = list ? list.lastIndexOf(at) : -1;
    if (i >= 0) list!.splice(i, 1);
  }

  /** wait() and, if 0, record(): one synchronous step, so concurrent requests cannot both pass. */
  take(key: string, now: number): number {
    const w = this.wait(key, now);
    if (w === 0) this.record(key, now);
    return w;
  }

  private recent(key: string, now: number): number[] {
    const list = this.events.get(key);
    if (!list) return [];
    let drop = 0;
    while (drop < list.length && list[drop]! <= now - this.windowMs) drop++;
    if (drop > 0) list.splice(0, drop);
    return list;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, list] of this.events) {
      if (list.length === 0 || list[list.length - 1]! <= now - this.windowMs) this.events.delete(key);
    }
  }

  clear(): void {
    this.events.clear();
  }
}

/**
 * Counts events per key over a long window with one counter per bucket (e.g. one per
 * minute over an hour), so that a busy key costs 60 numbers, not one per event.
 */
export class BucketWindow {
  private readonly buckets = new Map<string, Map<number, number>>();
  private lastSweep = 0;

  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly bucketMs: number,
  ) {}

  private count(key: string, now: number): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    const oldest = Math.floor((now - this.windowMs) / this.bucketMs) + 1;
    let n = 0;
    for (const [t, c] of b) {
      if (t < oldest) b.delete(t);
      else n += c;
    }
    return n;
  }

  take(key: string, now: number): number {
    if (this.count(key, now) >= this.max) {
      const b = this.buckets.get(key)!;
      const first = Math.min(...b.keys());
      return Math.max(1, (first + 1) * this.bucketMs + this.windowMs - now - this.bucketMs);
    }
    const bucket = Math.floor(now / this.bucketMs);
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new Map()));
    b.set(bucket, (b.get(bucket) ?? 0) + 1);
    this.sweep(now);
    return 0;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key] of this.buckets) if (this.count(key, now) === 0) this.buckets.delete(key);
  }
}

/** Salted hashes of client addresses, for rate limits; the salt changes every hour. */
export class AddressHasher {
  private salt = randomBytes(32);
  private since = Date.now();

  constructor(
    private readonly rotateMs = 3600_000,
    private readonly onRotate: () => void = () => undefined,
  ) {}

  hash(address: string, now = Date.now()): string {
    if (now - this.since >= this.rotateMs) {
      this.salt = randomBytes(32);
      this.since = now;
      this.onRotate();
    }
    return createHash('sha256').update(this.salt).update(address).digest('base64url').slice(0, 22);
  }
}

/** One limit, whichever place it is counted in. */
export interface Limit {
  /** Count an event for `key` if the limit allows: 0, or the ms to wait (nothing counted). */
  take(key: string, now: number): Promise<number>;
  /** Take back an event counted at `now` (an action counted, then refused). */
  forget(key: string, now: number): Promise<void>;
}

export function memoryLimit(w: SlidingWindow | BucketWindow): Limit {
  return {
    take: async (key, now) => w.take(key, now),
    forget: async (key, now) => {
      if (w instanceof SlidingWindow) w.forget(key, now);
    },
  };
}

/** A limit counted in the database, shared by every server process on it. */
export function sharedLimit(db: Db, bucket: string, max: number, windowMs: number, slotMs = 1): Limit {
  return {
    take: (key, now) => takeRate(db, { bucket, key, max, windowMs, now, slotMs }),
    forget: (key, now) => forgetRate(db, { bucket, key, windowMs, now, slotMs }),
  };
}

/** Failures per client counted in the database (failed logins), for every server process. */
export interface SharedFailures {
  /** The salted hash of a client address (the salt shared through the database). */
  key(address: string, now: number): Promise<string>;
  /** ms before `key` may try again (0: now). */
  wait(key: string, now: number): Promise<number>;
  failed(key: string, now: number): Promise<void>;
  succeeded(key: string): Promise<void>;
}

export function sharedFailures(db: Db, bucket: string, max: number, windowMs: number): SharedFailures {
  const addresses = new Addresses(db, () => undefined);
  return {
    key: (address, now) => addresses.hash(address, now),
    wait: (key, now) => peekRate(db, { bucket, key, max, windowMs, now }),
    failed: async (key, now) => {
      await takeRate(db, { bucket, key, max: Number.MAX_SAFE_INTEGER, windowMs, now });
    },
    succeeded: (key) => clearRate(db, bucket, key),
  };
}

/** Salted hashes of client addresses, the salt per hour; `shared` takes it from the database. */
export class Addresses {
  private readonly local: AddressHasher;
  private cached: { period: number; salt: string } | undefined;
  private lastSweep = 0;

  constructor(
    private readonly db: Db | undefined,
    onRotate: () => void,
    private readonly periodMs = 3600_000,
  ) {
    this.local = new AddressHasher(periodMs, onRotate);
  }

  async hash(address: string, now = Date.now()): Promise<string> {
    if (!this.db) return this.local.hash(address, now);
    const period = Math.floor(now / this.periodMs);
    if (this.cached?.period !== period) {
      this.cached = { period, salt: await sharedSalt(this.db, period) };
    }
    if (now - this.lastSweep > 60_000) {
      this.lastSweep = now;
      // counters nobody reads any more, and old salts: gone, so old hashes mean nothing
      await sweepRates(this.db, now, period).catch(() => undefined);
    }
    return createHash('sha256').update(this.cached.salt).update(address).digest('base64url').slice(0, 22);
  }
}

export function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

// ------------------------------------------------ the limits of a conversation

export interface ConversationLimits {
  /** Joins of an open conversation, per conversation, per minute (all clients together). */
  joinsPerConversationPerMinute: number;
  /** Joins of open conversations per client address per minute. */
  joinsPerAddressPerMinute: number;
  /** Votes per participant in 10 seconds. */
  votesPerBurst: number;
  burstMs: number;
  /** Votes per participant per hour. */
  votesPerHour: number;
  /** Statements per participant in one conversation. */
  statementsPerParticipant: number;
  /** Statements per participant in 10 minutes. */
  statementsPerWindow: number;
  statementWindowMs: number;
  /** An analysis run older than this is taken to have died (see math-runner.ts). */
  staleAnalysisMs: number;
  /**
   * Apply the per-address join limit to loopback addresses too. Off by default: behind
   * a reverse proxy or a Tor onion service every client comes from 127.0.0.1, and one
   * limit for all would be wrong (the per-conversation limit still applies).
   */
  limitLoopbackAddresses: boolean;
}

export const DEFAULT_LIMITS: ConversationLimits = {
  joinsPerConversationPerMinute: 60,
  joinsPerAddressPerMinute: 5,
  votesPerBurst: 30,
  burstMs: 10_000,
  votesPerHour: 600,
  statementsPerParticipant: 10,
  statementsPerWindow: 3,
  statementWindowMs: 10 * 60_000,
  staleAnalysisMs: 10 * 60_000,
  limitLoopbackAddresses: false,
};

export function isLoopback(address: string): boolean {
  return /^(127\.|::ffff:127\.)/.test(address) || address === '::1';
}
