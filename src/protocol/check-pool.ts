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
  /** Workers that failed since the last answer from any: past a few, none is started again. */
  private failuresInARow = 0;

  constructor(
    private readonly spawn: () => CheckWorker,
    readonly size: number,
  ) {
    for (let i = 0; i < size; i++) this.add(spawn());
  }

  /** A worker joins the pool; if it fails while idle (its errors during a job are that job's), it is replaced. */
  private add(w: CheckWorker): void {
    this.all.push(w);
    this.idle.push(w);
    w.listen(
      () => {},
      () => this.replace(w),
    );
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
    if (this.all.length === 0) {
      // every worker failed and none could be started again: nothing waits for ever
      for (const job of this.queue.splice(0)) job.reject(new Error('no ballot-checking worker could be started'));
      return;
    }
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      const stop = worker.listen(
        (reply) => {
          if (reply.id !== id) return;
          stop();
          this.failuresInARow = 0;
          this.idle.push(worker);
          if ('error' in reply) job.reject(new Error(reply.error));
          else job.resolve(reply.results);
          this.dispatch();
        },
        (e) => {
          // a worker that failed (out of memory, crashed) is ended and replaced, so that the
          // pool never shrinks to nothing and leaves work waiting for ever
          stop();
          this.replace(worker);
          job.reject(e);
          this.dispatch();
        },
      );
      worker.send({ id, electionRaw: job.electionRaw, ballots: job.ballots });
    }
  }

  /** End a failed worker and start another in its place (once per failure; not after
   * several failures in a row — workers that cannot even start — nor once closed). */
  private replace(failed: CheckWorker): void {
    const at = this.all.indexOf(failed);
    if (at < 0) return; // replaced already
    this.all.splice(at, 1);
    const idleAt = this.idle.indexOf(failed);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    try {
      void failed.terminate();
    } catch {
      // already gone
    }
    if (!this.closed && ++this.failuresInARow <= 2 * this.size) this.add(this.spawn());
    this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}

/** A batch is cut into chunks of at most this many ballots, and at least 8 per worker:
 * small chunks keep every worker busy until the end of the batch. */
const MAX_CHUNK = 64;
/** ...and of at most this many characters of ballot text, so that what one worker holds
 * at a time stays small whatever the size of a ballot (an election of many questions). */
const MAX_CHUNK_CHARS = 4 * 1024 * 1024;

/**
 * Check a batch on a pool, chunk by chunk; `onChunk` hears each chunk's size as it is done.
 * A chunk whose worker failed (ran out of memory, crashed) is checked again by `fallback`
 * (in the caller's thread: the same pure checks, the same results) when it is given.
 */
export async function checkOnPool(
  pool: CheckPool,
  electionRaw: string,
  ballots: readonly string[],
  onChunk?: (ballots: number) => void,
  fallback?: (electionRaw: string, ballots: readonly string[]) => Promise<BallotCheck[]>,
): Promise<BallotCheck[]> {
  const chunkSize = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(ballots.length / (pool.size * 8))));
  const chunks: Promise<BallotCheck[]>[] = [];
  for (let start = 0; start < ballots.length; ) {
    let end = start + 1;
    for (let chars = ballots[start]!.length; end < ballots.length && end - start < chunkSize && chars + ballots[end]!.length <= MAX_CHUNK_CHARS; end++) chars += ballots[end]!.length;
    const chunk = ballots.slice(start, end);
    const checked = pool.check(electionRaw, chunk).catch((e: unknown) => {
      if (!fallback) throw e;
      return fallback(electionRaw, chunk);
    });
    chunks.push(checked.then((r) => (onChunk?.(chunk.length), r)));
    start = end;
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