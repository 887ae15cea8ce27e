// AES-256 in CCM mode (NIST SP 800-38C / RFC 3610) as belenios uses it for the
// trustees' private channels (spec 4.6.1): 8-byte tag, no associated data, the
// nonce taken from the first 15 - L bytes of a 32-byte IV, where L (the size of the
// length field) is the smallest of 2..4 bytes that holds the message length.
// Built from @noble/ciphers' AES modes: CBC (zero IV) for the MAC, CTR for the data.
import { cbc, ctr } from '@noble/ciphers/aes.js';
import { UnusableInput } from '../kernel/errors.ts';

const TAG_LENGTH = 8;

function lengthFieldSize(messageLength: number): number {
  let l = 2;
  while (l < 4 && messageLength >= 2 ** (8 * l)) l++;
  return l;
}

function counterBlock(nonce: Uint8Array, l: number, counter: number): Uint8Array {
  const block = new Uint8Array(16);
  block[0] = l - 1;
  block.set(nonce, 1);
  for (let i = 0; i < l; i++) block[15 - i] = (counter / 2 ** (8 * i)) & 0xff;
  return block;
}

/** CBC-MAC over B0 || message (zero-padded), truncated to the tag length. */
function cbcMac(key: Uint8Array, nonce: Uint8Array, l: number, message: Uint8Array): Uint8Array {
  const padded = new Uint8Array(16 + Math.ceil(message.length / 16) * 16);
  padded[0] = (((TAG_LENGTH - 2) / 2) << 3) | (l - 1);
  padded.set(nonce, 1);
  for (let i = 0; i < l; i++) padded[15 - i] = (message.length / 2 ** (8 * i)) & 0xff;
  padded.set(message, 16);
  const chain = cbc(key, new Uint8Array(16), { disablePadding: true }).encrypt(padded);
  return chain.subarray(chain.length - 16, chain.length - 16 + TAG_LENGTH);
}

/** Counter-mode keystream starting at counter block `first` (0 encrypts the tag). */
function ctrTransform(key: Uint8Array, nonce: Uint8Array, l: number, first: number, data: Uint8Array): Uint8Array {
  return ctr(key, counterBlock(nonce, l, first)).encrypt(data);
}

export function ccmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const l = lengthFieldSize(plaintext.length);
  const nonce = iv.subarray(0, 15 - l);
  const tag = ctrTransform(key, nonce, l, 0, cbcMac(key, nonce, l, plaintext));
  const out = new Uint8Array(plaintext.length + TAG_LENGTH);
  out.set(ctrTransform(key, nonce, l, 1, plaintext));
  out.set(tag, plaintext.length);
  return out;
}

export function ccmDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  if (ciphertext.length < TAG_LENGTH) throw new UnusableInput('encrypted message is shorter than its tag');
  const length = ciphertext.length - TAG_LENGTH;
  const l = lengthFieldSize(length);
  const nonce = iv.subarray(0, 15 - l);
  const plaintext = ctrTransform(key, nonce, l, 1, ciphertext.subarray(0, length));
  const expected = ctrTransform(key, nonce, l, 0, cbcMac(key, nonce, l, plaintext));
  let diff = 0;
  for (let i = 0; i < TAG_LENGTH; i++) diff |= ciphertext[length + i]! ^ expected[i]!;
  if (diff !== 0) throw new UnusableInput('encrypted message does not authenticate (wrong key or altered data)');
  return plaintext;
}
