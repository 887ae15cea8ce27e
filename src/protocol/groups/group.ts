// One interface for the multiplicative subgroups of Z_p^* that Belenios uses
// (spec 1, 5). Elements are native bigints in [1, p); exponents live in Z_q.
import { bitLength, jacobi, mod, modInverse, modPow, bigIntFromHex } from '../bigint.ts';
import { FixedBase } from '../exp/fixed-base.ts';
import { SharedBase } from '../exp/shared-base.ts';
import { modExpEngine } from '../exp/engine.ts';

/** Repeated exponentiations of one base (a ciphertext component, a credential). */
export interface VariableBase {
  readonly base: bigint;
  pow(e: bigint): bigint;
}
import { sha256Hex } from '../hash.ts';

export interface Embedding {
  padding: number;
  bitsPerInt: number;
}

export interface GroupParameters {
  name: string;
  p: bigint;
  q: bigint;
  g: bigint;
  embedding?: Embedding;
}

const FIXED_BASE_CACHE_SIZE = 8;
/** A base gets a small table first (cheap to build for one ballot), a large one once
 * it has been used this often (bulk verification, tallies), and a very large one (for
 * a 256-bit q: 24 multiplications per exponentiation instead of 32, about 14 MB, built
 * in about 50,000 multiplications, which its uses repay after about 6,000 more) in a
 * server or a long verification. */
const LARGE_TABLE_AFTER = 600;
const HUGE_TABLE_AFTER = 6000;

export class Group implements GroupParameters {
  readonly name: string;
  readonly p: bigint;
  readonly q: bigint;
  readonly g: bigint;
  readonly embedding?: Embedding;
  readonly qBits: number;
  /** p = 2q + 1 (RFC-3526-2048): the order-q subgroup is the squares modulo p. */
  readonly safePrime: boolean;
  private readonly fixedBases = new Map<bigint, { table: FixedBase; uses: number }>();

  constructor(params: GroupParameters) {
    this.name = params.name;
    this.p = params.p;
    this.q = params.q;
    this.g = params.g;
    if (params.embedding) this.embedding = params.embedding;
    this.qBits = bitLength(params.q);
    this.safePrime = params.p === 2n * params.q + 1n;
  }

  mul(a: bigint, b: bigint): bigint {
    return (a * b) % this.p;
  }

  inv(a: bigint): bigint {
    return modInverse(a, this.p);
  }

  div(a: bigint, b: bigint): bigint {
    return (a * this.inv(b)) % this.p;
  }

  /** Generic exponentiation; the exponent is not reduced (the base may be any
   * residue, e.g. while testing membership). Long exponents go to the registered
   * engine (BigInt by default). */
  pow(base: bigint, exponent: bigint): bigint {
    return exponent < 0x10000000000000000n ? modPow(base, exponent, this.p) : modExpEngine().pow(base, exponent, this.p);
  }

  /** g^e, with a precomputed table; e is reduced mod q since g has order q. */
  powG(e: bigint): bigint {
    return this.fixedBase(this.g).pow(mod(e, this.q));
  }

  /** b^e for a subgroup element b used often (an election key): precomputed table. */
  powFixed(base: bigint, e: bigint): bigint {
    return this.fixedBase(base).pow(mod(e, this.q));
  }

  fixedBase(base: bigint): FixedBase {
    let entry = this.fixedBases.get(base);
    if (!entry) {
      if (this.fixedBases.size >= FIXED_BASE_CACHE_SIZE) {
        // forget the oldest non-generator table
        for (const k of this.fixedBases.keys()) {
          if (k !== this.g) {
            this.fixedBases.delete(k);
            break;
          }
        }
      }
      entry = { table: new FixedBase(base, this.p, this.qBits, this.qBits > 512 ? 5 : 6), uses: 0 };
      this.fixedBases.set(base, entry);
    }
    if (++entry.uses === LARGE_TABLE_AFTER) entry.table = new FixedBase(base, this.p, this.qBits, this.qBits > 512 ? 6 : 8);
    else if (entry.uses === HUGE_TABLE_AFTER && this.qBits <= 512) entry.table = new FixedBase(base, this.p, this.qBits, 11);
    return entry.table;
  }

  /** Several exponentiations (exponents < 2^qBits) of one variable base: shared
   * squarings in BigInt, or straight to an accelerated engine. */
  variableBase(base: bigint): VariableBase {
    const engine = modExpEngine();
    if (engine.accelerated) return { base, pow: (e) => engine.pow(base, e, this.p) };
    return new SharedBase(base, this.p, this.qBits, this.qBits > 512 ? 5 : 4);
  }

  /** e -> (beta / g^M)^e for a subgroup element beta, as a disjunct of a proof needs
   * it (spec 4.12). With an accelerated engine, one exponentiation of the quotient
   * beta * g^-M (g^-M is kept per M); in BigInt, beta's shared squarings times g's
   * table, g^(-M e). The same number either way. */
  quotientPow(beta: VariableBase, M: bigint): (e: bigint) => bigint {
    if (M === 0n) return (e) => beta.pow(e);
    const engine = modExpEngine();
    if (engine.accelerated) {
      const quotient = this.mul(beta.base, this.gToMinus(M));
      return (e) => engine.pow(quotient, e, this.p);
    }
    return (e) => this.mul(beta.pow(e), this.powG(mod(-M * e, this.q)));
  }

  private readonly gInverses = new Map<bigint, bigint>();

  /** g^-M, kept for the few values of M that proofs use (0 to the largest max). */
  private gToMinus(M: bigint): bigint {
    let r = this.gInverses.get(M);
    if (r === undefined) {
      r = this.powG(mod(-M, this.q));
      if (this.gInverses.size < 1024) this.gInverses.set(M, r);
    }
    return r;
  }

  /** 0 < x < p and x^q = 1: x is in the order-q subgroup (spec 4.2, "G"). */
  isElement(x: bigint, base?: VariableBase): boolean {
    if (x <= 0n || x >= this.p) return false;
    if (x === 1n) return true;
    // for a safe prime, x^q = 1 exactly when x is a square modulo p, which the Legendre
    // symbol tells without a 2048-bit exponentiation
    if (this.safePrime) return jacobi(x, this.p) === 1;
    // x^(q-1) * x = 1 rather than x^q = 1: same test, and an engine built on
    // Diffie-Hellman refuses results equal to 1.
    const r = (base ?? { pow: (e: bigint) => this.pow(x, e) }).pow(this.q - 1n);
    return (r * x) % this.p === 1n;
  }

  inRange(x: bigint): boolean {
    return x > 0n && x < this.p;
  }

  isScalar(x: bigint): boolean {
    return x >= 0n && x < this.q;
  }

  /** SHA256(prefix || x1,x2,...,xn) read as a big-endian number, mod q: the
   * Fiat-Shamir oracle of every Belenios proof (spec 4.5, 4.12-4.14, 4.18). */
  hashToScalar(prefix: string, elements: readonly bigint[]): bigint {
    let text = prefix;
    for (let i = 0; i < elements.length; i++) {
      if (i > 0) text += ',';
      text += elements[i]!.toString(10);
    }
    return bigIntFromHex(sha256Hex(text)) % this.q;
  }
}
