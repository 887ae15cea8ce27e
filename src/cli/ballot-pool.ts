// Ballot verification spread over worker threads: ballots are independent, so a
// machine with n cores checks about n times as many per second.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BallotCheck } from '../protocol/ballot.ts';
import { sequentialBallotChecker, type BallotChecker } from '../protocol/verify.ts';

/** Below this many ballots, starting workers costs more than it saves. */
const MIN_BALLOTS_FOR_WORKERS = 16;

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export function workerBallotChecker(workers = defaultWorkerCount()): BallotChecker {
  return async (electionRaw, ballots) => {
    if (workers <= 1 || ballots.length < MIN_BALLOTS_FOR_WORKERS) return sequentialBallotChecker(electionRaw, ballots);
    const pool = Array.from({ length: Math.min(workers, ballots.length) }, () => new Worker(new URL('./ballot-worker.mjs', import.meta.url)));
    try {
      // Small chunks keep every worker busy until the end.
      const chunkSize = Math.max(1, Math.min(64, Math.ceil(ballots.length / (pool.length * 8))));
      const chunks: { start: number; ballots: string[] }[] = [];
      for (let start = 0; start < ballots.length; start += chunkSize) chunks.push({ start, ballots: ballots.slice(start, start + chunkSize) });
      const results: BallotCheck[] = new Array(ballots.length);
      let next = 0;
      await Promise.all(
        pool.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              const send = () => {
                if (next >= chunks.length) return resolve();
                const id = next++;
                worker.postMessage({ id, electionRaw, ballots: chunks[id]!.ballots });
              };
              worker.on('message', (msg: { id: number; results?: BallotCheck[]; error?: string }) => {
                if (msg.error !== undefined) return reject(new Error(msg.error));
                const { start } = chunks[msg.id]!;
                msg.results!.forEach((r, k) => (results[start + k] = r));
                send();
              });
              worker.on('error', reject);
              send();
            }),
        ),
      );
      return results;
    } finally {
      await Promise.all(pool.map((w) => w.terminate()));
    }
  };
}
