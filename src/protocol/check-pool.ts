// Ballot verification spread over workers: ballots are independent, so n workers on n
// cores check about n times as many per second. The pool is the same in Node (worker
// threads: src/node/ballot-pool.ts) and in a browser (web workers: the verifier's
// worker starts its own, web/src/workers/ballot-checkers.ts); each gives it a way to
// start one worker and talk to it.
import { checkBallot, type BallotCheck } from './ballot.ts';
import { loadElection, type ElectionContext } from './election.ts';

/** What a checking worker is sent, and what it answers (the results in the ballots' order). */
export interface CheckRequest {
  id: number;
  electionRaw: string;
  ballots: string[];
}
export type CheckReply = { id: number; results: BallotCheck[] } | { id: number; error: string };

/** One worker, as the pool sees it. */
export interface CheckWorker {
  send(request: CheckRequest): void;
  /** Listen to this worker's replies and errors until the returned function is called. */
  listen(onReply: (reply: CheckReply) => void, onError: (error: Error) => void): () => void;
  terminate(): unknown;
}

interface Job {
  electionRaw: string;
  ballots: string[];
  resolve: (r: BallotCheck[]) => void;
  reject: (e: Error) => void;
}

export class CheckPool {
  private readonly idle: CheckWorker[] = [];
  private readonly all: CheckWorker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    spawn: () => CheckWorker,
    readonly size: number,
  ) {
    for (let i = 0; i < size; i++) {
      const w = spawn();
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
      const stop = worker.listen(
        (reply) => {
          if (reply.id !== id) return;
          stop();
          this.idle.push(worker);
          if ('error' in reply) job.reject(new Error(reply.error));
          else job.resolve(reply.results);
          this.dispatch();
        },
        (e) => {
          // a worker that failed is not given work again
          stop();
          job.reject(e);
        },
      );
      worker.send({ id, electionRaw: job.electionRaw, ballots: job.ballots });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}

/** A batch is cut into chunks of at most this many ballots, and at least 8 per worker:
 * small chunks keep every worker busy until the end of the batch. */
const MAX_CHUNK = 64;

/** Check a batch on a pool, chunk by chunk; `onChunk` hears each chunk's size as it is done. */
export async function checkOnPool(pool: CheckPool, electionRaw: string, ballots: readonly string[], onChunk?: (ballots: number) => void): Promise<BallotCheck[]> {
  const chunkSize = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(ballots.length / (pool.size * 8))));
  const chunks: Promise<BallotCheck[]>[] = [];
  for (let start = 0; start < ballots.length; start += chunkSize) {
    const chunk = ballots.slice(start, start + chunkSize);
    chunks.push(pool.check(electionRaw, chunk).then((r) => (onChunk?.(chunk.length), r)));
  }
  return (await Promise.all(chunks)).flat();
}

/** What one worker of a pool does with each request: the election's context is kept
 * between requests (its tables are built once). */
export function checkRequestAnswerer(): (request: CheckRequest) => CheckReply {
  let cached: { raw: string; ctx: ElectionContext } | undefined;
  return (request) => {
    try {
      if (!cached || cached.raw !== request.electionRaw) cached = { raw: request.electionRaw, ctx: loadElection(request.electionRaw) };
      const ctx = cached.ctx;
      return { id: request.id, results: request.ballots.map((b) => checkBallot(ctx, b)) };
    } catch (e) {
      return { id: request.id, error: e instanceof Error ? e.message : String(e) };
    }
  };
}