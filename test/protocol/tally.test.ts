// The tally (spec 4.16, 4.18, 4.19) checked against elections run by belenios-tool
// alone (test/fixtures/belenios): its encrypted tally, partial decryptions and result
// are the reference, and the ballots decrypted with the trustees' keys (in this file,
// not by the code under test) say what the result must be.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mod, modInverse } from '../../src/protocol/bigint.ts';
import type { BallotH, Ciphertext, EncryptedTally, PartialDecryption, QuestionH, Trustees } from '../../src/protocol/codec.ts';
import { generateSecretCredential } from '../../src/protocol/credentials.ts';
import { createBallot } from '../../src/protocol/ballot.ts';
import { loadElection, makeElection } from '../../src/protocol/election.ts';
import { InvalidRequest, VerificationFailure } from '../../src/kernel/errors.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import {
  combineDecryptionFactors,
  decryptedPowers,
  discreteLogs,
  encryptedTallyOf,
  partialDecryptionOf,
  partialDecryptionProblem,
  resultOf,
} from '../../src/protocol/tally.ts';
import { flattenTrusteeKeys } from '../../src/protocol/trustees.ts';
import { lastBallotPerCredential, referenceBoard, type ReferenceBoard, type Shape } from '../helpers/reference-board.ts';

const G = getGroup('BELENIOS-2048');
const SHAPES: Shape[] = ['basic', 'threshold'];

/** The election's secret key x with y = g^x: the basic trustees' keys plus, for a
 * threshold group, the Lagrange interpolation at 0 of the shares of trustees 1..t. */
function electionSecret(b: ReferenceBoard): bigint {
  let x = 0n;
  let owner = 1;
  for (const t of b.trustees) {
    if (t[0] === 'Single') {
      x += b.trusteeKeys.get(owner)!;
      owner++;
      continue;
    }
    const chosen = Array.from({ length: t[1].threshold }, (_, i) => i + 1);
    for (const k of chosen) {
      let lambda = 1n;
      for (const m of chosen) if (m !== k) lambda = mod(lambda * BigInt(m) * modInverse(BigInt(m - k), G.q), G.q);
      x += lambda * b.trusteeKeys.get(owner + k - 1)!;
    }
    owner += t[1].verification_keys.length;
  }
  return mod(x, G.q);
}

/** 0 or 1: a ballot choice decrypted with the election's secret key. */
function decryptChoice(c: Ciphertext, x: bigint): bigint {
  const m = G.div(c.beta, G.pow(c.alpha, x));
  if (m === 1n) return 0n;
  if (m === G.g) return 1n;
  throw new Error('a choice that is neither 0 nor 1');
}

/** The result as the voters chose it: their counted ballots decrypted, times their weight. */
function expectedResult(b: ReferenceBoard): bigint[][] {
  const x = electionSecret(b);
  assert.equal(G.powG(x), b.ctx.publicKey, 'the trustees\' keys make the election key');
  const counted = lastBallotPerCredential(b);
  return b.ctx.election.questions.map((_, i) =>
    counted[0]!.ballot.answers[i]!.choices.map((_, j) => counted.reduce((sum, { ballot, weight }) => sum + weight * decryptChoice(ballot.answers[i]!.choices[j]!, x), 0n)),
  );
}

function totalWeight(b: ReferenceBoard): bigint {
  return lastBallotPerCredential(b).reduce((sum, { weight }) => sum + weight, 0n);
}

describe('the encrypted tally (spec 4.16)', () => {
  for (const shape of SHAPES) {
    test(`${shape}: the product of each credential's last ballot raised to its weight is belenios-tool's encrypted tally`, () => {
      const b = referenceBoard(shape);
      const counted = lastBallotPerCredential(b);
      assert.ok(b.ballots.length > counted.length, 'the fixture has a re-vote');
      assert.equal(counted.length, b.sized.num_tallied);
      assert.equal(totalWeight(b), b.sized.total_weight);
      assert.deepEqual(encryptedTallyOf(b.ctx, counted), b.tally);
    });
  }

  test('weights count: the weighted tally differs from the one with every weight 1', () => {
    const b = referenceBoard('threshold');
    const counted = lastBallotPerCredential(b);
    assert.ok(counted.some(({ weight }) => weight > 1n));
    assert.notDeepEqual(encryptedTallyOf(b.ctx, counted.map(({ ballot }) => ({ ballot, weight: 1n }))), b.tally);
  });

  test('with no ballots every ciphertext is (1, 1), the encryption of 0 with randomness 0, one per choice and the blank flag', () => {
    const b = referenceBoard('basic');
    const tally = encryptedTallyOf(b.ctx, []);
    assert.deepEqual(
      tally,
      b.ctx.election.questions.map((q) => Array.from({ length: (q as QuestionH).answers.length + ((q as QuestionH).blank ? 1 : 0) }, () => ({ alpha: 1n, beta: 1n }))),
    );
    assert.deepEqual(tally.map((q) => q.length), [2, 4]);
  });

  test('a ballot with another number of choices than the question cannot be tallied', () => {
    const b = referenceBoard('basic');
    const ballot: BallotH = structuredClone(b.ballots[0]!.ballot);
    ballot.answers[1]!.choices.pop();
    assert.throws(() => encryptedTallyOf(b.ctx, [{ ballot, weight: 1n }]), (e: unknown) => e instanceof InvalidRequest && /3 choices for question 2/.test(e.message));
  });
});

describe('partial decryptions (spec 4.18)', () => {
  for (const shape of SHAPES) {
    test(`${shape}: belenios-tool's partial decryptions verify against their trustee's key, and not against another trustee's`, () => {
      const b = referenceBoard(shape);
      const keys = flattenTrusteeKeys(b.trustees);
      for (const { owner, pd } of b.partialDecryptions) {
        assert.equal(partialDecryptionProblem(b.ctx, b.tally, keys[owner - 1]!.public_key, pd), undefined, `trustee ${owner}`);
        const other = keys[owner % keys.length]!.public_key;
        assert.equal(partialDecryptionProblem(b.ctx, b.tally, other, pd), 'question 1, answer 1: decryption proof does not verify');
      }
    });

    test(`${shape}: a trustee's decryption factors are alpha^x, the numbers belenios-tool published, with proofs that verify`, () => {
      const b = referenceBoard(shape);
      const keys = flattenTrusteeKeys(b.trustees);
      for (const { owner, pd } of b.partialDecryptions) {
        const ours = partialDecryptionOf(b.ctx, b.tally, b.trusteeKeys.get(owner)!);
        assert.deepEqual(ours.decryption_factors, pd.decryption_factors);
        assert.equal(partialDecryptionProblem(b.ctx, b.tally, keys[owner - 1]!.public_key, ours), undefined);
      }
    });
  }

  test('the proof is bound to the election: the same decryption does not verify for another election fingerprint', () => {
    const b = referenceBoard('basic');
    const { owner, pd } = b.partialDecryptions[0]!;
    const other = { ...b.ctx, fingerprint: b.ctx.fingerprint.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    assert.match(partialDecryptionProblem(other, b.tally, flattenTrusteeKeys(b.trustees)[owner - 1]!.public_key, pd) ?? '', /decryption proof does not verify/);
  });

  describe('malformed partial decryptions are named', () => {
    const b = referenceBoard('basic');
    const key = flattenTrusteeKeys(b.trustees)[0]!.public_key;
    const honest = b.partialDecryptions[0]!.pd;
    const problem = (change: (pd: PartialDecryption) => void) => {
      const pd = structuredClone(honest);
      change(pd);
      return partialDecryptionProblem(b.ctx, b.tally, key, pd);
    };
    test('a question missing from the factors or from the proofs', () => {
      assert.equal(problem((pd) => pd.decryption_factors.pop()), 'does not have one entry per question');
      assert.equal(problem((pd) => pd.decryption_proofs.pop()), 'does not have one entry per question');
    });
    test('an answer missing from the factors or from the proofs', () => {
      assert.equal(problem((pd) => pd.decryption_factors[1]!.pop()), 'question 2: wrong number of factors');
      assert.equal(problem((pd) => pd.decryption_proofs[1]!.pop()), 'question 2: wrong number of factors');
    });
    test('a factor outside the order-q subgroup (p - 1 has order 2)', () => {
      assert.equal(
        problem((pd) => (pd.decryption_factors[1]![2] = G.p - 1n)),
        'question 2, answer 3: decryption factor is not an element of the group',
      );
    });
    test('proof numbers that are the same modulo q but not below q (Belenios numbers in Z_q are canonical)', () => {
      // response + q passes the verification equations (g and alpha have order q):
      // only the range check refuses it.
      assert.equal(
        problem((pd) => (pd.decryption_proofs[0]![1]!.response += G.q)),
        'question 1, answer 2: proof numbers are not below q',
      );
      assert.equal(
        problem((pd) => (pd.decryption_proofs[0]![1]!.challenge += G.q)),
        'question 1, answer 2: proof numbers are not below q',
      );
    });
    test('a factor of another answer (a valid element, a wrong value)', () => {
      assert.equal(
        problem((pd) => (pd.decryption_factors[1]![0] = pd.decryption_factors[1]![1]!)),
        'question 2, answer 1: decryption proof does not verify',
      );
    });
  });

  test('a trustee does not decrypt a tally with a value outside the group', () => {
    const b = referenceBoard('basic');
    const x = b.trusteeKeys.get(1)!;
    for (const field of ['alpha', 'beta'] as const) {
      const tally: EncryptedTally = structuredClone(b.tally);
      tally[1]![0]![field] = G.p - 1n;
      assert.throws(
        () => partialDecryptionOf(b.ctx, tally, x),
        (e: unknown) => e instanceof InvalidRequest && e.message === 'the encrypted tally contains a value outside the group',
        field,
      );
    }
  });
});

describe('combining decryptions and the result (spec 4.19)', () => {
  for (const shape of SHAPES) {
    test(`${shape}: belenios-tool's partial decryptions combine to its result, the weighted count of the decrypted ballots`, () => {
      const b = referenceBoard(shape);
      const expected = expectedResult(b);
      assert.deepEqual(b.result, expected);
      const factors = combineDecryptionFactors(G, b.trustees, b.tally, b.partialDecryptions);
      assert.deepEqual(
        decryptedPowers(G, b.tally, factors),
        expected.map((q) => q.map((n) => G.powG(n))),
      );
      assert.deepEqual(resultOf(G, b.tally, factors, b.sized.total_weight), expected);
    });
  }

  describe('threshold: a basic trustee (1) and a 2-of-3 group (trustees 2-4)', () => {
    const b = referenceBoard('threshold');
    const ours = (owner: number) => ({ owner, pd: partialDecryptionOf(b.ctx, b.tally, b.trusteeKeys.get(owner)!) });
    const combineWith = (owners: number[]) => combineDecryptionFactors(G, b.trustees, b.tally, owners.map(ours));
    test('any two of the threshold trustees decrypt, all three too', () => {
      for (const owners of [[1, 2, 3], [1, 2, 4], [1, 3, 4], [1, 2, 3, 4], [4, 3, 1]]) {
        assert.deepEqual(resultOf(G, b.tally, combineWith(owners), b.sized.total_weight), b.result, owners.join(','));
      }
    });
    test('one threshold trustee is not enough, and the message says how many are needed from whom', () => {
      assert.throws(
        () => combineWith([1, 3]),
        (e: unknown) => e instanceof VerificationFailure && e.message === 'only 1 of the 2 partial decryptions needed from threshold trustees 2-4',
      );
      assert.throws(() => combineWith([1]), (e: unknown) => e instanceof VerificationFailure && /^only 0 of the 2 /.test(e.message));
    });
    test('the basic trustee cannot be replaced by threshold trustees', () => {
      assert.throws(() => combineWith([2, 3, 4]), (e: unknown) => e instanceof VerificationFailure && e.message === 'the partial decryption of trustee 1 is missing');
    });
    test('a decryption from a trustee the election does not have is refused', () => {
      for (const owner of [0, 5]) {
        const pds = [...[1, 2, 3].map(ours), { owner, pd: ours(1).pd }];
        assert.throws(
          () => combineDecryptionFactors(G, b.trustees, b.tally, pds),
          (e: unknown) => e instanceof VerificationFailure && e.message === `partial decryption from trustee ${owner}, but the election has 4 trustee(s)`,
        );
      }
    });
  });

  test('owners follow the order of the trustees whatever their kind: a threshold group first, then a basic trustee', () => {
    const b = referenceBoard('threshold');
    const [single, pedersen] = b.trustees as [Trustees[number], Trustees[number]];
    const reordered: Trustees = [pedersen, single];
    const q: QuestionH = { answers: ['a', 'b', 'c'], min: 0, max: 2, question: 'q' };
    const ctx = loadElection(makeElection({ description: 'd', name: 'n', questions: [q] }, 'Jirga1TestUuid2', G.name, reordered));
    assert.equal(ctx.publicKey, b.ctx.publicKey, 'the election key does not depend on the order');
    const votes = [[1, 1, 0], [0, 1, 0], [0, 1, 1]];
    const tally = encryptedTallyOf(ctx, votes.map((m) => ({ ballot: createBallot(ctx, generateSecretCredential(), [m]).ballot, weight: 1n })));
    // new owners: threshold trustees 1-3 (were 2-4), the basic trustee 4 (was 1)
    const keyOf = (owner: number) => b.trusteeKeys.get(owner === 4 ? 1 : owner + 1)!;
    const pds = [2, 3, 4].map((owner) => ({ owner, pd: partialDecryptionOf(ctx, tally, keyOf(owner)) }));
    const keys = flattenTrusteeKeys(reordered);
    pds.forEach(({ owner, pd }) => assert.equal(partialDecryptionProblem(ctx, tally, keys[owner - 1]!.public_key, pd), undefined));
    assert.deepEqual(resultOf(G, tally, combineDecryptionFactors(G, reordered, tally, pds), 3n), [[1n, 3n, 1n]]);
    assert.throws(
      () => combineDecryptionFactors(G, reordered, tally, pds.slice(0, 2)),
      (e: unknown) => e instanceof VerificationFailure && e.message === 'the partial decryption of trustee 4 is missing',
    );
    assert.throws(
      () => combineDecryptionFactors(G, reordered, tally, pds.slice(1)),
      (e: unknown) => e instanceof VerificationFailure && e.message === 'only 1 of the 2 partial decryptions needed from threshold trustees 1-3',
    );
  });

  describe('discrete logarithms: counts from 0 to the total weight, and nothing above it', () => {
    test('every count 0..max is found, for totals around perfect squares', () => {
      for (const max of [0n, 1n, 2n, 3n, 4n, 5n, 8n, 9n, 10n, 15n, 16n, 17n, 24n, 25n, 26n]) {
        const counts = Array.from({ length: Number(max) + 1 }, (_, n) => BigInt(n));
        assert.deepEqual(discreteLogs(G, counts.map((n) => G.powG(n)), max), counts, `max ${max}`);
      }
    });
    test('a large total: both ends and the middle', () => {
      const max = 1_000_000n;
      const counts = [0n, 1n, 999n, 1000n, 1001n, 500_000n, 999_999n, max];
      assert.deepEqual(discreteLogs(G, counts.map((n) => G.powG(n)), max), counts);
    });
    test('a count above the total weight is a wrong decryption, even when the search could reach it', () => {
      for (const max of [0n, 1n, 2n, 3n, 8n, 15n, 16n, 24n, 1_000_000n]) {
        assert.throws(
          () => discreteLogs(G, [G.powG(max + 1n)], max),
          (e: unknown) => e instanceof VerificationFailure && e.message === `a tally value is not g^n for any n up to ${max}: the decryption is wrong`,
          `max ${max}`,
        );
      }
    });
    test('a value that is no small power of g is refused', () => {
      assert.throws(() => discreteLogs(G, [G.powG(G.q - 1n)], 100n), VerificationFailure);
      assert.throws(() => discreteLogs(G, [G.powG(2n), G.p - 1n], 100n), VerificationFailure);
    });
    test('the result of a tally must be at most the total weight it is decrypted with', () => {
      const b = referenceBoard('basic');
      const factors = combineDecryptionFactors(G, b.trustees, b.tally, b.partialDecryptions);
      // the largest count in the basic election is 3 (of 4 voters)
      assert.deepEqual(resultOf(G, b.tally, factors, 3n), b.result);
      assert.throws(() => resultOf(G, b.tally, factors, 2n), VerificationFailure);
    });
  });
});
