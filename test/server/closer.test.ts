// Scheduled closing through the job queue (issue 18, item 3: background work that any
// server may pick up): two closers — two processes' worth, each with its own pg-boss on
// the shared database — sweep at once when an election's closing time has passed; it is
// closed once (one EndBallots, one encrypted tally, on the server's clock, not the
// database's), and a job for an election its organiser already closed ends without a retry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ElectionDraft } from '../../src/api/election-draft.ts';
import { CLOSE_QUEUE, startCloser, type Closer } from '../../src/services/elections/closer.ts';
import { openJobQueue, type JobQueue } from '../../src/store/job-queue.ts';
import { closeOverHttp, ballotFor, Client, openElectionOverHttp, SAMPLE_DRAFT, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';

const HOUR = 60 * 60 * 1000;
const VOTE = [[1, 0, 0], [0, 1, 0, 0]];

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`scheduled closing through the job queue on ${kind}`, () => {
    let server: TestServer;
    let organiser: Client;
    let offset = 0;
    const queues: JobQueue[] = [];
    const closers: Closer[] = [];
    const errors: string[] = [];
    const draft = (closesAt: string | null): ElectionDraft => ({ ...SAMPLE_DRAFT, closesAt, trustees: { count: 1, threshold: null } });
    const events = async (uuid: string, type: string) =>
      (await server.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM records WHERE election_uuid = $1 AND kind = 'event' AND event_type = $2", [uuid, type]))[0]!.n;
    const state = async (uuid: string) => (await server.ctx.db.query<{ state: string }>('SELECT state FROM elections WHERE uuid = $1', [uuid]))[0]!.state;
    const until = async (what: string, ok: () => Promise<boolean>, ms = 60_000) => {
      for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (await ok()) return;
      assert.fail(`${what}: not within ${ms / 1000} s (errors: ${errors.join('; ')})`);
    };

    before(async () => {
      server = await startTestServer(kind, { now: () => new Date(Date.now() + offset) });
      organiser = new Client(server.base);
      for (let i = 0; i < 2; i++) {
        const queue = await openJobQueue(server.ctx.db, { superviseSeconds: 1 });
        queues.push(queue);
        // sweeps only when asked (the timer's hour never comes in a test)
        closers.push(startCloser(server.ctx, queue, { sweepMs: HOUR, pollMs: 500, log: (m) => errors.push(m) }));
      }
    });
    after(async () => {
      for (const c of closers) await c.stop();
      for (const q of queues) await q.stop();
      await server?.stop();
    });

    test('an election whose closing time has passed is closed once, however many servers look', async () => {
      const e: OpenElection = await openElectionOverHttp(organiser, { voters: 3, password: ORGANISER_PASSWORD, draft: draft(new Date(Date.now() + HOUR).toISOString()) });
      for (const voter of [0, 1]) assert.equal((await organiser.request('POST', `/api/elections/${e.uuid}/ballots`, ballotFor(e, voter, VOTE))).status, 200);
      // before its time, on the server's clock: nothing happens
      await Promise.all(closers.map((c) => c.sweep()));
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await state(e.uuid), 'open');
      // the server's clock passes the closing time (the database's does not: the server's clock decides, as for casting)
      offset = HOUR + 1000;
      // both look at once, several times
      for (let i = 0; i < 3; i++) await Promise.all(closers.map((c) => c.sweep()));
      await until('closed and tallied', async () => (await state(e.uuid)) === 'tallied');
      for (let i = 0; i < 2; i++) await Promise.all(closers.map((c) => c.sweep()));
      await until('no close job left', async () => (await queues[0]!.pending(CLOSE_QUEUE, e.uuid)) === undefined);
      assert.equal(await events(e.uuid, 'EndBallots'), 1);
      assert.equal(await events(e.uuid, 'EncryptedTally'), 1);
      assert.deepEqual(errors, []);
    });

    test('a close job that runs when the close is not due (voting extended since it was sent, a clock ahead) closes nothing', async () => {
      offset = 0;
      const e: OpenElection = await openElectionOverHttp(organiser, { voters: 2, password: ORGANISER_PASSWORD, draft: draft(new Date(Date.now() + HOUR).toISOString()) });
      // the job as it was sent when the closing time had passed, now run before the (new) closing time
      await queues[0]!.send(CLOSE_QUEUE, e.uuid);
      await until('the job done', async () => (await queues[0]!.pending(CLOSE_QUEUE, e.uuid)) === undefined, 30_000);
      assert.equal(await state(e.uuid), 'open');
      assert.equal(await events(e.uuid, 'EndBallots'), 0);
      assert.equal((await organiser.request('POST', `/api/elections/${e.uuid}/ballots`, ballotFor(e, 0, VOTE))).status, 200, 'voting goes on');
      // said in the log of whichever closer took the job (the test server's own, or one of the two here): nothing else
      assert.deepEqual(errors.filter((m) => !(m.includes(e.uuid) && /not due any more/.test(m))), []);
      errors.length = 0;
      // once its time has come, the same job closes it
      offset = HOUR + 1000;
      await queues[0]!.send(CLOSE_QUEUE, e.uuid);
      await until('closed and tallied', async () => (await state(e.uuid)) === 'tallied');
      assert.equal(await events(e.uuid, 'EndBallots'), 1);
      offset = 0;
    });

    test('a job for an election its organiser closed meanwhile ends without a retry', async () => {
      offset = 0;
      const e: OpenElection = await openElectionOverHttp(organiser, { voters: 2, password: ORGANISER_PASSWORD, draft: draft(new Date(Date.now() + HOUR).toISOString()) });
      await closeOverHttp(organiser, e.uuid);
      await queues[0]!.send(CLOSE_QUEUE, e.uuid);
      await until('the job done', async () => (await queues[0]!.pending(CLOSE_QUEUE, e.uuid)) === undefined, 30_000);
      const [job] = await server.ctx.db.query<{ state: string; retry_count: number }>(
        'SELECT state::text AS state, retry_count FROM jirga_jobs.job WHERE name = $1 AND singleton_key = $2',
        [CLOSE_QUEUE, e.uuid],
      );
      assert.deepEqual(job, { state: 'completed', retry_count: 0 });
      assert.equal(await events(e.uuid, 'EndBallots'), 1);
      assert.deepEqual(errors, []);
    });
  });
}

// A server that dies while closing (it took the job and never finishes it; nothing was
// committed) does not leave the election open: when its job expires, another server retries
// it and closes the election, once. The other server's sweep meanwhile adds no second job:
// a job waiting behind a running one of the same election cannot start, and would hold up
// every other election's close (the queue takes jobs oldest first).
for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  test(`on ${kind}, a close whose server died is done by another server, once`, async () => {
    let offset = 0;
    // no closer of the test server's own: the dying one and the survivor are the only two
    const server = await startTestServer(kind, { now: () => new Date(Date.now() + offset), closer: false });
    const errors: string[] = [];
    // the dead server's job expires after 2 s; the survivor's close may take longer on a loaded machine
    const options = { sweepMs: HOUR, pollMs: 500, expireSeconds: 60, retryDelaySeconds: 1, log: (m: string) => errors.push(m) };
    const queueA = await openJobQueue(server.ctx.db, { superviseSeconds: 1 });
    let taken = (_: string) => {};
    const tookIt = new Promise<string>((resolve) => (taken = resolve));
    // A takes the job and never comes back from it (a process killed or stuck mid-close)
    const dying = startCloser(server.ctx, queueA, { ...options, expireSeconds: 2, onClosing: (uuid) => (taken(uuid), new Promise<void>(() => {})) });
    const queueB = await openJobQueue(server.ctx.db, { superviseSeconds: 1 });
    let survivor: Closer | undefined;
    try {
      const organiser = new Client(server.base);
      const e = await openElectionOverHttp(organiser, {
        voters: 2,
        password: ORGANISER_PASSWORD,
        draft: { ...SAMPLE_DRAFT, closesAt: new Date(Date.now() + HOUR).toISOString(), trustees: { count: 1, threshold: null } },
      });
      assert.equal((await organiser.request('POST', `/api/elections/${e.uuid}/ballots`, ballotFor(e, 0, VOTE))).status, 200);
      offset = HOUR + 1000;
      await dying.sweep();
      assert.equal(await tookIt, e.uuid);
      await queueA.stopWorking(CLOSE_QUEUE); // and is gone: it takes no other job, its own stays active until it expires
      const state = async () => (await server.ctx.db.query<{ state: string }>('SELECT state FROM elections WHERE uuid = $1', [e.uuid]))[0]!.state;
      assert.equal(await state(), 'open');
      // another server starts (and sweeps)
      survivor = startCloser(server.ctx, queueB, options);
      await survivor.sweep();
      const jobs = () =>
        server.ctx.db.query<{ state: string; retry_count: number }>('SELECT state::text AS state, retry_count FROM jirga_jobs.job WHERE name = $1 AND singleton_key = $2 ORDER BY created_on', [CLOSE_QUEUE, e.uuid]);
      for (const end = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 250))) {
        const js = await jobs();
        // closed, by the dead server's job, expired and retried by the survivor
        if ((await state()) === 'tallied' && js.length > 0 && js.every((j) => j.state === 'completed')) break;
        if (Date.now() > end) assert.fail(`not done within 60 s: ${await state()}, jobs ${JSON.stringify(js)} (errors: ${errors.join('; ')})`);
      }
      assert.deepEqual((await jobs()).map((j) => j.retry_count), [1], "one job: the dead server's, retried once by the survivor (whose sweeps added none beside it)");
      const ends = await server.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM records WHERE election_uuid = $1 AND kind = 'event' AND event_type = 'EndBallots'", [e.uuid]);
      assert.equal(ends[0]!.n, 1);
      assert.deepEqual(errors, []);
    } finally {
      await survivor?.stop();
      await queueB.stop();
      await dying.stop();
      await queueA.stop();
      await server.stop();
    }
  });
}

// A close that failed is retried later each time (pg-boss's backoff: up to days). Once the
// cause is fixed, the organiser's "close now" makes the waiting retry due at once.
for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  test(`on ${kind}, "close now" brings a waiting retry of a failed close forward`, async () => {
    let failing = true;
    let failed = () => {};
    const firstFailure = new Promise<void>((r) => (failed = r));
    const server = await startTestServer(kind, {
      closer: {
        pollMs: 500,
        waitMs: 300,
        retryDelaySeconds: 600, // a retry ten minutes or more away: only the second click brings it within the test
        onClosing: async () => {
          if (failing) throw new Error('the disk is full (test)');
        },
        log: (m) => void (/failed/.test(m) && failed()),
      },
    });
    try {
      const organiser = new Client(server.base);
      const e = await openElectionOverHttp(organiser, { voters: 2, password: ORGANISER_PASSWORD, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } } });
      assert.equal((await organiser.request('POST', `/api/organiser/elections/${e.uuid}/close`)).status, 202);
      await firstFailure;
      const job = async () =>
        (await server.ctx.db.query<{ state: string; wait: number }>(
          'SELECT state::text AS state, extract(epoch FROM start_after - now())::float AS wait FROM jirga_jobs.job WHERE name = $1 AND singleton_key = $2 AND state < \'completed\'',
          [CLOSE_QUEUE, e.uuid],
        ))[0];
      for (const end = Date.now() + 10_000; (await job())?.state !== 'retry'; await new Promise((r) => setTimeout(r, 100))) {
        if (Date.now() > end) assert.fail(`no retry waiting: ${JSON.stringify(await job())}`);
      }
      assert.ok((await job())!.wait > 300, `the retry waits: ${JSON.stringify(await job())}`);
      // the cause fixed; the organiser clicks again: closed within seconds
      failing = false;
      const again = await organiser.request('POST', `/api/organiser/elections/${e.uuid}/close`);
      assert.ok([200, 202].includes(again.status), again.text);
      const state = async () => (await server.ctx.db.query<{ state: string }>('SELECT state FROM elections WHERE uuid = $1', [e.uuid]))[0]!.state;
      for (const end = Date.now() + 30_000; (await state()) !== 'tallied'; await new Promise((r) => setTimeout(r, 200))) {
        if (Date.now() > end) assert.fail(`not closed within 30 s of the second click: ${JSON.stringify(await job())}`);
      }
    } finally {
      await server.stop();
    }
  });
}
