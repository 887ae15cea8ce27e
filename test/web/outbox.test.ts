// Sealed ballots waiting for the network (web/src/offline/outbox.ts), against a real ballot
// box: IndexedDB is fake-indexeddb (Node has none), the server and its ballots are real. One
// ballot waits per election and credential (a later one replaces it); a ballot that cannot be
// delivered keeps waiting; one the board takes becomes 'cast' with the board's answer; one
// refused for good becomes 'refused' with the server's code; a ballot kept while an earlier
// one is in flight is not overwritten by the earlier one's outcome; the booth's own "Cast"
// drops a waiting ballot of the same voter first, and sends even where storage is refused;
// a link that never answers is given up after a time (the ballot keeps waiting).
import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ballotTracker } from '../../src/protocol/ballot.ts';
import { castDirectly, dismissEntry, keepBallot, outboxEntries, sendWaiting } from '../../web/src/offline/outbox.ts';
import { ballotFor, Client, openElectionOverHttp, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

/** A door in front of the server that holds each request until `release` (a link that hangs), or refuses connections when closed. */
async function door(target: string) {
  const held: (() => void)[] = [];
  const state = { hold: false };
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (state.hold) await new Promise<void>((resolve) => held.push(resolve));
    const answer = await fetch(target + req.url, { method: req.method, headers: { 'content-type': 'application/json', origin: target }, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    state,
    held,
    release: () => held.splice(0).forEach((f) => f()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the outbox: sealed ballots kept on the device until the network returns', () => {
  let server: TestServer;
  let election: OpenElection;
  const dead = 'http://127.0.0.1:9'; // nothing listens: no network

  before(async () => {
    server = await startTestServer('pglite');
    election = await openElectionOverHttp(new Client(server.base), { voters: 4, password: ORGANISER_PASSWORD });
  });
  after(async () => {
    await server?.stop();
  });
  const onBoard = async (tracker: string) => (await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ballots WHERE election_uuid = $1 AND tracker = $2', [election.uuid, tracker]))[0]!.n;
  const clear = async () => {
    for (const e of await outboxEntries()) await dismissEntry(e);
  };
  const keep = (text: string) => keepBallot(election.uuid, ballotTracker(text), text);

  test('reading an empty outbox, and casting directly, create no database', async () => {
    assert.deepEqual(await outboxEntries(), []);
    await castDirectly(election.uuid, ballotFor(election, 2, [[0, 1, 0], [0, 1, 0, 1]]), async () => undefined);
    assert.equal(await sendWaiting(server.base), 0);
    assert.deepEqual((await indexedDB.databases()).map((d) => d.name), [], 'no trace of an outbox on a phone that never kept a ballot');
  });

  test('one ballot waits per voter: a later one replaces it; with no network it keeps waiting; once delivered it is cast, once', async () => {
    await clear();
    const a = ballotFor(election, 0, [[0, 1, 0], [0, 1, 0, 1]]);
    const b = ballotFor(election, 0, [[1, 0, 0], [1, 0, 0, 0]]);
    const other = ballotFor(election, 1, [[0, 0, 1], [0, 0, 1, 0]]);
    await keep(a);
    await keep(b);
    await keep(other);
    let entries = await outboxEntries();
    assert.deepEqual(entries.map((e) => e.tracker).sort(), [ballotTracker(b), ballotTracker(other)].sort(), "the later ballot replaced the earlier one of the same voter; another voter's stays");
    for (const e of entries) assert.ok(!JSON.stringify(e).includes(election.credentials[0]!) && !JSON.stringify(e).includes(election.credentials[1]!), 'no credential is kept');

    assert.equal(await sendWaiting(dead), 2, 'no network: both still wait');
    entries = await outboxEntries();
    assert.deepEqual(
      entries.map((e) => [e.state, e.state === 'waiting' ? e.tries : -1]),
      [
        ['waiting', 1],
        ['waiting', 1],
      ],
    );

    assert.equal(await sendWaiting(server.base), 0, 'delivered: nothing waits');
    entries = await outboxEntries();
    const mine = entries.find((e) => e.tracker === ballotTracker(b))!;
    assert.equal(mine.state, 'cast');
    assert.equal(mine.state === 'cast' && mine.answer.tracker, ballotTracker(b));
    assert.ok(mine.state === 'cast' && mine.answer.event && mine.answer.event.height > 0, 'the board event that holds it, for the receipt');
    assert.equal(await onBoard(ballotTracker(b)), 1);
    assert.equal(await onBoard(ballotTracker(a)), 0, 'the replaced ballot never reached the board');
    assert.equal(await onBoard(ballotTracker(other)), 1);
    // a second round sends nothing again
    assert.equal(await sendWaiting(server.base), 0);
    assert.equal(await onBoard(ballotTracker(b)), 1);
  });

  test('refused for good: kept as refused with the server code, not tried again', async () => {
    await clear();
    const good = ballotFor(election, 2, [[0, 1, 0], [0, 1, 0, 1]]);
    // the same ballot with one byte of its proof changed: the signature no longer holds
    const bad = good.replace(/"challenge":"(\d)/, (_m, d: string) => `"challenge":"${d === '1' ? '2' : '1'}`);
    assert.notEqual(bad, good);
    await keep(bad);
    assert.equal(await sendWaiting(server.base), 0);
    const [entry] = await outboxEntries();
    assert.equal(entry!.state, 'refused');
    assert.equal(entry!.state === 'refused' && entry!.code, 'invalid-ballot');
    assert.equal(await onBoard(ballotTracker(bad)), 0);
  });

  test('a ballot kept while an earlier one is in flight is not overwritten by the earlier one\'s outcome, and is sent after it', async () => {
    await clear();
    const gate = await door(server.base);
    try {
      const first = ballotFor(election, 3, [[0, 1, 0], [0, 1, 0, 1]]);
      const second = ballotFor(election, 3, [[0, 0, 1], [0, 0, 0, 1]]);
      await keep(first);
      gate.state.hold = true;
      const sending = sendWaiting(gate.url);
      while (gate.held.length === 0) await new Promise((r) => setTimeout(r, 20));
      await keep(second); // the voter seals again while the first is on its way
      gate.state.hold = false;
      gate.release();
      assert.equal(await sending, 0, 'the round that sent the first ballot is done');
      let [entry] = await outboxEntries();
      assert.equal(entry!.tracker, ballotTracker(second));
      assert.equal(entry!.state, 'waiting', 'the later ballot still waits: the first one\'s answer did not mark it cast');
      assert.equal(await sendWaiting(server.base), 0);
      [entry] = await outboxEntries();
      assert.equal(entry!.state, 'cast');
      assert.equal(await onBoard(ballotTracker(first)), 1);
      assert.equal(await onBoard(ballotTracker(second)), 1, 'both on the board, the later one last: it is the one that counts');
      const order = await server.ctx.db.query<{ tracker: string }>('SELECT tracker FROM ballots WHERE election_uuid = $1 AND credential = (SELECT credential FROM ballots WHERE tracker = $2) ORDER BY seq', [election.uuid, ballotTracker(second)]);
      assert.deepEqual(order.map((r) => r.tracker), [ballotTracker(first), ballotTracker(second)]);
    } finally {
      await gate.close();
    }
  });

  test('a link that takes the ballot and never answers: the send gives up after its time, the ballot keeps waiting, and is cast once, later', async () => {
    await clear();
    const gate = await door(server.base);
    try {
      const text = ballotFor(election, 0, [[0, 0, 1], [1, 0, 0, 0]]);
      await keep(text);
      gate.state.hold = true;
      const started = Date.now();
      // before: this waited for the answer for ever, holding the send lock (every tab's sending, and the booth's Cast)
      assert.equal(await sendWaiting(gate.url, 500), 1, 'given up: it still waits');
      assert.ok(Date.now() - started < 10_000, `given up after ${Date.now() - started} ms`);
      const [entry] = await outboxEntries();
      assert.equal(entry!.state, 'waiting');
      // the link answers again (the request it held goes on to the ballot box too)
      gate.state.hold = false;
      gate.release();
      assert.equal(await sendWaiting(server.base), 0);
      assert.equal((await outboxEntries())[0]!.state, 'cast');
      assert.equal(await onBoard(ballotTracker(text)), 1, 'on the board once');
    } finally {
      await gate.close();
    }
  });

  test('storage refused (site data blocked, a private window): the booth\'s Cast still sends the ballot', async () => {
    const db = indexedDB as unknown as { databases: () => Promise<unknown> };
    const real = db.databases;
    db.databases = () => Promise.reject(new Error('SecurityError: access to storage is denied'));
    try {
      let sent = 0;
      const answer = await castDirectly(election.uuid, ballotFor(election, 2, [[1, 0, 0], [0, 0, 1, 0]]), async () => (sent++, 'the ballot box\'s answer'));
      assert.equal(answer, 'the ballot box\'s answer');
      assert.equal(sent, 1);
    } finally {
      db.databases = real;
    }
  });

  test('the booth casting directly drops a waiting ballot of the same voter first', async () => {
    await clear();
    const kept = ballotFor(election, 1, [[1, 0, 0], [1, 0, 0, 0]]);
    const direct = ballotFor(election, 1, [[0, 1, 0], [0, 1, 0, 0]]);
    await keep(kept);
    let sawOutbox: number | undefined;
    await castDirectly(election.uuid, direct, async () => {
      sawOutbox = (await outboxEntries()).length;
    });
    assert.equal(sawOutbox, 0, 'the waiting ballot was gone before the direct cast was sent');
    assert.deepEqual(await outboxEntries(), []);
  });
});
