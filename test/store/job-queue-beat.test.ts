// Heartbeats of running jobs (src/store/job-queue.ts, migration 020). A job whose server
// died (killed: a process of its own) is retried by another server once its beat is older than the dead-after time —
// seconds, not its expiry (15 minutes for a close); a job that runs longer than that time
// on a live server is never taken from it. Two servers: on Postgres, two pools on one
// database; on PGlite, two queues in one process on one database.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { openJobQueue, type JobQueue } from '../../src/store/job-queue.ts';
import { freshPostgresUrl, openTestDatabase, type DbKind } from '../helpers/server.ts';
import { ROOT } from '../helpers/tools.ts';
import { until } from '../helpers/wait.ts';

const QUEUE = 'beat-test';
// far beyond the test: a takeover seen here is the heartbeat's, not the expiry's
const EXPIRE_SECONDS = 600;
// dead after 3 s: a margin of 12 beats for a loaded machine (a late beat would hand a live job to the other server)
const BEAT = { beatSeconds: 0.25, deadAfterSeconds: 3, superviseSeconds: 1 };

async function twoServers(kind: DbKind): Promise<{ a: Db; b: Db; close: () => Promise<void> }> {
  if (kind === 'pglite') {
    const { db, cleanup } = await openTestDatabase('pglite');
    return { a: db, b: db, close: async () => (await db.close(), await cleanup()) };
  }
  const fresh = await freshPostgresUrl();
  const a = await openDatabase({ url: fresh.url });
  const b = await openDatabase({ url: fresh.url });
  return { a, b, close: async () => (await a.close(), await b.close(), await fresh.drop()) };
}

async function working(db: Db, handler: (key: string) => Promise<void>): Promise<JobQueue> {
  const q = await openJobQueue(db, BEAT);
  await q.define({ name: QUEUE, expireSeconds: EXPIRE_SECONDS, retryLimit: 5, retryDelaySeconds: 1 });
  await q.work(QUEUE, handler, 500);
  return q;
}

const jobsOf = (db: Db, key: string) =>
  db.query<{ state: string; retry_count: number }>(
    `SELECT state::text AS state, retry_count FROM jirga_jobs.job WHERE name = $1 AND singleton_key = $2`,
    [QUEUE, key],
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`job heartbeats, on ${kind}`, () => {
    test('a job that runs four times the dead-after time on a live server is not taken from it', { timeout: 120_000 }, async () => {
      const { a, b, close } = await twoServers(kind);
      const ran: string[] = [];
      let done = () => {};
      const finished = new Promise<void>((r) => (done = r));
      // both servers work the queue, either may take the job: the other must not take it from it
      const longRun = (server: string) => async (key: string) => {
        ran.push(`${server}:${key}`);
        await sleep(BEAT.deadAfterSeconds * 4000);
        done();
      };
      const qa = await working(a, longRun('a'));
      const qb = await working(b, longRun('b'));
      try {
        await qa.send(QUEUE, 'long');
        await finished;
        for (const end = Date.now() + 20_000; (await jobsOf(a, 'long'))[0]?.state !== 'completed'; await sleep(100)) {
          if (Date.now() > end) assert.fail(`not completed: ${JSON.stringify(await jobsOf(a, 'long'))}`);
        }
        const [job] = await jobsOf(a, 'long');
        assert.equal(job!.retry_count, 0, 'never failed by the other server');
        assert.deepEqual(ran.filter((r) => r.endsWith(':long')).length, 1, `run once: ${ran.join(', ')}`);
        assert.equal((await a.query<{ n: number }>('SELECT count(*)::int AS n FROM job_beats'))[0]!.n, 0, 'its beat deleted when it ended');
      } finally {
        await qa.stop();
        await qb.stop();
        await close();
      }
    });

    test('a job whose server was killed mid-job (SIGKILL) is retried by another within seconds, long before it expires', { timeout: 120_000 }, async () => {
      // the killed server: a process of its own; on PGlite the one that takes over is the same server restarted
      const place = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'jirga-pglite-')) : await freshPostgresUrl();
      const where = typeof place === 'string' ? place : place.url;
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'helpers', 'job-runner-process.ts'), where, QUEUE, 'orphan', JSON.stringify(BEAT)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      let db: Db | undefined;
      let qb: JobQueue | undefined;
      try {
        await until(() => out.includes('took orphan'), { timeoutMs: 60_000, what: () => `the job taken by the process: ${out}` });
        child.kill('SIGKILL');
        await exited;
        const died = Date.now();
        db = await openDatabase(typeof place === 'string' ? { dataDir: place } : { url: place.url });
        assert.equal((await jobsOf(db, 'orphan'))[0]?.state, 'active', 'the killed server\'s job is still running, as far as the queue knows');
        const byB: string[] = [];
        qb = await working(db, async (key) => void byB.push(key));
        for (const end = died + 30_000; (await jobsOf(db, 'orphan'))[0]?.state !== 'completed'; await sleep(100)) {
          if (Date.now() > end) assert.fail(`not taken over within 30 s: ${JSON.stringify(await jobsOf(db, 'orphan'))}`);
        }
        const took = (Date.now() - died) / 1000;
        assert.ok(took < EXPIRE_SECONDS / 10, `taken over in ${took} s`);
        assert.deepEqual(byB, ['orphan'], 'the other server ran it, once');
        const [job] = await jobsOf(db, 'orphan');
        assert.equal(job!.retry_count, 1, 'failed once (by the heartbeat), then done');
      } finally {
        child.kill('SIGKILL');
        await qb?.stop();
        await db?.close();
        if (typeof place === 'string') rmSync(place, { recursive: true, force: true });
        else await place.drop();
      }
    });
  });
}
