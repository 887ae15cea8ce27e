// `jirga method schulze | majority-judgment | stv` prints what `belenios-tool method …`
// prints, byte for byte, for the same standard input and options; bad input or options
// exit 2 with a message (never a result, never a stack trace). The counting itself is
// tested against belenios-tool on many inputs in test/protocol/methods.test.ts; this file
// checks the command's options and output (each jirga run starts Node: few runs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { belenios, jirgaAsync, type Run } from '../helpers/tools.ts';

const RANKS = JSON.stringify([[1, 2, 3], [2, 1, 3], [0, 0, 0], [3, 1, 2], [1, 1, 2], [2, 3, 1]]);
const GRADES = JSON.stringify([[1, 2, 3], [2, 2, 1], [0, 0, 0], [3, 1, 2], [4, 1, 1], [2, 3, 1]]);

function assertRefused(r: Run, message: RegExp) {
  assert.equal(r.code, 2, `exit code 2 expected:\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.stdout, '', 'no result');
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  assert.match(r.stderr, message);
}

describe('jirga method', () => {
  test('the same bytes as belenios-tool method, for each method and both ways of giving options', async () => {
    const cases: [string[], string][] = [
      [['schulze', '--blank-allowed=true'], RANKS],
      [['majority-judgment', '--blank-allowed', 'false', '--ngrades=3', '--nchoices', '3'], GRADES],
      [['stv', '--nseats=2'], RANKS],
    ];
    const runs = await Promise.all(cases.map(([args, input]) => jirgaAsync(['method', ...args], { input })));
    cases.forEach(([args, input], i) => {
      const ref = belenios(['method', ...args], { input });
      assert.equal(ref.code, 0, ref.stderr);
      assert.equal(runs[i]!.code, 0, runs[i]!.stderr);
      assert.equal(runs[i]!.stdout, ref.stdout, `jirga method ${args.join(' ')}`);
    });
  });

  test('bad input and options: exit 2 and a message', async () => {
    const [notJson, wrongShape, blank, ngrades, nseats, tooFewRanked] = await Promise.all([
      jirgaAsync(['method', 'schulze', '--blank-allowed=false'], { input: '[[1,2],' }),
      jirgaAsync(['method', 'stv', '--nseats=1'], { input: '[[1,2],{"x":1}]' }),
      jirgaAsync(['method', 'schulze', '--blank-allowed=yes'], { input: RANKS }),
      jirgaAsync(['method', 'majority-judgment', '--blank-allowed=true'], { input: GRADES }),
      jirgaAsync(['method', 'stv', '--nseats=0'], { input: RANKS }),
      jirgaAsync(['method', 'stv', '--nseats=2'], { input: '[[1,0,0]]' }),
    ]);
    assertRefused(notJson!, /the ballots is not valid JSON/);
    assertRefused(wrongShape!, /the ballots: \[1\]: expected a ballot \(an array of whole numbers\), found an object/);
    assertRefused(blank!, /--blank-allowed must be true or false, not "yes"/);
    assertRefused(ngrades!, /--ngrades is missing/);
    assertRefused(nseats!, /--nseats must be a whole number between 1 and/);
    assertRefused(tooFewRanked!, /belenios-tool 2\.0 gives no result for such a count/);
    // belenios-tool refuses the same inputs (with its own exit codes, 123 or 124)
    assert.notEqual(belenios(['method', 'stv', '--nseats=2'], { input: '[[1,0,0]]' }).code, 0);
    assert.notEqual(belenios(['method', 'schulze', '--blank-allowed=yes'], { input: RANKS }).code, 0);
  });
});
