// `jirga verify` exits 2 ("unusable input") only when the file cannot be read as a
// Belenios archive at all; an archive that reads and fails a check exits 1, naming the
// first failing check — even when the record that was altered is also unreadable or
// holds a number outside the group (issue 18, item 6). belenios-tool rejects each too.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fixture, rawRecords } from '../helpers/tamper-cases.ts';
import { beleniosVerify, jirga, lastLine, tempDir } from '../helpers/tools.ts';

const isBallot = (text: string) => text.startsWith('{"election_uuid"');

function verifyBytes(bytes: Uint8Array) {
  const file = join(tempDir('jirga-exit-'), 'election.bel');
  writeFileSync(file, bytes);
  return { ours: jirga(['verify', '--workers', '1', file]), theirs: beleniosVerify(bytes) };
}

const failing = (stdout: string) => stdout.split('\n').filter((l) => /^\[(FAIL|BAD )\]/.test(l));

describe('exit 1, not 2, for a tampered archive whose altered record is also bad input', () => {
  test('a ballot altered in place to hold a ciphertext outside the group (its record hash fails)', () => {
    const f = fixture('basic');
    const p = f.ctx.group.p;
    let altered = 0;
    const bytes = rawRecords(f.bytes, (rs) =>
      rs.map((r) => {
        if (altered || !isBallot(r.text)) return r;
        altered++;
        return { ...r, text: r.text.replace(/"alpha":"\d+"/, `"alpha":"${p - 1n}"`) };
      }),
    );
    assert.equal(altered, 1);
    const { ours, theirs } = verifyBytes(bytes);
    assert.equal(ours.code, 1, ours.stdout);
    assert.match(lastLine(ours.stdout), /^invalid: record hashes: data record [0-9a-f]{64}\.data\.json \(at byte \d+\) has content whose SHA-256 is [0-9a-f]{64}$/);
    // the ballot itself is judged too: its alpha is outside the group, a failed check
    assert.ok(failing(ours.stdout).some((l) => /^\[FAIL\] ballots: ballot 1 of 5 .*alpha is not an element of the group$/.test(l)), ours.stdout);
    assert.ok(!failing(ours.stdout).some((l) => l.startsWith('[BAD ]')), ours.stdout);
    assert.notEqual(theirs.code, 0, theirs.stdout + theirs.stderr);
  });

  test('the result altered in place into text that is not a result (its record hash fails first)', () => {
    const f = fixture('basic');
    const bytes = rawRecords(f.bytes, (rs) => rs.map((r) => (r.text.startsWith('{"result"') ? { ...r, text: '{"result":"all of them"}' } : r)));
    const { ours, theirs } = verifyBytes(bytes);
    assert.equal(ours.code, 1, ours.stdout);
    assert.match(lastLine(ours.stdout), /^invalid: record hashes: /);
    // the unreadable result is still reported for what it is
    assert.ok(failing(ours.stdout).some((l) => /^\[BAD \] result: the result record: /.test(l)), ours.stdout);
    assert.notEqual(theirs.code, 0, theirs.stdout + theirs.stderr);
  });

  test('bytes that are not a tar archive are unusable input, exit 2', () => {
    const { ours, theirs } = verifyBytes(new TextEncoder().encode('{"not":"an archive"}\n'.repeat(100)));
    assert.equal(ours.code, 2, ours.stdout);
    assert.match(lastLine(ours.stdout), /^invalid: unusable input: archive structure: /);
    assert.notEqual(theirs.code, 0);
  });
});
