// A whole election run with Jirga's own code, as `jirga simulate` and the demo do:
// credentials, trustee keys (basic, or threshold t-of-n with a basic server key as
// belenios-tool's demo), ballots with random valid choices, re-votes, tally,
// partial decryptions and result — written as a .bel archive.
import { ArchiveWriter } from './archive.ts';
import { ballotTracker, createBallot, type PlaintextBallot } from './ballot.ts';
import {
  decodeText,
  isHomomorphic,
  writeJson,
  writeOwned,
  writePartialDecryption,
  writeResult,
  writeSetupData,
  writeSizedEncryptedTally,
  writeEncryptedTally,
  writeTrustees,
  type QuestionH,
  type Template,
  type Trustees,
  zBallot,
} from './codec.ts';
import { generateCredentials, parseVoterLine } from './credentials.ts';
import { loadElection, makeElection, type ElectionContext } from './election.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import { getGroup, type Group } from './groups/index.ts';
import { randomBase58String, randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';
import { combineDecryptionFactors, encryptedTallyOf, partialDecryptionOf, resultOf, type WeightedBallot } from './tally.ts';
import { recoverThresholdKey, thresholdStep1, thresholdStep3, thresholdStep4, thresholdStep5, thresholdStep6 } from './threshold.ts';
import { generateTrusteeKey } from './trustees.ts';

export const DEFAULT_TEMPLATE: Template = {
  description: 'A simulated vote of the Jirga convention on the future form of government.',
  name: 'Jirga simulation: governance model',
  questions: [
    {
      answers: ['Federal parliamentary republic', 'Unitary parliamentary republic', 'Presidential republic', 'Constitutional monarchy'],
      min: 1,
      max: 1,
      question: 'Which model of government should Afghanistan adopt?',
    },
    {
      answers: ['Equal rights for women in law', 'Elected local councils', 'Independent judiciary', 'Protection of all languages'],
      blank: true,
      min: 1,
      max: 3,
      question: 'Which guarantees must the constitution contain? (up to three)',
    },
  ],
};

export interface SimulationOptions {
  voters: number;
  trustees?: number;
  threshold?: number;
  template?: Template;
  revotes?: number;
  weights?: boolean;
  group?: string;
  /** Stop while voting is open (no EndBallots, tally or result). */
  open?: boolean;
  timestamp?: bigint;
  random?: RandomBytes;
}

export interface SimulationResult {
  archive: Uint8Array;
  uuid: string;
  /** Absent when the simulation stopped while voting was open. */
  result?: bigint[][];
  /** The result recomputed from the plaintexts the simulated voters chose. */
  expected: bigint[][];
  /** Every ballot cast, in casting order: its tracker and the plaintext it encrypts
   * (lets a test recompute the result without the tally code). */
  cast: { tracker: string; plaintext: PlaintextBallot }[];
  ballots: number;
  trusteesDescription: string;
  privateCredentials: string[];
}

function randomInt(n: number, random: RandomBytes): number {
  return Number(randomBelow(BigInt(n), random));
}

/** A random valid plaintext for a homomorphic question (blank sometimes). */
export function randomPlaintext(q: QuestionH, random: RandomBytes = secureRandomBytes): number[] {
  const blank = q.blank === true;
  if (blank && randomInt(8, random) === 0) return [1, ...q.answers.map(() => 0)];
  const count = q.min + randomInt(q.max - q.min + 1, random);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(randomInt(q.answers.length, random));
  const m = q.answers.map((_, i) => (chosen.has(i) ? 1 : 0));
  return blank ? [0, ...m] : m;
}

function makeTrustees(group: Group, count: number, threshold: number | undefined, random: RandomBytes): { trustees: Trustees; keys: bigint[]; description: string } {
  if (threshold === undefined) {
    const pairs = Array.from({ length: count }, () => generateTrusteeKey(group, random));
    return { trustees: pairs.map((p): Trustees[number] => ['Single', p.publicKey]), keys: pairs.map((p) => p.privateKey), description: `${count} basic trustee(s)` };
  }
  if (threshold < 1 || threshold > count) throw new InvalidRequest(`--threshold must be between 1 and --trustees (${count})`);
  const step1 = Array.from({ length: count }, () => thresholdStep1(group, random));
  const certs = step1.map((s) => s.cert);
  const polynomials = step1.map((s) => thresholdStep3(group, certs, s.seed, threshold, random));
  const vinputs = thresholdStep4(group, certs, polynomials);
  const voutputs = step1.map((s, j) => thresholdStep5(group, certs, s.seed, vinputs[j]!, random));
  const params = thresholdStep6(group, certs, polynomials, voutputs);
  const server = generateTrusteeKey(group, random);
  // recover each threshold trustee's decryption key as it would from its .dkey
  const shares = step1.map((s, j) => ({ seed: s.seed, dkey: voutputs[j]!.private_key }));
  const thresholdKeys = shares.map(({ seed, dkey }) => recoverThresholdKey(group, seed, dkey));
  return {
    trustees: [['Single', server.publicKey], ['Pedersen', params]],
    keys: [server.privateKey, ...thresholdKeys],
    description: `1 basic (server) trustee and ${threshold}-of-${count} threshold trustees`,
  };
}

/** One ballot to make: the voter's private credential and what the ballot encrypts. */
export interface BallotJob {
  credential: string;
  plaintext: PlaintextBallot;
}

/** Makes the ballots of a simulation, in order (in this thread, or spread over workers). */
export type BallotMaker = (electionRaw: string, jobs: readonly BallotJob[]) => Promise<string[]>;

/** A simulated election up to its ballots: the setup written, the ballots to make. */
interface Prepared {
  options: SimulationOptions;
  random: RandomBytes;
  uuid: string;
  trustees: Trustees;
  keys: bigint[];
  description: string;
  creds: ReturnType<typeof generateCredentials>;
  electionRaw: string;
  ctx: ElectionContext;
  voterLines: string[];
  weightOf: Map<string, bigint>;
  writer: ArchiveWriter;
  questions: QuestionH[];
  /** Every voter once, then the first `revotes` voters again: voter index and ballot job. */
  jobs: { voter: number; job: BallotJob }[];
}

function prepareSimulation(options: SimulationOptions): Prepared {
  const random = options.random ?? secureRandomBytes;
  const group = getGroup(options.group ?? 'BELENIOS-2048');
  const template = options.template ?? DEFAULT_TEMPLATE;
  const { voters, revotes, trusteeCount } = checkedCounts(options);

  const uuid = randomBase58String(14, random);
  const { trustees, keys, description } = makeTrustees(group, trusteeCount, options.threshold, random);
  const voterLines = Array.from({ length: voters }, (_, i) => (options.weights ? `voter${i + 1}@example.org,voter${i + 1},${1 + randomInt(5, random)}` : `voter${i + 1}@example.org`));
  const identities = voterLines.map(parseVoterLine);
  const creds = generateCredentials(group, uuid, identities, random);
  const electionRaw = makeElection(template, uuid, group.name, trustees);
  const ctx = loadElection(electionRaw);
  const weightOf = new Map(identities.map((v) => [v.line, v.weight ?? 1n]));

  const writer = new ArchiveWriter(options.timestamp ?? BigInt(Math.floor(Date.now() / 1000)));
  const eh = writer.addData(electionRaw);
  const th = writer.addData(writeJson(writeTrustees(trustees)));
  const ch = writer.addData(writeJson(creds.publicCredentials));
  writer.addEvent('Setup', writer.addData(writeJson(writeSetupData({ election: eh, trustees: th, credentials: ch }))));

  const questions = template.questions.map((q) => {
    if (!isHomomorphic(q)) throw new InvalidRequest('simulation supports homomorphic questions only');
    return q;
  });
  const jobFor = (voter: number) => ({ voter, job: { credential: creds.privateLines[voter]!.split(' ').pop()!, plaintext: questions.map((q) => randomPlaintext(q, random)) } });
  const jobs = [...Array.from({ length: voters }, (_, v) => jobFor(v)), ...Array.from({ length: revotes }, (_, v) => jobFor(v))];
  return { options, random, uuid, trustees, keys, description, creds, electionRaw, ctx, voterLines, weightOf, writer, questions, jobs };
}

function finishSimulation(p: Prepared, texts: readonly string[]): SimulationResult {
  const { cast, lastChoice, counted } = castBallots(p, texts);
  const expected = p.questions.map((q) => new Array<bigint>(q.answers.length + (q.blank ? 1 : 0)).fill(0n));
  for (const [voter, plaintext] of lastChoice) {
    const w = p.weightOf.get(p.voterLines[voter]!)!;
    plaintext.forEach((m, i) => m.forEach((x, j) => (expected[i]![j]! += BigInt(x) * w)));
  }
  const summary = { uuid: p.uuid, expected, cast, ballots: p.jobs.length, trusteesDescription: p.description, privateCredentials: p.creds.privateLines };
  if (p.options.open) return { ...summary, archive: p.writer.toBytes() };
  p.writer.addEvent('EndBallots');
  const result = tallyAndDecrypt(p.writer, p.ctx, p.trustees, p.keys, counted, p.options.threshold, p.random);
  return { ...summary, archive: p.writer.toBytes(), result };
}

export function simulateElection(options: SimulationOptions): SimulationResult {
  const p = prepareSimulation(options);
  return finishSimulation(p, p.jobs.map(({ job }) => createBallot(p.ctx, job.credential, job.plaintext, p.random).text));
}

/** The same simulation, its ballots made by `make` (worker threads: src/node/simulate-pool.ts). */
export async function simulateElectionWith(options: SimulationOptions, make: BallotMaker): Promise<SimulationResult> {
  const p = prepareSimulation(options);
  const texts = await make(p.electionRaw, p.jobs.map(({ job }) => job));
  if (texts.length !== p.jobs.length) throw new Error(`the ballot maker made ${texts.length} ballots for ${p.jobs.length}`);
  return finishSimulation(p, texts);
}

function checkedCounts(options: SimulationOptions): { voters: number; revotes: number; trusteeCount: number } {
  const voters = options.voters;
  if (!Number.isInteger(voters) || voters < 1) throw new InvalidRequest('--voters must be a positive whole number');
  const revotes = options.revotes ?? 0;
  if (!Number.isInteger(revotes) || revotes < 0 || revotes > voters) throw new InvalidRequest('--revotes must be between 0 and --voters');
  const trusteeCount = options.trustees ?? (options.threshold !== undefined ? 3 : 1);
  if (!Number.isInteger(trusteeCount) || trusteeCount < 1) throw new InvalidRequest('--trustees must be a positive whole number');
  return { voters, revotes, trusteeCount };
}

/**
 * Every voter casts a random ballot, then the first `revotes` voters cast again (the
 * ballots `texts`, in the order of the jobs). Returns what was cast, each voter's last
 * choice, and the last ballot per credential in casting order (a re-vote replaces the
 * earlier one).
 */
function castBallots(p: Prepared, texts: readonly string[]): { cast: SimulationResult['cast']; lastChoice: Map<number, PlaintextBallot>; counted: WeightedBallot[] } {
  const weightOfKey = new Map<bigint, bigint>();
  for (const line of p.creds.publicCredentials) {
    const [k, w] = line.split(',');
    weightOfKey.set(BigInt(k!), w === undefined ? 1n : BigInt(w));
  }
  const lastChoice = new Map<number, PlaintextBallot>();
  const cast: SimulationResult['cast'] = [];
  const ballotsByCredential = new Map<bigint, WeightedBallot>();
  p.jobs.forEach(({ voter, job }, i) => {
    const text = texts[i]!;
    const ballot = decodeText(zBallot, text, 'ballot');
    p.writer.addEvent('Ballot', p.writer.addData(text));
    cast.push({ tracker: ballotTracker(text), plaintext: job.plaintext });
    lastChoice.set(voter, job.plaintext);
    ballotsByCredential.delete(ballot.credential);
    ballotsByCredential.set(ballot.credential, { ballot, weight: weightOfKey.get(ballot.credential)! });
  });
  return { cast, lastChoice, counted: [...ballotsByCredential.values()] };
}

/** The encrypted tally, partial decryptions by every basic trustee and the first `threshold` threshold trustees, and the result. */
function tallyAndDecrypt(writer: ArchiveWriter, ctx: ElectionContext, trustees: Trustees, keys: bigint[], counted: WeightedBallot[], threshold: number | undefined, random: RandomBytes): bigint[][] {
  const { group } = ctx;
  const tally = encryptedTallyOf(ctx, counted);
  const totalWeight = counted.reduce((a, b) => a + b.weight, 0n);
  const tallyHash = writer.addData(writeJson(writeEncryptedTally(tally)));
  writer.addEvent('EncryptedTally', writer.addData(writeJson(writeSizedEncryptedTally({ num_tallied: counted.length, total_weight: totalWeight, encrypted_tally: tallyHash }))));
  const needed = threshold === undefined ? keys.map((_, i) => i + 1) : [1, ...Array.from({ length: threshold }, (_, i) => i + 2)];
  const pds = needed.map((owner) => ({ owner, pd: partialDecryptionOf(ctx, tally, keys[owner - 1]!, random) }));
  for (const { owner, pd } of pds) {
    const pdHash = writer.addData(writeJson(writePartialDecryption(pd)));
    writer.addEvent('PartialDecryption', writer.addData(writeJson(writeOwned({ owner, payload: pdHash }))));
  }
  const factors = combineDecryptionFactors(group, trustees, tally, pds);
  const result = resultOf(group, tally, factors, totalWeight);
  writer.addEvent('Result', writer.addData(writeJson(writeResult({ result }))));
  return result;
}
