// The public bulletin board as a .bel file (spec 4.4): an old-style tar archive,
// written exactly as belenios-tool writes it (belenios re-generates the archive
// from its last event and compares the bytes, so any difference is an error).
//   BELENIOS                     {"version":1,"timestamp":"<unix seconds>"}
//   <sha256>.data.json           payloads (election, trustees, credentials, ballots...)
//   <sha256>.event.json          events {parent?, height, type, payload?}
// Every tar header: mode 0000644, uid/gid 0, mtime = the archive timestamp,
// typeflag '0', checksum "%06o\0 "; no end-of-archive blocks.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  decodeText,
  writeArchiveHeader,
  writeEvent,
  writeJson,
  zArchiveHeader,
  zEvent,
  zOwned,
  zSetupData,
  zSizedEncryptedTally,
  type ElectionEvent,
  type EventType,
} from './codec.ts';
import { UnusableInput } from '../kernel/errors.ts';
import { sha256Hex } from './hash.ts';

const BLOCK = 512;

export interface ArchiveRecord {
  kind: 'data' | 'event';
  hash: string;
  text: string;
  /** Byte offset of the record's tar header in the archive. */
  offset: number;
}

export interface ParsedArchive {
  timestamp: bigint;
  headerText: string;
  records: ArchiveRecord[];
  size: number;
}

export const DEFAULT_MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024;

function octal(value: number | bigint, digits: number): string {
  return value.toString(8).padStart(digits, '0');
}

function tarHeader(name: string, size: number, timestamp: bigint): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const put = (offset: number, text: string) => h.set(utf8ToBytes(text), offset);
  put(0, name);
  put(100, '0000644');
  put(108, '0000000');
  put(116, '0000000');
  put(124, octal(size, 11));
  put(136, octal(timestamp, 11));
  put(148, '        ');
  put(156, '0');
  let sum = 0;
  for (const b of h) sum += b;
  put(148, octal(sum, 6) + '\0 ');
  return h;
}

export function paddedLength(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/** One tar entry: its header, then the text padded with zeros to whole blocks. */
function tarEntry(name: string, text: string, timestamp: bigint): Uint8Array {
  const body = utf8ToBytes(text);
  const entry = new Uint8Array(BLOCK + paddedLength(body.length));
  entry.set(tarHeader(name, body.length, timestamp));
  entry.set(body, BLOCK);
  return entry;
}

/** How many bytes a record whose text is `text` takes in the archive (header and padded text). */
export function archiveEntryLength(text: string): number {
  return BLOCK + paddedLength(utf8ToBytes(text).length);
}

/** The archive's first entry, BELENIOS (version and timestamp). */
export function archiveStart(timestamp: bigint): Uint8Array {
  return tarEntry('BELENIOS', writeJson(writeArchiveHeader({ version: 1, timestamp })), timestamp);
}

/** A record as the board keeps it: its kind, its text and (if known) the SHA-256 of the text. */
export interface StoredRecord {
  kind: 'data' | 'event';
  text: string;
  /** sha256Hex(text), when the caller already holds it (then it is not computed again). */
  hash?: string;
}

/** The archive as ArchiveWriter writes it, from records read a batch at a time: the
 * BELENIOS entry, then one chunk for each batch, as it arrives. Nothing is kept between
 * batches, so a whole board can be written with the memory of one batch. */
export async function* archiveChunks(timestamp: bigint, batches: AsyncIterable<readonly StoredRecord[]>): AsyncGenerator<Uint8Array> {
  yield archiveStart(timestamp);
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const entries = batch.map((r) => tarEntry(`${r.hash ?? sha256Hex(r.text)}.${r.kind}.json`, r.text, timestamp));
    const chunk = new Uint8Array(entries.reduce((n, e) => n + e.length, 0));
    let offset = 0;
    for (const e of entries) {
      chunk.set(e, offset);
      offset += e.length;
    }
    yield chunk;
  }
}

/** Appends records as tar entries; the writer keeps the chain state. */
export class ArchiveWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  private last?: { event: ElectionEvent; hash: string };
  readonly records: ArchiveRecord[] = [];

  /** A new archive, or (with `resume`) the continuation of an existing one: then
   * toBytes() returns only what must be appended to it. */
  constructor(
    readonly timestamp: bigint,
    resume?: { lastEvent?: { event: ElectionEvent; hash: string }; length: number },
  ) {
    if (resume) {
      if (resume.lastEvent) this.last = resume.lastEvent;
      this.length = resume.length;
      this.base = resume.length;
    } else {
      this.push('BELENIOS', writeJson(writeArchiveHeader({ version: 1, timestamp })));
    }
  }

  private readonly base: number = 0;

  /** Continue the archive `parsed` (its last event in file order is the chain head). */
  static resume(parsed: ParsedArchive): ArchiveWriter {
    const lastRecord = [...parsed.records].reverse().find((r) => r.kind === 'event');
    const lastEvent = lastRecord && { event: decodeEvent(lastRecord.text, 'last event'), hash: lastRecord.hash };
    return new ArchiveWriter(parsed.timestamp, lastEvent ? { lastEvent, length: parsed.size } : { length: parsed.size });
  }

  private push(name: string, text: string): void {
    const entry = tarEntry(name, text, this.timestamp);
    this.chunks.push(entry);
    this.length += entry.length;
  }

  addData(text: string): string {
    const hash = sha256Hex(text);
    this.records.push({ kind: 'data', hash, text, offset: this.length });
    this.push(`${hash}.data.json`, text);
    return hash;
  }

  addEvent(type: EventType, payload?: string): { event: ElectionEvent; hash: string } {
    const event: ElectionEvent = this.last
      ? { parent: this.last.hash, height: this.last.event.height + 1, type, payload }
      : { height: 0, type, payload };
    const text = writeJson(writeEvent(event));
    const hash = sha256Hex(text);
    this.records.push({ kind: 'event', hash, text, offset: this.length });
    this.push(`${hash}.event.json`, text);
    this.last = { event, hash };
    return this.last;
  }

  /** Append a record exactly as stored (an event's own text is kept as it is). */
  addRecordText(kind: 'data' | 'event', text: string): string {
    const hash = sha256Hex(text);
    this.records.push({ kind, hash, text, offset: this.length });
    this.push(`${hash}.${kind}.json`, text);
    if (kind === 'event') this.last = { event: decodeEvent(text, 'event'), hash };
    return hash;
  }

  get lastEvent(): { event: ElectionEvent; hash: string } | undefined {
    return this.last;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length - this.base);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const NAME = /^([0-9a-f]{64})\.(data|event)\.json$/;

function readOctal(bytes: Uint8Array, offset: number, length: number, what: string): number {
  let text = '';
  for (let i = offset; i < offset + length && bytes[i] !== 0; i++) text += String.fromCharCode(bytes[i]!);
  text = text.trim();
  if (!/^[0-7]+$/.test(text)) throw new UnusableInput(`${what}: the tar header has no valid size`);
  return parseInt(text, 8);
}

function readName(bytes: Uint8Array, offset: number): string {
  let end = offset;
  while (end < offset + 100 && bytes[end] !== 0) end++;
  return String.fromCharCode(...bytes.subarray(offset, end));
}

/** A tar header block read: the entry's name and the size of its body (UnusableInput if the size is not octal). */
export function readTarHeader(head: Uint8Array): { name: string; size: number } {
  const name = readName(head, 0);
  return { name, size: readOctal(head, 124, 12, `entry "${name}"`) };
}

/** One tar entry of a .bel file as it is read: its header block, its text, where it starts. */
export interface TarEntry {
  name: string;
  text: string;
  /** Byte offset of the entry's tar header in the archive. */
  offset: number;
  /** The 512-byte header and the body with its padding, exactly as in the file. */
  header: Uint8Array;
  padded: Uint8Array;
}

/**
 * Splits a .bel file into tar entries as its bytes arrive (push the chunks, then end()):
 * memory holds one entry at a time. Structural problems are UnusableInput, with the
 * words parseArchive uses (it runs on this splitter).
 */
export class TarSplitter {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  /** Bytes pushed so far; the offset of the first buffered byte is total - buffered. */
  private total = 0;
  private entries = 0;

  constructor(private readonly maxBytes?: number) {}

  get bytesRead(): number {
    return this.total;
  }

  push(chunk: Uint8Array): TarEntry[] {
    if (chunk.length === 0) return [];
    this.total += chunk.length;
    if (this.maxBytes !== undefined && this.total > this.maxBytes) {
      throw new UnusableInput(`archive is more than ${this.maxBytes} bytes (raise the limit with --max-size)`);
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: TarEntry[] = [];
    for (let e = this.next(); e; e = this.next()) out.push(e);
    return out;
  }

  /** The stream ended: anything left over is a truncated archive. */
  end(): void {
    if (this.total === 0) throw new UnusableInput('archive is empty');
    if (this.entries === 0) throw new UnusableInput('this is not a Belenios archive (.bel): it does not start with the BELENIOS tar header');
    if (this.buffered === 0) return;
    if (this.total % BLOCK !== 0) throw new UnusableInput(`archive is truncated (${this.total} bytes is not a whole number of 512-byte tar blocks)`);
    const head = this.peek(BLOCK);
    const name = readName(head, 0);
    const size = readOctal(head, 124, 12, `entry "${name}"`);
    throw new UnusableInput(`archive is truncated: entry "${name}" needs ${size} bytes, only ${this.buffered - BLOCK} remain`);
  }

  /** The first n buffered bytes as one array (n <= buffered): only those n bytes are
   * joined when they span several chunks, never the whole buffer (a large record arrives
   * in many chunks, and its header must not make a copy of all of them). */
  private peek(n: number): Uint8Array {
    if (this.chunks[0]!.length < n) {
      const head = new Uint8Array(n);
      let at = 0;
      while (at < n) {
        const c = this.chunks.shift()!;
        const k = Math.min(c.length, n - at);
        head.set(c.subarray(0, k), at);
        at += k;
        if (k < c.length) this.chunks.unshift(c.subarray(k));
      }
      this.chunks.unshift(head);
    }
    return this.chunks[0]!.subarray(0, n);
  }

  /** The first n buffered bytes (n <= buffered), copied once into an array of their own, and dropped. */
  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - at);
      out.set(c.subarray(0, k), at);
      at += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }

  private next(): TarEntry | undefined {
    if (this.buffered < BLOCK) return undefined;
    const offset = this.total - this.buffered;
    const head = this.peek(BLOCK);
    const name = readName(head, 0);
    if (this.entries === 0 && name !== 'BELENIOS') {
      throw new UnusableInput('this is not a Belenios archive (.bel): it does not start with the BELENIOS tar header');
    }
    if (name === '') throw new UnusableInput(`archive has an empty tar header at byte ${offset} (not written by Belenios)`);
    const size = readOctal(head, 124, 12, `entry "${name}"`);
    const length = BLOCK + paddedLength(size);
    if (this.buffered < length) return undefined;
    const whole = this.take(length);
    let text: string;
    try {
      text = decoder.decode(whole.subarray(BLOCK, BLOCK + size));
    } catch {
      throw new UnusableInput(`entry "${name}" is not UTF-8 text`);
    }
    this.entries++;
    return { name, text, offset, header: whole.subarray(0, BLOCK), padded: whole.subarray(BLOCK) };
  }
}

/** The archive header entry (BELENIOS) read: its timestamp. */
export function readArchiveHeader(entry: TarEntry): bigint {
  if (entry.name !== 'BELENIOS') throw new UnusableInput('archive does not start with the BELENIOS header (is this a .bel file?)');
  return decodeText(zArchiveHeader, entry.text, 'archive header').timestamp;
}

/** A record entry read: its kind and the hash its name claims. */
export function readRecordEntry(entry: TarEntry): ArchiveRecord {
  const m = NAME.exec(entry.name);
  if (!m) throw new UnusableInput(`archive entry "${entry.name}" is not named <sha256>.data.json or <sha256>.event.json`);
  return { kind: m[2] as 'data' | 'event', hash: m[1]!, text: entry.text, offset: entry.offset };
}

/** The tar entry belenios writes for a record (or the BELENIOS header) at this timestamp. */
export function canonicalEntry(name: string, text: string, timestamp: bigint): { header: Uint8Array; padded: Uint8Array } {
  const body = utf8ToBytes(text);
  const padded = new Uint8Array(paddedLength(body.length));
  padded.set(body);
  return { header: tarHeader(name, body.length, timestamp), padded };
}

/**
 * Whether a tar entry as read is byte for byte the one belenios writes for `text` under
 * `name` at this timestamp (what comparing it with canonicalEntry says), without a padded
 * copy of the text: `body` is the text's UTF-8 bytes, which the caller may have made
 * already (to hash them). A large record (the credentials of 100,000 voters: 62 MB) is
 * then held twice while it is checked, not four times.
 */
export function isCanonicalEntry(entry: TarEntry, name: string, text: string, timestamp: bigint, body: Uint8Array = utf8ToBytes(text)): boolean {
  const { header, padded } = entry;
  if (padded.length !== paddedLength(body.length)) return false;
  const expected = tarHeader(name, body.length, timestamp);
  if (header.length !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (header[i] !== expected[i]) return false;
  for (let i = 0; i < body.length; i++) if (padded[i] !== body[i]) return false;
  for (let i = body.length; i < padded.length; i++) if (padded[i] !== 0) return false;
  return true;
}

/** The BELENIOS entry's text as belenios writes it. */
export function canonicalHeaderText(timestamp: bigint): string {
  return writeJson(writeArchiveHeader({ version: 1, timestamp }));
}

/** Split a .bel file into its records. Structural problems are UnusableInput. */
export function parseArchive(bytes: Uint8Array, maxBytes = DEFAULT_MAX_ARCHIVE_BYTES): ParsedArchive {
  if (bytes.length > maxBytes) {
    throw new UnusableInput(`archive is ${bytes.length} bytes, more than the limit of ${maxBytes} (raise it with --max-size)`);
  }
  if (bytes.length === 0) throw new UnusableInput('archive is empty');
  if (bytes.length < BLOCK || readName(bytes, 0) !== 'BELENIOS') {
    throw new UnusableInput('this is not a Belenios archive (.bel): it does not start with the BELENIOS tar header');
  }
  if (bytes.length % BLOCK !== 0) throw new UnusableInput(`archive is truncated (${bytes.length} bytes is not a whole number of 512-byte tar blocks)`);
  const splitter = new TarSplitter();
  const entries = splitter.push(bytes);
  splitter.end();
  const first = entries[0]!;
  const timestamp = readArchiveHeader(first);
  const records = entries.slice(1).map(readRecordEntry);
  return { timestamp, headerText: first.text, records, size: bytes.length };
}

/** The records an event brings with it, in the order belenios writes them
 * (belenios' Archive.write_archive). `lookup` returns a payload by hash. */
export function payloadsOfEvent(event: ElectionEvent, lookup: (hash: string) => string | undefined): string[] {
  const get = (hash: string | undefined, what: string): string => {
    if (hash === undefined) throw new UnusableInput(`${event.type} event at height ${event.height} has no payload`);
    const text = lookup(hash);
    if (text === undefined) throw new UnusableInput(`${what} ${hash} referenced by the ${event.type} event at height ${event.height} is not in the archive`);
    return text;
  };
  switch (event.type) {
    case 'Ballot':
    case 'Result':
      return [get(event.payload, 'payload')];
    case 'EndBallots':
    case 'EndShuffles':
      if (event.payload !== undefined) throw new UnusableInput(`${event.type} event at height ${event.height} must not have a payload`);
      return [];
    case 'Setup': {
      const setupText = get(event.payload, 'setup data');
      const setup = decodeText(zSetupData, setupText, 'setup data');
      return [get(setup.election, 'election'), get(setup.trustees, 'trustees'), get(setup.credentials, 'public credentials'), setupText];
    }
    case 'EncryptedTally': {
      const sizedText = get(event.payload, 'sized encrypted tally');
      const sized = decodeText(zSizedEncryptedTally, sizedText, 'sized encrypted tally');
      return [get(sized.encrypted_tally, 'encrypted tally'), sizedText];
    }
    case 'Shuffle':
    case 'PartialDecryption': {
      const ownedText = get(event.payload, 'owned payload');
      const owned = decodeText(zOwned, ownedText, `${event.type} payload`);
      return [get(owned.payload, event.type === 'Shuffle' ? 'shuffle' : 'partial decryption'), ownedText];
    }
  }
}

/** Re-create the canonical archive from a chain of events (oldest first). */
export function canonicalArchive(timestamp: bigint, events: readonly ElectionEvent[], lookup: (hash: string) => string | undefined): Uint8Array {
  const writer = new ArchiveWriter(timestamp);
  for (const event of events) {
    for (const text of payloadsOfEvent(event, lookup)) writer.addData(text);
    writer.addEvent(event.type, event.payload);
  }
  return writer.toBytes();
}

export function decodeEvent(text: string, where: string): ElectionEvent {
  return decodeText(zEvent, text, where);
}

/** The setup payloads of an archive (from its first event), without verifying it. */
export function setupOfArchive(parsed: ParsedArchive): { election: string; trustees: string; credentials: string } {
  const first = parsed.records.find((r) => r.kind === 'event');
  if (!first) throw new UnusableInput('the archive has no events');
  const event = decodeEvent(first.text, 'first event');
  if (event.type !== 'Setup' || !event.payload) throw new UnusableInput('the first event of the archive is not Setup');
  const lookup = (h: string) => parsed.records.find((r) => r.hash === h)?.text;
  const [election, trustees, credentials] = payloadsOfEvent(event, lookup);
  return { election: election!, trustees: trustees!, credentials: credentials! };
}
