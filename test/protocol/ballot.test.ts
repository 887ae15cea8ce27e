// Ballots (spec 4.14, 4.15) against the reference implementation: belenios-tool's
// ballots must pass our check; ours must pass belenios-tool's `election verify` and
// decrypt, with the trustees' keys, to what the voter chose. Every way a ballot can
// be wrong is refused with its reason, and numbers outside the group or Z_q make the
// ballot unusable (the CLI's exit 2, the server's "malformed"), as the README says.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArchiveWriter, payloadsOfEvent, parseArchive, decodeEvent } from '../../src/protocol/archive.ts';
import { ballotTracker, checkBallot, createBallot, parsePlaintextBallot, signBallot, type BallotCheck } from '../../src/protocol/ballot.ts';
import { writeBallot, writeElection, writeJson, type Ciphertext, type QuestionNH, type BallotH, asBallotH } from '../../src/protocol/codec.ts';
import { deriveCredentialSecret, derivePublicCredential } from '../../src/protocol/credentials.ts';
import { loadElection, type ElectionContext } from '../../src/protocol/election.ts';
import { InvalidRequest, UnusableInput } from '../../src/kernel/errors.ts';
import { sha256Hex } from '../../src/protocol/hash.ts';
import { referenceBoard } from '../helpers/reference-board.ts';
import { belenios, ROOT, tempDir } from '../helpers/tools.ts';
import { readFileSync } from 'node:fs';

const board = referenceBoard('basic');
const { ctx } = board;
const G = ctx.group;
/** The basic election's secret key: the sum of its two trustees' keys (spec 3.1.1). */
const electionKey = board.trusteeKeys.get(1)! + board.trusteeKeys.get(2)!;

/** Base64 without padding of a hexadecimal SHA-256: the same hash as Belenios' trackers. */
const hexToB64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64').replace(/=+$/, '');

function decryptChoice(c: Ciphertext): number {
  const m = G.div(c.beta, G.pow(c.alpha, electionKey));
  if (m === 1n) return 0;
  if (m === G.g) return 1;
  throw new Error('a choice that is neither 0 nor 1');
}

const text = (b: Parameters<typeof writeBallot>[0]) => writeJson(writeBallot(b));

function refused(r: BallotCheck): Extract<BallotCheck, { ok: false }> {
  assert.ok(!r.ok, 'the ballot must be refused');
  return r;
}

describe("belenios-tool's ballots", () => {
  test('every ballot on its board passes our check, with its credential and a tracker that is the hash the board names it by', () => {
    const publicCredentials = new Set(board.weights.keys());
    for (const b of board.ballots) {
      const r = checkBallot(ctx, b.text);
      assert.ok(r.ok, !r.ok ? r.message : '');
      assert.ok(publicCredentials.has(r.credential));
      assert.equal(r.credential, b.ballot.credential);
      assert.deepEqual(r.ballot, b.ballot);
      assert.equal(r.tracker, hexToB64(b.hash));
      assert.equal(ballotTracker(b.text), hexToB64(sha256Hex(b.text)));
    }
  });

  test('they decrypt, with the trustees\' keys, to the votes belenios-tool was given', () => {
    const votes = readFileSync(join(ROOT, 'test', 'fixtures', 'belenios', 'basic', 'votes.txt'), 'utf8').trim().split('\n');
    votes.forEach((line, i) => {
      const plaintext = parsePlaintextBallot(line);
      const ballot = board.ballots[i]!.ballot;
      assert.equal(ballot.credential, derivePublicCredential(G, ctx.election.uuid, board.privateCredentials[i]!));
      assert.deepEqual(ballot.answers.map((a) => a.choices.map(decryptChoice)), plaintext);
    });
  });
});

describe('createBallot', () => {
  const voter = board.privateCredentials[1]!;
  const plaintext = [[0, 1], [1, 0, 0, 0]]; // no to question 1's first answer; a blank vote on question 2
  const made = createBallot(ctx, voter, plaintext);
  const madeH = asBallotH(made.ballot);

  test('the ballot passes our check, carries the voter\'s public credential and decrypts to the choices', () => {
    const r = checkBallot(ctx, made.text);
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.equal(made.ballot.credential, derivePublicCredential(G, ctx.election.uuid, voter));
    assert.equal(made.ballot.election_uuid, ctx.election.uuid);
    assert.equal(made.ballot.election_hash, ctx.fingerprint);
    assert.deepEqual(madeH.answers.map((a) => a.choices.map(decryptChoice)), plaintext);
    assert.equal(made.text, text(madeH));
    assert.equal(made.tracker, hexToB64(sha256Hex(made.text)));
  });

  test('the revealed randomness opens every ciphertext: alpha = g^r, beta = y^r g^m (the Benaloh audit)', () => {
    madeH.answers.forEach((a, i) =>
      a.choices.forEach((c, j) => {
        const r = made.randomness[i]![j]!;
        assert.equal(c.alpha, G.powG(r));
        assert.equal(c.beta, G.mul(G.pow(ctx.publicKey, r), G.powG(BigInt(plaintext[i]![j]!))));
      }),
    );
  });

  test('the signature covers the ballot without its signature member, and proves knowledge of the credential secret', () => {
    const signature = made.ballot.signature!;
    const unsignedText = made.text.replace(/,"signature":\{"hash":"[^"]+","proof":\{"challenge":"\d+","response":"\d+"\}\}\}$/, '}');
    assert.notEqual(unsignedText, made.text);
    assert.equal(signature.hash, hexToB64(sha256Hex(unsignedText)));
    // spec 4.14: challenge = H("sig|" hash "|" g^response * credential^challenge) mod q
    const { challenge, response } = signature.proof;
    const A = G.mul(G.powG(response), G.pow(made.ballot.credential, challenge));
    assert.equal(G.hashToScalar(`sig|${signature.hash}|`, [A]), challenge);
  });

  test('belenios-tool verifies the board with the ballot cast as a re-vote', () => {
    const parsed = parseArchive(readFileSync(join(ROOT, 'test', 'fixtures', 'belenios', 'basic', 'election.bel')));
    const lookup = new Map(parsed.records.map((r) => [r.hash, r.text]));
    const writer = new ArchiveWriter(parsed.timestamp);
    for (const r of parsed.records.filter((x) => x.kind === 'event')) {
      const event = decodeEvent(r.text, 'event');
      if (event.type === 'EndBallots') break;
      for (const t of payloadsOfEvent(event, (h) => lookup.get(h))) writer.addData(t);
      writer.addEvent(event.type, event.payload);
    }
    writer.addEvent('Ballot', writer.addData(made.text));
    const dir = tempDir('jirga-ballot-');
    writeFileSync(join(dir, `${ctx.election.uuid}.bel`), writer.toBytes());
    const theirs = belenios(['election', 'verify', '--dir', dir]);
    assert.equal(theirs.code, 0, `belenios-tool election verify: ${theirs.stderr}${theirs.stdout}`);
  });

  test('a plaintext for another number of questions, or invalid for one question, is refused naming it', () => {
    assert.throws(
      () => createBallot(ctx, voter, [[0, 1]]),
      (e: unknown) => e instanceof InvalidRequest && e.message === 'the ballot answers 1 question(s) but the election has 2',
    );
    // question 2 allows at most 2 answers
    assert.throws(() => createBallot(ctx, voter, [[0, 1], [0, 1, 1, 1]]), (e: unknown) => e instanceof InvalidRequest && /^question 2: /.test(e.message));
    // blank and answers at once
    assert.throws(() => createBallot(ctx, voter, [[0, 1], [1, 1, 0, 0]]), (e: unknown) => e instanceof InvalidRequest && /^question 2: /.test(e.message));
  });

  test('a failing random source is an error of the machine, not an invalid choice of the voter', () => {
    const noEntropy = new Error('no entropy');
    assert.throws(
      () =>
        createBallot(ctx, voter, plaintext, () => {
          throw noEntropy;
        }),
      (e: unknown) => e === noEntropy,
    );
  });
});

/** The basic election with its questions replaced by one non-homomorphic question. */
function nonHomomorphicElection(): ElectionContext {
  const nh: QuestionNH = { type: 'NonHomomorphic', value: { answers: ['a', 'b'], question: 'Rank' } };
  return loadElection(writeJson(writeElection({ ...ctx.election, questions: [nh] })));
}

describe('non-homomorphic questions (ranked, graded) in a group without embedding; answers of the wrong kind', () => {
  // NH ballots themselves: test/protocol/nh-ballots.test.ts
  const nhCtx = nonHomomorphicElection();
  test('no ballot is made for them: BELENIOS-2048 cannot embed a ranking', () => {
    assert.throws(() => createBallot(nhCtx, board.privateCredentials[0]!, [[1, 0]]), (e: unknown) => e instanceof InvalidRequest && /question 1: group BELENIOS-2048 has no embedding parameters/.test(e.message));
  });
  test('a signed ballot with a homomorphic answer to them is invalid, naming both kinds', () => {
    // a ballot with the right election hash and a good signature: only the answer kind is wrong
    const oneQuestion = loadElection(writeJson(writeElection({ ...ctx.election, questions: [ctx.election.questions[0]!] })));
    const forged = createBallot({ ...oneQuestion, fingerprint: nhCtx.fingerprint }, board.privateCredentials[0]!, [[1, 0]]);
    const r = refused(checkBallot(nhCtx, forged.text));
    assert.equal(r.message, 'question 1: the question is non-homomorphic (ranked or graded) but the answer is a homomorphic one (a list of choices)');
    assert.equal(r.unusable, false);
  });
});

describe('checkBallot refuses a wrong ballot and says why', () => {
  const honest = board.ballots[0]!.ballot;
  const voterSecret = deriveCredentialSecret(G, ctx.election.uuid, board.privateCredentials[0]!);
  const check = (change: (b: BallotH) => void, resign = false) => {
    const b = structuredClone(asBallotH(honest));
    change(b);
    return refused(checkBallot(ctx, text(resign ? signBallot(ctx, { ...b, signature: undefined }, voterSecret) : b)));
  };

  test('text that is not a ballot is unusable, with the tracker of what was received and no credential', () => {
    for (const bad of ['', 'not json', '{"election_uuid":1}', '[]']) {
      const r = refused(checkBallot(ctx, bad));
      assert.equal(r.unusable, true, bad);
      assert.equal(r.tracker, hexToB64(sha256Hex(bad)));
      assert.equal(r.credential, undefined);
      assert.match(r.message, /^ballot( is not valid JSON|: )/, bad);
    }
    assert.match(refused(checkBallot(ctx, '{"election_uuid":1}')).message, /^ballot: election_uuid: /);
  });

  test('a ballot not exactly as belenios writes it', () => {
    const r = refused(checkBallot(ctx, board.ballots[0]!.text.replace('{"election_uuid"', '{ "election_uuid"')));
    assert.equal(r.message, 'ballot is not in canonical form (it is not exactly as belenios writes it)');
    assert.equal(r.unusable, false);
    assert.equal(r.credential, honest.credential);
  });

  test('a ballot for another election, or another version of it', () => {
    const other = check((b) => (b.election_uuid = 'Jirga1TestUuid2'));
    assert.equal(other.message, `ballot is for election Jirga1TestUuid2, not ${ctx.election.uuid}`);
    assert.equal(other.unusable, false);
    const version = check((b) => (b.election_hash = b.election_hash.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))));
    assert.equal(version.message, 'ballot was made for a different version of the election (election_hash differs)');
    assert.equal(version.unusable, false);
  });

  test('a ballot with an answer missing or one too many', () => {
    assert.equal(check((b) => b.answers.pop()).message, 'ballot answers 1 question(s), the election has 2');
    assert.equal(check((b) => b.answers.push(b.answers[0]!)).message, 'ballot answers 3 question(s), the election has 2');
  });

  test('a credential outside the group is unusable: out of range, or in range but outside the order-q subgroup', () => {
    for (const credential of [G.p, G.p + 5n, G.p - 1n]) {
      const r = check((b) => (b.credential = credential));
      assert.equal(r.message, 'credential is not an element of the group', String(credential));
      assert.equal(r.unusable, true);
      assert.equal(r.credential, credential);
    }
  });

  test('a ciphertext outside the group is unusable, naming the question, the choice and the number', () => {
    for (const field of ['alpha', 'beta'] as const) {
      for (const value of [G.p, G.p - 1n]) {
        const r = check((b) => (b.answers[1]!.choices[2]![field] = value));
        assert.equal(r.message, `question 2, choice 3: ${field} is not an element of the group`, `${field} = ${value}`);
        assert.equal(r.unusable, true);
      }
    }
  });

  test('a proof number increased by q is unusable: it is the same number modulo q, but Belenios numbers in Z_q are canonical', () => {
    // These changes keep every verification equation true (g, y and the ciphertexts
    // have order q): only the range check can refuse them.
    const changes: [string, (b: BallotH) => void][] = [
      ['signature response', (b) => (b.signature!.proof.response += G.q)],
      ['signature challenge', (b) => (b.signature!.proof.challenge += G.q)],
      ['individual proof', (b) => (b.answers[0]!.individual_proofs[1]![0]!.response += G.q)],
      ['overall proof', (b) => (b.answers[0]!.overall_proof[0]!.challenge += G.q)],
      ['blank proof', (b) => (b.answers[1]!.blank_proof![1]!.response += G.q)],
    ];
    for (const [name, change] of changes) {
      const r = check(change);
      assert.equal(r.message, 'a proof contains a number that is not below q', name);
      assert.equal(r.unusable, true, name);
    }
  });

  test('a ballot without a signature', () => {
    const r = check((b) => (b.signature = undefined));
    assert.equal(r.message, 'ballot is not signed');
    assert.equal(r.unusable, false);
  });

  test('a signature over another ballot, or by another credential', () => {
    const moved = check((b) => (b.answers[0] = structuredClone(board.ballots[1]!.ballot.answers[0]!)));
    assert.equal(moved.message, 'signature covers a different ballot (hash mismatch)');
    const other = check((b) => (b.credential = board.ballots[1]!.ballot.credential));
    assert.equal(other.message, 'signature covers a different ballot (hash mismatch)');
    // the signer's hash is right but the proof is for another secret
    const b = structuredClone(asBallotH(honest));
    const forged = signBallot(ctx, { ...b, signature: undefined }, voterSecret + 1n);
    const r = refused(checkBallot(ctx, text(forged)));
    assert.equal(r.message, 'signature does not verify with the ballot credential');
    assert.equal(r.unusable, false);
  });

  test('an answer whose proofs do not verify, even re-signed by the voter', () => {
    // question 1 of voter 2 (another encryption) in voter 1's ballot: the proofs are bound to voter 2's credential
    const r = check((b) => (b.answers[0] = structuredClone(board.ballots[1]!.ballot.answers[0]!)), true);
    assert.match(r.message, /^question 1: choice 1: the proof that it encrypts 0 or 1 does not verify$/);
    assert.equal(r.unusable, false);
    // choices swapped: still 0/1 each, but the proofs were made for the other order
    const swapped = check((b) => b.answers[1]!.choices.reverse(), true);
    assert.match(swapped.message, /^question 2: /);
  });

  test('the honest ballot itself passes', () => {
    assert.ok(checkBallot(ctx, text(honest)).ok);
  });
});

describe('plaintext ballot files, as belenios-tool reads them (--ballot)', () => {
  test('a JSON array of arrays of integers, with any spacing around it', () => {
    assert.deepEqual(parsePlaintextBallot(' [[1,0],[0,1,0]]\n'), [[1, 0], [0, 1, 0]]);
    assert.deepEqual(parsePlaintextBallot('[]'), []);
    // as a Windows editor saves it: a byte-order mark first
    assert.deepEqual(parsePlaintextBallot('\uFEFF[[0,1]]\r\n'), [[0, 1]]);
  });
  test('anything else is unusable', () => {
    for (const bad of ['{}', '[1,0]', '[[1,0],0]', '[[1.5]]', '[["1"]]', '[[null]]', '"[[1]]"', '[[1],{}]', '[[1,0.5]]', '[[0],[1,"0"]]']) {
      assert.throws(() => parsePlaintextBallot(bad), (e: unknown) => e instanceof UnusableInput && /array of arrays of integers/.test(e.message), bad);
    }
    assert.throws(() => parsePlaintextBallot('[[1,0]'), (e: unknown) => e instanceof UnusableInput && /^plaintext ballot is not valid JSON/.test(e.message));
  });
});
