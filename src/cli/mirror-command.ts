// `jirga mirror --from URL --election UUID --dir DIR`: keep a verified copy of a board,
// and catch a board that changes its history. Each pull asks the board for its records
// after the last event the copy holds (GET /api/elections/:uuid/records?after=H), checks
// that they continue that event (each event names its parent's hash, and the hash of an
// event commits to the whole history before it), rebuilds the archive byte for byte,
// verifies all of it as `jirga verify` does, and only then replaces DIR/UUID.bel (written
// beside it, then renamed). Exit 0 when the copy verifies and extends (or equals) what it
// held; 1 when the board contradicts it (an event it holds replaced, removed or
// re-ordered; a history that does not verify; another election) — the last good copy is
// kept; 2 when the source cannot be read.
//
// A pull holds nothing that grows with the number of ballots (issue 18) but the streamed
// verifier's record per credential: the copy held is read as a stream (no size limit), the
// board's records are checked and written a page at a time, and the file is verified by the
// streamed verifier (see pullOnce). `--serve` keeps an index of the copy (mirror-serve.ts).
//
// `jirga mirror compare A B` (two .bel files, or two mirror directories): exit 0 when one
// is a prefix of the other (one history), 1 when they diverge (at which height), 2 when
// either cannot be read. Both are read side by side, a record at a time.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { copyFile, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { electionsApi } from '../api/elections.ts';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';
import { archiveStart, ArchiveWriter, decodeEvent } from '../protocol/archive.ts';
import { sha256Hex } from '../protocol/hash.ts';
import { ballotTracker, type BallotCheck } from '../protocol/ballot.ts';
import { decodeValue, zBallot } from '../protocol/codec.ts';
import { parseJsonText } from '../protocol/json.ts';
import type { BallotChecker, VerificationReport } from '../protocol/verify.ts';
import { defaultWorkerCount, workerBallotChecker } from '../node/ballot-pool.ts';
import { findArchive, integerOption, parseOptions, requireOption } from './io.ts';
import { CopyChanged, NotReadWhole, openHistory, RecordCursor, scanCopy, verifyCopy, writeFully, type HeldCopy, type Head, type Rec } from './mirror-files.ts';
import { sameFile, serveMirror, type KeptFile, type PullResult } from './mirror-serve.ts';

export type { Head };

/** The board could not be read (network, HTTP error, not a Jirga answer): exit 2. */
class SourceUnreadable extends Error {}
/** The board contradicts the copy, or serves a history that does not hold: exit 1. */
class Contradiction extends Error {}
/** This machine could not write the new copy (a full disk, say): exit 2, never a contradiction. */
class NotWritten extends Error {}

const UUID = /^[A-Za-z0-9_-]{1,64}$/;

/** The server's address: http(s) only. */
function sourceBase(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidRequest(`--from must be the address of a Jirga server or mirror, like https://jirga.example.org, not "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidRequest(`--from must be an http:// or https:// address, not "${raw}"`);
  return url.href.replace(/\/+$/, '');
}

/**
 * Two histories side by side, a record at a time (memory: a record each, and the records
 * of one event when a data record is named by its event): where they part, or which one
 * stops first. Both are read to their end (their heads), whatever is found.
 */
async function firstDifferenceOf(a: RecordCursor, b: RecordCursor): Promise<{ index: number; height: number; a: string; b: string } | { shorter?: 'a' | 'b'; index: number; height: number }> {
  for (;;) {
    const [x, y] = [await a.peek(), await b.peek()];
    if (!x || !y) {
      const at = { index: a.taken, height: a.events };
      if (x) return { shorter: 'b', ...at };
      if (y) return { shorter: 'a', ...at };
      return at;
    }
    if (x.kind !== y.kind || x.text !== y.text) {
      const found = { index: a.taken, height: a.events, a: await a.describeNext(), b: await b.describeNext() };
      return found;
    }
    await a.take();
    await b.take();
  }
}

// ------------------------------------------------------------------ reading the board

async function fetchPage(base: string, uuid: string, after: number | undefined, timeoutMs: number) {
  const url = `${base}/api/elections/${encodeURIComponent(uuid)}/records${after === undefined ? '' : `?after=${after}`}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new SourceUnreadable(`could not reach ${base} (${cause})`);
  }
  if (!response.ok) {
    let reason = `HTTP ${response.status}`;
    try {
      const body = JSON.parse(text) as { error?: unknown };
      if (typeof body.error === 'string') reason += `: ${body.error}`;
    } catch {
      // not JSON: the status says enough
    }
    throw new SourceUnreadable(`${base} did not give the board of election ${uuid} (${reason})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SourceUnreadable(`${base} answered with something that is not JSON: is this a Jirga server or mirror?`);
  }
  const page = electionsApi.records.response.safeParse(json);
  if (!page.success) throw new SourceUnreadable(`${base} answered with something that is not a page of a Jirga board: is this a Jirga server or mirror?`);
  return page.data;
}

/** The board's records after `after` (all of them without it), checked as a chain that
 * continues `from` (the copy's head), page after page, up to the board's head: each page
 * is handed over once checked (memory: one page), and the head is returned at the end. */
async function* boardPages(base: string, uuid: string, from: Head | undefined, timestamp: bigint | undefined, timeoutMs: number): AsyncGenerator<{ timestamp: bigint; records: Rec[] }, { timestamp: bigint; head: Head | undefined }> {
  let last = from;
  let stamp = timestamp;
  for (let pages = 0; ; pages++) {
    if (pages > 1_000_000) throw new SourceUnreadable(`${base} keeps sending pages without reaching its head`);
    const page = await fetchPage(base, uuid, last?.height, timeoutMs);
    if (!/^\d{1,20}$/.test(page.timestamp)) throw new Contradiction(`the board's archive timestamp "${page.timestamp}" is not a number of seconds`);
    const pageStamp = BigInt(page.timestamp);
    if (stamp === undefined) stamp = pageStamp;
    else if (stamp !== pageStamp) throw new Contradiction(`the board's archive timestamp changed (this copy has ${stamp}, the board now says ${pageStamp}): the archive header every record is written with was rewritten`);
    if (last && page.head.height < last.height) {
      throw new Contradiction(`the board's head is now at height ${page.head.height}, but this copy holds events up to height ${last.height}: events it held were removed`);
    }
    if (last && page.head.height === last.height && page.head.hash !== last.hash) {
      throw new Contradiction(`the board's event at height ${last.height} is now ${page.head.hash}, but this copy holds ${last.hash} there: the board's history changed`);
    }
    let pending = 0;
    for (const r of page.records) {
      if (sha256Hex(r.text) !== r.hash) throw new Contradiction(`the board sent a ${r.kind} record named ${r.hash} whose text has another hash`);
      if (r.kind === 'data') {
        pending++;
        continue;
      }
      pending = 0;
      let event;
      try {
        event = decodeEvent(r.text, `event ${r.hash}`);
      } catch (e) {
        throw new Contradiction(`the board sent an event that is not a Belenios event: ${(e as Error).message}`);
      }
      const expected = last ? last.height + 1 : 0;
      if (event.height !== expected) {
        throw new Contradiction(`the board sent an event of height ${event.height} where height ${expected} comes next: its events are out of order`);
      }
      if (last ? event.parent !== last.hash : event.parent !== undefined) {
        throw new Contradiction(
          last
            ? `the board's event at height ${event.height} does not follow the event this copy holds at height ${last.height} (its parent is ${event.parent ?? 'none'}, this copy has ${last.hash}): the board's history changed`
            : 'the board\'s first event has a parent',
        );
      }
      last = { height: event.height, hash: r.hash };
    }
    if (pending > 0) throw new Contradiction('the board sent data records that no event follows');
    if (!page.more) {
      if (!last) throw new SourceUnreadable(`${base} holds no event of election ${uuid} yet: there is nothing to copy`);
      if (last && (page.head.height !== last.height || page.head.hash !== last.hash)) {
        throw new Contradiction(`the board says its head is ${page.head.hash} at height ${page.head.height}, but its records end with ${last.hash} at height ${last.height}`);
      }
      yield { timestamp: stamp, records: page.records };
      return { timestamp: stamp, head: last };
    }
    yield { timestamp: stamp, records: page.records };
    if (page.records.length === 0) throw new SourceUnreadable(`${base} says more events follow height ${last?.height ?? 'none'} but sent none`);
  }
}

/** The board's records, a page at a time, as one stream of records (the head is not needed). */
async function* boardRecords(base: string, uuid: string, timeoutMs: number): AsyncGenerator<Rec> {
  for await (const page of boardPages(base, uuid, undefined, undefined, timeoutMs)) yield* page.records;
}

/** After a contradiction: the board's whole history beside the copy, record by record, to
 * name the first record where they part (memory: a page of the board, a record of the copy). */
async function locate(base: string, uuid: string, path: string, timeoutMs: number): Promise<string> {
  let mine: Awaited<ReturnType<typeof openHistory>>;
  try {
    mine = await openHistory(path);
  } catch {
    return '';
  }
  try {
    const board = new RecordCursor(boardRecords(base, uuid, timeoutMs));
    const d = await firstDifferenceOf(mine.records, board);
    // the board is read to its end whatever was found: a history that does not hold together is said so
    await board.drain();
    if ('a' in d) return `. The first difference is record ${d.index + 1} (of the event at height ${d.height}): this copy has ${d.a}, the board now has ${d.b}`;
    if (d.shorter === 'b') return `. The board's history now stops before record ${d.index + 1} (the event at height ${d.height}) that this copy holds`;
    return '';
  } catch (e) {
    return e instanceof Contradiction ? ` (its whole history does not hold together either: ${e.message})` : '';
  } finally {
    await mine.close();
  }
}

// ------------------------------------------------------------------ a pull

/**
 * One pull. `serving` (jirga mirror --serve): the copy on disk must be the file this process
 * verified (`expect`), or, when it verified none yet, is verified whole first (every ballot
 * checked) — a copy served is one this process verified; the result names the file verified
 * (`kept`), also when the board contradicts the copy or cannot be read.
 *
 * Memory does not grow with the board (issue 18): the copy held is read as a stream
 * (scanCopy: its head, ballots, size and SHA-256; no size limit), the board's records are
 * checked a page at a time and written as they arrive at the end of a temporary file that
 * starts as a byte copy of the copy held, and that file is verified by the streamed
 * verifier (as `jirga verify` does) before it replaces the copy.
 */
export async function pullOnce(options: { base: string; uuid: string; dir: string; workers: number; timeoutMs: number; full?: boolean; serving?: { expect: KeptFile | undefined } }): Promise<PullResult> {
  const { base, uuid, dir } = options;
  const path = join(dir, `${uuid}.bel`);
  let held: HeldCopy | undefined;
  if (existsSync(path)) {
    try {
      held = await scanCopy(path);
    } catch (e) {
      return { code: 2, message: `this mirror's copy ${path} cannot be read (${(e as Error).message}); move it away to start a new copy` };
    }
  }
  let verified: KeptFile | undefined;
  if (options.serving && held) {
    const expect = options.serving.expect;
    const changed = `REFUSED: this mirror's copy ${path} changed on disk since this mirror verified it (something else wrote it): it is neither extended nor served; the copy verified before is still served`;
    if (expect && !(sameFile(held.file, expect) && held.file.sha256 === expect.sha256)) return { code: 1, message: changed };
    if (!expect) {
      // every ballot checked; the bytes verified must be the ones scanned (the whole file, nothing more)
      let report: VerificationReport;
      try {
        ({ report } = await verifyCopy(path, () => workerBallotChecker(options.workers), { size: held.file.size, sha256: held.file.sha256, exact: true }));
      } catch (e) {
        if (e instanceof NotReadWhole) return { code: 1, message: `REFUSED: this mirror's copy ${path} does not verify (${e.message}): it is not served; move it away to start a new copy` };
        if (!(e instanceof CopyChanged)) throw e;
        return { code: 1, message: `REFUSED: this mirror's copy ${path} changed on disk while it was verified (something else wrote it): it is not served; move it away to start a new copy` };
      }
      if (report.status !== 'valid' || report.uuid !== uuid) {
        const why = report.status !== 'valid' ? report.conclusion : `it is the archive of election ${report.uuid ?? '?'}`;
        return { code: 1, message: `REFUSED: this mirror's copy ${path} does not verify (${why}): it is not served; move it away to start a new copy` };
      }
    }
    verified = held.file;
  }
  const keptHeld = verified ? { kept: verified } : {};
  const keep = held ? `The last good copy (height ${held.head.height}) is kept in ${path}.` : 'Nothing was written.';
  const heldHead = held ? { head: held.head } : {};
  const temp = join(dir, `.${uuid}.bel.${process.pid}.tmp`);
  let out: { file: FileHandle; length: number } | undefined;
  try {
    // the board's records after the copy's head, a checked page at a time, appended to the temporary file
    const write = async (timestamp: bigint, records: readonly Rec[]) => {
      try {
        await append(timestamp, records);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new NotWritten(`this mirror cannot write ${temp} (${code ?? (e as Error).message}${code === 'ENOSPC' || code === 'EDQUOT' ? ': the disk is full' : ''})`);
      }
    };
    const append = async (timestamp: bigint, records: readonly Rec[]) => {
      if (!out) {
        mkdirSync(dir, { recursive: true });
        if (held) {
          await copyFile(path, temp);
          out = { file: await open(temp, 'r+'), length: held.file.size };
          // the copy held as it was scanned (a copy written to meanwhile is caught by the prefix's SHA-256 when verified)
          await out.file.truncate(held.file.size);
        } else {
          out = { file: await open(temp, 'w'), length: 0 };
          const start = archiveStart(timestamp);
          await writeFully(out.file, start, 0);
          out.length = start.length;
        }
      }
      if (records.length === 0) return;
      const writer = new ArchiveWriter(timestamp, { length: out.length });
      for (const r of records) writer.addRecordText(r.kind, r.text);
      const bytes = writer.toBytes();
      await writeFully(out.file, bytes, out.length);
      out.length += bytes.length;
    };
    let pulled: { timestamp: bigint; head: Head | undefined };
    let added = 0;
    try {
      const pages = boardPages(base, uuid, held?.head, held?.timestamp, options.timeoutMs);
      for (let next = await pages.next(); ; next = await pages.next()) {
        if (next.done) {
          pulled = next.value;
          break;
        }
        added += next.value.records.length;
        if (next.value.records.length > 0 || !held) await write(next.value.timestamp, next.value.records);
      }
    } catch (e) {
      if (e instanceof SourceUnreadable) return { code: 2, message: `${e.message}; ${held ? `the copy at height ${held.head.height} is kept` : 'nothing was written'}`, ...heldHead, ...keptHeld };
      if (e instanceof NotWritten) return { code: 2, message: `${e.message}; ${held ? `the copy at height ${held.head.height} is kept as it was` : 'no copy was made'}`, ...heldHead, ...keptHeld };
      if (!(e instanceof Contradiction)) throw e;
      const where = held ? await locate(base, uuid, path, options.timeoutMs) : '';
      return {
        code: 1,
        message: `REFUSED: ${base} contradicts this mirror: ${e.message}${where}. ${held ? `The last good copy (height ${held.head.height}, head ${held.head.hash}) is kept in ${path}.` : 'Nothing was written.'}`,
        ...heldHead,
        ...keptHeld,
      };
    }
    if (held && added === 0) {
      return { code: 0, message: `${path}: up to date at height ${held.head.height} (head ${held.head.hash})`, head: held.head, ...keptHeld };
    }
    await out!.file.close();
    out = undefined;
    let verification: Awaited<ReturnType<typeof verifyCopy>>;
    try {
      verification = await verifyCopy(
        temp,
        (firstReading) => (options.full || !held ? workerBallotChecker(options.workers) : incrementalChecker(held.ballots, workerBallotChecker(options.workers), firstReading)),
        held ? { size: held.file.size, sha256: held.file.sha256 } : undefined,
      );
    } catch (e) {
      if (e instanceof NotReadWhole) return { code: 1, message: `REFUSED: the board's history up to height ${pulled.head!.height} does not verify: ${e.message}. ${keep}`, ...heldHead, ...keptHeld };
      if (!(e instanceof CopyChanged)) throw e;
      return { code: 1, message: `REFUSED: this mirror's copy ${path} changed on disk while it was extended (something else wrote it): nothing was written; move it away to start a new copy`, ...heldHead, ...keptHeld };
    }
    const { report, read } = verification;
    if (report.status !== 'valid') {
      return { code: 1, message: `REFUSED: the board's history up to height ${pulled.head!.height} does not verify: ${report.conclusion}. ${keep}`, ...heldHead, ...keptHeld };
    }
    if (report.uuid !== uuid) {
      return { code: 1, message: `REFUSED: ${base} serves the archive of election ${report.uuid ?? '?'} as election ${uuid}. ${keep}`, ...heldHead, ...keptHeld };
    }
    if (!read) throw new Error('the verifier did not read the whole archive');
    await rename(temp, path);
    // the file now at the path (the SHA-256 of what was verified: a file swapped in meanwhile is not served)
    const st = await stat(path);
    const kept: KeptFile = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, sha256: read.sha256 };
    const head = pulled.head!;
    const events = head.height - (held?.head.height ?? -1);
    return {
      code: 0,
      message: `${path}: ${held ? `height ${held.head.height} -> ${head.height}` : `height ${head.height}`} (${events} new event${events === 1 ? '' : 's'}, ${read.size} bytes), head ${head.hash}; verified: ${report.conclusion}`,
      head,
      kept,
    };
  } finally {
    await out?.file.close().catch(() => undefined);
    await rm(temp, { force: true });
  }
}

/**
 * The ballots of the held copy were checked (signature, every proof) when it was kept:
 * only the new ones are checked again. Everything else (chain, credentials, re-votes,
 * tally, decryptions, result) is verified over the whole archive every time.
 *
 * Which ballots were held is told by position, not by a set of their texts (memory would
 * grow with the ballots): the first `heldBallots` ballots handed to the checker during the
 * verifier's first reading of the temporary file are only parsed. This is safe because:
 * - that first reading is one pass over the file from its start, and the verifier hands
 *   the checker every Ballot event's ballot in file order (batches are handed over in
 *   order, and the count is taken when a batch is handed over, before anything awaits);
 * - the file's first bytes are the copy held, byte for byte: verifyCopy compares their
 *   SHA-256 with the one scanCopy computed of the copy (the bytes it counted
 *   `heldBallots` Ballot events in) before the verifier sees any byte after them, and
 *   stops the verification if they differ; tar entries are read from the start, so the
 *   entries of those bytes are the copy's, and the copy holds at least `heldBallots`
 *   Ballot events (an event scanCopy cannot read is not counted: fewer skipped, not more);
 *   so the first `heldBallots` ballots are the copy's, and every later one is new;
 * - a second reading by the verifier (`firstReading()` false) never skips a ballot: the
 *   reading for re-votes hands no ballot to the checker (it only parses the replaced
 *   ones), and an archive read again whole because it is not canonical has every ballot
 *   checked — the position count would not start again at 0, and is not used.
 */
export function incrementalChecker(heldBallots: number, checker: BallotChecker, firstReading: () => boolean): BallotChecker {
  let seen = 0;
  return async (electionRaw, ballots) => {
    const start = seen;
    seen += ballots.length;
    const skip = firstReading() ? Math.max(0, Math.min(ballots.length, heldBallots - start)) : 0;
    const fresh = ballots.slice(skip);
    const results = fresh.length > 0 ? await checker(electionRaw, fresh) : [];
    const parsed = ballots.slice(0, skip).map((text): BallotCheck => {
      const ballot = decodeValue(zBallot, parseJsonText(text, 'ballot'), 'ballot');
      return { ok: true, ballot, credential: ballot.credential, tracker: ballotTracker(text) };
    });
    return [...parsed, ...results];
  };
}

// ------------------------------------------------------------------ compare

/** The .bel file a compare argument names (a file, or a mirror directory). */
function historyPath(path: string, uuid: string | undefined): string {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new UnusableInput(`"${path}" does not exist`);
  }
  return isDir ? (uuid ? join(path, `${uuid}.bel`) : findArchive(path)) : path;
}

/** A copy opened for comparing, record by record; refused with the words readBytes uses when it cannot be read. */
async function openCopy(path: string): Promise<Awaited<ReturnType<typeof openHistory>>> {
  try {
    if (statSync(path).isDirectory()) throw new UnusableInput(`mirror copy "${path}" is a directory, not a file`);
    return await openHistory(path);
  } catch (e) {
    if (e instanceof UnusableInput) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnusableInput(`mirror copy "${path}" does not exist`);
    if (code === 'EACCES') throw new UnusableInput(`mirror copy "${path}" cannot be read (permission denied)`);
    throw new UnusableInput(`mirror copy "${path}" cannot be read (${(e as Error).message})`);
  }
}

const headOf = (c: RecordCursor): Head | undefined => (c.lastEvent ? { height: decodeEvent(c.lastEvent.text, 'last event').height, hash: c.lastEvent.hash } : undefined);

/** Two copies, read side by side a record at a time (memory does not grow with them). */
export async function compareCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { election: { type: 'string' } }, 2);
  if (positionals.length !== 2) throw new InvalidRequest('usage: jirga mirror compare A B   (two .bel files, or two mirror directories with --election UUID)');
  const uuid = typeof values.election === 'string' ? values.election : undefined;
  if (uuid !== undefined && !UUID.test(uuid)) throw new InvalidRequest(`--election must be an election's uuid, not "${uuid}"`);
  const pa = historyPath(positionals[0]!, uuid);
  const pb = historyPath(positionals[1]!, uuid);
  const a = await openCopy(pa);
  try {
    const b = await openCopy(pb);
    try {
      const d = await firstDifferenceOf(a.records, b.records);
      // both read to their end: their heads (a copy that does not read to its end is refused, as before)
      await a.records.drain();
      await b.records.drain();
      const [ha, hb] = [headOf(a.records), headOf(b.records)];
      const name = (path: string, h: Head | undefined) => `${path} (${h ? `height ${h.height}, head ${h.hash}` : 'no event'})`;
      if (a.headerText !== b.headerText) {
        console.log(`DIVERGE: ${name(pa, ha)} and ${name(pb, hb)} are two histories: their archive headers differ from the start (${a.headerText} / ${b.headerText})`);
        return 1;
      }
      if ('a' in d) {
        console.log(`DIVERGE: ${name(pa, ha)} and ${name(pb, hb)} are two histories: they part at record ${d.index + 1}, the event at height ${d.height} (${d.a} / ${d.b})`);
        return 1;
      }
      const ea = (ha?.height ?? -1);
      const eb = (hb?.height ?? -1);
      if (!d.shorter) console.log(`ONE HISTORY: ${name(pa, ha)} and ${name(pb, hb)} are the same`);
      else if (d.shorter === 'a') console.log(`ONE HISTORY: ${name(pb, hb)} extends ${name(pa, ha)} by ${eb - ea} event(s)`);
      else console.log(`ONE HISTORY: ${name(pa, ha)} extends ${name(pb, hb)} by ${ea - eb} event(s)`);
      return 0;
    } finally {
      await b.close();
    }
  } finally {
    await a.close();
  }
}

// ------------------------------------------------------------------ the command

export async function mirrorCommand(args: string[]): Promise<number> {
  if (args[0] === 'compare') return compareCommand(args.slice(1));
  const { values } = parseOptions(args, { from: { type: 'string' }, election: { type: 'string' }, dir: { type: 'string' }, serve: { type: 'string' }, every: { type: 'string' }, workers: { type: 'string' }, timeout: { type: 'string' }, host: { type: 'string' }, full: { type: 'boolean' } }, 0);
  const base = sourceBase(requireOption(values, 'from'));
  const uuid = requireOption(values, 'election');
  if (!UUID.test(uuid)) throw new InvalidRequest(`--election must be an election's uuid, not "${uuid}"`);
  const dir = requireOption(values, 'dir');
  const workers = integerOption(values, 'workers', 1, 256) ?? defaultWorkerCount();
  const timeoutMs = (integerOption(values, 'timeout', 1, 3600) ?? 60) * 1000;
  const port = integerOption(values, 'serve', 0, 65535);
  const every = integerOption(values, 'every', 1, 86400) ?? 30;
  const full = values.full === true;
  const log = (r: PullResult) => (r.code === 0 ? console.log : console.error)(r.message);
  if (port === undefined) {
    const once = await pullOnce({ base, uuid, dir, workers, timeoutMs, full });
    log(once);
    return once.code;
  }
  // serving: only a copy this process verified (the one on disk, verified whole first, then each pull's)
  const pull = (expect: KeptFile | undefined) => pullOnce({ base, uuid, dir, workers, timeoutMs, full, serving: { expect } });
  const first = await pull(undefined);
  log(first);
  if (existsSync(join(dir, `${uuid}.bel`)) && !first.kept) return first.code === 0 ? 1 : first.code;
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  await serveMirror({ dir, uuid, port, host, every, kept: first.kept, pull, log });
  return 0;
}
