// The streamed verifier (verifyArchiveStream: the archive as chunks, never whole in
// memory) says exactly what verifyArchive says, check by check, on every honest board and
// every tampered archive, whatever the chunk sizes; and an archive cut anywhere is never
// valid, except exactly after an event, where what remains is the board at that height.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseArchive } from '../../src/protocol/archive.ts';
import { verifyArchive, verifyArchiveStream, type ArchiveSource, type VerificationReport, type VerifyProgress } from '../../src/protocol/verify.ts';
import { fixture, HONEST_BOARDS, memoBallotChecker, TAMPER_CASES } from '../helpers/tamper-cases.ts';

/** A stream of the bytes in chunks of pseudo-random sizes (1 byte to 3 blocks), read again from the start on each call. */
function streamed(bytes: Uint8Array, seed: number): ArchiveSource {
  return {
    async *chunks() {
      let s = seed;
      for (let at = 0; at < bytes.length; ) {
        s = (s * 1103515245 + 12345) % 2 ** 31;
        const n = 1 + (s % 1536);
        yield bytes.slice(at, at + n);
        at += n;
      }
    },
  };
}

const said = (r: VerificationReport) => ({
  status: r.status,
  conclusion: r.conclusion,
  checks: r.checks.map((c) => `[${c.status}] ${c.name}: ${c.detail}`),
  uuid: r.uuid,
  phase: r.phase,
  ballots: r.ballots,
  voters: r.voters,
  result: r.result?.map((q) => q.map(String)),
});

describe('streamed and whole, the verifier says the same', () => {
  const boards = [...HONEST_BOARDS.map((h) => ({ ...h, name: `untouched: ${h.fixture}, ${h.name}` })), ...TAMPER_CASES.map((t) => ({ ...t, name: `${t.check}: ${t.name}` }))];
  boards.forEach((b, i) => {
    test(b.name, async () => {
      const bytes = b.make(fixture(b.fixture));
      const whole = await verifyArchive(bytes, { checkBallots: memoBallotChecker });
      const stream = await verifyArchiveStream(streamed(bytes, i + 1), { checkBallots: memoBallotChecker });
      assert.deepEqual(said(stream), said(whole));
    });
  });

  test('progress is reported as ballots are checked, up to every ballot of the board', async () => {
    const bytes = fixture('threshold').bytes;
    const seen: VerifyProgress[] = [];
    const r = await verifyArchiveStream({ ...streamed(bytes, 7), size: bytes.length }, { checkBallots: memoBallotChecker, onProgress: (p) => seen.push(p) });
    assert.equal(r.status, 'valid');
    assert.ok(seen.length > 0);
    const last = seen[seen.length - 1]!;
    assert.equal(last.checked, r.ballots);
    assert.equal(last.totalBytes, bytes.length);
    // a streamed run keeps the events other than ballots; verifyArchive keeps them all
    assert.equal(r.board!.events.filter((e) => e.type === 'Ballot').length, 0);
    const whole = await verifyArchive(bytes, { checkBallots: memoBallotChecker });
    assert.equal(whole.board!.events.filter((e) => e.type === 'Ballot').length, r.ballots);
  });

  test('a limit on a stream of unknown size stops reading past it', async () => {
    const bytes = fixture('basic').bytes;
    const r = await verifyArchiveStream(streamed(bytes, 3), { maxBytes: 4096 });
    assert.equal(r.status, 'unusable');
    assert.equal(r.conclusion, 'archive structure: archive is more than 4096 bytes (raise the limit with --max-size)');
    // a code the web app words in every language, not an English sentence
    assert.deepEqual({ code: r.checks[0]!.code, params: r.checks[0]!.params }, { code: 'archiveOverLimit', params: { limit: 4096 } });
  });
});

describe('an archive cut at any byte is never valid (but at the end of an event: the board at that height)', () => {
  const bytes = fixture('basic').bytes;
  const parsed = parseArchive(bytes);
  const starts = [0, ...parsed.records.map((r) => r.offset), bytes.length];
  // each record ends where the next starts; an event's end leaves a whole board
  const eventEnds = new Set(parsed.records.flatMap((r, i) => (r.kind === 'event' ? [starts[i + 2]!] : [])));
  const cuts = new Set<number>();
  for (const s of starts) for (const d of [-1, 0, 1, 511, 512, 513]) if (s + d > 0 && s + d < bytes.length) cuts.add(s + d);
  let s = 42;
  for (let k = 0; k < 120; k++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    cuts.add(1 + (s % (bytes.length - 1)));
  }
  cuts.add(0);

  test(`${cuts.size} cut points, ${starts.length} of them tar header boundaries`, async () => {
    let valid = 0;
    for (const at of [...cuts].sort((a, b) => a - b)) {
      const cut = bytes.slice(0, at);
      const r = await verifyArchiveStream(streamed(cut, at), { checkBallots: memoBallotChecker });
      if (eventEnds.has(at)) {
        // the board as it was at that height: every check passes on what is there
        assert.equal(r.status, 'valid', `cut at ${at}: ${r.conclusion}`);
        valid++;
      } else {
        assert.ok(r.status === 'invalid' || r.status === 'unusable', `cut at ${at} is ${r.status}: ${r.conclusion}`);
      }
    }
    assert.ok(valid > 0 && valid < cuts.size);
  });
});
