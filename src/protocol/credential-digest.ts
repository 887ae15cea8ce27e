// Not part of Belenios: a compact stand-in for public_creds.json, so that the voting
// booth can check a typed credential against the election's list without downloading
// it whole (617 decimal digits per voter in BELENIOS-2048: 62 MB for 100,000 voters).
// Each entry is the first 9 bytes of SHA-256 of one public credential as published
// (its decimal text, without the weight), in Base64Compact: 12 characters. Anyone can
// recompute the list from the archive; a chance match of a credential not on it is
// about n / 2^72.
import { base64Compact, sha256Bytes } from './hash.ts';

export function credentialDigest(publicCredential: string): string {
  return base64Compact(sha256Bytes(publicCredential).slice(0, 9));
}

/** The digests of public_creds.json ("key" or "key,weight" strings), sorted. */
export function credentialDigests(publicCredentialsJson: string): string[] {
  return (JSON.parse(publicCredentialsJson) as string[]).map((c) => credentialDigest(c.split(',')[0]!)).sort();
}
