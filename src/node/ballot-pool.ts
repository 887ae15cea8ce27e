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
 * Their old generation is capped too: what a worker keeps is bounded (the election's
 * tables, ≈ 25 MB; one chunk of at most 4 MiB of ballot text), but V8 lets an uncapped
 * heap grow lazily with the work done — 316 → 438 MiB peak from 1,000 to 10,000 ballots,
 * 268 → 339 MiB with the cap (docs/performance.md). A worker that runs out of memory
 * anyway is replaced and its chunk checked in the main thread: same checks, same results.
 */
export const RUN_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 3, maxOldGenerationSizeMb: 96 };

/** How long a run's pool waits for the next batch before its workers stop. */
const IDLE_CLOSE_MS = 250;

/**
 * A BallotChecker for one run over an archive: each batch is cut into chunks spread over
 * a pool of worker threads. The streaming verifier calls it once per batch of ballots as
 * they arrive, so the pool is started on the first batch big enough to need it, kept
 * while batches keep coming, and stopped once none is in flight for a moment (its
 * threads never keep the process alive).
 */
export function workerBallotChecker(workers = defaultWorkerCount(), limits: ResourceLimits = RUN_WORKER_LIMITS): BallotChecker {
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
    pool ??= new BallotWorkerPool(Math.min(workers, ballots.length), limits);
    const running = pool;
    inFlight++;
    try {
      // a worker out of memory (RUN_WORKER_LIMITS) or crashed: its chunk is checked here
      return await checkOnPool(running, electionRaw, ballots, undefined, sequentialBallotChecker);
    } finally {
      release();
    }
  };
}
