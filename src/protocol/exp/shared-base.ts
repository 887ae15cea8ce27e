// Several exponentiations of one variable base (a ciphertext component appears in
// its membership test and in every disjunct of its proofs). Yao's method (Handbook
// of Applied Cryptography 14.117): the squarings x^(2^(w*i)) are computed once and
// shared; each further exponent then costs about (bits/w + 2^w) multiplications
// instead of (bits + bits/w).

export class SharedBase {
  private readonly powers: bigint[]; // x^(2^(w*i))
  private readonly mask: bigint;

  constructor(
    readonly base: bigint,
    readonly modulus: bigint,
    maxBits: number,
    readonly width = 4,
  ) {
    const windows = Math.ceil(maxBits / width);
    this.mask = (1n << BigInt(width)) - 1n;
    this.powers = [base % modulus];
    for (let i = 1; i < windows; i++) {
      let x = this.powers[i - 1]!;
      for (let k = 0; k < width; k++) x = (x * x) % modulus;
      this.powers.push(x);
    }
  }

  pow(e: bigint): bigint {
    if (e < 0n) throw new RangeError('negative exponent');
    const w = BigInt(this.width);
    // bucket[d] = product of x^(2^(w*i)) over windows i whose digit is d
    const buckets: (bigint | undefined)[] = new Array(1 << this.width);
    let i = 0;
    let maxDigit = 0;
    while (e > 0n) {
      if (i >= this.powers.length) throw new RangeError('exponent larger than the precomputed powers');
      const d = Number(e & this.mask);
      if (d !== 0) {
        const b = buckets[d];
        buckets[d] = b === undefined ? this.powers[i]! : (b * this.powers[i]!) % this.modulus;
        if (d > maxDigit) maxDigit = d;
      }
      e >>= w;
      i++;
    }
    // result = prod_d bucket[d]^d, computed as a running product from the top digit
    let running = 1n;
    let result = 1n;
    for (let d = maxDigit; d >= 1; d--) {
      const b = buckets[d];
      if (b !== undefined) running = running === 1n ? b : (running * b) % this.modulus;
      if (running !== 1n) result = result === 1n ? running : (result * running) % this.modulus;
    }
    return result;
  }
}
