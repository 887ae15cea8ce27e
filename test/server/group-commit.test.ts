// Group commit of ballots (casting.ts): ballots of one election that arrive while a
// transaction is being written go onto the board together in the next one. Each is
// still judged alone (a stranger's credential, a replay, a re-vote, a copy), every
// answer comes after the commit, and a failed commit records and accepts none of the
// group. Here the checks of a burst end together and transactions are slowed down,
// so that the groups surely form.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ballotFor, Client, openElectionOverHttp, SAMPLE_DRAFT, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';
import { createBallot } from '../../src/protocol/ballot.ts';
import { generateCredentials, parseVoterLine } from '../../src/protocol/credentials.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { verifyArchive } from '../../src/protocol/verify.ts';
import type { Db } from '../../src/store/db.ts';

const VOTE = [[0, 1, 0], [0, 1, 1, 0]];
const OTHER_VOTE = [[1, 0, 0], [1, 0, 0, 0]];

interface Answer {
  status: number;
  json: { code?: string; alreadyRecorded?: boolean; replaced?: boolean; tracker?: string; event?: { height: number; hash: string } };
}

/** Every transaction of `db` waits `ms` before its body, and counts itself; `fail`
 * makes the next ones throw after their body (as a failed COMMIT would). */
function slowTransactions(db: Db, ms: number) {
  const original = db.transaction.bind(db);
  const state = { count: 0, fail: false };
  db.transaction = (body) =>
    original(async (tx) => {
      state.count++;
      await new Promise((r) => setTimeout(r, ms));
      const result = await body(tx);
      if (state.fail) throw new Error('simulated commit failure');
      return result;
    });
  return { state, restore: () => (db.transaction = original) };
}

/** The next `n` ballot checks answer together, once all of them are done (or after 30 s). */
function checksEndTogether(ctx: TestServer['ctx'], n: number) {
  const original = ctx.checkBallot;
  let done = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  const timer = setTimeout(release, 30_000);
  ctx.checkBallot = async (raw, ballot) => {
    const result = await original(raw, ballot);
    if (++done >= n) release();
    await all;
    return result;
  };
  return () => {
    clearTimeout(timer);
    ctx.checkBallot = original;
  };
}

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`group commit (${kind})`, () => {
    let server: TestServer;
    let client: Client;
    let e: OpenElection;

    before(async () => {
      server = await startTestServer(kind);
      client = new Client(server.base);
      e = await openElectionOverHttp(client, { voters: 14, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } }, password: ORGANISER_PASSWORD });
    });
    after(async () => server?.stop());

    async function cast(body: string): Promise<Answer> {
      const r = await fetch(`${server.base}/api/elections/${e.uuid}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(60_000) });
      return { status: r.status, json: (await r.json()) as Answer['json'] };
    }
    const ballotCount = async () => (await client.ok('GET', `/api/elections/${e.uuid}`)).counts.ballots as number;

    test('concurrent ballots share transactions; each is judged alone; the board is complete, in order and valid', { timeout: 180_000 }, async () => {
      const first = ballotFor(e, 0, VOTE);
      assert.equal((await cast(first)).status, 200);
      const heightBefore = await ballotCount();
      const stranger = generateCredentials(getGroup('BELENIOS-2048'), e.uuid, [parseVoterLine('stranger')]).privateLines[0]!.split(' ').pop()!;
      const fresh = Array.from({ length: 8 }, (_, i) => ballotFor(e, i + 1, VOTE));
      const revote = ballotFor(e, 0, OTHER_VOTE);
      const strangers = createBallot(e.ctx, stranger, VOTE).text;
      const slow = slowTransactions(server.ctx.db, 300);
      const together = checksEndTogether(server.ctx, 18); // all but the retry of the first ballot, recognised before its check
      let answers: Answer[];
      try {
        // the fresh ballots twice (a copy of each, as a voter retrying at once), a re-vote, a stranger's ballot, and the first ballot again (a retry)
        answers = await Promise.all([...fresh, ...fresh, revote, strangers, first].map(cast));
      } finally {
        slow.restore();
        together();
      }
      const transactions = slow.state.count;
      assert.ok(transactions <= 4, `the 18 ballots were written in a few transactions (${transactions})`);
      const freshAnswers = [0, 1].map((copy) => answers.slice(copy * 8, copy * 8 + 8));
      for (let i = 0; i < 8; i++) {
        const pair = [freshAnswers[0]![i]!, freshAnswers[1]![i]!];
        assert.deepEqual(pair.map((a) => a.status), [200, 200], JSON.stringify(pair));
        assert.deepEqual(pair.map((a) => a.json.alreadyRecorded).sort(), [false, true], 'one copy recorded, the other recognised as that one');
        assert.equal(pair[0]!.json.event!.hash, pair[1]!.json.event!.hash, 'both copies get the same receipt');
      }
      const [revoteAnswer, strangerAnswer, retryAnswer] = answers.slice(16);
      assert.equal(revoteAnswer!.status, 200);
      assert.equal(revoteAnswer!.json.replaced, true);
      assert.equal(strangerAnswer!.status, 403);
      assert.equal(strangerAnswer!.json.code, 'unknown-credential');
      // the first ballot again: either its retry (before the re-vote) or a replay (after it)
      assert.ok((retryAnswer!.status === 200 && retryAnswer!.json.alreadyRecorded === true) || (retryAnswer!.status === 409 && retryAnswer!.json.code === 'replayed-ballot'), JSON.stringify(retryAnswer));
      // 8 fresh ballots and the re-vote, each once; their receipts are distinct heights
      assert.equal(await ballotCount(), heightBefore + 9);
      const heights = [...freshAnswers[0]!, revoteAnswer!].map((a) => a.json.event!.height);
      assert.equal(new Set(heights).size, 9);
      const archive = new Uint8Array(await (await fetch(`${server.base}/api/elections/${e.uuid}/archive.bel`)).arrayBuffer());
      const report = await verifyArchive(archive);
      assert.equal(report.status, 'valid', JSON.stringify(report, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)).slice(0, 2000));
    });

    test('a group whose commit fails: no ballot of it is accepted or recorded, and each can be cast again', { timeout: 180_000 }, async () => {
      const before = await ballotCount();
      const ballots = [9, 10, 11].map((v) => ballotFor(e, v, VOTE));
      const slow = slowTransactions(server.ctx.db, 200);
      slow.state.fail = true;
      const together = checksEndTogether(server.ctx, 3);
      let answers: Answer[];
      try {
        answers = await Promise.all(ballots.map(cast));
      } finally {
        slow.restore();
        together();
      }
      assert.deepEqual(answers.map((a) => a.status), [500, 500, 500]);
      assert.equal(await ballotCount(), before, 'nothing recorded');
      const again = await Promise.all(ballots.map(cast));
      assert.deepEqual(again.map((a) => [a.status, a.json.alreadyRecorded]), [[200, false], [200, false], [200, false]]);
      assert.equal(await ballotCount(), before + 3);
    });
  });
}
