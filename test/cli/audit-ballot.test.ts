// `jirga audit-ballot FILE`: exit 0 when the revealed randomness opens the ballot to
// the choices the voter made, 1 naming the problem when it does not, 2 (a message,
// no stack trace) when the file cannot be read as an audit file.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createBallot } from '../../src/protocol/ballot.ts';
import { auditFileOf, auditFixture, badAudits } from '../helpers/ballot-audit.ts';
import { jirga, lastLine, tempDir, type Run } from '../helpers/tools.ts';

const dir = tempDir('jirga-audit-');
let files = 0;
function auditFile(content: unknown): string {
  const path = join(dir, `audit-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 1));
  return path;
}

const noStackTrace = (r: Run) => assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+|internal error/, 'no stack trace');

const fx = auditFixture();

describe('jirga audit-ballot', () => {
  test('an honest audit file: exit 0, the choices read back, the ballot must not be cast', () => {
    const r = jirga(['audit-ballot', auditFile(fx.honest)]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `ballot ${fx.prepared.tracker}`,
      'question 1: [0,1,0]',
      'question 2: [0,1,0,1]',
      'audit passed: the ballot encrypts exactly the choices made (this ballot must not be cast now)',
    ]);
  });

  test('a ballot encrypting other choices: exit 1, what it really holds beside what the voter chose', () => {
    const cheat = createBallot(fx.ctx, fx.credential, [[1, 0, 0], [0, 0, 1, 1]]);
    const r = jirga(['audit-ballot', auditFile(auditFileOf(fx.raw, cheat, fx.honest.choices))]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^question 1: \[1,0,0\]$/m);
    assert.match(r.stdout, /^question 2: \[0,0,1,1\]$/m);
    assert.equal(lastLine(r.stdout), 'audit failed: the ballot encrypts [[1,0,0],[0,0,1,1]], but the voter chose [[0,1,0],[0,1,0,1]]');
    assert.doesNotMatch(r.stdout, /audit passed/);
  });

  // One case of each kind (auditBallot's own test covers every variant in process).
  const kinds = [
    'one revealed r changed (question 2, value 3)',
    'randomness for fewer questions',
    'fewer values than encrypted choices',
    'a ballot for another election',
    'a changed 0-or-1 proof, signed again',
    'a changed ciphertext (beta times g), signed again',
    'values that encrypt 2 and -1 (neither 0 nor 1), with the best proofs a cheater can make',
  ];
  const bad = badAudits(fx);
  for (const name of kinds) {
    test(`${name}: exit 1 naming the problem`, () => {
      const c = bad.find((b) => b.name === name);
      assert.ok(c, name);
      const r = jirga(['audit-ballot', auditFile(c.audit)]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.equal(r.stdout, `audit failed: ${c.message}\n`);
      noStackTrace(r);
    });
  }

  describe('a file that is not a usable audit file: exit 2 with a message', () => {
    const unusable = (args: string[], message: RegExp) => {
      const r = jirga(['audit-ballot', ...args]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stdout, /audit (passed|failed)/);
      noStackTrace(r);
    };
    test('no file given', () => unusable([], /^usage: jirga audit-ballot FILE$/m));
    test('a file that does not exist', () => unusable([join(dir, 'missing.json')], /^jirga: audit file ".*missing\.json" does not exist$/m));
    test('not JSON', () => unusable([auditFile('this is not an audit file')], /^jirga: ballot audit file is not valid JSON/m));
    test('randomness that is not a whole number', () => unusable([auditFile({ ...fx.honest, randomness: [['-5']] })], /^jirga: ballot audit file: randomness\[0\]\[0\]: Invalid string: must match pattern/m));
    test('an unreadable election inside', () => unusable([auditFile({ ...fx.honest, election: '{"version":1}' })], /^jirga: election: /m));
  });
});
