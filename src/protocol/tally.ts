// Tally (spec 3.4, 4.16, 4.18, 4.19): the encrypted tally of the last ballot of each
// credential raised to its weight, the trustees' partial decryptions with proofs,
// their combination (Lagrange interpolation for threshold trustees) and the result.
import { mod } from './bigint.ts';
import { isHomomorphic, type Ciphertext, type EncryptedTally, type PartialDecryption, type Proof, type ResultEntry, type Trustees } from './codec.ts';
import { decodeVector } from './answers-nh.ts';
import { choiceCount, type ElectionContext } from './election.ts';
import { InvalidRequest, VerificationFailure } from '../kernel/errors.ts';
import type { Group } from './groups/index.ts';
import { randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';
import { decryptionPrefix } from './schnorr.ts';
import { flattenTrusteeKeys, lagrangeCoefficient } from './trustees.ts';

/** A counted ballot: its ciphertexts (all the tally needs) and its credential's weight.
 * A non-homomorphic answer has one ciphertext. */
export interface WeightedBallot {
  ballot: { answers: readonly { choices: readonly Ciphertext[] | Ciphertext }[] };
  weight: bigint;
}

/** belenios' order of the ciphertexts of a non-homomorphic question in the encrypted
 * tally: by alpha, then beta, as numbers (Question_nh.process_ciphertexts). The spec
 * (4.16) lists them in the order of the counted ballots; belenios-tool sorts them, which
 * hides the order of casting before the shuffles, and its archives are what must verify. */
export function compareCiphertexts(a: Ciphertext, b: Ciphertext): number {
  if (a.alpha !== b.alpha) return a.alpha < b.alpha ? -1 : 1;
  if (a.beta !== b.beta) return a.beta < b.beta ? -1 : 1;
  return 0;
}

/**
 * The encrypted tally (spec 4.16): for a homomorphic question, the product over ballots
 * of each choice's ciphertext raised to the ballot's weight; for a non-homomorphic one,
 * every counted ballot's ciphertext (each ballot must weigh 1), sorted as belenios does.
 */
export function encryptedTallyOf(ctx: ElectionContext, ballots: readonly WeightedBallot[]): EncryptedTally {
  const tally = new RunningTally(ctx);
  tally.add(ballots);
  return tally.result();
}

/** The encrypted tally kept as running products, so that ballots can be folded in a
 * batch at a time (a server closing an election of millions reads its counted ballots in
 * pages; memory holds one page and one product per choice — and, for a non-homomorphic
 * question, every ballot's ciphertext, which the shuffles need). The result does not
 * depend on the order in which ballots are added. */
export class RunningTally {
  readonly #ctx: ElectionContext;
  readonly #alphas: bigint[][];
  readonly #betas: bigint[][];
  /** The ciphertexts of each non-homomorphic question (undefined for a homomorphic one). */
  readonly #lists: (Ciphertext[] | undefined)[];
  #ballots = 0;
  #weight = 0n;

  constructor(ctx: ElectionContext) {
    this.#ctx = ctx;
    this.#alphas = ctx.election.questions.map((q) => new Array<bigint>(isHomomorphic(q) ? choiceCount(q) : 0).fill(1n));
    this.#betas = ctx.election.questions.map((q) => new Array<bigint>(isHomomorphic(q) ? choiceCount(q) : 0).fill(1n));
    this.#lists = ctx.election.questions.map((q) => (isHomomorphic(q) ? undefined : []));
  }

  add(ballots: readonly WeightedBallot[]): void {
    const { group } = this.#ctx;
    for (const { ballot, weight } of ballots) {
      this.#alphas.forEach((alphas, i) => {
        const list = this.#lists[i];
        const answer = ballot.answers[i]?.choices;
        if (list) {
          if (answer === undefined || Array.isArray(answer)) throw new InvalidRequest(`a ballot has a list of choices for the non-homomorphic question ${i + 1}`);
          if (weight !== 1n) throw new VerificationFailure(`a counted ballot of weight ${weight} answers the non-homomorphic question ${i + 1}, where every ballot must weigh 1`);
          list.push(answer as Ciphertext);
          return;
        }
        const betas = this.#betas[i]!;
        const choices = answer ?? [];
        if (!Array.isArray(choices)) throw new InvalidRequest(`a ballot has a non-homomorphic answer to question ${i + 1}`);
        if (choices.length !== alphas.length) throw new InvalidRequest(`a ballot has ${choices.length} choices for question ${i + 1}`);
        (choices as readonly Ciphertext[]).forEach((c, j) => {
          const a = weight === 1n ? c.alpha : group.pow(c.alpha, weight);
          const b = weight === 1n ? c.beta : group.pow(c.beta, weight);
          alphas[j] = group.mul(alphas[j]!, a);
          betas[j] = group.mul(betas[j]!, b);
        });
      });
      this.#ballots += 1;
      this.#weight += weight;
    }
  }

  /** How many ballots were added, and their total weight (the sized tally's num_tallied and total_weight). */
  get count(): number {
    return this.#ballots;
  }

  get totalWeight(): bigint {
    return this.#weight;
  }

  result(): EncryptedTally {
    return this.#alphas.map((alphas, i) => {
      const list = this.#lists[i];
      if (list) return [...list].sort(compareCiphertexts);
      return alphas.map((alpha, j) => ({ alpha, beta: this.#betas[i]![j]! }));
    });
  }
}

/**
 * The running products of the homomorphic questions' ciphertexts, each ballot's raised
 * to its weight (spec 4.16): two numbers per choice, whatever the number of ballots. A
 * verifier that cannot keep every ballot multiplies in every valid ballot as it reads
 * it, and the ballots that re-votes replaced into a second product, which it divides
 * out at the end (`without`: one inverse per choice). Non-homomorphic questions have no
 * product (their tally is the list of the counted ballots' ciphertexts).
 * (Plain fields, not #private ones: a test walks them to see that they are all it keeps.)
 */
export class HomomorphicProducts {
  private readonly group: Group;
  private readonly alphas: (bigint[] | undefined)[];
  private readonly betas: (bigint[] | undefined)[];

  constructor(ctx: ElectionContext) {
    this.group = ctx.group;
    this.alphas = ctx.election.questions.map((q) => (isHomomorphic(q) ? new Array<bigint>(choiceCount(q)).fill(1n) : undefined));
    this.betas = ctx.election.questions.map((q) => (isHomomorphic(q) ? new Array<bigint>(choiceCount(q)).fill(1n) : undefined));
  }

  /** Multiplies in one ballot's answers to the homomorphic questions, raised to `weight`
   * (throws, as RunningTally does, on answers of the wrong shape). */
  add(answers: WeightedBallot['ballot']['answers'], weight: bigint): void {
    const { group } = this;
    this.alphas.forEach((alphas, i) => {
      if (!alphas) return;
      const betas = this.betas[i]!;
      const choices = answers[i]?.choices ?? [];
      if (!Array.isArray(choices)) throw new InvalidRequest(`a ballot has a non-homomorphic answer to question ${i + 1}`);
      if (choices.length !== alphas.length) throw new InvalidRequest(`a ballot has ${choices.length} choices for question ${i + 1}`);
      (choices as readonly Ciphertext[]).forEach((c, j) => {
        alphas[j] = group.mul(alphas[j]!, weight === 1n ? c.alpha : group.pow(c.alpha, weight));
        betas[j] = group.mul(betas[j]!, weight === 1n ? c.beta : group.pow(c.beta, weight));
      });
    });
  }

  /** These products divided by `other`'s, per choice (undefined for a non-homomorphic question). */
  without(other: HomomorphicProducts): (Ciphertext[] | undefined)[] {
    const { group } = this;
    return this.alphas.map((alphas, i) => {
      if (!alphas) return undefined;
      const betas = this.betas[i]!;
      return alphas.map((alpha, j) => ({ alpha: group.div(alpha, other.alphas[i]![j]!), beta: group.div(betas[j]!, other.betas[i]![j]!) }));
    });
  }

  /** The products themselves, per choice (undefined for a non-homomorphic question). */
  products(): (Ciphertext[] | undefined)[] {
    return this.alphas.map((alphas, i) => alphas?.map((alpha, j) => ({ alpha, beta: this.betas[i]![j]! })));
  }
}

/** A trustee's decryption factors alpha^x with proofs (spec 4.18). */
export function partialDecryptionOf(
  ctx: ElectionContext,
  tally: EncryptedTally,
  x: bigint,
  random: RandomBytes = secureRandomBytes,
): PartialDecryption {
  const { group } = ctx;
  const prefix = decryptionPrefix(ctx.fingerprint, group.powG(x));
  const decryption_factors: bigint[][] = [];
  const decryption_proofs: Proof[][] = [];
  for (const q of tally) {
    const factors: bigint[] = [];
    const proofs: Proof[] = [];
    for (const c of q) {
      if (!group.isElement(c.alpha) || !group.isElement(c.beta)) throw new InvalidRequest('the encrypted tally contains a value outside the group');
      factors.push(group.pow(c.alpha, mod(x, group.q)));
      const w = randomBelow(group.q, random);
      const challenge = group.hashToScalar(prefix, [group.powG(w), group.pow(c.alpha, w)]);
      proofs.push({ challenge, response: mod(w - x * challenge, group.q) });
    }
    decryption_factors.push(factors);
    decryption_proofs.push(proofs);
  }
  return { decryption_factors, decryption_proofs };
}

/** Check a partial decryption against the trustee's public key X; returns what
 * failed, or undefined. `alphaPow` lets callers share work across trustees. */
export function partialDecryptionProblem(
  ctx: ElectionContext,
  tally: EncryptedTally,
  X: bigint,
  pd: PartialDecryption,
  alphaPow: (i: number, j: number, e: bigint) => bigint = (i, j, e) => ctx.group.pow(tally[i]![j]!.alpha, e),
): string | undefined {
  const { group } = ctx;
  const prefix = decryptionPrefix(ctx.fingerprint, X);
  if (pd.decryption_factors.length !== tally.length || pd.decryption_proofs.length !== tally.length) {
    return 'does not have one entry per question';
  }
  for (let i = 0; i < tally.length; i++) {
    const factors = pd.decryption_factors[i]!;
    const proofs = pd.decryption_proofs[i]!;
    if (factors.length !== tally[i]!.length || proofs.length !== tally[i]!.length) return `question ${i + 1}: wrong number of factors`;
    for (let j = 0; j < factors.length; j++) {
      const f = factors[j]!;
      const { challenge, response } = proofs[j]!;
      if (!group.isElement(f)) return `question ${i + 1}, answer ${j + 1}: decryption factor is not an element of the group`;
      if (!group.isScalar(challenge) || !group.isScalar(response)) return `question ${i + 1}, answer ${j + 1}: proof numbers are not below q`;
      const A = group.mul(group.powG(response), group.pow(X, challenge));
      const B = group.mul(alphaPow(i, j, response), group.pow(f, challenge));
      if (group.hashToScalar(prefix, [A, B]) !== challenge) return `question ${i + 1}, answer ${j + 1}: decryption proof does not verify`;
    }
  }
  return undefined;
}

export interface OwnedPartialDecryption {
  owner: number;
  pd: PartialDecryption;
}

/** Synthetic factors F (spec 4.19): for each trustee item, the Single trustee's
 * factor, or the Lagrange combination of the first `threshold` Pedersen trustees
 * (by index) that supplied one. The later decryption of an owner replaces an
 * earlier one, as in belenios. Throws VerificationFailure naming what is missing. */
export function combineDecryptionFactors(group: Group, trustees: Trustees, tally: EncryptedTally, pds: readonly OwnedPartialDecryption[]): bigint[][] {
  const total = flattenTrusteeKeys(trustees).length;
  const byOwner = new Map<number, PartialDecryption>();
  for (const { owner, pd } of pds) {
    if (owner < 1 || owner > total) throw new VerificationFailure(`partial decryption from trustee ${owner}, but the election has ${total} trustee(s)`);
    byOwner.set(owner, pd);
  }
  const combined: bigint[][] = tally.map((q) => q.map(() => 1n));
  const multiplyIn = (factors: bigint[][], exponent?: bigint) => {
    combined.forEach((q, i) =>
      q.forEach((value, j) => {
        const f = factors[i]![j]!;
        q[j] = group.mul(value, exponent === undefined ? f : group.pow(f, exponent));
      }),
    );
  };
  let owner = 1;
  for (const t of trustees) {
    if (t[0] === 'Single') {
      const pd = byOwner.get(owner);
      if (!pd) throw new VerificationFailure(`the partial decryption of trustee ${owner} is missing`);
      multiplyIn(pd.decryption_factors);
      owner++;
    } else {
      const members = t[1].verification_keys.length;
      const present: number[] = [];
      for (let k = 1; k <= members && present.length < t[1].threshold; k++) if (byOwner.has(owner + k - 1)) present.push(k);
      if (present.length < t[1].threshold) {
        throw new VerificationFailure(
          `only ${present.length} of the ${t[1].threshold} partial decryptions needed from threshold trustees ${owner}-${owner + members - 1}`,
        );
      }
      for (const k of present) multiplyIn(byOwner.get(owner + k - 1)!.decryption_factors, lagrangeCoefficient(group, present, k));
      owner += members;
    }
  }
  return combined;
}

/** Discrete logarithms base g of values known to lie in [0, max] (baby-step giant-step). */
export function discreteLogs(group: Group, values: readonly bigint[], max: bigint): bigint[] {
  const m = BigInt(Math.ceil(Math.sqrt(Number(max) + 1)));
  const key = (x: bigint) => Number(x & 0xfffffffffffffn);
  const baby = new Map<number, number[]>();
  let cur = 1n;
  for (let j = 0n; j < m; j++) {
    const k = key(cur);
    const list = baby.get(k);
    if (list) list.push(Number(j));
    else baby.set(k, [Number(j)]);
    cur = group.mul(cur, group.g);
  }
  const giant = group.inv(cur); // g^-m
  return values.map((value) => {
    let gamma = value;
    for (let i = 0n; i <= m; i++) {
      const candidates = baby.get(key(gamma));
      if (candidates) {
        for (const j of candidates) {
          const r = i * m + BigInt(j);
          if (r <= max && group.powG(r) === value) return r;
        }
      }
      gamma = group.mul(gamma, giant);
    }
    throw new VerificationFailure(`a tally value is not g^n for any n up to ${max}: the decryption is wrong`);
  });
}

/** beta / F for every tally ciphertext: g^(count). */
export function decryptedPowers(group: Group, tally: EncryptedTally, factors: bigint[][]): bigint[][] {
  return tally.map((q, i) => q.map((c: Ciphertext, j) => group.div(c.beta, factors[i]![j]!)));
}

/**
 * The result of an election with non-homomorphic questions (spec 4.19), from the tally
 * whose NH lists are the last shuffle's (mergeNhCiphertexts): the counts of each
 * homomorphic question, and for each NH one the decoded vector of every ciphertext, in
 * the shuffled order (group_decode of beta / F).
 */
export function resultWithNh(ctx: ElectionContext, tally: EncryptedTally, factors: bigint[][], totalWeight: bigint): ResultEntry[] {
  const { group, election } = ctx;
  const powers = decryptedPowers(group, tally, factors);
  const logs = discreteLogs(group, election.questions.flatMap((q, i) => (isHomomorphic(q) ? powers[i]! : [])), totalWeight);
  let k = 0;
  return election.questions.map((q, i) => (isHomomorphic(q) ? powers[i]!.map(() => logs[k++]!) : powers[i]!.map((x) => decodeVector(group, q.value.answers.length, x))));
}

export function resultOf(group: Group, tally: EncryptedTally, factors: bigint[][], totalWeight: bigint): bigint[][] {
  const powers = decryptedPowers(group, tally, factors);
  const flat = discreteLogs(group, powers.flat(), totalWeight);
  let k = 0;
  return powers.map((q) => q.map(() => flat[k++]!));
}
