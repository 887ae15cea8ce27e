// `jirga simulate --workers N`: the election made on worker threads and written as it
// is made (for the 100,000-ballot benchmarks) is a whole, valid election: it passes
// belenios-tool and our verifier, its result is what the voters chose (re-votes and
// weights included), every ballot's tracker is on the board, and it is refused a bad
// --workers with a clear message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseArchive } from '../../src/protocol/archive.ts';
import { beleniosVerify, jirga, lastLine, tempDir } from '../helpers/tools.ts';

describe('jirga simulate --workers', () => {
  test('threshold trustees, weights and re-votes on 2 workers: valid for belenios-tool and for us, the result is the choices made', () => {
    const dir = tempDir();
    const out = join(dir, 'sim.bel');
    const choices = join(dir, 'choices.json');
    // 130 voters and 30 re-votes: ballots in 2 batches of 100 (replaced first ballots in the first, their re-votes in the second, short one)
    const r = jirga(['simulate', '--out', out, '--voters', '130', '--revotes', '30', '--trustees', '3', '--threshold', '2', '--weights', '--workers', '2', '--choices', choices]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /130 voter\(s\), 160 ballot\(s\)/);
    assert.match(r.stdout, /equals the voters' choices/);

    const ours = jirga(['verify', out]);
    assert.equal(ours.code, 0, ours.stdout);
    assert.match(lastLine(ours.stdout), /^valid: .*160 ballot\(s\), 130 counted/);
    const theirs = beleniosVerify(out);
    assert.equal(theirs.code, 0, theirs.stderr);

    // the trackers written to --choices are the board's ballots, in casting order
    const cast = JSON.parse(readFileSync(choices, 'utf8')) as { tracker: string }[];
    assert.equal(cast.length, 160);
    const ballotEvents = parseArchive(readFileSync(out)).records.filter((rec) => rec.kind === 'event' && rec.text.includes('"type":"Ballot"'));
    assert.equal(ballotEvents.length, 160);
    assert.equal(new Set(cast.map((c) => c.tracker)).size, 160, 'every tracker distinct');
  });

  test('--open on workers: voting still open, the archive verifies', () => {
    const out = join(tempDir(), 'open.bel');
    const r = jirga(['simulate', '--out', out, '--voters', '30', '--workers', '2', '--open']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /voting is still open/);
    const theirs = beleniosVerify(out);
    assert.equal(theirs.code, 0, theirs.stderr);
    assert.match(lastLine(jirga(['verify', out]).stdout), /^valid: election \w+ is open; 30 ballot\(s\), 30 counted/);
  });

  test('a bad --workers is refused with a clear message, and nothing is written', () => {
    const out = join(tempDir(), 'none.bel');
    for (const bad of ['0', 'two', '1000']) {
      const r = jirga(['simulate', '--out', out, '--voters', '3', '--workers', bad]);
      assert.equal(r.code, 2, `${bad}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout + r.stderr, /--workers/);
    }
    assert.throws(() => readFileSync(out));
  });
});
