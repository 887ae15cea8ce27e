// Scheduled closing, through the job queue (src/store/job-queue.ts, pg-boss in the shared
// database). Every server process looks, every `sweepMs`, for open elections whose closing
// time has passed (on the clock casting uses: ctx.now) and sends a job naming each, unless
// one is waiting or running (queueClose), so however many servers look, one of them
// closes it (EndBallots, the encrypted tally of the counted ballots read a page at a time,
// the server's partial decryption, or with ranked and graded questions the server's shuffle: closeElection). A server that dies while closing leaves
// its transaction uncommitted and its job expires: another server closes the election.
// An election closed meanwhile (by another job) makes the job a no-op; so does one whose
// voting was extended since the job was sent (the job checks, under the election's lock,
// that its closing time has passed or its organiser asked to close it, on ctx.now).
//
// The organiser's "close now" is the same job (closeNow): it records the request
// (close_requests, so every server's sweep sends the job again if it was lost), sends the
// job, and waits a bounded time for it: the HTTP answer does not depend on how long the
// close takes (the tally reads every ballot; a ranked or graded question's
// shuffle costs ~19 ms a ballot). A close is never done twice: the job closes under the
// election's row lock, and only an open election (withElection in closeElection).
import { Conflict } from '../../kernel/errors.ts';
import type { ElectionState } from '../../api/election-state.ts';
import type { JobQueue } from '../../store/job-queue.ts';
import { electionsToClose, getElection, recordCloseFailure, requestClose } from '../../store/elections.ts';
import type { ServiceContext } from '../context.ts';
import { closeVoting, requireElection, stateMessage } from './elections.ts';
import { awaitingServerShuffle, serverShuffle } from './shuffling.ts';

export const CLOSE_QUEUE = 'election-close';

/** Close an open election: voting and tally under its lock (closeVoting), then with ranked
 * or graded questions the server's shuffle, computed outside it (serverShuffle). */
export async function closeElection(ctx: ServiceContext, uuid: string, pageSize?: number, dueAt?: Date): Promise<boolean> {
  const { closed, shuffleNext } = await closeVoting(ctx, uuid, pageSize, dueAt);
  if (shuffleNext) await serverShuffle(ctx, uuid);
  return closed;
}

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
  /** How long the organiser's "close now" waits for the close before answering that it is still closing (ms). */
  waitMs?: number;
  log?: (message: string) => void;
}

/** What "close now" answers: the election's state once closed, or "closing" if the close was not done within the wait. */
export type CloseOutcome = { state: Exclude<ElectionState, 'draft' | 'setup' | 'open'> } | { state: 'closing' };

/** How long "close now" waits for its close by default: short enough for any proxy, long enough for a small election. */
export const CLOSE_WAIT_MS = 3000;

export interface Closer {
  /** Look now (tests; the timer does it every sweepMs). */
  sweep(): Promise<void>;
  /** The organiser's "close now": a close job any server may take; waits at most `waitMs` for it. */
  closeNow(uuid: string, accountId: number | null): Promise<CloseOutcome>;
  stop(): Promise<void>;
}

export function startCloser(ctx: ServiceContext, queue: JobQueue, options: CloserOptions = {}): Closer {
  const log = options.log ?? ((m: string) => console.error(m));
  let stopped = false;

  async function onJob(uuid: string): Promise<void> {
    if (stopped) throw new Error('the closer is stopping'); // the queue retries it elsewhere
    try {
      await options.onClosing?.(uuid);
      try {
        // only if still due: voting may have been extended since the job was sent
        if (!(await closeElection(ctx, uuid, undefined, ctx.now()))) log(`close of election ${uuid}: not due any more (its voting was extended), nothing done`);
      } catch (e) {
        // not open any more: closed by an earlier job — which may have died before the
        // server's shuffle of ranked and graded answers: that is done now if it is missing
        if (!(e instanceof Conflict)) throw e;
        await serverShuffle(ctx, uuid);
      }
    } catch (e) {
      log(`close of election ${uuid} failed: ${(e as Error).message}`);
      // counted for the organiser's page ("the close failed N times, tried again"); a
      // database that cannot record it cannot close either: the job is retried all the same
      await recordCloseFailure(ctx.db, uuid, ctx.now()).catch(() => undefined);
      throw e; // retried by the queue
    }
  }

  // One close job per election at a time. The queue takes jobs oldest first, and a job
  // waiting behind a running one of the same election cannot start (stately): it would hold
  // up the close of every other election until that close ends or expires. A job that is
  // waiting or running is enough: a running one whose process died expires and is retried.
  async function queueClose(uuid: string): Promise<void> {
    if (await queue.pending(CLOSE_QUEUE, uuid)) return;
    await queue.send(CLOSE_QUEUE, uuid);
  }

  async function sweep(): Promise<void> {
    try {
      for (const uuid of await electionsToClose(ctx.db, ctx.now())) await queueClose(uuid);
    } catch (e) {
      if (!stopped) log(`scheduled close: ${(e as Error).message}`);
    }
  }

  async function closeNow(uuid: string, accountId: number | null): Promise<CloseOutcome> {
    // read, not locked: a close in progress holds the election's lock until it is done
    const election = await requireElection(ctx.db, uuid);
    if (election.state !== 'open') throw new Conflict(stateMessage(election.state, ['open']));
    await requestClose(ctx.db, uuid, ctx.now(), accountId);
    await ready;
    await queueClose(uuid);
    // a close that failed waits longer before each retry (pg-boss's backoff, up to days): the
    // organiser asking again (the cause fixed, say) makes it due now
    await queue.hurry(CLOSE_QUEUE, uuid);
    queue.wake(CLOSE_QUEUE);
    let waiting = true;
    const closed = async (): Promise<CloseOutcome> => {
      for (;;) {
        const now = await getElection(ctx.db, uuid);
        const state = now?.state;
        // closed with ranked or graded questions: done once the server's shuffle is on the board
        const shuffling = now !== undefined && (await awaitingServerShuffle(ctx.db, now));
        if (state && state !== 'open' && state !== 'draft' && state !== 'setup' && !shuffling) return { state };
        if (!waiting) return { state: 'closing' };
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    let timer: NodeJS.Timeout | undefined;
    // on PGlite a query waits for a close in progress (one transaction at a time): the timer answers
    const late = new Promise<CloseOutcome>((resolve) => (timer = setTimeout(() => resolve({ state: 'closing' }), options.waitMs ?? CLOSE_WAIT_MS)));
    try {
      return await Promise.race([closed(), late]);
    } finally {
      waiting = false;
      clearTimeout(timer);
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
    closeNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ready;
    },
  };
}
