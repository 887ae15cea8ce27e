// Hashing conventions of Belenios (spec 4.1-4.5): SHA-256 over UTF-8 text,
// hex for archive names and hash references, "Base64Compact" (standard alphabet,
// no padding) for election fingerprints and ballot trackers.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** A SHA-256 implementation: the digest of the UTF-8 bytes of a text, or of bytes. */
export type Sha256Engine = (data: string | Uint8Array) => Uint8Array;

/** The default, everywhere (browser and Node): @noble/hashes, in JavaScript. */
export const nobleSha256: Sha256Engine = (data) => sha256(typeof data === 'string' ? utf8ToBytes(data) : data);

let sha256Engine: Sha256Engine = nobleSha256;

/** A platform may register a native SHA-256 (Node registers OpenSSL's: about ten times
 * faster on the long texts that Belenios hashes). It must be SHA-256 itself: every
 * hash, tracker and proof challenge depends on it, and a test checks it against
 * @noble/hashes. */
export function setSha256Engine(engine: Sha256Engine): void {
  sha256Engine = engine;
}

export function sha256Bytes(text: string | Uint8Array): Uint8Array {
  return sha256Engine(text);
}

export function sha256Hex(text: string | Uint8Array): string {
  return bytesToHex(sha256Bytes(text));
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Compact(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]!;
  }
  return out;
}

/** SHA-256 of a text, in Base64Compact: election fingerprints, ballot trackers,
 * the public-credential fingerprint (`belenios-tool sha256-b64`). */
export function sha256B64(text: string | Uint8Array): string {
  return base64Compact(sha256Bytes(text));
}

export const HEX_HASH = /^[0-9a-f]{64}$/;
