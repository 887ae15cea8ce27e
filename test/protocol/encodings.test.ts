// Property tests for encodings: JSON as belenios writes it, Base64Compact,
// credentials (both formats, checksum), codecs, the tar archive and AES-CCM.
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertProperty } from '../helpers/property.ts';
import { ArchiveWriter, parseArchive } from '../../src/protocol/archive.ts';
import { ccmDecrypt, ccmEncrypt } from '../../src/protocol/ccm.ts';
import { decodeText, writeBallot, writeJson, writeWeight, zBallot, zNumber, zWeight, decodeValue } from '../../src/protocol/codec.ts';
import { deriveCredentialSecret, generateSecretCredential, isValidSecretCredential, parsePublicCredential, stripCredentialId } from '../../src/protocol/credentials.ts';
import { UnusableInput } from '../../src/kernel/errors.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { base64Compact, sha256Hex } from '../../src/protocol/hash.ts';
import { quoteJsonString } from '../../src/protocol/json.ts';
import { BASE58_DIGITS } from '../../src/protocol/random.ts';

describe('JSON as belenios writes it', () => {
  test('strings: JSON.stringify except DEL, which yojson escapes; always parses back', () => {
    assertProperty(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const q = quoteJsonString(s);
        assert.equal(JSON.parse(q), s);
        assert.equal(q, JSON.stringify(s).replaceAll('\u007f', '\\u007f'));
      }),
      500,
    );
  });
  test('numbers are base-10 strings with no sign or leading zero', () => {
    assertProperty(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 2100n }), (n) => {
        assert.equal(decodeValue(zNumber, JSON.parse(writeJson(n)), 'n'), n);
      }),
      100,
    );
    for (const bad of ['-1', '+1', '01', '0x10', '1e3', ' 1', '', '1.0']) {
      assert.throws(() => decodeValue(zNumber, bad, 'n'), UnusableInput, bad);
    }
    assert.throws(() => decodeValue(zNumber, 12, 'n'), UnusableInput);
  });
  test('weights are JSON integers up to 2^30-1 and strings above, as atdgen writes them', () => {
    assertProperty(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n }), (w) => {
        const text = writeJson(writeWeight(w));
        assert.equal(text.startsWith('"'), w > 1073741823n);
        assert.equal(decodeValue(zWeight, JSON.parse(text), 'w'), w);
      }),
      100,
    );
  });
  test('Base64Compact is standard base64 without padding', () => {
    assertProperty(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        assert.equal(base64Compact(bytes), Buffer.from(bytes).toString('base64').replace(/=+$/, ''));
      }),
      100,
    );
  });
});

describe('credentials (spec 4.8)', () => {
  const G = getGroup('BELENIOS-2048');
  test('generated credentials are valid in both formats', () => {
    assertProperty(
      fc.property(fc.constant(null), () => {
        const c = generateSecretCredential();
        assert.match(c, /^[1-9A-HJ-NP-Za-km-z]{3}(-[1-9A-HJ-NP-Za-km-z]{3}){4}$/);
        assert.ok(isValidSecretCredential(c));
        assert.ok(isValidSecretCredential(c.replaceAll('-', '')));
      }),
      50,
    );
  });
  test('the checksum catches every single-character substitution except by a multiple of 53', () => {
    assertProperty(
      fc.property(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 57 }), (position, shift) => {
        const raw = generateSecretCredential().replaceAll('-', '');
        const digit = BASE58_DIGITS.indexOf(raw[position]!);
        const changed = raw.slice(0, position) + BASE58_DIGITS[(digit + shift) % 58] + raw.slice(position + 1);
        const delta = Math.abs(((digit + shift) % 58) - digit);
        assert.equal(isValidSecretCredential(changed), delta % 53 === 0);
      }),
      300,
    );
  });
  test('malformed credentials are refused before any derivation', () => {
    for (const bad of ['', 'abc', 'XXX-XXX-XXX-XXX-XX0', '123-456-789-abc-de', '12345678901234O']) assert.ok(!isValidSecretCredential(bad), bad);
    assert.throws(() => deriveCredentialSecret(G, 'Jirga1TestUuid2', 'not-a-credential'));
  });
  test('public credentials parse with optional weights; ids are stripped as belenios does', () => {
    assert.deepEqual(parsePublicCredential('123'), { key: 123n, weight: 1n });
    assert.deepEqual(parsePublicCredential('123,7'), { key: 123n, weight: 7n });
    assert.throws(() => parsePublicCredential('123,-7'), UnusableInput);
    assert.throws(() => parsePublicCredential('1,2,3'), UnusableInput);
    assert.equal(stripCredentialId('123,,alice'), '123');
    assert.equal(stripCredentialId('123,4,alice'), '123,4');
    assert.equal(stripCredentialId('123,4'), '123,4');
  });
});

describe('codecs', () => {
  const arbNumber = fc.bigInt({ min: 0n, max: 2n ** 2048n });
  const arbProof = fc.record({ challenge: arbNumber, response: arbNumber });
  const arbBallot = fc.record({
    election_uuid: fc.constant('Jirga1TestUuid2'),
    election_hash: fc.base64String(),
    credential: arbNumber,
    answers: fc.array(
      fc.record(
        {
          choices: fc.array(fc.record({ alpha: arbNumber, beta: arbNumber }), { maxLength: 3 }),
          individual_proofs: fc.array(fc.array(arbProof, { maxLength: 2 }), { maxLength: 3 }),
          overall_proof: fc.array(arbProof, { maxLength: 3 }),
          blank_proof: fc.array(arbProof, { maxLength: 2 }),
        },
        { requiredKeys: ['choices', 'individual_proofs', 'overall_proof'] },
      ),
      { maxLength: 2 },
    ),
    signature: fc.record({ hash: fc.base64String(), proof: arbProof }),
  });
  test('ballots: write, read, write gives the same bytes', () => {
    assertProperty(
      fc.property(arbBallot, (b) => {
        const text = writeJson(writeBallot(b));
        assert.equal(writeJson(writeBallot(decodeText(zBallot, text, 'ballot'))), text);
      }),
      100,
    );
  });
  test('decoding names the field that is wrong', () => {
    assert.throws(() => decodeText(zBallot, '{"election_uuid":"Jirga1TestUuid2"}', 'ballot'), /ballot: election_hash/);
    assert.throws(() => decodeText(zBallot, '{not json', 'ballot'), /ballot is not valid JSON/);
  });
});

describe('the .bel tar archive', () => {
  test('records written are read back in order with their hashes', () => {
    assertProperty(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 1500 }), { maxLength: 6 }), fc.bigInt({ min: 0n, max: 2n ** 33n - 1n }), (texts, ts) => {
        const w = new ArchiveWriter(ts);
        for (const t of texts) w.addData(t);
        w.addEvent('Setup', texts.length ? sha256Hex(texts[texts.length - 1]!) : undefined);
        const bytes = w.toBytes();
        assert.equal(bytes.length % 512, 0);
        const parsed = parseArchive(bytes);
        assert.equal(parsed.timestamp, ts);
        assert.deepEqual(parsed.records.slice(0, texts.length).map((r) => r.text), texts);
        for (const r of parsed.records) assert.equal(r.hash, sha256Hex(r.text));
      }),
      60,
    );
  });
  test('truncated or oversized archives are unusable, with a reason', () => {
    const w = new ArchiveWriter(1n);
    w.addData('x'.repeat(700));
    w.addEvent('Setup');
    const bytes = w.toBytes();
    assert.throws(() => parseArchive(bytes.subarray(0, bytes.length - 512)), /truncated/);
    assert.throws(() => parseArchive(bytes.subarray(0, 700)), /truncated/);
    assert.throws(() => parseArchive(bytes, 1000), /more than the limit/);
    assert.throws(() => parseArchive(new Uint8Array(1024)), /not a Belenios archive/);
    const header = bytes.subarray(0, 1024);
    assert.throws(() => parseArchive(new Uint8Array([...header, ...new Uint8Array(512)])), /empty tar header/);
    assert.throws(() => parseArchive(new Uint8Array(0)), /empty/);
  });
});

describe('AES-CCM of the trustees channels', () => {
  test('equals OpenSSL aes-256-ccm with an 8-byte tag, and detects any change', () => {
    assertProperty(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.integer({ min: 0, max: 10_000 }), (plaintext, flip) => {
        const key = randomBytes(32);
        const iv = randomBytes(32);
        const ours = ccmEncrypt(key, iv, plaintext);
        const c = createCipheriv('aes-256-ccm', key, iv.subarray(0, 13), { authTagLength: 8 });
        c.setAAD(Buffer.alloc(0), { plaintextLength: plaintext.length });
        assert.deepEqual(Buffer.from(ours), Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]));
        assert.deepEqual(Buffer.from(ccmDecrypt(key, iv, ours)), Buffer.from(plaintext));
        const altered = Uint8Array.from(ours);
        altered[flip % altered.length]! ^= 1;
        assert.throws(() => ccmDecrypt(key, iv, altered), UnusableInput);
      }),
      60,
    );
  });
});
