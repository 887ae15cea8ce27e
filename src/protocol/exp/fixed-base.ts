// Fixed-base exponentiation by precomputed windows (the "k-ary fixed-base" method,
// Handbook of Applied Cryptography 14.109 in its simplest form): for a base b used
// many times (the generator g, an election public key y), store
// b^(d * 2^(w*i)) for every window position i and digit d. Then b^e is one
// multiplication per window of e and no squaring at all.

export class FixedBase {
  readonly windows: number;
  private readonly table: bigint[][];
  private readonly mask: bigint;

  constructor(
    readonly base: bigint,
    readonly modulus: bigint,
    readonly maxBits: number,
    readonly width = 8,
  ) {
    this.windows = Math.ceil(maxBits / width);
    this.mask = (1n << BigInt(width)) - 1n;
    const digits = 1 << width;
    this.table = [];
    let rowBase = base % modulus;
    for (let i = 0; i < this.windows; i++) {
      const row: bigint[] = new Array(digits);
      row[0] = 1n;
      row[1] = rowBase;
      for (let d = 2; d < digits; d++) row[d] = (row[d - 1]! * rowBase) % modulus;
      this.table.push(row);
      // next row base: rowBase^(2^w) = row[digits-1] * rowBase
      rowBase = (row[digits - 1]! * rowBase) % modulus;
    }
  }

  /** base^e for 0 <= e < 2^maxBits. */
  pow(e: bigint): bigint {
    if (e < 0n) throw new RangeError('negative exponent');
    let result = 1n;
    const w = BigInt(this.width);
    let i = 0;
    while (e > 0n) {
      if (i >= this.windows) throw new RangeError('exponent larger than the precomputed table');
      const d = Number(e & this.mask);
      if (d !== 0) result = result === 1n ? this.table[i]![d]! : (result * this.table[i]![d]!) % this.modulus;
      e >>= w;
      i++;
    }
    return result;
  }
}
