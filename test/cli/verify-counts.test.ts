// `jirga verify` reports the count of each ranked or graded question under the method its
// "extra" names (issue 19, item 3), on an election made, shuffled, decrypted and counted
// entirely by belenios-tool: the elected candidate and the rankings it prints are the ones
// `belenios-tool method` computes from the same verified decrypted ballots.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'test', 'helpers', 'belenios-nh-election.sh');
const JIRGA = join(ROOT, 'bin', 'jirga.mjs');
const dir = mkdtempSync(join(tmpdir(), 'jirga-verify-counts-'));
const FUTURES = ['Federal republic', 'Parliamentary system', 'Transitional council'];
let archive = '';

before(() => {
  const template = {
    description: 'Counts under methods',
    name: 'Methods',
    questions: [
      { answers: ['Yes', 'No'], min: 0, max: 1, question: 'Question 1?' },
      { type: 'NonHomomorphic', value: { answers: FUTURES, question: 'Elect one' }, extra: { type: 'PreferentialVoting', blank: false, seats: 1, method: 'STV' } },
      { type: 'NonHomomorphic', value: { answers: ['Option A', 'Option B'], question: 'Grade the options' }, extra: { type: 'ScoreVoting', blank: false, method: 'MajorityJudgment', grades: ['Good', 'Fair', 'Bad'] } },
    ],
  };
  writeFileSync(join(dir, 'template.json'), JSON.stringify(template));
  const env = { ...process.env, NH_TEMPLATE: join(dir, 'template.json') };
  for (const args of [['setup', join(dir, 'e'), '4', '2'], ['finish', join(dir, 'e')]]) {
    const r = spawnSync('bash', [SCRIPT, ...args], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  archive = join(dir, 'e', readdirSync(join(dir, 'e')).find((f) => f.endsWith('.bel'))!);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('each ranked or graded question is counted under its method, as belenios-tool method counts it', () => {
  const r = spawnSync(process.execPath, [JIRGA, 'verify', archive], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const json = spawnSync(process.execPath, [JIRGA, 'verify', '--json', archive], { encoding: 'utf8' });
  const report = JSON.parse(json.stdout.slice(0, json.stdout.lastIndexOf('\n', json.stdout.length - 2)));
  const counts = report.counts as { question: number; outcome: { kind: string; elected?: number[]; levels?: number[][] } }[];
  assert.deepEqual(counts.map((c) => c.question), [2, 3]);
  // the same verified decrypted ballots through belenios-tool's own count
  const decrypted = report.result as number[][][];
  const stv = JSON.parse(execFileSync('belenios-tool', ['method', 'stv', '--nseats=1'], { input: JSON.stringify(decrypted[1]), encoding: 'utf8' }));
  const mj = JSON.parse(execFileSync('belenios-tool', ['method', 'majority-judgment', '--blank-allowed=false', '--ngrades=3'], { input: JSON.stringify(decrypted[2]), encoding: 'utf8' }));
  assert.deepEqual(counts[0]!.outcome.elected, stv.winners);
  assert.deepEqual(counts[1]!.outcome.levels, mj.winners);
  // and in words, one line per question before the verdict, the verdict last
  const lines = r.stdout.trim().split('\n');
  const stvLine = lines.find((l) => l.startsWith('count of question 2 (STV, 1 seat(s)): elected '));
  assert.ok(stvLine, r.stdout);
  assert.ok(stvLine.includes(JSON.stringify(FUTURES[stv.winners[0]])), stvLine);
  assert.match(lines.find((l) => l.startsWith('count of question 3 ')) ?? '', /^count of question 3 \(majority judgment, 3 grades\): 1\. "Option [AB]"/);
  assert.match(lines.at(-1)!, /^valid: /);
});

