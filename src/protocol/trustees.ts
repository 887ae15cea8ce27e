// Trustees (spec 3.1.1, 4.5, 4.7): basic ("Single") keys with a proof of knowledge,
// threshold ("Pedersen") parameters, and how they combine into the election key.
import { mod, modInverse } from './bigint.ts';
import {
  decodeText,
  writeJson,
  writeTrusteePublicKey,
  zCertKeys,
  zRawCoefexps,
  type ThresholdParameters,
  type TrusteeKind,
  type TrusteePublicKey,
  type Trustees,
} from './codec.ts';
import { VerificationFailure } from '../kernel/errors.ts';
import type { Group } from './groups/index.ts';
import { sha256Hex } from './hash.ts';
import { randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';
import { pokPrefix, proveWithG, signaturePrefix, verifyWithG } from './schnorr.ts';

export interface TrusteeKeyPair {
  /** Short id belenios-tool uses in file names: 8 hex digits of SHA256(public key). */
  id: string;
  privateKey: bigint;
  publicKey: TrusteePublicKey;
}

/** trustee_public_key for a private key x: g^x and a proof of knowledge of x. */
export function trusteePublicKeyFor(group: Group, x: bigint, random: RandomBytes = secureRandomBytes): TrusteePublicKey {
  const X = group.powG(x);
  return { pok: proveWithG(group, x, pokPrefix(group, X), random), public_key: X };
}

export function generateTrusteeKey(group: Group, random: RandomBytes = secureRandomBytes): TrusteeKeyPair {
  const privateKey = randomBelow(group.q, random);
  const publicKey = trusteePublicKeyFor(group, privateKey, random);
  return { id: trusteeKeyId(publicKey.public_key), privateKey, publicKey };
}

export function trusteeKeyId(publicKey: bigint): string {
  return sha256Hex(publicKey.toString(10)).slice(0, 8).toUpperCase();
}

export function writeTrusteePublicKeyText(k: TrusteePublicKey): string {
  return writeJson(writeTrusteePublicKey(k));
}

/** Check a trustee_public_key: the key is a group element and the pok verifies. */
export function verifyTrusteePublicKey(group: Group, k: TrusteePublicKey): boolean {
  return group.isElement(k.public_key) && verifyWithG(group, k.public_key, k.pok, pokPrefix(group, k.public_key));
}

/** Verify a PKI signature (spec 4.6.1) with verification key vk. */
export function verifySignedMessage(group: Group, vk: bigint, message: string, signature: { challenge: bigint; response: bigint }): boolean {
  return verifyWithG(group, vk, signature, signaturePrefix(message));
}

export function certKeysOf(group: Group, certMessage: string, what: string) {
  const keys = decodeText(zCertKeys, certMessage, what);
  for (const [field, value] of [['verification', keys.verification], ['encryption', keys.encryption]] as const) {
    if (!group.isElement(value)) throw new VerificationFailure(`${what}: the ${field} key is not an element of the group`);
  }
  return keys;
}

export function coefexpsOf(group: Group, message: string, what: string): bigint[] {
  const values = decodeText(zRawCoefexps, message, what).coefexps;
  values.forEach((a, k) => {
    if (!group.isElement(a)) throw new VerificationFailure(`${what}: coefficient commitment ${k} is not an element of the group`);
  });
  return values;
}

/** Verification key of trustee j (1-based) from all commitments:
 * prod_i prod_k (A_ik)^(j^k)  (spec 4.6.6). */
export function verificationKeyOf(group: Group, coefexps: readonly (readonly bigint[])[], j: number): bigint {
  let vk = 1n;
  const jj = BigInt(j);
  for (const commitments of coefexps) {
    let power = 1n;
    for (const A of commitments) {
      vk = group.mul(vk, group.pow(A, power));
      power = mod(power * jj, group.q);
    }
  }
  return vk;
}

/** Check threshold parameters (belenios' check_pedersen); returns a failure
 * description or undefined when everything holds. */
export function checkThresholdParameters(group: Group, t: ThresholdParameters, label: string): string | undefined {
  const n = t.certs.length;
  if (n === 0) return `${label}: no certificates`;
  if (t.coefexps.length !== n) return `${label}: ${t.coefexps.length} coefficient commitments for ${n} certificates`;
  if (t.verification_keys.length !== n) return `${label}: ${t.verification_keys.length} verification keys for ${n} certificates`;
  const coefexps: bigint[][] = [];
  for (let i = 0; i < n; i++) {
    const cert = t.certs[i]!;
    let keys;
    try {
      keys = certKeysOf(group, cert.message, `${label} certificate ${i + 1}`);
    } catch (e) {
      return (e as Error).message;
    }
    if (!verifySignedMessage(group, keys.verification, cert.message, cert.signature)) {
      return `${label}: certificate ${i + 1} is not signed by its own verification key`;
    }
    const ce = t.coefexps[i]!;
    if (!verifySignedMessage(group, keys.verification, ce.message, ce.signature)) {
      return `${label}: coefficient commitments ${i + 1} are not signed by trustee ${i + 1}`;
    }
    try {
      coefexps.push(coefexpsOf(group, ce.message, `${label} coefficient commitments ${i + 1}`));
    } catch (e) {
      return (e as Error).message;
    }
  }
  const degree = coefexps[0]!.length;
  if (degree === 0 || coefexps.some((c) => c.length !== degree)) return `${label}: polynomials of different sizes`;
  if (t.threshold !== degree) return `${label}: threshold ${t.threshold} does not match polynomials of ${degree} coefficients`;
  for (let j = 0; j < n; j++) {
    const vk = t.verification_keys[j]!;
    if (!verifyTrusteePublicKey(group, vk)) return `${label}: verification key ${j + 1}: proof of knowledge does not verify`;
    if (vk.public_key !== verificationKeyOf(group, coefexps, j + 1)) {
      return `${label}: verification key ${j + 1} does not match the committed polynomials`;
    }
  }
  return undefined;
}

/** Sub-key of a Pedersen item: product of the constant-term commitments. */
export function thresholdSubKey(group: Group, t: ThresholdParameters): bigint {
  let y = 1n;
  t.coefexps.forEach((ce, i) => {
    const first = coefexpsOf(group, ce.message, `coefficient commitments ${i + 1}`)[0];
    if (first === undefined) throw new VerificationFailure(`coefficient commitments ${i + 1} are empty`);
    y = group.mul(y, first);
  });
  return y;
}

/** Election public key y = product of the sub-keys (spec 3.1.1). */
export function combineTrusteeKeys(group: Group, trustees: Trustees): bigint {
  let y = 1n;
  for (const t of trustees) y = group.mul(y, t[0] === 'Single' ? t[1].public_key : thresholdSubKey(group, t[1]));
  return y;
}

/** Check every trustee item; returns failure descriptions (empty when valid). */
export function checkTrustees(group: Group, trustees: Trustees): string[] {
  const failures: string[] = [];
  let owner = 1;
  trustees.forEach((t: TrusteeKind, index) => {
    if (t[0] === 'Single') {
      if (!verifyTrusteePublicKey(group, t[1])) failures.push(`trustee ${owner} (Single): proof of knowledge of the key does not verify`);
      owner++;
    } else {
      // the group is as large as its certificates say, whatever else was left out
      const failure = checkThresholdParameters(group, t[1], `trustee group ${index + 1} (Pedersen, trustees ${owner}-${owner + t[1].certs.length - 1})`);
      if (failure) failures.push(failure);
      owner += t[1].verification_keys.length;
    }
  });
  return failures;
}

/** Trustee public keys in "owner" order (1-based index = owner - 1). */
export function flattenTrusteeKeys(trustees: Trustees): TrusteePublicKey[] {
  return trustees.flatMap((t) => (t[0] === 'Single' ? [t[1]] : t[1].verification_keys));
}

/** Lagrange coefficient for index j among `indexes`, evaluated at 0 (spec 4.19). */
export function lagrangeCoefficient(group: Group, indexes: readonly number[], j: number): bigint {
  let l = 1n;
  for (const k of indexes) {
    if (k === j) continue;
    l = mod(l * BigInt(k) * modInverse(BigInt(k - j), group.q), group.q);
  }
  return l;
}
