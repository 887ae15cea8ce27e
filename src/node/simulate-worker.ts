// Worker thread: makes ballots of one simulated election (see simulate-pool.ts).
import { parentPort } from 'node:worker_threads';
import { createBallot } from '../protocol/ballot.ts';
import { loadElection, type ElectionContext } from '../protocol/election.ts';
import type { BallotJob } from '../protocol/simulate.ts';
import { registerOpensslEngine } from './openssl-engine.ts';

registerOpensslEngine();

let cached: { raw: string; ctx: ElectionContext } | undefined;

parentPort!.on('message', (job: { id: number; electionRaw: string; jobs: BallotJob[] }) => {
  try {
    if (!cached || cached.raw !== job.electionRaw) cached = { raw: job.electionRaw, ctx: loadElection(job.electionRaw) };
    const ctx = cached.ctx;
    parentPort!.postMessage({ id: job.id, texts: job.jobs.map((j) => createBallot(ctx, j.credential, j.plaintext).text) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
