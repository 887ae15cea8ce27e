// Long modular exponentiations through OpenSSL (Node's crypto), about ten times
// faster than native BigInt. OpenSSL exposes modular exponentiation only through
// Diffie-Hellman: with the group's prime as DH prime, the exponent as private key
// and the base as the peer's public key, computeSecret returns base^exponent mod p.
// OpenSSL refuses some inputs (bases 0, 1, p-1; results equal to 1): those, and
// anything unexpected, fall back to BigInt, so answers are always exact.
import { createDiffieHellman, createHash, type DiffieHellman } from 'node:crypto';
import { modPow } from '../protocol/bigint.ts';
import { setModExpEngine, type ModExpEngine } from '../protocol/exp/engine.ts';
import { setSha256Engine, type Sha256Engine } from '../protocol/hash.ts';

function toBuffer(x: bigint): Buffer {
  const hex = x.toString(16);
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
}

// Creating a context checks the prime (about 100 ms), worth about 40 BigInt
// exponentiations: a modulus gets one only once it has been used that often.
const WARM_UP_CALLS = 40;
const contexts = new Map<bigint, DiffieHellman | number>();

function contextFor(modulus: bigint): DiffieHellman | undefined {
  const entry = contexts.get(modulus) ?? 0;
  if (typeof entry !== 'number') return entry;
  if (entry < WARM_UP_CALLS) {
    contexts.set(modulus, entry + 1);
    return undefined;
  }
  const dh = createDiffieHellman(toBuffer(modulus), toBuffer(2n));
  contexts.set(modulus, dh);
  return dh;
}

export const opensslEngine: ModExpEngine = {
  name: `OpenSSL ${process.versions.openssl}`,
  accelerated: true,
  pow(base, exponent, modulus) {
    if (modulus % 2n === 0n || modulus < 5n || exponent < 2n) return modPow(base, exponent, modulus);
    const b = base % modulus;
    if (b <= 1n || b === modulus - 1n) return modPow(b, exponent, modulus);
    const dh = contextFor(modulus);
    if (!dh) return modPow(b, exponent, modulus);
    try {
      dh.setPrivateKey(toBuffer(exponent));
      return BigInt('0x' + dh.computeSecret(toBuffer(b)).toString('hex'));
    } catch {
      return modPow(b, exponent, modulus);
    }
  },
};

/** OpenSSL's SHA-256 (a text is hashed as its UTF-8 bytes, as @noble/hashes does). */
export const opensslSha256: Sha256Engine = (data) => {
  const digest = createHash('sha256').update(data).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
};

/** Use OpenSSL for long exponentiations unless JIRGA_MODEXP=bigint, and for SHA-256
 * unless JIRGA_SHA256=noble. */
export function registerOpensslEngine(): void {
  if (process.env.JIRGA_MODEXP !== 'bigint') setModExpEngine(opensslEngine);
  if (process.env.JIRGA_SHA256 !== 'noble') setSha256Engine(opensslSha256);
}
