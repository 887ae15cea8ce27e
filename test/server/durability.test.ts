// Nothing lost: ballots cast concurrently by 200 clients all appear exactly once in
// a valid chain (PGlite and Postgres); a server killed with SIGKILL between and
// during casts loses no accepted ballot when it restarts.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArchive } from '../../src/protocol/archive.ts';
import { ballotTracker } from '../../src/protocol/ballot.ts';
import { ballotFor, Client, decryptOverHttp, openElectionOverHttp, SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind } from '../helpers/server.ts';
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

function startServerProcess(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'jirga.mjs'), 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', JIRGA_DATA_DIR: dataDir, JIRGA_DEMO: '0', JIRGA_LOG: '0', JIRGA_ADMIN_PASSWORD: ORGANISER_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) return resolve(child);
      } catch {
        /* not yet */
      }
      if (!alive(child) || Date.now() > deadline) return reject(new Error(`server did not start:\n${output}`));
      setTimeout(poll, 200);
    };
    void poll();
  });
}

/** Still running? (A process killed by a signal keeps exitCode null.) */
function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function kill(child: ChildProcess): Promise<void> {
  if (!alive(child)) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('a server killed with SIGKILL loses no accepted ballot', () => {
  test('between casts and during concurrent casts, on PGlite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jirga-kill-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    let server = await startServerProcess(dataDir, port);
    const client = new Client(`http://127.0.0.1:${port}`);
    try {
      const e = await openElectionOverHttp(client, { voters: 40, draft: { ...SAMPLE_DRAFT, trustees: { count: 2, threshold: null } }, password: ORGANISER_PASSWORD });
      const ballots = e.credentials.map((_, i) => ballotFor(e, i, VOTE));
      const accepted: string[] = [];
      // between casts
      for (const b of ballots.slice(0, 5)) accepted.push((await client.ok('POST', `/api/elections/${e.uuid}/ballots`, b)).tracker);
      await kill(server);
      server = await startServerProcess(dataDir, port);
      assert.deepEqual(ballotTrackersIn(await archiveOf(client, e.uuid)), accepted, 'every ballot accepted before the kill is there, in order');
      // during concurrent casts: kill as soon as a few have been accepted
      let cutOff = 0;
      const inFlight = ballots.slice(5, 35).map((b) =>
        new Client(client.base).request('POST', `/api/elections/${e.uuid}/ballots`, b).then(
          (r) => {
            if (r.status === 200) accepted.push(r.json.tracker);
            if (accepted.length >= 12 && alive(server)) void kill(server);
          },
          () => cutOff++, // cut off by the kill: not accepted
        ),
      );
      await Promise.all(inFlight);
      await kill(server);
      assert.ok(cutOff > 0, 'the kill happened while ballots were in flight');
      server = await startServerProcess(dataDir, port);
      const after = ballotTrackersIn(await archiveOf(client, e.uuid));
      for (const t of accepted) assert.ok(after.includes(t), `accepted ballot ${t} survived the kill`);
      assert.equal(new Set(after).size, after.length, 'no ballot twice');
      // the board is whole and the election goes on to its result
      for (const b of ballots.slice(35)) await client.ok('POST', `/api/elections/${e.uuid}/ballots`, b);
      await client.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
      await client.ok('POST', `/api/organiser/elections/${e.uuid}/close`);
      await decryptOverHttp(client, e, 0);
      assert.equal((await decryptOverHttp(client, e, 1)).published, true);
      const final = await archiveOf(client, e.uuid);
      assert.match(verifyBoth(final, 'after kills'), /valid: election .* result/);
    } finally {
      await kill(server);
    }
  });
});
