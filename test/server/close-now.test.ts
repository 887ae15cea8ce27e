// The organiser's "close now" is the queued close the scheduler uses (issue 18): a job any
// server may take. The HTTP answer waits a bounded time: 200 with the closed state if the
// close was done by then, 202 "closing" otherwise (the organiser's view says so until it
// is done). Two clicks, or two servers at once, close once; a server that dies while
// closing leaves the close to another (the close request is kept in the database).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ElectionDraft } from '../../src/api/election-draft.ts';
import { CLOSE_QUEUE, startCloser, type Closer } from '../../src/services/elections/closer.ts';
import { openJobQueue } from '../../src/store/job-queue.ts';
import { ballotFor, Client, openElectionOverHttp, SAMPLE_DRAFT, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';

const HOUR = 60 * 60 * 1000;
const VOTE = [[1, 0, 0], [0, 1, 0, 0]];
const DRAFT: ElectionDraft = { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } };

const events = async (server: TestServer, uuid: string, type: string) =>
  (await server.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM records WHERE election_uuid = $1 AND kind = 'event' AND event_type = $2", [uuid, type]))[0]!.n;
const stateOf = async (server: TestServer, uuid: string) => (await server.ctx.db.query<{ state: string }>('SELECT state FROM elections WHERE uuid = $1', [uuid]))[0]!.state;
const until = async (what: string, ok: () => Promise<boolean>, ms = 60_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (await ok()) return;
  assert.fail(`${what}: not within ${ms / 1000} s`);
};

async function openWithBallots(organiser: Client, voters = 2): Promise<OpenElection> {
  const e = await openElectionOverHttp(organiser, { voters: 3, password: ORGANISER_PASSWORD, draft: DRAFT });
  for (let v = 0; v < voters; v++) assert.equal((await organiser.request('POST', `/api/elections/${e.uuid}/ballots`, ballotFor(e, v, VOTE))).status, 200);
  return e;
}

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`the organiser's close on ${kind}`, () => {
    test('closes through the queue and answers 200 with the state; a second click is refused, nothing appended twice', async () => {
      const server = await startTestServer(kind, { closer: { pollMs: 500, waitMs: 30_000 } });
      try {
        const organiser = new Client(server.base);
        const e = await openWithBallots(organiser);
        const r = await organiser.request('POST', `/api/organiser/elections/${e.uuid}/close`);
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(r.json, { state: 'tallied' });
        // it went through the close queue (a job, completed), not the request
        const jobs = await server.ctx.db.query<{ state: string }>('SELECT state::text AS state FROM jirga_jobs.job WHERE name = $1 AND singleton_key = $2', [CLOSE_QUEUE, e.uuid]);
        assert.deepEqual(jobs, [{ state: 'completed' }]);
        const again = await organiser.request('POST', `/api/organiser/elections/${e.uuid}/close`);
        assert.equal(again.status, 409, again.text);
        const view = await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`);
        assert.equal(view.state, 'tallied');
        assert.equal(view.closing, false);
        assert.equal(await events(server, e.uuid, 'EndBallots'), 1);
        assert.equal(await events(server, e.uuid, 'EncryptedTally'), 1);
        assert.equal(await events(server, e.uuid, 'PartialDecryption'), 1);
      } finally {
        await server.stop();
      }
    });

    test('a close longer than the wait answers 202 "closing", the view says closing, and it finishes later', async () => {
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      // the close job waits until released: longer than the request waits (300 ms)
      const server = await startTestServer(kind, { closer: { pollMs: 500, waitMs: 300, onClosing: () => held } });
      try {
        const organiser = new Client(server.base);
        const e = await openWithBallots(organiser);
        const started = Date.now();
        const r = await organiser.request('POST', `/api/organiser/elections/${e.uuid}/close`);
        assert.equal(r.status, 202, r.text);
        assert.deepEqual(r.json, { state: 'closing' });
        assert.ok(Date.now() - started < 10_000, `answered after ${Date.now() - started} ms`);
        const during = await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`);
        assert.equal(during.state, 'open');
        assert.equal(during.closing, true);
        // a second click while closing: accepted, no second close
        const second = await organiser.request('POST', `/api/organiser/elections/${e.uuid}/close`);
        assert.equal(second.status, 202, second.text);
        release();
        await until('closed', async () => (await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`)).state === 'tallied');
        const after = await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`);
        assert.equal(after.closing, false);
        await until('no close job left', async () => (await server.queue.pending(CLOSE_QUEUE, e.uuid)) === undefined);
        assert.equal(await events(server, e.uuid, 'EndBallots'), 1);
        assert.equal(await events(server, e.uuid, 'EncryptedTally'), 1);
      } finally {
        release();
        await server.stop();
      }
    });

    test('two servers and two clicks at once close once', async () => {
      const server = await startTestServer(kind, { closer: { pollMs: 500, waitMs: 20_000 } });
      // a second server on the same database: its own job queue and closer
      const queue = await openJobQueue(server.ctx.db, { superviseSeconds: 1 });
      const other = startCloser(server.ctx, queue, { sweepMs: HOUR, pollMs: 500, waitMs: 20_000 });
      try {
        const organiser = new Client(server.base);
        const e = await openWithBallots(organiser, 3);
        const answers = await Promise.all([
          organiser.request('POST', `/api/organiser/elections/${e.uuid}/close`),
          organiser.request('POST', `/api/organiser/elections/${e.uuid}/close`),
          other.closeNow(e.uuid, null).then((o) => ({ status: o.state === 'closing' ? 202 : 200, json: o, text: JSON.stringify(o) })),
          other.sweep().then(() => ({ status: 200, json: { state: 'tallied' }, text: 'sweep' })),
        ]);
        for (const a of answers) assert.ok([200, 202, 409].includes(a.status), `${a.status}: ${a.text}`);
        await until('closed', async () => (await stateOf(server, e.uuid)) === 'tallied');
        await until('no close job left', async () => (await queue.pending(CLOSE_QUEUE, e.uuid)) === undefined);
        assert.equal(await events(server, e.uuid, 'EndBallots'), 1);
        assert.equal(await events(server, e.uuid, 'EncryptedTally'), 1);
        assert.equal(await events(server, e.uuid, 'PartialDecryption'), 1);
        const view = await organiser.ok('GET', `/api/elections/${e.uuid}`);
        assert.equal(view.counts.voters, 3);
      } finally {
        await other.stop();
        await queue.stop();
        await server.stop();
      }
    });

    test("a close that takes long holds up no other election's close, even after a second click", async () => {
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      let taken = (_: string) => {};
      const tookIt = new Promise<string>((resolve) => (taken = resolve));
      // this server's worker takes the first close and stays in it until released
      const server = await startTestServer(kind, { closer: { pollMs: 500, waitMs: 300, onClosing: (uuid) => (taken(uuid), held) } });
      const queue = await openJobQueue(server.ctx.db, { superviseSeconds: 1 });
      let other: Closer | undefined;
      try {
        const organiser = new Client(server.base);
        const slow = await openWithBallots(organiser);
        const quick = await openWithBallots(organiser);
        assert.equal((await organiser.request('POST', `/api/organiser/elections/${slow.uuid}/close`)).status, 202);
        assert.equal(await tookIt, slow.uuid);
        // the organiser clicks again while it runs
        assert.equal((await organiser.request('POST', `/api/organiser/elections/${slow.uuid}/close`)).status, 202);
        // a second server, free to work
        other = startCloser(server.ctx, queue, { sweepMs: HOUR, pollMs: 500 });
        const r = await organiser.request('POST', `/api/organiser/elections/${quick.uuid}/close`);
        assert.ok([200, 202].includes(r.status), r.text);
        await until('the other election closed while the first is still closing', async () => (await stateOf(server, quick.uuid)) === 'tallied', 30_000);
        assert.equal(await stateOf(server, slow.uuid), 'open');
        release();
        await until('the first closed too', async () => (await stateOf(server, slow.uuid)) === 'tallied');
        assert.equal(await events(server, slow.uuid, 'EndBallots'), 1);
        assert.equal(await events(server, quick.uuid, 'EndBallots'), 1);
      } finally {
        release();
        await other?.stop();
        await queue.stop();
        await server.stop();
      }
    });

    test('a close that fails is said on the organiser\'s page (attempts, when), tried again, and done once it can be', async () => {
      let failing = 2;
      const logs: string[] = [];
      // the first two attempts fail (a database error, a full disk...), the third closes
      const onClosing = async () => {
        if (failing > 0) {
          failing--;
          throw new Error('disk full (test)');
        }
      };
      const server = await startTestServer(kind, { closer: { pollMs: 500, waitMs: 300, retryDelaySeconds: 1, onClosing, log: (m) => logs.push(m) } });
      try {
        const organiser = new Client(server.base);
        const e = await openWithBallots(organiser);
        const before = await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`);
        assert.equal(before.closeFailures, null, 'nothing failed yet');
        assert.equal((await organiser.request('POST', `/api/organiser/elections/${e.uuid}/close`)).status, 202);
        await until('a failed attempt shown', async () => (await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`)).closeFailures !== null, 30_000);
        const during = await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`);
        assert.equal(during.state, 'open');
        assert.equal(during.closing, true, 'still closing: it is tried again');
        assert.ok(during.closeFailures.attempts >= 1);
        assert.ok(Math.abs(Date.parse(during.closeFailures.lastFailedAt) - Date.now()) < 60_000, during.closeFailures.lastFailedAt);
        assert.ok(logs.some((l) => l.includes(`close of election ${e.uuid} failed: disk full (test)`)), logs.join('\n'));
        await until('closed on the third attempt', async () => (await stateOf(server, e.uuid)) === 'tallied');
        const after = await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`);
        assert.equal(after.closing, false);
        assert.equal(after.closeFailures, null, 'closed: no failure shown any more');
        const [row] = await server.ctx.db.query<{ attempts: number }>('SELECT attempts FROM close_failures WHERE election_uuid = $1', [e.uuid]);
        assert.equal(row?.attempts, 2, 'each failed attempt counted once');
        assert.equal(await events(server, e.uuid, 'EndBallots'), 1);
      } finally {
        await server.stop();
      }
    });

    test("a server that dies while closing: another server's closer finishes the close, once", async () => {
      let taken = (_: string) => {};
      const tookIt = new Promise<string>((resolve) => (taken = resolve));
      // this server takes the close job and never comes back from it (killed or stuck mid-close); its job expires after 2 s
      const server = await startTestServer(kind, { closer: { pollMs: 500, waitMs: 300, expireSeconds: 2, retryDelaySeconds: 1, onClosing: (uuid) => (taken(uuid), new Promise<void>(() => {})) } });
      const queue = await openJobQueue(server.ctx.db, { superviseSeconds: 1 });
      let survivor: Closer | undefined;
      try {
        const organiser = new Client(server.base);
        const e = await openWithBallots(organiser);
        const r = await organiser.request('POST', `/api/organiser/elections/${e.uuid}/close`);
        assert.equal(r.status, 202, r.text);
        assert.equal(await tookIt, e.uuid);
        await server.queue.stopWorking(CLOSE_QUEUE); // and is gone: it takes no other job
        assert.equal(await stateOf(server, e.uuid), 'open');
        // another server starts: its sweep finds the organiser's request (the election has no closing time)
        survivor = startCloser(server.ctx, queue, { sweepMs: HOUR, pollMs: 500, expireSeconds: 60, retryDelaySeconds: 1 });
        await survivor.sweep();
        await until('closed by the survivor', async () => (await stateOf(server, e.uuid)) === 'tallied');
        await until('every close job done', async () => (await queue.pending(CLOSE_QUEUE, e.uuid)) === undefined);
        assert.equal(await events(server, e.uuid, 'EndBallots'), 1);
        assert.equal(await events(server, e.uuid, 'EncryptedTally'), 1);
        assert.equal((await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`)).closing, false);
      } finally {
        await survivor?.stop();
        await queue.stop();
        await server.stop();
      }
    });
  });
}
