// Benchmark: what the ballots check of `jirga verify` keeps per voter, measured in the
// V8 heap (after a full garbage collection) — the part of the verifier's memory that
// grows with the election. Not a test; no proofs are made or checked: the counter is
// fed ballot checks with random numbers where the ciphertexts are, the shape of the
// given election (default: the 1,000-ballot simulation's, 2 questions, 9 choices).
//
//   node --expose-gc --import tsx bench/verifier-state.bench.ts [--voters 20000] [--revotes 0.2]
//
// Three figures per voter: the credential table (a Map from the credential to its
// weight, which both designs keep), the design before (the last ballot's ciphertexts per
// credential, as BallotCounter kept them until the tally), and BallotCounter now
// (running products, the position of each credential's last ballot).
import { parseArgs } from 'node:util';
import type { BallotCheck } from '../src/protocol/ballot.ts';
import type { Ballot, Ciphertext } from '../src/protocol/codec.ts';
import { choiceCount, loadElection } from '../src/protocol/election.ts';
import { simulateElection } from '../src/protocol/simulate.ts';
import { parseArchive, setupOfArchive } from '../src/protocol/archive.ts';
import { BallotCounter } from '../src/protocol/verify-checks.ts';

const { values } = parseArgs({ options: { voters: { type: 'string' }, revotes: { type: 'string' } } });
const voters = Number(values.voters ?? 20000);
const revoteShare = Number(values.revotes ?? 0.2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const ctx = loadElection(setupOfArchive(parseArchive(simulateElection({ voters: 1, open: true }).archive)).election);
const { group } = ctx;
let seed = 0x12345678n;
/** A number below p that looks like a group element to the heap (2,048 bits). */
const element = (): bigint => {
  seed = (seed * 6364136223846793005n + 1442695040888963407n) % group.p;
  return (seed * seed) % group.p;
};
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const base = heap();
const credentials = new Map<bigint, bigint>();
for (let i = 0; i < voters; i++) credentials.set(element(), 1n);
const afterTable = heap();
const keys = [...credentials.keys()];
const ballots = Math.round(voters * (1 + revoteShare));
/** The checks in board order, made a batch at a time (as the worker pool hands them over). */
function* batches(): Generator<BallotCheck[]> {
  for (let n = 0; n < ballots; n += 256) {
    yield Array.from({ length: Math.min(256, ballots - n) }, (_, k) => {
      const answers = ctx.election.questions.map((q) => ({ choices: Array.from({ length: choiceCount(q) }, (): Ciphertext => ({ alpha: element(), beta: element() })) }));
      return { ok: true, ballot: { answers } as unknown as Ballot, credential: keys[(n + k) % voters]!, tracker: '' };
    });
  }
}

// before: the last ballot's ciphertexts per credential (the answers, without proofs)
const before = new Map<bigint, { ballot: { answers: { choices: unknown }[] }; weight: bigint }>();
for (const batch of batches()) {
  for (const r of batch) {
    if (!r.ok) continue;
    before.delete(r.credential);
    before.set(r.credential, { ballot: { answers: r.ballot.answers.map((a) => ({ choices: a.choices })) }, weight: credentials.get(r.credential)! });
  }
}
const afterBefore = heap();
const keepBefore = before.size;
before.clear();
const cleared = heap();

const counter = new BallotCounter(ctx, credentials, async function* () {});
for (const batch of batches()) counter.add(batch);
counter.finish(ballots);
const afterNow = heap();

const perVoter = (bytes: number) => `${(bytes / voters).toFixed(0)} bytes`;
console.log(`${voters} voters, ${ballots} ballots, ${ctx.election.questions.length} question(s), ${ctx.election.questions.reduce((a, q) => a + choiceCount(q), 0)} choices, group ${group.name}`);
console.log(`credential table (kept by both):           ${perVoter(afterTable - base)} per voter`);
console.log(`ballots check, before (last ciphertexts):  ${perVoter(afterBefore - afterTable)} per voter (${keepBefore} kept)`);
console.log(`ballots check, now (products, positions):  ${perVoter(afterNow - cleared)} per voter`);
void counter;
