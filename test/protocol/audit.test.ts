// The ballot audit (Benaloh challenge, src/protocol/audit.ts): the voter's only
// defence against a voting page that encrypts something else. An honest audit
// passes and reads the choices back; every way the revealed randomness, the ballot
// or the election can be wrong fails with the exact problem named.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { auditBallot, readBallotAudit } from '../../src/protocol/audit.ts';
import { checkBallot, createBallot } from '../../src/protocol/ballot.ts';
import { decodeText, zBallot, type BallotH } from '../../src/protocol/codec.ts';
import { verifyDisjunction } from '../../src/protocol/disjunctive.ts';
import { UnusableInput } from '../../src/kernel/errors.ts';
import { auditFileOf, auditFixture, badAudits, ballotEncryptingTwo, CHOICES, G } from '../helpers/ballot-audit.ts';

const fx = auditFixture();

describe('an honest audit', () => {
  test('the file the voting page saves passes and reads back the choices made', () => {
    // the page saves JSON.stringify(file, null, 1)
    const audit = readBallotAudit(JSON.stringify(fx.honest, null, 1));
    assert.deepEqual(auditBallot(audit), { ok: true, choices: CHOICES, matchesClaim: true, tracker: fx.prepared.tracker });
  });

  test('blank votes, several answers, first and last answers: each read back exactly', () => {
    for (const choices of [
      [[1, 0, 0], [1, 0, 0, 0]],
      [[0, 0, 1], [0, 0, 1, 1]],
      [[1, 0, 0], [0, 0, 0, 1]],
    ]) {
      const prepared = createBallot(fx.ctx, fx.credential, choices);
      const r = auditBallot(auditFileOf(fx.raw, prepared, choices));
      assert.deepEqual(r, { ok: true, choices, matchesClaim: true, tracker: prepared.tracker }, JSON.stringify(choices));
    }
  });
});

describe('a ballot that encrypts other choices than the voter made', () => {
  const encrypted = [[1, 0, 0], [0, 0, 1, 1]];
  const cheat = createBallot(fx.ctx, fx.credential, encrypted);

  test('the audit opens it, reads back what it really holds and says it differs from the claim', () => {
    const r = auditBallot(auditFileOf(fx.raw, cheat, CHOICES));
    assert.deepEqual(r, { ok: true, choices: encrypted, matchesClaim: false, tracker: cheat.tracker });
  });

  test('one value of the last question different is enough', () => {
    const claim = [[1, 0, 0], [0, 0, 1, 0]];
    const r = auditBallot(auditFileOf(fx.raw, cheat, claim));
    assert.ok(r.ok);
    assert.equal(r.matchesClaim, false);
    assert.deepEqual(r.choices, encrypted);
  });

  test('a claim of another shape does not match either', () => {
    for (const claim of [[[1, 0, 0]], [...encrypted, [1]], [[1, 0, 0], [0, 0, 1, 1, 0]], []]) {
      const r = auditBallot(auditFileOf(fx.raw, cheat, claim));
      assert.ok(r.ok && !r.matchesClaim, JSON.stringify(claim));
    }
  });
});

describe('a bad audit names its problem', () => {
  for (const bad of badAudits(fx)) {
    test(bad.name, () => {
      assert.deepEqual(auditBallot(bad.audit), { ok: false, message: bad.message });
    });
  }

  test('values encrypting 2 and -1: the proof of the sum holds, only the 0-or-1 proofs stop it', () => {
    const two = ballotEncryptingTwo(fx);
    const answer = (decodeText(zBallot, two.text, 'ballot') as BallotH).answers[0]!;
    // the ciphertexts really are (g^r, y^r g^2) and (g^r, y^r g^-1) for the revealed r
    const [r0, r1] = two.randomness[0]!;
    assert.equal(answer.choices[0]!.beta, G.mul(fx.ctx.powY(r0!), G.powG(2n)));
    assert.equal(answer.choices[1]!.beta, G.mul(fx.ctx.powY(r1!), G.inv(G.g)));
    const sum = answer.choices.reduce((a, c) => ({ alpha: G.mul(a.alpha, c.alpha), beta: G.mul(a.beta, c.beta) }), { alpha: 1n, beta: 1n });
    const s = `${fx.ctx.fingerprint}|${(decodeText(zBallot, two.text, 'ballot') as BallotH).credential}|${answer.choices.map((c) => `${c.alpha},${c.beta}`).join(',')}`;
    // the disjunct M = 1: (alpha, beta / g^1)
    const sumDisjunct = { alphaPow: (e: bigint) => G.pow(sum.alpha, e), quotientPow: (e: bigint) => G.pow(G.div(sum.beta, G.g), e) };
    assert.ok(verifyDisjunction(G, fx.ctx.powY, `prove|${s}|${sum.alpha},${sum.beta}|`, [sumDisjunct], answer.overall_proof), 'the sum proof verifies');
    const r = auditBallot({ ...fx.honest, ballot: two.text });
    assert.deepEqual(r, { ok: false, message: 'the ballot itself does not verify: question 1: choice 1: the proof that it encrypts 0 or 1 does not verify' });
  });
});

describe('the audit checks the opening itself, not only the ballot’s proofs', () => {
  test('if a broken verifier accepted forged 0-or-1 proofs, the opening still refuses a value of 2', () => {
    const two = ballotEncryptingTwo(fx);
    const ballot = (decodeText(zBallot, two.text, 'ballot') as BallotH);
    const s0 = `${fx.ctx.fingerprint}|${ballot.credential}`;
    // a verifier whose Fiat-Shamir hash answers what each forged 0-or-1 proof needs
    const forged = new Map(ballot.answers[0]!.choices.map((c, j) => [`prove|${s0}|${c.alpha},${c.beta}|`, ballot.answers[0]!.individual_proofs[j]!.reduce((a, p) => a + p.challenge, 0n) % G.q]));
    const hashToScalar = G.hashToScalar;
    G.hashToScalar = (prefix, elements) => forged.get(prefix) ?? hashToScalar.call(G, prefix, elements);
    try {
      assert.ok(checkBallot(fx.ctx, two.text).ok, 'the broken verifier accepts the ballot');
      assert.deepEqual(auditBallot({ ...fx.honest, ballot: two.text }), { ok: false, message: 'question 1, value 1: the ciphertext encrypts neither 0 nor 1' });
    } finally {
      delete (G as { hashToScalar?: unknown }).hashToScalar;
    }
    assert.equal(G.hashToScalar, hashToScalar, 'the group is restored');
    assert.ok(!checkBallot(fx.ctx, two.text).ok);
  });
  // an answer of the wrong kind for its question never reaches the opening: checkBallot
  // refuses it first (see "a homomorphic answer to a non-homomorphic question"); the
  // opening of NH answers is tested in nh-ballots.test.ts.
});

describe('reading an audit file', () => {
  const text = (change: Record<string, unknown>) => JSON.stringify({ ...fx.honest, ...change });
  const refused = (t: string, message: string) =>
    assert.throws(
      () => readBallotAudit(t),
      (e: unknown) => e instanceof UnusableInput && e.message === message,
      message,
    );

  test('the page’s file is read as written', () => {
    assert.deepEqual(readBallotAudit(text({})), fx.honest);
  });
  test('not JSON, or not an audit file', () => {
    assert.throws(() => readBallotAudit('not json'), (e: unknown) => e instanceof UnusableInput && e.message.startsWith('ballot audit file is not valid JSON'));
    refused(text({ jirga: 'ballot' }), 'ballot audit file: jirga: Invalid input: expected "ballot-audit"');
    refused(text({ version: 2 }), 'ballot audit file: version: Invalid input: expected 1');
    refused(text({ election: 3 }), 'ballot audit file: election: Invalid input: expected string, received number');
    refused(text({ ballot: null }), 'ballot audit file: ballot: Invalid input: expected string, received null');
  });
  test('randomness must be base-10 whole numbers written as strings', () => {
    for (const r of ['', '-5', '12a', 'a12', '1.5', ' 12', '0x1f']) {
      refused(text({ randomness: [[r]] }), 'ballot audit file: randomness[0][0]: Invalid string: must match pattern /^\\d+$/');
    }
    refused(text({ randomness: [[12]] }), 'ballot audit file: randomness[0][0]: Invalid input: expected string, received number');
    refused(text({ randomness: ['12'] }), 'ballot audit file: randomness[0]: Invalid input: expected array, received string');
  });
  test('choices must be whole numbers', () => {
    refused(text({ choices: [[0.5]] }), 'ballot audit file: choices[0][0]: Invalid input: expected int, received number');
    refused(text({ choices: [['1']] }), 'ballot audit file: choices[0][0]: Invalid input: expected number, received string');
  });
  test('an unreadable election in the file is unusable input, not a failed audit', () => {
    assert.throws(() => auditBallot({ ...fx.honest, election: '{}' }), (e: unknown) => e instanceof UnusableInput && /^election: /.test(e.message));
  });
});
