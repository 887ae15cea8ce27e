// Worker thread for `jirga simulate --workers N` (see simulate-pool.ts): makes
// credentials for a slice of the voters, or ballots for a batch, with Node's CSPRNG
// and the OpenSSL exponentiation engine. Each batch of ballots comes back with the
// encrypted tally of those of them that are counted, so the main thread never holds
// every ballot.
import { parentPort } from 'node:worker_threads';
import { createBallot, type PlaintextBallot } from '../protocol/ballot.ts';
import { writeEncryptedTally, writeJson } from '../protocol/codec.ts';
import { generateCredentials, parseVoterLine } from '../protocol/credentials.ts';
import { loadElection, type ElectionContext } from '../protocol/election.ts';
import { getGroup } from '../protocol/groups/index.ts';
import { encryptedTallyOf, type WeightedBallot } from '../protocol/tally.ts';
import { registerOpensslEngine } from './openssl-engine.ts';

registerOpensslEngine();

export type SimulateTask =
  | { id: number; kind: 'credentials'; group: string; uuid: string; lines: string[] }
  | { id: number; kind: 'ballots'; electionRaw: string; ballots: { credential: string; plaintext: PlaintextBallot; counted: boolean; weight: string }[] };

export type SimulateAnswer =
  | { id: number; kind: 'credentials'; privateLines: string[]; publicCredentials: string[] }
  | { id: number; kind: 'ballots'; texts: string[]; trackers: string[]; tally: string | null; counted: number; weight: string }
  | { id: number; kind: 'error'; message: string };

let cached: { raw: string; ctx: ElectionContext } | undefined;

function run(task: SimulateTask): SimulateAnswer {
  if (task.kind === 'credentials') {
    const c = generateCredentials(getGroup(task.group), task.uuid, task.lines.map(parseVoterLine));
    return { id: task.id, kind: 'credentials', privateLines: c.privateLines, publicCredentials: c.publicCredentials };
  }
  if (!cached || cached.raw !== task.electionRaw) cached = { raw: task.electionRaw, ctx: loadElection(task.electionRaw) };
  const ctx = cached.ctx;
  const texts: string[] = [];
  const trackers: string[] = [];
  const counted: WeightedBallot[] = [];
  for (const b of task.ballots) {
    const prepared = createBallot(ctx, b.credential, b.plaintext);
    texts.push(prepared.text);
    trackers.push(prepared.tracker);
    if (b.counted) counted.push({ ballot: prepared.ballot, weight: BigInt(b.weight) });
  }
  const weight = counted.reduce((a, c) => a + c.weight, 0n);
  const tally = counted.length ? writeJson(writeEncryptedTally(encryptedTallyOf(ctx, counted))) : null;
  return { id: task.id, kind: 'ballots', texts, trackers, tally, counted: counted.length, weight: String(weight) };
}

parentPort!.on('message', (task: SimulateTask) => {
  try {
    parentPort!.postMessage(run(task));
  } catch (e) {
    parentPort!.postMessage({ id: task.id, kind: 'error', message: e instanceof Error ? e.message : String(e) } satisfies SimulateAnswer);
  }
});
