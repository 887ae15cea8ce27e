// Ballots of a simulated election made on worker threads: each ballot is independent
// (its own randomness from the CSPRNG), so n cores make about n times as many per second.
import { Worker } from 'node:worker_threads';
import type { BallotJob, BallotMaker } from '../protocol/simulate.ts';
import { createBallot } from '../protocol/ballot.ts';
import { loadElection } from '../protocol/election.ts';

const CHUNK = 50;

/** A BallotMaker over `workers` threads (in this thread when 1). Logs progress through `onProgress`. */
export function workerBallotMaker(workers: number, onProgress?: (made: number, total: number) => void): BallotMaker {
  return async (electionRaw, jobs) => {
    if (workers <= 1) {
      const ctx = loadElection(electionRaw);
      return jobs.map((j, i) => {
        const text = createBallot(ctx, j.credential, j.plaintext).text;
        if ((i + 1) % CHUNK === 0) onProgress?.(i + 1, jobs.length);
        return text;
      });
    }
    const out: string[] = new Array<string>(jobs.length);
    let next = 0;
    let made = 0;
    const runWorker = async () => {
      const w = new Worker(new URL('./simulate-worker.mjs', import.meta.url));
      try {
        for (let start = next; start < jobs.length; start = next) {
          next = start + CHUNK;
          const chunk: BallotJob[] = jobs.slice(start, start + CHUNK);
          const texts = await new Promise<string[]>((resolve, reject) => {
            const onMessage = (m: { texts?: string[]; error?: string }) => {
              w.off('error', reject);
              if (m.error !== undefined) reject(new Error(m.error));
              else resolve(m.texts!);
            };
            w.once('message', onMessage);
            w.once('error', reject);
            w.postMessage({ id: start, electionRaw, jobs: chunk });
          });
          texts.forEach((t, k) => (out[start + k] = t));
          made += texts.length;
          onProgress?.(made, jobs.length);
        }
      } finally {
        await w.terminate();
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, Math.ceil(jobs.length / CHUNK)) }, runWorker));
    return out;
  };
}
