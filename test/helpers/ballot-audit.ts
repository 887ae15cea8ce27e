// Ballot audit files (Benaloh challenge) for tests: an honest one, and one bad file
// per way a voting page could cheat or a file could be damaged, each with the exact
// problem `auditBallot` must name. Used by the in-process and the CLI tests.
import type { BallotAudit } from '../../src/protocol/audit.ts';
import { proveDisjunction } from '../../src/protocol/disjunctive.ts';
import { createBallot, signBallot, type PlaintextBallot, type PreparedBallot } from '../../src/protocol/ballot.ts';
import { writeBallot, writeElection, writeJson, type QuestionH, type BallotH, asBallotH } from '../../src/protocol/codec.ts';
import { deriveCredentialSecret, generateSecretCredential } from '../../src/protocol/credentials.ts';
import { loadElection, makeElection, type ElectionContext } from '../../src/protocol/election.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { generateTrusteeKey } from '../../src/protocol/trustees.ts';

export const G = getGroup('BELENIOS-2048');
export const UUID = 'Jirga1AuditTest1';
export const OTHER_UUID = 'Jirga1AuditTest2';

/** One choose-one question, one choose-1-to-2 question with a blank flag first. */
export const QUESTIONS: QuestionH[] = [
  { question: 'Form of government?', answers: ['Federal', 'Unitary', 'Presidential'], min: 1, max: 1 },
  { question: 'Rights first?', answers: ['Education', 'Work', 'Press'], blank: true, min: 1, max: 2 },
];
/** Unitary; Education and Press. */
export const CHOICES: PlaintextBallot = [[0, 1, 0], [0, 1, 0, 1]];

export function electionRaw(uuid = UUID, name = 'Audit test', questions: QuestionH[] = QUESTIONS): string {
  const key = generateTrusteeKey(G);
  return makeElection({ description: 'An election for ballot audit tests', name, questions }, uuid, G.name, [['Single', key.publicKey]]);
}

export interface AuditFixture {
  raw: string;
  ctx: ElectionContext;
  credential: string;
  prepared: PreparedBallot;
  /** The audit file the voting page writes for `prepared`. */
  honest: BallotAudit;
}

export function auditFileOf(raw: string, prepared: { text: string; randomness: bigint[][] }, choices: PlaintextBallot): BallotAudit {
  return { jirga: 'ballot-audit', version: 1, election: raw, ballot: prepared.text, randomness: prepared.randomness.map((q) => q.map(String)), choices };
}

export function auditFixture(choices: PlaintextBallot = CHOICES): AuditFixture {
  const raw = electionRaw();
  const ctx = loadElection(raw);
  const credential = generateSecretCredential();
  const prepared = createBallot(ctx, credential, choices);
  return { raw, ctx, credential, prepared, honest: auditFileOf(raw, prepared, choices) };
}

/** The ballot with `change` applied, signed again with the voter's credential (as a
 * cheating page that holds the credential would), in canonical form. */
export function resigned(fx: AuditFixture, change: (b: BallotH) => void): string {
  const b = structuredClone(asBallotH(fx.prepared.ballot));
  change(b);
  const secret = deriveCredentialSecret(G, fx.ctx.election.uuid, fx.credential);
  return writeJson(writeBallot(signBallot(fx.ctx, { ...b, signature: undefined }, secret)));
}

/** The ballot with `change` applied and its old signature kept. */
export function unsigned(fx: AuditFixture, change: (b: BallotH) => void): string {
  const b = structuredClone(asBallotH(fx.prepared.ballot));
  change(b);
  return writeJson(writeBallot(b));
}

/**
 * Question 1 encrypting [2, -1, 0] with every proof a cheater can make: the sum is
 * 1, so the overall proof is a real one; the 0-or-1 proofs cannot be.
 */
export function ballotEncryptingTwo(fx: AuditFixture): { text: string; randomness: bigint[][] } {
  const { ctx } = fx;
  const m = [2n, -1n, 0n];
  const r = m.map((_, i) => fx.prepared.randomness[0]![i]!);
  const choices = m.map((mi, i) => ({ alpha: G.powG(r[i]!), beta: G.mul(ctx.powY(r[i]!), G.powG(mi)) }));
  const s0 = `${ctx.fingerprint}|${fx.prepared.ballot.credential}`;
  const individual_proofs = choices.map((c, i) =>
    proveDisjunction(G, ctx.powY, `prove|${s0}|${c.alpha},${c.beta}|`, [0n, 1n].map((M) => ({ r: r[i]!, delta: m[i]! - M })), 1),
  );
  const s = `${s0}|${choices.map((c) => `${c.alpha},${c.beta}`).join(',')}`;
  const sum = choices.reduce((a, c) => ({ alpha: G.mul(a.alpha, c.alpha), beta: G.mul(a.beta, c.beta) }), { alpha: 1n, beta: 1n });
  const overall_proof = proveDisjunction(G, ctx.powY, `prove|${s}|${sum.alpha},${sum.beta}|`, [{ r: r[0]! + r[1]! + r[2]!, delta: 0n }], 0);
  const text = resigned(fx, (b) => {
    b.answers[0] = { choices, individual_proofs, overall_proof };
  });
  return { text, randomness: fx.prepared.randomness };
}

/** An election whose only question is non-homomorphic, in a group that cannot embed its answers. */
export function nonHomomorphicElection(fx: AuditFixture): string {
  return writeJson(
    writeElection({
      ...fx.ctx.election,
      questions: [{ type: 'NonHomomorphic', value: { answers: ['a', 'b'], question: 'Rank them' } }],
    }),
  );
}

export interface BadAudit {
  name: string;
  audit: BallotAudit;
  /** What auditBallot must say, exactly. */
  message: string;
}

const bumpR = (rs: string[][], i: number, j: number): string[][] => rs.map((q, a) => q.map((r, b) => (a === i && b === j ? String(BigInt(r) + 1n) : r)));

/** One bad audit file per problem; `fx` must be made with CHOICES. */
export function badAudits(fx: AuditFixture): BadAudit[] {
  const h = fx.honest;
  const verifyFail = (m: string) => `the ballot itself does not verify: ${m}`;
  const otherRaw = electionRaw(OTHER_UUID);
  const sameUuidOtherVersion = electionRaw(UUID, 'Audit test, second version');
  const twice = createBallot(fx.ctx, fx.credential, CHOICES);
  const two = ballotEncryptingTwo(fx);
  return [
    { name: 'one revealed r changed (question 2, value 3)', audit: { ...h, randomness: bumpR(h.randomness, 1, 2) }, message: 'question 2, value 3: alpha is not g^r for the revealed r' },
    { name: 'one revealed r changed (question 1, value 1)', audit: { ...h, randomness: bumpR(h.randomness, 0, 0) }, message: 'question 1, value 1: alpha is not g^r for the revealed r' },
    { name: 'the randomness of another encryption of the same choices', audit: { ...h, randomness: auditFileOf(fx.raw, twice, CHOICES).randomness }, message: 'question 1, value 1: alpha is not g^r for the revealed r' },
    { name: 'randomness for fewer questions', audit: { ...h, randomness: h.randomness.slice(0, 1) }, message: 'the randomness does not match the ballot (number of questions)' },
    { name: 'randomness for more questions', audit: { ...h, randomness: [...h.randomness, ['1']] }, message: 'the randomness does not match the ballot (number of questions)' },
    { name: 'fewer values than encrypted choices', audit: { ...h, randomness: [h.randomness[0]!, h.randomness[1]!.slice(0, 3)] }, message: 'question 2: the randomness does not match the ballot' },
    { name: 'more values than encrypted choices', audit: { ...h, randomness: [[...h.randomness[0]!, '1'], h.randomness[1]!] }, message: 'question 1: the randomness does not match the ballot' },
    { name: 'a ballot for another election', audit: { ...h, election: otherRaw }, message: verifyFail(`ballot is for election ${UUID}, not ${OTHER_UUID}`) },
    { name: 'a ballot for another version of the election', audit: { ...h, election: sameUuidOtherVersion }, message: verifyFail('ballot was made for a different version of the election (election_hash differs)') },
    {
      name: 'a changed 0-or-1 proof, signed again',
      audit: { ...h, ballot: resigned(fx, (b) => (b.answers[0]!.individual_proofs[1]![0]!.response = (b.answers[0]!.individual_proofs[1]![0]!.response + 1n) % G.q)) },
      message: verifyFail('question 1: choice 2: the proof that it encrypts 0 or 1 does not verify'),
    },
    {
      name: 'a changed overall proof, signed again',
      audit: { ...h, ballot: resigned(fx, (b) => (b.answers[0]!.overall_proof[0]!.challenge = (b.answers[0]!.overall_proof[0]!.challenge + 1n) % G.q)) },
      message: verifyFail('question 1: the proof that the number of selected answers is between 1 and 1 does not verify'),
    },
    {
      name: 'a changed blank proof, signed again',
      audit: { ...h, ballot: resigned(fx, (b) => (b.answers[1]!.blank_proof![1]!.response = (b.answers[1]!.blank_proof![1]!.response + 1n) % G.q)) },
      message: verifyFail('question 2: the proof that the vote is either blank or not blank does not verify'),
    },
    {
      name: 'a changed proof, old signature',
      audit: { ...h, ballot: unsigned(fx, (b) => (b.answers[0]!.individual_proofs[0]![0]!.challenge = (b.answers[0]!.individual_proofs[0]![0]!.challenge + 1n) % G.q)) },
      message: verifyFail('signature covers a different ballot (hash mismatch)'),
    },
    {
      name: 'a changed ciphertext (beta times g), signed again',
      audit: { ...h, ballot: resigned(fx, (b) => (b.answers[1]!.choices[1]!.beta = G.mul(b.answers[1]!.choices[1]!.beta, G.g))) },
      message: verifyFail('question 2: choice 2: the proof that it encrypts 0 or 1 does not verify'),
    },
    {
      name: 'a changed ciphertext (alpha times g), signed again',
      audit: { ...h, ballot: resigned(fx, (b) => (b.answers[0]!.choices[2]!.alpha = G.mul(b.answers[0]!.choices[2]!.alpha, G.g))) },
      message: verifyFail('question 1: choice 3: the proof that it encrypts 0 or 1 does not verify'),
    },
    {
      name: 'values that encrypt 2 and -1 (neither 0 nor 1), with the best proofs a cheater can make',
      audit: { ...h, ballot: two.text },
      message: verifyFail('question 1: choice 1: the proof that it encrypts 0 or 1 does not verify'),
    },
    {
      name: 'a changed signature',
      audit: { ...h, ballot: unsigned(fx, (b) => (b.signature!.proof.response = (b.signature!.proof.response + 1n) % G.q)) },
      message: verifyFail('signature does not verify with the ballot credential'),
    },
    {
      name: 'a ballot not in canonical form',
      audit: { ...h, ballot: h.ballot.replace('{"election_uuid"', '{ "election_uuid"') },
      message: verifyFail('ballot is not in canonical form (it is not exactly as belenios writes it)'),
    },
    { name: 'a ballot of the wrong shape', audit: { ...h, ballot: '{}' }, message: verifyFail('ballot: election_uuid: Invalid input: expected string, received undefined') },
    {
      name: 'a homomorphic answer to a non-homomorphic question',
      audit: (() => {
        const raw = nonHomomorphicElection(fx);
        const ctx = loadElection(raw);
        const ballot = structuredClone(fx.prepared.ballot);
        ballot.election_hash = ctx.fingerprint;
        ballot.answers = ballot.answers.slice(0, 1);
        const secret = deriveCredentialSecret(G, UUID, fx.credential);
        const text = writeJson(writeBallot(signBallot(ctx, { ...ballot, signature: undefined }, secret)));
        return { ...h, election: raw, ballot: text, randomness: h.randomness.slice(0, 1) };
      })(),
      message: verifyFail('question 1: the question is non-homomorphic (ranked or graded) but the answer is a homomorphic one (a list of choices)'),
    },
  ];
}
