// A relay process (`jirga serve --relay-to URL`, PGlite in its own data directory) killed
// with SIGKILL at the harsh moments, and started again on the same data: right after it
// answered that it took a ballot, and while forwarding — after the primary recorded a ballot
// but before its answer reached the relay. In the end the primary holds every ballot handed
// to the relay exactly once (each tracker once, none lost, none doubled), the relay knows
// each as forwarded, and the primary's archive passes belenios-tool.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { parseArchive } from '../../src/protocol/archive.ts';
import { ballotTracker } from '../../src/protocol/ballot.ts';
import { ballotFor, Client, openElectionOverHttp, SAMPLE_DRAFT, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { alive, kill, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { beleniosVerify, tempDir } from '../helpers/tools.ts';
import { until } from '../helpers/wait.ts';

const VOTE = [[0, 1, 0], [0, 1, 1, 0]];

/** What the primary answered to one request that passed the gate. */
interface Passed {
  tracker: string;
  status: number;
  body: { tracker?: string; alreadyRecorded?: boolean };
}

/**
 * The way from the relay to the primary. closed: connections reset (the primary is down).
 * open: requests passed through. kill-after-primary: the next ballot is passed to the primary,
 * and once the primary has answered, `onAnswered` runs (the test kills the relay there)
 * before the connection is reset — the relay never learns that the primary has the ballot.
 */
async function gate(primary: string) {
  const state = {
    mode: 'closed' as 'closed' | 'open' | 'kill-after-primary',
    passed: [] as Passed[],
    refused: 0,
    onAnswered: async () => undefined as void,
  };
  const server: Server = createServer(async (req, res) => {
    if (state.mode === 'closed') {
      state.refused++;
      return req.socket.destroy();
    }
    const killing = state.mode === 'kill-after-primary';
    if (killing) state.mode = 'open'; // one request only; what follows passes through
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const answer = await fetch(primary + req.url, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'application/json' }, ...(body.length ? { body } : {}) });
    const bytes = Buffer.from(await answer.arrayBuffer());
    let json: Passed['body'] = {};
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      // not JSON: kept as {}
    }
    if (req.method === 'POST') state.passed.push({ tracker: ballotTracker(body.toString('utf8')), status: answer.status, body: json });
    if (killing) {
      await state.onAnswered();
      return req.socket.destroy();
    }
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(bytes);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return Object.assign(state, { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) });
}

describe('a relay process killed with SIGKILL loses no ballot it took and doubles none', () => {
  let primary: TestServer;
  let way: Awaited<ReturnType<typeof gate>>;
  let election: OpenElection;
  let relay: ServerProcess | undefined;
  const dataDir = tempDir('jirga-relay-kill-');

  before(async () => {
    primary = await startTestServer('pglite');
    election = await openElectionOverHttp(new Client(primary.base), { voters: 8, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } }, password: ORGANISER_PASSWORD });
    way = await gate(primary.base);
  });
  after(async () => {
    if (relay) await kill(relay.child);
    await way?.close();
    await primary?.stop();
  });

  const startRelay = async () => {
    relay = await startServerProcess(dataDir, { args: ['--relay-to', way.url] });
    assert.match(relay.output(), /Relay mode: ballots for elections not held here are kept and forwarded to http:\/\/127\.0\.0\.1:\d+/);
    return relay;
  };
  const status = async (tracker: string) => {
    const r = await new Client(relay!.base).request('GET', `/api/relay/ballots?tracker=${encodeURIComponent(tracker)}`);
    assert.equal(r.status, 200, `the relay knows ${tracker}: ${r.text}`);
    return r.json as { state: string; attempts: number; lastError: string | null };
  };
  const cast = async (ballot: string) => new Client(relay!.base).ok('POST', `/api/elections/${election.uuid}/ballots`, ballot);
  const boardTrackers = async () => {
    const r = await fetch(`${primary.base}/api/elections/${election.uuid}/archive.bel`);
    assert.equal(r.status, 200);
    const bytes = new Uint8Array(await r.arrayBuffer());
    return { bytes, trackers: parseArchive(bytes).records.filter((x) => x.kind === 'data' && x.text.startsWith('{"election_uuid"')).map((x) => ballotTracker(x.text)) };
  };

  test('killed right after accepting, and while forwarding; restarted on the same data: every ballot on the primary once, and it verifies', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const mark = (what: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
    const ballots = election.credentials.map((_, i) => ballotFor(election, i, VOTE));
    const trackers = ballots.map((b) => ballotTracker(b));

    // 1. the primary is down; three ballots are handed to the relay, and it is killed the
    //    moment it has answered for the third
    await startRelay();
    for (const b of ballots.slice(0, 3)) {
      const answer = await cast(b);
      assert.deepEqual(answer, { tracker: ballotTracker(b), replaced: false, alreadyRecorded: false, relayed: true });
    }
    mark('three taken');
    await kill(relay!.child);
    await startRelay();
    mark('restarted');
    for (const t of trackers.slice(0, 3)) assert.equal((await status(t)).state, 'waiting', `${t} survived the kill`);
    // a second copy of one of them: the relay still has it (nothing added)
    assert.equal((await cast(ballots[0]!)).alreadyRecorded, true);
    for (const b of ballots.slice(3, 6)) assert.equal((await cast(b)).alreadyRecorded, false);
    // every one has been tried (and failed: the primary is down)
    await until(async () => (await Promise.all(trackers.slice(0, 6).map(status))).every((s) => s.attempts >= 1 && s.state === 'waiting'), {
      timeoutMs: 30_000,
      what: () => 'every ballot tried once while the primary is down',
    });
    mark('six tried');
    assert.ok(way.refused >= 6, `the relay tried to reach the primary (${way.refused} connections reset)`);
    assert.deepEqual((await boardTrackers()).trackers, [], 'nothing reached the primary while it was down');

    // 2. the primary is back; the first ballot forwarded reaches its board, and the relay is
    //    killed before the primary's answer reaches it
    let killedOn: string | undefined;
    const killedRelay = relay!.child;
    way.onAnswered = async () => {
      await kill(killedRelay);
    };
    way.mode = 'kill-after-primary';
    await until(() => !alive(killedRelay), { timeoutMs: 60_000, what: () => 'the relay forwarded a ballot once the primary was back (and was killed)' });
    mark('killed while forwarding');
    killedOn = way.passed[0]!.tracker;
    assert.equal(way.passed.length, 1, 'one request passed before the kill');
    assert.equal(way.passed[0]!.status, 200);
    assert.equal(way.passed[0]!.body.alreadyRecorded, false, 'the primary recorded it');
    assert.deepEqual((await boardTrackers()).trackers, [killedOn], 'the primary has the ballot the relay was killed forwarding');

    // 3. started again on the same data: it does not know the primary has that ballot, sends it
    //    again (the primary recognises it), and delivers the rest
    //    (the way is cut while it starts, so that where it stands can be read before it sends)
    way.mode = 'closed';
    await startRelay();
    const again = await status(killedOn);
    assert.equal(again.state, 'waiting', 'a forward whose answer never came is not marked done');
    way.mode = 'open';
    assert.equal((await cast(ballots[6]!)).alreadyRecorded, false, 'a ballot handed over after the restart');
    await until(async () => (await Promise.all(trackers.slice(0, 7).map(status))).every((s) => s.state === 'forwarded'), {
      timeoutMs: 90_000,
      what: () => `every ballot forwarded (the primary up); passed: ${JSON.stringify(way.passed.map((p) => [p.tracker, p.status, p.body.alreadyRecorded]))}`,
    });
    mark('all forwarded');
    const resent = way.passed.filter((p) => p.tracker === killedOn);
    assert.equal(resent.length, 2, 'the ballot whose answer was lost was sent again, once');
    assert.equal(resent[1]!.body.alreadyRecorded, true, 'the primary recognised the copy');
    for (const t of trackers.slice(0, 7)) if (t !== killedOn) assert.equal(way.passed.filter((p) => p.tracker === t).length, 1, `${t} sent once`);

    // the primary: each of the seven ballots exactly once, nothing else, and the archive verifies
    const board = await boardTrackers();
    assert.equal(board.trackers.length, 7);
    assert.equal(new Set(board.trackers).size, 7, 'no tracker twice');
    assert.deepEqual([...board.trackers].sort(), trackers.slice(0, 7).sort(), 'every ballot handed to the relay, none other');
    const box = await new Client(primary.base).ok('GET', `/api/elections/${election.uuid}/ballots`);
    assert.equal(box.length, 7);
    const verified = beleniosVerify(board.bytes);
    assert.equal(verified.code, 0, verified.stderr);
    console.log(`relay kill test: ${((Date.now() - started) / 1000).toFixed(1)} s (three relay starts, two SIGKILLs)`);
  });
});
