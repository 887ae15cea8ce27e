// Our archives, their verifier: archives written by `jirga simulate` in every
// shape pass `belenios-tool election verify`, and belenios-tool's compute-result
// equals ours. Mixed: ballots from both tools in one election, accepted by both.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArchive } from '../../src/protocol/archive.ts';
import { decodeText, zResult } from '../../src/protocol/codec.ts';
import { belenios, beleniosVerify, jirga, JIRGA, lastLine, referenceElection, tempDir } from '../helpers/tools.ts';

function resultOfArchive(bytes: Uint8Array): string {
  const records = parseArchive(bytes).records;
  const r = records.filter((x) => x.kind === 'data' && x.text.startsWith('{"result"')).pop();
  assert.ok(r, 'the archive has a result');
  return JSON.stringify(decodeText(zResult, r.text, 'result').result.map((q) => q.map(String)));
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
  ];
  for (const [name, args] of shapes) {
    test(name, () => {
      const dir = tempDir('jirga-sim-');
      const out = join(dir, 'sim.bel');
      const templateFile = join(dir, 'template.json');
      writeFileSync(templateFile, JSON.stringify(TEMPLATE));
      const sim = jirga(['simulate', '--out', out, ...args.map((a) => (a === 'TEMPLATE' ? templateFile : a))]);
      assert.equal(sim.code, 0, sim.stdout + sim.stderr);
      const bytes = new Uint8Array(readFileSync(out));
      const theirs = beleniosVerify(bytes);
      assert.equal(theirs.code, 0, `belenios-tool verify: ${theirs.stdout}${theirs.stderr}`);
      assert.match(theirs.stderr + theirs.stdout, /all checks passed/);
      const ours = jirga(['verify', out]);
      assert.equal(ours.code, 0, ours.stdout);
      if (!args.includes('--open')) {
        const beleniosDir = tempDir('jirga-res-');
        writeFileSync(join(beleniosDir, 'sim.bel'), bytes);
        assert.equal(beleniosResult(beleniosDir), resultOfArchive(bytes));
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

  test('belenios-tool tallies and decrypts an election set up and voted with jirga', () => {
    const e = referenceElection('basic', 4, ['--weights'], { SETUP_TOOL: JIRGA, VOTE_TOOLS: JIRGA });
    assert.equal(belenios(['election', 'verify', '--dir', e.dir]).code, 0);
    assert.match(lastLine(jirga(['verify', e.archive]).stdout), /^valid: /);
  });
});
