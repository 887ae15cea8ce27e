// Their archives, our verifier: elections made entirely by belenios-tool pass
// `jirga verify`, and both tools write the same archive bytes. (Tampered copies, one
// for every check, are in tamper-agreement.test.ts and protocol/verifier-checks.test.ts.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalArchive, decodeEvent, parseArchive } from '../../src/protocol/archive.ts';
import { spawnSync } from 'node:child_process';
import { decodeText, zResult } from '../../src/protocol/codec.ts';
import { belenios, jirga, lastLine, referenceElection, tempDir } from '../helpers/tools.ts';

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
