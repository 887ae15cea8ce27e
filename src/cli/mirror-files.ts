// A mirror's copy read as a stream (issue 18): one tar entry at a time, so that nothing
// in memory grows with the number of ballots. What a pull needs of the copy it holds
// (scanCopy), the records of a copy one by one (RecordCursor, for `locate` and
// `jirga mirror compare`), and a copy verified by the streamed verifier with the SHA-256
// of exactly the bytes it verified (verifyCopy).
import { createHash, type Hash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { UnusableInput } from '../kernel/errors.ts';
import { decodeEvent, readArchiveHeader, readRecordEntry, TarSplitter, type TarEntry } from '../protocol/archive.ts';
import { verifyArchiveStream, type BallotChecker, type VerificationReport } from '../protocol/verify.ts';

/** A copy a pull verified: which file it is (inode, size, modification time) and the SHA-256 of its bytes. */
export interface KeptFile {
  ino: number;
  size: number;
  mtimeMs: number;
  sha256: string;
}

export interface Rec {
  kind: 'data' | 'event';
  hash: string;
  text: string;
}

export interface Head {
  height: number;
  hash: string;
}

const CHUNK = 1 << 20;

/** The bytes of an open file from `start`, a chunk at a time (a new buffer each: the tar splitter may keep it). */
async function* chunksOf(file: FileHandle, start = 0): AsyncGenerator<Uint8Array> {
  for (let at = start; ; ) {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const { bytesRead } = await file.read(buffer, 0, CHUNK, at);
    if (bytesRead === 0) return;
    at += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/** The tar entries of a .bel file as its chunks arrive; a truncated file is UnusableInput at the end. */
async function* entriesOf(chunks: AsyncIterable<Uint8Array>, hash?: Hash): AsyncGenerator<TarEntry> {
  const splitter = new TarSplitter();
  for await (const chunk of chunks) {
    hash?.update(chunk);
    yield* splitter.push(chunk);
  }
  splitter.end();
}

/** What a pull needs of the copy it holds, read once as a stream. */
export interface HeldCopy {
  timestamp: bigint;
  /** The last event (by position in the file): the copy's head. */
  head: Head;
  /** How many Ballot events the copy holds (those that can be read as events). */
  ballots: number;
  /** The file read: inode, size, time, and the SHA-256 of the bytes read. */
  file: KeptFile;
}

/** What a file read by recordsOfFile held besides its records: its size and its archive timestamp. */
export interface FileRead {
  size: number;
  timestamp?: bigint;
}

/** The records of an archive file, read as a stream (hashed into `hash` as they pass);
 * `read` learns the file's size and its header's timestamp as they are read. */
export async function* recordsOfFile(file: FileHandle, hash: Hash, read: FileRead): AsyncGenerator<ReturnType<typeof readRecordEntry>> {
  const counted = async function* () {
    for await (const chunk of chunksOf(file)) {
      read.size += chunk.length;
      yield chunk;
    }
  };
  for await (const entry of entriesOf(counted(), hash)) {
    if (read.timestamp === undefined) read.timestamp = readArchiveHeader(entry);
    else yield readRecordEntry(entry);
  }
}

/** Reads the copy at `path` as a stream: its timestamp, head, ballots, size and SHA-256. No size limit. */
export async function scanCopy(path: string): Promise<HeldCopy> {
  const file = await open(path, 'r');
  try {
    const st = await file.stat();
    const hash = createHash('sha256');
    let last: Rec | undefined;
    let ballots = 0;
    const read: FileRead = { size: 0 };
    for await (const record of recordsOfFile(file, hash, read)) {
      if (record.kind !== 'event') continue;
      last = record;
      // an event that cannot be read is not counted: the verifier will say what it is
      if (/"type":"Ballot"/.test(record.text) && isBallotEvent(record.text)) ballots++;
    }
    if (read.size !== st.size) throw new UnusableInput('it changed while it was read');
    if (!last) throw new UnusableInput('it holds no event');
    const head = { height: decodeEvent(last.text, 'last event').height, hash: last.hash };
    return { timestamp: read.timestamp!, head, ballots, file: { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, sha256: hash.digest('hex') } };
  } finally {
    await file.close();
  }
}

function isBallotEvent(text: string): boolean {
  try {
    return decodeEvent(text, 'event').type === 'Ballot';
  } catch {
    return false;
  }
}

/** A history's records one at a time, with how many were taken and how many of them are events. */
export class RecordCursor {
  private readonly buffer: Rec[] = [];
  private done = false;
  /** Records taken so far, and events among them. */
  taken = 0;
  events = 0;
  lastEvent?: Rec;

  constructor(private readonly source: AsyncIterator<Rec>) {}

  private async fill(n: number): Promise<void> {
    while (this.buffer.length < n && !this.done) {
      const r = await this.source.next();
      if (r.done) this.done = true;
      else this.buffer.push(r.value);
    }
  }

  async peek(): Promise<Rec | undefined> {
    await this.fill(1);
    return this.buffer[0];
  }

  async take(): Promise<Rec | undefined> {
    const r = await this.peek();
    if (!r) return undefined;
    this.buffer.shift();
    this.taken++;
    if (r.kind === 'event') {
      this.events++;
      this.lastEvent = r;
    }
    return r;
  }

  /** Takes every record left (memory: one at a time). */
  async drain(): Promise<void> {
    while (await this.take());
  }

  /** The next record, named with the event it belongs to ("data 12ab... of a Ballot event"): reads ahead to that event. */
  async describeNext(): Promise<string> {
    await this.fill(1);
    const r = this.buffer[0];
    if (!r) return 'nothing';
    if (r.kind === 'event') return `${eventType(r)} event ${r.hash}`;
    for (let i = 1; ; i++) {
      await this.fill(i + 1);
      const x = this.buffer[i];
      if (!x) return `data ${r.hash} of no event`;
      if (x.kind === 'event') return `data ${r.hash} of a ${eventType(x)} event`;
    }
  }
}

function eventType(r: Rec): string {
  try {
    return decodeEvent(r.text, 'event').type;
  } catch {
    return 'unreadable';
  }
}

/** A .bel file opened for reading record by record: its BELENIOS entry's text, then a cursor on its records. */
export async function openHistory(path: string): Promise<{ headerText: string; records: RecordCursor; close: () => Promise<void> }> {
  const file = await open(path, 'r');
  try {
    const entries = entriesOf(chunksOf(file));
    const first = await entries.next();
    if (first.done) throw new UnusableInput('archive is empty');
    readArchiveHeader(first.value);
    const records = (async function* () {
      for await (const entry of entries) {
        const { kind, hash, text } = readRecordEntry(entry);
        yield { kind, hash, text };
      }
    })();
    return { headerText: first.value.text, records: new RecordCursor(records), close: () => file.close() };
  } catch (e) {
    await file.close();
    throw e;
  }
}

/** The verifier found the file not to be what belenios writes (so it is invalid whatever
 * follows) and would read it whole into memory to name the difference: above `wholeLimit`
 * (1 GiB, the size of archive that was held in memory before issue 18) it is not. */
/** Writes all of `bytes` at `position`: a write may take only part of them (a disk filling
 * up), and a part left out would leave a hole in the file, read later as a truncated archive. */
export async function writeFully(file: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten === 0) throw Object.assign(new Error('no byte could be written (is the disk full?)'), { code: 'ENOSPC' });
    done += bytesWritten;
  }
}

export class NotReadWhole extends Error {
  constructor(readonly size: number) {
    super(`it is not an archive as belenios writes it (a record altered, missing, extra or out of place), and at ${size} bytes it is not read again whole to name what differs`);
  }
}

/** The file being verified is not the one expected: its first bytes are not the copy held (or it is not that copy). */
export class CopyChanged extends Error {}

/**
 * Verifies the archive at `path` with the streamed verifier, as `jirga verify` does. The
 * checker is made with a function telling whether the verifier is on its first reading of
 * the file (see incrementalChecker). `prefix`: the file's first `size` bytes must be those
 * whose SHA-256 is given (`exact`: and nothing after them); each chunk that completes them is
 * checked before it is handed over, and a difference stops the verification (CopyChanged).
 * Returns the report and, when the first reading reached the end of the file, the SHA-256
 * and size of all it read: the bytes verified.
 *
 * The verifier reads the file again for the ballots that re-votes replaced — only once its
 * first reading reached the end — or, when the file is not what belenios writes, whole into
 * memory to name what differs: a second reading asked before the first one reached the
 * end is that one, and a file over `wholeLimit` is then refused (NotReadWhole) instead.
 */
export async function verifyCopy(
  path: string,
  makeChecker: (firstReading: () => boolean) => BallotChecker,
  prefix?: { size: number; sha256: string; exact?: boolean },
  wholeLimit = 1024 ** 3,
): Promise<{ report: VerificationReport; read?: { sha256: string; size: number } }> {
  const size = (await stat(path)).size;
  let readings = 0;
  let read: { sha256: string; size: number } | undefined;
  const chunks = (first: boolean) =>
    (async function* () {
      const file = await open(path, 'r');
      try {
        const hash = first ? createHash('sha256') : undefined;
        let at = 0;
        for await (const chunk of chunksOf(file)) {
          if (hash) {
            if (prefix && at < prefix.size && at + chunk.length >= prefix.size) {
              const need = prefix.size - at;
              hash.update(chunk.subarray(0, need));
              if (hash.copy().digest('hex') !== prefix.sha256) throw new CopyChanged();
              hash.update(chunk.subarray(need));
            } else hash.update(chunk);
            if (prefix?.exact && at + chunk.length > prefix.size) throw new CopyChanged();
          }
          at += chunk.length;
          yield chunk;
        }
        if (hash) {
          if (prefix && at < prefix.size) throw new CopyChanged();
          read = { sha256: hash.digest('hex'), size: at };
        }
      } finally {
        await file.close();
      }
    })();
  const checker = makeChecker(() => readings === 1);
  const report = await verifyArchiveStream(
    {
      chunks: () => {
        readings++;
        if (readings > 1 && !read && size > wholeLimit) {
          return (async function* () {
            throw new NotReadWhole(size);
          })();
        }
        return chunks(readings === 1);
      },
      size,
    },
    { checkBallots: checker },
  );
  return { report, ...(read ? { read } : {}) };
}
