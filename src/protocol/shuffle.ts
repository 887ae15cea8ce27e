// Verifiable shuffles of non-homomorphic ciphertexts (Belenios 2.0 spec 4.17 and
// section 6, "Shuffle algorithms": CHVote 1.3.2's GenShuffle, GenShuffleProof and
// CheckShuffleProof, a Terelius-Wikström proof of a re-encryption and permutation),
// with Belenios's hash-based independent generators (GetGenerator: SHA256("ggen|i")
// squared into the subgroup) and challenges (GetNIZKPChallenges, GetNIZKPChallenge,
// prefixed by "shuffle-challenges|phi|" and "shuffle-challenge|phi|", phi being the
// election fingerprint). belenios-tool 2.0 (`election shuffle`, src/lib/v1/mixnet.ml)
// is the reference: its shuffles verify here and ours verify there.
//
// Inputs, for the verifier that wires this in (spec 4.17):
// - the ciphertexts of ONE non-homomorphic question are a list e_1..e_N with one
//   ciphertext per counted ballot, in the order of the encrypted tally (spec 4.16:
//   C_{i,k} = choices(answers(b_k)_i));
// - a Shuffle payload (codec.ts zShuffle) holds, for the non-homomorphic questions in
//   the order of the election's questions (homomorphic ones skipped: nh_ciphertexts),
//   the output ciphertexts and the proof of each;
// - the first shuffle's input is nhCiphertexts(questions, encrypted tally); each later
//   shuffle's input is the previous shuffle's output (verifyShuffleChain does this);
//   after the last shuffle its output replaces the non-homomorphic questions of the
//   encrypted tally that the trustees decrypt (mergeNhCiphertexts).
import { bigIntFromHex, decimal, mod } from './bigint.ts';
import { isHomomorphic, type Ciphertext, type EncryptedTally, type Question, type Shuffle, type ShuffleProof } from './codec.ts';
import { multiPow } from './exp/multi-exp.ts';
import type { Group } from './groups/index.ts';
import { sha256Hex } from './hash.ts';
import { randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';

export type { Shuffle, ShuffleProof } from './codec.ts';

/** What a shuffle is made in: the election's group, public key y and fingerprint phi. */
export interface ShuffleContext {
  group: Group;
  publicKey: bigint;
  /** phi: SHA-256 of election.json in Base64Compact (ElectionContext.fingerprint). */
  fingerprint: string;
}

// ------------------------------------------------------------ independent generators

const generatorCache = new WeakMap<Group, Map<number, bigint>>();

/** GetGenerator(i) (spec table 8): SHA256("ggen|i") as a big-endian number, raised to
 * the cofactor (p-1)/q. Aborts, as belenios does, on 0, 1, g. */
export function getGenerator(group: Group, i: number): bigint {
  let cache = generatorCache.get(group);
  if (!cache) generatorCache.set(group, (cache = new Map()));
  let h = cache.get(i);
  if (h === undefined) {
    const x = bigIntFromHex(sha256Hex(`ggen|${i}`));
    const cofactor = (group.p - 1n) / group.q;
    h = group.pow(x, cofactor);
    if (h === 0n || h === 1n || h === group.g) throw new RangeError(`independent generator #${i} is degenerate`);
    if (cache.size < 1_000_000) cache.set(i, h);
  }
  return h;
}

/** GetSecondaryGenerator() and GetGenerators(N) (tables 6, 7), with table 8's check
 * that no two of them collide. */
function generators(group: Group, n: number): { h: bigint; hh: bigint[] } {
  const h = getGenerator(group, -1);
  const hh = new Array<bigint>(n);
  const seen = new Set<bigint>([h]);
  for (let i = 0; i < n; i++) {
    const x = getGenerator(group, i);
    if (seen.has(x)) throw new RangeError(`independent generator #${i} collides with another one`);
    seen.add(x);
    hh[i] = x;
  }
  return { h, hh };
}

// ------------------------------------------------------------ challenges

/** [[e]] (table 10): alpha,beta, of each ciphertext, in base 10, each followed by a comma. */
function strCiphertexts(e: readonly Ciphertext[]): string {
  const parts = new Array<string>(e.length);
  for (let i = 0; i < e.length; i++) parts[i] = decimal(e[i]!.alpha) + ',' + decimal(e[i]!.beta) + ',';
  return parts.join('');
}

/** [[c]] (table 10): each element in base 10 followed by a comma. */
function strElements(c: readonly bigint[]): string {
  const parts = new Array<string>(c.length);
  for (let i = 0; i < c.length; i++) parts[i] = decimal(c[i]!) + ',';
  return parts.join('');
}

/** GetNIZKPChallenges(N, S) (table 11). */
function challenges(group: Group, n: number, text: string): bigint[] {
  const H = sha256Hex(text);
  const u = new Array<bigint>(n);
  for (let i = 0; i < n; i++) u[i] = bigIntFromHex(sha256Hex(H + sha256Hex(String(i)))) % group.q;
  return u;
}

/** GetNIZKPChallenge(S) (table 13). */
function challenge(group: Group, text: string): bigint {
  return bigIntFromHex(sha256Hex(text)) % group.q;
}

// ------------------------------------------------------------ shuffling (prover)

export interface ShuffledQuestion {
  ciphertexts: Ciphertext[];
  proof: ShuffleProof;
}

/** GenPermutation(N) (table 2): psi[i] is the input index placed at output i. */
function genPermutation(n: number, random: RandomBytes): number[] {
  const tmp = Array.from({ length: n }, (_, i) => i);
  const psi = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const k = i + Number(randomBelow(BigInt(n - i), random));
    psi[i] = tmp[k]!;
    tmp[k] = tmp[i]!;
  }
  return psi;
}

/**
 * Re-encrypt and permute the ciphertexts of one non-homomorphic question and prove it
 * (GenShuffle then GenShuffleProof, spec tables 1-4). `ciphertexts` are the question's
 * input (see the head of this file); the answer's ciphertexts are its output, in the
 * new order. Every random number comes from `random` (the platform CSPRNG by default).
 */
export function shuffleCiphertexts(
  ctx: ShuffleContext,
  ciphertexts: readonly Ciphertext[],
  random: RandomBytes = secureRandomBytes,
): ShuffledQuestion {
  const { group, publicKey: y } = ctx;
  const { p, q } = group;
  const n = ciphertexts.length;
  const rnd = () => randomBelow(q, random);
  const randoms = (k: number) => Array.from({ length: k }, rnd);

  // GenShuffle (table 1): re-encrypt each e_i with r'_i, then output e'_i = re(e_psi(i))
  const psi = genPermutation(n, random);
  const rPrime = randoms(n);
  const reencrypted = ciphertexts.map((e, i) => ({
    alpha: group.mul(e.alpha, group.powG(rPrime[i]!)),
    beta: group.mul(e.beta, group.powFixed(y, rPrime[i]!)),
  }));
  const ee = ciphertexts;
  const eePrime = psi.map((j) => reencrypted[j]!);

  // GenShuffleProof (table 4)
  const { h, hh } = generators(group, n);
  // GenPermutationCommitment (table 9): c_psi(i) = g^r_psi(i) * h_i
  const c = new Array<bigint>(n);
  const r = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    const ri = rnd();
    r[psi[i]!] = ri;
    c[psi[i]!] = group.mul(group.powG(ri), hh[i]!);
  }
  const str1 = strCiphertexts(ee) + strCiphertexts(eePrime) + strElements(c);
  const u = challenges(group, n, `shuffle-challenges|${ctx.fingerprint}|${str1}`);
  const uPrime = psi.map((j) => u[j]!);
  // GenCommitmentChain(h, u') (table 12)
  const rHat = randoms(n);
  const cHat = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    const prev = i === 0 ? h : cHat[i - 1]!;
    cHat[i] = group.mul(group.powG(rHat[i]!), group.pow(prev, uPrime[i]!));
  }
  const [w1, w2, w3, w4] = randoms(4) as [bigint, bigint, bigint, bigint];
  const wHat = randoms(n);
  const wPrime = randoms(n);
  const t1 = group.powG(w1);
  const t2 = group.powG(w2);
  const t3 = group.mul(group.powG(w3), multiPow(hh, wPrime, p));
  const t41 = group.mul(group.powFixed(y, mod(-w4, q)), multiPow(eePrime.map((e) => e.beta), wPrime, p));
  const t42 = group.mul(group.powG(mod(-w4, q)), multiPow(eePrime.map((e) => e.alpha), wPrime, p));
  const tHat = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    const prev = i === 0 ? h : cHat[i - 1]!;
    tHat[i] = group.mul(group.powG(wHat[i]!), group.pow(prev, wPrime[i]!));
  }
  const str2 = strElements([t1, t2, t3, t41, t42]) + strElements(tHat);
  const str3 = str1 + strElements(cHat) + decimal(y);
  const ch = challenge(group, `shuffle-challenge|${ctx.fingerprint}|${str2}${str3}`);

  let rBar = 0n;
  for (const x of r) rBar += x;
  const s1 = mod(w1 + ch * rBar, q);
  // v_N = 1, v_i = u'_{i+1} v_{i+1}
  const v = new Array<bigint>(n).fill(1n);
  for (let i = n - 2; i >= 0; i--) v[i] = (uPrime[i + 1]! * v[i + 1]!) % q;
  let rHatSum = 0n;
  let rTilde = 0n;
  let rPrimeSum = 0n;
  for (let i = 0; i < n; i++) {
    rHatSum += rHat[i]! * v[i]!;
    rTilde += r[i]! * u[i]!;
    rPrimeSum += rPrime[i]! * u[i]!;
  }
  const s2 = mod(w2 + ch * mod(rHatSum, q), q);
  const s3 = mod(w3 + ch * mod(rTilde, q), q);
  const s4 = mod(w4 + ch * mod(rPrimeSum, q), q);
  const sHat = wHat.map((w, i) => mod(w + ch * rHat[i]!, q));
  const sPrime = wPrime.map((w, i) => mod(w + ch * uPrime[i]!, q));
  return {
    ciphertexts: eePrime,
    proof: { t: { t1, t2, t3, t41, t42, tHat }, s: { s1, s2, s3, s4, sHat, sPrime }, c, cHat },
  };
}

/** A whole Shuffle payload (spec 4.17): every non-homomorphic question shuffled, in
 * order. `input` is nhCiphertexts(...) of the encrypted tally for the first shuffle,
 * the previous shuffle's `ciphertexts` after. */
export function shuffleElection(ctx: ShuffleContext, input: readonly (readonly Ciphertext[])[], random: RandomBytes = secureRandomBytes): Shuffle {
  const shuffled = input.map((cs) => shuffleCiphertexts(ctx, cs, random));
  return { ciphertexts: shuffled.map((s) => s.ciphertexts), proofs: shuffled.map((s) => s.proof) };
}

// ------------------------------------------------------------ checking (verifier)

/** Why a shuffle proof fails. `check` names what failed, in ASCII, for a verifier to
 * word in any language: 'questions' (not one list and one proof per non-homomorphic
 * question), 'length' / 'length of X' (lists of different lengths), 'input[i].alpha',
 * 'output[i].beta', 't1', 'c[i]', 'cHat[i]', 'tHat[i]' (an element not in the group),
 * 's1'..'s4', 'sHat[i]', 'sPrime[i]' (a response not in Z_q), or the equation of
 * CheckShuffleProof (table 5) that does not hold: 't1', 't2', 't3', 't41', 't42',
 * 'tHat[i]' (indexes from 0, as in the JSON arrays). `question` is the
 * non-homomorphic question (from 1, in question order), set by verifyShuffle;
 * `message` says it all in English. */
export interface ShuffleFailure {
  check: string;
  question?: number;
  message: string;
}

export type ShuffleVerdict = { ok: true } | { ok: false; failure: ShuffleFailure };

const fail = (check: string, message: string): ShuffleVerdict => ({ ok: false, failure: { check, message } });

/** Membership of the order-q subgroup; for a safe prime (p = 2q + 1, as RFC-3526-2048)
 * the quadratic residues, decided by the Jacobi symbol without an exponentiation. */
function isElement(group: Group, x: bigint): boolean {
  if (group.p === 2n * group.q + 1n) return x > 0n && x < group.p && jacobi(x, group.p) === 1;
  return group.isElement(x);
}

/** Jacobi symbol (a/n) for odd n > 0 (binary algorithm, Cohen 1.4.10). */
export function jacobi(a: bigint, n: bigint): number {
  a %= n;
  let t = 1;
  while (a !== 0n) {
    while ((a & 1n) === 0n) {
      a >>= 1n;
      const r = n & 7n;
      if (r === 3n || r === 5n) t = -t;
    }
    [a, n] = [n, a];
    if ((a & 3n) === 3n && (n & 3n) === 3n) t = -t;
    a %= n;
  }
  return n === 1n ? t : 0;
}

/**
 * CheckShuffleProof (spec table 5) for one non-homomorphic question: `input` the
 * question's ciphertexts before the shuffle, `output` after it, `proof` the shuffle's
 * proof. Also checks what belenios-tool checks around it: lengths, group membership of
 * every element (inputs, outputs, commitments) and responses in Z_q.
 */
export function verifyShuffleProof(
  ctx: ShuffleContext,
  input: readonly Ciphertext[],
  output: readonly Ciphertext[],
  proof: ShuffleProof,
): ShuffleVerdict {
  const { group, publicKey: y } = ctx;
  const { p, q } = group;
  const n = input.length;
  const { t, s, c, cHat } = proof;
  if (output.length !== n) return fail('length', `the shuffle has ${output.length} output ciphertexts for ${n} input ciphertexts`);
  for (const [id, name, list] of [['c', 'c', c], ['cHat', 'ĉ', cHat], ['tHat', 't̂', t.tHat], ['sHat', 'ŝ', s.sHat], ['sPrime', "s'", s.sPrime]] as const) {
    if (list.length !== n) return fail(`length of ${id}`, `the proof has ${list.length} values ${name} for ${n} ciphertexts`);
  }
  for (const [name, list] of [['input', input], ['output', output]] as const) {
    for (let i = 0; i < n; i++) {
      if (!isElement(group, list[i]!.alpha)) return fail(`${name}[${i}].alpha`, `${name} ciphertext #${i}: alpha is not an element of the group`);
      if (!isElement(group, list[i]!.beta)) return fail(`${name}[${i}].beta`, `${name} ciphertext #${i}: beta is not an element of the group`);
    }
  }
  for (const [id, name, x] of [['t1', 't1', t.t1], ['t2', 't2', t.t2], ['t3', 't3', t.t3], ['t41', 't4,1', t.t41], ['t42', 't4,2', t.t42]] as const) {
    if (!isElement(group, x)) return fail(id, `the commitment ${name} is not an element of the group`);
  }
  for (const [id, name, list] of [['c', 'c', c], ['cHat', 'ĉ', cHat], ['tHat', 't̂', t.tHat]] as const) {
    for (let i = 0; i < n; i++) if (!isElement(group, list[i]!)) return fail(`${id}[${i}]`, `the commitment ${name}[${i}] is not an element of the group`);
  }
  for (const [name, x] of [['s1', s.s1], ['s2', s.s2], ['s3', s.s3], ['s4', s.s4]] as const) {
    if (!group.isScalar(x)) return fail(name, `the response ${name} is not in Z_q`);
  }
  for (const [id, name, list] of [['sHat', 'ŝ', s.sHat], ['sPrime', "s'", s.sPrime]] as const) {
    for (let i = 0; i < n; i++) if (!group.isScalar(list[i]!)) return fail(`${id}[${i}]`, `the response ${name}[${i}] is not in Z_q`);
  }

  const { h, hh } = generators(group, n);
  const str1 = strCiphertexts(input) + strCiphertexts(output) + strElements(c);
  const u = challenges(group, n, `shuffle-challenges|${ctx.fingerprint}|${str1}`);
  const str2 = strElements([t.t1, t.t2, t.t3, t.t41, t.t42]) + strElements(t.tHat);
  const str3 = str1 + strElements(cHat) + decimal(y);
  const ch = challenge(group, `shuffle-challenge|${ctx.fingerprint}|${str2}${str3}`);

  // Each equation t = X^-c * Y of table 5 is checked as t * X^c = Y (no inversion).
  let prodC = 1n;
  let prodH = 1n;
  for (let i = 0; i < n; i++) {
    prodC = (prodC * c[i]!) % p;
    prodH = (prodH * hh[i]!) % p;
  }
  // t1 = (prod c / prod h)^-c g^s1  <=>  t1 * (prod c)^c = g^s1 * (prod h)^c
  if (group.mul(t.t1, group.pow(prodC, ch)) !== group.mul(group.powG(s.s1), group.pow(prodH, ch))) {
    return fail('t1', 'the shuffle proof fails: t1 (the permutation commitment is not of a permutation matrix)');
  }
  let uProd = 1n;
  for (const x of u) uProd = (uProd * x) % q;
  // t2 = (c^_N / h^u)^-c g^s2  <=>  t2 * c^_N^c = g^s2 * h^(u c)
  const cHatN = n === 0 ? h : cHat[n - 1]!;
  if (group.mul(t.t2, group.pow(cHatN, ch)) !== group.mul(group.powG(s.s2), group.pow(h, (uProd * ch) % q))) {
    return fail('t2', 'the shuffle proof fails: t2 (the commitment chain)');
  }
  // t3 = (prod c_i^u_i)^-c g^s3 prod h_i^s'_i
  const cTilde = multiPow(c, u, p);
  if (group.mul(t.t3, group.pow(cTilde, ch)) !== group.mul(group.powG(s.s3), multiPow(hh, s.sPrime, p))) {
    return fail('t3', 'the shuffle proof fails: t3 (the permuted challenges)');
  }
  // t4,1 = (prod beta_i^u_i)^-c y^-s4 prod beta'_i^s'_i
  const betaU = multiPow(input.map((e) => e.beta), u, p);
  const alphaU = multiPow(input.map((e) => e.alpha), u, p);
  if (group.mul(group.mul(t.t41, group.pow(betaU, ch)), group.powFixed(y, s.s4)) !== multiPow(output.map((e) => e.beta), s.sPrime, p)) {
    return fail('t41', 'the shuffle proof fails: t4,1 (the re-encryption of the betas)');
  }
  if (group.mul(group.mul(t.t42, group.pow(alphaU, ch)), group.powG(s.s4)) !== multiPow(output.map((e) => e.alpha), s.sPrime, p)) {
    return fail('t42', 'the shuffle proof fails: t4,2 (the re-encryption of the alphas)');
  }
  // t^_i = c^_i^-c g^s^_i c^_{i-1}^s'_i
  for (let i = 0; i < n; i++) {
    const prev = i === 0 ? h : cHat[i - 1]!;
    const left = group.mul(t.tHat[i]!, group.pow(cHat[i]!, ch));
    const right = group.mul(group.powG(s.sHat[i]!), group.pow(prev, s.sPrime[i]!));
    if (left !== right) return fail(`tHat[${i}]`, `the shuffle proof fails: t̂[${i}] (link ${i} of the commitment chain)`);
  }
  return { ok: true };
}

/** Every question of one Shuffle payload against its input (one list per
 * non-homomorphic question). */
export function verifyShuffle(ctx: ShuffleContext, input: readonly (readonly Ciphertext[])[], shuffle: Shuffle): ShuffleVerdict {
  if (shuffle.ciphertexts.length !== input.length || shuffle.proofs.length !== input.length) {
    return fail(
      'questions',
      `the shuffle has ${shuffle.ciphertexts.length} lists of ciphertexts and ${shuffle.proofs.length} proofs for ${input.length} non-homomorphic questions`,
    );
  }
  for (let k = 0; k < input.length; k++) {
    const verdict = verifyShuffleProof(ctx, input[k]!, shuffle.ciphertexts[k]!, shuffle.proofs[k]!);
    if (!verdict.ok) {
      return { ok: false, failure: { ...verdict.failure, question: k + 1, message: `non-homomorphic question ${k + 1}: ${verdict.failure.message}` } };
    }
  }
  return { ok: true };
}

/** A chain of shuffles, oldest first: shuffle k is checked against shuffle k-1's
 * output (the first against `input`). Returns the first failure, naming the shuffle
 * (1-based), and otherwise the last output (what the trustees decrypt). */
export function verifyShuffleChain(
  ctx: ShuffleContext,
  input: readonly (readonly Ciphertext[])[],
  shuffles: readonly Shuffle[],
): { ok: true; output: readonly (readonly Ciphertext[])[] } | { ok: false; shuffle: number; failure: ShuffleFailure } {
  let current = input;
  for (let k = 0; k < shuffles.length; k++) {
    const verdict = verifyShuffle(ctx, current, shuffles[k]!);
    if (!verdict.ok) return { ok: false, shuffle: k + 1, failure: verdict.failure };
    current = shuffles[k]!.ciphertexts;
  }
  return { ok: true, output: current };
}

// ------------------------------------------------------------ the encrypted tally

/** nh_ciphertexts(a) (spec 4.17): the encrypted tally's lists of the non-homomorphic
 * questions, in question order. */
export function nhCiphertexts(questions: readonly Question[], tally: EncryptedTally): Ciphertext[][] {
  if (tally.length !== questions.length) throw new RangeError(`the encrypted tally has ${tally.length} questions, the election ${questions.length}`);
  return tally.filter((_, i) => !isHomomorphic(questions[i]!));
}

/** The converse: the encrypted tally with its non-homomorphic questions replaced by
 * `shuffled` (the last shuffle's output), what partial decryptions apply to. */
export function mergeNhCiphertexts(questions: readonly Question[], tally: EncryptedTally, shuffled: readonly (readonly Ciphertext[])[]): EncryptedTally {
  let k = 0;
  const merged = tally.map((cs, i) => (isHomomorphic(questions[i]!) ? cs : [...shuffled[k++]!]));
  if (k !== shuffled.length) throw new RangeError(`${shuffled.length} shuffled lists for ${k} non-homomorphic questions`);
  return merged;
}
