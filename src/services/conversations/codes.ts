// Participation codes and participant secrets. Codes are 12 characters from an
// alphabet without look-alikes (no 0/O, no 1/I), 60 bits from the platform CSPRNG;
// only their SHA-256 hashes are stored. A person may type them in lower case, with
// spaces or dashes.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../protocol/hash.ts';
import { secureRandomBytes } from '../../protocol/random.ts';

/** 32 symbols, so a random byte's low 5 bits pick one uniformly. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 12;

export function generateCode(): string {
  return Array.from(secureRandomBytes(CODE_LENGTH), (b) => CODE_ALPHABET[b & 31]!).join('');
}

/** The canonical form of a typed code, or undefined if it cannot be one. */
export function canonicalCode(typed: string): string | undefined {
  const c = typed.replace(/[\s-]/g, '').toUpperCase();
  return c.length === CODE_LENGTH && [...c].every((ch) => CODE_ALPHABET.includes(ch)) ? c : undefined;
}

export function codeHash(canonical: string): string {
  return sha256Hex(`jirga-participation-code:${canonical}`);
}

/** A new participant secret (for the cookie) and its hash (for the database). */
export function newParticipantSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: participantSecretHash(secret) };
}

/** A participant's id: random in [1, 2^31), from the platform CSPRNG. */
export function newParticipantId(): number {
  return (randomBytes(4).readUInt32BE(0) >>> 1) || 1;
}

export function participantSecretHash(secret: string): string {
  return sha256Hex(secret);
}
