// Non-homomorphic (ranked, graded) questions in Jirga's own code (spec 4.9.2, 4.11.2,
// 4.16, 4.17): the embedding of a vector of small integers into one group element, its
// encryption and proof, ballots mixing both kinds of question, their check and every
// way a changed NH answer is refused, the audit of an NH answer, and the verifier on
// boards with NH questions (open, tallied, decrypted without a shuffle, weighted).
// Beside belenios-tool: test/interop/nh-ballots.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeVector, embeddingOf, encodeVector, maxEmbeddedValues } from '../../src/protocol/answers-nh.ts';
import { ArchiveWriter } from '../../src/protocol/archive.ts';
import { auditBallot } from '../../src/protocol/audit.ts';
import { checkBallot, createBallot, signBallot, type PlaintextBallot } from '../../src/protocol/ballot.ts';
import { jacobi, modPow } from '../../src/protocol/bigint.ts';
import {
  decodeText,
  isAnswerH,
  writeBallot,
  writeEncryptedTally,
  writeJson,
  writeOwned,
  writePartialDecryption,
  writeSetupData,
  writeSizedEncryptedTally,
  writeTrustees,
  zBallot,
  type Ballot,
  type Template,
} from '../../src/protocol/codec.ts';
import { deriveCredentialSecret, generateCredentials, parseVoterLine } from '../../src/protocol/credentials.ts';
import { loadElection, makeElection, type ElectionContext } from '../../src/protocol/election.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { randomBelow } from '../../src/protocol/random.ts';
import { compareCiphertexts, encryptedTallyOf, partialDecryptionOf, type WeightedBallot } from '../../src/protocol/tally.ts';
import { generateTrusteeKey } from '../../src/protocol/trustees.ts';
import { verifyArchive } from '../../src/protocol/verify.ts';
import { InvalidRequest } from '../../src/kernel/errors.ts';

const G = getGroup('RFC-3526-2048');
const UUID = 'Jirga1NhTestUuid';

const TEMPLATE: Template = {
  description: 'Homomorphic and ranked questions in one election.',
  name: 'NH test',
  questions: [
    { answers: ['Yes', 'No'], min: 1, max: 1, question: 'Agree?' },
    { type: 'NonHomomorphic', value: { answers: ['A', 'B', 'C'], question: 'Rank them' }, extra: { method: 'Schulze', blank: false } },
  ],
};

const trustee = generateTrusteeKey(G);
const ctx: ElectionContext = loadElection(makeElection(TEMPLATE, UUID, G.name, [['Single', trustee.publicKey]]));
const creds = generateCredentials(G, UUID, ['a@x', 'b@x', 'c@x'].map(parseVoterLine));
const credential = (i: number) => creds.privateLines[i]!.split(' ').pop()!;

/** What a ballot's NH answer decrypts to with the election's only trustee key. */
function decrypted(b: Ballot, i: number, n: number): number[] {
  const a = b.answers[i]!;
  assert.ok(!isAnswerH(a));
  return decodeVector(G, n, G.div(a.choices.beta, G.pow(a.choices.alpha, trustee.privateKey)));
}

describe('the embedding of a vector of small integers (group_encode, group_decode)', () => {
  test('RFC-3526-2048 has belenios-tool\'s embedding: padding 8, bits_per_int 8; BELENIOS-2048 has none', () => {
    assert.deepEqual(embeddingOf(G), { padding: 8, bitsPerInt: 8 });
    assert.throws(() => embeddingOf(getGroup('BELENIOS-2048')), /group BELENIOS-2048 has no embedding parameters/);
    assert.equal(maxEmbeddedValues(G), 254);
  });

  test('values are packed 8 bits each, most significant first, then the smallest padding that lands in G', () => {
    for (const values of [[1, 2, 3], [0, 0, 0], [255, 0, 255, 7], [5], Array.from({ length: 254 }, (_, i) => i % 256)]) {
      const x = encodeVector(G, values);
      const packed = values.reduce((a, v) => (a << 8n) + BigInt(v), 0n) << 8n;
      assert.ok(x >= packed && x < packed + 256n, 'the padding is below 2^8');
      assert.ok(G.isElement(x), 'in G');
      for (let e = packed; e < x; e++) assert.ok(!G.isElement(e), 'no smaller padding is in G');
      assert.deepEqual(decodeVector(G, values.length, x), values);
    }
    assert.equal(encodeVector(G, [0, 0, 0]), 1n, '0 is not in G, 1 is');
  });

  test('a value outside 0..255, or too many values for one element, is refused rather than masked as belenios does', () => {
    for (const bad of [[256], [-1], [1.5]]) assert.throws(() => encodeVector(G, bad), InvalidRequest);
    assert.throws(() => encodeVector(G, new Array(255).fill(1)), /at most 254 values/);
  });

  test('membership in G by the Legendre symbol agrees with x^q = 1 (safe prime p = 2q + 1)', () => {
    assert.ok(G.safePrime);
    assert.ok(!getGroup('BELENIOS-2048').safePrime);
    const samples = [1n, 2n, 3n, G.p - 1n, G.p - 2n, G.g, ...Array.from({ length: 40 }, () => 1n + randomBelow(G.p - 1n))];
    for (const x of samples) assert.equal(G.isElement(x), modPow(x, G.q, G.p) === 1n, `x = ${x}`);
    for (const x of [0n, G.p, G.p + 4n, -4n]) assert.equal(G.isElement(x), false);
    // the Jacobi symbol itself on small numbers: squares modulo 11 are 1, 3, 4, 5, 9
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((a) => jacobi(BigInt(a), 11n)), [1, -1, 1, 1, 1, -1, -1, -1, 1, -1, 0]);
    assert.equal(jacobi(2n, 15n), 1);
    assert.equal(jacobi(7n, 15n), -1);
  });
});

describe('elections with non-homomorphic questions', () => {
  test('need a group with embedding parameters, and at most 254 answers per NH question', () => {
    const k = generateTrusteeKey(getGroup('BELENIOS-2048'));
    assert.throws(() => makeElection(TEMPLATE, UUID, 'BELENIOS-2048', [['Single', k.publicKey]]), /question 2 is non-homomorphic \(ranked or graded\): the election needs group RFC-3526-2048, not BELENIOS-2048/);
    const big: Template = { ...TEMPLATE, questions: [{ type: 'NonHomomorphic', value: { answers: Array.from({ length: 255 }, (_, i) => `c${i}`), question: 'Too many' } }] };
    assert.throws(() => makeElection(big, UUID, G.name, [['Single', trustee.publicKey]]), /at most 254 answers fit/);
  });

  test('election.json keeps the NH question as belenios writes it (type, value, extra)', () => {
    assert.match(ctx.raw, /"questions":\[\{"answers":\["Yes","No"\],"min":1,"max":1,"question":"Agree\?"\},\{"type":"NonHomomorphic","value":\{"answers":\["A","B","C"\],"question":"Rank them"\},"extra":\{"method":"Schulze","blank":false\}\}\]/);
    assert.match(ctx.raw, /"group":"RFC-3526-2048"/);
  });
});

describe('ballots with NH answers', () => {
  const plaintext: PlaintextBallot = [[0, 1], [2, 1, 3]];
  const made = createBallot(ctx, credential(0), plaintext);

  test('are made, pass the check, decrypt to the vector, and are written as belenios writes them', () => {
    const r = checkBallot(ctx, made.text);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(decrypted(made.ballot, 1, 3), [2, 1, 3]);
    const json = JSON.parse(made.text) as { answers: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(json.answers[1]!), ['choices', 'proof']);
    assert.deepEqual(Object.keys(json.answers[1]!.choices as object), ['alpha', 'beta']);
    assert.deepEqual(Object.keys(json.answers[1]!.proof as object), ['challenge', 'response']);
    assert.equal(made.randomness[1]!.length, 1);
  });

  test('refuse a wrong plaintext with a message naming the question', () => {
    assert.throws(() => createBallot(ctx, credential(0), [[0, 1], [1, 2]]), /question 2: expected 3 values \(one per answer\), got 2/);
    assert.throws(() => createBallot(ctx, credential(0), [[0, 1], [1, 2, 300]]), /question 2: every value must be a whole number from 0 to 255/);
  });

  const secret = deriveCredentialSecret(G, UUID, credential(0));
  const changed = (change: (b: Ballot) => void, resign = true): ReturnType<typeof checkBallot> => {
    const b = decodeText(zBallot, made.text, 'ballot');
    change(b);
    return checkBallot(ctx, writeJson(writeBallot(resign ? signBallot(ctx, { ...b, signature: undefined }, secret) : b)));
  };
  const nh = (b: Ballot) => {
    const a = b.answers[1]!;
    if (isAnswerH(a)) throw new Error('expected an NH answer');
    return a;
  };
  const PROOF = 'question 2: the proof that the ciphertext was made by its voter (proof of knowledge of its randomness) does not verify';

  test('a changed proof, ciphertext or another voter\'s answer is refused, re-signed or not', () => {
    const cases: [string, (b: Ballot) => void, string][] = [
      ['response + 1', (b) => void (nh(b).proof.response = (nh(b).proof.response + 1n) % G.q), PROOF],
      ['challenge + 1', (b) => void (nh(b).proof.challenge = (nh(b).proof.challenge + 1n) % G.q), PROOF],
      ['beta times g (another vector, same randomness)', (b) => void (nh(b).choices.beta = G.mul(nh(b).choices.beta, G.g)), PROOF],
      ['alpha and beta re-randomised', (b) => {
        const r = randomBelow(G.q);
        nh(b).choices = { alpha: G.mul(nh(b).choices.alpha, G.powG(r)), beta: G.mul(nh(b).choices.beta, G.pow(ctx.publicKey, r)) };
      }, PROOF],
      ['the answer of another voter\'s ballot (the proof names its credential)', (b) => void (b.answers[1] = decodeText(zBallot, createBallot(ctx, credential(1), plaintext).text, 'ballot').answers[1]!), PROOF],
    ];
    for (const [name, change, message] of cases) {
      const r = changed(change);
      assert.equal(r.ok ? 'accepted' : r.message, message, name);
      assert.equal(!r.ok && r.unusable, false, name);
      const unsigned = changed(change, false);
      assert.equal(unsigned.ok ? 'accepted' : unsigned.message, 'signature covers a different ballot (hash mismatch)', `${name}, not re-signed`);
    }
  });

  test('numbers out of range are unusable: a proof number not below q, alpha outside G', () => {
    const q = changed((b) => void (nh(b).proof.response += G.q));
    assert.equal(q.ok ? 'accepted' : q.message, 'a proof contains a number that is not below q');
    for (const [value, what] of [[G.p - 1n, 'of order 2'], [G.p, 'p itself']] as const) {
      const r = changed((b) => void (nh(b).choices.alpha = value));
      assert.equal(r.ok ? 'accepted' : r.message, 'question 2, choice 1: alpha is not an element of the group', what);
      assert.equal(!r.ok && r.unusable, true);
    }
    const beta = changed((b) => void (nh(b).choices.beta = G.p - nh(b).choices.beta));
    assert.equal(beta.ok ? 'accepted' : beta.message, 'question 2, choice 1: beta is not an element of the group');
  });

  test('an answer of the wrong kind for its question is refused, naming both kinds', () => {
    const swapped = changed((b) => void ([b.answers[0], b.answers[1]] = [b.answers[1]!, b.answers[0]!]));
    assert.equal(swapped.ok ? 'accepted' : swapped.message, 'question 1: the question is homomorphic but the answer is a non-homomorphic one (one ciphertext and a proof)');
    const list = changed((b) => void (b.answers[1] = b.answers[0]!));
    assert.equal(list.ok ? 'accepted' : list.message, 'question 2: the question is non-homomorphic (ranked or graded) but the answer is a homomorphic one (a list of choices)');
  });

  test('the cast-as-intended audit opens an NH answer and reads the vector back', () => {
    const r = auditBallot({ jirga: 'ballot-audit', version: 1, election: ctx.raw, ballot: made.text, randomness: made.randomness.map((rs) => rs.map(String)), choices: plaintext });
    assert.deepEqual(r, { ok: true, choices: plaintext, matchesClaim: true, tracker: made.tracker });
    const wrong = auditBallot({ jirga: 'ballot-audit', version: 1, election: ctx.raw, ballot: made.text, randomness: [made.randomness[0]!.map(String), ['12345']], choices: plaintext });
    assert.deepEqual(wrong, { ok: false, message: 'question 2: alpha is not g^r for the revealed r' });
  });
});

describe('the verifier on boards with NH questions', () => {
  const ballots = [0, 1, 2, 0].map((v, k) => createBallot(ctx, credential(v), [[1, 0], [k, 3 - k, 1]]));
  const counted: WeightedBallot[] = ballots.slice(1).map((b) => ({ ballot: b.ballot, weight: 1n }));

  function board(options: { close?: boolean; decrypt?: boolean; publicCredentials?: string[]; tally?: WeightedBallot[] } = {}): Uint8Array {
    const w = new ArchiveWriter(1700000000n);
    const eh = w.addData(ctx.raw);
    const th = w.addData(writeJson(writeTrustees([['Single', trustee.publicKey]])));
    const ch = w.addData(writeJson(options.publicCredentials ?? creds.publicCredentials));
    w.addEvent('Setup', w.addData(writeJson(writeSetupData({ election: eh, trustees: th, credentials: ch }))));
    for (const b of ballots) w.addEvent('Ballot', w.addData(b.text));
    if (options.close) {
      w.addEvent('EndBallots');
      const tallied = options.tally ?? counted;
      const tally = encryptedTallyOf(ctx, tallied);
      const tallyHash = w.addData(writeJson(writeEncryptedTally(tally)));
      const weight = tallied.reduce((a, b) => a + b.weight, 0n);
      w.addEvent('EncryptedTally', w.addData(writeJson(writeSizedEncryptedTally({ num_tallied: tallied.length, total_weight: weight, encrypted_tally: tallyHash }))));
      if (options.decrypt) {
        const pd = partialDecryptionOf(ctx, tally, trustee.privateKey);
        w.addEvent('PartialDecryption', w.addData(writeJson(writeOwned({ owner: 1, payload: w.addData(writeJson(writePartialDecryption(pd))) }))));
      }
    }
    return w.toBytes();
  }

  test('an open board verifies: every NH ballot checked, the last ballot per credential counted', async () => {
    const r = await verifyArchive(board());
    assert.equal(r.status, 'valid', r.conclusion);
    assert.equal(r.conclusion, `election ${UUID} is open; 4 ballot(s), 3 counted`);
  });

  test('a tallied board verifies; its NH ciphertexts are sorted as belenios sorts them and kept for the first shuffle', async () => {
    const r = await verifyArchive(board({ close: true }));
    assert.equal(r.status, 'valid', r.conclusion);
    assert.equal(r.phase, 'decrypting');
    const toShuffle = r.board!.toShuffle!;
    assert.equal(toShuffle.length, 1, 'one list: the one NH question');
    const expected = counted.map((c) => c.ballot.answers[1]!.choices).sort((a, b) => compareCiphertexts(a as never, b as never));
    assert.deepEqual(toShuffle[0], expected);
    assert.deepEqual(r.board!.tally![1], expected);
  });

  test('a published tally with the NH ciphertexts in casting order (not sorted) is not belenios\' tally', async () => {
    const cast = encryptedTallyOf(ctx, counted);
    const unsorted = counted.map((c) => c.ballot.answers[1]!.choices);
    if (unsorted.every((c, i) => c === cast[1]![i])) unsorted.reverse();
    const w = new ArchiveWriter(1700000000n);
    const eh = w.addData(ctx.raw);
    const th = w.addData(writeJson(writeTrustees([['Single', trustee.publicKey]])));
    const ch = w.addData(writeJson(creds.publicCredentials));
    w.addEvent('Setup', w.addData(writeJson(writeSetupData({ election: eh, trustees: th, credentials: ch }))));
    for (const b of ballots) w.addEvent('Ballot', w.addData(b.text));
    w.addEvent('EndBallots');
    const tallyHash = w.addData(writeJson(writeEncryptedTally([cast[0]!, unsorted as never])));
    w.addEvent('EncryptedTally', w.addData(writeJson(writeSizedEncryptedTally({ num_tallied: 3, total_weight: 3n, encrypted_tally: tallyHash }))));
    const r = await verifyArchive(w.toBytes());
    assert.equal(r.status, 'invalid');
    assert.equal(r.conclusion, 'encrypted tally: the published encrypted tally is not the product of the counted ballots');
  });

  test('trustees that decrypt NH ciphertexts before any shuffle: the board is invalid, the decryptions are not judged', async () => {
    const r = await verifyArchive(board({ close: true, decrypt: true }));
    assert.equal(r.status, 'invalid');
    const shuffles = r.checks.find((c) => c.name === 'shuffles')!;
    assert.equal(shuffles.status, 'failed');
    assert.equal(shuffles.code, 'shufflesMissing');
    assert.equal(r.checks.find((c) => c.name === 'partial decryptions')?.status, 'skipped');
  });

  test('a weighted ballot answering an NH question cannot be tallied (spec 4.16: its weight must be 1)', async () => {
    const weighted = counted.map((c, i) => ({ ...c, weight: i === 0 ? 2n : 1n }));
    assert.throws(() => encryptedTallyOf(ctx, weighted), /a counted ballot of weight 2 answers the non-homomorphic question 2, where every ballot must weigh 1/);
    const publicCredentials = creds.publicCredentials.map((c) => `${c},2`);
    const r = await verifyArchive(board({ close: true, publicCredentials, tally: counted }));
    const tally = r.checks.find((c) => c.name === 'encrypted tally')!;
    assert.equal(tally.status, 'failed');
    assert.equal(tally.code, 'tallyNHWeight');
    assert.equal(tally.detail, 'a counted ballot of weight 2 answers the non-homomorphic question 2, where every ballot must weigh 1');
  });

  test('an election naming a group without embedding for its NH question is refused', async () => {
    const k = generateTrusteeKey(getGroup('BELENIOS-2048'));
    const raw = makeElection({ ...TEMPLATE, questions: [TEMPLATE.questions[0]!] }, UUID, 'BELENIOS-2048', [['Single', k.publicKey]]).replace(
      '"questions":[',
      '"questions":[{"type":"NonHomomorphic","value":{"answers":["A","B"],"question":"Rank"}},',
    );
    const w = new ArchiveWriter(1700000000n);
    const eh = w.addData(raw);
    const th = w.addData(writeJson(writeTrustees([['Single', k.publicKey]])));
    const ch = w.addData('[]');
    w.addEvent('Setup', w.addData(writeJson(writeSetupData({ election: eh, trustees: th, credentials: ch }))));
    const r = await verifyArchive(w.toBytes());
    assert.equal(r.status, 'invalid');
    assert.equal(r.conclusion, 'election: the election has 1 non-homomorphic question(s), but its group BELENIOS-2048 has no embedding parameters to encode their answers (spec 4.10: such an election uses group RFC-3526-2048)');
  });
});
