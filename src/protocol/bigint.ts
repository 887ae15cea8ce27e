// Small helpers over native BigInt. Group arithmetic lives in groups/ and exp/.

export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

export function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  if (x === 0n) return 0;
  return x.toString(2).length;
}

/** Modular inverse by the extended Euclidean algorithm; throws if none exists. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) throw new RangeError('value has no modular inverse');
  return mod(oldS, m);
}

/** Left-to-right sliding-window exponentiation for a base used once. */
export function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  if (exponent < 0n) throw new RangeError('negative exponent');
  if (m === 1n) return 0n;
  base = mod(base, m);
  if (exponent === 0n) return 1n;
  const bits = exponent.toString(2);
  const w = bits.length > 512 ? 5 : bits.length > 64 ? 4 : 2;
  // odd powers base^1, base^3, ..., base^(2^w - 1)
  const sq = (base * base) % m;
  const odd: bigint[] = [base];
  for (let i = 1; i < 1 << (w - 1); i++) odd.push((odd[i - 1]! * sq) % m);
  let result = 1n;
  let i = 0;
  const n = bits.length;
  while (i < n) {
    if (bits[i] === '0') {
      result = (result * result) % m;
      i++;
      continue;
    }
    // longest window starting at i, at most w bits, ending with a 1
    let j = Math.min(i + w, n);
    while (bits[j - 1] === '0') j--;
    const windowValue = parseInt(bits.slice(i, j), 2);
    for (let k = i; k < j; k++) result = (result * result) % m;
    result = (result * odd[(windowValue - 1) >> 1]!) % m;
    i = j;
  }
  return result;
}

export function bigIntFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return BigInt('0x' + hex);
}

export function bigIntFromHex(hex: string): bigint {
  return hex.length === 0 ? 0n : BigInt('0x' + hex);
}

/** Canonical base-10 natural number: "0" or digits without a leading zero. */
export const NATURAL_DECIMAL = /^(0|[1-9][0-9]*)$/;

// Big numbers written in base 10, kept: a ballot's group elements are written several
// times while it is checked (its canonical form, the signed text, the prefixes of its
// proofs) and BigInt's toString(10) costs about 10 µs at 2048 bits. A number read
// from canonical decimal text is kept with that text, which is exactly its
// toString(10). The cache is per thread and emptied when full.
const decimals = new Map<bigint, string>();
const DECIMAL_CACHE_SIZE = 4096;
const CACHE_FROM = 1n << 128n;

function remember(x: bigint, text: string): void {
  if (decimals.size >= DECIMAL_CACHE_SIZE) decimals.clear();
  decimals.set(x, text);
}

/** x.toString(10), for x >= 0. */
export function decimal(x: bigint): string {
  if (x < CACHE_FROM) return x.toString(10);
  let text = decimals.get(x);
  if (text === undefined) {
    text = x.toString(10);
    remember(x, text);
  }
  return text;
}

/** BigInt(text) for a natural number in canonical base 10 (NATURAL_DECIMAL). */
export function bigIntFromDecimal(text: string): bigint {
  const x = BigInt(text);
  if (x >= CACHE_FROM && NATURAL_DECIMAL.test(text)) remember(x, text);
  return x;
}

/** The Jacobi symbol (a/n) for an odd n > 0: for a prime n, the Legendre symbol — 1 when
 * a is a non-zero square modulo n, -1 when it is not, 0 when n divides a. Euclid-like:
 * a few thousand small steps for 2048-bit numbers, instead of an exponentiation. */
export function jacobi(a: bigint, n: bigint): number {
  if (n <= 0n || (n & 1n) === 0n) throw new RangeError('the Jacobi symbol needs an odd positive modulus');
  a = mod(a, n);
  let t = 1;
  while (a !== 0n) {
    let twos = 0;
    while ((a & 1n) === 0n) {
      a >>= 1n;
      twos++;
    }
    const r = n & 7n;
    if ((twos & 1) === 1 && (r === 3n || r === 5n)) t = -t;
    [a, n] = [n, a];
    if ((a & 3n) === 3n && (n & 3n) === 3n) t = -t;
    a %= n;
  }
  return n === 1n ? t : 0;
}
