// Scheduled closing, through the job queue (src/store/job-queue.ts, pg-boss in the shared
// database). Every server process looks, every `sweepMs`, for open elections whose closing
// time has passed (on the clock casting uses: ctx.now) and sends a job naming each; the queue's "stately" policy keeps one
// waiting and one running job per election, so however many servers look, one of them
// closes it (EndBallots, the encrypted tally of the counted ballots read a page at a time,
// the server's partial decryption, or with ranked and graded questions the server's shuffle: closeElection). A server that dies while closing leaves
// its transaction uncommitted and its job expires: another server closes the election.
// An election closed meanwhile (by its organiser, by another job) makes the job a no-op.
import { Conflict } from '../../kernel/errors.ts';
import type { JobQueue } from '../../store/job-queue.ts';
import { electionsToClose } from '../../store/elections.ts';
import type { ServiceContext } from '../context.ts';
import { closeElection } from './elections.ts';

export const CLOSE_QUEUE = 'election-close';

export interface CloserOptions {
  /** How often each process looks for elections whose closing time has passed (ms). */
  sweepMs?: number;
  /** How often an idle process looks for close jobs in the queue (ms; at least 500). */
  pollMs?: number;
  /** A close running longer than this is taken to have died with its process (seconds). */
  expireSeconds?: number;
  /** How long a failed close waits before it is tried again (seconds, doubling each time). */
  retryDelaySeconds?: number;
  /** Called as a job starts to close its election (tests: a process that dies mid-close never returns from it). */
  onClosing?: (uuid: string) => Promise<void>;
  log?: (message: string) => void;
}

export interface Closer {
  /** Look now (tests; the timer does it every sweepMs). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

export function startCloser(ctx: ServiceContext, queue: JobQueue, options: CloserOptions = {}): Closer {
  const log = options.log ?? ((m: string) => console.error(m));
  let stopped = false;

  async function onJob(uuid: string): Promise<void> {
    if (stopped) throw new Error('the closer is stopping'); // the queue retries it elsewhere
    try {
      await options.onClosing?.(uuid);
      await closeElection(ctx, uuid);
    } catch (e) {
      // not open any more: closed by its organiser or by an earlier job; nothing to do
      if (e instanceof Conflict) return;
      log(`scheduled close of election ${uuid} failed: ${(e as Error).message}`);
      throw e; // retried by the queue
    }
  }

  async function sweep(): Promise<void> {
    try {
      for (const uuid of await electionsToClose(ctx.db, ctx.now())) await queue.send(CLOSE_QUEUE, uuid);
    } catch (e) {
      if (!stopped) log(`scheduled close: ${(e as Error).message}`);
    }
  }

  const ready = queue
    .define({ name: CLOSE_QUEUE, expireSeconds: options.expireSeconds ?? 15 * 60, retryLimit: 1000, retryDelaySeconds: options.retryDelaySeconds ?? 15 })
    .then(() => queue.work(CLOSE_QUEUE, onJob, options.pollMs ?? 1000))
    .then(sweep)
    .catch((e: Error) => log(`scheduled close: the job queue could not be started: ${e.message}`));
  const timer = setInterval(() => void ready.then(sweep), options.sweepMs ?? 15_000);
  timer.unref();
  return {
    sweep: () => ready.then(sweep),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ready;
    },
  };
}
