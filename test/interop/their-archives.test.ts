// Their archives, our verifier: elections made entirely by belenios-tool pass
// `jirga verify`; tampered copies are rejected naming the failure, and
// belenios-tool agrees on every case.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalArchive, decodeEvent, parseArchive, setupOfArchive } from '../../src/protocol/archive.ts';
import { spawnSync } from 'node:child_process';
import { createBallot, signBallot } from '../../src/protocol/ballot.ts';
import { decodeText, writeBallot, writeJson, zBallot, zPartialDecryption, zResult, writePartialDecryption, writeResult } from '../../src/protocol/codec.ts';
import { deriveCredentialSecret, derivePublicCredential, generateSecretCredential } from '../../src/protocol/credentials.ts';
import { loadElection, type ElectionContext } from '../../src/protocol/election.ts';
import { ArchiveWriter } from '../../src/protocol/archive.ts';
import { beleniosVerify, belenios, jirga, lastLine, referenceElection, tempDir, type ReferenceElection } from '../helpers/tools.ts';
import { corruptInPlace, dropRecords, rechain, recordsOf } from '../helpers/tamper.ts';

function jirgaVerify(bytes: Uint8Array) {
  const dir = tempDir();
  const file = join(dir, 'tampered.bel');
  writeFileSync(file, bytes);
  return jirga(['verify', file]);
}

function contextOf(bytes: Uint8Array): ElectionContext {
  return loadElection(setupOfArchive(parseArchive(bytes)).election);
}

/** Index of the n-th data record that is a ballot. */
function ballotRecordIndexes(bytes: Uint8Array): number[] {
  return recordsOf(bytes)
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.kind === 'data' && r.text.startsWith('{"election_uuid"'))
    .map(({ i }) => i);
}

function secretFor(ctx: ElectionContext, election: ReferenceElection, credentialKey: bigint): bigint {
  const cred = election.privateCredentials.find((c) => derivePublicCredential(ctx.group, ctx.election.uuid, c) === credentialKey);
  assert.ok(cred, 'the private credential of the ballot is known to the test');
  return deriveCredentialSecret(ctx.group, ctx.election.uuid, cred);
}

/** Expect jirga to say invalid (exit 1) with the given last line, and belenios to refuse. */
function expectRejected(bytes: Uint8Array, expected: RegExp, onlyThisCheck = true) {
  const ours = jirgaVerify(bytes);
  assert.equal(ours.code, 1, `jirga verify should exit 1:\n${ours.stdout}${ours.stderr}`);
  assert.match(lastLine(ours.stdout), expected);
  const failures = ours.stdout.split('\n').filter((l) => l.startsWith('[FAIL]') || l.startsWith('[BAD ]'));
  if (onlyThisCheck) assert.equal(failures.length, 1, `only the intended check fails:\n${ours.stdout}`);
  assert.doesNotMatch(ours.stdout + ours.stderr, /at .*\.ts:\d+/, 'no stack trace');
  const theirs = beleniosVerify(bytes);
  assert.notEqual(theirs.code, 0, `belenios-tool should also reject it:\n${theirs.stdout}${theirs.stderr}`);
}

describe('archives made by belenios-tool verify with jirga', () => {
  const shapes: [string, 'basic' | 'threshold', number, string[]][] = [
    ['basic trustees, blank-allowed question, re-votes, tallied', 'basic', 5, ['--revotes', '2']],
    ['threshold 2-of-3 + basic trustee, weights, re-vote, tallied', 'threshold', 6, ['--weights', '--revotes', '1']],
    ['basic trustees, open (untallied)', 'basic', 4, ['--open']],
    ['threshold trustees, weights, open (untallied)', 'threshold', 3, ['--open', '--weights']],
  ];
  for (const [name, mode, voters, flags] of shapes) {
    test(name, () => {
      const e = referenceElection(mode, voters, flags);
      const r = jirga(['verify', e.archive]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(lastLine(r.stdout), /^valid: /);
      if (flags.includes('--open')) {
        assert.match(lastLine(r.stdout), /is open/);
      } else {
        const result = decodeText(zResult, belenios(['election', 'compute-result', '--dir', e.dir]).stdout.trim(), 'result');
        assert.match(lastLine(r.stdout), new RegExp(JSON.stringify(result.result.map((q) => q.map(String))).replace(/[[\]]/g, '\\$&')));
      }
    });
  }
});

describe('tampered belenios-tool archives are rejected, naming the failure', () => {
  let tallied: ReferenceElection;
  let open: ReferenceElection;
  before(() => {
    tallied = referenceElection('basic', 4, ['--revotes', '1']);
    open = referenceElection('threshold', 4, ['--open']);
  });

  test('a ballot proof altered (ballot re-signed so only the proof is wrong)', () => {
    const ctx = contextOf(tallied.bytes);
    const target = ballotRecordIndexes(tallied.bytes)[1]!;
    const bytes = rechain(tallied.bytes, ({ text, index }) => {
      if (index !== target) return text;
      const b = decodeText(zBallot, text, 'ballot');
      const p = b.answers[0]!.individual_proofs[1]![0]!;
      p.response = (p.response + 1n) % ctx.group.q;
      return writeJson(writeBallot(signBallot(ctx, b, secretFor(ctx, tallied, b.credential))));
    });
    expectRejected(bytes, /^invalid: ballots: ballot 2 of \d+ \(tracker .+\): question 1: choice 2: the proof that it encrypts 0 or 1 does not verify$/);
  });

  test('a ciphertext altered (ballot re-signed)', () => {
    const ctx = contextOf(tallied.bytes);
    const target = ballotRecordIndexes(tallied.bytes)[0]!;
    const bytes = rechain(tallied.bytes, ({ text, index }) => {
      if (index !== target) return text;
      const b = decodeText(zBallot, text, 'ballot');
      const c = b.answers[1]!.choices[2]!;
      c.beta = ctx.group.mul(c.beta, ctx.group.g); // still a group element, now encrypts m+1
      return writeJson(writeBallot(signBallot(ctx, b, secretFor(ctx, tallied, b.credential))));
    });
    expectRejected(bytes, /^invalid: ballots: ballot 1 of \d+ \(tracker .+\): question 2: choice 3: the proof that it encrypts 0 or 1 does not verify$/);
  });

  test('a ballot under a credential that is not on the list', () => {
    const ctx = contextOf(open.bytes);
    const stranger = createBallot(ctx, generateSecretCredential(), [[1, 0], [0, 1, 0, 0]]);
    const writer = ArchiveWriter.resume(parseArchive(open.bytes));
    writer.addEvent('Ballot', writer.addData(stranger.text));
    const bytes = new Uint8Array([...open.bytes, ...writer.toBytes()]);
    expectRejected(bytes, /^invalid: ballots: ballot 5 of 5 \(tracker .+\): its credential is not on the list of public credentials$/);
  });

  test('a result altered', () => {
    const bytes = rechain(tallied.bytes, ({ text }) => {
      if (!text.startsWith('{"result"')) return text;
      const r = decodeText(zResult, text, 'result');
      r.result[0]![1]! += 1n;
      return writeJson(writeResult(r));
    });
    expectRejected(bytes, /^invalid: result: question 1, answer 2: the result claims \d+, which is not what the decryption gives$/);
  });

  test('a partial decryption altered', () => {
    const ctx = contextOf(tallied.bytes);
    let done = false;
    const bytes = rechain(tallied.bytes, ({ text }) => {
      if (done || !text.startsWith('{"decryption_factors"')) return text;
      done = true;
      const pd = decodeText(zPartialDecryption, text, 'pd');
      pd.decryption_factors[1]![0] = ctx.group.mul(pd.decryption_factors[1]![0]!, ctx.group.g);
      return writeJson(writePartialDecryption(pd));
    });
    expectRejected(bytes, /^invalid: partial decryptions: partial decryption of trustee 1: question 2, answer 1: decryption proof does not verify$/);
  });

  test('a payload whose hash no longer matches its name', () => {
    const target = ballotRecordIndexes(tallied.bytes)[2]!;
    const text = recordsOf(tallied.bytes)[target]!.text;
    const digit = /"response":"(\d)/.exec(text)![1]!;
    const bytes = corruptInPlace(tallied.bytes, target, `"response":"${digit}`, `"response":"${digit === '1' ? '2' : '1'}`);
    // not re-chained: the altered ballot also fails later checks; the first failure names the hash
    expectRejected(bytes, /^invalid: record hashes: data record [0-9a-f]{64}\.data\.json \(at byte \d+\) has content whose SHA-256 is [0-9a-f]{64}$/, false);
  });

  test('a duplicate public credential', () => {
    const { credentials } = setupOfArchive(parseArchive(tallied.bytes));
    const list: string[] = JSON.parse(credentials);
    const bytes = rechain(tallied.bytes, ({ text }) => (text === credentials ? JSON.stringify([...list, list[0]!]) : text));
    expectRejected(bytes, /^invalid: public credentials: public credential 5 appears twice \(duplicate credential\)$/);
  });

  test('an event removed from the chain', () => {
    const records = recordsOf(open.bytes);
    // the second ballot: its data record and its event
    const ballotEvents = records.map((r, i) => ({ r, i })).filter(({ r }) => r.kind === 'event' && r.text.includes('"type":"Ballot"'));
    const victim = ballotEvents[1]!.i;
    const bytes = dropRecords(open.bytes, [victim - 1, victim]);
    expectRejected(bytes, /^invalid: event chain: event at height 3 \(Ballot\) names parent [0-9a-f]{16}…, which is not in the archive: an event was removed$/);
  });

  test('the owner of an unaltered archive is still valid after re-chaining (the tampering tool is honest)', () => {
    const bytes = rechain(tallied.bytes, ({ text }) => text);
    assert.deepEqual(Buffer.from(bytes), Buffer.from(tallied.bytes));
    assert.equal(beleniosVerify(bytes).code, 0);
  });
});

describe('belenios-tool and jirga write the same archive bytes', () => {
  test('belenios-tool archive make, from the extracted files, equals our canonical archive', () => {
    const e = referenceElection('threshold', 3, ['--revotes', '1']);
    const dir = tempDir('jirga-extract-');
    assert.equal(spawnSync('tar', ['-xf', e.archive, '-C', dir]).status, 0);
    const made = spawnSync('belenios-tool', ['archive', 'make', '--dir', dir]);
    assert.equal(made.status, 0, String(made.stderr));
    const parsed = parseArchive(e.bytes);
    const events = parsed.records.filter((r) => r.kind === 'event').map((r) => decodeEvent(r.text, 'event'));
    const ours = canonicalArchive(parsed.timestamp, events, (h) => parsed.records.find((r) => r.hash === h)?.text);
    assert.deepEqual(Buffer.from(ours), made.stdout);
    assert.deepEqual(Buffer.from(ours), Buffer.from(e.bytes));
  });
});
