// Nothing lost: ballots cast concurrently by 200 clients all appear exactly once in
// a valid chain (PGlite and Postgres); a server (`jirga serve`, on PGlite or with
// DATABASE_URL on Postgres) killed with SIGKILL between and during casts loses no
// accepted ballot when it restarts, and records no ballot it was still receiving.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArchive } from '../../src/protocol/archive.ts';
import { ballotTracker } from '../../src/protocol/ballot.ts';
import { closeOverHttp, ballotFor, Client, decryptOverHttp, openElectionOverHttp, SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import pg from 'pg';
import { halfSentPost } from '../helpers/raw-http.ts';
import { freshPostgresUrl, ORGANISER_PASSWORD, startTestServer, type DbKind } from '../helpers/server.ts';
import { alive, kill, startServerProcess } from '../helpers/server-process.ts';
import { beleniosVerify, jirga, lastLine, ROOT, tempDir } from '../helpers/tools.ts';

const ONE_TRUSTEE = { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } };
const VOTE = [[0, 1, 0], [0, 1, 1, 0]];

async function archiveOf(client: Client, uuid: string): Promise<Uint8Array> {
  const r = await fetch(`${client.base}/api/elections/${uuid}/archive.bel`);
  assert.equal(r.status, 200);
  return new Uint8Array(await r.arrayBuffer());
}

function ballotTrackersIn(bytes: Uint8Array): string[] {
  return parseArchive(bytes)
    .records.filter((r) => r.kind === 'data' && r.text.startsWith('{"election_uuid"'))
    .map((r) => ballotTracker(r.text));
}

function verifyBoth(bytes: Uint8Array, label: string) {
  const dir = tempDir();
  const file = join(dir, 'board.bel');
  writeFileSync(file, bytes);
  const ours = jirga(['verify', file]);
  assert.equal(ours.code, 0, `${label}: ${ours.stdout}`);
  const theirs = beleniosVerify(bytes);
  assert.equal(theirs.code, 0, `${label}: ${theirs.stderr}`);
  return lastLine(ours.stdout);
}

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`concurrent casting on ${kind}`, () => {
    test('200 ballots from parallel clients all appear exactly once in a valid chain', async () => {
      const server = await startTestServer(kind);
      try {
        const organiser = new Client(server.base);
        const e = await openElectionOverHttp(organiser, { voters: 200, draft: ONE_TRUSTEE, password: ORGANISER_PASSWORD });
        const ballots = e.credentials.map((_, i) => ballotFor(e, i, VOTE));
        const results = await Promise.all(ballots.map((b) => new Client(server.base).request('POST', `/api/elections/${e.uuid}/ballots`, b)));
        for (const r of results) assert.equal(r.status, 200, r.text);
        const bytes = await archiveOf(organiser, e.uuid);
        const inArchive = ballotTrackersIn(bytes);
        assert.equal(inArchive.length, 200);
        assert.equal(new Set(inArchive).size, 200, 'each ballot exactly once');
        assert.deepEqual(new Set(inArchive), new Set(results.map((r) => r.json.tracker)));
        assert.match(verifyBoth(bytes, 'concurrent'), /200 ballot\(s\), 200 counted/);
      } finally {
        await server.stop();
      }
    });
  });
}

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`a server killed with SIGKILL loses no accepted ballot, on ${kind}`, () => {
    test('between casts, and during casts with a ballot half sent at the kill', { timeout: 300_000 }, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'jirga-kill-'));
      const postgres = kind === 'postgres' ? await freshPostgresUrl() : undefined;
      let server = await startServerProcess(dataDir, { databaseUrl: postgres?.url });
      try {
        if (postgres) {
          // DATABASE_URL: the server says so, keeps nothing in PGlite, and has migrated the fresh database
          assert.match(server.output(), /Jirga is running at http:\/\/localhost:\d+\/ {2}\(database: Postgres\)/);
          assert.ok(!existsSync(join(dataDir, 'pglite')), 'no PGlite database beside the Postgres one');
          const db = new pg.Client({ connectionString: postgres.url });
          await db.connect();
          const applied = (await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
          await db.end();
          assert.deepEqual(applied, readdirSync(join(ROOT, 'src', 'store', 'migrations')).filter((f) => f.endsWith('.sql')).sort());
        } else {
          assert.match(server.output(), /\(database: PGlite in /);
        }
        let client = new Client(server.base);
        const e = await openElectionOverHttp(client, { voters: 32, draft: { ...SAMPLE_DRAFT, trustees: { count: 2, threshold: null } }, password: ORGANISER_PASSWORD });
        const ballots = e.credentials.map((_, i) => ballotFor(e, i, VOTE));
        const accepted: string[] = [];
        // between casts
        for (const b of ballots.slice(0, 5)) accepted.push((await client.ok('POST', `/api/elections/${e.uuid}/ballots`, b)).tracker);
        await kill(server.child);
        server = await startServerProcess(dataDir, { databaseUrl: postgres?.url });
        client = new Client(server.base);
        assert.deepEqual(ballotTrackersIn(await archiveOf(client, e.uuid)), accepted, 'every ballot accepted before the kill is there, in order');
        if (postgres) {
          const db = new pg.Client({ connectionString: postgres.url });
          await db.connect();
          const [row] = (await db.query<{ n: string }>("SELECT count(*) AS n FROM records WHERE election_uuid = $1 AND event_type = 'Ballot'", [e.uuid])).rows;
          await db.end();
          assert.equal(Number(row!.n), 5, 'the ballots are in the Postgres database');
        }

        // during casts: one ballot is half sent (the server has its headers and waits for the rest)
        // when the kill comes; concurrent casts go on and the server is killed once 12 are accepted
        const halfBallot = ballots[5]!;
        const half = await halfSentPost(server.base, `/api/elections/${e.uuid}/ballots`, halfBallot);
        const killed = server.child;
        let cutOff = 0;
        const inFlight = ballots.slice(6, 30).map((b) =>
          new Client(client.base).request('POST', `/api/elections/${e.uuid}/ballots`, b).then(
            (r) => {
              if (r.status === 200) accepted.push(r.json.tracker);
              if (accepted.length >= 5 + 12 && alive(killed)) void kill(killed);
            },
            () => cutOff++, // cut off by the kill: not accepted
          ),
        );
        await Promise.all(inFlight);
        await kill(killed);
        const halfOutcome = await half.outcome;
        assert.equal(halfOutcome.answer, undefined, `the half-sent ballot got no answer (${JSON.stringify(halfOutcome.answer)})`);
        assert.match(String(halfOutcome.error), /socket hang up|ECONNRESET|EPIPE/, 'the kill cut the half-sent ballot off');
        server = await startServerProcess(dataDir, { databaseUrl: postgres?.url });
        client = new Client(server.base);
        const after = ballotTrackersIn(await archiveOf(client, e.uuid));
        for (const t of accepted) assert.ok(after.includes(t), `accepted ballot ${t} survived the kill`);
        assert.equal(new Set(after).size, after.length, 'no ballot twice');
        const sentWhole = new Set([...ballots.slice(0, 5), ...ballots.slice(6, 30)].map((b) => ballotTracker(b)));
        for (const t of after) assert.ok(sentWhole.has(t), `ballot ${t} on the board was sent whole`);
        assert.ok(after.length <= accepted.length + cutOff, `${after.length} ballots on the board: the ${accepted.length} accepted and at most the ${cutOff} cut off after their commit`);
        assert.ok(!after.includes(ballotTracker(halfBallot)), 'the half-sent ballot was not recorded');
        // it was never recorded: sent whole now, it is accepted (a recorded one would be refused as a replay)
        assert.equal((await client.ok('POST', `/api/elections/${e.uuid}/ballots`, halfBallot)).tracker, ballotTracker(halfBallot));

        // the board is whole and the election goes on to its result
        for (const b of ballots.slice(30)) await client.ok('POST', `/api/elections/${e.uuid}/ballots`, b);
        await client.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
        await closeOverHttp(client, e.uuid);
        await decryptOverHttp(client, e, 0);
        assert.equal((await decryptOverHttp(client, e, 1)).published, true);
        const final = await archiveOf(client, e.uuid);
        assert.match(verifyBoth(final, 'after kills'), /valid: election .* result/);
      } finally {
        await kill(server.child);
        await postgres?.drop();
      }
    });
  });
}
