// The index `jirga mirror --serve` answers from, kept on disk (issue 18: nothing in memory
// grows with the ballots). Built in one streamed reading of a verified copy, it is four
// files of fixed-width entries, made in a temporary directory beside the copy and unlinked
// as soon as they are open (a killed mirror leaves nothing behind):
//
//   events    per event height: where its text ends in the copy, and where the next
//             record's tar header begins (two float64, exact to 2^53 bytes);
//   box       per ballot, in the board's order: its record's position in the board (the
//             page cursor), whether it is counted, its tracker's 32 bytes;
//   trackers  per ballot: its tracker's 32 bytes and its place in box, sorted by tracker,
//             so a look-up is a binary search of about log2(ballots) positioned reads;
//   scratch   the sort's runs (emptied once built).
//
// Which ballot is counted (the last of each credential, the re-vote rule) comes from the
// same kind of sort: per ballot the SHA-256 of its credential and its place, sorted; every
// entry but the last of a credential marks its ballot as not counted in box.
//
// Memory is bounded by the sort's budget (8 MB by default) and a few buffers, whatever the
// number of ballots. Nothing here judges the copy: it indexes a file the mirror verified.
import { createHash } from 'node:crypto';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { decodeEvent, paddedLength, readRecordEntry, readTarHeader } from '../protocol/archive.ts';
import { ballotTracker } from '../protocol/ballot.ts';
import { recordsOfFile, writeFully, type FileRead } from './mirror-files.ts';

const TAR_BLOCK = 512;
const BOX_WIDTH = 40; // seq (u32 BE), counted (u8), 3 zero bytes, tracker (32 bytes)
const KEY_WIDTH = 36; // key (32 bytes), place in box (u32 BE): bytes sort by key, then by place
const EVENT_WIDTH = 16; // end of the event's text, offset of the next header (f64 LE each)
const IO_CHUNK = 1 << 20;
const MERGE_READ = 64 * 1024;
/** Bytes of entries the sort holds at once (a run). */
export const DEFAULT_SORT_BUDGET = 8 * 1024 * 1024;


/** Reads exactly `length` bytes at `position` (a short file is an error: the index was written whole). */
async function readAt(file: FileHandle, length: number, position: number): Promise<Buffer<ArrayBuffer>> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error('the index is shorter than when it was written');
    done += bytesRead;
  }
  return buffer;
}

/** Entries written one after another to a file, through a buffer. */
class Appender {
  private buffer = Buffer.allocUnsafe(IO_CHUNK);
  private used = 0;
  /** Bytes written (and buffered). */
  size = 0;
  constructor(private readonly file: FileHandle) {}

  async push(entry: Uint8Array): Promise<void> {
    if (this.used + entry.length > this.buffer.length) await this.flush();
    this.buffer.set(entry, this.used);
    this.used += entry.length;
    this.size += entry.length;
  }

  async flush(): Promise<void> {
    await writeFully(this.file, this.buffer.subarray(0, this.used), this.size - this.used);
    this.used = 0;
  }
}

/** The entries of a file of `count` entries of `width` bytes from entry `from`, a chunk at a time. */
async function* chunksOfEntries(file: FileHandle, width: number, count: number, from = 0, per = Math.max(1, Math.floor(IO_CHUNK / width))): AsyncGenerator<{ buffer: Buffer; first: number; n: number }> {
  for (let first = from; first < count; first += per) {
    const n = Math.min(per, count - first);
    yield { buffer: await readAt(file, n * width, first * width), first, n };
  }
}

/**
 * Sorts the `count` entries of `width` bytes of `source` by their bytes into `target`:
 * runs of at most `budget` bytes sorted in memory, then (if more than one) merged from
 * `scratch`, a small read buffer a run.
 */
export async function sortEntries(source: FileHandle, target: FileHandle, scratch: FileHandle, count: number, width: number, budget = DEFAULT_SORT_BUDGET): Promise<void> {
  const perRun = Math.max(2, Math.floor(budget / width));
  const runs = Math.ceil(count / perRun);
  const runsOut = runs > 1 ? scratch : target;
  for (let r = 0; r < runs; r++) {
    const first = r * perRun;
    const n = Math.min(perRun, count - first);
    const buffer = await readAt(source, n * width, first * width);
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => buffer.compare(buffer, b * width, b * width + width, a * width, a * width + width));
    const sorted = Buffer.allocUnsafe(n * width);
    order.forEach((at, i) => buffer.copy(sorted, i * width, at * width, at * width + width));
    await writeFully(runsOut, sorted, first * width);
  }
  if (runs <= 1) return;
  // the k-way merge: per run, a window of its entries; a binary heap of runs by their next entry
  const perRead = Math.max(1, Math.floor(MERGE_READ / width));
  const heads = Array.from({ length: runs }, (_, r) => ({ next: r * perRun, end: Math.min((r + 1) * perRun, count), buffer: Buffer.alloc(0) as Buffer<ArrayBuffer>, at: 0, left: 0 }));
  const refill = async (h: (typeof heads)[number]) => {
    const n = Math.min(perRead, h.end - h.next);
    h.buffer = await readAt(scratch, n * width, h.next * width);
    h.next += n;
    h.at = 0;
    h.left = n;
  };
  const less = (a: number, b: number) => {
    const x = heads[a]!;
    const y = heads[b]!;
    return x.buffer.compare(y.buffer, y.at * width, y.at * width + width, x.at * width, x.at * width + width) < 0;
  };
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let r = 0; r < runs; r++) {
    await refill(heads[r]!);
    heap.push(r);
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  const out = new Appender(target);
  while (heap.length > 0) {
    const h = heads[heap[0]!]!;
    await out.push(h.buffer.subarray(h.at * width, h.at * width + width));
    h.at++;
    h.left--;
    if (h.left === 0 && h.next < h.end) await refill(h);
    if (h.left === 0) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    if (heap.length > 0) down(0);
  }
  await out.flush();
}

/** One entry of the ballot box, as the server answers it. */
export interface BoxEntry {
  tracker: string;
  counted: boolean;
}

const trackerText = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');

/** What `indexCopy` learnt of a copy besides its index. */
export interface IndexedCopy {
  timestamp: bigint;
  electionText: string;
  head: { height: number; hash: string };
  index: CopyIndex;
}

/** The on-disk index of one verified copy; `close` when the copy is no longer served. */
export class CopyIndex {
  constructor(
    private readonly events: FileHandle,
    private readonly box: FileHandle,
    private readonly trackers: FileHandle,
    /** Where the first record's tar header begins. */
    private readonly firstRecord: number,
    /** How many events (the head's height + 1) and ballots it holds. */
    readonly eventCount: number,
    readonly ballots: number,
  ) {}

  /** Where event `height`'s text ends, and where the record after it begins. */
  async eventEnds(from: number, through: number): Promise<{ textEnd: number; next: number }[]> {
    const buffer = await readAt(this.events, (through - from + 1) * EVENT_WIDTH, from * EVENT_WIDTH);
    return Array.from({ length: through - from + 1 }, (_, i) => ({ textEnd: buffer.readDoubleLE(i * EVENT_WIDTH), next: buffer.readDoubleLE(i * EVENT_WIDTH + 8) }));
  }

  /** Where the records after event `after` begin (the first record if none). */
  async recordsAfter(after: number | undefined): Promise<number> {
    return after === undefined ? this.firstRecord : (await this.eventEnds(after, after))[0]!.next;
  }

  /** Ballots `from` to `from + n - 1` of the box, with their cursors. */
  async boxEntries(from: number, n: number): Promise<{ entries: BoxEntry[]; seqs: number[] }> {
    n = Math.max(0, Math.min(n, this.ballots - from));
    const entries: BoxEntry[] = [];
    const seqs: number[] = [];
    if (n === 0) return { entries, seqs };
    const buffer = await readAt(this.box, n * BOX_WIDTH, from * BOX_WIDTH);
    for (let i = 0; i < n; i++) {
      const at = i * BOX_WIDTH;
      seqs.push(buffer.readUInt32BE(at));
      entries.push({ tracker: trackerText(buffer.subarray(at + 8, at + 40)), counted: buffer[at + 4] === 1 });
    }
    return { entries, seqs };
  }

  /** The place in the box of the first ballot whose record comes after position `after` in the board. */
  async firstAfter(after: number): Promise<number> {
    let lo = 0;
    let hi = this.ballots;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((await readAt(this.box, 4, mid * BOX_WIDTH)).readUInt32BE(0) <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The ballot with this tracker (43 characters of base64), if the box holds it. */
  async lookup(tracker: string): Promise<BoxEntry | undefined> {
    const key = Buffer.from(tracker, 'base64');
    // only the canonical spelling names a ballot (base64 that decodes to the same bytes otherwise)
    if (key.length !== 32 || trackerText(key) !== tracker) return undefined;
    let lo = 0;
    let hi = this.ballots;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const probe = await readAt(this.trackers, KEY_WIDTH, mid * KEY_WIDTH);
      const c = probe.compare(key, 0, 32, 0, 32);
      if (c === 0) return (await this.boxEntries(probe.readUInt32BE(32), 1)).entries[0];
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await Promise.all([this.events, this.box, this.trackers].map((f) => f.close().catch(() => undefined)));
  }
}


/**
 * Indexes the archive open in `file`, reading it once as a stream; every byte read is hashed
 * into `hash` and counted in `read` (the caller checks that they are what was verified).
 */
export async function buildIndex(file: FileHandle, path: string, hash: ReturnType<typeof createHash>, read: FileRead, sortBudget = DEFAULT_SORT_BUDGET): Promise<IndexedCopy> {
  // the files, opened then unlinked at once: they live as long as their handles
  const dir = await mkdtemp(join(dirname(path), '.jirga-index-'));
  const names = ['events', 'box', 'trackers', 'keys', 'sorted', 'runs'] as const;
  const opened: FileHandle[] = [];
  try {
    for (const name of names) opened.push(await open(join(dir, name), 'w+'));
  } catch (e) {
    await Promise.all(opened.map((f) => f.close().catch(() => undefined)));
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const [events, box, trackers, keys, sorted, runs] = opened as [FileHandle, FileHandle, FileHandle, FileHandle, FileHandle, FileHandle];
  let kept = false;
  try {
    const eventsOut = new Appender(events);
    const boxOut = new Appender(box);
    const keysOut = new Appender(keys);
    let electionText: string | undefined;
    let firstRecord: number | undefined;
    let seq = 0;
    let eventCount = 0;
    let ballots = 0;
    let last: { hash: string } | undefined;
    let previous: { text: string; seq: number } | undefined;
    const entry = Buffer.alloc(BOX_WIDTH);
    const key = Buffer.alloc(KEY_WIDTH);
    const ends = Buffer.alloc(EVENT_WIDTH);
    for await (const r of recordsOfFile(file, hash, read)) {
      if (seq === 0) {
        electionText = r.text;
        firstRecord = r.offset;
      }
      const at = seq++;
      if (r.kind === 'data') {
        previous = { text: r.text, seq: at };
        continue;
      }
      const length = Buffer.byteLength(r.text, 'utf8');
      ends.writeDoubleLE(r.offset + TAR_BLOCK + length, 0);
      ends.writeDoubleLE(r.offset + TAR_BLOCK + paddedLength(length), 8);
      await eventsOut.push(ends);
      eventCount++;
      last = r;
      if (decodeEvent(r.text, 'event').type === 'Ballot' && previous && previous.seq === at - 1) {
        entry.writeUInt32BE(previous.seq, 0);
        entry[4] = 1; // counted unless a later ballot has its credential
        Buffer.from(ballotTracker(previous.text), 'base64').copy(entry, 8);
        await boxOut.push(entry);
        const credential = String((JSON.parse(previous.text) as { credential: unknown }).credential);
        createHash('sha256').update(credential).digest().copy(key, 0);
        key.writeUInt32BE(ballots, 32);
        await keysOut.push(key);
        ballots++;
      }
      previous = undefined;
    }
    await Promise.all([eventsOut.flush(), boxOut.flush(), keysOut.flush()]);
    if (!last) throw new Error('it holds no event');
    // the re-vote rule: of the ballots of a credential, only the last is counted
    await sortEntries(keys, sorted, runs, ballots, KEY_WIDTH, sortBudget);
    let before: Buffer | undefined;
    for await (const { buffer, n } of chunksOfEntries(sorted, KEY_WIDTH, ballots)) {
      for (let i = 0; i < n; i++) {
        const current = buffer.subarray(i * KEY_WIDTH, (i + 1) * KEY_WIDTH);
        if (before && before.compare(current, 0, 32, 0, 32) === 0) await box.write(Buffer.of(0), 0, 1, before.readUInt32BE(32) * BOX_WIDTH + 4);
        before = Buffer.from(current);
      }
    }
    // the trackers, sorted, for look-ups
    const trackersOut = new Appender(keys);
    for await (const { buffer, first, n } of chunksOfEntries(box, BOX_WIDTH, ballots)) {
      for (let i = 0; i < n; i++) {
        buffer.copy(key, 0, i * BOX_WIDTH + 8, i * BOX_WIDTH + 40);
        key.writeUInt32BE(first + i, 32);
        await trackersOut.push(key);
      }
    }
    await trackersOut.flush();
    await sortEntries(keys, trackers, runs, ballots, KEY_WIDTH, sortBudget);
    kept = true;
    return {
      timestamp: read.timestamp!,
      electionText: electionText!,
      head: { height: eventCount - 1, hash: last.hash },
      index: new CopyIndex(events, box, trackers, firstRecord!, eventCount, ballots),
    };
  } finally {
    await Promise.all([keys, sorted, runs].map((f) => f.close().catch(() => undefined)));
    if (!kept) await Promise.all([events, box, trackers].map((f) => f.close().catch(() => undefined)));
  }
}

/** The records of the copy from `begin` to `end` (whole records, read at once), with their hashes from their names. */
export async function recordsBetween(file: FileHandle, begin: number, end: number): Promise<{ kind: 'data' | 'event'; hash: string; text: string }[]> {
  const buffer = Buffer.allocUnsafe(end - begin);
  const { bytesRead } = await file.read(buffer, 0, buffer.length, begin);
  if (bytesRead !== buffer.length) throw new Error('the copy is shorter than when it was verified');
  const records: { kind: 'data' | 'event'; hash: string; text: string }[] = [];
  for (let at = 0; at < buffer.length; ) {
    const header = buffer.subarray(at, at + TAR_BLOCK);
    const { name, size } = readTarHeader(header);
    const text = buffer.toString('utf8', at + TAR_BLOCK, at + TAR_BLOCK + size);
    const { kind, hash } = readRecordEntry({ name, text, offset: begin + at, header, padded: new Uint8Array(0) });
    records.push({ kind, hash, text });
    at += TAR_BLOCK + paddedLength(size);
  }
  return records;
}
