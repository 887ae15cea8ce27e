// Runs Jirga's verifier on an archive in the browser, away from the page's thread.
// The page sends the archive as it downloads ({type:'chunk'} messages, then 'end');
// the worker says each check as it completes and how many ballots it has checked, so
// the page can show progress. The page cancels by terminating the worker.
import { checkBallot } from '../../../src/protocol/ballot.ts';
import { loadElection } from '../../../src/protocol/election.ts';
import { verifyArchive, type BallotChecker } from '../../../src/protocol/verify.ts';

export type ToVerifier = { type: 'chunk'; bytes: Uint8Array } | { type: 'end' };
export type FromVerifier =
  | { type: 'check'; check: import('../../../src/protocol/verify.ts').Check }
  | { type: 'progress'; ballots: number }
  | { type: 'done'; status: string; conclusion: string };

const post = (m: FromVerifier) => self.postMessage(m);

/** Ballots checked a batch at a time, with a word to the page after each batch. */
const BATCH = 25;
let checked = 0;
const progressChecker: BallotChecker = async (electionRaw, ballots) => {
  const ctx = loadElection(electionRaw);
  const results = [];
  for (let i = 0; i < ballots.length; i += BATCH) {
    for (const b of ballots.slice(i, i + BATCH)) results.push(checkBallot(ctx, b));
    checked += Math.min(BATCH, ballots.length - i);
    post({ type: 'progress', ballots: checked });
    // let the progress message go before the next batch
    await new Promise((r) => setTimeout(r, 0));
  }
  return results;
};

const chunks: Uint8Array[] = [];

async function verify(): Promise<void> {
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks.splice(0)) {
    bytes.set(c, at);
    at += c.length;
  }
  try {
    const report = await verifyArchive(bytes, { checkBallots: progressChecker, onCheck: (check) => post({ type: 'check', check }) });
    post({ type: 'done', status: report.status, conclusion: report.conclusion });
  } catch (e) {
    post({ type: 'done', status: 'unusable', conclusion: e instanceof Error ? e.message : String(e) });
  }
}

self.onmessage = (event: MessageEvent<ToVerifier>) => {
  if (event.data.type === 'chunk') chunks.push(event.data.bytes);
  else void verify();
};
