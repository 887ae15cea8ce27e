// Products of powers, b_1^e_1 * ... * b_n^e_n mod p, as shuffle proofs need them
// (CHVote's t3, t4 and their checks: one product over every ciphertext). In BigInt,
// Straus's interleaving (Handbook of Applied Cryptography 14.88 with fixed windows):
// the squarings are shared by all the bases, so each further base costs about
// bits/w multiplications instead of bits squarings plus bits/w multiplications.
// With an accelerated engine (OpenSSL in Node), one engine call per base is cheaper.
import { modExpEngine } from './engine.ts';

/** Bases handled together: bounds the memory of the precomputed powers
 * (CHUNK * 2^w numbers) at the cost of one run of squarings per chunk. */
const CHUNK = 256;

export function multiPow(bases: readonly bigint[], exponents: readonly bigint[], modulus: bigint): bigint {
  if (bases.length !== exponents.length) throw new RangeError('multiPow needs as many exponents as bases');
  const engine = modExpEngine();
  let result = 1n;
  if (engine.accelerated) {
    for (let i = 0; i < bases.length; i++) result = (result * engine.pow(bases[i]!, exponents[i]!, modulus)) % modulus;
    return result;
  }
  for (let start = 0; start < bases.length; start += CHUNK) {
    const end = Math.min(bases.length, start + CHUNK);
    result = (result * straus(bases.slice(start, end), exponents.slice(start, end), modulus)) % modulus;
  }
  return result;
}

function straus(bases: readonly bigint[], exponents: readonly bigint[], modulus: bigint): bigint {
  let maxBits = 0;
  for (const e of exponents) {
    if (e < 0n) throw new RangeError('negative exponent');
    const bits = e.toString(2).length;
    if (e > 0n && bits > maxBits) maxBits = bits;
  }
  if (maxBits === 0) return 1n;
  const width = maxBits > 512 ? 5 : 4;
  const digits = 1 << width;
  const w = BigInt(width);
  const mask = BigInt(digits - 1);
  // powers[i][d] = bases[i]^d for d < 2^w, computed only up to the digits used
  const tables = bases.map((b) => {
    const row: bigint[] = [1n, b % modulus];
    return row;
  });
  const power = (i: number, d: number): bigint => {
    const row = tables[i]!;
    while (row.length <= d) row.push((row[row.length - 1]! * row[1]!) % modulus);
    return row[d]!;
  };
  const windows = Math.ceil(maxBits / width);
  let result = 1n;
  for (let k = windows - 1; k >= 0; k--) {
    if (result !== 1n) for (let s = 0; s < width; s++) result = (result * result) % modulus;
    const shift = BigInt(k) * w;
    for (let i = 0; i < bases.length; i++) {
      const d = Number((exponents[i]! >> shift) & mask);
      if (d !== 0) result = result === 1n ? power(i, d) : (result * power(i, d)) % modulus;
    }
  }
  return result;
}
