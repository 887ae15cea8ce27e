// Randomness for the protocol, only from the platform CSPRNG
// (globalThis.crypto.getRandomValues: Web Crypto in browsers, node:crypto in Node).
import { bigIntFromBytes, bitLength } from './bigint.ts';

export type RandomBytes = (length: number) => Uint8Array;

export const secureRandomBytes: RandomBytes = (length) => {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65536 bytes per call
  for (let offset = 0; offset < length; offset += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  }
  return out;
};

/** Uniform-looking element of [0, n): draw 128 bits more than n has and reduce, so
 * the statistical distance to uniform is below 2^-128 (as belenios does). */
export function randomBelow(n: bigint, random: RandomBytes = secureRandomBytes): bigint {
  if (n <= 0n) throw new RangeError('randomBelow needs a positive bound');
  const bytes = Math.floor(bitLength(n) / 8) + 17;
  return bigIntFromBytes(random(bytes)) % n;
}

export const BASE58_DIGITS = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Exactly uniform base-58 digit indexes, by rejection sampling on bytes. */
export function randomBase58Digits(count: number, random: RandomBytes = secureRandomBytes): number[] {
  const digits: number[] = [];
  while (digits.length < count) {
    for (const b of random(count * 2)) {
      if (b < 232) digits.push(b % 58); // 232 = 4 * 58
      if (digits.length === count) break;
    }
  }
  return digits;
}

export function randomBase58String(length: number, random: RandomBytes = secureRandomBytes): string {
  return randomBase58Digits(length, random).map((d) => BASE58_DIGITS[d]!).join('');
}
