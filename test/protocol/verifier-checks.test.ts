// Every check of the verifier has a tampered archive that makes it — and only it —
// fail, named with its exact message (test/helpers/tamper-cases.ts builds them from
// elections run by belenios-tool). Run in process, so mutation testing of
// src/protocol/verify.ts runs it too; test/interop/tamper-agreement.test.ts runs the
// same cases through `jirga verify` beside `belenios-tool election verify`.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { decodeText, writeEncryptedTally, writeJson, zEncryptedTally } from '../../src/protocol/codec.ts';
import { verifyArchive, type BallotChecker, type Check, type VerificationReport } from '../../src/protocol/verify.ts';
import { boardOf, fixture, HONEST_BOARDS, memoBallotChecker, TAMPER_CASES } from '../helpers/tamper-cases.ts';
import { ROOT } from '../helpers/tools.ts';

const verify = (bytes: Uint8Array): Promise<VerificationReport> => verifyArchive(bytes, { checkBallots: memoBallotChecker });

// each board is made and verified once; the per-case tests and the whole-report test share it
const reports = new Map<object, Promise<VerificationReport>>();
const reportOf = (board: { fixture: Parameters<typeof fixture>[0]; make: (f: ReturnType<typeof fixture>) => Uint8Array }) => {
  let r = reports.get(board);
  if (!r) {
    r = verify(board.make(fixture(board.fixture)));
    reports.set(board, r);
  }
  return r;
};

const table = (r: VerificationReport) => r.checks.map((c) => `  [${c.status}] ${c.name}: ${c.detail}`).join('\n');

describe('the elections the tamper cases start from verify', () => {
  for (const h of HONEST_BOARDS) {
    test(`${h.fixture} election, ${h.name}`, async () => {
      const r = await reportOf(h);
      assert.equal(r.status, 'valid', table(r));
      for (const c of r.checks) assert.equal(c.status, 'ok', `${c.name}: ${c.detail}`);
    });
  }
});

describe('each tampered archive fails exactly the check that guards it', () => {
  for (const t of TAMPER_CASES) {
    test(`${t.check}: ${t.name}`, async () => {
      const r = await reportOf(t);
      const checked = r.checks.find((c) => c.name === t.check);
      assert.ok(checked, `no "${t.check}" check ran:\n${table(r)}`);
      assert.equal(checked.status, t.status, table(r));
      assert.match(checked.detail, t.detail, table(r));
      assert.equal(r.status, t.status === 'failed' ? 'invalid' : 'unusable');
      assert.equal(r.conclusion, `${t.check}: ${checked.detail}`, 'the conclusion names this check first');
      const others = r.checks.filter((c) => c !== checked && (c.status === 'failed' || c.status === 'unusable')).map((c) => c.name);
      assert.deepEqual(others, t.alsoFails ?? [], `other checks failed:\n${table(r)}`);
    });
  }

  test('every check the verifier makes on a tallied election has a tamper case', async () => {
    const r = await verify(fixture('threshold').bytes);
    // "setup data" is decoded by the event chain check first: a malformed one is
    // reported there (see the missing-payload case and the setup data that names no
    // credentials record, where both fail), so it has no case of its own.
    const names = r.checks.map((c) => c.name).filter((n) => n !== 'setup data');
    const covered = new Set(TAMPER_CASES.map((t) => t.check));
    assert.deepEqual(names.filter((n) => !covered.has(n)), []);
  });
});

// What an observer reads, for every board above: each check's verdict and words, the
// conclusion, the phase and the counts. test/fixtures/verifier-reports.txt holds them,
// reviewed line by line; values that change from run to run (trackers and hashes of
// re-signed ballots, big numbers, archive sizes) are replaced by <…>. After a deliberate
// change of wording, rewrite it with JIRGA_UPDATE_REPORTS=1 and read the diff.
const REPORTS = join(ROOT, 'test', 'fixtures', 'verifier-reports.txt');

function normalised(r: VerificationReport): string {
  const lines = [
    ...r.checks.map((c) => `[${c.status}] ${c.name}: ${c.detail}`),
    `status: ${r.status}`,
    `conclusion: ${r.conclusion}`,
    `uuid ${r.uuid ?? '-'}, phase ${r.phase ?? '-'}, ballots ${r.ballots ?? '-'}, voters ${r.voters ?? '-'}, result ${JSON.stringify(r.result?.map((q) => q.map(String)) ?? null)}`,
  ];
  return lines
    .map((l) =>
      l
        .replace(/tracker [A-Za-z0-9+/]{43}/g, 'tracker <tracker>')
        .replace(/\b\d{30,}\b/g, '<number>')
        .replace(/[0-9a-f]{64}/g, '<sha256>')
        .replace(/[0-9a-f]{16}…/g, '<sha256>…')
        .replace(/^\[ok\] archive structure: (\d+) records, \d+ bytes/, '[ok] archive structure: $1 records, <n> bytes'),
    )
    .join('\n');
}

describe('the whole report, as an observer reads it', () => {
  test('every board: each check, its words, the conclusion, the phase and the counts', async () => {
    const sections: string[] = [];
    for (const h of HONEST_BOARDS) sections.push(`## untouched: ${h.fixture} election, ${h.name}\n${normalised(await reportOf(h))}`);
    for (const t of TAMPER_CASES) sections.push(`## ${t.check}: ${t.name} (${t.fixture} election)\n${normalised(await reportOf(t))}`);
    const text = `${sections.join('\n\n')}\n`;
    if (process.env.JIRGA_UPDATE_REPORTS === '1') writeFileSync(REPORTS, text);
    const expected = readFileSync(REPORTS, 'utf8').split('\n\n');
    const actual = text.split('\n\n');
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) assert.equal(actual[i], expected[i]);
  });

  test('the tallied fixtures in full: sizes, and the board state handed to the tally and decryption commands', async () => {
    // records: setup 4 data + event; 2 per ballot; EndBallots; tally 2 + event; 3 per
    // partial decryption; result 1 + event — basic: 5 + 5×2 + 1 + 3 + 2×3 + 2 = 27,
    // threshold: 5 + 7×2 + 1 + 3 + 3×3 + 2 = 34
    const basic = await verify(fixture('basic').bytes);
    assert.equal(basic.checks[0]!.detail, `27 records, 108032 bytes, timestamp ${boardOf(fixture('basic').bytes).timestamp}`);
    const threshold = await verify(fixture('threshold').bytes);
    assert.equal(threshold.checks[0]!.detail, `34 records, 155136 bytes, timestamp ${boardOf(fixture('threshold').bytes).timestamp}`);
    for (const [r, name, counted, weight, owners] of [
      [basic, 'basic', 4, 4n, [1, 2]],
      [threshold, 'threshold', 6, 12n, [1, 2, 4]],
    ] as const) {
      const s = r.board!;
      const board = boardOf(fixture(name).bytes);
      assert.equal(s.timestamp, board.timestamp);
      assert.equal(s.events.length, board.events.length);
      assert.deepEqual(s.events.map((e) => e.type), board.events.map((e) => e.type));
      assert.equal(s.ctx?.election.uuid, fixture(name).ctx.election.uuid);
      assert.equal(s.trustees?.length, name === 'basic' ? 2 : 2);
      assert.equal(s.credentials?.size, name === 'basic' ? 4 : 6);
      assert.equal(s.counted?.count, counted);
      assert.equal(s.totalWeight, weight);
      const published = board.events.find((e) => e.type === 'EncryptedTally');
      assert.ok(published?.type === 'EncryptedTally');
      assert.equal(writeJson(writeEncryptedTally(s.tally!)), writeJson(writeEncryptedTally(decodeText(zEncryptedTally, published.tally, 'tally'))));
      assert.deepEqual(s.partialDecryptions?.map((p) => p.owner), owners);
    }
  });

  test('the ballot checker it is given decides each ballot', async () => {
    const refuseAll: BallotChecker = async (_, ballots) => ballots.map(() => ({ ok: false, unusable: false, message: 'refused by the injected checker', tracker: 'T' }));
    const r = await verifyArchive(fixture('basic').bytes, { checkBallots: refuseAll });
    assert.equal(r.conclusion, 'ballots: ballot 1 of 5 (tracker T): refused by the injected checker');
    const unusable: BallotChecker = async (_, ballots) => ballots.map(() => ({ ok: false, unusable: true, message: 'unreadable', tracker: 'T' }));
    const u = await verifyArchive(fixture('basic').bytes, { checkBallots: unusable });
    assert.equal(u.status, 'unusable');
    assert.equal(u.conclusion, 'ballots: ballot 1 of 5 (tracker T): unreadable');
  });

  test('without a checker given, ballots are checked in this thread', async () => {
    const r = await verifyArchive(fixture('basic').bytes);
    assert.equal(r.status, 'valid');
    assert.equal(r.checks.find((c) => c.name === 'ballots')?.detail, '5 ballot(s) valid; 4 counted (last ballot per credential, 1 replaced by re-votes)');
  });

  test('each check is announced as it completes, in the order of the report', async () => {
    const seen: Check[] = [];
    const r = await verifyArchive(fixture('threshold').bytes, { onCheck: (c) => seen.push(c), checkBallots: memoBallotChecker });
    assert.deepEqual(seen, r.checks);
    assert.equal(seen.length, 12);
  });

  test('an archive over the size limit is refused before anything else', async () => {
    const bytes = fixture('basic').bytes;
    const r = await verifyArchive(bytes, { maxBytes: bytes.length - 1 });
    assert.equal(r.status, 'unusable');
    assert.deepEqual(r.checks.map((c) => c.name), ['archive structure']);
    assert.equal(r.conclusion, `archive structure: archive is ${bytes.length} bytes, more than the limit of ${bytes.length - 1} (raise it with --max-size)`);
    assert.equal((await verifyArchive(bytes, { maxBytes: bytes.length, checkBallots: memoBallotChecker })).status, 'valid');
  });
});
