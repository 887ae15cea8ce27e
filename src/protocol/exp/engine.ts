// Where long exponentiations are computed. The default is native BigInt, everywhere
// (browser and Node). A platform may register a faster audited implementation —
// the Node CLI registers OpenSSL's (src/node/openssl-engine.ts) — and the group then
// uses it for variable-base exponentiations instead of precomputed squarings.
import { modPow } from '../bigint.ts';

export interface ModExpEngine {
  readonly name: string;
  /** True when one call is cheaper than sharing squarings across calls in BigInt. */
  readonly accelerated: boolean;
  pow(base: bigint, exponent: bigint, modulus: bigint): bigint;
}

export const bigintEngine: ModExpEngine = { name: 'BigInt', accelerated: false, pow: modPow };

let current: ModExpEngine = bigintEngine;

export function setModExpEngine(engine: ModExpEngine): void {
  current = engine;
}

export function modExpEngine(): ModExpEngine {
  return current;
}
