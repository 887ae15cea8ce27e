// Background work that any server process may pick up: a maintained Postgres job queue
// (pg-boss 10, the line that supports Node 20), in the database the servers already share
// — on Postgres and on PGlite alike, through the same Db (no second connection pool).
// Several `jirga serve` processes on one DATABASE_URL need no other coordination: a job is
// taken by one worker at a time (SELECT ... FOR UPDATE SKIP LOCKED inside pg-boss), a job
// whose process died is failed and retried by another once its heartbeat stops (below) —
// or, at the latest, when its expiry passes — and a queue's
// "stately" policy keeps at most one waiting and one running job per key (a burst of votes
// on one conversation makes one job, not one per vote).
//
// Heartbeats (migration 020): pg-boss 10 (the last line for Node 20) has none, so a job
// whose server was killed stayed "active" until its expiry, which must be longer than the
// longest honest run (15 minutes for a close). Here, while a handler runs, its server writes
// the job's beat every `beatSeconds`; every server that works a queue looks, as often, for
// running jobs of it whose beat (or start, if none was written) is older than
// `deadAfterSeconds` on the database's clock, and fails them, so that pg-boss retries them
// after the queue's retry delay. A server never fails its own jobs. A beat that is only late
// (a database too busy to write it for `deadAfterSeconds`) makes a job run twice, which
// every job here allows: a close is done under the election's row lock and only once, an
// analysis is a recomputation. Expiry stays as the last resort (a handler that hangs while
// its server still beats).
//
// What a job does lives in src/services (the deliberation analysis: math-runner.ts); this
// file only carries keys from who asks to whoever works.
import PgBoss from 'pg-boss';
import type { Db } from './db.ts';

export interface QueueOptions {
  /** How often expired jobs are failed (and so retried), in seconds (at least 1). */
  superviseSeconds?: number;
  /** How often a running job's beat is written, and dead jobs looked for (seconds). */
  beatSeconds?: number;
  /** A running job whose beat is older than this belonged to a server that died (seconds). */
  deadAfterSeconds?: number;
}

/** Defaults: a beat every 10 s; a job taken over a minute after its server died. */
export const BEAT_SECONDS = 10;
export const DEAD_AFTER_SECONDS = 60;

export interface QueueDefinition {
  name: string;
  /** A running job older than this is taken to have died with its process and is retried. */
  expireSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
}

export interface JobQueue {
  define(q: QueueDefinition): Promise<void>;
  /** Ask for `key` to be worked on in queue `name`, not before `delayMs`. A key already
   * waiting is not added twice (stately: one waiting, one running per key). */
  send(name: string, key: string, delayMs?: number): Promise<void>;
  /** Work on keys of queue `name` (one at a time per process), looking for jobs every
   * `pollMs` when idle (pg-boss's least is 500). A handler that throws is retried. */
  work(name: string, handler: (key: string) => Promise<void>, pollMs?: number): Promise<void>;
  /** Take no more jobs of queue `name` (a job in progress is left to finish, or to expire and be retried elsewhere). */
  stopWorking(name: string): Promise<void>;
  /** This process's workers of queue `name` look for a job now rather than at their next poll (a job just sent here). */
  wake(name: string): void;
  /** A job of `key` in `name` waiting to be retried (or to start) later is made due now: a
   * person asked for it again (retries wait longer after each failure, up to days). */
  hurry(name: string, key: string): Promise<void>;
  /** The job of `key` in `name` that is waiting or running, if any (tests, monitoring). */
  pending(name: string, key: string): Promise<{ state: string } | undefined>;
  stop(): Promise<void>;
}

/** The schema pg-boss keeps its tables in (created on first start, migrated by pg-boss itself under its own advisory lock). */
export const JOB_SCHEMA = 'jirga_jobs';

/** How many times defining a queue is tried before a process gives up starting its work. */
const DEFINE_ATTEMPTS = 10;

export async function openJobQueue(db: Db, options: QueueOptions = {}): Promise<JobQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => db.executeSql(text, values) },
    schema: JOB_SCHEMA,
    superviseIntervalSeconds: options.superviseSeconds ?? 30,
    maintenanceIntervalSeconds: options.superviseSeconds ?? 30,
    // no cron, no state monitoring: nothing runs that we did not ask for
    schedule: false,
  } as unknown as PgBoss.ConstructorOptions);
  boss.on('error', (e: Error) => {
    if (process.env.JIRGA_LOG !== '0') console.error(`job queue: ${e.message}`);
  });
  await boss.start();
  const workers = new Map<string, string[]>();
  const beatSeconds = options.beatSeconds ?? BEAT_SECONDS;
  const deadAfterSeconds = options.deadAfterSeconds ?? DEAD_AFTER_SECONDS;
  /** The jobs this queue's handlers are running now. */
  const running = new Set<string>();
  let stopped = false;
  const quiet = (what: string) => (e: Error) => {
    if (!stopped && process.env.JIRGA_LOG !== '0') console.error(`job queue: ${what}: ${e.message}`);
  };

  /** Writes this server's beats, then fails the running jobs of its queues whose server stopped beating. */
  async function beat(): Promise<void> {
    const mine = [...running];
    if (mine.length > 0) await db.query('UPDATE job_beats SET beat_at = now() WHERE job_id = ANY($1::uuid[])', [mine]);
    const names = [...workers.keys()];
    if (names.length === 0) return;
    const dead = await db.query<{ id: string; name: string }>(
      `WITH stale AS (
         SELECT j.id, j.name FROM ${JOB_SCHEMA}.job j LEFT JOIN job_beats b ON b.job_id = j.id
         WHERE j.state = 'active' AND j.name = ANY($1::text[]) AND NOT (j.id = ANY($2::uuid[]))
           AND coalesce(b.beat_at, j.started_on) < now() - make_interval(secs => $3)
       ), gone AS (DELETE FROM job_beats WHERE job_id IN (SELECT id FROM stale))
       SELECT id::text AS id, name FROM stale`,
      [names, mine, deadAfterSeconds],
    );
    for (const job of dead) {
      await boss.fail(job.name, job.id, { message: `its server stopped: no heartbeat for ${deadAfterSeconds} s` });
    }
  }
  let beating: Promise<void> | undefined;
  const beats = setInterval(() => {
    if (beating || stopped) return; // one at a time: a slow database does not pile them up
    beating = beat().catch(quiet('heartbeat')).finally(() => (beating = undefined));
  }, beatSeconds * 1000);
  beats.unref();

  /** Runs `handler` for a job, its beat written while it runs. */
  async function withBeat(id: string, run: () => Promise<void>): Promise<void> {
    running.add(id);
    try {
      await db.query('INSERT INTO job_beats (job_id, beat_at) VALUES ($1, now()) ON CONFLICT (job_id) DO UPDATE SET beat_at = now()', [id]).catch(quiet('heartbeat'));
      await run();
    } finally {
      running.delete(id);
      if (!stopped) await db.query('DELETE FROM job_beats WHERE job_id = $1', [id]).catch(quiet('heartbeat'));
    }
  }

  return {
    async define(q) {
      const settings = { name: q.name, policy: 'stately' as const, expireInSeconds: q.expireSeconds, retryLimit: q.retryLimit, retryDelay: q.retryDelaySeconds, retryBackoff: true };
      // Several processes starting at once define the same queue. On Postgres two of
      // pg-boss's create_queue for one new name deadlock (each INSERT waits on the other's
      // row, each ATTACH PARTITION ... FOREIGN KEY on the other's lock): Postgres aborts one.
      // The queue is there once the other commits, so try again, a little later each time.
      for (let attempt = 1; ; attempt++) {
        try {
          if (await boss.getQueue(q.name)) await boss.updateQueue(q.name, settings);
          else await boss.createQueue(q.name, settings);
          return;
        } catch (e) {
          if (attempt >= DEFINE_ATTEMPTS) throw new Error(`the job queue "${q.name}" could not be defined (${attempt} tries): ${(e as Error).message}`);
          await new Promise((r) => setTimeout(r, 50 * attempt + Math.floor(Math.random() * 50)));
        }
      }
    },
    async send(name, key, delayMs = 0) {
      await boss.send(name, { key }, { singletonKey: key, ...(delayMs > 0 ? { startAfter: new Date(Date.now() + delayMs) } : {}) });
    },
    async work(name, handler, pollMs = 1000) {
      const id = await boss.work<{ key: string }>(name, { pollingIntervalSeconds: Math.max(0.5, pollMs / 1000), batchSize: 1 }, async ([job]) => {
        if (job) await withBeat(job.id, () => handler(job.data.key));
      });
      workers.set(name, [...(workers.get(name) ?? []), id]);
    },
    async stopWorking(name) {
      workers.delete(name);
      await boss.offWork(name);
    },
    wake(name) {
      for (const id of workers.get(name) ?? []) boss.notifyWorker(id);
    },
    async hurry(name, key) {
      await db.query(`UPDATE ${JOB_SCHEMA}.job SET start_after = now() WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry') AND start_after > now()`, [name, key]);
    },
    async pending(name, key) {
      const rows = await db.query<{ state: string }>(
        `SELECT state::text AS state FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' ORDER BY created_on DESC LIMIT 1`,
        [name, key],
      );
      return rows[0];
    },
    async stop() {
      stopped = true;
      clearInterval(beats);
      await beating;
      // not graceful: a job in progress is given back by the caller (or expires and is retried)
      await boss.stop({ graceful: false, wait: true, close: false } as PgBoss.StopOptions);
    },
  };
}
