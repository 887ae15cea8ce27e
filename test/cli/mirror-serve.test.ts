// What `jirga mirror --serve` answers from, in isolation: the index of a verified copy (refused
// when the file is not the one verified), and pages of records read from the file by their
// offsets, bounded in bytes as in events (at least one event a page), that rebuild the archive.
// The index is on disk (src/cli/mirror-index.ts): its box, counted flags (the re-vote rule) and
// tracker look-ups equal what the archive says, whether its sorts fit in one run or in many
// (a budget of a few entries forces the merge); the sort itself against Array.sort. A client
// that goes in the middle of a download does not keep a copy a pull has replaced open.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { sortEntries } from '../../src/cli/mirror-index.ts';
import { pullOnce } from '../../src/cli/mirror-command.ts';
import { sha256Hex } from '../../src/protocol/hash.ts';
import { boxPage, closeCopy, indexCopy, mirrorServer, recordsPage, ServedCopies, sha256Of, type KeptFile } from '../../src/cli/mirror-serve.ts';
import { ArchiveWriter, decodeEvent, parseArchive } from '../../src/protocol/archive.ts';
import { ballotTracker } from '../../src/protocol/ballot.ts';
import { simulateElection } from '../../src/protocol/simulate.ts';
import { ROOT, tempDir } from '../helpers/tools.ts';
import { until } from '../helpers/wait.ts';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'belenios', 'basic', 'election.bel');

function keptOf(path: string): KeptFile {
  const st = statSync(path);
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, sha256: sha256Of(readFileSync(path)) };
}

test('pages bounded in bytes and in events, each at least one event, rebuild the archive byte for byte', async () => {
  const path = join(tempDir('jirga-mirror-serve-'), 'copy.bel');
  copyFileSync(FIXTURE, path);
  const bytes = readFileSync(path);
  const parsed = parseArchive(bytes);
  const copy = await indexCopy(path, keptOf(path));
  try {
    assert.equal(copy.head.height, parsed.records.filter((r) => r.kind === 'event').length - 1);
    assert.equal(copy.index.ballots, 5);
    for (const [limit, maxBytes] of [[1000, 1], [1000, 40_000], [3, 1 << 30], [1, 1 << 30]] as const) {
      const records: { kind: 'data' | 'event'; text: string }[] = [];
      let after: number | undefined;
      let pages = 0;
      for (;;) {
        const page = await recordsPage(copy, after, limit, maxBytes);
        pages++;
        assert.ok(page.records.length > 0 && page.records.at(-1)!.kind === 'event', 'a page ends with an event');
        const events = page.records.filter((r) => r.kind === 'event').length;
        assert.ok(events <= limit, `at most ${limit} events`);
        // what the page takes of the file: at least a tar header and the text of each record
        const span = page.records.reduce((n, r) => n + 512 + Buffer.byteLength(r.text), 0);
        assert.ok(events === 1 || span <= maxBytes, `a page of ${events} events (${span} bytes) stays within ${maxBytes} bytes`);
        records.push(...page.records);
        after = page.through!;
        if (!page.more) break;
      }
      if (maxBytes === 1) assert.equal(pages, copy.head.height + 1, 'one event a page when each is larger than the bound');
      if (limit === 3 && maxBytes > 1e6) assert.equal(pages, Math.ceil((copy.head.height + 1) / 3));
      if (maxBytes === 40_000) assert.ok(pages > 1 && pages < copy.head.height + 1, `several events a page, several pages (${pages})`);
      const w = new ArchiveWriter(parsed.timestamp);
      for (const r of records) w.addRecordText(r.kind, r.text);
      assert.deepEqual(Buffer.from(w.toBytes()), bytes, `limit ${limit}, ${maxBytes} bytes: the archive rebuilt`);
    }
    // after the head: nothing more
    const last = await recordsPage(copy, copy.head.height, 10);
    assert.deepEqual([last.records, last.more], [[], false]);
  } finally {
    await closeCopy(copy);
  }
});

test('a copy is indexed only if it is the file verified: same inode, size, time and content', async () => {
  const dir = tempDir('jirga-mirror-serve-');
  const path = join(dir, 'copy.bel');
  copyFileSync(FIXTURE, path);
  const kept = keptOf(path);
  await assert.rejects(indexCopy(path, { ...kept, sha256: '0'.repeat(64) }), /changed after it was verified/);
  await assert.rejects(indexCopy(path, { ...kept, ino: kept.ino + 1 }), /changed after it was verified/);
  writeFileSync(path, readFileSync(FIXTURE)); // the same bytes written again: another time
  const rewritten = statSync(path);
  if (rewritten.mtimeMs !== kept.mtimeMs) await assert.rejects(indexCopy(path, kept), /changed after it was verified/);
  const copy = await indexCopy(path, keptOf(path));
  await closeCopy(copy);
});

/** The box as the archive says: per ballot its record's position, tracker, and whether it is its credential's last. */
function boxOf(bytes: Uint8Array): { seq: number; tracker: string; counted: boolean }[] {
  const records = parseArchive(bytes).records;
  const box = records.flatMap((r, i) => (r.kind === 'event' && decodeEvent(r.text, 'event').type === 'Ballot' ? [{ seq: i - 1, text: records[i - 1]!.text }] : []));
  const credentialOf = (text: string) => String(JSON.parse(text).credential);
  return box.map((b, i) => ({ seq: b.seq, tracker: ballotTracker(b.text), counted: !box.slice(i + 1).some((later) => credentialOf(later.text) === credentialOf(b.text)) }));
}

test('the index on disk: the box, the re-vote rule and every tracker look-up equal the archive, with sorts in one run and in many', async () => {
  const sim = simulateElection({ voters: 9, trustees: 1, revotes: 7 });
  const dir = tempDir('jirga-mirror-index-');
  const path = join(dir, 'copy.bel');
  writeFileSync(path, sim.archive);
  const expected = boxOf(sim.archive);
  assert.equal(expected.length, 16);
  assert.equal(expected.filter((b) => !b.counted).length, 7, 'each re-vote leaves one ballot not counted');
  for (const budget of [undefined, 2 * 36, 3 * 36, 5 * 36]) {
    const copy = await indexCopy(path, keptOf(path), budget);
    try {
      assert.equal(copy.index.ballots, 16);
      const all = await boxPage(copy, sim.uuid, undefined, 1000);
      assert.deepEqual(all.entries, expected.map(({ tracker, counted }) => ({ tracker, counted })), `budget ${budget}: the box`);
      assert.equal(all.headers['x-total-count'], '16');
      assert.equal(all.headers.link, undefined);
      for (const b of expected) assert.deepEqual(await copy.index.lookup(b.tracker), { tracker: b.tracker, counted: b.counted }, `budget ${budget}: look-up of ${b.tracker}`);
      // pages by the server's cursor: after a ballot's record, the ballots that follow it
      for (const [i, b] of expected.entries()) {
        const page = await boxPage(copy, sim.uuid, b.seq, 3);
        assert.deepEqual(page.entries.map((e) => e.tracker), expected.slice(i + 1, i + 4).map((e) => e.tracker));
        assert.equal(page.headers.link !== undefined, i + 4 < expected.length);
      }
      assert.deepEqual((await boxPage(copy, sim.uuid, expected.at(-1)!.seq, 5)).entries, []);
      // not in the box: another tracker, and the same bytes spelt otherwise (non-zero bits after the last 6)
      assert.equal(await copy.index.lookup('A'.repeat(43)), undefined);
      const t = expected[0]!.tracker;
      const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(t.at(-1)!);
      const respelt = t.slice(0, 42) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[last ^ 1];
      assert.equal(Buffer.from(respelt, 'base64').equals(Buffer.from(t, 'base64')), true, 'the respelt tracker decodes to the same bytes');
      assert.equal(await copy.index.lookup(respelt), undefined);
    } finally {
      await closeCopy(copy);
    }
  }
  assert.deepEqual(readdirSync(dir), ['copy.bel'], 'the index leaves no file behind');
});

test('sortEntries: the same order as Array.sort, in one run and merged from many, with equal keys', async () => {
  const dir = tempDir('jirga-mirror-sort-');
  const width = 36;
  const count = 1000;
  const entries = Array.from({ length: count }, (_, i) => {
    const e = randomBytes(width);
    if (i % 7 === 0) e.fill(i % 3); // some entries equal
    return e;
  });
  const source = await open(join(dir, 'source'), 'w+');
  const target = await open(join(dir, 'target'), 'w+');
  const scratch = await open(join(dir, 'scratch'), 'w+');
  try {
    await source.write(Buffer.concat(entries), 0, count * width, 0);
    const expected = Buffer.concat([...entries].sort(Buffer.compare));
    for (const budget of [2 * width, 7 * width, 100 * width, 999 * width, count * width, 1 << 20]) {
      await target.truncate(0);
      await sortEntries(source, target, scratch, count, width, budget);
      const { buffer } = await target.read(Buffer.alloc(count * width + 1), 0, count * width + 1, 0).then((r) => ({ buffer: r.buffer.subarray(0, r.bytesRead) }));
      assert.ok(buffer.equals(expected), `budget ${budget / width} entries: sorted`);
    }
  } finally {
    await Promise.all([source.close(), target.close(), scratch.close()]);
  }
});

test('a client that goes mid-download, while a pull replaces the copy: the old copy is closed once the answer ends, the new one served', async () => {
  const sim = simulateElection({ voters: 6, trustees: 1, revotes: 2 });
  const dir = tempDir('jirga-mirror-drop-');
  const path = join(dir, `${sim.uuid}.bel`);
  writeFileSync(path, sim.archive);
  const copies = new ServedCopies(path);
  await copies.adopt(keptOf(path));
  const server = mirrorServer(sim.uuid, copies);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/elections/${sim.uuid}`;
  const connections = () => new Promise<number>((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
  try {
    for (const route of ['/ballots.json', '/archive.bel'] as const) {
      const held = copies.current!;
      // the answer's next read of the copy waits for the test: the client goes meanwhile
      let reached!: () => void;
      let release!: () => void;
      const atGate = new Promise<void>((r) => (reached = r));
      const gate = new Promise<void>((r) => (release = r));
      if (route === '/ballots.json') {
        const real = held.index.boxEntries.bind(held.index);
        held.index.boxEntries = async (from, limit) => (reached(), await gate, real(from, limit));
      } else {
        const real = held.file.read.bind(held.file) as (...a: unknown[]) => Promise<unknown>;
        (held.file as unknown as { read: unknown }).read = async (...a: unknown[]) => (reached(), await gate, real(...a));
      }
      const abort = new AbortController();
      const download = fetch(base + route, { signal: abort.signal }).then((r) => r.arrayBuffer()).then(() => 'read whole', (e: Error) => e.name);
      await atGate;
      abort.abort();
      await until(async () => (await connections()) === 0, { timeoutMs: 10_000, what: () => `${route}: the client's connection closed` });
      // a pull verified a newer file, renamed over the copy: it is served; the old one is retired
      writeFileSync(join(dir, 'pulled'), sim.archive);
      renameSync(join(dir, 'pulled'), path);
      await copies.adopt(keptOf(path));
      assert.notEqual(copies.current, held);
      assert.equal(held.retired, true);
      assert.notEqual(held.file.fd, -1, `${route}: the old copy stays open while an answer reads it`);
      // the read comes back after the client has gone: the answer ends, and the old copy is closed
      release();
      await until(() => held.file.fd === -1, { timeoutMs: 10_000, what: () => `${route}: the old copy closed once the answer ended (readers ${held.readers})` });
      assert.equal(held.readers, 0);
      assert.equal(await download, 'AbortError');
      // the new copy answers whole
      const box = (await (await fetch(`${base}/ballots.json`)).json()) as { tracker: string }[];
      assert.deepEqual(box.map((b) => b.tracker), boxOf(sim.archive).map((b) => b.tracker), `${route}: the box from the new copy`);
      assert.deepEqual(Buffer.from(await (await fetch(`${base}/archive.bel`)).arrayBuffer()), Buffer.from(sim.archive), `${route}: the archive from the new copy`);
      assert.equal(copies.current!.readers, 0);
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
    if (copies.current) await closeCopy(copies.current);
  }
  assert.deepEqual(readdirSync(dir), [`${sim.uuid}.bel`], 'nothing left beside the copy');
});

test('a client that stops reading is cut off once idle: it does not hold a copy a pull replaced open for ever', async () => {
  // a copy larger than the socket buffers can hold: an archive of one 24 MiB record and its event
  const big = JSON.stringify({ pad: 'x'.repeat(24 << 20) });
  const w = new ArchiveWriter(1_700_000_000n);
  w.addRecordText('data', big);
  w.addRecordText('event', JSON.stringify({ height: 0, payload: sha256Hex(big), type: 'Setup' }));
  const archive = w.toBytes();
  const dir = tempDir('jirga-mirror-idle-');
  const path = join(dir, 'idle.bel');
  writeFileSync(path, archive);
  const copies = new ServedCopies(path);
  await copies.adopt(keptOf(path));
  const server = mirrorServer('idle', copies, 1000);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const held = copies.current!;
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  try {
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('GET /api/elections/idle/archive.bel HTTP/1.1\r\nHost: mirror\r\n\r\n');
    // a few bytes taken, then nothing more
    await new Promise<void>((resolve) => socket.once('data', () => (socket.pause(), resolve())));
    assert.equal(held.readers, 1, 'the answer is reading the copy');
    writeFileSync(join(dir, 'pulled'), archive);
    renameSync(join(dir, 'pulled'), path);
    await copies.adopt(keptOf(path));
    assert.equal(held.retired, true);
    await until(() => held.file.fd === -1, { timeoutMs: 15_000, what: () => `the old copy closed once the idle client was cut off (readers ${held.readers})` });
    assert.equal(held.readers, 0);
  } finally {
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    if (copies.current) await closeCopy(copies.current);
  }
});

test('a board that holds no event yet: the pull says so (exit 2), writes nothing, and does not crash', async () => {
  const empty = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ timestamp: '1700000000', head: { height: 0, hash: 'ab' }, records: [], through: null, more: false }));
  });
  await new Promise<void>((resolve) => empty.listen(0, '127.0.0.1', resolve));
  const dir = tempDir('jirga-mirror-empty-');
  try {
    const r = await pullOnce({ base: `http://127.0.0.1:${(empty.address() as AddressInfo).port}`, uuid: 'u1', dir, workers: 1, timeoutMs: 5000 });
    assert.equal(r.code, 2, r.message);
    assert.match(r.message, /holds no event of election u1 yet: there is nothing to copy/);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    await new Promise((resolve) => empty.close(resolve));
  }
});

test('a disk that is full: the pull says this machine cannot write (exit 2), never that the board lied, and leaves nothing', async () => {
  const sim = simulateElection({ voters: 3, trustees: 1 });
  const parsed = parseArchive(sim.archive);
  const records = parsed.records.map((r) => ({ kind: r.kind, hash: r.hash, text: r.text }));
  const events = records.filter((r) => r.kind === 'event');
  const head = { height: events.length - 1, hash: events.at(-1)!.hash };
  const board = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ timestamp: String(parsed.timestamp), head, records, through: head.height, more: false }));
  });
  await new Promise<void>((resolve) => board.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(board.address() as AddressInfo).port}`;
  const dir = tempDir('jirga-mirror-full-');
  // the pull's temporary file is /dev/full: every write fails with ENOSPC, as on a full disk
  const temp = join(dir, `.${sim.uuid}.bel.${process.pid}.tmp`);
  symlinkSync('/dev/full', temp);
  try {
    const r = await pullOnce({ base, uuid: sim.uuid, dir, workers: 1, timeoutMs: 10_000 });
    assert.equal(r.code, 2, r.message);
    assert.match(r.message, /this mirror cannot write .* \(ENOSPC: the disk is full\); no copy was made/);
    assert.doesNotMatch(r.message, /REFUSED|contradict|does not verify/);
    assert.deepEqual(readdirSync(dir), [], 'nothing left behind');
    // room again: the same pull makes the copy
    const again = await pullOnce({ base, uuid: sim.uuid, dir, workers: 1, timeoutMs: 10_000 });
    assert.equal(again.code, 0, again.message);
    assert.deepEqual(readFileSync(join(dir, `${sim.uuid}.bel`)), Buffer.from(sim.archive));
  } finally {
    if (existsSync(temp)) rmSync(temp);
    await new Promise((resolve) => board.close(resolve));
  }
});
