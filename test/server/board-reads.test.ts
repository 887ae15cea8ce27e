// Every read an observer or voter makes is indexed and bounded (issue 18, item 2), on
// PGlite and on Postgres: the ballot box in pages by a stable cursor (and whole, streamed),
// counts kept with the election, a tracker's look-up, the archive streamed from the board
// with a strong ETag per height — its bytes those of the in-memory writer, accepted by
// belenios-tool, ending at one height while ballots arrive — and the migration's back-fill
// equal to what casting keeps; closing tallies the counted ballots a page at a time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ArchiveWriter, parseArchive } from '../../src/protocol/archive.ts';
import { archiveDownload, ballotBoxDownload } from '../../src/services/elections/board.ts';
import { closeElection } from '../../src/services/elections/closer.ts';
import { archiveBytes, tallyPhaseRecords } from '../../src/store/board.ts';
import { migrate } from '../../src/store/db.ts';
import { ballotFor, Client, openElectionOverHttp, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';
import { beleniosVerify } from '../helpers/tools.ts';

type Entry = { tracker: string; counted: boolean };
const vote = (i: number) => [[i % 3 === 0 ? 1 : 0, i % 3 === 1 ? 1 : 0, i % 3 === 2 ? 1 : 0], [0, 1, 0, 0]];

async function concat(chunks: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(parts);
}

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`bounded board reads on ${kind}`, () => {
    let server: TestServer;
    let client: Client;
    let e: OpenElection;
    const trackers: string[] = [];
    const path = (p: string) => `/api/elections/${e.uuid}${p}`;
    const get = (p: string, headers: Record<string, string> = {}) => fetch(server.base + path(p), { headers });
    const cast = async (voter: number) => {
      const r = await client.request('POST', path('/ballots'), ballotFor(e, voter, vote(trackers.length)));
      assert.equal(r.status, 200, r.text);
      trackers.push(r.json.tracker);
      return r.json as { tracker: string; replaced: boolean };
    };
    /** Every page of the box, following the Link headers from `first`. */
    const allPages = async (first: string) => {
      const pages: { entries: Entry[]; total: string | null; link: string | null }[] = [];
      for (let next: string | undefined = first; next; ) {
        const r: Response = await fetch(server.base + next);
        assert.equal(r.status, 200);
        const link = r.headers.get('link');
        pages.push({ entries: (await r.json()) as Entry[], total: r.headers.get('x-total-count'), link });
        next = link === null ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)![1];
      }
      return pages;
    };

    before(async () => {
      server = await startTestServer(kind);
      client = new Client(server.base);
      e = await openElectionOverHttp(client, { voters: 6, password: ORGANISER_PASSWORD });
      // seven ballots: voters 0..4, then voters 1 and 3 vote again
      for (const voter of [0, 1, 2, 3, 4, 1, 3]) await cast(voter);
    });
    after(async () => server?.stop());

    test('counts after re-votes: ballots and voters from the counters', async () => {
      const view = await client.ok('GET', path(''));
      assert.deepEqual(view.counts, { ballots: 7, voters: 5, credentials: 6 });
    });

    test('a tracker is looked up by index and says whether it counts', async () => {
      const counted = (t: string) => client.ok('GET', path(`/ballot?tracker=${encodeURIComponent(t)}`));
      assert.deepEqual(await counted(trackers[0]!), { tracker: trackers[0], counted: true });
      assert.deepEqual(await counted(trackers[1]!), { tracker: trackers[1], counted: false }, 'voter 1 voted again');
      assert.deepEqual(await counted(trackers[3]!), { tracker: trackers[3], counted: false }, 'voter 3 voted again');
      assert.deepEqual(await counted(trackers[5]!), { tracker: trackers[5], counted: true });
      assert.equal((await client.request('GET', path(`/ballot?tracker=${encodeURIComponent('A'.repeat(43))}`))).status, 404);
    });

    test('the box in pages: Link to the next, x-total-count, the same as the whole box streamed', async () => {
      const pages = await allPages(path('/ballots?limit=3'));
      assert.deepEqual(pages.map((p) => p.entries.length), [3, 3, 1]);
      assert.ok(pages.every((p) => p.total === '7'));
      assert.equal(pages[2]!.link, null, 'no next page after the last');
      const paged = pages.flatMap((p) => p.entries);
      assert.deepEqual(paged.map((b) => b.tracker), trackers);
      assert.deepEqual(paged.map((b) => b.counted), [true, false, true, false, true, true, true]);
      // the default page holds the whole of a small box, and the download is the same JSON
      const first = await get('/ballots');
      assert.equal(first.headers.get('link'), null);
      assert.deepEqual(await first.json(), paged);
      const whole = await get('/ballots.json');
      assert.equal(whole.status, 200);
      assert.match(whole.headers.get('content-type') ?? '', /^application\/json/);
      const text = await whole.text();
      assert.equal(text, JSON.stringify(paged), 'the streamed box is the JSON of every page');
      // revalidated by its ETag
      const etag = whole.headers.get('etag')!;
      assert.match(etag, /^"[^"]+-ballots-\d+-[0-9a-f]{64}"$/);
      assert.equal((await get('/ballots.json', { 'if-none-match': etag })).status, 304);
      // batches of one: the same bytes
      const small = await ballotBoxDownload(server.ctx.db, e.uuid, 1);
      assert.equal((await concat(small.chunks())).toString(), text);
    });

    test('a cursor stays valid while ballots are appended; past the end it gives an empty page', async () => {
      const r = await get('/ballots?limit=2');
      const link = r.headers.get('link')!;
      const next = /^<([^>]+)>/.exec(link)![1]!;
      assert.match(next, /[?&]after=\d+&limit=2$/);
      const before = (await (await fetch(server.base + next)).json()) as Entry[];
      assert.deepEqual(before.map((b) => b.tracker), trackers.slice(2, 4));
      await cast(5); // a new voter: appended at the end
      const again = (await (await fetch(server.base + next)).json()) as Entry[];
      assert.deepEqual(again, before, 'the page after the cursor is the same');
      const pages = await allPages(next);
      assert.deepEqual(pages.flatMap((p) => p.entries).map((b) => b.tracker), trackers.slice(2), 'the new ballot comes last');
      assert.ok(pages.every((p) => p.total === '8'));
      // a cursor past the end: an empty page, no next
      const beyond = await get(`/ballots?after=${2 ** 31 - 1}`);
      assert.equal(beyond.status, 200);
      assert.deepEqual(await beyond.json(), []);
      assert.equal(beyond.headers.get('link'), null);
      assert.equal(beyond.headers.get('x-total-count'), '8');
    });

    test('bad cursors and limits: 400 and what is wrong', async () => {
      const refused: [string, RegExp][] = [
        ['/ballots?after=-1', /after: the cursor of the last ballot you hold/],
        ['/ballots?after=abc', /after: the cursor of the last ballot you hold/],
        ['/ballots?after=1.5', /after: the cursor of the last ballot you hold/],
        ['/ballots?after=99999999999', /after: the cursor of the last ballot you hold/],
        ['/ballots?limit=0', /limit: a whole number of ballots from 1 to 1000/],
        ['/ballots?limit=1001', /limit: a whole number of ballots from 1 to 1000/],
        ['/ballots?offset=3', /offset/],
        // digits only: no empty value read as 0, no spaces, exponents, hexadecimal or Persian digits
        ['/ballots?after=', /after: the cursor of the last ballot you hold/],
        ['/ballots?after=%205', /after: the cursor of the last ballot you hold/],
        ['/ballots?after=1e3', /after: the cursor of the last ballot you hold/],
        ['/ballots?limit=0x10', /limit: a whole number of ballots from 1 to 1000/],
        [`/ballots?limit=${encodeURIComponent('۱۰')}`, /limit: a whole number of ballots from 1 to 1000/],
        ['/records?after=', /after: the height of the last event you hold/],
        ['/records?limit=', /limit: a whole number of events from 1 to 1000/],
      ];
      for (const [p, message] of refused) {
        const r = await get(p);
        assert.equal(r.status, 400, p);
        const body = (await r.json()) as { error: string; code: string };
        assert.match(body.error, message, p);
        assert.equal(body.code, 'invalid-request', p);
      }
    });

    test('the archive streamed: the in-memory writer\'s bytes, its length announced, accepted by belenios-tool', async () => {
      const r = await get('/archive.bel');
      assert.equal(r.status, 200);
      const bytes = Buffer.from(await r.arrayBuffer());
      assert.equal(r.headers.get('content-length'), String(bytes.length));
      const election = await server.ctx.db.query<{ archive_timestamp: string }>('SELECT archive_timestamp FROM elections WHERE uuid = $1', [e.uuid]);
      const reference = await archiveBytes(server.ctx.db, e.uuid, BigInt(election[0]!.archive_timestamp));
      assert.deepEqual(bytes, Buffer.from(reference), 'the bytes of archiveBytes (ArchiveWriter)');
      // and of ArchiveWriter fed the same records again
      const parsed = parseArchive(bytes);
      const writer = new ArchiveWriter(parsed.timestamp);
      for (const rec of parsed.records) writer.addRecordText(rec.kind, rec.text);
      assert.deepEqual(bytes, Buffer.from(writer.toBytes()));
      // in batches of two records and of one: the same bytes
      for (const batch of [1, 2]) assert.deepEqual(await concat((await archiveDownload(server.ctx.db, e.uuid, batch)).chunks()), bytes, `batches of ${batch}`);
      const verified = beleniosVerify(bytes);
      assert.equal(verified.code, 0, verified.stderr + verified.stdout);
    });

    test('ETag per board height: 304 while it holds, a new one after a ballot', async () => {
      const r = await get('/archive.bel');
      const etag = r.headers.get('etag')!;
      const held = parseArchive(Buffer.from(await r.arrayBuffer())).records.length;
      const head = (await client.ok('GET', path('/records?limit=1'))).head as { height: number; hash: string };
      assert.equal(etag, `"${e.uuid}-${head.height}-${head.hash}"`);
      assert.match(r.headers.get('cache-control') ?? '', /no-cache/);
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await get('/archive.bel', { 'if-none-match': ifNoneMatch });
        assert.equal(again.status, 304, ifNoneMatch);
        assert.equal((await again.arrayBuffer()).byteLength, 0);
      }
      assert.equal((await get('/archive.bel', { 'if-none-match': '"other"' })).status, 200);
      await cast(0);
      const after = await get('/archive.bel', { 'if-none-match': etag });
      assert.equal(after.status, 200, 'the board grew: the old ETag no longer holds');
      assert.notEqual(after.headers.get('etag'), etag);
      assert.equal(parseArchive(Buffer.from(await after.arrayBuffer())).records.length, held + 2, 'the ballot and its event');
    });

    test('HEAD of the downloads: the GET\'s headers (length, ETag), and not one read of the board\'s records or ballots', async () => {
      const db = server.ctx.db as { query: (sql: string, params?: unknown[]) => Promise<unknown[]> };
      const real = db.query;
      const reads: string[] = [];
      db.query = (sql, params) => {
        if (/FROM (records|ballots)\b/.test(sql) && /seq > \$2/.test(sql)) reads.push(sql.replace(/\s+/g, ' ').slice(0, 80));
        return real.call(db, sql, params);
      };
      try {
        for (const p of ['/archive.bel', '/ballots.json']) {
          const whole = await get(p);
          const length = (await whole.arrayBuffer()).byteLength;
          assert.ok(reads.length > 0, `${p}: the spy sees a GET's reads`);
          reads.length = 0;
          const head = await fetch(server.base + path(p), { method: 'HEAD' });
          assert.equal(head.status, 200, p);
          assert.equal(head.headers.get('etag'), whole.headers.get('etag'), p);
          if (p === '/archive.bel') assert.equal(head.headers.get('content-length'), String(length), `${p}: the length of the GET`);
          await new Promise((r) => setTimeout(r, 300)); // a stream drained after the answer would read now
          assert.deepEqual(reads, [], `${p}: HEAD read the board`);
        }
      } finally {
        db.query = real;
      }
    });

    test('a download ends at the height it had when it began, however many ballots arrive', async () => {
      const download = await archiveDownload(server.ctx.db, e.uuid, 2);
      const before = Buffer.from((await (await get('/archive.bel')).arrayBuffer()));
      const iterator = download.chunks()[Symbol.asyncIterator]();
      const first = await iterator.next(); // the BELENIOS entry
      const second = await iterator.next(); // the first batch
      await cast(2);
      await cast(4);
      const parts = [Buffer.from(first.value!), Buffer.from(second.value!)];
      for (let n = await iterator.next(); !n.done; n = await iterator.next()) parts.push(Buffer.from(n.value));
      const bytes = Buffer.concat(parts);
      assert.equal(bytes.length, download.length);
      assert.deepEqual(bytes, before, 'the board as it stood when the download began');
      const now = Buffer.from((await (await get('/archive.bel')).arrayBuffer()));
      assert.ok(now.length > bytes.length && now.subarray(0, bytes.length).equals(bytes), 'the ballots that arrived meanwhile come in the next download, after it');
    });

    test('the migration\'s back-fill gives what casting keeps', async () => {
      const db = server.ctx.db;
      const state = async () => ({
        ballots: await db.query('SELECT tracker, seq, replaced_by FROM ballots WHERE election_uuid = $1 ORDER BY seq', [e.uuid]),
        heights: await db.query('SELECT seq, height FROM records WHERE election_uuid = $1 ORDER BY seq', [e.uuid]),
        counters: await db.query('SELECT ballot_count, voter_count, records_bytes::text AS records_bytes FROM elections WHERE uuid = $1', [e.uuid]),
      });
      const kept = await state();
      assert.ok(kept.ballots.some((b) => b.replaced_by !== null));
      // undo migration 014, and apply it again on the same board
      for (const sql of [
        'DROP INDEX ballots_by_seq',
        'DROP INDEX records_event_height',
        'DROP INDEX records_events_by_type',
        'ALTER TABLE ballots DROP COLUMN replaced_by',
        'ALTER TABLE records DROP COLUMN height',
        'ALTER TABLE elections DROP COLUMN ballot_count',
        'ALTER TABLE elections DROP COLUMN voter_count',
        'ALTER TABLE elections DROP COLUMN records_bytes',
        "DELETE FROM schema_migrations WHERE version = '014_bounded_reads.sql'",
      ]) await db.query(sql);
      assert.deepEqual(await migrate(db), ['014_bounded_reads.sql']);
      assert.deepEqual(await state(), kept);
      // the length announced is the archive's
      const r = await get('/archive.bel');
      assert.equal(r.headers.get('content-length'), String((await r.arrayBuffer()).byteLength));
    });

    test('closing reads the counted ballots a page at a time: the tally of the last ballot of each credential, accepted by belenios-tool', async () => {
      // pages of two: the five counted ballots (voters 1 and 3 voted again) span three pages
      await closeElection(server.ctx, e.uuid, 2);
      const bytes = Buffer.from(await (await get('/archive.bel')).arrayBuffer());
      const parsed = parseArchive(bytes);
      const sized = parsed.records.find((r) => r.kind === 'data' && r.text.includes('"num_tallied"'));
      assert.ok(sized, 'a sized encrypted tally');
      // one counted ballot per credential that voted, read from the archive itself
      const credentials = new Set(parsed.records.filter((r) => r.kind === 'data' && r.text.startsWith('{"election_uuid"')).map((r) => (JSON.parse(r.text) as { credential: string }).credential));
      assert.ok(credentials.size >= 5);
      assert.equal((JSON.parse(sized.text) as { num_tallied: number }).num_tallied, credentials.size);
      // belenios-tool recomputes the encrypted tally from the ballots and checks ours equals it
      const verified = beleniosVerify(bytes);
      assert.equal(verified.code, 0, verified.stderr + verified.stdout);
      // the decryption phase reads what follows EndBallots, never a ballot
      const phase = await tallyPhaseRecords(server.ctx.db, e.uuid);
      assert.ok(phase && phase.records.length > 0);
      assert.ok(phase.records.every((rec) => rec.event_type !== 'Ballot'), 'no Ballot event after EndBallots');
      assert.ok(phase.records.some((rec) => rec.event_type === 'EncryptedTally'));
    });

  });
}
