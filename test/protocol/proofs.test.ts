// Property tests for every proof: honest proofs verify; any changed field fails, and
// the failure names the proof or field that was changed. Seeded from
// JIRGA_PROPERTY_SEED (test/helpers/property.ts); the seed is printed on failure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkBallot, createBallot, signBallot, type PlaintextBallot } from '../../src/protocol/ballot.ts';
import { writeBallot, writeJson, writeTrustees, type EncryptedTally, type QuestionH, type Template, type ThresholdParameters, type Trustees, type BallotH, asBallotH } from '../../src/protocol/codec.ts';
import { deriveCredentialSecret, generateSecretCredential } from '../../src/protocol/credentials.ts';
import { loadElection, makeElection, type ElectionContext } from '../../src/protocol/election.ts';
import { InvalidRequest, VerificationFailure } from '../../src/kernel/errors.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { decrypt, encrypt, makeCertificate, sign } from '../../src/protocol/pki.ts';
import { pokPrefix, verifyWithG } from '../../src/protocol/schnorr.ts';
import { combineDecryptionFactors, encryptedTallyOf, partialDecryptionOf, partialDecryptionProblem, resultOf } from '../../src/protocol/tally.ts';
import { recoverThresholdKey, thresholdStep1, thresholdStep3, thresholdStep4, thresholdStep5, thresholdStep6 } from '../../src/protocol/threshold.ts';
import { checkThresholdParameters, checkTrustees, generateTrusteeKey, verifySignedMessage, verifyTrusteePublicKey } from '../../src/protocol/trustees.ts';
import { registerOpensslEngine } from '../../src/node/openssl-engine.ts';
import { assertProperty } from '../helpers/property.ts';

// Long exponentiations through OpenSSL, as the CLI and the server run them: the
// properties below run hundreds of cases within the CI time. The engine returns the
// same numbers as BigInt (test/protocol/openssl-engine.test.ts); the browser's BigInt
// path runs in the ballot audit, archive and browser tests.
registerOpensslEngine();

const G = getGroup('BELENIOS-2048');
const UUID = 'Jirga1TestUuid2';
const bump = (x: bigint, delta: bigint) => (x + delta) % G.q;
const arbDelta = fc.bigInt({ min: 1n, max: G.q - 1n });
/** Proof properties run at least this many cases (issue 13). */
const PROOF_RUNS = 100;

describe('proof of knowledge of a trustee key (spec 4.5)', () => {
  test('honest keys verify; a changed challenge, response or key fails the proof of knowledge', () => {
    assertProperty(
      fc.property(arbDelta, fc.constantFrom('challenge', 'response', 'public key'), (delta, field) => {
        const { publicKey } = generateTrusteeKey(G);
        assert.ok(verifyTrusteePublicKey(G, publicKey));
        assert.deepEqual(checkTrustees(G, [['Single', publicKey]]), []);
        const k = structuredClone(publicKey);
        if (field === 'challenge') k.pok.challenge = bump(k.pok.challenge, delta);
        if (field === 'response') k.pok.response = bump(k.pok.response, delta);
        if (field === 'public key') k.public_key = G.mul(k.public_key, G.powG(delta));
        assert.ok(!verifyTrusteePublicKey(G, k));
        assert.deepEqual(checkTrustees(G, [['Single', publicKey], ['Single', k]]), ['trustee 2 (Single): proof of knowledge of the key does not verify']);
      }),
      PROOF_RUNS,
    );
  });
  test('the proof is bound to the group name', () => {
    const { privateKey, publicKey } = generateTrusteeKey(G);
    assert.ok(!verifyWithG(G, publicKey.public_key, publicKey.pok, `pok|RFC-3526-2048|${G.powG(privateKey)}|`));
    assert.ok(verifyWithG(G, publicKey.public_key, publicKey.pok, pokPrefix(G, publicKey.public_key)));
  });
});

describe('PKI of the threshold protocol (spec 4.6.1)', () => {
  test('signatures verify only for the signed message and key', () => {
    assertProperty(
      fc.property(fc.string(), fc.string(), arbDelta, (message, other, sk) => {
        const signed = sign(G, sk, message);
        assert.ok(verifySignedMessage(G, G.powG(sk), message, signed.signature));
        if (other !== message) assert.ok(!verifySignedMessage(G, G.powG(sk), other, signed.signature));
        assert.ok(!verifySignedMessage(G, G.powG(sk + 1n), message, signed.signature));
        assert.ok(!verifySignedMessage(G, G.powG(sk), message, { ...signed.signature, response: bump(signed.signature.response, 1n) }));
      }),
      PROOF_RUNS,
    );
  });
  test('encryption round-trips and needs the right key', () => {
    assertProperty(
      fc.property(fc.string(), arbDelta, (message, dk) => {
        const c = encrypt(G, G.powG(dk), message);
        assert.equal(decrypt(G, dk, c), message);
        assert.throws(() => decrypt(G, dk + 1n, c));
      }),
      PROOF_RUNS,
    );
  });
  test('a certificate is signed by its own verification key', () => {
    const cert = makeCertificate(G, 'seed-for-a-test-trustee');
    const keys = JSON.parse(cert.message);
    assert.ok(verifySignedMessage(G, BigInt(keys.verification), cert.message, cert.signature));
  });
});

// ------------------------------------------------------------------ questions and plaintexts

/**
 * Which plaintexts a homomorphic question accepts, written here from the Belenios
 * spec (4.9.1, 4.11.1), not from src/protocol/answers.ts: one value per answer, and
 * with blank allowed a leading blank flag m0; every value 0 or 1; without blank the
 * number of 1s is between min and max; with blank, m0 = 0 ∨ mΣ = 0 (blank_proof) and
 * m0 = 1 ∨ mΣ ∈ [min, max] (overall_proof): a blank vote has all answers at 0, whatever
 * min is, and a non-blank vote selects between min and max answers.
 */
function followsRules(q: QuestionH, m: readonly number[]): boolean {
  const n = q.answers.length;
  const blank = q.blank === true;
  if (m.length !== n + (blank ? 1 : 0)) return false;
  if (!m.every((x) => x === 0 || x === 1)) return false;
  const answers = blank ? m.slice(1) : m;
  const count = answers.filter((x) => x === 1).length;
  const inRange = q.min <= count && count <= q.max;
  if (!blank) return inRange;
  const m0 = m[0];
  return (m0 === 0 || count === 0) && (m0 === 1 || inRange);
}

const valuesOf = (q: QuestionH) => q.answers.length + (q.blank === true ? 1 : 0);

// Random homomorphic questions: n answers, min <= max <= n, max >= 1, blank or not.
const arbQuestion: fc.Arbitrary<QuestionH> = fc
  .record({ n: fc.integer({ min: 1, max: 4 }), blank: fc.boolean(), a: fc.nat(), b: fc.nat() })
  .map(({ n, blank, a, b }) => {
    const x = a % (n + 1);
    const y = b % (n + 1);
    const min = Math.min(x, y);
    const max = Math.max(Math.max(x, y), 1);
    return { answers: Array.from({ length: n }, (_, i) => `answer ${i + 1}`), ...(blank ? { blank: true } : {}), min, max, question: 'q' };
  });

/** A plaintext the rules accept (blank votes included when allowed). */
function arbValidPlaintext(q: QuestionH): fc.Arbitrary<number[]> {
  const any: fc.Arbitrary<number[]> = fc.array(fc.constantFrom(0, 1), { minLength: valuesOf(q), maxLength: valuesOf(q) }).filter((m) => followsRules(q, m));
  if (q.blank !== true) return any;
  return fc.oneof({ weight: 3, arbitrary: any }, { weight: 1, arbitrary: fc.constant<number[]>([1, ...q.answers.map(() => 0)]) });
}

/** A plaintext that may or may not follow the rules: counts out of range, blank with
 * answers, values other than 0 and 1, too few or too many values. */
function arbAnyPlaintext(q: QuestionH): fc.Arbitrary<number[]> {
  const n = valuesOf(q);
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(0, 1, 2, -1), { minLength: n, maxLength: n }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(0, 1), { minLength: 0, maxLength: n + 2 }) },
  );
}

// Two trustees for every election of the properties: one election key, whose
// exponentiation table is then built once (a fresh key per case would triple the time).
const TRUSTEE_PAIRS = [generateTrusteeKey(G), generateTrusteeKey(G)];

function electionFor(questions: QuestionH[]): { ctx: ElectionContext; keys: bigint[]; trustees: Trustees } {
  const pairs = TRUSTEE_PAIRS;
  const trustees: Trustees = pairs.map((p) => ['Single', p.publicKey]);
  const template: Template = { description: 'd', name: 'n', questions };
  return { ctx: loadElection(makeElection(template, UUID, G.name, trustees)), keys: pairs.map((p) => p.privateKey), trustees };
}

// ------------------------------------------------------------------ ballots

/** A number inside the answers of a ballot, how to change it, and the check that must then fail. */
interface NumberField {
  name: string;
  kind: 'ciphertext' | 'individual proof' | 'overall proof' | 'blank proof';
  change: (x: BallotH, f: (v: bigint) => bigint) => void;
  /** checkBallot's message once the ballot is changed and signed again. */
  failure: string;
}

function numberFields(b: BallotH, questions: readonly QuestionH[]): NumberField[] {
  const fields: NumberField[] = [];
  b.answers.forEach((a, i) => {
    const q = questions[i]!;
    const Q = `question ${i + 1}`;
    const individual = (j: number) => `${Q}: choice ${j + 1}: the proof that it encrypts 0 or 1 does not verify`;
    a.choices.forEach((_, j) => {
      for (const part of ['alpha', 'beta'] as const) {
        fields.push({ name: `${Q} choice ${j + 1} ${part}`, kind: 'ciphertext', change: (x, f) => (x.answers[i]!.choices[j]![part] = f(x.answers[i]!.choices[j]![part])), failure: individual(j) });
      }
    });
    type ProofList = [NumberField['kind'], string, (x: BallotH) => { challenge: bigint; response: bigint }[], string];
    const proofLists: ProofList[] = [
      ...a.individual_proofs.map((_, j): ProofList => ['individual proof', `individual proof ${j + 1}`, (x) => x.answers[i]!.individual_proofs[j]!, individual(j)]),
      [
        'overall proof',
        'overall proof',
        (x) => x.answers[i]!.overall_proof,
        q.blank === true
          ? `${Q}: the proof that the number of selected answers is between ${q.min} and ${q.max} (or the vote is blank) does not verify`
          : `${Q}: the proof that the number of selected answers is between ${q.min} and ${q.max} does not verify`,
      ],
      ...(a.blank_proof ? [['blank proof', 'blank proof', (x: BallotH) => x.answers[i]!.blank_proof!, `${Q}: the proof that the vote is either blank or not blank does not verify`] as ProofList] : []),
    ];
    for (const [kind, name, list, failure] of proofLists) {
      list(b).forEach((_, k) => {
        for (const part of ['challenge', 'response'] as const) {
          fields.push({ name: `${Q} ${name} [${k}] ${part}`, kind, change: (x, f) => (list(x)[k]![part] = f(list(x)[k]![part])), failure });
        }
      });
    }
  });
  return fields;
}

const arbBallotCase = fc.array(arbQuestion, { minLength: 1, maxLength: 2 }).chain((questions) => fc.tuple(fc.constant(questions), fc.tuple(...questions.map(arbValidPlaintext))));

describe('ballots (spec 4.11-4.15)', () => {
  test('a plaintext encrypts (and the ballot verifies) exactly when it follows the question’s rules', () => {
    let valid = 0;
    let invalid = 0;
    assertProperty(
      fc.property(
        fc.array(arbQuestion, { minLength: 1, maxLength: 2 }).chain((questions) => fc.tuple(fc.constant(questions), fc.tuple(...questions.map(arbAnyPlaintext)))),
        ([questions, plaintext]) => {
          const { ctx } = electionFor(questions);
          const firstBroken = questions.findIndex((q, i) => !followsRules(q, plaintext[i]!));
          if (firstBroken < 0) {
            valid++;
            const b = createBallot(ctx, generateSecretCredential(), plaintext);
            const r = checkBallot(ctx, b.text);
            assert.ok(r.ok, !r.ok ? r.message : '');
          } else {
            invalid++;
            assert.throws(
              () => createBallot(ctx, generateSecretCredential(), plaintext),
              (e: unknown) => e instanceof InvalidRequest && e.message.startsWith(`question ${firstBroken + 1}: `),
              `${JSON.stringify(questions)} ${JSON.stringify(plaintext)}: an InvalidRequest naming question ${firstBroken + 1}`,
            );
          }
        },
      ),
      PROOF_RUNS,
    );
    assert.ok(valid >= 20 && invalid >= 20, `both kinds of plaintext tried (${valid} valid, ${invalid} invalid)`);
  });

  test('hand-picked plaintexts, both ways', () => {
    const { ctx } = electionFor([{ answers: ['a', 'b', 'c'], blank: true, min: 2, max: 2, question: 'q' }]);
    const q = ctx.election.questions[0] as QuestionH;
    // blank vote: all answers 0 although min is 2; a non-blank vote with 2 answers
    for (const m of [[1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]]) {
      assert.ok(followsRules(q, m));
      assert.ok(checkBallot(ctx, createBallot(ctx, generateSecretCredential(), [m]).text).ok, JSON.stringify(m));
    }
    // blank with an answer, too few, too many, a 2, the blank flag missing, nothing chosen and not blank
    for (const m of [[1, 1, 0, 0], [0, 1, 0, 0], [0, 1, 1, 1], [0, 2, 0, 0], [1, 1, 0], [0, 0, 0, 0]]) {
      assert.ok(!followsRules(q, m));
      assert.throws(() => createBallot(ctx, generateSecretCredential(), [m]), InvalidRequest, JSON.stringify(m));
    }
    // min 0 without blank: choosing nothing is a valid vote
    const { ctx: ctx0 } = electionFor([{ answers: ['a', 'b'], min: 0, max: 1, question: 'q' }]);
    assert.ok(checkBallot(ctx0, createBallot(ctx0, generateSecretCredential(), [[0, 0]]).text).ok);
    assert.throws(() => createBallot(ctx0, generateSecretCredential(), [[1, 1]]), InvalidRequest);
    // the wrong number of questions
    assert.throws(() => createBallot(ctx0, generateSecretCredential(), [[0, 0], [0, 0]]), InvalidRequest);
  });

  test('changing any number in the answers fails the proof that covers it, even re-signed', () => {
    // each kind of field in turn (then a random field of that kind), so that every
    // kind is changed in every run whatever the seed
    const kinds: NumberField['kind'][] = ['ciphertext', 'individual proof', 'overall proof', 'blank proof'];
    let count = 0;
    const changed = new Set<string>();
    assertProperty(
      fc.property(arbBallotCase, fc.nat(), fc.integer({ min: 1, max: 1000 }), ([questions, plaintext], pick, delta) => {
        const { ctx } = electionFor(questions);
        const credential = generateSecretCredential();
        const b = createBallot(ctx, credential, plaintext as PlaintextBallot);
        const all = numberFields(asBallotH(b.ballot), questions);
        const ofKind = all.filter((f) => f.kind === kinds[count % kinds.length]);
        count++;
        const fields = ofKind.length ? ofKind : all;
        const field = fields[pick % fields.length]!;
        changed.add(field.kind);
        const tampered = structuredClone(asBallotH(b.ballot));
        // stay inside the group / Z_q so that the proof, not the range check, must catch it
        field.change(tampered, (v) => (field.kind === 'ciphertext' ? G.mul(v, G.powG(BigInt(delta))) : bump(v, BigInt(delta))));
        const resigned = signBallot(ctx, { ...tampered, signature: undefined }, deriveCredentialSecret(G, UUID, credential));
        const r = checkBallot(ctx, writeJson(writeBallot(resigned)));
        assert.deepEqual(r.ok ? 'verifies' : { message: r.message, unusable: r.unusable }, { message: field.failure, unusable: false }, field.name);
        // and without signing again, the signature no longer covers the ballot
        const unsigned = checkBallot(ctx, writeJson(writeBallot(tampered)));
        assert.equal(unsigned.ok ? 'verifies' : unsigned.message, 'signature covers a different ballot (hash mismatch)', field.name);
      }),
      PROOF_RUNS,
    );
    assert.deepEqual([...changed].sort(), [...kinds].sort(), 'every kind of field was changed');
  });

  test('a changed signature, credential, uuid or fingerprint fails the check it concerns', () => {
    const q: QuestionH = { answers: ['a', 'b'], min: 1, max: 1, question: 'q' };
    const { ctx } = electionFor([q]);
    const b = createBallot(ctx, generateSecretCredential(), [[0, 1]]).ballot;
    const variants: [string, (x: BallotH) => void, string][] = [
      ['challenge', (x) => (x.signature!.proof.challenge = bump(x.signature!.proof.challenge, 1n)), 'signature does not verify with the ballot credential'],
      ['response', (x) => (x.signature!.proof.response = bump(x.signature!.proof.response, 1n)), 'signature does not verify with the ballot credential'],
      ['hash', (x) => (x.signature!.hash = x.signature!.hash.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))), 'signature covers a different ballot (hash mismatch)'],
      ['credential', (x) => (x.credential = G.mul(x.credential, G.g)), 'signature covers a different ballot (hash mismatch)'],
      ['uuid', (x) => (x.election_uuid = 'Jirga1TestUuid3'), `ballot is for election Jirga1TestUuid3, not ${UUID}`],
      ['fingerprint', (x) => (x.election_hash = x.election_hash.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))), 'ballot was made for a different version of the election (election_hash differs)'],
      ['no signature', (x) => (x.signature = undefined), 'ballot is not signed'],
    ];
    for (const [name, change, message] of variants) {
      const x = structuredClone(asBallotH(b));
      change(x);
      const r = checkBallot(ctx, writeJson(writeBallot(x)));
      assert.equal(r.ok ? 'verifies' : r.message, message, name);
    }
    assert.ok(checkBallot(ctx, writeJson(writeBallot(b))).ok);
  });

  test('a ballot that is not in canonical form is refused', () => {
    const q: QuestionH = { answers: ['a', 'b'], min: 1, max: 1, question: 'q' };
    const { ctx } = electionFor([q]);
    const b = createBallot(ctx, generateSecretCredential(), [[1, 0]]);
    const spaced = b.text.replace('{"election_uuid"', '{ "election_uuid"');
    const r = checkBallot(ctx, spaced);
    assert.equal(r.ok ? 'verifies' : r.message, 'ballot is not in canonical form (it is not exactly as belenios writes it)');
  });
});

// ------------------------------------------------------------------ tally and decryption

/** An encrypted tally of known sums, encrypted directly (any ciphertexts will do). */
function tallyOf(ctx: ElectionContext, sums: readonly (readonly bigint[])[]): EncryptedTally {
  return sums.map((q) => q.map((m) => {
    const r = BigInt(1 + Math.floor(Math.random() * 1e9)) * 7919n;
    return { alpha: G.powG(r), beta: G.mul(ctx.powY(r), G.powG(m)) };
  }));
}

const sumsOf = (q: QuestionH, plaintexts: readonly (readonly number[])[]): bigint[] =>
  Array.from({ length: valuesOf(q) }, (_, j) => plaintexts.reduce((a, p) => a + BigInt(p[j]!), 0n));

describe('tally and partial decryptions (spec 4.16-4.19)', () => {
  test('honest partial decryptions verify and give the sums; a changed factor or proof fails that answer’s decryption proof', () => {
    assertProperty(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
        fc.nat(),
        fc.constantFrom('factor', 'challenge', 'response'),
        fc.integer({ min: 1, max: 1000 }),
        (counts, pick, field, delta) => {
          const questions = counts.map((c): QuestionH => ({ answers: c.map((_, j) => `a${j}`), min: 0, max: c.length, question: 'q' }));
          const { ctx, keys, trustees } = electionFor(questions);
          const sums = counts.map((c) => c.map(BigInt));
          const tally = tallyOf(ctx, sums);
          const pds = keys.map((x, i) => ({ owner: i + 1, pd: partialDecryptionOf(ctx, tally, x) }));
          pds.forEach(({ pd }, i) => assert.equal(partialDecryptionProblem(ctx, tally, G.powG(keys[i]!), pd), undefined));
          assert.deepEqual(resultOf(G, tally, combineDecryptionFactors(G, trustees, tally, pds), 6n), sums);
          // change one field of one decryption
          const cells = counts.flatMap((c, i) => c.map((_, j) => [i, j] as const));
          const [i, j] = cells[pick % cells.length]!;
          const bad = structuredClone(pds[0]!.pd);
          if (field === 'factor') bad.decryption_factors[i]![j] = G.mul(bad.decryption_factors[i]![j]!, G.powG(BigInt(delta)));
          if (field === 'challenge') bad.decryption_proofs[i]![j]!.challenge = bump(bad.decryption_proofs[i]![j]!.challenge, BigInt(delta));
          if (field === 'response') bad.decryption_proofs[i]![j]!.response = bump(bad.decryption_proofs[i]![j]!.response, BigInt(delta));
          assert.equal(partialDecryptionProblem(ctx, tally, G.powG(keys[0]!), bad), `question ${i + 1}, answer ${j + 1}: decryption proof does not verify`);
          // and the other trustee's key does not vouch for it
          assert.equal(partialDecryptionProblem(ctx, tally, G.powG(keys[1]!), pds[0]!.pd), 'question 1, answer 1: decryption proof does not verify');
        },
      ),
      PROOF_RUNS,
    );
  });

  test('the tally of ballots decrypts to the sums of the choices', () => {
    assertProperty(
      fc.property(
        arbQuestion.chain((q) => fc.tuple(fc.constant(q), fc.array(arbValidPlaintext(q), { minLength: 1, maxLength: 3 }))),
        ([q, plaintexts]) => {
          const { ctx, keys, trustees } = electionFor([q]);
          const ballots = plaintexts.map((p) => ({ ballot: createBallot(ctx, generateSecretCredential(), [p]).ballot, weight: 1n }));
          const tally = encryptedTallyOf(ctx, ballots);
          const pds = keys.map((x, i) => ({ owner: i + 1, pd: partialDecryptionOf(ctx, tally, x) }));
          const result = resultOf(G, tally, combineDecryptionFactors(G, trustees, tally, pds), BigInt(plaintexts.length));
          assert.deepEqual(result, [sumsOf(q, plaintexts)]);
        },
      ),
      20,
    );
  });

  test('a missing decryption is named', () => {
    const q: QuestionH = { answers: ['a', 'b'], min: 1, max: 1, question: 'q' };
    const { ctx, keys, trustees } = electionFor([q]);
    const tally = encryptedTallyOf(ctx, []);
    const pds = [{ owner: 1, pd: partialDecryptionOf(ctx, tally, keys[0]!) }];
    assert.throws(() => combineDecryptionFactors(G, trustees, tally, pds), (e: unknown) => e instanceof VerificationFailure && /trustee 2 is missing/.test(e.message));
  });
});

// ------------------------------------------------------------------ threshold keys

/** A change to threshold parameters and the check that must then fail. */
function alterations(n: number, t: number, k: number): [string, (p: ThresholdParameters) => void, string][] {
  const other = generateTrusteeKey(G).publicKey;
  return [
    ['certificate signature', (p) => (p.certs[k]!.signature.response = bump(p.certs[k]!.signature.response, 1n)), `group: certificate ${k + 1} is not signed by its own verification key`],
    ['coefficient commitments signature', (p) => (p.coefexps[k]!.signature.challenge = bump(p.coefexps[k]!.signature.challenge, 1n)), `group: coefficient commitments ${k + 1} are not signed by trustee ${k + 1}`],
    ['verification key', (p) => (p.verification_keys[k]!.public_key = G.mul(p.verification_keys[k]!.public_key, G.g)), `group: verification key ${k + 1}: proof of knowledge does not verify`],
    ['verification key proof', (p) => (p.verification_keys[k]!.pok.response = bump(p.verification_keys[k]!.pok.response, 1n)), `group: verification key ${k + 1}: proof of knowledge does not verify`],
    ['verification key replaced by another valid key', (p) => (p.verification_keys[k] = other), `group: verification key ${k + 1} does not match the committed polynomials`],
    ['threshold', (p) => (p.threshold = t + 1), `group: threshold ${t + 1} does not match polynomials of ${t} coefficients`],
    ['a verification key dropped', (p) => p.verification_keys.pop(), `group: ${n - 1} verification keys for ${n} certificates`],
    ['a certificate dropped', (p) => p.certs.pop(), `group: ${n} coefficient commitments for ${n - 1} certificates`],
  ];
}

describe('threshold key establishment (spec 4.6)', () => {
  test('any t of n trustees decrypt; fewer cannot; each altered parameter fails its own check', () => {
    // each alteration in turn, so that all are tried in every run whatever the seed
    let count = 0;
    const tried = new Set<string>();
    assertProperty(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.nat(), fc.nat(), fc.nat(), (n, tPick, subsetSeed, kPick) => {
        const t = 1 + (tPick % n);
        const step1 = Array.from({ length: n }, () => thresholdStep1(G));
        const certs = step1.map((s) => s.cert);
        const polys = step1.map((s) => thresholdStep3(G, certs, s.seed, t));
        const vinputs = thresholdStep4(G, certs, polys);
        const voutputs = step1.map((s, j) => thresholdStep5(G, certs, s.seed, vinputs[j]!));
        const params = thresholdStep6(G, certs, polys, voutputs);
        assert.equal(params.threshold, t);
        assert.equal(checkThresholdParameters(G, params, 'group'), undefined);
        const trustees: Trustees = [['Pedersen', params]];
        assert.deepEqual(checkTrustees(G, trustees), []);
        const keys = step1.map((s, j) => recoverThresholdKey(G, s.seed, voutputs[j]!.private_key));
        keys.forEach((k, j) => assert.equal(G.powG(k), params.verification_keys[j]!.public_key));

        const q: QuestionH = { answers: ['a', 'b', 'c'], min: 0, max: 3, question: 'q' };
        const ctx = loadElection(makeElection({ description: 'd', name: 'n', questions: [q] }, UUID, G.name, trustees));
        const tally = tallyOf(ctx, [[1n, 0n, 2n]]);
        // a pseudo-random subset of t trustees
        const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ((a * 7919 + subsetSeed) % 97) - ((b * 7919 + subsetSeed) % 97));
        const chosen = order.slice(0, t);
        const pds = chosen.map((i) => ({ owner: i + 1, pd: partialDecryptionOf(ctx, tally, keys[i]!) }));
        pds.forEach(({ owner, pd }) => assert.equal(partialDecryptionProblem(ctx, tally, params.verification_keys[owner - 1]!.public_key, pd), undefined));
        assert.deepEqual(resultOf(G, tally, combineDecryptionFactors(G, trustees, tally, pds), 3n), [[1n, 0n, 2n]]);
        if (t > 1) assert.throws(() => combineDecryptionFactors(G, trustees, tally, pds.slice(1)), VerificationFailure);

        const k = kPick % n;
        const all = alterations(n, t, k);
        const [name, alter, failure] = all[count++ % all.length]!;
        tried.add(name);
        const altered = structuredClone(params);
        alter(altered);
        assert.equal(checkThresholdParameters(G, altered, 'group'), failure, name);
        assert.ok(writeJson(writeTrustees(trustees)).startsWith('[["Pedersen",{"threshold":'));
      }),
      20,
    );
    assert.equal(tried.size, 8, 'every alteration was tried');
  });
});
