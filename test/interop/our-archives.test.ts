// Our archives, their verifier: archives written by `jirga simulate` in every
// shape pass `belenios-tool election verify`, and belenios-tool's compute-result
// equals ours, and equals the result recomputed here from what the simulator says each
// ballot encrypts (re-votes and weights applied by this test, not by Jirga's tally).
// Mixed: ballots from both tools in one election, accepted by both.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArchive, setupOfArchive } from '../../src/protocol/archive.ts';
import { decodeText, zResult } from '../../src/protocol/codec.ts';
import { belenios, beleniosVerify, jirga, JIRGA, lastLine, referenceElection, tempDir } from '../helpers/tools.ts';

function resultOfArchive(bytes: Uint8Array): string {
  const records = parseArchive(bytes).records;
  const r = records.filter((x) => x.kind === 'data' && x.text.startsWith('{"result"')).pop();
  assert.ok(r, 'the archive has a result');
  return JSON.stringify(decodeText(zResult, r.text, 'result').result.map((q) => q.map(String)));
}

/**
 * The result recomputed from `jirga simulate --choices`: each ballot of the archive,
 * found by its tracker (SHA-256, Base64 without padding), counts with the choices the
 * simulator says it encrypts, the last ballot of each credential only, times the
 * credential's weight. No code of Jirga's tally is involved.
 */
function resultFromChoices(bytes: Uint8Array, choicesFile: string): string {
  const parsed = parseArchive(bytes);
  const weightOf = new Map<string, bigint>(
    (JSON.parse(setupOfArchive(parsed).credentials) as string[]).map((line) => {
      const [key, weight] = line.split(',');
      return [key!, BigInt(weight ?? '1')];
    }),
  );
  const cast = JSON.parse(readFileSync(choicesFile, 'utf8')) as { tracker: string; choices: number[][] }[];
  const choicesOf = new Map(cast.map((c) => [c.tracker, c.choices]));
  const counted = new Map<string, number[][]>();
  const ballots = parsed.records.filter((r) => r.kind === 'data' && r.text.startsWith('{"election_uuid"'));
  assert.equal(ballots.length, cast.length, 'one entry per ballot cast');
  for (const b of ballots) {
    const tracker = createHash('sha256').update(b.text).digest('base64').replace(/=+$/, '');
    const choices = choicesOf.get(tracker);
    assert.ok(choices, `the simulator reported the choices of ballot ${tracker}`);
    const credential = String(JSON.parse(b.text).credential);
    counted.delete(credential); // a later ballot of the same credential replaces it
    counted.set(credential, choices);
  }
  const sums = cast[0]!.choices.map((q) => q.map(() => 0n));
  for (const [credential, choices] of counted) {
    const weight = weightOf.get(credential);
    assert.ok(weight !== undefined, 'every ballot is from a listed credential');
    choices.forEach((q, i) => q.forEach((x, j) => (sums[i]![j]! += BigInt(x) * weight)));
  }
  return JSON.stringify(sums.map((q) => q.map(String)));
}

function beleniosResult(dir: string): string {
  const r = belenios(['election', 'compute-result', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.stringify(decodeText(zResult, r.stdout.trim(), 'result').result.map((q) => q.map(String)));
}

const TEMPLATE = {
  description: 'Ranges: choose 2 to 3 of 5, and a yes/no question without blank.',
  name: 'Ranges «quotes» \\ and دری / پښتو',
  questions: [
    { answers: ['A', 'B', 'C', 'D', 'E'], min: 2, max: 3, question: 'Pick two or three' },
    { answers: ['Yes', 'No'], min: 1, max: 1, question: 'Agree?' },
    { answers: ['x', 'y', 'z'], blank: true, min: 0, max: 2, question: 'Blank allowed, min 0' },
  ],
};

describe('archives written by jirga simulate pass belenios-tool verify', () => {
  const shapes: [string, string[]][] = [
    ['one basic trustee', ['--voters', '3']],
    ['basic trustees, re-votes', ['--voters', '5', '--trustees', '3', '--revotes', '2']],
    ['2-of-3 threshold trustees and a basic one, weights', ['--voters', '5', '--trustees', '3', '--threshold', '2', '--weights']],
    ['3-of-4 threshold, weights, re-votes', ['--voters', '4', '--trustees', '4', '--threshold', '3', '--weights', '--revotes', '1']],
    ['ranges and blank with min 0 (custom template)', ['--voters', '6', '--trustees', '2', '--revotes', '1', '--template', 'TEMPLATE']],
    ['open (untallied)', ['--voters', '3', '--revotes', '1', '--open']],
    ['the RFC-3526-2048 group (--group)', ['--voters', '1', '--group', 'RFC-3526-2048']],
  ];
  for (const [name, args] of shapes) {
    test(name, () => {
      const dir = tempDir('jirga-sim-');
      const out = join(dir, 'sim.bel');
      const templateFile = join(dir, 'template.json');
      const choicesFile = join(dir, 'choices.json');
      writeFileSync(templateFile, JSON.stringify(TEMPLATE));
      const sim = jirga(['simulate', '--out', out, '--choices', choicesFile, ...args.map((a) => (a === 'TEMPLATE' ? templateFile : a))]);
      assert.equal(sim.code, 0, sim.stdout + sim.stderr);
      const bytes = new Uint8Array(readFileSync(out));
      const theirs = beleniosVerify(bytes);
      assert.equal(theirs.code, 0, `belenios-tool verify: ${theirs.stdout}${theirs.stderr}`);
      assert.match(theirs.stderr + theirs.stdout, /all checks passed/);
      const ours = jirga(['verify', out]);
      assert.equal(ours.code, 0, ours.stdout);
      assert.match(ours.stdout, new RegExp(`group ${args.includes('--group') ? 'RFC-3526-2048' : 'BELENIOS-2048'},`));
      if (!args.includes('--open')) {
        const beleniosDir = tempDir('jirga-res-');
        writeFileSync(join(beleniosDir, 'sim.bel'), bytes);
        assert.equal(beleniosResult(beleniosDir), resultOfArchive(bytes));
        assert.equal(resultOfArchive(bytes), resultFromChoices(bytes, choicesFile), 'the result is what the ballots encrypt');
        assert.match(sim.stdout, /equals the voters' choices/);
      }
    });
  }
});

describe('mixed elections', () => {
  test('ballots made by belenios-tool and by jirga in one election are accepted by both verifiers', () => {
    const e = referenceElection('threshold', 6, ['--weights', '--revotes', '2'], { VOTE_TOOLS: `belenios-tool;${JIRGA}`, TALLY_TOOL: JIRGA });
    const ours = jirga(['verify', e.archive]);
    assert.equal(ours.code, 0, ours.stdout);
    assert.match(ours.stdout, /8 ballot\(s\) valid; 6 counted/);
    const theirs = belenios(['election', 'verify', '--dir', e.dir]);
    assert.equal(theirs.code, 0, theirs.stderr);
    // both tools computed the same result from the same board
    assert.equal(beleniosResult(e.dir), resultOfArchive(e.bytes));
  });

  test('the whole belenios-tool flow run with jirga in its place verifies with belenios-tool', () => {
    const e = referenceElection('threshold', 3, ['--revotes', '1'], { SETUP_TOOL: JIRGA, VOTE_TOOLS: JIRGA, TALLY_TOOL: JIRGA });
    const theirs = belenios(['election', 'verify', '--dir', e.dir]);
    assert.equal(theirs.code, 0, theirs.stderr);
    assert.equal(beleniosResult(e.dir), resultOfArchive(e.bytes));
    assert.match(lastLine(jirga(['verify', e.archive]).stdout), /^valid: /);
  });

  test('belenios-tool decrypts with threshold keys made by jirga (2 of 3, and the basic server key) and gets the voters\' result', () => {
    const revotes = 1;
    const e = referenceElection('threshold', 4, ['--weights', '--revotes', String(revotes)], { SETUP_TOOL: JIRGA, VOTE_TOOLS: JIRGA });
    // the threshold keys and the decryption keys are jirga's files; the decryptions are belenios-tool's
    const keys = readdirSync(e.dir).filter((f) => f.endsWith('.key'));
    assert.equal(keys.length, 3);
    for (const k of keys) assert.ok(existsSync(join(e.dir, k.replace(/\.key$/, '.dkey'))), `${k} has its decryption key`);
    const ours = jirga(['verify', e.archive]);
    assert.equal(ours.code, 0, ours.stdout);
    assert.match(ours.stdout, /trustees: .*threshold/i);
    assert.match(ours.stdout, /partial decryptions: 3 partial decryption\(s\)/);
    const theirs = belenios(['election', 'verify', '--dir', e.dir]);
    assert.equal(theirs.code, 0, theirs.stderr);
    // the result is what the voters chose: each voter's last ballot, times their weight
    const weights = readFileSync(join(e.dir, 'voters.txt'), 'utf8').trim().split('\n').map((l) => BigInt(l.split(',')[2]!));
    const firstVotes = readFileSync(join(e.dir, 'votes.txt'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as number[][]);
    const lastVotes = firstVotes.map((v, i) => (i < revotes ? [[0, 1], [0, 1, 1, 0]] : v));
    const expected = lastVotes[0]!.map((q, qi) => q.map((_, ai) => lastVotes.reduce((sum, v, voter) => sum + BigInt(v[qi]![ai]!) * weights[voter]!, 0n)));
    assert.equal(resultOfArchive(e.bytes), JSON.stringify(expected.map((q) => q.map(String))));
    assert.equal(beleniosResult(e.dir), resultOfArchive(e.bytes));
  });

  test('belenios-tool tallies and decrypts an election set up and voted with jirga', () => {
    const e = referenceElection('basic', 4, ['--weights'], { SETUP_TOOL: JIRGA, VOTE_TOOLS: JIRGA });
    assert.equal(belenios(['election', 'verify', '--dir', e.dir]).code, 0);
    assert.match(lastLine(jirga(['verify', e.archive]).stdout), /^valid: /);
  });
});
