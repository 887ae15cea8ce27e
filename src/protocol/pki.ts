// The trustees' own public-key infrastructure for threshold key establishment
// (spec 4.6.1-4.6.3): keys derived from a secret seed, Schnorr signatures over
// strings, ElGamal + AES-CCM encryption, and signed, addressed channel messages.
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { bigIntFromHex } from './bigint.ts';
import { ccmDecrypt, ccmEncrypt } from './ccm.ts';
import {
  decodeText,
  writeCertKeys,
  writeChannelMsg,
  writeEncryptedMsg,
  writeJson,
  writeSignedMsg,
  zChannelMsg,
  zEncryptedMsg,
  zSignedMsg,
  type EncryptedMsg,
  type SignedMsg,
} from './codec.ts';
import { UnusableInput, VerificationFailure } from '../kernel/errors.ts';
import type { Group } from './groups/index.ts';
import { sha256Hex } from './hash.ts';
import { randomBase58String, randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';
import { proveWithG, signaturePrefix } from './schnorr.ts';
import { verifySignedMessage } from './trustees.ts';

export const SEED_LENGTH = 22;

export function generateSeed(random: RandomBytes = secureRandomBytes): string {
  return randomBase58String(SEED_LENGTH, random);
}

/** sk = SHA256("sk|" + seed) read as a number (not reduced, as belenios). */
export function deriveSigningKey(seed: string): bigint {
  return bigIntFromHex(sha256Hex('sk|' + seed));
}

export function deriveDecryptionKey(seed: string): bigint {
  return bigIntFromHex(sha256Hex('dk|' + seed));
}

export function sign(group: Group, sk: bigint, message: string, random: RandomBytes = secureRandomBytes): SignedMsg {
  return { message, signature: proveWithG(group, sk, signaturePrefix(message), random) };
}

export function encrypt(group: Group, recipient: bigint, plaintext: string, random: RandomBytes = secureRandomBytes): EncryptedMsg {
  const r = randomBelow(group.q, random);
  const sessionKey = group.powG(randomBelow(group.q, random));
  const alpha = group.powG(r);
  const beta = group.mul(group.pow(recipient, r), sessionKey);
  const key = hexToBytes(sha256Hex('key|' + sessionKey.toString(10)));
  const iv = hexToBytes(sha256Hex('iv|' + alpha.toString(10)));
  return { alpha, beta, data: bytesToHex(ccmEncrypt(key, iv, utf8ToBytes(plaintext))) };
}

export function decrypt(group: Group, dk: bigint, message: EncryptedMsg): string {
  const sessionKey = group.div(message.beta, group.pow(message.alpha, dk));
  const key = hexToBytes(sha256Hex('key|' + sessionKey.toString(10)));
  const iv = hexToBytes(sha256Hex('iv|' + message.alpha.toString(10)));
  const plaintext = ccmDecrypt(key, iv, hexToBytes(message.data));
  return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
}

/** The serialised cert_keys signed by the verification key (spec 4.6.2). */
export function makeCertificate(group: Group, seed: string, random: RandomBytes = secureRandomBytes): SignedMsg {
  const sk = deriveSigningKey(seed);
  const keys = { verification: group.powG(sk), encryption: group.powG(deriveDecryptionKey(seed)) };
  return sign(group, sk, writeJson(writeCertKeys(keys)), random);
}

/** send(sk, recipient, message) (spec 4.6.3): channel_msg, signed, then encrypted. */
export function sendOnChannel(group: Group, sk: bigint, recipient: bigint, message: string, random: RandomBytes = secureRandomBytes): string {
  const channel = writeJson(writeChannelMsg({ recipient, message }));
  const signed = writeJson(writeSignedMsg(sign(group, sk, channel, random)));
  return writeJson(writeEncryptedMsg(encrypt(group, recipient, signed, random)));
}

/** Receive with decryption key dk a message that `senderVk` must have signed. */
export function receiveFromChannel(group: Group, dk: bigint, senderVk: bigint, sent: string, what: string): string {
  const encrypted = decodeText(zEncryptedMsg, sent, what);
  let signedText: string;
  try {
    signedText = decrypt(group, dk, encrypted);
  } catch (e) {
    throw new UnusableInput(`${what}: cannot be decrypted with this key (${(e as Error).message})`);
  }
  const signed = decodeText(zSignedMsg, signedText, what);
  if (!verifySignedMessage(group, senderVk, signed.message, signed.signature)) {
    throw new VerificationFailure(`${what}: invalid signature on received message`);
  }
  const channel = decodeText(zChannelMsg, signed.message, what);
  if (channel.recipient !== group.powG(dk)) throw new VerificationFailure(`${what}: message was addressed to someone else`);
  return channel.message;
}
