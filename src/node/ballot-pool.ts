// Ballot verification spread over worker threads: ballots are independent, so a
// machine with n cores checks about n times as many per second. The CLI makes a
// pool for one archive; the server keeps one for its whole life.
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { CheckPool, checkOnPool } from '../protocol/check-pool.ts';
import { sequentialBallotChecker, type BallotChecker } from '../protocol/verify.ts';

/** Below this many ballots, starting workers costs more than it saves. */
const MIN_BALLOTS_FOR_WORKERS = 16;

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/** A pool of worker threads (src/node/ballot-worker.ts), each with its own copy of the
 * election's tables and OpenSSL contexts. */
export class BallotWorkerPool extends CheckPool {
  constructor(size = defaultWorkerCount(), resourceLimits?: ResourceLimits) {
    super(() => {
      const w = new Worker(new URL('./ballot-worker.mjs', import.meta.url), resourceLimits ? { resourceLimits } : {});
      w.unref();
      return {
        send: (request) => w.postMessage(request),
        listen(onReply, onError) {
          w.on('message', onReply);
          w.on('error', onError);
          return () => {
            w.off('message', onReply);
            w.off('error', onError);
          };
        },
        terminate: () => w.terminate(),
      };
    }, size);
  }
}

/**
 * A run's workers keep a small young generation. Checking a ballot makes thousands of
 * short-lived 2,048-bit numbers; left to itself V8 grows each thread's young generation
 * to 3 × 16 MB after a few hundred ballots, and that memory stays, in every worker
 * (≈ 50–70 MB of the peak of `jirga verify` with two workers, measured with
 * --max-semi-space-size=1, docs/performance.md). With 1 MB semi-spaces the scavenges
 * are more frequent and as cheap; the time per ballot did not change measurably.
 */
export const RUN_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 3 };

/** How long a run's pool waits for the next batch before its workers stop. */
const IDLE_CLOSE_MS = 250;

/**
 * A BallotChecker for one run over an archive: each batch is cut into chunks spread over
 * a pool of worker threads. The streaming verifier calls it once per batch of ballots as
 * they arrive, so the pool is started on the first batch big enough to need it, kept
 * while batches keep coming, and stopped once none is in flight for a moment (its
 * threads never keep the process alive).
 */
export function workerBallotChecker(workers = defaultWorkerCount()): BallotChecker {
  let pool: BallotWorkerPool | undefined;
  let inFlight = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    inFlight--;
    if (inFlight > 0 || !pool) return;
    const idle = pool;
    idleTimer = setTimeout(() => {
      if (pool === idle && inFlight === 0) {
        pool = undefined;
        void idle.close();
      }
    }, IDLE_CLOSE_MS);
    idleTimer.unref?.();
  };
  return async (electionRaw, ballots) => {
    if (workers <= 1 || ballots.length < MIN_BALLOTS_FOR_WORKERS) return sequentialBallotChecker(electionRaw, ballots);
    if (idleTimer) clearTimeout(idleTimer);
    pool ??= new BallotWorkerPool(Math.min(workers, ballots.length), RUN_WORKER_LIMITS);
    const running = pool;
    inFlight++;
    try {
      return await checkOnPool(running, electionRaw, ballots);
    } finally {
      release();
    }
  };
}
