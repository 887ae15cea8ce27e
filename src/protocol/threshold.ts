// The "Pedersen" threshold key-establishment protocol (spec 3.1.1, 4.6.4-4.6.7),
// step by step as belenios-tool runs it ("generate-trustee-key-threshold --step N").
// Trustees run steps 1, 3 and 5 with their seed; the server runs 2, 4 and 6.
import { mod } from './bigint.ts';
import {
  decodeText,
  writeJson,
  writePartialDecryptionKey,
  writeRawCoefexps,
  writeRawPolynomial,
  writeSecret,
  zPartialDecryptionKey,
  zRawPolynomial,
  zSecret,
  type Polynomial,
  type SignedMsg,
  type ThresholdParameters,
  type Vinput,
  type Voutput,
} from './codec.ts';
import { InvalidRequest, VerificationFailure } from '../kernel/errors.ts';
import type { Group } from './groups/index.ts';
import { sha256Hex } from './hash.ts';
import {
  deriveDecryptionKey,
  deriveSigningKey,
  generateSeed,
  makeCertificate,
  receiveFromChannel,
  sendOnChannel,
  sign,
} from './pki.ts';
import { randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';
import {
  certKeysOf,
  coefexpsOf,
  trusteePublicKeyFor,
  verificationKeyOf,
  verifySignedMessage,
  verifyTrusteePublicKey,
} from './trustees.ts';

/** Step 1 (trustee): a secret seed and the certificate of the derived keys. */
export function thresholdStep1(group: Group, random: RandomBytes = secureRandomBytes): { seed: string; cert: SignedMsg; id: string } {
  const seed = generateSeed(random);
  const cert = makeCertificate(group, seed, random);
  return { seed, cert, id: certificateId(cert) };
}

/** belenios-tool names files after SHA256 of the certificate's message. */
export function certificateId(cert: SignedMsg): string {
  return sha256Hex(cert.message);
}

/** Step 2 (anyone): every certificate is signed by its own verification key. */
export function thresholdStep2(group: Group, certs: readonly SignedMsg[]): void {
  certs.forEach((cert, i) => {
    const keys = certKeysOf(group, cert.message, `certificate ${i + 1}`);
    if (!verifySignedMessage(group, keys.verification, cert.message, cert.signature)) {
      throw new VerificationFailure(`certificate ${i + 1} does not validate`);
    }
  });
}

function findOwnIndex(group: Group, certs: readonly SignedMsg[], seed: string): { index: number; sk: bigint; dk: bigint; vk: bigint; ek: bigint } {
  const sk = deriveSigningKey(seed);
  const dk = deriveDecryptionKey(seed);
  const vk = group.powG(sk);
  const ek = group.powG(dk);
  const index = certs.findIndex((c, i) => {
    const keys = certKeysOf(group, c.message, `certificate ${i + 1}`);
    return keys.verification === vk && keys.encryption === ek;
  });
  if (index < 0) throw new InvalidRequest('could not find my certificate among the certificates (wrong key file?)');
  return { index, sk, dk, vk, ek };
}

function evalPolynomial(group: Group, coefficients: readonly bigint[], x: bigint): bigint {
  let result = 0n;
  let power = 1n;
  for (const a of coefficients) {
    result = mod(result + power * a, group.q);
    power = mod(power * x, group.q);
  }
  return result;
}

/** Step 3 (trustee): a random polynomial of `threshold` coefficients, sent encrypted
 * to itself, its commitments signed, and one share per trustee on private channels. */
export function thresholdStep3(
  group: Group,
  certs: readonly SignedMsg[],
  seed: string,
  threshold: number,
  random: RandomBytes = secureRandomBytes,
): Polynomial {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > certs.length) {
    throw new InvalidRequest(`the threshold must be between 1 and the number of trustees (${certs.length})`);
  }
  thresholdStep2(group, certs);
  const me = findOwnIndex(group, certs, seed);
  const coefficients = Array.from({ length: threshold }, () => randomBelow(group.q, random));
  const polynomial = sendOnChannel(group, me.sk, me.ek, writeJson(writeRawPolynomial(coefficients)), random);
  const coefexps = sign(group, me.sk, writeJson(writeRawCoefexps(coefficients.map((a) => group.powG(a)))), random);
  const secrets = certs.map((cert, j) => {
    const keys = certKeysOf(group, cert.message, `certificate ${j + 1}`);
    const share = evalPolynomial(group, coefficients, BigInt(j + 1));
    return sendOnChannel(group, me.sk, keys.encryption, writeJson(writeSecret(share)), random);
  });
  return { polynomial, secrets, coefexps };
}

function checkedCoefexps(group: Group, certs: readonly SignedMsg[], coefexps: readonly SignedMsg[]): bigint[][] {
  return coefexps.map((ce, i) => {
    const keys = certKeysOf(group, certs[i]!.message, `certificate ${i + 1}`);
    if (!verifySignedMessage(group, keys.verification, ce.message, ce.signature)) {
      throw new VerificationFailure(`coefexps ${i + 1} does not validate`);
    }
    return coefexpsOf(group, ce.message, `coefexps ${i + 1}`);
  });
}

/** Step 4 (server): route each trustee its shares (vinputs). */
export function thresholdStep4(group: Group, certs: readonly SignedMsg[], polynomials: readonly Polynomial[]): Vinput[] {
  thresholdStep2(group, certs);
  if (polynomials.length !== certs.length) {
    throw new InvalidRequest(`${polynomials.length} polynomials for ${certs.length} certificates`);
  }
  checkedCoefexps(group, certs, polynomials.map((p) => p.coefexps));
  return polynomials.map((p, j) => ({
    polynomial: p.polynomial,
    secrets: polynomials.map((pi, i) => {
      const s = pi.secrets[j];
      if (s === undefined) throw new InvalidRequest(`polynomial ${i + 1} has no share for trustee ${j + 1}`);
      return s;
    }),
    coefexps: polynomials.map((pi) => pi.coefexps),
  }));
}

/** Step 5 (trustee): check every share against the commitments, sum them into the
 * trustee's decryption key, prove knowledge of it and keep it encrypted to itself. */
export function thresholdStep5(
  group: Group,
  certs: readonly SignedMsg[],
  seed: string,
  vinput: Vinput,
  random: RandomBytes = secureRandomBytes,
): Voutput {
  thresholdStep2(group, certs);
  const me = findOwnIndex(group, certs, seed);
  const n = certs.length;
  const own = receiveFromChannel(group, me.dk, me.vk, vinput.polynomial, 'my polynomial');
  const threshold = decodeText(zRawPolynomial, own, 'my polynomial').polynomial.length;
  if (vinput.secrets.length !== n || vinput.coefexps.length !== n) throw new InvalidRequest('vinput does not match the number of trustees');
  const coefexps = checkedCoefexps(group, certs, vinput.coefexps);
  const j = BigInt(me.index + 1);
  let key = 0n;
  for (let i = 0; i < n; i++) {
    const senderVk = certKeysOf(group, certs[i]!.message, `certificate ${i + 1}`).verification;
    const share = decodeText(zSecret, receiveFromChannel(group, me.dk, senderVk, vinput.secrets[i]!, `secret ${i + 1}`), `secret ${i + 1}`).secret;
    const commitments = coefexps[i]!;
    if (commitments.length !== threshold) throw new VerificationFailure(`coefexps ${i + 1} has the wrong size`);
    let expected = 1n;
    let power = 1n;
    for (const A of commitments) {
      expected = group.mul(expected, group.pow(A, power));
      power = mod(power * j, group.q);
    }
    if (group.powG(share) !== expected) throw new VerificationFailure(`secret ${i + 1} does not validate`);
    key += share;
  }
  key = mod(key, group.q);
  return {
    private_key: sendOnChannel(group, me.sk, me.ek, writeJson(writePartialDecryptionKey(key)), random),
    public_key: trusteePublicKeyFor(group, key, random),
  };
}

/** Step 6 (server): check all voutputs and assemble the threshold parameters. */
export function thresholdStep6(
  group: Group,
  certs: readonly SignedMsg[],
  polynomials: readonly Polynomial[],
  voutputs: readonly Voutput[],
): ThresholdParameters {
  thresholdStep2(group, certs);
  const n = certs.length;
  if (polynomials.length !== n || voutputs.length !== n) throw new InvalidRequest('polynomials and voutputs must match the certificates');
  const coefexps = checkedCoefexps(group, certs, polynomials.map((p) => p.coefexps));
  voutputs.forEach((v, j) => {
    if (!verifyTrusteePublicKey(group, v.public_key)) throw new VerificationFailure(`pok ${j + 1} does not validate`);
    if (v.public_key.public_key !== verificationKeyOf(group, coefexps, j + 1)) {
      throw new VerificationFailure(`verification key ${j + 1} is incorrect`);
    }
  });
  return {
    threshold: coefexps[0]!.length,
    certs: [...certs],
    coefexps: polynomials.map((p) => p.coefexps),
    verification_keys: voutputs.map((v) => v.public_key),
  };
}

/** A threshold trustee recovers its decryption key from its seed and .dkey. */
export function recoverThresholdKey(group: Group, seed: string, encryptedKey: string): bigint {
  const dk = deriveDecryptionKey(seed);
  const vk = group.powG(deriveSigningKey(seed));
  const text = receiveFromChannel(group, dk, vk, encryptedKey, 'decryption key');
  return decodeText(zPartialDecryptionKey, text, 'decryption key').decryption_key;
}
