// `jirga verify` options as the README states them: --json (one JSON report, then
// the conclusion line), --quiet (the conclusion only), --workers N (ballots checked
// on N worker threads, same report, same order), --max-size (no limit by default):
// an archive over the limit is refused with exit 2 and a message. And the
// belenios-tool-shaped `jirga election verify --dir`. --heap-mb: the reading thread's
// heap limit (by default from the setup records' size); a run that exceeds it is done
// again without a limit, with the same output (and, stopped at any check, prints each check once).
import assert from 'node:assert/strict';
import { closeSync, copyFileSync, ftruncateSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parseArchive, setupOfArchive } from '../../src/protocol/archive.ts';
import { ballotTracker, signBallot } from '../../src/protocol/ballot.ts';
import { decodeText, writeBallot, writeJson, zBallot, type BallotH } from '../../src/protocol/codec.ts';
import { deriveCredentialSecret } from '../../src/protocol/credentials.ts';
import { loadElection } from '../../src/protocol/election.ts';
import { simulateElection } from '../../src/protocol/simulate.ts';
import { registerOpensslEngine } from '../../src/node/openssl-engine.ts';
import { rechain } from '../helpers/tamper.ts';
import { heapLimitMb, HEAP_BASE_MB, setupBytes, type verifyInWorker } from '../../src/cli/verify-thread.ts';
import { boundedOutcome, formatCheck, verifyOutcome } from '../../src/cli/verify-command.ts';
import { jirga, lastLine, ROOT, run, tempDir, type Run } from '../helpers/tools.ts';

/** Most tests: a small election (4 ballots, one a re-vote). --workers: 18 ballots, since below 16 the verifier starts no workers. */
const SMALL = { voters: 3, revotes: 1, bad: 3 };
const BIG = { voters: 16, revotes: 2, bad: 12 }; // the tampered ballot (1-based) is in a chunk of its own, far from the first

/** Each distinct command runs once (a run verifies every ballot: seconds of CPU). */
const runs = new Map<string, Run>();
function verify(args: string[]): Run {
  const key = JSON.stringify(args);
  if (!runs.has(key)) runs.set(key, jirga(args));
  return runs.get(key)!;
}

interface ParsedCheck {
  name: string;
  status: string;
  detail: string;
}

/** The check lines of the plain output, read back: "[ok  ] name: detail". */
function checkLines(stdout: string): ParsedCheck[] {
  const status: Record<string, string> = { 'ok  ': 'ok', FAIL: 'failed', 'badIndex ': 'unusable', skip: 'skipped' };
  const lines = stdout.trimEnd().split('\n').slice(0, -1);
  return lines.map((l) => {
    const m = /^\[(ok {2}|FAIL|badIndex |skip)\] ([^:]+): (.*)$/.exec(l);
    assert.ok(m, `a check line: ${l}`);
    return { name: m[2]!, status: status[m[1]!]!, detail: m[3]! };
  });
}

/** The JSON report of `--json`: everything before the last line. */
function jsonReport(stdout: string): { status: string; conclusion: string; checks: ParsedCheck[]; uuid: string; phase: string; result?: string[][] } {
  const lines = stdout.trimEnd().split('\n');
  return JSON.parse(lines.slice(0, -1).join('\n'));
}

/** `jirga ARGS` with Node's worker debug log on: how many ballot-checking worker threads it started. */
function withWorkerLog(args: string[]): Run & { workers: number } {
  const r = run(process.execPath, [join(ROOT, 'bin', 'jirga.mjs'), ...args], { env: { NODE_DEBUG: 'worker' } });
  return { ...r, workers: (r.stderr.match(/instantiating Worker\. url: \S*ballot-worker\.m?[jt]s/g) ?? []).length };
}

interface Archives {
  valid: string;
  invalid: string;
  uuid: string;
  result: string[][];
  ballots: number;
  bad: number;
  badTracker: string;
}

/** A simulated election, and the same with ballot `bad` given one proof response changed
 * (still a number below q) and signed again: a well-formed ballot whose proof does not verify. */
function archives(name: string, shape: { voters: number; revotes: number; bad: number }): Archives {
  const dir = tempDir(`jirga-verify-${name}-`);
  const sim = simulateElection({ voters: shape.voters, trustees: 1, revotes: shape.revotes });
  const valid = join(dir, 'valid.bel');
  writeFileSync(valid, sim.archive);
  const ctx = loadElection(setupOfArchive(parseArchive(sim.archive)).election);
  const ballotRecords = parseArchive(sim.archive).records.flatMap((r, i) => (r.kind === 'data' && r.text.startsWith('{"election_uuid"') ? [i] : []));
  assert.equal(ballotRecords.length, shape.voters + shape.revotes);
  const credentials = sim.privateCredentials.map((l) => l.split(' ').pop()!);
  let badTracker = '';
  const invalid = join(dir, 'invalid.bel');
  writeFileSync(
    invalid,
    rechain(sim.archive, ({ text, index }) => {
      if (index !== ballotRecords[shape.bad - 1]) return text;
      const b = (decodeText(zBallot, text, 'ballot') as BallotH);
      b.answers[0]!.overall_proof[0]!.response = (b.answers[0]!.overall_proof[0]!.response + 1n) % ctx.group.q;
      const credential = credentials.find((c) => ctx.group.powG(deriveCredentialSecret(ctx.group, sim.uuid, c)) === b.credential)!;
      const signed = writeJson(writeBallot(signBallot(ctx, b, deriveCredentialSecret(ctx.group, sim.uuid, credential))));
      badTracker = ballotTracker(signed);
      return signed;
    }),
  );
  return { valid, invalid, uuid: sim.uuid, result: sim.result!.map((q) => q.map(String)), ballots: ballotRecords.length, bad: shape.bad, badTracker };
}

describe('jirga verify options', () => {
  let small: Archives;
  let valid = '';
  let invalid = '';
  let nBallots = 0;
  let badIndex = 0;

  before(() => {
    registerOpensslEngine();
    small = archives('small', SMALL);
    ({ valid, invalid, ballots: nBallots, bad: badIndex } = small);
  });

  test('--json: the report as JSON (the same checks as the plain lines), then the conclusion line', () => {
    const plain = verify(['verify', valid]);
    assert.equal(plain.code, 0, plain.stdout);
    const r = verify(['verify', valid, '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /^\[ok/m, 'no check lines beside the JSON');
    const report = jsonReport(r.stdout);
    assert.equal(report.status, 'valid');
    assert.equal(report.uuid, small.uuid);
    assert.equal(report.phase, 'published');
    assert.deepEqual(report.result, small.result);
    assert.deepEqual(report.checks, checkLines(plain.stdout));
    assert.equal(report.checks.length, 12);
    assert.ok(report.checks.every((c) => c.status === 'ok'));
    assert.equal(lastLine(r.stdout), `valid: ${report.conclusion}`);
    assert.equal(lastLine(r.stdout), lastLine(plain.stdout));
  });

  test('--json on an invalid archive: status "invalid", the failing check and ballot named, exit 1', () => {
    const r = verify(['verify', invalid, '--json']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const report = jsonReport(r.stdout);
    assert.equal(report.status, 'invalid');
    const failed = report.checks.filter((c) => c.status === 'failed');
    assert.deepEqual(failed.map((c) => c.name), ['ballots']);
    assert.match(failed[0]!.detail, new RegExp(`^ballot ${badIndex} of ${nBallots} \\(tracker ${small.badTracker.replace(/[+/]/g, '\\$&')}\\): `));
    assert.equal(report.result, undefined, 'no result from an invalid archive');
    assert.equal(lastLine(r.stdout), `invalid: ${report.conclusion}`);
  });

  test('--quiet: the conclusion line only', () => {
    const ok = verify(['verify', valid, '--quiet']);
    assert.equal(ok.code, 0);
    assert.deepEqual(ok.stdout.trimEnd().split('\n'), [lastLine(verify(['verify', valid]).stdout)]);
    const bad = verify(['verify', invalid, '--quiet']);
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout.trimEnd().split('\n').length, 1);
    assert.match(bad.stdout, new RegExp(`^invalid: .*ballot ${badIndex} of ${nBallots}`));
  });

  test('--workers N: ballots checked on N worker threads, the same report in the same order', () => {
    const big = archives('big', BIG);
    // the failing ballot is named by its place in the board whatever the number of workers
    // (Node's debug log counts the worker threads started)
    const one = withWorkerLog(['verify', big.invalid, '--workers', '1']);
    const three = withWorkerLog(['verify', big.invalid, '--workers', '3']);
    assert.equal(one.code, 1);
    assert.equal(three.code, 1);
    assert.equal(one.workers, 0, 'one worker: the ballots are checked in the process itself');
    assert.equal(three.workers, 3);
    assert.equal(three.stdout, one.stdout);
    assert.match(lastLine(three.stdout), new RegExp(`ballot ${big.bad} of ${big.ballots} \\(tracker ${big.badTracker.replace(/[+/]/g, '\\$&')}\\)`));
    // the re-vote rule needs the ballots in board order: with workers the later ballot still counts
    const valid3 = withWorkerLog(['verify', big.valid, '--workers', '3']);
    assert.equal(valid3.code, 0, valid3.stdout);
    assert.equal(valid3.workers, 3);
    assert.match(valid3.stdout, new RegExp(`${big.ballots} ballot\\(s\\) valid; ${BIG.voters} counted .*${BIG.revotes} replaced by re-votes`));
    assert.ok(lastLine(valid3.stdout).endsWith(`result ${JSON.stringify(big.result)}`), lastLine(valid3.stdout));
    // by default, one worker per core
    const byDefault = withWorkerLog(['verify', big.invalid]);
    assert.equal(byDefault.stdout, one.stdout);
    assert.equal(byDefault.workers, availableParallelism() > 1 ? availableParallelism() : 0);
  });

  test('--workers and --max-size take whole numbers in range; anything else is refused with exit 2', () => {
    for (const [option, value, message] of [
      ['--workers', '0', /--workers must be a whole number between 1 and 256, not "0"/],
      ['--workers', '257', /--workers must be a whole number between 1 and 256, not "257"/],
      ['--workers', 'two', /--workers must be a whole number between 1 and 256, not "two"/],
      ['--max-size', '0', /--max-size must be a whole number between 1 and/],
      ['--max-size', '1e9', /--max-size must be a whole number/],
    ] as const) {
      const r = jirga(['verify', valid, option, value]);
      assert.equal(r.code, 2, `${option} ${value}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stdout, /^valid/m);
    }
  });

  test('--max-size: an archive of exactly the limit is judged, one byte more is refused with exit 2 and a message', () => {
    const size = statSync(valid).size;
    const at = verify(['verify', invalid, '--max-size', String(statSync(invalid).size), '--quiet']);
    assert.equal(at.code, 1, at.stdout);
    assert.match(at.stdout, /ballot /, 'an archive of exactly the limit is judged');
    const over = jirga(['verify', valid, '--max-size', String(size - 1)]);
    assert.equal(over.code, 2);
    assert.equal(lastLine(over.stdout), `invalid: unusable input: archive is ${size} bytes, more than the limit of ${size - 1} (raise it with --max-size)`);
    assert.doesNotMatch(over.stdout, /^\[ok/m, 'refused before any check');
  });

  test('no limit by default: a file over 1 GiB is read as a stream, not refused for its size', () => {
    const big = join(tempDir('jirga-big-'), 'big.bel');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 2 ** 30 + 1); // sparse: takes no disk space
    closeSync(fd);
    const r = jirga(['verify', big]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    // judged on its first block (zeros), not on its size
    assert.equal(lastLine(r.stdout), 'invalid: unusable input: archive structure: this is not a Belenios archive (.bel): it does not start with the BELENIOS tar header');
    const capped = jirga(['verify', big, '--max-size', String(2 ** 30)]);
    assert.equal(capped.code, 2);
    assert.equal(lastLine(capped.stdout), `invalid: unusable input: archive is ${2 ** 30 + 1} bytes, more than the limit of ${2 ** 30} (raise it with --max-size)`);
  });

  test('the reading thread\'s heap limit follows the setup records read from the tar headers', () => {
    const records = parseArchive(readFileSync(valid)).records;
    const firstEvent = records.findIndex((r) => r.kind === 'event');
    const expected = records.slice(0, firstEvent).reduce((n, r) => n + Buffer.byteLength(r.text), 0);
    assert.ok(expected > 0);
    assert.equal(setupBytes(valid), expected);
    assert.equal(setupBytes(join(tempDir(), 'none.bel')), 0, 'a missing file: no setup (the verification says why)');
    assert.equal(setupBytes(tempDir()), 0, 'a directory');
    const notTar = join(tempDir(), 'not.bel');
    writeFileSync(notTar, 'x'.repeat(2048));
    assert.equal(setupBytes(notTar), 0);
    assert.equal(heapLimitMb(0), HEAP_BASE_MB);
    assert.ok(heapLimitMb(100 << 20) > heapLimitMb(10 << 20), 'more credentials, a higher limit');
  });

  test('--heap-mb: a run out of memory is done again without a limit, with the same output and exit code', () => {
    for (const [file, code] of [[valid, 0], [invalid, 1]] as const) {
      const unbounded = verify(['verify', file, '--heap-mb', '0']);
      assert.equal(unbounded.code, code, unbounded.stdout);
      assert.doesNotMatch(unbounded.stderr, /memory limit/);
      const byDefault = verify(['verify', file]);
      assert.equal(byDefault.stdout, unbounded.stdout, 'the default (a worker with a limit): the same report');
      assert.doesNotMatch(byDefault.stderr, /memory limit/, 'the default limit is not reached by a small election');
      const starved = jirga(['verify', file, '--heap-mb', '2']);
      assert.match(starved.stderr, /the verification needed more than its memory limit \(2 MB\); it starts again without a limit/);
      assert.equal(starved.code, code);
      assert.equal(starved.stdout, unbounded.stdout, 'every check printed once, in order');
    }
    // typed on a Dari keyboard: Persian digits are digits
    const persian = jirga(['verify', valid, '--heap-mb', '۲۰۰']);
    assert.equal(persian.code, 0, persian.stdout + persian.stderr);
    assert.equal(persian.stdout, verify(['verify', valid, '--heap-mb', '0']).stdout);
    const r = jirga(['verify', valid, '--heap-mb', 'lots']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--heap-mb must be a whole number between 0 and/);
  });

  test('a run that ran out of memory after printing some checks: the run again prints each of the others once, in order', async () => {
    for (const file of [valid, invalid]) {
      const all: string[] = [];
      const whole = await verifyOutcome({ path: file }, { onCheck: (c) => all.push(formatCheck(c)) });
      assert.ok(all.length >= 4, `${all.length} checks`);
      for (const stoppedAfter of [0, 1, Math.floor(all.length / 2), all.length - 1, all.length]) {
        const printed: string[] = [];
        // the bounded run, stopped where the test says: it printed the first checks, then ran out of memory
        const stopped: typeof verifyInWorker = async (run, _limit, onCheck) => {
          let n = 0;
          await verifyOutcome(run, { onCheck: (c) => (n++ < stoppedAfter ? onCheck?.(c) : undefined) });
          return { outOfMemory: true, checks: stoppedAfter };
        };
        const outcome = await boundedOutcome({ path: file }, 64, (c) => printed.push(formatCheck(c)), undefined, stopped);
        assert.deepEqual(printed, all, `out of memory after ${stoppedAfter} checks: each check once, in order`);
        assert.deepEqual(outcome, whole);
      }
    }
  });

  test('jirga election verify --dir (as belenios-tool): exit 0 valid, 1 invalid, 2 without a single archive', () => {
    const ok = tempDir();
    copyFileSync(valid, join(ok, `${small.uuid}.bel`));
    const r = jirga(['election', 'verify', '--dir', ok]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, verify(['verify', valid]).stdout);
    const bad = tempDir();
    copyFileSync(invalid, join(bad, `${small.uuid}.bel`));
    const b = jirga(['election', 'verify', '--dir', bad]);
    assert.equal(b.code, 1, b.stdout);
    assert.match(lastLine(b.stdout), new RegExp(`^invalid: .*ballot ${badIndex} of ${nBallots}`));
    assert.equal(lastLine(b.stdout), verify(['verify', invalid, '--quiet']).stdout.trimEnd());
    const none = tempDir();
    mkdirSync(join(none, 'sub'));
    const n = jirga(['election', 'verify', '--dir', none]);
    assert.equal(n.code, 2);
    assert.match(n.stderr, /must contain a single \.bel file \(found 0\)/);
  });
});
