// The pool that spreads ballot checks over workers (src/protocol/check-pool.ts), the
// same code in Node (worker threads) and in a browser (web workers): results come back
// in the ballots' order whatever worker finished first, each checked ballot is counted
// once for the progress bar, a tampered ballot is refused exactly as on one thread, and
// a worker that dies fails the batch instead of leaving it waiting for ever.
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { after, describe, test } from 'node:test';
import { parseArchive } from '../../src/protocol/archive.ts';
import { checkBallot } from '../../src/protocol/ballot.ts';
import { CheckPool, checkOnPool } from '../../src/protocol/check-pool.ts';
import { BallotWorkerPool, workerBallotChecker } from '../../src/node/ballot-pool.ts';
import { boardOf, fixture } from '../helpers/tamper-cases.ts';

const basic = fixture('basic');
const electionRaw = boardOf(basic.bytes).setup.election;
const texts = parseArchive(basic.bytes)
  .records.filter((r) => r.kind === 'data' && r.text.startsWith('{"election_uuid"'))
  .map((r) => r.text);

describe('checking ballots on a pool of workers', () => {
  const pool = new BallotWorkerPool(3);
  after(() => pool.close());

  test('the results are the ballots in order, as one thread finds them; progress counts each once', async () => {
    assert.ok(texts.length >= 3, 'the fixture has ballots');
    // a tampered copy in the middle: its signature no longer covers it
    const tampered = texts[0]!.replace(/"challenge":"(\d)/, (_m, d: string) => `"challenge":"${(Number(d) + 1) % 10}`);
    assert.notEqual(tampered, texts[0]);
    const ballots = [...texts, tampered, ...texts];
    let progressed = 0;
    const results = await checkOnPool(pool, electionRaw, ballots, (n) => (progressed += n));
    assert.equal(progressed, ballots.length);
    assert.deepEqual(
      results.map((r) => [r.tracker, r.ok]),
      ballots.map((b) => {
        const r = checkBallot(basic.ctx, b);
        return [r.tracker, r.ok];
      }),
    );
    assert.equal(results[texts.length]!.ok, false);
    assert.equal(results.filter((r) => !r.ok).length, 1);
  });

  test('a worker that dies fails its batch with a reason (no batch waits for ever)', async () => {
    const dying = new CheckPool(() => {
      const w = new Worker('throw new Error("out of memory, say")', { eval: true });
      return {
        send: (request) => w.postMessage(request),
        listen(onReply, onError) {
          w.on('message', onReply);
          w.on('error', onError);
          return () => (w.off('message', onReply), w.off('error', onError));
        },
        terminate: () => w.terminate(),
      };
    }, 1);
    await assert.rejects(checkOnPool(dying, electionRaw, texts.slice(0, 1)), /out of memory, say/);
    await dying.close();
  });

  test('a closed pool refuses work', async () => {
    const closed = new BallotWorkerPool(1);
    await closed.close();
    await assert.rejects(closed.check(electionRaw, texts.slice(0, 1)), /closed/);
  });
});

describe('a worker that runs out of memory', () => {
  test('its chunk is checked in this thread instead (same verdicts) and the pool goes on with a fresh worker', async () => {
    // a heap far too small for an election's tables: every worker dies on its first chunk
    const checker = workerBallotChecker(2, { maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 });
    const tampered = texts[0]!.replace(/"challenge":"(\d)/, (_m, d: string) => `"challenge":"${(Number(d) + 1) % 10}`);
    const ballots = [...texts, tampered, ...texts, ...texts, ...texts];
    assert.ok(ballots.length >= 16, 'enough ballots for the workers to be used');
    const results = await checker(electionRaw, ballots);
    assert.deepEqual(
      results.map((r) => [r.tracker, r.ok]),
      ballots.map((b) => {
        const r = checkBallot(basic.ctx, b);
        return [r.tracker, r.ok];
      }),
    );
    // and again: the pool replaced its dead workers instead of waiting for ever on none
    assert.equal((await checker(electionRaw, ballots)).length, ballots.length);
  });
});
