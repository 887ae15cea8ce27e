// Relay mode (issue 17): a relay takes sealed ballots for an election held by a primary it
// cannot reach, keeps them (committed before it answers), and forwards them with retries once
// the primary is back: none lost, none doubled (copies to the relay, and a ballot cast both
// directly and through the relay, count once), refusals for good are not retried, and the
// primary's archive passes belenios-tool. The relay keeps no ballot text once delivered.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createBallot } from '../../src/protocol/ballot.ts';
import { generateSecretCredential } from '../../src/protocol/credentials.ts';
import { sealBallot } from '../../src/courier/sealed-ballot.ts';
import { backoffSeconds, startRelayForwarder } from '../../src/services/relay/relay.ts';
import { castOutcome } from '../../src/courier/cast-answer.ts';
import { ballotFor, Client, openElectionOverHttp, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { beleniosVerify, jirgaAsync, tempDir } from '../helpers/tools.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The way to the primary: cut (connections reset) or open (requests passed through). */
async function gate(primary: string): Promise<{ url: string; open: boolean; passed: number; close: () => Promise<void> }> {
  const state = { open: false, passed: 0 };
  const server: Server = createServer(async (req, res) => {
    if (!state.open) return req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    state.passed++;
    const answer = await fetch(primary + req.url, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'application/json' }, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return Object.assign(state, { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) });
}

const waitFor = async (what: string, check: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe('relay mode: ballots wait out a primary that is down, then arrive once', () => {
  let primary: TestServer;
  let relay: TestServer;
  let way: Awaited<ReturnType<typeof gate>>;
  let election: OpenElection;
  let forwarder: ReturnType<typeof startRelayForwarder> | undefined;

  before(async () => {
    primary = await startTestServer('pglite');
    election = await openElectionOverHttp(new Client(primary.base), { voters: 5, password: ORGANISER_PASSWORD });
    way = await gate(primary.base);
    relay = await startTestServer('pglite', { relayTo: way.url });
  });
  after(async () => {
    await forwarder?.stop();
    await relay?.stop();
    await way?.close();
    await primary?.stop();
  });

  const onPrimary = async () => (await primary.ctx.db.query<{ tracker: string }>('SELECT tracker FROM ballots WHERE election_uuid = $1', [election.uuid])).map((r) => r.tracker);
  const status = async (tracker: string) => new Client(relay.base).ok('GET', `/api/relay/ballots?tracker=${encodeURIComponent(tracker)}`);

  test('how answers are read and how long to wait', () => {
    assert.deepEqual(castOutcome(200, { tracker: 't', replaced: false, alreadyRecorded: true }), { kind: 'cast' });
    assert.deepEqual(castOutcome(403, { error: 'not on the list', code: 'unknown-credential' }), { kind: 'refused', reason: 'not on the list (unknown-credential)' });
    assert.equal(castOutcome(409, { error: 'closed', code: 'voting-closed' }).kind, 'refused');
    for (const [s, b] of [[429, { error: 'wait', code: 'rate-limited' }], [503, undefined], [502, 'gateway'], [200, 'not json'], [404, undefined]] as const) assert.equal(castOutcome(s, b).kind, 'retry', `${s}`);
    assert.ok(backoffSeconds(0, 600) >= 4 && backoffSeconds(0, 600) <= 5);
    assert.ok(backoffSeconds(30, 600) <= 600 && backoffSeconds(30, 600) >= 480);
  });

  test('down: the relay keeps every ballot (copies once), refuses what is not a ballot; up: all arrive once; refusals are final; the archive verifies', { timeout: 180_000 }, async () => {
    const ballots = [0, 1, 2].map((v) => ballotFor(election, v, [[0, 1, 0], [0, 1, 0, 1]]));
    const client = new Client(relay.base);
    const trackers: string[] = [];
    for (const b of ballots) {
      const answer = await client.ok('POST', `/api/elections/${election.uuid}/ballots`, b);
      assert.equal(answer.relayed, true);
      assert.equal(answer.alreadyRecorded, false);
      trackers.push(answer.tracker);
    }
    // a second copy, as a courier's sealed block would bring it again: one row
    const again = await client.ok('POST', `/api/elections/${election.uuid}/ballots`, ballots[0]);
    assert.deepEqual(again, { tracker: trackers[0], replaced: false, alreadyRecorded: true, relayed: true });
    // not a ballot, or a ballot for another election than the address says: refused, nothing kept
    const junk = await client.request('POST', `/api/elections/${election.uuid}/ballots`, '{"hello":"world"}');
    assert.equal(junk.status, 400);
    assert.equal(junk.json.code, 'malformed-ballot');
    const elsewhere = await client.request('POST', '/api/elections/AAAAAAAAAAAAAAAA/ballots', ballots[1]);
    assert.equal(elsewhere.status, 400);
    assert.match(elsewhere.json.error, /is for election/);
    // a ballot of a credential the primary does not know: taken here (the relay cannot tell), refused there
    const stranger = createBallot(election.ctx, generateSecretCredential(), [[1, 0, 0], [1, 0, 0, 0]]).text;
    const strangerTracker = (await client.ok('POST', `/api/elections/${election.uuid}/ballots`, stranger)).tracker;
    // the same ballot also cast straight at the primary by the voter, once the network came back there
    const direct = ballotFor(election, 3, [[0, 0, 1], [1, 0, 0, 0]]);
    const directTracker = (await client.ok('POST', `/api/elections/${election.uuid}/ballots`, direct)).tracker;
    assert.equal((await relay.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM relay_ballots'))[0]!.n, 5);

    forwarder = startRelayForwarder(relay.ctx.db, way.url, { intervalMs: 100, maxBackoffSeconds: 1 });
    await waitFor('failed attempts while the primary is down', async () => (await status(trackers[0]!)).attempts >= 2);
    const waiting = await status(trackers[0]!);
    assert.equal(waiting.state, 'waiting');
    assert.match(waiting.lastError, /^unreachable/);
    assert.deepEqual(await onPrimary(), [], 'nothing arrived while the way was cut');

    // the voter casts one of them directly meanwhile
    await new Client(primary.base).ok('POST', `/api/elections/${election.uuid}/ballots`, direct);
    way.open = true;
    await waitFor('every ballot settled', async () => {
      const states = await Promise.all([...trackers, strangerTracker, directTracker].map(async (t) => (await status(t)).state));
      return states.every((s) => s !== 'waiting');
    });
    for (const t of [...trackers, directTracker]) assert.equal((await status(t)).state, 'forwarded', t);
    const refused = await status(strangerTracker);
    assert.equal(refused.state, 'refused');
    assert.match(refused.lastError, /unknown-credential/);
    const board = await onPrimary();
    assert.deepEqual([...board].sort(), [...trackers, directTracker].sort(), 'every ballot once, the refused one not at all');
    // delivered or refused: the relay keeps no ballot text
    assert.equal((await relay.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM relay_ballots WHERE ballot IS NOT NULL'))[0]!.n, 0);
    // a refusal for good is not retried
    const passed = way.passed;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(way.passed, passed, 'nothing sent again after every ballot settled');
    const archive = await fetch(`${primary.base}/api/elections/${election.uuid}/archive.bel`);
    assert.equal(archive.status, 200);
    const r = beleniosVerify(new Uint8Array(await archive.arrayBuffer()));
    assert.equal(r.code, 0, r.stderr);
  });

  test('jirga cast to a relay: exit 0, the tracker, and where it stands', { timeout: 120_000 }, async () => {
    const sealed = sealBallot(ballotFor(election, 4, [[1, 0, 0], [0, 0, 1, 0]]));
    const path = join(tempDir('jirga-relay-'), 'sealed.txt');
    writeFileSync(path, sealed);
    const r = await jirgaAsync(['cast', path, '--server', relay.base]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^taken by the relay at .*forwards the ballot to the ballot box of election/);
    const tracker = r.stdout.trim();
    await waitFor('the relayed ballot on the primary', async () => (await onPrimary()).includes(tracker));
    assert.equal((await status(tracker)).state, 'forwarded');
  });
});

describe('relay mode: a voter who re-voted through the relay keeps the later vote', () => {
  let primary: TestServer;
  let relay: TestServer;
  let way: Awaited<ReturnType<typeof gate>>;
  let election: OpenElection;
  let forwarder: ReturnType<typeof startRelayForwarder> | undefined;

  before(async () => {
    primary = await startTestServer('pglite');
    election = await openElectionOverHttp(new Client(primary.base), { voters: 2, password: ORGANISER_PASSWORD });
    way = await gate(primary.base);
    relay = await startTestServer('pglite', { relayTo: way.url });
  });
  after(async () => {
    await forwarder?.stop();
    await relay?.stop();
    await way?.close();
    await primary?.stop();
  });

  test('ballots of one credential reach the primary in the order the relay took them, whatever their retry times', { timeout: 120_000 }, async () => {
    const first = ballotFor(election, 0, [[1, 0, 0], [1, 0, 0, 0]]);
    const later = ballotFor(election, 0, [[0, 0, 1], [0, 0, 1, 0]]);
    const other = ballotFor(election, 1, [[0, 1, 0], [0, 1, 0, 0]]);
    const client = new Client(relay.base);
    const trackers: string[] = [];
    for (const ballot of [first, later, other]) trackers.push((await client.ok('POST', `/api/elections/${election.uuid}/ballots`, ballot)).tracker);
    const [tFirst, tLater, tOther] = trackers as [string, string, string];
    const status = async (tracker: string) => new Client(relay.base).ok('GET', `/api/relay/ballots?tracker=${encodeURIComponent(tracker)}`);
    // the primary is down: each is tried and fails
    forwarder = startRelayForwarder(relay.ctx.db, way.url, { intervalMs: 100, maxBackoffSeconds: 1 });
    await waitFor('each tried once', async () => (await Promise.all([tFirst, tOther].map(status))).every((s) => s.attempts >= 2));
    await forwarder.stop();
    assert.equal((await status(tLater)).attempts, 0, 'the re-vote is not sent while the ballot it replaces waits');
    // the random spread of the waits put the later ballot's next attempt before the first one's
    // (5 s doubling with up to 20% spread: 4.1 s after one failure can come before 4.9 s after another)
    await relay.ctx.db.query("UPDATE relay_ballots SET next_attempt_at = now() - interval '10 seconds' WHERE tracker = $1", [tLater]);
    await relay.ctx.db.query("UPDATE relay_ballots SET next_attempt_at = now() - interval '5 seconds' WHERE tracker IN ($1, $2)", [tFirst, tOther]);
    way.open = true;
    forwarder = startRelayForwarder(relay.ctx.db, way.url, { intervalMs: 100, maxBackoffSeconds: 1 });
    await waitFor('every ballot settled', async () => (await Promise.all(trackers.map(status))).every((s) => s.state !== 'waiting'));
    for (const t of trackers) assert.equal((await status(t)).state, 'forwarded', t);
    const box = (await new Client(primary.base).ok('GET', `/api/elections/${election.uuid}/ballots`)) as { tracker: string; counted: boolean }[];
    assert.deepEqual(box.filter((x) => x.tracker !== tOther), [{ tracker: tFirst, counted: false }, { tracker: tLater, counted: true }], 'the re-vote counts, not the ballot it replaced');
    assert.deepEqual(box.find((x) => x.tracker === tOther), { tracker: tOther, counted: true });
  });
});
