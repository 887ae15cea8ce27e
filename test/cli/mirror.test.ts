// Mirrors that verify and catch equivocation (issue 17, item 3). The board serves its
// records after a height (GET /api/elections/:uuid/records); `jirga mirror` pulls them,
// keeps DIR/UUID.bel byte-identical to the board's archive when it verifies and extends
// the copy (exit 0), refuses a board that contradicts the copy and keeps the last good
// one (exit 1), and says when the source cannot be read (exit 2). `jirga mirror compare`
// tells whether two copies are one history. Lying boards are built here: a tiny HTTP
// server serving a history the test rewrote (a removed ballot, a replaced ballot, two
// ballots swapped, a rewritten result, a second history for a second mirror).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ArchiveWriter, decodeEvent, parseArchive } from '../../src/protocol/archive.ts';
import { sha256Hex } from '../../src/protocol/hash.ts';
import { closeOverHttp, ballotFor, Client, decryptOverHttp, openElectionOverHttp, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { beleniosVerify, jirgaAsync, ROOT, tempDir, type Run } from '../helpers/tools.ts';
import { until } from '../helpers/wait.ts';

interface Rec {
  kind: 'data' | 'event';
  hash: string;
  text: string;
}
interface History {
  timestamp: string;
  records: Rec[];
}

const noStackTrace = (r: Run) => assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+|internal error/, 'no stack trace');

/** The records of a .bel, as the board stores them. */
function historyOf(bytes: Uint8Array): History {
  const parsed = parseArchive(bytes);
  return { timestamp: parsed.timestamp.toString(), records: parsed.records.map(({ kind, hash, text }) => ({ kind, hash, text })) };
}

/** The archive a history makes (as the board's archiveBytes writes it). */
function archiveOf(h: History): Uint8Array {
  const w = new ArchiveWriter(BigInt(h.timestamp));
  for (const r of h.records) w.addRecordText(r.kind, r.text);
  return w.toBytes();
}

/** Events with the data each brings. */
function groups(h: History): { data: string[]; type: string; payload?: string }[] {
  const out: { data: string[]; type: string; payload?: string }[] = [];
  let data: string[] = [];
  for (const r of h.records) {
    if (r.kind === 'data') data.push(r.text);
    else {
      const e = decodeEvent(r.text, 'event');
      out.push({ data, type: e.type, ...(e.payload !== undefined ? { payload: e.payload } : {}) });
      data = [];
    }
  }
  return out;
}

/** A history the board could have written: the events re-chained (heights, parents) after a rewrite. */
function rechain(timestamp: string, events: { data: string[]; type: string; payload?: string }[]): History {
  const w = new ArchiveWriter(BigInt(timestamp));
  for (const e of events) {
    for (const d of e.data) w.addData(d);
    // a ballot's or a result's event names its data by hash
    const payload = e.type === 'Ballot' || e.type === 'Result' ? sha256Hex(e.data[e.data.length - 1]!) : e.payload;
    w.addEvent(e.type as never, payload);
  }
  return { timestamp, records: w.records.map(({ kind, hash, text }) => ({ kind, hash, text })) };
}

/** The history with its published result rewritten: the first count of the first question moved to the next answer. */
function withFalseResult(honest: History): History {
  const events = groups(honest);
  const last = events[events.length - 1]!;
  assert.equal(last.type, 'Result');
  const result = JSON.parse(last.data[0]!);
  const q0 = result.result[0];
  const k = q0.findIndex((n: number | string) => Number(n) > 0);
  q0[k] = typeof q0[k] === 'number' ? q0[k] - 1 : String(Number(q0[k]) - 1);
  q0[(k + 1) % q0.length] = typeof q0[(k + 1) % q0.length] === 'number' ? q0[(k + 1) % q0.length] + 1 : String(Number(q0[(k + 1) % q0.length]) + 1);
  return rechain(honest.timestamp, [...events.slice(0, -1), { data: [JSON.stringify(result)], type: 'Result' }]);
}

/** A board that serves whatever history the test gives it, in the shape of the records API. */
class LyingBoard {
  history: History;
  readonly asked: (string | null)[] = [];
  private server!: Server;
  base = '';
  constructor(history: History, readonly uuid: string) {
    this.history = history;
  }
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname !== `/api/elections/${this.uuid}/records`) {
        res.writeHead(404).end('{"error":"no","code":"not-found"}');
        return;
      }
      const after = url.searchParams.get('after');
      this.asked.push(after);
      const h = this.history;
      const events = h.records.flatMap((r, i) => (r.kind === 'event' ? [i] : []));
      const headHeight = events.length - 1;
      const head = { height: headHeight, hash: h.records[events[headHeight]!]!.hash };
      const from = after === null ? 0 : Number(after) >= headHeight ? h.records.length : events[Number(after)]! + 1;
      const records = h.records.slice(from);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ timestamp: h.timestamp, head, records, through: Math.max(headHeight, after === null ? headHeight : Number(after)), more: false }));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe('jirga mirror', () => {
  let server: TestServer;
  let client: Client;
  let election: OpenElection;
  const dir = tempDir('jirga-mirror-');
  const bel = (d: string) => join(d, `${election.uuid}.bel`);
  const mirror = (from: string, d: string) => jirgaAsync(['mirror', '--from', from, '--election', election.uuid, '--dir', d]);
  const archive = async () => Buffer.from(await (await fetch(`${server.base}/api/elections/${election.uuid}/archive.bel`)).arrayBuffer());
  const cast = (voter: number, plaintext: number[][]) => client.ok('POST', `/api/elections/${election.uuid}/ballots`, ballotFor(election, voter, plaintext));
  /** A copy of a mirror directory, to try a lying board against. */
  const copyOf = (d: string) => {
    const c = tempDir('jirga-mirror-copy-');
    cpSync(d, c, { recursive: true });
    return c;
  };
  /** `jirga mirror --serve 0` of directory `d` pulling from `from`: its address once it serves, and what it printed. */
  const serving = async (from: string, d: string, every = 3600) => {
    const child = spawn('node', [join(ROOT, 'bin', 'jirga.mjs'), 'mirror', '--from', from, '--election', election.uuid, '--dir', d, '--serve', '0', '--every', String(every)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        const m = /serving (http:\/\/[^/]+)\//.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`mirror exited ${code}: ${out}${err}`)));
    });
    return { child, base, output: () => out + err };
  };

  before(async () => {
    server = await startTestServer('pglite');
    client = new Client(server.base);
    election = await openElectionOverHttp(client, { voters: 4, password: ORGANISER_PASSWORD });
    await cast(0, [[1, 0, 0], [0, 1, 0, 1]]);
    await cast(1, [[0, 1, 0], [0, 1, 1, 0]]);
  });
  after(async () => server?.stop());

  test('the records API: pages of events after a height, with the head, that rebuild the archive byte for byte', async () => {
    const whole = await client.ok('GET', `/api/elections/${election.uuid}/records`);
    const bytes = await archive();
    assert.deepEqual(Buffer.from(archiveOf(whole)), bytes);
    assert.equal(whole.more, false);
    const events = whole.records.filter((r: Rec) => r.kind === 'event');
    assert.deepEqual(whole.head, { height: events.length - 1, hash: events[events.length - 1].hash });
    assert.equal(whole.through, whole.head.height);
    // one event a page, following `through`: the same records, in the same order
    const paged: Rec[] = [];
    let afterHeight: number | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await client.ok('GET', `/api/elections/${election.uuid}/records?limit=1${afterHeight === undefined ? '' : `&after=${afterHeight}`}`);
      assert.equal(page.records.filter((r: Rec) => r.kind === 'event').length, 1);
      assert.equal(page.records[page.records.length - 1].kind, 'event', 'a page ends with an event');
      paged.push(...page.records);
      afterHeight = page.through;
      if (!page.more) break;
    }
    assert.deepEqual(paged, whole.records);
    // at the head: nothing more, the head alone
    const atHead = await client.ok('GET', `/api/elections/${election.uuid}/records?after=${whole.head.height}`);
    assert.deepEqual({ records: atHead.records, more: atHead.more, head: atHead.head }, { records: [], more: false, head: whole.head });
    for (const bad of ['limit=0', 'limit=1001', 'after=-1', 'after=x']) {
      const r = await client.request('GET', `/api/elections/${election.uuid}/records?${bad}`);
      assert.equal(r.status, 400, bad);
      assert.match(r.json.error, /after|limit/);
    }
    assert.equal((await client.request('GET', '/api/elections/nope/records')).status, 404);
  });

  test('first pull: a byte-identical copy that belenios-tool accepts; a later pull asks only for what is new and extends it', async () => {
    const first = await mirror(server.base, dir);
    noStackTrace(first);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const copy = readFileSync(bel(dir));
    assert.deepEqual(copy, await archive());
    const verified = beleniosVerify(bel(dir), `${election.uuid}.bel`);
    assert.equal(verified.code, 0, verified.stderr);
    assert.deepEqual(readdirSync(dir), [`${election.uuid}.bel`], 'no temporary file left');

    // nothing new: still 0, the copy as it was
    const same = await mirror(server.base, dir);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /up to date/);

    await cast(2, [[0, 0, 1], [1, 0, 0, 0]]);
    await cast(0, [[0, 1, 0], [0, 0, 1, 0]]); // a re-vote
    const second = await mirror(server.base, dir);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /height 2 -> 4 \(2 new events/);
    const extended = readFileSync(bel(dir));
    assert.deepEqual(extended, await archive());
    assert.deepEqual(extended.subarray(0, copy.length), copy, 'the new copy extends the old one');
    assert.equal(beleniosVerify(bel(dir), `${election.uuid}.bel`).code, 0);

    // incrementally: a board asked by a mirror holding height 2 is asked for what follows 2
    const held = copyOf(dir);
    writeFileSync(bel(held), copy);
    const honest = await new LyingBoard(historyOf(extended), election.uuid).start();
    try {
      const r = await mirror(honest.base, held);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(honest.asked, ['2']);
      assert.deepEqual(readFileSync(bel(held)), extended);
    } finally {
      await honest.stop();
    }
  });

  test('a board that rewrites its history is refused, the last good copy kept; compare tells two histories apart', async () => {
    const good = readFileSync(bel(dir));
    const honest = historyOf(good);
    const events = groups(honest);
    const ballots = events.flatMap((e, i) => (e.type === 'Ballot' ? [i] : []));
    assert.equal(ballots.length, 4);
    const removed = rechain(honest.timestamp, events.filter((_, i) => i !== ballots[1]));
    const replaced = rechain(
      honest.timestamp,
      events.map((e, i) => (i === ballots[1] ? { data: [ballotFor(election, 1, [[1, 0, 0], [1, 0, 0, 0]])], type: 'Ballot' } : e)),
    );
    const reordered = rechain(
      honest.timestamp,
      events.map((e, i) => (i === ballots[0] ? events[ballots[1]!]! : i === ballots[1] ? events[ballots[0]!]! : e)),
    );
    // each is a history a board could have written (it verifies on its own): only a copy of the earlier one catches it
    for (const h of [removed, replaced, reordered]) assert.equal(beleniosVerify(archiveOf(h)).code, 0);

    const cases: [string, History, RegExp][] = [
      ['a removed ballot', removed, /record \d+ \(of the event at height 2\)/],
      ['a replaced ballot', replaced, /record \d+ \(of the event at height 2\)/],
      ['two ballots swapped', reordered, /record \d+ \(of the event at height 1\)/],
      // the board drops its last ballot: its head falls behind the copy
      ['the last ballot removed', rechain(honest.timestamp, events.slice(0, -1)), /now stops before record \d+ \(the event at height 4\)|events it held were removed/],
      // the same history, plus one more ballot, written on another header
      ['another archive header', { ...honest, timestamp: String(BigInt(honest.timestamp) + 1n) }, /timestamp changed/],
    ];
    for (const [what, history, where] of cases) {
      const d = copyOf(dir);
      const board = await new LyingBoard(history, election.uuid).start();
      try {
        const r = await mirror(board.base, d);
        noStackTrace(r);
        assert.equal(r.code, 1, `${what}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /REFUSED: .* contradicts this mirror/, what);
        assert.match(r.stderr, where, what);
        assert.match(r.stderr, /last good copy \(height 4, head [0-9a-f]{64}\) is kept/, what);
        assert.deepEqual(readFileSync(bel(d)), good, `${what}: the copy is unchanged`);
        assert.deepEqual(readdirSync(d), [`${election.uuid}.bel`], `${what}: no temporary file left`);
      } finally {
        await board.stop();
      }
    }

    // a new ballot whose signature does not verify, appended after the copy's head: the new ballots are checked
    const forged = JSON.parse(ballotFor(election, 3, [[1, 0, 0], [0, 0, 0, 1]]));
    const response: string = forged.signature.proof.response;
    forged.signature.proof.response = response.slice(0, -1) + (response.endsWith('1') ? '2' : '1');
    const appended = rechain(honest.timestamp, [...events, { data: [JSON.stringify(forged)], type: 'Ballot' }]);
    {
      const d = copyOf(dir);
      const board = await new LyingBoard(appended, election.uuid).start();
      try {
        const r = await mirror(board.base, d);
        assert.equal(r.code, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /REFUSED: the board's history up to height 5 does not verify: .*signature/);
        assert.deepEqual(readFileSync(bel(d)), good);
      } finally {
        await board.stop();
      }
    }

    // a copy two ballots behind, and a board that rewrote what it holds and went on: its new events do not follow the copy's head
    const behind = copyOf(dir);
    writeFileSync(bel(behind), archiveOf({ timestamp: honest.timestamp, records: honest.records.slice(0, -4) }));
    const held = readFileSync(bel(behind));
    const board = await new LyingBoard(replaced, election.uuid).start();
    try {
      const r = await mirror(board.base, behind);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.deepEqual(board.asked.slice(0, 1), ['2']);
      assert.match(r.stderr, /event at height 3 does not follow the event this copy holds at height 2.*first difference is record \d+ \(of the event at height 2\)/);
      assert.deepEqual(readFileSync(bel(behind)), held);
    } finally {
      await board.stop();
    }

    // a board that shows a second mirror another history: each copy verifies, compare parts them
    const other = tempDir('jirga-mirror-other-');
    const liar = await new LyingBoard(removed, election.uuid).start();
    try {
      const r = await mirror(liar.base, other);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      await liar.stop();
    }
    const diverge = await jirgaAsync(['mirror', 'compare', dir, other]);
    noStackTrace(diverge);
    assert.equal(diverge.code, 1, diverge.stdout + diverge.stderr);
    assert.match(diverge.stdout, /DIVERGE: .* part at record \d+, the event at height 2 \(data [0-9a-f]{64} of a Ballot event \/ data [0-9a-f]{64} of a Ballot event\)/);
    // an older copy of the same history is one history with the newer
    const older = tempDir('jirga-mirror-older-');
    writeFileSync(join(older, 'old.bel'), archiveOf({ timestamp: honest.timestamp, records: honest.records.slice(0, -4) }));
    const one = await jirgaAsync(['mirror', 'compare', join(older, 'old.bel'), bel(dir)]);
    assert.equal(one.code, 0, one.stdout + one.stderr);
    assert.match(one.stdout, /ONE HISTORY: .* extends .* by 2 event\(s\)/);
    const unreadable = await jirgaAsync(['mirror', 'compare', join(older, 'missing.bel'), bel(dir)]);
    assert.equal(unreadable.code, 2);
    noStackTrace(unreadable);
  });

  test('a pull that extends a copy with re-votes among the new ballots: verified as a stream, the new ballots\' proofs checked, no temporary file left', async () => {
    const good = readFileSync(bel(dir));
    const honest = historyOf(good);
    const events = groups(honest);
    assert.equal(events.filter((e) => e.type === 'Ballot').length, 4);
    // a copy holding the first two ballots; the board goes on with a ballot, a re-vote (voter 0), and another re-vote (voter 1)
    const behind = () => {
      const d = copyOf(dir);
      writeFileSync(bel(d), archiveOf({ timestamp: honest.timestamp, records: honest.records.slice(0, -4) }));
      return d;
    };
    const revote = ballotFor(election, 1, [[0, 0, 1], [0, 0, 0, 1]]);
    const extended = rechain(honest.timestamp, [...events, { data: [revote], type: 'Ballot' }]);
    {
      const d = behind();
      const board = await new LyingBoard(extended, election.uuid).start();
      try {
        const r = await mirror(board.base, d);
        noStackTrace(r);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.deepEqual(board.asked, ['2']);
        assert.match(r.stdout, /height 2 -> 5 \(3 new events, \d+ bytes\).*5 ballot\(s\), 3 counted/);
        assert.deepEqual(readFileSync(bel(d)), Buffer.from(archiveOf(extended)));
        assert.deepEqual(readdirSync(d), [`${election.uuid}.bel`], 'no temporary file left');
      } finally {
        await board.stop();
      }
    }
    // the same, with voter 1's re-vote forged and a ballot after it: refused, the copy kept, the temporary file removed
    const forged = JSON.parse(revote);
    const response: string = forged.signature.proof.response;
    forged.signature.proof.response = response.slice(0, -1) + (response.endsWith('1') ? '2' : '1');
    const lying = rechain(honest.timestamp, [...events, { data: [JSON.stringify(forged)], type: 'Ballot' }, { data: [ballotFor(election, 3, [[1, 0, 0], [1, 0, 0, 0]])], type: 'Ballot' }]);
    for (const full of [false, true]) {
      const d = behind();
      const held = readFileSync(bel(d));
      const board = await new LyingBoard(lying, election.uuid).start();
      try {
        const r = await jirgaAsync(['mirror', '--from', board.base, '--election', election.uuid, '--dir', d, ...(full ? ['--full'] : []), '--workers', '1']);
        noStackTrace(r);
        assert.equal(r.code, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /REFUSED: the board's history up to height 6 does not verify: ballots: .*signature.*The last good copy \(height 2\) is kept/);
        assert.deepEqual(readFileSync(bel(d)), held, 'the copy is unchanged');
        assert.deepEqual(readdirSync(d), [`${election.uuid}.bel`], 'the temporary file is removed');
      } finally {
        await board.stop();
      }
    }
  });

  test('a rewritten result: refused over a copy that holds the true one, and over a copy that has none yet', async () => {
    await closeOverHttp(client, election.uuid);
    await decryptOverHttp(client, election, 0);
    const beforeResult = copyOf(dir);
    const pulled = await mirror(server.base, beforeResult);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal((await decryptOverHttp(client, election, 2)).published, true);
    const r = await mirror(server.base, dir);
    assert.equal(r.code, 0, r.stderr);
    const good = readFileSync(bel(dir));
    assert.deepEqual(good, await archive());
    const honest = historyOf(good);
    const rewritten = withFalseResult(honest);
    assert.notDeepEqual(rewritten.records.at(-1), honest.records.at(-1));
    const board = await new LyingBoard(rewritten, election.uuid).start();
    try {
      const over = copyOf(dir);
      const a = await mirror(board.base, over);
      assert.equal(a.code, 1, a.stdout + a.stderr);
      assert.match(a.stderr, /event at height \d+ is now [0-9a-f]{64}.*record \d+ \(of the event at height \d+\): this copy has data [0-9a-f]{64} of a Result event, the board now has data [0-9a-f]{64} of a Result event/);
      assert.deepEqual(readFileSync(bel(over)), good);
      // the copy without a result yet: the false result extends it but does not verify
      const held = readFileSync(bel(beforeResult));
      const b = await mirror(board.base, beforeResult);
      assert.equal(b.code, 1, b.stdout + b.stderr);
      assert.match(b.stderr, /REFUSED: the board's history up to height \d+ does not verify/);
      assert.deepEqual(readFileSync(bel(beforeResult)), held);
    } finally {
      await board.stop();
    }
  });

  test('a source that cannot be read: exit 2, the copy kept', async () => {
    const d = copyOf(dir);
    const good = readFileSync(bel(d));
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const down = await mirror(`http://127.0.0.1:${port}`, d);
    noStackTrace(down);
    assert.equal(down.code, 2, down.stdout + down.stderr);
    assert.match(down.stderr, /could not reach .*the copy at height \d+ is kept/);
    // a web page, not a board
    const page = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    try {
      const r = await mirror(`http://127.0.0.1:${(page.address() as AddressInfo).port}`, d);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /not JSON/);
    } finally {
      await new Promise((r) => page.close(r));
    }
    assert.deepEqual(readFileSync(bel(d)), good);
    // an election the board does not have: nothing written
    const empty = tempDir('jirga-mirror-none-');
    const none = await jirgaAsync(['mirror', '--from', server.base, '--election', 'NoSuchElection1', '--dir', empty]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /HTTP 404/);
    assert.equal(existsSync(join(empty, 'NoSuchElection1.bel')), false);
  });

  test('--serve: the copy read-only, at the server\'s paths and in its shapes', async () => {
    const d = copyOf(dir);
    const { child, base } = await serving(server.base, d);
    try {
      const get = async (b: string, path: string) => {
        const r = await fetch(`${b}/api/elections/${election.uuid}${path}`);
        return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
      };
      for (const path of ['/archive.bel', '/election.json', '/ballots', '/ballots?limit=1', '/ballots?limit=2', '/ballots.json', '/records', '/records?after=2&limit=2']) {
        const [m, s] = [await get(base, path), await get(server.base, path)];
        assert.equal(m.status, 200, `${path}: ${m.bytes.toString().slice(0, 500)}`);
        assert.deepEqual(m.bytes.toString(), s.bytes.toString(), path);
        // the same paging and the same validators: a page of the mirror is the server's page
        for (const h of ['link', 'x-total-count', 'x-board-height', 'etag']) assert.equal(m.headers.get(h), s.headers.get(h), `${path}: ${h}`);
      }
      // the index it answers from is on disk but in no file of the directory (unlinked once open)
      assert.deepEqual(readdirSync(d), [`${election.uuid}.bel`], 'while serving: no index file in the directory');
      // page by page, following the server's Link and the mirror's: the same cursors and pages
      for (let next: string | undefined = `/api/elections/${election.uuid}/ballots?limit=1`, pages = 0; next; pages++) {
        const [m, s]: [Response, Response] = [await fetch(base + next), await fetch(server.base + next)];
        assert.deepEqual(await m.json(), await s.json(), next);
        assert.equal(m.headers.get('link'), s.headers.get('link'), next);
        next = /^<([^>]+)>/.exec(s.headers.get('link') ?? '')?.[1];
        assert.ok(pages < 10);
      }
      const box = JSON.parse((await get(server.base, '/ballots')).bytes.toString());
      for (const b of box) {
        const tracker = encodeURIComponent(b.tracker);
        assert.deepEqual(JSON.parse((await get(base, `/ballot?tracker=${tracker}`)).bytes.toString()), JSON.parse((await get(server.base, `/ballot?tracker=${tracker}`)).bytes.toString()));
      }
      assert.equal((await get(base, `/ballot?tracker=${'A'.repeat(43)}`)).status, 404);
      assert.equal((await fetch(`${base}/api/elections/${election.uuid}/ballots`, { method: 'POST', body: '{}' })).status, 405);
      // a mirror of the mirror
      const chained = tempDir('jirga-mirror-chained-');
      const r = await mirror(base, chained);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(readFileSync(bel(chained)), readFileSync(bel(d)));
      // killed while serving: its index leaves nothing in the directory
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      assert.deepEqual(readdirSync(d), [`${election.uuid}.bel`], 'after SIGKILL: only the copy');
    } finally {
      child.kill();
    }
  });

  test('--serve: every answer bounded — the box in pages, a tracker by index, the archive streamed — and bad parameters refused', async () => {
    const d = copyOf(dir);
    const { child, base } = await serving(server.base, d);
    try {
      const at = (path: string, init?: RequestInit) => fetch(`${base}/api/elections/${election.uuid}${path}`, init);
      const box = (await (await fetch(`${server.base}/api/elections/${election.uuid}/ballots`)).json()) as { tracker: string; counted: boolean }[];
      assert.equal(box.length, 4);
      // the box one ballot a page, following the Link header: the server's box, in order
      const paged: unknown[] = [];
      let next: string | undefined = `/api/elections/${election.uuid}/ballots?limit=1`;
      let pages = 0;
      while (next) {
        const r: Response = await fetch(base + next);
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('x-total-count'), '4');
        const page = (await r.json()) as unknown[];
        assert.equal(page.length, 1);
        paged.push(...page);
        pages++;
        next = /^<([^>]+)>; rel="next"$/.exec(r.headers.get('link') ?? '')?.[1];
      }
      assert.equal(pages, 4);
      assert.deepEqual(paged, box);
      // after the third ballot's cursor: the fourth; past the end: nothing, and no next page
      const third = /[?&]after=(\d+)/.exec((await at('/ballots?limit=3')).headers.get('link') ?? '')![1];
      assert.deepEqual(await (await at(`/ballots?after=${third}&limit=1000`)).json(), box.slice(3));
      const beyond = await at(`/ballots?after=${2 ** 31 - 1}`);
      assert.deepEqual(await beyond.json(), []);
      assert.equal(beyond.headers.get('link'), null);
      // the whole box, streamed, and revalidated by its ETag
      const all = await at('/ballots.json');
      assert.deepEqual(await all.json(), box);
      assert.equal((await at('/ballots.json', { headers: { 'if-none-match': all.headers.get('etag')! } })).status, 304);
      // the archive: streamed, its length announced, the bytes of the copy; HEAD gives the length only
      const whole = await at('/archive.bel');
      const bytes = Buffer.from(await whole.arrayBuffer());
      assert.deepEqual(bytes, readFileSync(bel(d)));
      assert.equal(whole.headers.get('content-length'), String(bytes.length));
      const head = await at('/archive.bel', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(bytes.length));
      // every bad parameter: 400 and what is wrong
      const refused: [string, RegExp][] = [
        ['/ballots?limit=0', /limit: a whole number of ballots from 1 to 1000/],
        ['/ballots?limit=1001', /limit: a whole number of ballots from 1 to 1000/],
        ['/ballots?limit=ten', /limit: a whole number of ballots from 1 to 1000/],
        ['/ballots?after=-1', /after: the cursor of the last ballot you hold/],
        ['/ballots?after=1.5', /after: the cursor of the last ballot you hold/],
        ['/ballots?offset=3', /this address takes no parameter "offset"/],
        ['/ballots?page=2', /this address takes no parameter "page"/],
        ['/ballots?limit=1&limit=2', /limit: given more than once/],
        ['/ballot', /tracker: a ballot's tracker, 43 characters of base64/],
        ['/ballot?tracker=nope', /tracker: a ballot's tracker, 43 characters of base64/],
        // a + not written %2B reads as a space (a tracker with a + in it: not every random tracker has one)
        [`/ballot?tracker=+${box[0]!.tracker.slice(1)}`, /write \+ as %2B/],
        [`/ballot?tracker=${encodeURIComponent(box[0]!.tracker)}&x=1`, /this address takes no parameter "x"/],
        ['/archive.bel?download=1', /this address takes no parameter "download"/],
        ['/election.json?lang=en', /this address takes no parameter "lang"/],
        ['/records?after=-1', /after: the height of the last event you hold/],
        ['/records?limit=1001', /limit: a whole number of events from 1 to 1000/],
        ['/records?from=2', /this address takes no parameter "from"/],
      ];
      for (const [path, error] of refused) {
        const r = await at(path);
        assert.equal(r.status, 400, path);
        const body = (await r.json()) as { error: string; code: string };
        assert.equal(body.code, 'invalid-request', path);
        assert.match(body.error, error, path);
      }
      // a tracker: found by its index, or not there
      assert.deepEqual(await (await at(`/ballot?tracker=${encodeURIComponent(box[3]!.tracker)}`)).json(), box[3]);
      assert.equal((await at(`/ballot?tracker=${'B'.repeat(43)}`)).status, 404);
    } finally {
      child.kill();
    }
  });

  test('--serve never serves a history that did not verify: a copy that does not verify, a board that lies, a copy changed on disk', async () => {
    const good = readFileSync(bel(dir));
    const falseResult = archiveOf(withFalseResult(historyOf(good)));
    // a copy on disk that does not verify: not served, the mirror stops and says why
    {
      const d = copyOf(dir);
      writeFileSync(bel(d), falseResult);
      const r = await jirgaAsync(['mirror', '--from', server.base, '--election', election.uuid, '--dir', d, '--serve', '0', '--every', '3600']);
      noStackTrace(r);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /REFUSED: this mirror's copy .* does not verify \(.*\): it is not served; move it away/);
      assert.doesNotMatch(r.stdout, /serving/);
      assert.deepEqual(readFileSync(bel(d)), Buffer.from(falseResult), 'the copy is left as it was');
    }
    // a board that rewrites its result, pulled every second: refused each time, the verified copy served as it was
    const liar = await new LyingBoard(withFalseResult(historyOf(good)), election.uuid).start();
    const d = copyOf(dir);
    const m = await serving(liar.base, d, 1);
    try {
      await until(() => (m.output().match(/REFUSED: .* contradicts this mirror/g) ?? []).length >= 2, { timeoutMs: 30_000, what: () => `two refused pulls: ${m.output()}` });
      assert.deepEqual(Buffer.from(await (await fetch(`${m.base}/api/elections/${election.uuid}/archive.bel`)).arrayBuffer()), good);
      // the copy replaced on disk behind the mirror's back (a new file renamed over it): the verified one is still what is served, and it is not extended
      writeFileSync(join(d, 'other.bel'), falseResult);
      renameSync(join(d, 'other.bel'), bel(d));
      await until(() => /REFUSED: this mirror's copy .* changed on disk since this mirror verified it/.test(m.output()), { timeoutMs: 30_000, what: () => `the changed copy refused: ${m.output()}` });
      assert.deepEqual(Buffer.from(await (await fetch(`${m.base}/api/elections/${election.uuid}/archive.bel`)).arrayBuffer()), good, 'the verified copy, not the file swapped in');
      const page = (await (await fetch(`${m.base}/api/elections/${election.uuid}/records`)).json()) as History;
      assert.deepEqual(Buffer.from(archiveOf(page)), good, 'the records served rebuild the verified copy');
    } finally {
      m.child.kill();
      await liar.stop();
    }
    // the copy written over in place while served: not served any more (503), until a pull verifies a copy again
    {
      const d2 = copyOf(dir);
      const m2 = await serving(server.base, d2);
      try {
        assert.equal((await fetch(`${m2.base}/api/elections/${election.uuid}/archive.bel`)).status, 200);
        writeFileSync(bel(d2), falseResult);
        for (const path of ['/archive.bel', '/records']) {
          const r = await fetch(`${m2.base}/api/elections/${election.uuid}${path}`);
          assert.equal(r.status, 503, path);
          assert.match(((await r.json()) as { error: string }).error, /changed on disk since it was verified/, path);
        }
      } finally {
        m2.child.kill();
      }
    }
  });
});
