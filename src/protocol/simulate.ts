// A whole election run with Jirga's own code, as `jirga simulate` and the demo do:
// credentials, trustee keys (basic, or threshold t-of-n with a basic server key as
// belenios-tool's demo), ballots with random valid choices, re-votes, tally,
// partial decryptions and result — written as a .bel archive.
import { ArchiveWriter } from './archive.ts';
import { createBallot, type PlaintextBallot } from './ballot.ts';
import {
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
  type EncryptedTally,
} from './codec.ts';
import { generateCredentials, parseVoterLine, type VoterIdentity } from './credentials.ts';
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

/** What a simulation decides before any voter casts: the election, its trustees and voters. */
export interface SimulationPlan {
  random: RandomBytes;
  group: Group;
  questions: QuestionH[];
  voters: number;
  revotes: number;
  uuid: string;
  trustees: Trustees;
  keys: bigint[];
  trusteesDescription: string;
  voterLines: string[];
  identities: VoterIdentity[];
  electionRaw: string;
  ctx: ElectionContext;
  threshold: number | undefined;
  timestamp: bigint;
}

export function planSimulation(options: SimulationOptions): SimulationPlan {
  const random = options.random ?? secureRandomBytes;
  const group = getGroup(options.group ?? 'BELENIOS-2048');
  const template = options.template ?? DEFAULT_TEMPLATE;
  const { voters, revotes, trusteeCount } = checkedCounts(options);
  const questions = template.questions.map((q) => {
    if (!isHomomorphic(q)) throw new InvalidRequest('simulation supports homomorphic questions only');
    return q;
  });
  const uuid = randomBase58String(14, random);
  const { trustees, keys, description } = makeTrustees(group, trusteeCount, options.threshold, random);
  const voterLines = Array.from({ length: voters }, (_, i) => (options.weights ? `voter${i + 1}@example.org,voter${i + 1},${1 + randomInt(5, random)}` : `voter${i + 1}@example.org`));
  const electionRaw = makeElection(template, uuid, group.name, trustees);
  return {
    random,
    group,
    questions,
    voters,
    revotes,
    uuid,
    trustees,
    keys,
    trusteesDescription: description,
    voterLines,
    identities: voterLines.map(parseVoterLine),
    electionRaw,
    ctx: loadElection(electionRaw),
    threshold: options.threshold,
    timestamp: options.timestamp ?? BigInt(Math.floor(Date.now() / 1000)),
  };
}

/** The archive's first records: the election, its trustees, the public credentials, the Setup event. */
export function writeSimulationSetup(writer: ArchiveWriter, plan: SimulationPlan, publicCredentials: readonly string[]): void {
  const eh = writer.addData(plan.electionRaw);
  const th = writer.addData(writeJson(writeTrustees(plan.trustees)));
  const ch = writer.addData(writeJson(publicCredentials));
  writer.addEvent('Setup', writer.addData(writeJson(writeSetupData({ election: eh, trustees: th, credentials: ch }))));
}

/** Ballot k (in casting order) is cast by: every voter in turn, then the first `revotes` again. */
export function voterOfBallot(plan: SimulationPlan, k: number): number {
  return k < plan.voters ? k : k - plan.voters;
}

/** Whether ballot k is its voter's last one (the one counted). */
export function ballotIsCounted(plan: SimulationPlan, k: number): boolean {
  return k >= plan.voters || k >= plan.revotes;
}

/** The weight of each public credential ("key" or "key,weight"). */
export function credentialWeights(publicCredentials: readonly string[]): Map<bigint, bigint> {
  const weights = new Map<bigint, bigint>();
  for (const line of publicCredentials) {
    const [k, w] = line.split(',');
    weights.set(BigInt(k!), w === undefined ? 1n : BigInt(w));
  }
  return weights;
}

/** The count the voters' plaintexts give, question by question (blank first where allowed). */
export function emptyCount(questions: readonly QuestionH[]): bigint[][] {
  return questions.map((q) => new Array<bigint>(q.answers.length + (q.blank ? 1 : 0)).fill(0n));
}

export function addToCount(count: bigint[][], plaintext: PlaintextBallot, weight: bigint): void {
  plaintext.forEach((m, i) => m.forEach((x, j) => (count[i]![j]! += BigInt(x) * weight)));
}

/** The product of two encrypted tallies of the same election (ballots tallied in parts). */
export function multiplyTallies(group: Group, a: EncryptedTally, b: EncryptedTally): EncryptedTally {
  return a.map((q, i) => q.map((c, j) => ({ alpha: group.mul(c.alpha, b[i]![j]!.alpha), beta: group.mul(c.beta, b[i]![j]!.beta) })));
}

/** What is tallied: the encrypted tally of the counted ballots, how many, their total weight. */
export interface Tallied {
  tally: EncryptedTally;
  count: number;
  totalWeight: bigint;
}

export function simulateElection(options: SimulationOptions): SimulationResult {
  const plan = planSimulation(options);
  const { random, ctx, questions, voters, revotes } = plan;
  const creds = generateCredentials(plan.group, plan.uuid, plan.identities, random);
  const weightOf = new Map(plan.identities.map((v) => [v.line, v.weight ?? 1n]));

  const writer = new ArchiveWriter(plan.timestamp);
  writeSimulationSetup(writer, plan, creds.publicCredentials);
  const { cast, lastChoice, counted } = castBallots(writer, ctx, questions, creds, voters, revotes, random);
  const expected = emptyCount(questions);
  for (const [voter, plaintext] of lastChoice) addToCount(expected, plaintext, weightOf.get(plan.voterLines[voter]!)!);
  const summary = { uuid: plan.uuid, expected, cast, ballots: voters + revotes, trusteesDescription: plan.trusteesDescription, privateCredentials: creds.privateLines };
  if (options.open) return { ...summary, archive: writer.toBytes() };
  writer.addEvent('EndBallots');
  const tallied = { tally: encryptedTallyOf(ctx, counted), count: counted.length, totalWeight: counted.reduce((a, b) => a + b.weight, 0n) };
  const result = tallyAndDecrypt(writer, plan, tallied);
  return { ...summary, archive: writer.toBytes(), result };
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
 * Every voter casts a random ballot, then the first `revotes` voters cast again. Returns
 * what was cast, each voter's last choice, and the last ballot per credential in casting
 * order (a re-vote replaces the earlier one).
 */
function castBallots(
  writer: ArchiveWriter,
  ctx: ElectionContext,
  questions: readonly QuestionH[],
  creds: ReturnType<typeof generateCredentials>,
  voters: number,
  revotes: number,
  random: RandomBytes,
): { cast: SimulationResult['cast']; lastChoice: Map<number, PlaintextBallot>; counted: WeightedBallot[] } {
  const weightOfKey = credentialWeights(creds.publicCredentials);
  const lastChoice = new Map<number, PlaintextBallot>();
  const cast: SimulationResult['cast'] = [];
  const ballotsByCredential = new Map<bigint, WeightedBallot>();
  const castFor = (voter: number) => {
    const credential = creds.privateLines[voter]!.split(' ').pop()!;
    const plaintext = questions.map((q) => randomPlaintext(q, random));
    const prepared = createBallot(ctx, credential, plaintext, random);
    writer.addEvent('Ballot', writer.addData(prepared.text));
    cast.push({ tracker: prepared.tracker, plaintext });
    lastChoice.set(voter, plaintext);
    ballotsByCredential.delete(prepared.ballot.credential);
    ballotsByCredential.set(prepared.ballot.credential, { ballot: prepared.ballot, weight: weightOfKey.get(prepared.ballot.credential)! });
  };
  for (let v = 0; v < voters; v++) castFor(v);
  for (let v = 0; v < revotes; v++) castFor(v);
  return { cast, lastChoice, counted: [...ballotsByCredential.values()] };
}

/** The encrypted tally, partial decryptions by every basic trustee and the first `threshold` threshold trustees, and the result. */
export function tallyAndDecrypt(writer: ArchiveWriter, plan: SimulationPlan, { tally, count, totalWeight }: Tallied): bigint[][] {
  const { ctx, trustees, keys, threshold, random } = plan;
  const { group } = ctx;
  const tallyHash = writer.addData(writeJson(writeEncryptedTally(tally)));
  writer.addEvent('EncryptedTally', writer.addData(writeJson(writeSizedEncryptedTally({ num_tallied: count, total_weight: totalWeight, encrypted_tally: tallyHash }))));
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
