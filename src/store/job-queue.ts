// Background work that any server process may pick up: a maintained Postgres job queue
// (pg-boss 10, the line that supports Node 20), in the database the servers already share
// — on Postgres and on PGlite alike, through the same Db (no second connection pool).
// Several `jirga serve` processes on one DATABASE_URL need no other coordination: a job is
// taken by one worker at a time (SELECT ... FOR UPDATE SKIP LOCKED inside pg-boss), a job
// whose process died is failed when its expiry passes and retried by another, and a queue's
// "stately" policy keeps at most one waiting and one running job per key (a burst of votes
// on one conversation makes one job, not one per vote).
//
// What a job does lives in src/services (the deliberation analysis: math-runner.ts); this
// file only carries keys from who asks to whoever works.
import PgBoss from 'pg-boss';
import type { Db } from './db.ts';

export interface QueueOptions {
  /** How often expired jobs are failed (and so retried), in seconds (at least 1). */
  superviseSeconds?: number;
}

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
        if (job) await handler(job.data.key);
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
    async pending(name, key) {
      const rows = await db.query<{ state: string }>(
        `SELECT state::text AS state FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' ORDER BY created_on DESC LIMIT 1`,
        [name, key],
      );
      return rows[0];
    },
    async stop() {
      // not graceful: a job in progress is given back by the caller (or expires and is retried)
      await boss.stop({ graceful: false, wait: true, close: false } as PgBoss.StopOptions);
    },
  };
}
