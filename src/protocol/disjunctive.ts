// Disjunctive Chaum-Pedersen proofs (spec 4.12-4.13): for one of several
// statements (alpha_j, beta_j / g^M_j) = (g^r, y^r), the prover knows r.
// Each disjunct's commitments are A_j = g^s_j alpha_j^c_j and
// B_j = y^s_j (beta_j / g^M_j)^c_j; the challenges sum to
// H(prefix, A_0, B_0, ..., A_k, B_k).
import { mod } from './bigint.ts';
import type { Proof } from './codec.ts';
import type { Group } from './groups/index.ts';
import { randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';

/** Prover's view of a disjunct: alpha = g^r and beta / g^M = y^r g^delta, where
 * delta = (real plaintext) - M is 0 exactly for the true disjunct. */
export interface ProverDisjunct {
  r: bigint;
  delta: bigint;
}

/** Prove; every exponentiation is fixed-base (g or y) because the prover knows
 * the randomness of each ciphertext. */
export function proveDisjunction(
  group: Group,
  powY: (e: bigint) => bigint,
  prefix: string,
  disjuncts: readonly ProverDisjunct[],
  trueIndex: number,
  random: RandomBytes = secureRandomBytes,
): Proof[] {
  const q = group.q;
  const proofs: Proof[] = new Array(disjuncts.length);
  const commitments: bigint[] = new Array(2 * disjuncts.length);
  let fakeChallenges = 0n;
  disjuncts.forEach((d, j) => {
    if (j === trueIndex) return;
    const challenge = randomBelow(q, random);
    const response = randomBelow(q, random);
    proofs[j] = { challenge, response };
    const e = response + d.r * challenge;
    commitments[2 * j] = group.powG(e);
    commitments[2 * j + 1] = group.mul(powY(e), group.powG(d.delta * challenge));
    fakeChallenges += challenge;
  });
  const w = randomBelow(q, random);
  commitments[2 * trueIndex] = group.powG(w);
  commitments[2 * trueIndex + 1] = powY(w);
  const challenge = mod(group.hashToScalar(prefix, commitments) - fakeChallenges, q);
  proofs[trueIndex] = { challenge, response: mod(w - disjuncts[trueIndex]!.r * challenge, q) };
  return proofs;
}

/** Verifier's view of a disjunct: e -> alpha_j^e and e -> (beta_j / g^M_j)^e
 * (often sharing precomputed squarings, see Group.quotientPow). */
export interface VerifierDisjunct {
  alphaPow: (e: bigint) => bigint;
  quotientPow: (e: bigint) => bigint;
}

export function verifyDisjunction(
  group: Group,
  powY: (e: bigint) => bigint,
  prefix: string,
  disjuncts: readonly VerifierDisjunct[],
  proofs: readonly Proof[],
): boolean {
  if (proofs.length !== disjuncts.length) return false;
  const q = group.q;
  const commitments: bigint[] = new Array(2 * disjuncts.length);
  let sum = 0n;
  for (let j = 0; j < disjuncts.length; j++) {
    const { challenge: c, response: s } = proofs[j]!;
    if (!group.isScalar(c) || !group.isScalar(s)) return false;
    const d = disjuncts[j]!;
    commitments[2 * j] = group.mul(group.powG(s), d.alphaPow(c));
    commitments[2 * j + 1] = group.mul(powY(s), d.quotientPow(c));
    sum += c;
  }
  return group.hashToScalar(prefix, commitments) === sum % q;
}
