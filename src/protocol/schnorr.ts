// Schnorr-style Fiat-Shamir proofs of knowledge of x with X_i = b_i^x, in the
// (challenge, response) form Belenios uses everywhere: commitments A_i = b_i^w,
// challenge = H(prefix, A_1..A_n) mod q, response = w - x * challenge mod q.
// Verification recomputes A_i = b_i^response * X_i^challenge and the hash.
//   proof of knowledge of a trustee key   prefix "pok|G|X|"          (spec 4.5)
//   PKI signature                         prefix "sigmsg|M|"         (spec 4.6.1)
//   ballot signature                      prefix "sig|H|"            (spec 4.14)
//   partial decryption                    prefix "decrypt|fp|X|"     (spec 4.18)
import { mod } from './bigint.ts';
import type { Proof } from './codec.ts';
import type { Group } from './groups/index.ts';
import { randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';

/** Prove knowledge of x for the generator g alone (pok, signatures). */
export function proveWithG(group: Group, x: bigint, prefix: string, random: RandomBytes = secureRandomBytes): Proof {
  const w = randomBelow(group.q, random);
  const challenge = group.hashToScalar(prefix, [group.powG(w)]);
  return { challenge, response: mod(w - x * challenge, group.q) };
}

/** Verify a proof that the prover knows log_g(X); `powX` may use a table for X. */
export function verifyWithG(
  group: Group,
  X: bigint,
  proof: Proof,
  prefix: string,
  powX: (e: bigint) => bigint = (e) => group.pow(X, e),
): boolean {
  const { challenge, response } = proof;
  if (!group.isScalar(challenge) || !group.isScalar(response)) return false;
  const A = group.mul(group.powG(response), powX(challenge));
  return group.hashToScalar(prefix, [A]) === challenge;
}

export function pokPrefix(group: Group, X: bigint): string {
  return `pok|${group.name}|${X}|`;
}

export function signaturePrefix(message: string): string {
  return `sigmsg|${message}|`;
}

export function ballotSignaturePrefix(hash: string): string {
  return `sig|${hash}|`;
}

export function decryptionPrefix(fingerprint: string, X: bigint): string {
  return `decrypt|${fingerprint}|${X}|`;
}
