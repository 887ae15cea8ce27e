// Encrypted answers to homomorphic questions (spec 4.11.1, 4.12, 4.13): ElGamal
// encryptions of 0/1 per answer, a 0-or-1 proof for each, and proofs that the
// total respects min/max (or that the vote is blank, when blank is allowed).
import { decimal } from './bigint.ts';
import type { AnswerH, Ciphertext, Proof, QuestionH } from './codec.ts';
import { proveDisjunction, verifyDisjunction, type ProverDisjunct, type VerifierDisjunct } from './disjunctive.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import type { Group } from './groups/index.ts';
import { randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';
import type { VariableBase } from './groups/group.ts';

export interface EncryptionKey {
  group: Group;
  powY: (e: bigint) => bigint;
}

/** "alpha,beta,alpha,beta,..." in base 10 (spec 4.11.1, the string b). */
export function stringifyChoices(choices: readonly Ciphertext[]): string {
  return choices.map((c) => `${decimal(c.alpha)},${decimal(c.beta)}`).join(',');
}

/** Check a plaintext answer against its question; returns a message or undefined. */
export function plaintextProblem(q: QuestionH, m: readonly number[]): string | undefined {
  const blank = q.blank === true;
  const expected = q.answers.length + (blank ? 1 : 0);
  if (m.length !== expected) return `expected ${expected} values (${blank ? 'a blank flag first, then ' : ''}one per answer), got ${m.length}`;
  if (m.some((x) => x !== 0 && x !== 1)) return 'every value must be 0 or 1';
  const chosen = (blank ? m.slice(1) : m).reduce((a, b) => a + b, 0);
  if (blank && m[0] === 1) return chosen === 0 ? undefined : 'a blank vote cannot also select answers';
  if (chosen < q.min || chosen > q.max) {
    return q.min === q.max ? `select exactly ${q.min} answer(s), not ${chosen}` : `select between ${q.min} and ${q.max} answers, not ${chosen}`;
  }
  return undefined;
}

export interface CreatedAnswer {
  answer: AnswerH;
  /** Encryption randomness, kept only for cast-as-intended audits. */
  randomness: bigint[];
}

/** Encrypt and prove one answer; `s0` is "fingerprint|credential" (spec 4.11). */
export function createAnswerH(
  key: EncryptionKey,
  q: QuestionH,
  s0: string,
  m: readonly number[],
  random: RandomBytes = secureRandomBytes,
): CreatedAnswer {
  const problem = plaintextProblem(q, m);
  if (problem) throw new InvalidRequest(problem);
  const { group, powY } = key;
  const r = m.map(() => randomBelow(group.q, random));
  const choices = m.map((mi, i) => ({ alpha: group.powG(r[i]!), beta: group.mul(powY(r[i]!), group.powG(BigInt(mi))) }));
  const individual_proofs = choices.map((c, i) =>
    proveDisjunction(
      group,
      powY,
      `prove|${s0}|${decimal(c.alpha)},${decimal(c.beta)}|`,
      [0n, 1n].map((M) => ({ r: r[i]!, delta: BigInt(m[i]!) - M })),
      m[i]!,
      random,
    ),
  );
  const s = `${s0}|${stringifyChoices(choices)}`;
  if (q.blank === true) {
    const m0 = BigInt(m[0]!);
    const r0 = r[0]!;
    const rSum = r.slice(1).reduce((a, b) => a + b, 0n);
    const mSum = BigInt(m.slice(1).reduce((a, b) => a + b, 0));
    const blank_proof = proveDisjunction(group, powY, `bproof0|${s}|`, [{ r: r0, delta: m0 }, { r: rSum, delta: mSum }], m0 === 0n ? 0 : 1, random);
    const disjuncts: ProverDisjunct[] = [{ r: r0, delta: m0 - 1n }];
    for (let v = q.min; v <= q.max; v++) disjuncts.push({ r: rSum, delta: mSum - BigInt(v) });
    const trueIndex = m0 === 1n ? 0 : Number(mSum) - q.min + 1;
    const overall_proof = proveDisjunction(group, powY, `bproof1|${s}|`, disjuncts, trueIndex, random);
    return { answer: { choices, individual_proofs, overall_proof, blank_proof }, randomness: r };
  }
  const rSum = r.reduce((a, b) => a + b, 0n);
  const mSum = m.reduce((a, b) => a + b, 0);
  const sum = productOfCiphertexts(group, choices);
  const disjuncts: ProverDisjunct[] = [];
  for (let v = q.min; v <= q.max; v++) disjuncts.push({ r: rSum, delta: BigInt(mSum - v) });
  const overall_proof = proveDisjunction(group, powY, `prove|${s}|${sum.alpha},${sum.beta}|`, disjuncts, mSum - q.min, random);
  return { answer: { choices, individual_proofs, overall_proof }, randomness: r };
}

export function productOfCiphertexts(group: Group, cs: readonly Ciphertext[]): Ciphertext {
  let alpha = 1n;
  let beta = 1n;
  for (const c of cs) {
    alpha = group.mul(alpha, c.alpha);
    beta = group.mul(beta, c.beta);
  }
  return { alpha, beta };
}

/** Exponentiation helpers for one ciphertext during verification. */
export interface CiphertextBases {
  alpha: VariableBase;
  beta: VariableBase;
}

function disjunct(group: Group, bases: CiphertextBases, M: bigint): VerifierDisjunct {
  return { alphaPow: (e) => bases.alpha.pow(e), quotientPow: group.quotientPow(bases.beta, M) };
}

/** Verify one homomorphic answer; returns what failed, or undefined. Group
 * membership of the choices is the caller's business (it shares the bases). */
export function verifyAnswerH(
  key: EncryptionKey,
  q: QuestionH,
  s0: string,
  answer: AnswerH,
  choiceBases: readonly CiphertextBases[],
  basesFor: (c: Ciphertext) => CiphertextBases,
): string | undefined {
  const { group, powY } = key;
  const blank = q.blank === true;
  const n = q.answers.length + (blank ? 1 : 0);
  if (answer.choices.length !== n) return `${answer.choices.length} encrypted choices instead of ${n}`;
  if (answer.individual_proofs.length !== n) return `${answer.individual_proofs.length} individual proofs instead of ${n}`;
  for (let i = 0; i < n; i++) {
    const c = answer.choices[i]!;
    const ok = verifyDisjunction(
      group,
      powY,
      `prove|${s0}|${decimal(c.alpha)},${decimal(c.beta)}|`,
      [disjunct(group, choiceBases[i]!, 0n), disjunct(group, choiceBases[i]!, 1n)],
      answer.individual_proofs[i]!,
    );
    if (!ok) return `choice ${i + 1}: the proof that it encrypts 0 or 1 does not verify`;
  }
  const s = `${s0}|${stringifyChoices(answer.choices)}`;
  const range = rangeDisjuncts(q.min, q.max);
  if (blank) {
    if (!answer.blank_proof) return 'blank votes are allowed but the blank proof is missing';
    const sumBases = basesFor(productOfCiphertexts(group, answer.choices.slice(1)));
    const flagBases = choiceBases[0]!;
    if (!checkLength(answer.blank_proof, 2) || !verifyDisjunction(group, powY, `bproof0|${s}|`, [disjunct(group, flagBases, 0n), disjunct(group, sumBases, 0n)], answer.blank_proof)) {
      return 'the proof that the vote is either blank or not blank does not verify';
    }
    const disjuncts = [disjunct(group, flagBases, 1n), ...range.map((M) => disjunct(group, sumBases, M))];
    if (!checkLength(answer.overall_proof, disjuncts.length) || !verifyDisjunction(group, powY, `bproof1|${s}|`, disjuncts, answer.overall_proof)) {
      return `the proof that the number of selected answers is between ${q.min} and ${q.max} (or the vote is blank) does not verify`;
    }
    return undefined;
  }
  if (answer.blank_proof) return 'a blank proof is present but this question does not allow blank votes';
  const sum = productOfCiphertexts(group, answer.choices);
  const sumBases = basesFor(sum);
  if (!checkLength(answer.overall_proof, range.length) || !verifyDisjunction(group, powY, `prove|${s}|${sum.alpha},${sum.beta}|`, range.map((M) => disjunct(group, sumBases, M)), answer.overall_proof)) {
    return `the proof that the number of selected answers is between ${q.min} and ${q.max} does not verify`;
  }
  return undefined;
}

function rangeDisjuncts(min: number, max: number): bigint[] {
  const out: bigint[] = [];
  for (let v = min; v <= max; v++) out.push(BigInt(v));
  return out;
}

function checkLength(proofs: readonly Proof[], n: number): boolean {
  return proofs.length === n;
}
