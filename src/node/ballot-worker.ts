// Worker thread: verifies batches of ballots for one election (see ballot-pool.ts).
import { parentPort } from 'node:worker_threads';
import { checkBallot } from '../protocol/ballot.ts';
import { loadElection, type ElectionContext } from '../protocol/election.ts';
import { registerOpensslEngine } from './openssl-engine.ts';

registerOpensslEngine();

let cached: { raw: string; ctx: ElectionContext } | undefined;

parentPort!.on('message', (job: { id: number; electionRaw: string; ballots: string[] }) => {
  try {
    if (!cached || cached.raw !== job.electionRaw) cached = { raw: job.electionRaw, ctx: loadElection(job.electionRaw) };
    const ctx = cached.ctx;
    parentPort!.postMessage({ id: job.id, results: job.ballots.map((b) => checkBallot(ctx, b)) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
