// The verifier's memory does not grow with the ballots: it multiplies every valid
// ballot into running products and keeps per credential only the position of its last
// ballot; when re-votes replaced ballots, it reads those again and divides them out.
// Here: the divided-out tally is exactly tally.ts's tally of the last ballots (and
// belenios-tool accepts the board), the archive is read twice only when re-votes need
// it, a board that changes between the two readings is never valid, and the counter's
// state holds no ciphertext of any ballot (a structural check, not a timing one).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseArchive } from '../../src/protocol/archive.ts';
import { createBallot, type BallotCheck } from '../../src/protocol/ballot.ts';
import { decodeText, writeEncryptedTally, writeJson, zEncryptedTally, type Ballot, type QuestionH } from '../../src/protocol/codec.ts';
import { choiceCount, type ElectionContext } from '../../src/protocol/election.ts';
import { randomPlaintext } from '../../src/protocol/simulate.ts';
import { encryptedTallyOf } from '../../src/protocol/tally.ts';
import { verifyArchiveStream, type ArchiveSource, type VerificationReport } from '../../src/protocol/verify.ts';
import { BallotCounter } from '../../src/protocol/verify-checks.ts';
import { verifyFile } from '../../src/cli/verify-command.ts';
import { beleniosVerify, tempDir } from '../helpers/tools.ts';
import { boardOf, fixture, lastBallots, memoBallotChecker, retallied, writeBoard, type Board, type BoardEvent, type Fixture } from '../helpers/tamper-cases.ts';

/** The bytes in chunks of pseudo-random sizes; `reads` counts the readings. */
function source(first: Uint8Array, again: Uint8Array = first): ArchiveSource & { reads: number } {
  const s = {
    reads: 0,
    async *chunks() {
      const bytes = s.reads++ === 0 ? first : again;
      let seed = 7 + s.reads;
      for (let at = 0; at < bytes.length; ) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const n = 1 + (seed % 3000);
        yield bytes.slice(at, at + n);
        at += n;
      }
    },
  };
  return s;
}

const tallyText = (t: Parameters<typeof writeEncryptedTally>[0]) => writeJson(writeEncryptedTally(t));

/** A ballot of voter `v` of the fixture (a fresh random choice). */
function ballotOf(f: Fixture, v: number): BoardEvent {
  const plaintext = f.ctx.election.questions.map((q) => randomPlaintext(q as QuestionH));
  return { type: 'Ballot', ballot: createBallot(f.ctx, f.credentials[v]!, plaintext).text };
}

/** The threshold fixture (weighted credentials, one re-vote already) with more re-votes,
 * interleaved: voter 0 votes three times in all, voter 2 again in the middle, voter 4
 * again at the end; tallied, decrypted and published honestly. */
function revotedBoard(): { f: Fixture; board: Board; bytes: Uint8Array } {
  const f = fixture('threshold');
  const b = boardOf(f.bytes);
  const firstBallot = b.events.findIndex((e) => e.type === 'Ballot');
  const end = b.events.findIndex((e) => e.type === 'EndBallots');
  const ballots = b.events.slice(firstBallot, end);
  const events = [
    ...b.events.slice(0, firstBallot),
    ballots[0]!,
    ballotOf(f, 0),
    ...ballots.slice(1, 3),
    ballotOf(f, 2),
    ballotOf(f, 0),
    ...ballots.slice(3),
    ballotOf(f, 4),
    ...b.events.slice(end),
  ];
  const board: Board = { ...b, events };
  const counted = lastBallots(board);
  const tallied = retallied(f, board, encryptedTallyOf(f.ctx, counted), counted.length, counted.reduce((a, c) => a + c.weight, 0n));
  return { f, board: tallied, bytes: writeBoard(tallied) };
}

describe('a board with re-votes: the products of every ballot, the replaced ones divided out', () => {
  const { f, board, bytes } = revotedBoard();
  const totalBallots = board.events.filter((e) => e.type === 'Ballot').length;

  test('the tally is tally.ts\'s tally of the last ballot of each credential, read twice', async () => {
    const s = source(bytes);
    const r = await verifyArchiveStream(s, { checkBallots: memoBallotChecker });
    assert.equal(r.status, 'valid', r.conclusion);
    const counted = lastBallots(board);
    assert.equal(r.checks.find((c) => c.name === 'ballots')?.detail, `${totalBallots} ballot(s) valid; ${counted.length} counted (last ballot per credential, ${totalBallots - counted.length} replaced by re-votes)`);
    assert.equal(totalBallots - counted.length, 5, 'five ballots replaced (one in the fixture, four added)');
    assert.equal(tallyText(r.board!.tally!), tallyText(encryptedTallyOf(f.ctx, counted)));
    // the published one too, and not the product of every ballot: the division mattered
    const published = board.events.find((e) => e.type === 'EncryptedTally');
    assert.ok(published?.type === 'EncryptedTally');
    assert.equal(tallyText(r.board!.tally!), tallyText(decodeText(zEncryptedTally, published.tally, 'tally')));
    assert.notEqual(tallyText(r.board!.tally!), tallyText(encryptedTallyOf(f.ctx, lastBallots(board, 'first'))));
    assert.equal(r.board!.counted?.count, counted.length);
    assert.equal(r.board!.counted?.replaced, 5);
    assert.equal(s.reads, 2, 'the second reading is for the replaced ballots');
  });

  test('the second reading says how far it is: the replaced ballots read again, of how many', async () => {
    const said: { read: number; of: number }[] = [];
    const r = await verifyArchiveStream(source(bytes), { checkBallots: memoBallotChecker, onReadAgain: (p) => said.push(p) });
    assert.equal(r.status, 'valid', r.conclusion);
    assert.deepEqual(said, [0, 1, 2, 3, 4, 5].map((read) => ({ read, of: 5 })));
  });

  test('belenios-tool verifies the same board', () => {
    const theirs = beleniosVerify(bytes);
    assert.equal(theirs.code, 0, theirs.stdout + theirs.stderr);
  });

  test('without re-votes the archive is read once, and the products are the tally', async () => {
    // the last ballot of each credential only, tallied again
    const seen = new Set<string>();
    const last = [...board.events].reverse().filter((e) => {
      if (e.type !== 'Ballot') return true;
      const credential = String((JSON.parse(e.ballot) as { credential: string }).credential);
      if (seen.has(credential)) return false;
      seen.add(credential);
      return true;
    }).reverse();
    const once: Board = { ...board, events: last };
    const counted = lastBallots(once);
    const bytesOnce = writeBoard(retallied(f, once, encryptedTallyOf(f.ctx, counted), counted.length, counted.reduce((a, c) => a + c.weight, 0n)));
    const s = source(bytesOnce);
    const r = await verifyArchiveStream(s, { checkBallots: memoBallotChecker });
    assert.equal(r.status, 'valid', r.conclusion);
    assert.equal(s.reads, 1);
    assert.equal(tallyText(r.board!.tally!), tallyText(encryptedTallyOf(f.ctx, counted)));
  });
});

describe('a board that changes between the two readings is never valid', () => {
  const { f, board, bytes } = revotedBoard();
  const CHANGED = 'encrypted tally: the archive changed while it was verified: read a second time for the ballots that re-votes replaced, it is not the board read the first time (verify a copy that does not change)';
  const expectChanged = (r: VerificationReport) => {
    assert.equal(r.status, 'unusable', r.conclusion);
    assert.equal(r.conclusion, CHANGED);
    assert.equal(r.checks.find((c) => c.name === 'encrypted tally')?.code, 'archiveChanged');
  };

  test('a replaced ballot swapped for another ballot of the same voter (re-chained)', async () => {
    const i = board.events.findIndex((e) => e.type === 'Ballot');
    const events = [...board.events];
    events[i] = ballotOf(f, 0);
    expectChanged(await verifyArchiveStream(source(bytes, writeBoard({ ...board, events })), { checkBallots: memoBallotChecker }));
  });

  test('one byte of a replaced ballot changed (its record no longer hashes to its name)', async () => {
    const changed = bytes.slice();
    const text = (board.events.find((e) => e.type === 'Ballot') as { ballot: string }).ballot;
    const at = Buffer.from(changed).indexOf(Buffer.from(text.slice(0, 200)));
    assert.ok(at > 0);
    const digit = at + text.indexOf('"alpha":"') + 12;
    changed[digit] = changed[digit] === 0x31 ? 0x32 : 0x31;
    expectChanged(await verifyArchiveStream(source(bytes, changed), { checkBallots: memoBallotChecker }));
  });

  test('cut short before its last ballot, empty, or another election', async () => {
    const lastBallotEvent = board.events.map((e) => e.type).lastIndexOf('Ballot');
    const cut = writeBoard({ ...board, events: board.events.slice(0, lastBallotEvent) });
    expectChanged(await verifyArchiveStream(source(bytes, cut), { checkBallots: memoBallotChecker }));
    expectChanged(await verifyArchiveStream(source(bytes, new Uint8Array(0)), { checkBallots: memoBallotChecker }));
    // cut inside the last ballot's event record
    const records = parseArchive(bytes).records;
    const lastBallotRecord = records.filter((r) => r.kind === 'event' && r.text.includes('"type":"Ballot"')).pop()!;
    expectChanged(await verifyArchiveStream(source(bytes, bytes.slice(0, lastBallotRecord.offset + 700)), { checkBallots: memoBallotChecker }));
    expectChanged(await verifyArchiveStream(source(bytes, fixture('basic').bytes), { checkBallots: memoBallotChecker }));
  });

  test('what follows the last ballot may differ (a board that grew since): only the ballots are read again', async () => {
    const lastBallotEvent = board.events.map((e) => e.type).lastIndexOf('Ballot');
    const open = writeBoard({ ...board, events: board.events.slice(0, lastBallotEvent + 1) });
    const r = await verifyArchiveStream(source(bytes, open), { checkBallots: memoBallotChecker });
    assert.equal(r.status, 'valid', r.conclusion);
  });

  test('jirga verify on a file rewritten between its two readings: exit 2, the change named', async () => {
    const dir = tempDir('jirga-changing-');
    const path = join(dir, 'election.bel');
    writeFileSync(path, bytes);
    const i = board.events.findIndex((e) => e.type === 'Ballot');
    const events = [...board.events];
    events[i] = ballotOf(f, 0);
    const other = writeBoard({ ...board, events });
    const r = await verifyFile(path, {
      workers: 1,
      // the ballots are judged on the first reading: the file is then replaced
      onCheck: (c) => {
        if (c.name === 'ballots') writeFileSync(path, other);
      },
    });
    assert.deepEqual(new Uint8Array(readFileSync(path)), other);
    assert.equal(r.conclusion, CHANGED);
    assert.equal(r.status, 'unusable');
    // the same file left alone is valid
    writeFileSync(path, bytes);
    assert.equal((await verifyFile(path, { workers: 1 })).status, 'valid');
  });
});

// ------------------------------------------------------------------ the counter's state

/** Group elements (> 2^64) reachable from `root`, not counting Map keys (the credential
 * table's own numbers) nor what `skip` holds (the election context and its tables), and
 * the objects that look like ciphertexts. */
function reachable(root: object, skip: readonly object[]): { elements: number; ciphertexts: number } {
  const seen = new Set<unknown>(skip);
  let elements = 0;
  let ciphertexts = 0;
  const visit = (v: unknown): void => {
    if (typeof v === 'bigint') {
      if (v > 2n ** 64n) elements++;
      return;
    }
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if ('alpha' in v && 'beta' in v) ciphertexts++;
    if (v instanceof Map) for (const x of v.values()) visit(x);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (!ArrayBuffer.isView(v)) Object.values(v).forEach(visit);
  };
  visit(root);
  return { elements, ciphertexts };
}

/** A counter fed `ballots` valid ballots from `voters` credentials (each voter votes in
 * turn, then again): the checks carry random ciphertexts, nothing is verified here. */
function fedCounter(ctx: ElectionContext, voters: number, ballots: number): BallotCounter {
  const { group } = ctx;
  const credentials = new Map(Array.from({ length: voters }, (_, i) => [group.powG(BigInt(1000 + i)), 1n] as const));
  const keys = [...credentials.keys()];
  const counter = new BallotCounter(ctx, credentials, async function* () {});
  const checks: BallotCheck[] = Array.from({ length: ballots }, (_, n) => {
    const answers = ctx.election.questions.map((q) => ({
      choices: Array.from({ length: choiceCount(q) }, (_, j) => ({ alpha: group.powG(BigInt(7 * n + j + 2)), beta: group.powG(BigInt(11 * n + j + 3)) })),
    }));
    return { ok: true, ballot: { answers } as unknown as Ballot, credential: keys[n % voters]!, tracker: `T${n}` };
  });
  counter.add(checks);
  counter.finish(ballots);
  return counter;
}

describe("the ballots check's state holds no ballot's ciphertext", () => {
  const { ctx } = fixture('threshold');
  const products = 2 * ctx.election.questions.reduce((a, q) => a + choiceCount(q), 0);

  test('the same few group elements (two per choice: the running products) for 12 ballots of 4 voters and 90 of 30', () => {
    const small = reachable(fedCounter(ctx, 4, 12), [ctx, ctx.group]);
    const large = reachable(fedCounter(ctx, 30, 90), [ctx, ctx.group]);
    assert.deepEqual(small, { elements: products, ciphertexts: 0 });
    assert.deepEqual(large, { elements: products, ciphertexts: 0 });
  });
});
