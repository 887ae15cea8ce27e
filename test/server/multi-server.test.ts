// Several stateless `jirga serve` processes on one Postgres database (issue 18), with no
// coordination but the database: three processes started at once on a fresh database
// (migrations and the organiser account made once), ballots cast concurrently through all
// three while one is killed with SIGKILL mid-way and started again. Then every ballot that
// got a 200 is in the archive exactly once, the archive is one chain (no two servers
// appended at one height) and passes belenios-tool; the election row agrees with its
// records (a killed process's open transaction left nothing behind). A deliberation
// analysis job queued by one server is done by another after the first is killed; rate
// limits reached through one server (votes, failed logins) hold on another.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { parseArchive } from '../../src/protocol/archive.ts';
import { ballotTracker } from '../../src/protocol/ballot.ts';
import { ANALYSIS_QUEUE } from '../../src/services/conversations/math-runner.ts';
import { JOB_SCHEMA } from '../../src/store/job-queue.ts';
import { ballotFor, Client, openElectionOverHttp, SAMPLE_DRAFT, type OpenElection } from '../helpers/api-flow.ts';
import { freshPostgresUrl, ORGANISER_PASSWORD } from '../helpers/server.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { kill, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { beleniosVerify, tempDir } from '../helpers/tools.ts';
import { until } from '../helpers/wait.ts';

const VOTERS = 12;
const VOTE = [[0, 1, 0], [0, 1, 1, 0]];
// analyses wait this long after a vote before they start: time to kill the server that queued one
// long enough that server 0 is killed before its job starts, even on a loaded machine
const ANALYSIS_DELAY_MS = 10_000;

describe('three jirga serve processes on one Postgres database', () => {
  let database: { url: string; drop: () => Promise<void> };
  const servers: (ServerProcess | undefined)[] = [];
  let sql: pg.Client;
  const start = (i: number) =>
    startServerProcess(tempDir(`jirga-multi-${i}-`), { databaseUrl: database.url, env: { JIRGA_ANALYSIS_DELAY_MS: String(ANALYSIS_DELAY_MS) } }).then((s) => (servers[i] = s));

  before(async () => {
    database = await freshPostgresUrl();
    // started at once on an empty database: they race to migrate it and to create the organiser
    await Promise.all([0, 1, 2].map(start));
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  after(async () => {
    for (const s of servers) if (s) await kill(s.child);
    await sql?.end();
    await database?.drop();
  });

  test('they migrated the database once and made one organiser account', async () => {
    const migrations = await sql.query('SELECT version, count(*)::int AS n FROM schema_migrations GROUP BY version HAVING count(*) > 1');
    assert.deepEqual(migrations.rows, []);
    assert.equal((await sql.query("SELECT count(*)::int AS n FROM accounts WHERE username = 'organiser'")).rows[0].n, 1);
    assert.equal(servers.filter((s) => /Organiser account created/.test(s!.output())).length, 1, 'one of them says it created the account');
  });

  test('ballots cast through all three while one is SIGKILLed and restarted: every accepted ballot once, one chain, verified', { timeout: 240_000 }, async () => {
    const election: OpenElection = await openElectionOverHttp(new Client(servers[0]!.base), { voters: VOTERS, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } }, password: ORGANISER_PASSWORD });
    const ballots = election.credentials.map((_, i) => ballotFor(election, i, VOTE));
    const accepted = new Map<string, number>(); // tracker → how many 200s
    let failed = 0;
    const castOn = async (i: number, ballot: string) => {
      try {
        const r = await new Client(servers[i]!.base).request('POST', `/api/elections/${election.uuid}/ballots`, ballot);
        if (r.status === 200) {
          assert.equal(r.json.tracker, ballotTracker(ballot));
          accepted.set(r.json.tracker, (accepted.get(r.json.tracker) ?? 0) + 1);
        } else failed++;
      } catch {
        failed++; // the connection died with the server
      }
    };
    // ballots are cast on server v % 3, all at once; server 1 is killed as soon as a third are in
    const third = Math.floor(VOTERS / 3);
    const killed = until(() => accepted.size >= third, { timeoutMs: 180_000, what: () => 'a third of the ballots accepted' }).then(() => kill(servers[1]!.child));
    await Promise.all([...ballots.entries()].map(([v, b]) => castOn(v % 3, b)));
    await killed;
    await start(1);
    // whatever did not get a 200 is cast again, on the restarted server and the others
    const missing = ballots.filter((b) => !accepted.has(ballotTracker(b)));
    await Promise.all(missing.map((b, j) => castOn(j % 3, b)));
    // a ballot accepted once and sent again is recognised, not doubled
    const again = await new Client(servers[2]!.base).ok('POST', `/api/elections/${election.uuid}/ballots`, ballots[0]!);
    assert.equal(again.alreadyRecorded, true);
    console.log(`multi-server: ${accepted.size} ballots accepted, ${failed} requests failed with the killed server, ${missing.length} cast again`);
    assert.equal(accepted.size, VOTERS, 'every ballot accepted in the end');

    const r = await fetch(`${servers[1]!.base}/api/elections/${election.uuid}/archive.bel`);
    assert.equal(r.status, 200);
    const bytes = new Uint8Array(await r.arrayBuffer());
    const records = parseArchive(bytes).records;
    const trackers = records.filter((x) => x.kind === 'data' && x.text.startsWith('{"election_uuid"')).map((x) => ballotTracker(x.text));
    for (const t of accepted.keys()) assert.equal(trackers.filter((x) => x === t).length, 1, `ballot ${t} is in the archive once`);
    assert.equal(trackers.length, accepted.size, 'nothing else');
    // one chain: heights 0, 1, 2... each once, each event's parent the one before
    const events = records.filter((x) => x.kind === 'event').map((x) => JSON.parse(x.text) as { height: number; parent?: string });
    assert.deepEqual(events.map((e) => e.height), events.map((_, i) => i), 'each height once, in order');
    const heights = await sql.query("SELECT (body::jsonb ->> 'height')::int AS h, count(*)::int AS n FROM records WHERE election_uuid = $1 AND kind = 'event' GROUP BY 1 HAVING count(*) > 1", [election.uuid]);
    assert.deepEqual(heights.rows, [], 'no two events at one height');
    // the election row agrees with its records: nothing half-written by the killed process
    const row = (await sql.query("SELECT last_height, record_count, (SELECT count(*)::int FROM records WHERE election_uuid = $1) AS records, (SELECT count(*)::int FROM ballots WHERE election_uuid = $1) AS ballots FROM elections WHERE uuid = $1", [election.uuid])).rows[0];
    assert.equal(row.record_count, row.records);
    assert.equal(row.last_height, events.length - 1);
    assert.equal(row.ballots, VOTERS);
    const verified = beleniosVerify(bytes);
    assert.equal(verified.code, 0, verified.stderr);
  });

  test('an analysis job queued through one server is done by another after the first is killed', { timeout: 120_000 }, async () => {
    const org = new Client(servers[0]!.base);
    await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    const convention = (await org.ok('POST', '/api/organiser/conventions', { title: { en: 'Several servers' }, description: {} })).id;
    const seeds = ['Schools first', 'Roads first', 'Clinics first'].map((text) => ({ text, lang: 'en' }));
    const { id } = await org.ok('POST', `/api/organiser/conventions/${convention}/conversations`, { topic: { en: 'x' }, access: 'open', moderation: 'loose', seeds });
    const p = new Client(servers[0]!.base);
    await p.ok('POST', `/api/conversations/${id}/participants`, {});
    for (const s of [0, 1, 2]) await p.ok('POST', `/api/conversations/${id}/votes`, { statement: s, vote: s === 1 ? -1 : 1 });
    // server 0 queued the job (to start in ANALYSIS_DELAY_MS): it is killed before then
    // (the vote's answer does not wait for the job to be sent: look until it is there)
    const jobOf = () => sql.query(`SELECT state::text AS state FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2`, [ANALYSIS_QUEUE, id]);
    let job = await jobOf();
    for (const end = Date.now() + 5000; job.rows.length === 0 && Date.now() < end; job = await jobOf()) await new Promise((r) => setTimeout(r, 50));
    assert.equal(job.rows.length, 1, 'one job for the conversation (three votes, one job)');
    assert.equal(job.rows[0].state, 'created');
    await kill(servers[0]!.child);
    servers[0] = undefined;
    const other = new Client(servers[2]!.base);
    await until(async () => (await other.ok('GET', `/api/conversations/${id}/report`)).analysis !== null, { timeoutMs: 90_000, what: () => 'the analysis done by a server still running' });
    const report = await other.ok('GET', `/api/conversations/${id}/report`);
    assert.equal(report.status.votesIncluded, 3);
    assert.equal(report.analysis.nParticipants, 1);
    const done = await sql.query(`SELECT state::text AS state FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 ORDER BY created_on`, [ANALYSIS_QUEUE, id]);
    assert.deepEqual(done.rows.map((r) => r.state), ['completed'], 'the job server 0 queued is the one that ran');

    // a rate limit reached through server 1 holds on server 2: 30 votes in 10 s per participant
    const q = new Client(servers[1]!.base);
    await q.ok('POST', `/api/conversations/${id}/participants`, {});
    const onTwo = new Client(servers[2]!.base);
    onTwo.cookie = q.cookie; // the same participant, through another server
    let n = 0;
    for (; n < 40; n++) {
      const r = await q.request('POST', `/api/conversations/${id}/votes`, { statement: n % 3, vote: n % 2 === 0 ? 1 : -1 });
      if (r.status === 429) break;
      assert.equal(r.status, 200, r.text);
    }
    assert.equal(n, 30, 'the 31st vote in 10 seconds is refused');
    const through2 = await onTwo.request('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: 0 });
    assert.equal(through2.status, 429, `refused through the other server too: ${through2.text}`);
    assert.match(through2.text, /too many votes/);
  });

  test('failed logins counted through one server hold on another', async () => {
    const FROM = '127.0.0.7'; // not loopback's usual address: limited per client
    const login = (i: number) =>
      rawRequest(servers[i]!.base, { method: 'POST', path: '/api/session', localAddress: FROM, headers: { 'content-type': 'application/json', origin: new URL(servers[i]!.base).origin }, body: JSON.stringify({ username: 'organiser', password: 'wrong password' }) });
    for (let n = 0; n < 10; n++) assert.equal((await login(1)).status, 401, `failure ${n + 1} is a plain refusal`);
    const other = await login(2);
    assert.equal(other.status, 429, `the 11th, through another server, is held back: ${other.text}`);
    assert.match(other.text, /too many failed logins/);
  });
});
