// Ballot verification spread over worker threads: ballots are independent, so a
// machine with n cores checks about n times as many per second. The CLI makes a
// pool for one archive; the server keeps one for its whole life.
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { BallotCheck } from '../protocol/ballot.ts';
import { sequentialBallotChecker, type BallotChecker } from '../protocol/verify.ts';

/** Below this many ballots, starting workers costs more than it saves. */
const MIN_BALLOTS_FOR_WORKERS = 16;

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

interface Job {
  electionRaw: string;
  ballots: string[];
  resolve: (r: BallotCheck[]) => void;
  reject: (e: Error) => void;
}

export class BallotWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    readonly size = defaultWorkerCount(),
    resourceLimits?: ResourceLimits,
  ) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./ballot-worker.mjs', import.meta.url), resourceLimits ? { resourceLimits } : {});
      w.unref();
      this.all.push(w);
      this.idle.push(w);
    }
  }

  /** Check ballots of one election; results in the same order. */
  check(electionRaw: string, ballots: string[]): Promise<BallotCheck[]> {
    if (this.closed) return Promise.reject(new Error('the ballot verifier is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ electionRaw, ballots, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      const onMessage = (msg: { id: number; results?: BallotCheck[]; error?: string }) => {
        if (msg.id !== id) return;
        cleanup();
        this.idle.push(worker);
        if (msg.error !== undefined) job.reject(new Error(msg.error));
        else job.resolve(msg.results!);
        this.dispatch();
      };
      const onError = (e: Error) => {
        cleanup();
        job.reject(e);
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, electionRaw: job.electionRaw, ballots: job.ballots });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((w) => w.terminate()));
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
      // small chunks keep every worker busy until the end
      const chunkSize = Math.max(1, Math.min(64, Math.ceil(ballots.length / (running.size * 8))));
      const chunks: Promise<BallotCheck[]>[] = [];
      for (let start = 0; start < ballots.length; start += chunkSize) chunks.push(running.check(electionRaw, ballots.slice(start, start + chunkSize)));
      return (await Promise.all(chunks)).flat();
    } finally {
      release();
    }
  };
}
