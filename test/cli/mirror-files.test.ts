// A mirror's copy read as a stream (issue 18): nothing in a pull's memory grows with the
// number of ballots. The copy held is scanned as a stream with no size limit; the file a
// pull writes is verified by the streamed verifier, which refuses a file whose first bytes
// are not the copy held; the ballots of the copy held are told apart from the new ones by
// position, on the verifier's first reading only.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { incrementalChecker } from '../../src/cli/mirror-command.ts';
import { CopyChanged, NotReadWhole, scanCopy, verifyCopy } from '../../src/cli/mirror-files.ts';
import { ArchiveWriter, decodeEvent, parseArchive } from '../../src/protocol/archive.ts';
import { sequentialBallotChecker, type BallotChecker } from '../../src/protocol/verify.ts';
import { ROOT, tempDir } from '../helpers/tools.ts';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'belenios', 'basic', 'election.bel');
const bytes = readFileSync(FIXTURE);
const parsed = parseArchive(bytes);
const ballotTexts = parsed.records.flatMap((r, i) => (r.kind === 'event' && decodeEvent(r.text, 'e').type === 'Ballot' ? [parsed.records[i - 1]!.text] : []));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('the copy held is read as a stream: its head, its ballots, its size and SHA-256; no size limit on the pull path', async () => {
  const held = await scanCopy(FIXTURE);
  const events = parsed.records.filter((r) => r.kind === 'event');
  const last = events[events.length - 1]!;
  assert.deepEqual(held.head, { height: events.length - 1, hash: last.hash });
  assert.equal(held.ballots, ballotTexts.length);
  assert.ok(held.ballots > 0);
  assert.equal(held.timestamp, parsed.timestamp);
  assert.equal(held.file.size, bytes.length);
  assert.equal(held.file.sha256, sha(bytes));
  // a truncated copy is refused with the archive reader's words
  const d = tempDir('jirga-mirror-files-');
  writeFileSync(join(d, 'cut.bel'), bytes.subarray(0, bytes.length - 512));
  await assert.rejects(scanCopy(join(d, 'cut.bel')), /truncated/);
  // the pull path reads no copy whole and sets no size limit (the 1 GiB one of archives held in memory)
  for (const file of ['src/cli/mirror-command.ts', 'src/cli/mirror-files.ts']) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    assert.doesNotMatch(source, /DEFAULT_MAX_ARCHIVE_BYTES|readFileSync|readCopy|parseArchive\(|verifyArchive\(/, file);
  }
});

test('a file whose first bytes are not the copy held is not verified; the bytes verified are hashed', async () => {
  const checker = () => sequentialBallotChecker;
  const ok = await verifyCopy(FIXTURE, checker, { size: bytes.length - 4096, sha256: sha(bytes.subarray(0, bytes.length - 4096)) });
  assert.equal(ok.report.status, 'valid', ok.report.conclusion);
  assert.deepEqual(ok.read, { sha256: sha(bytes), size: bytes.length });
  await assert.rejects(verifyCopy(FIXTURE, checker, { size: bytes.length - 4096, sha256: sha(bytes.subarray(0, bytes.length - 4097)) }), CopyChanged);
  // the whole file, and nothing more
  await assert.rejects(verifyCopy(FIXTURE, checker, { size: bytes.length - 4096, sha256: sha(bytes.subarray(0, bytes.length - 4096)), exact: true }), CopyChanged);
  await assert.rejects(verifyCopy(FIXTURE, checker, { size: bytes.length + 512, sha256: sha(bytes) }), CopyChanged);
});

test('the held ballots are skipped by position on the first reading only; every later ballot is checked', async () => {
  assert.ok(ballotTexts.length >= 3, 'the fixture has at least 3 ballots');
  const asked: string[][] = [];
  const recording: BallotChecker = async (raw, ballots) => {
    asked.push([...ballots]);
    return sequentialBallotChecker(raw, ballots);
  };
  let first = true;
  const held = 2;
  const check = incrementalChecker(held, recording, () => first);
  const electionRaw = parsed.records[0]!.text;
  const [a, b, c] = ballotTexts as [string, string, string];
  // first reading: the first two ballots handed over (in two batches) are only parsed
  const r1 = await check(electionRaw, [a]);
  const r2 = await check(electionRaw, [b, c]);
  assert.deepEqual(asked, [[c]]);
  for (const r of [...r1, ...r2]) assert.equal(r.ok, true);
  // a second reading (the archive read again whole): everything is checked, from the first ballot on
  first = false;
  await check(electionRaw, [a, b]);
  assert.deepEqual(asked, [[c], [a, b]]);
  // a held ballot skipped is only parsed: its tracker and credential are given
  const again = incrementalChecker(1, recording, () => true);
  const [skipped] = await again(electionRaw, [a]);
  assert.equal(skipped!.ok, true);
  assert.equal(skipped!.tracker, (await sequentialBallotChecker(electionRaw, [a]))[0]!.tracker);
  // a new ballot that does not verify is refused (its proofs are checked)
  const forged = JSON.parse(c);
  const response: string = forged.signature.proof.response;
  forged.signature.proof.response = response.slice(0, -1) + (response.endsWith('1') ? '2' : '1');
  const [, bad] = await incrementalChecker(1, sequentialBallotChecker, () => true)(electionRaw, [a, JSON.stringify(forged)]);
  assert.equal(bad!.ok, false);
});

test('a file that is not what belenios writes is read again whole to name the difference only up to a size', async () => {
  // an extra data record before the last event: the streamed reading stops there
  const w = new ArchiveWriter(parsed.timestamp);
  parsed.records.forEach((r, i) => {
    if (i === parsed.records.length - 1) w.addData('{"extra":true}');
    w.addRecordText(r.kind, r.text);
  });
  const d = tempDir('jirga-mirror-files-');
  const path = join(d, 'odd.bel');
  writeFileSync(path, w.toBytes());
  const checker = () => sequentialBallotChecker;
  const named = await verifyCopy(path, checker);
  assert.equal(named.report.status, 'invalid');
  assert.match(named.report.conclusion, /^canonical archive: /);
  await assert.rejects(verifyCopy(path, checker, undefined, 4096), (e: unknown) => e instanceof NotReadWhole && /not an archive as belenios writes it/.test(e.message));
  // a file that is what belenios writes is verified at any size
  const ok = await verifyCopy(FIXTURE, checker, undefined, 4096);
  assert.equal(ok.report.status, 'valid', ok.report.conclusion);
});
