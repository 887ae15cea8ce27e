// The credential authority's side of Belenios (spec 3.1 steps 3-6, 4.8).
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { bigIntFromBytes, NATURAL_DECIMAL } from './bigint.ts';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';
import type { Group } from './groups/index.ts';
import { sha256B64 } from './hash.ts';
import { writeJson } from './json.ts';
import { BASE58_DIGITS, randomBase58Digits, secureRandomBytes, type RandomBytes } from './random.ts';

const TOKEN_LENGTH = 14;

function checksumDigit(digits: readonly number[]): number {
  let value = 0n;
  for (const d of digits) value = value * 58n + BigInt(d);
  return 53 - Number(value % 53n);
}

/** A fresh secret credential "XXX-XXX-XXX-XXX-XXX": 14 random base-58 characters
 * and a checksum character (spec 4.8). */
export function generateSecretCredential(random: RandomBytes = secureRandomBytes): string {
  const digits = randomBase58Digits(TOKEN_LENGTH, random);
  const raw = digits.map((d) => BASE58_DIGITS[d]!).join('') + BASE58_DIGITS[checksumDigit(digits)]!;
  return [0, 3, 6, 9, 12].map((i) => raw.slice(i, i + 3)).join('-');
}

function rawChecksumOk(raw: string): boolean {
  let value = 0n;
  for (let i = 0; i < TOKEN_LENGTH; i++) {
    const d = BASE58_DIGITS.indexOf(raw[i]!);
    if (d < 0) return false;
    value = value * 58n + BigInt(d);
  }
  const c = BASE58_DIGITS.indexOf(raw[TOKEN_LENGTH]!);
  return c >= 0 && (value + BigInt(c)) % 53n === 0n;
}

/** Both formats of spec 4.8: 15 characters, or five groups of three joined by '-'. */
export function isValidSecretCredential(text: string): boolean {
  if (text.length === TOKEN_LENGTH + 1) return rawChecksumOk(text);
  if (text.length === TOKEN_LENGTH + 5 && /^...-...-...-...-...$/.test(text)) {
    return rawChecksumOk(text.replaceAll('-', ''));
  }
  return false;
}

/** secret(c): PBKDF2-HMAC-SHA256(password = c as written, salt = uuid, 1000
 * iterations, one 32-byte block) mod q. The dashes are part of the password. */
export function deriveCredentialSecret(group: Group, uuid: string, credential: string): bigint {
  if (!isValidSecretCredential(credential)) {
    throw new InvalidRequest('this is not a valid secret credential (wrong length, character or checksum)');
  }
  const derived = pbkdf2(sha256, utf8ToBytes(credential), utf8ToBytes(uuid), { c: 1000, dkLen: 32 });
  return bigIntFromBytes(derived) % group.q;
}

export function derivePublicCredential(group: Group, uuid: string, credential: string): bigint {
  return group.powG(deriveCredentialSecret(group, uuid, credential));
}

export interface PublicCredential {
  key: bigint;
  weight: bigint;
}

/** "key" or "key,weight" as it appears in the archive's public_credentials. */
export function parsePublicCredential(text: string): PublicCredential {
  const parts = text.split(',');
  if (parts.length > 2) throw new UnusableInput(`public credential "${text.slice(0, 40)}…" has more than one comma`);
  const [key, weight] = parts as [string, string | undefined];
  if (!NATURAL_DECIMAL.test(key)) throw new UnusableInput('a public credential must be a base-10 number');
  if (weight !== undefined && !NATURAL_DECIMAL.test(weight)) {
    throw new UnusableInput(`the weight of a public credential must be a natural number, not "${weight}"`);
  }
  return { key: BigInt(key), weight: weight === undefined ? 1n : BigInt(weight) };
}

/** One line of the voter list, as belenios-tool reads it: "address[,login[,weight]]". */
export interface VoterIdentity {
  line: string;
  login: string;
  weight?: bigint;
}

export function parseVoterLine(line: string): VoterIdentity {
  const parts = line.split(',');
  if (parts.length > 3 || parts[0] === '') {
    throw new InvalidRequest(`voter line "${line}" must be "address", "address,login" or "address,login,weight"`);
  }
  const [address, login, weight] = parts as [string, string | undefined, string | undefined];
  const identity: VoterIdentity = { line, login: login ? login : address };
  if (weight !== undefined) {
    if (!NATURAL_DECIMAL.test(weight)) throw new InvalidRequest(`voter line "${line}": the weight must be a natural number`);
    identity.weight = BigInt(weight);
  }
  return identity;
}

export interface GeneratedCredentials {
  /** "line credential" per voter, in input order: goes to voters, never to the server. */
  privateLines: string[];
  /** What the server publishes: "key" or "key,weight", sorted by key. */
  publicCredentials: string[];
  /** Same, with the voter's login appended, as belenios-tool's .pubcreds file. */
  publicWithIds: string[];
  /** SHA-256 (Base64Compact) of the published list: printed for the authority to
   * compare with what the election shows. */
  fingerprint: string;
}

/** Generate credentials for a voter list (spec 3.1 step 3). Weights are written
 * only if some voter has an explicit one, as belenios-tool does. Public
 * credentials are sorted by value, which also unlinks them from the list order. */
export function generateCredentials(
  group: Group,
  uuid: string,
  voters: readonly VoterIdentity[],
  random: RandomBytes = secureRandomBytes,
  onProgress?: (done: number) => void,
): GeneratedCredentials {
  if (voters.length === 0) throw new InvalidRequest('the voter list is empty');
  const explicitWeights = voters.some((v) => v.weight !== undefined);
  const privateLines: string[] = [];
  const entries = new Map<bigint, { weight: bigint; login: string }>();
  for (const v of voters) {
    let credential: string;
    let key: bigint;
    do {
      credential = generateSecretCredential(random);
      key = derivePublicCredential(group, uuid, credential);
    } while (entries.has(key)); // astronomically unlikely, but keys must be distinct
    privateLines.push(`${v.line} ${credential}`);
    entries.set(key, { weight: v.weight ?? 1n, login: v.login });
    if (onProgress && privateLines.length % 25 === 0) onProgress(privateLines.length);
  }
  const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const publicCredentials = sorted.map(([k, v]) => (explicitWeights ? `${k},${v.weight}` : `${k}`));
  const publicWithIds = sorted.map(([k, v]) => (explicitWeights ? `${k},${v.weight},${v.login}` : `${k},,${v.login}`));
  return { privateLines, publicCredentials, publicWithIds, fingerprint: publicCredentialsFingerprint(publicCredentials) };
}

export function publicCredentialsFingerprint(publicCredentials: readonly string[]): string {
  return sha256B64(writeJson(publicCredentials));
}

/** Drop the voter login from a .pubcreds line (belenios' strip_cred). */
export function stripCredentialId(line: string): string {
  const parts = line.split(',');
  if (parts.length <= 2) return line;
  if (parts.length === 3) return parts[1] === '' ? parts[0]! : `${parts[0]},${parts[1]}`;
  throw new UnusableInput(`invalid line in public credentials: ${line.slice(0, 60)}`);
}
