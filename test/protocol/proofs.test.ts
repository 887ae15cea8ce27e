// Property tests for every proof: honest proofs verify; any changed field fails.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { plaintextProblem } from '../../src/protocol/answers.ts';
import { checkBallot, createBallot, signBallot } from '../../src/protocol/ballot.ts';
import { writeBallot, writeJson, writeTrustees, type Ballot, type QuestionH, type Template, type Trustees } from '../../src/protocol/codec.ts';
import { deriveCredentialSecret, generateSecretCredential } from '../../src/protocol/credentials.ts';
import { loadElection, makeElection, type ElectionContext } from '../../src/protocol/election.ts';
import { InvalidRequest, VerificationFailure } from '../../src/protocol/errors.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { decrypt, encrypt, makeCertificate, sign } from '../../src/protocol/pki.ts';
import { randomPlaintext } from '../../src/protocol/simulate.ts';
import { pokPrefix, verifyWithG } from '../../src/protocol/schnorr.ts';
import { combineDecryptionFactors, encryptedTallyOf, partialDecryptionOf, partialDecryptionProblem, resultOf } from '../../src/protocol/tally.ts';
import { recoverThresholdKey, thresholdStep1, thresholdStep3, thresholdStep4, thresholdStep5, thresholdStep6 } from '../../src/protocol/threshold.ts';
import { checkThresholdParameters, checkTrustees, generateTrusteeKey, verifySignedMessage, verifyTrusteePublicKey } from '../../src/protocol/trustees.ts';

const G = getGroup('BELENIOS-2048');
const UUID = 'Jirga1TestUuid2';
const bump = (x: bigint, delta: bigint) => (x + delta) % G.q;
const arbDelta = fc.bigInt({ min: 1n, max: G.q - 1n });

describe('proof of knowledge of a trustee key (spec 4.5)', () => {
  test('honest keys verify; a changed challenge, response or key does not', () => {
    fc.assert(
      fc.property(arbDelta, fc.integer({ min: 0, max: 2 }), (delta, field) => {
        const { publicKey } = generateTrusteeKey(G);
        assert.ok(verifyTrusteePublicKey(G, publicKey));
        const k = structuredClone(publicKey);
        if (field === 0) k.pok.challenge = bump(k.pok.challenge, delta);
        if (field === 1) k.pok.response = bump(k.pok.response, delta);
        if (field === 2) k.public_key = G.mul(k.public_key, G.powG(delta));
        assert.ok(!verifyTrusteePublicKey(G, k));
      }),
      { numRuns: 12 },
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
    fc.assert(
      fc.property(fc.string(), fc.string(), arbDelta, (message, other, sk) => {
        const signed = sign(G, sk, message);
        assert.ok(verifySignedMessage(G, G.powG(sk), message, signed.signature));
        if (other !== message) assert.ok(!verifySignedMessage(G, G.powG(sk), other, signed.signature));
        assert.ok(!verifySignedMessage(G, G.powG(sk + 1n), message, signed.signature));
      }),
      { numRuns: 15 },
    );
  });
  test('encryption round-trips and needs the right key', () => {
    fc.assert(
      fc.property(fc.string(), arbDelta, (message, dk) => {
        const c = encrypt(G, G.powG(dk), message);
        assert.equal(decrypt(G, dk, c), message);
        assert.throws(() => decrypt(G, dk + 1n, c));
      }),
      { numRuns: 10 },
    );
  });
  test('a certificate is signed by its own verification key', () => {
    const cert = makeCertificate(G, 'seed-for-a-test-trustee');
    const keys = JSON.parse(cert.message);
    assert.ok(verifySignedMessage(G, BigInt(keys.verification), cert.message, cert.signature));
  });
});

// Random homomorphic questions: n answers, min <= max <= n, blank or not.
const arbQuestion: fc.Arbitrary<QuestionH> = fc
  .record({ n: fc.integer({ min: 1, max: 4 }), blank: fc.boolean(), a: fc.nat(), b: fc.nat() })
  .map(({ n, blank, a, b }) => {
    const x = a % (n + 1);
    const y = b % (n + 1);
    const min = Math.min(x, y);
    const max = Math.max(Math.max(x, y), 1);
    return { answers: Array.from({ length: n }, (_, i) => `answer ${i + 1}`), ...(blank ? { blank: true } : {}), min, max, question: 'q' };
  });

function electionFor(questions: QuestionH[]): { ctx: ElectionContext; keys: bigint[]; trustees: Trustees } {
  const pairs = [generateTrusteeKey(G), generateTrusteeKey(G)];
  const trustees: Trustees = pairs.map((p) => ['Single', p.publicKey]);
  const template: Template = { description: 'd', name: 'n', questions };
  return { ctx: loadElection(makeElection(template, UUID, G.name, trustees)), keys: pairs.map((p) => p.privateKey), trustees };
}

/** Every path to a number inside the answers of a ballot. */
function numberPaths(b: Ballot): ((x: Ballot, f: (v: bigint) => bigint) => void)[] {
  const paths: ((x: Ballot, f: (v: bigint) => bigint) => void)[] = [];
  b.answers.forEach((a, i) => {
    a.choices.forEach((_, j) => {
      paths.push((x, f) => (x.answers[i]!.choices[j]!.alpha = f(x.answers[i]!.choices[j]!.alpha)));
      paths.push((x, f) => (x.answers[i]!.choices[j]!.beta = f(x.answers[i]!.choices[j]!.beta)));
    });
    const proofLists: ((x: Ballot) => { challenge: bigint; response: bigint }[])[] = [
      ...a.individual_proofs.map((_, j) => (x: Ballot) => x.answers[i]!.individual_proofs[j]!),
      (x: Ballot) => x.answers[i]!.overall_proof,
      ...(a.blank_proof ? [(x: Ballot) => x.answers[i]!.blank_proof!] : []),
    ];
    for (const list of proofLists) {
      list(b).forEach((_, k) => {
        paths.push((x, f) => (list(x)[k]!.challenge = f(list(x)[k]!.challenge)));
        paths.push((x, f) => (list(x)[k]!.response = f(list(x)[k]!.response)));
      });
    }
  });
  return paths;
}

describe('ballots (spec 4.11-4.15)', () => {
  test('honest ballots verify, for any question shape and valid choice', () => {
    fc.assert(
      fc.property(fc.array(arbQuestion, { minLength: 1, maxLength: 2 }), (questions) => {
        const { ctx } = electionFor(questions);
        const plaintext = questions.map((q) => randomPlaintext(q));
        const b = createBallot(ctx, generateSecretCredential(), plaintext);
        const r = checkBallot(ctx, b.text);
        assert.ok(r.ok, !r.ok ? r.message : '');
      }),
      { numRuns: 12 },
    );
  });

  test('changing any number in the answers makes the ballot fail, even re-signed', () => {
    fc.assert(
      fc.property(arbQuestion, fc.nat(), fc.integer({ min: 1, max: 1000 }), (q, pick, delta) => {
        const { ctx } = electionFor([q]);
        const credential = generateSecretCredential();
        const b = createBallot(ctx, credential, [randomPlaintext(q)]);
        const paths = numberPaths(b.ballot);
        const tampered = structuredClone(b.ballot);
        // stay inside the group / Z_q so that the proof, not the range check, must catch it
        const isProofField = pick % paths.length >= 2 * tampered.answers[0]!.choices.length;
        paths[pick % paths.length]!(tampered, (v) => (isProofField ? bump(v, BigInt(delta)) : G.mul(v, G.powG(BigInt(delta)))));
        const resigned = signBallot(ctx, { ...tampered, signature: undefined }, deriveCredentialSecret(G, UUID, credential));
        const r = checkBallot(ctx, writeJson(writeBallot(resigned)));
        assert.ok(!r.ok, 'a changed ballot must not verify');
        assert.ok(!r.unusable);
        // and without re-signing, the signature no longer covers the ballot
        const unsigned = checkBallot(ctx, writeJson(writeBallot(tampered)));
        assert.ok(!unsigned.ok);
      }),
      { numRuns: 25 },
    );
  });

  test('a changed signature, credential, uuid or fingerprint fails', () => {
    const q: QuestionH = { answers: ['a', 'b'], min: 1, max: 1, question: 'q' };
    const { ctx } = electionFor([q]);
    const b = createBallot(ctx, generateSecretCredential(), [[0, 1]]).ballot;
    const variants: [string, (x: Ballot) => void][] = [
      ['challenge', (x) => (x.signature!.proof.challenge = bump(x.signature!.proof.challenge, 1n))],
      ['response', (x) => (x.signature!.proof.response = bump(x.signature!.proof.response, 1n))],
      ['hash', (x) => (x.signature!.hash = x.signature!.hash.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))],
      ['credential', (x) => (x.credential = G.mul(x.credential, G.g))],
      ['uuid', (x) => (x.election_uuid = 'Other1TestUuid2')],
      ['fingerprint', (x) => (x.election_hash = x.election_hash.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))],
      ['no signature', (x) => (x.signature = undefined)],
    ];
    for (const [name, change] of variants) {
      const x = structuredClone(b);
      change(x);
      const r = checkBallot(ctx, writeJson(writeBallot(x)));
      assert.ok(!r.ok, name);
    }
    assert.ok(checkBallot(ctx, writeJson(writeBallot(b))).ok);
  });

  test('a plaintext outside min/max, or blank with choices, cannot be encrypted', () => {
    fc.assert(
      fc.property(arbQuestion, fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 0, maxLength: 6 }), (q, m) => {
        const { ctx } = electionFor([q]);
        const problem = plaintextProblem(q, m);
        if (problem) assert.throws(() => createBallot(ctx, generateSecretCredential(), [m]), InvalidRequest);
      }),
      { numRuns: 30 },
    );
  });

  test('a ballot that is not in canonical form is refused', () => {
    const q: QuestionH = { answers: ['a', 'b'], min: 1, max: 1, question: 'q' };
    const { ctx } = electionFor([q]);
    const b = createBallot(ctx, generateSecretCredential(), [[1, 0]]);
    const spaced = b.text.replace('{"election_uuid"', '{ "election_uuid"');
    const r = checkBallot(ctx, spaced);
    assert.ok(!r.ok && /canonical/.test(r.message));
  });
});

describe('tally and partial decryptions (spec 4.16-4.19)', () => {
  test('honest decryptions verify and give the sum of the choices; changed fields fail', () => {
    fc.assert(
      fc.property(arbQuestion, fc.integer({ min: 1, max: 4 }), fc.nat(), (q, voters, pick) => {
        const { ctx, keys, trustees } = electionFor([q]);
        const plaintexts = Array.from({ length: voters }, () => randomPlaintext(q));
        const ballots = plaintexts.map((p) => ({ ballot: createBallot(ctx, generateSecretCredential(), [p]).ballot, weight: 1n }));
        const tally = encryptedTallyOf(ctx, ballots);
        const pds = keys.map((x, i) => ({ owner: i + 1, pd: partialDecryptionOf(ctx, tally, x) }));
        pds.forEach(({ pd }, i) => assert.equal(partialDecryptionProblem(ctx, tally, G.powG(keys[i]!), pd), undefined));
        const result = resultOf(G, tally, combineDecryptionFactors(G, trustees, tally, pds), BigInt(voters));
        const expected = plaintexts.reduce((acc, p) => acc.map((x, j) => x + BigInt(p[j]!)), new Array(p0(q)).fill(0n) as bigint[]);
        assert.deepEqual(result[0], expected);
        // change one field of one decryption
        const bad = structuredClone(pds[0]!.pd);
        const j = pick % bad.decryption_factors[0]!.length;
        const which = pick % 3;
        if (which === 0) bad.decryption_factors[0]![j] = G.mul(bad.decryption_factors[0]![j]!, G.g);
        if (which === 1) bad.decryption_proofs[0]![j]!.challenge = bump(bad.decryption_proofs[0]![j]!.challenge, 1n);
        if (which === 2) bad.decryption_proofs[0]![j]!.response = bump(bad.decryption_proofs[0]![j]!.response, 1n);
        assert.notEqual(partialDecryptionProblem(ctx, tally, G.powG(keys[0]!), bad), undefined);
        // and the other trustee's key does not vouch for it
        assert.notEqual(partialDecryptionProblem(ctx, tally, G.powG(keys[1]!), pds[0]!.pd), undefined);
      }),
      { numRuns: 8 },
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

function p0(q: QuestionH): number {
  return q.answers.length + (q.blank ? 1 : 0);
}

describe('threshold key establishment (spec 4.6)', () => {
  test('any t of n trustees decrypt; fewer cannot; altered parameters are detected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.nat(), fc.nat(), (n, tPick, subsetSeed) => {
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

        const q: QuestionH = { answers: ['a', 'b', 'c'], min: 1, max: 1, question: 'q' };
        const ctx = loadElection(makeElection({ description: 'd', name: 'n', questions: [q] }, UUID, G.name, trustees));
        const ballots = [[1, 0, 0], [0, 0, 1], [0, 0, 1]].map((m) => ({ ballot: createBallot(ctx, generateSecretCredential(), [m]).ballot, weight: 1n }));
        const tally = encryptedTallyOf(ctx, ballots);
        // a pseudo-random subset of t trustees
        const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ((a * 7919 + subsetSeed) % 97) - ((b * 7919 + subsetSeed) % 97));
        const chosen = order.slice(0, t);
        const pds = chosen.map((i) => ({ owner: i + 1, pd: partialDecryptionOf(ctx, tally, keys[i]!) }));
        assert.deepEqual(resultOf(G, tally, combineDecryptionFactors(G, trustees, tally, pds), 3n), [[1n, 0n, 2n]]);
        if (t > 1) assert.throws(() => combineDecryptionFactors(G, trustees, tally, pds.slice(1)), VerificationFailure);

        const altered = structuredClone(params);
        altered.verification_keys[0]!.public_key = G.mul(altered.verification_keys[0]!.public_key, G.g);
        assert.notEqual(checkThresholdParameters(G, altered, 'group'), undefined);
        const wrongThreshold = { ...structuredClone(params), threshold: t + 1 };
        assert.notEqual(checkThresholdParameters(G, wrongThreshold, 'group'), undefined);
        assert.ok(writeJson(writeTrustees(trustees)).startsWith('[["Pedersen",{"threshold":'));
      }),
      { numRuns: 4 },
    );
  });
});
