// Encrypted answers to non-homomorphic questions (spec 4.11.2): the voter's vector of
// small integers (a ranking, grades) is embedded into one group element, encrypted
// whole with ElGamal, and proven with a proof of knowledge of the encryption
// randomness; it is decrypted only after the trustees shuffled it (spec 4.17, 4.19).
//
// The embedding (group_encode / group_decode) follows belenios-tool 2.0
// (Group_field.of_ints / to_ints): each value takes bits_per_int bits, most significant
// first, then `padding` bits hold the smallest epsilon that puts the number in G.
// belenios masks a value that does not fit in bits_per_int bits; Jirga refuses it.
import { decimal, mod } from './bigint.ts';
import type { AnswerNH, Ciphertext, Proof, QuestionNH } from './codec.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import type { Embedding, Group } from './groups/group.ts';
import { randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';
import type { EncryptionKey } from './answers.ts';

/** The group's embedding parameters; a group without them cannot hold NH answers. */
export function embeddingOf(group: Group): Embedding {
  if (!group.embedding) {
    throw new InvalidRequest(`group ${group.name} has no embedding parameters: non-homomorphic (ranked or graded) questions need group RFC-3526-2048`);
  }
  return group.embedding;
}

/** The most values one embedded vector can hold: the encoding stays below p. */
export function maxEmbeddedValues(group: Group): number {
  const { padding, bitsPerInt } = embeddingOf(group);
  const pBits = group.p.toString(2).length;
  return Math.floor((pBits - 1 - padding) / bitsPerInt);
}

/** Check a plaintext NH answer (one value per answer, each of bits_per_int bits); returns a message or undefined. */
export function plaintextProblemNH(group: Group, q: QuestionNH, m: readonly number[]): string | undefined {
  const n = q.value.answers.length;
  if (m.length !== n) return `expected ${n} values (one per answer), got ${m.length}`;
  const { bitsPerInt } = embeddingOf(group);
  const max = 2 ** bitsPerInt - 1;
  if (m.some((x) => !Number.isInteger(x) || x < 0 || x > max)) return `every value must be a whole number from 0 to ${max}`;
  return undefined;
}

/** group_encode (spec 4.11.2): (((v1 2^k + v2) 2^k + ...) 2^k + vn) 2^p + epsilon, the
 * smallest epsilon that makes it an element of G. Values must fit in k bits. */
export function encodeVector(group: Group, values: readonly number[]): bigint {
  const { padding, bitsPerInt } = embeddingOf(group);
  if (values.length > maxEmbeddedValues(group)) throw new InvalidRequest(`at most ${maxEmbeddedValues(group)} values fit in one group element, not ${values.length}`);
  const k = BigInt(bitsPerInt);
  let x = 0n;
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** bitsPerInt) throw new InvalidRequest(`${v} does not fit in ${bitsPerInt} bits`);
    x = (x << k) + BigInt(v);
  }
  const base = x << BigInt(padding);
  const limit = 1n << BigInt(padding);
  for (let epsilon = 0n; epsilon < limit; epsilon++) {
    if (group.isElement(base + epsilon)) return base + epsilon;
  }
  // half of all numbers are in G for a safe-prime group: 2^-padding odds
  throw new InvalidRequest(`no element of the group encodes these values within ${padding} bits of padding`);
}

/** group_decode: the n values of bits_per_int bits above the padding (belenios'
 * to_ints: higher bits are ignored). */
export function decodeVector(group: Group, n: number, x: bigint): number[] {
  const { padding, bitsPerInt } = embeddingOf(group);
  const k = BigInt(bitsPerInt);
  const mask = (1n << k) - 1n;
  const out = new Array<number>(n).fill(0);
  let rest = x >> BigInt(padding);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(rest & mask);
    rest >>= k;
  }
  return out;
}

/** The Fiat-Shamir prefix of the NH proof: "raweg|S|y,alpha,beta|" (S = S0, "fingerprint|credential"). */
export function rawegPrefix(s0: string, y: bigint, c: Ciphertext): string {
  return `raweg|${s0}|${decimal(y)},${decimal(c.alpha)},${decimal(c.beta)}|`;
}

export interface CreatedAnswerNH {
  answer: AnswerNH;
  /** The encryption randomness r (for cast-as-intended audits only). */
  randomness: bigint;
  /** The embedded plaintext xi. */
  encoded: bigint;
}

/** Encrypt and prove one NH answer (spec 4.11.2); `s0` is "fingerprint|credential". */
export function createAnswerNH(
  key: EncryptionKey & { publicKey: bigint },
  q: QuestionNH,
  s0: string,
  m: readonly number[],
  random: RandomBytes = secureRandomBytes,
): CreatedAnswerNH {
  const { group, powY } = key;
  const problem = plaintextProblemNH(group, q, m);
  if (problem) throw new InvalidRequest(problem);
  const encoded = encodeVector(group, m);
  const r = randomBelow(group.q, random);
  const choices = { alpha: group.powG(r), beta: group.mul(powY(r), encoded) };
  const w = randomBelow(group.q, random);
  const challenge = group.hashToScalar(rawegPrefix(s0, key.publicKey, choices), [group.powG(w)]);
  const proof: Proof = { challenge, response: mod(w - r * challenge, group.q) };
  return { answer: { choices, proof }, randomness: r, encoded };
}

/** Verify one NH answer's proof (spec 4.11.2): A = g^response alpha^challenge and
 * challenge = H_raweg(S, y, alpha, beta, A). Group membership of alpha and beta and the
 * range of the proof's numbers are the caller's business. The challenge is a SHA-256
 * value (256 bits) even when q has 2047: one short exponentiation of alpha. */
export function verifyAnswerNH(key: EncryptionKey & { publicKey: bigint }, s0: string, answer: AnswerNH, alphaPow: (e: bigint) => bigint): string | undefined {
  const { group } = key;
  const { challenge, response } = answer.proof;
  const A = group.mul(group.powG(response), alphaPow(challenge));
  if (group.hashToScalar(rawegPrefix(s0, key.publicKey, answer.choices), [A]) !== challenge) {
    return 'the proof that the ciphertext was made by its voter (proof of knowledge of its randomness) does not verify';
  }
  return undefined;
}
