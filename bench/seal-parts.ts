// Where the time of sealing one ballot goes, in Node's V8 (the engine of Chromium), with
// the JIT and without it:
//   node --import tsx bench/seal-parts.ts && node --jitless --import tsx bench/seal-parts.ts
// An election like the demo's (BELENIOS-2048; a yes/no question with blank allowed, a
// question of three answers), BigInt only as in the browser (no OpenSSL engine). Each
// part is timed cold (new tables each round), in the order the booth meets them, in
// CPU time (the machine may be shared).
import { createBallot } from '../src/protocol/ballot.ts';
import { isHomomorphic, type Template } from '../src/protocol/codec.ts';
import { deriveCredentialSecret, generateCredentials, parseVoterLine } from '../src/protocol/credentials.ts';
import { loadElection, makeElection } from '../src/protocol/election.ts';
import { getGroup } from '../src/protocol/groups/index.ts';
import { randomBase58String } from '../src/protocol/random.ts';
import { randomPlaintext } from '../src/protocol/simulate.ts';
import { generateTrusteeKey } from '../src/protocol/trustees.ts';

const TEMPLATE: Template = {
  name: 'seal parts',
  description: 'like the demo',
  questions: [
    { question: 'Q1', answers: ['Yes', 'No'], min: 1, max: 1, blank: true },
    { question: 'Q2', answers: ['A', 'B', 'C'], min: 1, max: 1 },
  ],
};
const group = getGroup('BELENIOS-2048');
const ROUNDS = 7;
const parts = new Map<string, number[]>();
/** CPU time of f (this process: user + system), not wall time: the machine may be shared. */
const time = <T>(name: string, f: () => T): T => {
  const t = process.cpuUsage();
  const r = f();
  const used = process.cpuUsage(t);
  parts.set(name, [...(parts.get(name) ?? []), (used.user + used.system) / 1000]);
  return r;
};
for (let round = 0; round < ROUNDS; round++) {
  const uuid = randomBase58String(14);
  const raw = makeElection(TEMPLATE, uuid, group.name, [['Single', generateTrusteeKey(group).publicKey]]);
  const credential = generateCredentials(group, uuid, [parseVoterLine('voter')]).privateLines[0]!.split(' ').pop()!;
  // a fresh group object: no table built yet (the setup above used the shared one)
  const fresh = Object.create(Object.getPrototypeOf(group), Object.getOwnPropertyDescriptors(group)) as typeof group;
  (fresh as unknown as { fixedBases: Map<bigint, unknown> }).fixedBases = new Map();
  const ctx0 = time("load election.json (the public key's membership test: one 256-bit exponentiation)", () => loadElection(raw));
  const ctx = { ...ctx0, group: fresh, powY: (e: bigint) => fresh.powFixed(ctx0.publicKey, e) };
  const secret = time('derive the credential (PBKDF2-SHA256, 1,000 rounds, in JavaScript)', () => deriveCredentialSecret(fresh, uuid, credential));
  time("build g's table (43 windows × 64 entries: 2,752 multiplications)", () => fresh.powG(secret));
  time("build the election key's table (the same)", () => ctx.powY(secret));
  const plaintext = ctx.election.questions.filter(isHomomorphic).map((q) => randomPlaintext(q));
  time('create the ballot, tables built (encryptions, proofs, signature; PBKDF2 again)', () => createBallot(ctx, credential, plaintext));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(`\nV8 ${process.versions.v8}${process.execArgv.includes('--jitless') ? ', --jitless' : ''}: CPU time, median of ${ROUNDS} (min–max)`);
for (const [name, ms] of parts) console.log(`${median(ms).toFixed(1).padStart(8)} ms (${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)})  ${name}`);
