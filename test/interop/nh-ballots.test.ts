// Ranked and graded (non-homomorphic) questions beside the reference, both ways:
// elections set up by belenios-tool (one NH question alone; NH mixed with homomorphic
// ones), ballots made by `belenios-tool election generate-ballot` pass Jirga's ballot
// check and decrypt (with the trustee's key) to the vector they were made for; ballots
// made by Jirga pass `belenios-tool election verify`, and belenios-tool's own shuffle,
// decryption and result give back the vectors Jirga embedded; a tampered NH proof is
// refused by both, each naming it; `jirga verify` passes the open elections; Jirga
// checks belenios-tool's decryption of its shuffled ciphertexts and gets its result byte for byte.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { decodeVector } from '../../src/protocol/answers-nh.ts';
import { parseArchive, setupOfArchive } from '../../src/protocol/archive.ts';
import { checkBallot, createBallot, signBallot, type PlaintextBallot } from '../../src/protocol/ballot.ts';
import { z } from 'zod';
import { decodeText, decodeValue, isAnswerH, writeBallot, writeJson, writeMixedResult, zBallot, zCiphertext, zNumber, zTrustees } from '../../src/protocol/codec.ts';
import { mergeNhCiphertexts } from '../../src/protocol/shuffle.ts';
import { combineDecryptionFactors, resultWithNh } from '../../src/protocol/tally.ts';
import { checkMixedResult, checkPartialDecryptions, FailedCheck } from '../../src/protocol/verify-checks.ts';
import { deriveCredentialSecret } from '../../src/protocol/credentials.ts';
import { loadElection, type ElectionContext } from '../../src/protocol/election.ts';
import { verifyArchive } from '../../src/protocol/verify.ts';
import { belenios, jirga, lastLine, tempDir } from '../helpers/tools.ts';

interface NhElection {
  dir: string;
  ctx: ElectionContext;
  /** The voters' secret credentials, in the order of private_creds.txt. */
  credentials: string[];
  /** The basic trustee's secret key (one trustee). */
  trusteeKey: bigint;
}

function ok(r: { code: number; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  return r.stdout;
}

/** An election set up entirely by belenios-tool in group RFC-3526-2048, with one basic
 * trustee, its archive initialised (as test/helpers/belenios-election.sh does). */
function beleniosElection(questions: unknown[], voters: number): NhElection {
  const dir = tempDir('jirga-nh-');
  const run = (args: string[], input?: string) => ok(belenios(args, { cwd: dir, ...(input === undefined ? {} : { input }) }), args.join(' '));
  const uuid = run(['setup', 'generate-token']).trim();
  const group = ['--group', 'RFC-3526-2048'];
  writeFileSync(join(dir, 'voters.txt'), Array.from({ length: voters }, (_, i) => `voter${i + 1}@example.org\n`).join(''));
  run(['setup', 'generate-credentials', '--uuid', uuid, ...group, '--file', 'voters.txt']);
  const file = (ext: string) => readdirSync(dir).find((f) => f.endsWith(ext))!;
  const credentials = readFileSync(join(dir, file('.privcreds')), 'utf8').trim().split('\n').map((l) => l.split(' ').pop()!);
  rmSync(join(dir, file('.privcreds')));
  writeFileSync(join(dir, 'public_creds.json'), readFileSync(join(dir, file('.pubcreds'))));
  rmSync(join(dir, file('.pubcreds')));
  run(['setup', 'generate-trustee-key', ...group]);
  writeFileSync(join(dir, 'public_keys.jsons'), readFileSync(join(dir, file('.pubkey'))));
  const trusteeKey = decodeText(zNumber, readFileSync(join(dir, file('.privkey')), 'utf8').trim(), 'private key');
  run(['setup', 'make-trustees']);
  writeFileSync(join(dir, 'template.json'), JSON.stringify({ description: 'Ranked and graded questions made by belenios-tool.', name: 'NH reference', questions }));
  run(['setup', 'make-election', '--uuid', uuid, ...group, '--template', 'template.json']);
  run(['archive', 'init']);
  for (const f of ['election.json', 'trustees.json', 'public_creds.json', 'public_keys.jsons']) rmSync(join(dir, f), { force: true });
  return { dir, ctx: loadElection(setupOfArchive(parseArchive(archiveBytes(dir))).election), credentials, trusteeKey };
}

function archiveBytes(dir: string): Uint8Array {
  return readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.bel'))!));
}

function beleniosBallot(e: NhElection, credential: string, plaintext: PlaintextBallot): string {
  writeFileSync(join(e.dir, 'cred.txt'), credential);
  writeFileSync(join(e.dir, 'plaintext.json'), JSON.stringify(plaintext));
  const text = ok(belenios(['election', 'generate-ballot', '--privcred', 'cred.txt', '--ballot', 'plaintext.json'], { cwd: e.dir }), 'generate-ballot').trim();
  rmSync(join(e.dir, 'cred.txt'));
  return text;
}

function addEvent(e: NhElection, type: string, payload = ''): void {
  ok(belenios(['archive', 'add-event', `--type=${type}`], { cwd: e.dir, input: payload }), `add-event ${type}`);
}

/** What a ballot's NH answers decrypt to with the (only) trustee's key: beta / alpha^x, decoded. */
function decryptNh(e: NhElection, text: string): number[][] {
  const { group } = e.ctx;
  const ballot = decodeText(zBallot, text, 'ballot');
  return ballot.answers.flatMap((a, i) => {
    if (isAnswerH(a)) return [];
    const q = e.ctx.election.questions[i]!;
    const n = 'type' in q ? q.value.answers.length : 0;
    return [decodeVector(group, n, group.div(a.choices.beta, group.pow(a.choices.alpha, e.trusteeKey)))];
  });
}

const MIXED = [
  { answers: ['Yes', 'No'], min: 1, max: 1, question: 'A transitional council?' },
  { type: 'NonHomomorphic', value: { answers: ['Federal republic', 'Parliamentary system', 'Restored constitution'], question: 'Rank the futures' }, extra: { method: 'Schulze', blank: false } },
  { answers: ['A', 'B', 'C'], blank: true, min: 1, max: 2, question: 'Guarantees' },
  { type: 'NonHomomorphic', value: { answers: ['Ali', 'Zarghona', 'Habib', 'Mariam'], question: 'Grade the delegates' }, extra: { method: 'MajorityJudgment', blank: true, grades: ['Excellent', 'Good', 'Poor'] } },
];
const NH_ONLY = [{ type: 'NonHomomorphic', value: { answers: ['X', 'Y', 'Z'], question: 'Rank them' } }];

describe('non-homomorphic ballots made by belenios-tool pass Jirga, and the other way', () => {
  test('mixed election: their ballots pass checkBallot and decrypt to their vectors; ours pass belenios-tool verify; jirga verify passes the open board', async () => {
    const e = beleniosElection(MIXED, 4);
    const theirs: [number, PlaintextBallot][] = [
      [0, [[1, 0], [1, 2, 3], [0, 1, 0, 1], [1, 2, 0, 3]]],
      [1, [[0, 1], [3, 1, 2], [1, 0, 0, 0], [255, 0, 7, 1]]],
      [0, [[0, 1], [2, 2, 1], [0, 0, 1, 0], [0, 0, 0, 0]]], // a re-vote
    ];
    for (const [voter, plaintext] of theirs) {
      const text = beleniosBallot(e, e.credentials[voter]!, plaintext);
      const r = checkBallot(e.ctx, text);
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.deepEqual(decryptNh(e, text), [plaintext[1], plaintext[3]], 'their embedding read back by ours');
      addEvent(e, 'Ballot', text);
    }
    const ours: [number, PlaintextBallot][] = [
      [2, [[1, 0], [1, 1, 2], [0, 0, 1, 1], [3, 2, 1, 0]]],
      [3, [[0, 1], [0, 0, 0], [1, 0, 0, 0], [255, 255, 255, 255]]],
    ];
    for (const [voter, plaintext] of ours) {
      const made = createBallot(e.ctx, e.credentials[voter]!, plaintext);
      assert.deepEqual(decryptNh(e, made.text), [plaintext[1], plaintext[3]]);
      addEvent(e, 'Ballot', made.text);
    }
    ok(belenios(['election', 'verify', '--dir', e.dir]), 'belenios-tool election verify');
    const report = await verifyArchive(archiveBytes(e.dir));
    assert.equal(report.status, 'valid', report.conclusion);
    assert.equal(report.phase, 'open');
    assert.equal(report.voters, 4);
    const cli = jirga(['verify', '--workers', '1', join(e.dir, readdirSync(e.dir).find((f) => f.endsWith('.bel'))!)]);
    assert.equal(cli.code, 0, cli.stdout + cli.stderr);
    assert.match(lastLine(cli.stdout), /^valid: election \S+ is open; 5 ballot\(s\), 4 counted$/);
  });

  test('NH-only election: belenios-tool shuffles, decrypts and counts the vectors Jirga embedded; the closed, tallied board verifies before its shuffle', async () => {
    const e = beleniosElection(NH_ONLY, 3);
    const plaintexts = [[[1, 2, 3]], [[3, 0, 1]], [[200, 17, 0]]];
    plaintexts.slice(0, 2).forEach((p, voter) => addEvent(e, 'Ballot', createBallot(e.ctx, e.credentials[voter]!, p).text));
    // the third through the command, as belenios-tool's generate-ballot is used
    writeFileSync(join(e.dir, 'cred.txt'), e.credentials[2]!);
    writeFileSync(join(e.dir, 'plaintext.json'), JSON.stringify(plaintexts[2]));
    const third = jirga(['election', 'generate-ballot', '--dir', e.dir, '--privcred', join(e.dir, 'cred.txt'), '--ballot', join(e.dir, 'plaintext.json')]);
    assert.equal(third.code, 0, third.stderr);
    addEvent(e, 'Ballot', third.stdout.trim());
    addEvent(e, 'EndBallots');
    addEvent(e, 'EncryptedTally', ok(belenios(['election', 'compute-encrypted-tally'], { cwd: e.dir }), 'compute-encrypted-tally'));
    // closed and tallied, not yet shuffled: Jirga verifies it and holds the first shuffle's input
    const before = await verifyArchive(archiveBytes(e.dir));
    assert.equal(before.status, 'valid', before.conclusion);
    assert.equal(before.board?.toShuffle?.length, 1);
    assert.equal(before.board?.toShuffle?.[0]?.length, 3);
    // no trustee decrypts NH ciphertexts before they are shuffled: neither tool
    writeFileSync(join(e.dir, 'trustee.privkey'), `"${e.trusteeKey}"`);
    const early = jirga(['election', 'decrypt', '--dir', e.dir, '--privkey', join(e.dir, 'trustee.privkey'), '--trustee-id', '1']);
    assert.notEqual(early.code, 0);
    assert.match(early.stderr, /the election has non-homomorphic \(ranked or graded\) questions and no shuffles were found/);
    const theirsEarly = belenios(['election', 'decrypt', '--privkey', 'trustee.privkey', '--trustee-id', '1'], { cwd: e.dir });
    assert.notEqual(theirsEarly.code, 0);
    assert.match(theirsEarly.stderr, /the election has non-homomorphic questions and no shuffles were found/);
    addEvent(e, 'Shuffle', ok(belenios(['election', 'shuffle', '--trustee-id', '1'], { cwd: e.dir }), 'shuffle'));
    addEvent(e, 'EndShuffles');
    addEvent(e, 'PartialDecryption', ok(belenios(['election', 'decrypt', '--privkey', 'trustee.privkey', '--trustee-id', '1'], { cwd: e.dir }), 'decrypt'));
    const resultText = ok(belenios(['election', 'compute-result'], { cwd: e.dir }), 'compute-result').trim();
    const result = JSON.parse(resultText) as { result: number[][][] };
    const sort = (vs: number[][]) => vs.map((v) => JSON.stringify(v)).sort();
    assert.deepEqual(sort(result.result[0]!), sort(plaintexts.map((p) => p[0]!)), 'belenios-tool decodes what Jirga encoded');

    // and Jirga checks belenios-tool's decryption and result of its shuffled ciphertexts
    // (the shuffle proof itself is not checked here: src/protocol/shuffle.ts)
    const parsed = parseArchive(archiveBytes(e.dir));
    const lookup = (h: string) => parsed.records.find((r) => r.hash === h)?.text;
    const payloadOf = (type: string) => {
      const event = parsed.records.filter((r) => r.kind === 'event').map((r) => JSON.parse(r.text) as { type: string; payload?: string }).find((x) => x.type === type)!;
      return lookup(event.payload!)!;
    };
    const tally = before.board!.tally!;
    const shuffled = decodeValue(z.array(z.array(zCiphertext)), (JSON.parse(lookup((JSON.parse(payloadOf('Shuffle')) as { payload: string }).payload)!) as { ciphertexts: unknown }).ciphertexts, 'shuffle');
    const merged = mergeNhCiphertexts(e.ctx.election.questions, tally, shuffled);
    const trustees = decodeText(zTrustees, setupOfArchive(parsed).trustees, 'trustees');
    const pds = checkPartialDecryptions(e.ctx, merged, trustees, [payloadOf('PartialDecryption')], lookup).value;
    const factors = combineDecryptionFactors(e.ctx.group, trustees, merged, pds);
    assert.equal(writeJson(writeMixedResult({ result: resultWithNh(e.ctx, merged, factors, 3n) })), resultText, 'the same result, byte for byte');
    assert.equal(checkMixedResult(e.ctx, trustees, merged, pds, resultText, 3n).detail.code, 'resultOk');
    const wrong = resultText.replace(/\[\[(\d+),/, (_, v: string) => `[[${(Number(v) + 1) % 256},`);
    assert.throws(() => checkMixedResult(e.ctx, trustees, merged, pds, wrong, 3n), (x: unknown) => x instanceof FailedCheck && x.detail.code === 'resultNHWrong' && /^question 1, ballot 1: the result claims \[\d+,\d+,\d+\], which is not what the decryption gives$/.test(x.message));
  });
});

describe('jirga setup make-election writes the same election.json as belenios-tool for ranked and graded questions', () => {
  test('mixed questions in RFC-3526-2048, with counting methods in `extra` (grades in Dari)', () => {
    const dir = tempDir('jirga-nh-setup-');
    ok(belenios(['setup', 'generate-trustee-key', '--group', 'RFC-3526-2048'], { cwd: dir }), 'generate-trustee-key');
    writeFileSync(join(dir, 'public_keys.jsons'), readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.pubkey'))!)));
    const questions = [...MIXED, { type: 'NonHomomorphic', value: { answers: ['الف', 'ب'], question: 'نمره بدهید' }, extra: { method: 'MajorityJudgment', blank: false, grades: ['عالی', 'خوب', 'ضعیف'] } }];
    writeFileSync(join(dir, 'template.json'), JSON.stringify({ description: 'd', name: 'n', questions }));
    ok(belenios(['setup', 'make-trustees'], { cwd: dir }), 'make-trustees');
    const args = ['setup', 'make-election', '--uuid', 'Jirga1NhTestUuid', '--group', 'RFC-3526-2048', '--template', 'template.json'];
    ok(belenios([...args, '--dir', dir], { cwd: dir }), 'belenios make-election');
    const theirs = readFileSync(join(dir, 'election.json'), 'utf8');
    rmSync(join(dir, 'election.json'));
    const ours = jirga([...args, '--dir', dir], { cwd: dir });
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(readFileSync(join(dir, 'election.json'), 'utf8'), theirs);
    // and Jirga refuses the same template in BELENIOS-2048, which cannot embed a ranking
    const refused = jirga(['setup', 'make-election', '--uuid', 'Jirga1NhTestUuid', '--group', 'BELENIOS-2048', '--template', 'template.json', '--dir', dir], { cwd: dir });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /question 2 is non-homomorphic \(ranked or graded\): the election needs group RFC-3526-2048, not BELENIOS-2048/);
  });
});

describe('a tampered NH proof is refused by both tools, each naming it', () => {
  test('a re-signed ballot whose NH proof response was changed', async () => {
    const e = beleniosElection(MIXED, 2);
    addEvent(e, 'Ballot', beleniosBallot(e, e.credentials[0]!, [[1, 0], [1, 2, 3], [0, 1, 0, 0], [1, 1, 1, 1]]));
    const honest = beleniosBallot(e, e.credentials[1]!, [[0, 1], [3, 2, 1], [0, 0, 1, 0], [2, 0, 1, 2]]);
    const b = decodeText(zBallot, honest, 'ballot');
    const nh = b.answers[3]!;
    assert.ok(!isAnswerH(nh));
    nh.proof.response = (nh.proof.response + 1n) % e.ctx.group.q;
    const secret = deriveCredentialSecret(e.ctx.group, e.ctx.election.uuid, e.credentials[1]!);
    const tampered = writeJson(writeBallot(signBallot(e.ctx, { ...b, signature: undefined }, secret)));
    const message = 'question 4: the proof that the ciphertext was made by its voter (proof of knowledge of its randomness) does not verify';
    const r = checkBallot(e.ctx, tampered);
    assert.equal(r.ok ? 'accepted' : r.message, message);
    addEvent(e, 'Ballot', tampered);
    const theirs = belenios(['election', 'verify', '--dir', e.dir]);
    assert.notEqual(theirs.code, 0);
    assert.match(theirs.stderr, /error while casting ballot \S+: invalid ballot/);
    const report = await verifyArchive(archiveBytes(e.dir));
    assert.equal(report.status, 'invalid');
    const ballots = report.checks.find((c) => c.name === 'ballots')!;
    assert.equal(ballots.status, 'failed');
    assert.match(ballots.detail, new RegExp(`^ballot 2 of 2 \\(tracker \\S+\\): ${message.replace(/[()]/g, '\\$&')}$`));
    assert.equal(ballots.reason?.reason?.code, 'answerNHProof');
  });
});
