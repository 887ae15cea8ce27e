// No client address anywhere (issue 16): `jirga serve` as deployed (PGlite, its default
// request log on) is used from a loopback address of its own (127.0.0.3) by clients that
// also send a forwarded address (X-Forwarded-For, X-Real-IP, Forwarded): a failed and a
// good login, a participant who joins with a code, votes and writes a statement, a voter
// who casts a ballot. Afterwards neither address is in the server's output, nor in any
// row of any table of its database (every table dumped as text), nor anywhere in the
// database's files (so not in a deleted row or the write-ahead log either). 127.0.0.1,
// the address of the clients that set the election up, is in no row and no log line
// but the one where the server says where it listens. start.test.ts checks the request
// log for tokens, cookies, passwords and user agents.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../../src/store/db.ts';
import { ballotFor, Client, openElectionOverHttp, SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { ORGANISER_PASSWORD } from '../helpers/server.ts';
import { ROOT } from '../helpers/tools.ts';

const FROM = '127.0.0.3';
const FORWARDED = '198.51.100.203';
const FORWARDED_V6 = '2001:db8::1234:5678';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('no client address in the log, the tables or the files of the database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jirga-no-address-'));
  let child: ChildProcess | undefined;
  after(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  test('a login, a conversation and a ballot from a distinctive address leave no trace of it', { timeout: 120_000 }, async () => {
    child = spawn(process.execPath, [join(ROOT, 'bin', 'jirga.mjs'), 'serve'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', JIRGA_DATA_DIR: dataDir, JIRGA_DEMO: '0', JIRGA_ADMIN_PASSWORD: ORGANISER_PASSWORD, DATABASE_URL: '', JIRGA_LOG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 60_000;
    let port: string | undefined;
    while (!(port = /Jirga is running at http:\/\/localhost:(\d+)\//.exec(output)?.[1])) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const base = `http://127.0.0.1:${port}`;
    assert.match(output, /\(database: PGlite in /);

    // origin: as a browser on this site sends it with every write (src/server/plugins/origin.ts)
    const headers = { origin: base, 'x-forwarded-for': `${FORWARDED}, ${FORWARDED_V6}`, 'x-real-ip': FORWARDED, forwarded: `for=${FORWARDED};proto=https, for="[${FORWARDED_V6}]"`, 'x-client-ip': FORWARDED };
    const send = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
      const a = await rawRequest(base, { method, path, localAddress: FROM, headers: { ...headers, ...extra }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const cookie = a.headers['set-cookie']?.[0]?.split(';')[0];
      return { ...a, cookie, json: (() => { try { return JSON.parse(a.text); } catch { return undefined; } })() };
    };

    // the organiser sets up an election (from 127.0.0.1)
    const organiser = new Client(base);
    const e = await openElectionOverHttp(organiser, { voters: 2, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } }, password: ORGANISER_PASSWORD });
    // a failed and a good login (the login guard counts failures per client), from the distinctive address
    assert.equal((await send('POST', '/api/session', { username: 'organiser', password: 'wrong password' })).status, 401);
    const login = await send('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    assert.equal(login.status, 200, login.text);
    const session = { cookie: login.cookie! };
    const convention = (await send('POST', '/api/organiser/conventions', { title: { en: 'Address probe' }, description: {} }, session)).json.id;
    const created = await send('POST', `/api/organiser/conventions/${convention}/conversations`, { topic: { en: 'T' }, access: 'code', moderation: 'loose', seeds: [{ text: 'Schools must open', lang: 'en' }] }, session);
    assert.equal(created.status, 200, created.text);
    const conversation = created.json.id;
    const codes = await send('POST', `/api/organiser/conversations/${conversation}/codes`, { count: 1 }, session);
    assert.equal(codes.status, 200, codes.text);
    // a participant joins with the code, votes and writes a statement
    const joined = await send('POST', `/api/conversations/${conversation}/participants`, { code: codes.json.codes[0] });
    assert.equal(joined.status, 200, joined.text);
    const participant = { cookie: joined.cookie! };
    const next = await send('GET', `/api/conversations/${conversation}/next`, undefined, participant);
    assert.equal(next.status, 200, next.text);
    const statement = next.json.statement?.id ?? next.json.id ?? 0;
    const vote = await send('POST', `/api/conversations/${conversation}/votes`, { statement, vote: 1 }, participant);
    assert.equal(vote.status, 200, vote.text);
    const written = await send('POST', `/api/conversations/${conversation}/statements`, { text: 'Teachers need to be paid on time', lang: 'en' }, participant);
    assert.equal(written.status, 200, written.text);
    // a voter casts a ballot
    const cast = await rawRequest(base, { method: 'POST', path: `/api/elections/${e.uuid}/ballots`, localAddress: FROM, headers, body: ballotFor(e, 0, [[1, 0, 0], [1, 0, 0, 0]]) });
    assert.equal(cast.status, 200, cast.text);
    assert.equal((await send('GET', '/healthz')).status, 200);

    // the server stops as an operator stops it
    await new Promise<void>((resolve) => {
      child!.once('exit', () => resolve());
      child!.kill('SIGTERM');
    });

    // the log was on (a line per request) and never names a client
    const logLines = output.split('\n').filter((l) => l.startsWith('{'));
    assert.ok(logLines.filter((l) => l.includes('"incoming request"')).length >= 15, `the request log is on:\n${output.slice(0, 2000)}`);
    for (const address of [FROM, FORWARDED, FORWARDED_V6]) assert.ok(!output.includes(address), `${address} is in the server's output`);
    const withLoopback = output.split('\n').filter((l) => l.includes('127.0.0.1'));
    assert.deepEqual(withLoopback.filter((l) => !/Server listening at http:\/\/127\.0\.0\.1:\d+/.test(l)), [], 'no log line names 127.0.0.1 but the listening address');

    // every row of every table, as text
    const db = await openDatabase({ dataDir });
    let rows = 0;
    const counts: Record<string, number> = {};
    const found: string[] = [];
    try {
      const tables = await db.query<{ schema: string; name: string }>("SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'");
      assert.ok(tables.length >= 10, `${tables.length} tables`);
      for (const t of tables) {
        for (const r of await db.query<{ row: string }>(`SELECT t::text AS row FROM "${t.schema}"."${t.name}" t`)) {
          rows++;
          counts[t.name] = (counts[t.name] ?? 0) + 1;
          for (const address of [FROM, FORWARDED, FORWARDED_V6, '127.0.0.1', '::1']) {
            const hex = Buffer.from(address).toString('hex');
            if (r.row.includes(address) || r.row.includes(hex)) found.push(`${t.schema}.${t.name}: ${address} in ${r.row.slice(0, 200)}`);
          }
        }
      }
    } finally {
      await db.close();
    }
    // the rows the requests above wrote are among those dumped
    for (const table of ['accounts', 'records', 'participants', 'votes', 'statements']) assert.ok(counts[table]! > 0, `rows of ${table} dumped: ${JSON.stringify(counts)}`);
    assert.deepEqual(found, []);
    // nor in the database's files: no deleted row, index or log of the database keeps it
    const files = filesUnder(dataDir);
    assert.ok(files.length > 100, `${files.length} files`);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const address of [FROM, FORWARDED, FORWARDED_V6]) assert.ok(!bytes.includes(address), `${address} is in ${file}`);
    }
  });
});
