// What observers' and voters' reads cost on a big board (issue 18, item 2): an election
// holding N ballots (default 100,000), then, over HTTP on the server in this process:
// a tracker's look-up (p50/p99), the election's counts, ballot-box pages (the first, one in
// the middle by its cursor, the last), the whole box streamed, and a full archive download
// (time to first byte, total, throughput, and the process's peak RSS above its level before
// the download) — beside building the same archive in memory as the server did before
// (archiveBytes), whose peak RSS grows with the board.
//   node --import tsx bench/board-reads.bench.ts [ballots=100000] [postgres|pglite]
//
// The ballots are inserted, not cast: the first 1,000 through the store (appendEvent +
// recordBallot), the rest in bulk with the same rules, 1,000 a transaction; 50 real ballots of the election, each copied with a different
// signature challenge so that every text (and tracker) differs. They have the shape and size
// of real ballots but most would not verify; these reads never verify ballots. One ballot in
// ten re-votes an earlier credential.
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { archiveEntryLength } from '../src/protocol/archive.ts';
import { ballotTracker } from '../src/protocol/ballot.ts';
import { writeEvent, writeJson } from '../src/protocol/codec.ts';
import { sha256Hex } from '../src/protocol/hash.ts';
import { archiveBytes, appendEvent, recordBallot } from '../src/store/board.ts';
import { withTransaction } from '../src/store/db.ts';
import { lockElection } from '../src/store/elections.ts';
import { ballotFor, Client, openElectionOverHttp } from '../test/helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind } from '../test/helpers/server.ts';

const N = Number(process.argv[2] ?? 100_000);
const kind = (process.argv[3] ?? 'postgres') as DbKind;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const mib = (b: number) => (b / 1024 / 1024).toFixed(0);

/** GET path; the body is read and dropped (or kept when `keep`): status, time to first byte, total time, bytes, headers. */
function get(base: string, path: string, keep = false): Promise<{ status: number; firstByteMs: number; ms: number; bytes: number; sha256: string; body?: Buffer; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(path, base);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent: false }, (res) => {
      let first = 0;
      let bytes = 0;
      const digest = createHash('sha256');
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        if (!first) first = performance.now() - start;
        bytes += c.length;
        digest.update(c);
        if (keep) parts.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode!, firstByteMs: first, ms: performance.now() - start, bytes, sha256: digest.digest('hex'), headers: res.headers, ...(keep ? { body: Buffer.concat(parts) } : {}) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Run `body` while sampling the RSS every 20 ms: its result and the peak RSS above the level before. */
async function peakRss<T>(body: () => Promise<T>): Promise<{ result: T; peakAboveMiB: string; beforeMiB: string }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await body();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakAboveMiB: mib(peak - before), beforeMiB: mib(before) };
  } finally {
    clearInterval(timer);
  }
}

console.log(`board reads: ${N} ballots on ${kind}; ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), ${mib(totalmem())} MiB, Node ${process.version}`);
const server = await startTestServer(kind);
const client = new Client(server.base);
try {
  const e = await openElectionOverHttp(client, { voters: 50, password: ORGANISER_PASSWORD });
  const originals = Array.from({ length: 50 }, (_, i) => ballotFor(e, i, [[1, 0, 0], [0, 1, 0, 0]]));
  const variant = (i: number) => {
    const text = originals[i % originals.length]!;
    return text.replace(/"challenge":"(\d+)"/, (_m, d: string) => `"challenge":"${(BigInt(d) + BigInt(i)).toString()}"`);
  };
  const voters = Math.ceil(N * 0.9);
  const trackers: string[] = [];
  let t0 = performance.now();
  // the first 1,000 through the store's own path (appendEvent + recordBallot), the rest in bulk
  // by the same rules (a data record, its Ballot event chained to the last, the credential's
  // earlier ballot marked replaced, the counters), 1,000 a statement: the board then holds what
  // appendEvent would have written, which the archive's announced length checks below.
  const viaStore = Math.min(N, 1000);
  await withTransaction(server.ctx.db, async (tx) => {
    const election = (await lockElection(tx, e.uuid))!;
    for (let i = 0; i < viaStore; i++) {
      const text = variant(i);
      const appended = await appendEvent(tx, election, [text], 'Ballot');
      const tracker = ballotTracker(text);
      await recordBallot(tx, e.uuid, tracker, `bench-credential-${i % voters}`, appended.dataSeqs[0]!);
      trackers.push(tracker);
    }
  });
  for (let from = viaStore; from < N; from += 1000) {
    await withTransaction(server.ctx.db, async (tx) => {
      const election = (await lockElection(tx, e.uuid))!;
      let seq = election.record_count;
      let height = election.last_height!;
      let parent = election.last_event_hash!;
      let bytes = 0;
      const records = { seq: [] as number[], kind: [] as string[], hash: [] as string[], type: [] as (string | null)[], height: [] as (number | null)[], body: [] as string[] };
      const ballots = { tracker: [] as string[], credential: [] as string[], seq: [] as number[] };
      const replaced: { credential: string; by: number }[] = [];
      let newVoters = 0;
      for (let i = from; i < Math.min(N, from + 1000); i++) {
        const text = variant(i);
        const hash = sha256Hex(text);
        const event = writeJson(writeEvent({ parent, height: ++height, type: 'Ballot', payload: hash }));
        parent = sha256Hex(event);
        records.seq.push(seq, seq + 1);
        records.kind.push('data', 'event');
        records.hash.push(hash, parent);
        records.type.push(null, 'Ballot');
        records.height.push(null, height);
        records.body.push(text, event);
        bytes += archiveEntryLength(text) + archiveEntryLength(event);
        const credential = `bench-credential-${i % voters}`;
        if (i >= voters) replaced.push({ credential, by: seq });
        else newVoters++;
        ballots.tracker.push(ballotTracker(text));
        ballots.credential.push(credential);
        ballots.seq.push(seq);
        trackers.push(ballotTracker(text));
        seq += 2;
      }
      // a re-vote's earlier ballot is marked replaced before the re-vote is inserted (as recordBallot does)
      if (replaced.length) {
        await tx.query(
          'UPDATE ballots b SET replaced_by = r.by FROM unnest($2::text[], $3::int[]) AS r(credential, by) WHERE b.election_uuid = $1 AND b.credential = r.credential AND b.replaced_by IS NULL',
          [e.uuid, replaced.map((r) => r.credential), replaced.map((r) => r.by)],
        );
      }
      await tx.query(
        'INSERT INTO records (election_uuid, seq, kind, hash, event_type, height, body) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[])',
        [e.uuid, records.seq, records.kind, records.hash, records.type, records.height, records.body],
      );
      await tx.query('INSERT INTO ballots (election_uuid, tracker, credential, seq) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])', [e.uuid, ballots.tracker, ballots.credential, ballots.seq]);
      await tx.query(
        'UPDATE elections SET last_height = $2, last_event_hash = $3, record_count = $4, records_bytes = records_bytes + $5, ballot_count = ballot_count + $6, voter_count = voter_count + $7 WHERE uuid = $1',
        [e.uuid, height, parent, seq, bytes, ballots.seq.length, newVoters],
      );
    });
    if ((from / 1000) % 10 === 9) process.stdout.write(`  inserted ${from + 1000} (${((from + 1000) / ((performance.now() - t0) / 1000)).toFixed(0)}/s)\r`);
  }
  console.log(`inserted ${N} ballots in ${((performance.now() - t0) / 1000).toFixed(1)} s (through the store, not cast)`);
  const path = (p: string) => `/api/elections/${e.uuid}${p}`;

  // a tracker's look-up: 1,000 at random, one at a time
  const lookups: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = trackers[Math.floor(Math.random() * trackers.length)]!;
    const r = await get(server.base, path(`/ballot?tracker=${encodeURIComponent(t)}`));
    if (r.status !== 200) throw new Error(`look-up answered ${r.status}`);
    lookups.push(r.ms);
  }
  console.log(`tracker look-up (1000, sequential): p50 ${pct(lookups, 50).toFixed(1)} ms, p99 ${pct(lookups, 99).toFixed(1)} ms`);

  // counts: the election's view
  const counts: number[] = [];
  for (let i = 0; i < 100; i++) counts.push((await get(server.base, path(''))).ms);
  console.log(`election view with counts (100): p50 ${pct(counts, 50).toFixed(1)} ms, p99 ${pct(counts, 99).toFixed(1)} ms`);

  // ballot-box pages of 1,000: the first, then following the Link header to the middle and the end
  const first = await get(server.base, path('/ballots'), true);
  const pages: number[] = [first.ms];
  let link = String(first.headers.link ?? '');
  let middleMs = 0;
  let lastMs = 0;
  for (let n = 1; link; n++) {
    const next = /^<([^>]+)>/.exec(link)![1]!;
    const r = await get(server.base, next);
    pages.push(r.ms);
    if (n === Math.floor(N / 2000)) middleMs = r.ms;
    lastMs = r.ms;
    link = String(r.headers.link ?? '');
  }
  console.log(`ballot-box page of 1000: first ${first.ms.toFixed(1)} ms, middle ${middleMs.toFixed(1)} ms, last ${lastMs.toFixed(1)} ms; all ${pages.length} pages p50 ${pct(pages, 50).toFixed(1)} ms, p99 ${pct(pages, 99).toFixed(1)} ms (first page ${mib(first.bytes * 1024)} KiB, x-total-count ${first.headers['x-total-count']})`);
  const box = await peakRss(() => get(server.base, path('/ballots.json')));
  console.log(`whole box streamed (ballots.json): ${(box.result.bytes / 1024 / 1024).toFixed(1)} MiB in ${(box.result.ms / 1000).toFixed(2)} s, first byte ${box.result.firstByteMs.toFixed(0)} ms, peak RSS +${box.peakAboveMiB} MiB`);

  // the archive, streamed over HTTP
  const streamed = await peakRss(() => get(server.base, path('/archive.bel')));
  const s = streamed.result;
  console.log(
    `archive streamed: ${(s.bytes / 1024 / 1024).toFixed(0)} MiB in ${(s.ms / 1000).toFixed(1)} s (${(s.bytes / 1024 / 1024 / (s.ms / 1000)).toFixed(0)} MiB/s), first byte ${s.firstByteMs.toFixed(0)} ms, content-length ${s.headers['content-length'] === String(s.bytes) ? 'exact' : 'WRONG'}, peak RSS +${streamed.peakAboveMiB} MiB (RSS before ${streamed.beforeMiB} MiB)`,
  );
  // the same archive built in memory, as the server did before
  const [row] = await server.ctx.db.query<{ archive_timestamp: string }>('SELECT archive_timestamp FROM elections WHERE uuid = $1', [e.uuid]);
  t0 = performance.now();
  const whole = await peakRss(() => archiveBytes(server.ctx.db, e.uuid, BigInt(row!.archive_timestamp)));
  const same = createHash('sha256').update(whole.result).digest('hex') === s.sha256;
  console.log(`archive built in memory (archiveBytes, the old way): ${(whole.result.length / 1024 / 1024).toFixed(0)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS +${whole.peakAboveMiB} MiB; the same bytes as the stream: ${same ? 'yes' : 'NO'}`);
} finally {
  await server.stop();
}
