// Verifiable shuffles (spec 4.17 and section 6) against the reference, belenios-tool:
// its shuffles of a real election with non-homomorphic questions pass our verifier and
// are read and written back byte for byte; tampered copies fail, naming what failed;
// our shuffles, appended to its archive as a trustee's Shuffle event, pass its
// `election verify`, before and after one of its own shuffles, and the decrypted result
// is still the voters' choices.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { decodeEvent, parseArchive, setupOfArchive } from '../../src/protocol/archive.ts';
import {
  decodeText,
  writeJson,
  writeOwned,
  writeShuffle,
  zEncryptedTally,
  zOwned,
  zShuffle,
  type Ciphertext,
  type Shuffle,
} from '../../src/protocol/codec.ts';
import { loadElection, type ElectionContext } from '../../src/protocol/election.ts';
import { verifyArchive } from '../../src/protocol/verify.ts';
import { multiPow } from '../../src/protocol/exp/multi-exp.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { sha256Hex } from '../../src/protocol/hash.ts';
import { randomBelow } from '../../src/protocol/random.ts';
import {
  getGenerator,
  jacobi,
  mergeNhCiphertexts,
  nhCiphertexts,
  shuffleCiphertexts,
  shuffleElection,
  verifyShuffleChain,
  verifyShuffleProof,
} from '../../src/protocol/shuffle.ts';
import { archiveIn, belenios, ROOT, run, tempDir } from '../helpers/tools.ts';

const SCRIPT = join(ROOT, 'test', 'helpers', 'belenios-nh-election.sh');
const VOTERS = 6;

function script(...args: string[]): void {
  const r = run('bash', [SCRIPT, ...args]);
  if (r.code !== 0) throw new Error(`belenios-nh-election.sh ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
}

interface Board {
  ctx: ElectionContext;
  /** nh_ciphertexts of the encrypted tally: the first shuffle's input. */
  input: Ciphertext[][];
  shuffleTexts: string[];
  shuffles: Shuffle[];
  owners: number[];
  /** The Result payload's `result`: counts for homomorphic questions, the decrypted
   * answers (one per ballot, in shuffled order) for non-homomorphic ones. */
  result?: unknown[][];
}

function readBoard(dir: string): Board {
  const parsed = parseArchive(readFileSync(archiveIn(dir)));
  const byHash = new Map(parsed.records.map((r) => [r.hash, r.text]));
  const get = (h: string | undefined) => {
    const text = h === undefined ? undefined : byHash.get(h);
    if (text === undefined) throw new Error(`missing record ${h}`);
    return text;
  };
  const events = parsed.records.filter((r) => r.kind === 'event').map((r) => decodeEvent(r.text, 'event'));
  const ctx = loadElection(setupOfArchive(parsed).election);
  const sized = JSON.parse(get(events.find((e) => e.type === 'EncryptedTally')!.payload)) as { encrypted_tally: string };
  const tally = decodeText(zEncryptedTally, get(sized.encrypted_tally), 'encrypted tally');
  const owned = events.filter((e) => e.type === 'Shuffle').map((e) => decodeText(zOwned, get(e.payload), 'owned shuffle'));
  const shuffleTexts = owned.map((o) => get(o.payload));
  const resultEvent = events.find((e) => e.type === 'Result');
  return {
    ctx,
    input: nhCiphertexts(ctx.election.questions, tally),
    shuffleTexts,
    shuffles: shuffleTexts.map((t) => decodeText(zShuffle, t, 'shuffle')),
    owners: owned.map((o) => o.owner),
    ...(resultEvent && { result: (JSON.parse(get(resultEvent.payload)) as { result: unknown[][] }).result }),
  };
}

/** Our shuffle as `belenios-tool election shuffle` prints it: the shuffle, then the
 * owned payload naming it; piped into `archive add-event --type=Shuffle`. */
function appendShuffle(dir: string, shuffle: Shuffle, owner: number): void {
  const text = writeJson(writeShuffle(shuffle));
  const owned = writeJson(writeOwned({ owner, payload: sha256Hex(text) }));
  const r = belenios(['archive', 'add-event', '--dir', dir, '--type=Shuffle'], { input: `${text}\n${owned}\n` });
  assert.equal(r.code, 0, r.stderr);
}

function beleniosVerifyDir(dir: string) {
  return belenios(['election', 'verify', '--dir', dir]);
}

const clone = (s: Shuffle): Shuffle => decodeText(zShuffle, writeJson(writeShuffle(s)), 'shuffle');

/** The voters' non-homomorphic answers (votes.txt), as sorted texts per question. */
function expectedNhAnswers(dir: string): string[][] {
  const votes = readFileSync(join(dir, 'votes.txt'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as number[][]);
  return [1, 2].map((q) => votes.map((v) => JSON.stringify(v[q])).sort());
}

describe('shuffles made by belenios-tool', () => {
  let base: string; // encrypted tally, no shuffle yet
  let theirs: string; // two belenios-tool shuffles
  let board: Board;

  /** A copy of the base election shuffled by us (trustee 1), then by belenios-tool (trustee 2), then decrypted. */
  const oursThenTheirsDecrypted = (name: string): string => {
    const dir = join(tempDir('jirga-shuffle-'), name);
    cpSync(base, dir, { recursive: true });
    const start = readBoard(dir);
    appendShuffle(dir, shuffleElection(start.ctx, start.input), 1);
    script('shuffle', dir, '2');
    script('finish', dir);
    return dir;
  };

  before(() => {
    belenios(['--version']);
    base = join(tempDir('jirga-shuffle-'), 'base');
    script('setup', base, String(VOTERS), '0');
    theirs = join(tempDir('jirga-shuffle-'), 'theirs');
    cpSync(base, theirs, { recursive: true });
    script('shuffle', theirs, '1');
    script('shuffle', theirs, '2');
    board = readBoard(theirs);
  });

  test('the reference election has two non-homomorphic questions and two shuffles', () => {
    assert.equal(board.ctx.election.group, 'RFC-3526-2048');
    assert.equal(board.input.length, 2);
    assert.ok(board.input.every((cs) => cs.length === VOTERS));
    assert.deepEqual(board.owners, [1, 2]);
  });

  test('each shuffle is read and written back byte for byte', () => {
    for (let k = 0; k < board.shuffles.length; k++) {
      assert.equal(writeJson(writeShuffle(board.shuffles[k]!)), board.shuffleTexts[k]);
    }
  });

  test('every shuffle proof passes our verifier, and the chain ends in the last shuffle\'s output', () => {
    const verdict = verifyShuffleChain(board.ctx, board.input, board.shuffles);
    assert.ok(verdict.ok, JSON.stringify(!verdict.ok && verdict));
    assert.deepEqual(verdict.output, board.shuffles[1]!.ciphertexts);
    // the shuffle really permuted and re-encrypted: no output ciphertext is an input one
    const inputs = new Set(board.input.flat().map((c) => c.alpha));
    assert.ok(board.shuffles[0]!.ciphertexts.flat().every((c) => !inputs.has(c.alpha)));
  });

  test('tampered copies fail, naming the shuffle, the question and the part', () => {
    const [first, second] = board.shuffles as [Shuffle, Shuffle];
    const { p, g, q } = board.ctx.group;
    const cases: { what: string; tamper: (s: Shuffle) => void; shuffle?: number; question: number; check: string }[] = [
      {
        what: 'a shuffled ciphertext changed (still a group element)',
        tamper: (s) => (s.ciphertexts[0]![3]!.beta = (s.ciphertexts[0]![3]!.beta * g) % p),
        question: 1, check: 't1',
      },
      {
        what: 'a shuffled ciphertext that is not a group element',
        tamper: (s) => (s.ciphertexts[1]![2]!.alpha = p - s.ciphertexts[1]![2]!.alpha),
        question: 2, check: 'output[2].alpha',
      },
      {
        what: 'the output reordered',
        tamper: (s) => {
          const cs = s.ciphertexts[0]!;
          [cs[0], cs[1]] = [cs[1]!, cs[0]!];
        },
        question: 1, check: 't1',
      },
      { what: 'a ciphertext dropped', tamper: (s) => s.ciphertexts[1]!.pop(), question: 2, check: 'length' },
      { what: 'the response s3 changed', tamper: (s) => (s.proofs[0]!.s.s3 = (s.proofs[0]!.s.s3 + 1n) % q), question: 1, check: 't3' },
      { what: 'the response s4 changed', tamper: (s) => (s.proofs[1]!.s.s4 = (s.proofs[1]!.s.s4 + 1n) % q), question: 2, check: 't41' },
      { what: 'a response ŝ changed', tamper: (s) => (s.proofs[0]!.s.sHat[5] = (s.proofs[0]!.s.sHat[5]! + 1n) % q), question: 1, check: 'tHat[5]' },
      { what: "a response s' changed", tamper: (s) => (s.proofs[1]!.s.sPrime[0] = (s.proofs[1]!.s.sPrime[0]! + 1n) % q), question: 2, check: 't3' },
      { what: 'a response out of Z_q', tamper: (s) => (s.proofs[0]!.s.s1 += q), question: 1, check: 's1' },
      { what: 'a commitment of the chain changed', tamper: (s) => (s.proofs[0]!.cHat[2] = (s.proofs[0]!.cHat[2]! * g) % p), question: 1, check: 't1' },
      { what: 'the permutation commitment changed', tamper: (s) => (s.proofs[1]!.c[0] = (s.proofs[1]!.c[0]! * g) % p), question: 2, check: 't1' },
      { what: 'the commitment t2 changed', tamper: (s) => (s.proofs[0]!.t.t2 = (s.proofs[0]!.t.t2 * g) % p), question: 1, check: 't1' },
      { what: 'a commitment not in the group', tamper: (s) => (s.proofs[0]!.cHat[1] = p - s.proofs[0]!.cHat[1]!), question: 1, check: 'cHat[1]' },
      { what: "a response s' missing", tamper: (s) => s.proofs[1]!.s.sPrime.pop(), question: 2, check: 'length of sPrime' },
      { what: 'the second shuffle changed', tamper: () => {}, shuffle: 2, question: 1, check: 't1' },
    ];
    for (const c of cases) {
      const a = clone(first);
      const b = clone(second);
      if (c.shuffle === 2) b.ciphertexts[0]![0]!.alpha = (b.ciphertexts[0]![0]!.alpha * g) % p;
      else c.tamper(a);
      const verdict = verifyShuffleChain(board.ctx, board.input, [a, b]);
      assert.equal(verdict.ok, false, c.what);
      assert.ok(!verdict.ok);
      assert.equal(verdict.shuffle, c.shuffle ?? 1, c.what);
      assert.equal(verdict.failure.question, c.question, c.what);
      assert.equal(verdict.failure.check, c.check, `${c.what}: ${verdict.failure.message}`);
      assert.match(verdict.failure.message, /^non-homomorphic question \d: /, c.what);
    }
    // shuffles in the wrong order, and a shuffle against the wrong input
    const swapped = verifyShuffleChain(board.ctx, board.input, [second, first]);
    assert.ok(!swapped.ok && swapped.shuffle === 1);
    const wrongKey = verifyShuffleChain({ ...board.ctx, publicKey: (board.ctx.publicKey * g) % p }, board.input, board.shuffles);
    // y is hashed into the challenge c, so the first equation already fails
    assert.ok(!wrongKey.ok && wrongKey.failure.check === 't1');
    // another first character, always (a fixed 'x' left 1 fingerprint in 64 unchanged, and the test failed)
    const fingerprint = board.ctx.fingerprint.replace(/^./, (c) => (c === 'x' ? 'y' : 'x'));
    assert.notEqual(fingerprint, board.ctx.fingerprint);
    const wrongElection = verifyShuffleChain({ ...board.ctx, fingerprint }, board.input, board.shuffles);
    assert.ok(!wrongElection.ok && wrongElection.failure.check === 't1');
  });

  test('our shuffle after theirs, and theirs after ours, pass belenios-tool verify; decrypted, the result is the votes', () => {
    // theirs first (trustee 1), then ours (trustee 2)
    const mixed = join(tempDir('jirga-shuffle-'), 'mixed');
    cpSync(base, mixed, { recursive: true });
    script('shuffle', mixed, '1');
    const afterTheirs = readBoard(mixed);
    const ours = shuffleElection(afterTheirs.ctx, afterTheirs.shuffles[0]!.ciphertexts);
    appendShuffle(mixed, ours, 2);
    const check1 = beleniosVerifyDir(mixed);
    assert.equal(check1.code, 0, check1.stderr);
    assert.match(check1.stdout + check1.stderr, /all checks passed/);

    // ours first (trustee 1, over the encrypted tally), then theirs (trustee 2)
    const reverse = oursThenTheirsDecrypted('reverse');
    const check3 = beleniosVerifyDir(reverse);
    assert.equal(check3.code, 0, check3.stderr);
    assert.match(check3.stdout + check3.stderr, /all checks passed/);
    const reversed = readBoard(reverse);
    assert.ok(verifyShuffleChain(reversed.ctx, reversed.input, reversed.shuffles).ok);
    assert.deepEqual(
      reversed.result!.slice(1).map((answers) => answers.map((a) => JSON.stringify(a)).sort()),
      expectedNhAnswers(reverse),
    );
  });

  test('belenios-tool refuses our shuffle once tampered, naming the shuffle; so does jirga verify', async () => {
    const bad = join(tempDir('jirga-shuffle-'), 'bad');
    cpSync(base, bad, { recursive: true });
    const start = readBoard(bad);
    const ours = shuffleElection(start.ctx, start.input);
    ours.proofs[1]!.s.s2 = (ours.proofs[1]!.s.s2 + 1n) % start.ctx.group.q;
    assert.equal(verifyShuffleChain(start.ctx, start.input, [ours]).ok, false);
    appendShuffle(bad, ours, 1);
    const r = beleniosVerifyDir(bad);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /shuffle #0 failed tests/);
    // and jirga verify: invalid, naming the shuffle, its trustee, the question and the part
    const report = await verifyArchive(readFileSync(archiveIn(bad)));
    assert.equal(report.status, 'invalid');
    const check = report.checks.find((c) => c.name === 'shuffles');
    assert.equal(check?.status, 'failed');
    assert.equal(check?.code, 'shuffleFailed');
    assert.deepEqual({ shuffle: check?.params.shuffle, owner: check?.params.owner, question: check?.params.question }, { shuffle: 1, owner: 1, question: 2 });
  });

  test('a Shuffle event whose payload is not a shuffle: jirga verify says the shuffle cannot be read (invalid), not valid', async () => {
    const odd = join(tempDir('jirga-shuffle-'), 'odd');
    cpSync(base, odd, { recursive: true });
    const text = '{"ciphertexts":"not a list","proofs":[]}';
    const owned = writeJson(writeOwned({ owner: 1, payload: sha256Hex(text) }));
    const added = belenios(['archive', 'add-event', '--dir', odd, '--type=Shuffle'], { input: `${text}\n${owned}\n` });
    assert.equal(added.code, 0, added.stderr);
    const report = await verifyArchive(readFileSync(archiveIn(odd)));
    assert.notEqual(report.status, 'valid');
    const check = report.checks.find((c) => c.name === 'shuffles');
    assert.equal(check?.code, 'shuffleUnreadable', JSON.stringify(report.checks.filter((c) => c.status !== 'ok')));
    assert.equal(check?.params.shuffle, 1);
  });

  test('jirga verify checks the chain of shuffles and the decryption of their output: theirs alone, and ours then theirs, decrypted', async () => {
    const open = await verifyArchive(readFileSync(archiveIn(theirs)));
    assert.equal(open.status, 'valid', JSON.stringify(open.checks.filter((c) => c.status !== 'ok')));
    assert.equal(open.checks.find((c) => c.name === 'shuffles')?.code, 'shufflesOk');
    assert.equal(open.checks.find((c) => c.name === 'shuffles')?.params.count, 2);
    const reverse = oursThenTheirsDecrypted('reverse2');
    const done = await verifyArchive(readFileSync(archiveIn(reverse)));
    assert.equal(done.status, 'valid', JSON.stringify(done.checks.filter((c) => c.status !== 'ok')));
    for (const name of ['shuffles', 'partial decryptions', 'result']) assert.equal(done.checks.find((c) => c.name === name)?.status, 'ok', name);
    // the result named in the conclusion holds the voters' rankings and gradings
    for (const answers of expectedNhAnswers(reverse)) for (const a of answers) assert.ok(done.conclusion.includes(a), `${a} in ${done.conclusion}`);
  });

  test('a payload with the wrong number of questions is refused', () => {
    const verdict = verifyShuffleChain(board.ctx, board.input.slice(0, 1), board.shuffles);
    assert.ok(!verdict.ok && verdict.failure.check === 'questions');
  });
});

describe('shuffles, without belenios-tool', () => {
  test('a shuffle in BELENIOS-2048 (not a safe prime) verifies, and a changed one does not', () => {
    const group = getGroup('BELENIOS-2048');
    const x = randomBelow(group.q);
    const ctx = { group, publicKey: group.powG(x), fingerprint: 'test-fingerprint' };
    const input = Array.from({ length: 5 }, (_, i) => {
      const r = randomBelow(group.q);
      return { alpha: group.powG(r), beta: group.mul(group.powFixed(ctx.publicKey, r), group.powG(BigInt(i))) };
    });
    const { ciphertexts, proof } = shuffleCiphertexts(ctx, input);
    assert.ok(verifyShuffleProof(ctx, input, ciphertexts, proof).ok);
    // decrypting the output gives the same plaintexts in another order
    const plain = (cs: readonly Ciphertext[]) => cs.map((c) => group.div(c.beta, group.pow(c.alpha, x))).sort();
    assert.deepEqual(plain(ciphertexts), plain(input));
    const changed = { ...proof, t: { ...proof.t, t3: group.mul(proof.t.t3, group.g) } };
    const verdict = verifyShuffleProof(ctx, input, ciphertexts, changed);
    assert.ok(!verdict.ok && verdict.failure.check === 't1');
    // an element outside the order-q subgroup
    const outside = [...ciphertexts];
    outside[0] = { alpha: group.p - 1n, beta: ciphertexts[0]!.beta };
    const v2 = verifyShuffleProof(ctx, input, outside, proof);
    assert.ok(!v2.ok && v2.failure.check === 'output[0].alpha');
  });

  test('an empty list shuffles and verifies (belenios accepts N = 0)', () => {
    const group = getGroup('RFC-3526-2048');
    const ctx = { group, publicKey: group.powG(12345n), fingerprint: 'f' };
    const { ciphertexts, proof } = shuffleCiphertexts(ctx, []);
    assert.deepEqual(ciphertexts, []);
    assert.ok(verifyShuffleProof(ctx, [], [], proof).ok);
  });

  test('the independent generators are SHA256("ggen|i") squared (RFC-3526-2048, cofactor 2)', () => {
    const group = getGroup('RFC-3526-2048');
    for (const i of [-1, 0, 7]) {
      const x = BigInt('0x' + sha256Hex(`ggen|${i}`));
      assert.equal(getGenerator(group, i), (x * x) % group.p);
    }
  });

  test('the Jacobi symbol agrees with Euler\'s criterion, and products of powers with single powers', () => {
    const group = getGroup('RFC-3526-2048');
    for (let k = 0; k < 6; k++) {
      const a = randomBelow(group.p - 2n) + 2n;
      const euler = group.pow(a, group.q);
      assert.equal(jacobi(a, group.p), euler === 1n ? 1 : -1);
    }
    const bases = Array.from({ length: 300 }, () => randomBelow(group.p - 2n) + 2n);
    const exps = bases.map((_, i) => (i % 7 === 0 ? 0n : randomBelow(1n << 256n)));
    let naive = 1n;
    for (let i = 0; i < bases.length; i++) naive = group.mul(naive, group.pow(bases[i]!, exps[i]!));
    assert.equal(multiPow(bases, exps, group.p), naive);
  });

  test('mergeNhCiphertexts puts the shuffled lists back in place of the non-homomorphic questions', () => {
    const h = { answers: ['a'], min: 0, max: 1, question: 'h' };
    const nh = { type: 'NonHomomorphic' as const, value: { answers: ['x', 'y'], question: 'nh' } };
    const c = (n: bigint) => ({ alpha: n, beta: n });
    const tally = [[c(1n)], [c(2n), c(3n)], [c(4n)]];
    const questions = [h, nh, h];
    assert.deepEqual(nhCiphertexts(questions, tally), [[c(2n), c(3n)]]);
    assert.deepEqual(mergeNhCiphertexts(questions, tally, [[c(3n), c(2n)]]), [[c(1n)], [c(3n), c(2n)], [c(4n)]]);
  });
});
