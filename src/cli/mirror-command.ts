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
// `jirga mirror compare A B` (two .bel files, or two mirror directories): exit 0 when one
// is a prefix of the other (one history), 1 when they diverge (at which height), 2 when
// either cannot be read.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { electionsApi } from '../api/elections.ts';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';
import { ArchiveWriter, decodeEvent, DEFAULT_MAX_ARCHIVE_BYTES, parseArchive, type ArchiveRecord, type ParsedArchive } from '../protocol/archive.ts';
import { sha256Hex } from '../protocol/hash.ts';
import { ballotTracker, type BallotCheck } from '../protocol/ballot.ts';
import { decodeValue, zBallot } from '../protocol/codec.ts';
import { parseJsonText } from '../protocol/json.ts';
import { verifyArchive, type BallotChecker } from '../protocol/verify.ts';
import { defaultWorkerCount, workerBallotChecker } from '../node/ballot-pool.ts';
import { findArchive, integerOption, parseOptions, readBytes, requireOption } from './io.ts';
import { sameFile, serveMirror, sha256Of, type KeptFile, type PullResult } from './mirror-serve.ts';

/** The board could not be read (network, HTTP error, not a Jirga answer): exit 2. */
class SourceUnreadable extends Error {}
/** The board contradicts the copy, or serves a history that does not hold: exit 1. */
class Contradiction extends Error {}

interface Rec {
  kind: 'data' | 'event';
  hash: string;
  text: string;
}

export interface Head {
  height: number;
  hash: string;
}

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

/** The height of the event a record belongs to: data records come just before their event. */
function heightOf(records: readonly Rec[], index: number): number {
  let events = 0;
  for (let i = 0; i < index && i < records.length; i++) if (records[i]!.kind === 'event') events++;
  return events;
}

function eventType(r: Rec): string {
  try {
    return decodeEvent(r.text, 'event').type;
  } catch {
    return 'unreadable';
  }
}

/** A record, named with the event it belongs to ("data 12ab... of a Ballot event"). */
function describe(records: readonly Rec[], index: number): string {
  const r = records[index];
  if (!r) return 'nothing';
  if (r.kind === 'event') return `${eventType(r)} event ${r.hash}`;
  const event = records.slice(index + 1).find((x) => x.kind === 'event');
  return `data ${r.hash} of ${event ? `a ${eventType(event)} event` : 'no event'}`;
}

/** Where two histories part, or undefined when one is a prefix of the other. */
export function firstDifference(a: readonly Rec[], b: readonly Rec[]): { index: number; height: number } | undefined {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i]!.kind !== b[i]!.kind || a[i]!.text !== b[i]!.text) return { index: i, height: heightOf(a, i) };
  }
  return undefined;
}

export function headOf(parsed: ParsedArchive): Head | undefined {
  const last = [...parsed.records].reverse().find((r) => r.kind === 'event');
  return last ? { height: decodeEvent(last.text, 'last event').height, hash: last.hash } : undefined;
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
 * continues `from` (the copy's head), page after page, up to the board's head. */
async function pullRecords(base: string, uuid: string, from: Head | undefined, timestamp: bigint | undefined, timeoutMs: number): Promise<{ timestamp: bigint; records: Rec[]; head: Head | undefined }> {
  const records: Rec[] = [];
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
      records.push(r);
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
      if (last && (page.head.height !== last.height || page.head.hash !== last.hash)) {
        throw new Contradiction(`the board says its head is ${page.head.hash} at height ${page.head.height}, but its records end with ${last.hash} at height ${last.height}`);
      }
      return { timestamp: stamp, records, head: last };
    }
    if (page.records.length === 0) throw new SourceUnreadable(`${base} says more events follow height ${last?.height ?? 'none'} but sent none`);
  }
}

/** After a contradiction: the board's whole history beside the copy, to name the first record where they part. */
async function locate(base: string, uuid: string, held: ParsedArchive, timeoutMs: number): Promise<string> {
  let board: Rec[];
  try {
    board = (await pullRecords(base, uuid, undefined, undefined, timeoutMs)).records;
  } catch (e) {
    return e instanceof Contradiction ? ` (its whole history does not hold together either: ${e.message})` : '';
  }
  const mine = held.records.map(({ kind, hash, text }) => ({ kind, hash, text }));
  const d = firstDifference(mine, board);
  if (d) return `. The first difference is record ${d.index + 1} (of the event at height ${d.height}): this copy has ${describe(mine, d.index)}, the board now has ${describe(board, d.index)}`;
  if (board.length < mine.length) return `. The board's history now stops before record ${board.length + 1} (the event at height ${heightOf(mine, board.length)}) that this copy holds`;
  return '';
}

// ------------------------------------------------------------------ a pull

/** A copy on disk: its bytes, and which file they were read from. */
function readCopy(path: string): { bytes: Uint8Array; file: KeptFile } {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.size > DEFAULT_MAX_ARCHIVE_BYTES) throw new UnusableInput(`it is ${st.size} bytes, more than the limit of ${DEFAULT_MAX_ARCHIVE_BYTES}`);
    const bytes = readFileSync(fd);
    return { bytes, file: { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, sha256: sha256Of(bytes) } };
  } finally {
    closeSync(fd);
  }
}

/**
 * One pull. `serving` (jirga mirror --serve): the copy on disk must be the file this process
 * verified (`expect`), or, when it verified none yet, is verified whole first (every ballot
 * checked) — a copy served is one this process verified; the result names the file verified
 * (`kept`), also when the board contradicts the copy or cannot be read.
 */
export async function pullOnce(options: { base: string; uuid: string; dir: string; workers: number; timeoutMs: number; full?: boolean; serving?: { expect: KeptFile | undefined } }): Promise<PullResult> {
  const { base, uuid, dir } = options;
  const path = join(dir, `${uuid}.bel`);
  let held: { bytes: Uint8Array; parsed: ParsedArchive; head: Head; file: KeptFile } | undefined;
  if (existsSync(path)) {
    try {
      const { bytes, file } = readCopy(path);
      const parsed = parseArchive(bytes);
      const head = headOf(parsed);
      if (!head) throw new UnusableInput('it holds no event');
      held = { bytes, parsed, head, file };
    } catch (e) {
      return { code: 2, message: `this mirror's copy ${path} cannot be read (${(e as Error).message}); move it away to start a new copy` };
    }
  }
  let verified: KeptFile | undefined;
  if (options.serving && held) {
    const expect = options.serving.expect;
    if (expect && !(sameFile(held.file, expect) && held.file.sha256 === expect.sha256)) {
      return { code: 1, message: `REFUSED: this mirror's copy ${path} changed on disk since this mirror verified it (something else wrote it): it is neither extended nor served; the copy verified before is still served` };
    }
    if (!expect) {
      const report = await verifyArchive(held.bytes, { checkBallots: workerBallotChecker(options.workers) });
      if (report.status !== 'valid' || report.uuid !== uuid) {
        const why = report.status !== 'valid' ? report.conclusion : `it is the archive of election ${report.uuid ?? '?'}`;
        return { code: 1, message: `REFUSED: this mirror's copy ${path} does not verify (${why}): it is not served; move it away to start a new copy` };
      }
    }
    verified = held.file;
  }
  const keptHeld = verified ? { kept: verified } : {};
  let pulled: Awaited<ReturnType<typeof pullRecords>>;
  try {
    pulled = await pullRecords(base, uuid, held?.head, held?.parsed.timestamp, options.timeoutMs);
  } catch (e) {
    if (e instanceof SourceUnreadable) return { code: 2, message: `${e.message}; ${held ? `the copy at height ${held.head.height} is kept` : 'nothing was written'}`, ...(held ? { head: held.head } : {}), ...keptHeld };
    if (!(e instanceof Contradiction)) throw e;
    const where = held ? await locate(base, uuid, held.parsed, options.timeoutMs) : '';
    return {
      code: 1,
      message: `REFUSED: ${base} contradicts this mirror: ${e.message}${where}. ${held ? `The last good copy (height ${held.head.height}, head ${held.head.hash}) is kept in ${path}.` : 'Nothing was written.'}`,
      ...(held ? { head: held.head } : {}),
      ...keptHeld,
    };
  }
  if (held && pulled.records.length === 0) {
    return { code: 0, message: `${path}: up to date at height ${held.head.height} (head ${held.head.hash})`, head: held.head, ...keptHeld };
  }
  const writer = held ? new ArchiveWriter(held.parsed.timestamp, { length: held.bytes.length }) : new ArchiveWriter(pulled.timestamp);
  for (const r of pulled.records) writer.addRecordText(r.kind, r.text);
  const added = writer.toBytes();
  const bytes = held ? concat(held.bytes, added) : added;
  const report = await verifyArchive(bytes, { checkBallots: options.full ? workerBallotChecker(options.workers) : incrementalChecker(held?.parsed, options.workers) });
  const keep = held ? `The last good copy (height ${held.head.height}) is kept in ${path}.` : 'Nothing was written.';
  if (report.status !== 'valid') {
    return { code: 1, message: `REFUSED: the board's history up to height ${pulled.head!.height} does not verify: ${report.conclusion}. ${keep}`, ...(held ? { head: held.head } : {}), ...keptHeld };
  }
  if (report.uuid !== uuid) {
    return { code: 1, message: `REFUSED: ${base} serves the archive of election ${report.uuid ?? '?'} as election ${uuid}. ${keep}`, ...(held ? { head: held.head } : {}), ...keptHeld };
  }
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${uuid}.bel.${process.pid}.tmp`);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
  // the file now at the path (the SHA-256 of what was verified: a file swapped in meanwhile is not served)
  const st = statSync(path);
  const kept: KeptFile = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, sha256: sha256Of(bytes) };
  const head = pulled.head!;
  const events = head.height - (held?.head.height ?? -1);
  return {
    code: 0,
    message: `${path}: ${held ? `height ${held.head.height} -> ${head.height}` : `height ${head.height}`} (${events} new event${events === 1 ? '' : 's'}, ${bytes.length} bytes), head ${head.hash}; verified: ${report.conclusion}`,
    head,
    kept,
  };
}

/** The ballots of the held copy were checked (signature, every proof) when it was kept:
 * only the new ones are checked again, unless `full`. Everything else (chain, credentials,
 * re-votes, tally, decryptions, result) is verified over the whole archive every time. */
function incrementalChecker(held: ParsedArchive | undefined, workers: number): BallotChecker {
  const checker = workerBallotChecker(workers);
  if (!held) return checker;
  const known = new Set(held.records.filter((r, i) => r.kind === 'data' && held.records[i + 1]?.kind === 'event' && eventType(held.records[i + 1]!) === 'Ballot').map((r) => r.text));
  return async (electionRaw, ballots) => {
    const fresh = ballots.filter((b) => !known.has(b));
    const checked = new Map<string, BallotCheck>();
    const results = await checker(electionRaw, fresh);
    fresh.forEach((b, i) => checked.set(b, results[i]!));
    return ballots.map((text) => {
      const found = checked.get(text);
      if (found) return found;
      const ballot = decodeValue(zBallot, parseJsonText(text, 'ballot'), 'ballot');
      return { ok: true, ballot, credential: ballot.credential, tracker: ballotTracker(text) };
    });
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

// ------------------------------------------------------------------ compare

function readHistory(path: string, uuid: string | undefined): { path: string; parsed: ParsedArchive } {
  let file = path;
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new UnusableInput(`"${path}" does not exist`);
  }
  if (isDir) file = uuid ? join(path, `${uuid}.bel`) : findArchive(path);
  return { path: file, parsed: parseArchive(readBytes(file, 'mirror copy')) };
}

export function compareCommand(args: string[]): number {
  const { values, positionals } = parseOptions(args, { election: { type: 'string' } }, 2);
  if (positionals.length !== 2) throw new InvalidRequest('usage: jirga mirror compare A B   (two .bel files, or two mirror directories with --election UUID)');
  const uuid = typeof values.election === 'string' ? values.election : undefined;
  if (uuid !== undefined && !UUID.test(uuid)) throw new InvalidRequest(`--election must be an election's uuid, not "${uuid}"`);
  const a = readHistory(positionals[0]!, uuid);
  const b = readHistory(positionals[1]!, uuid);
  const ha = headOf(a.parsed);
  const hb = headOf(b.parsed);
  const name = (x: typeof a, h: Head | undefined) => `${x.path} (${h ? `height ${h.height}, head ${h.hash}` : 'no event'})`;
  if (a.parsed.headerText !== b.parsed.headerText) {
    console.log(`DIVERGE: ${name(a, ha)} and ${name(b, hb)} are two histories: their archive headers differ from the start (${a.parsed.headerText} / ${b.parsed.headerText})`);
    return 1;
  }
  const ra = a.parsed.records as ArchiveRecord[];
  const rb = b.parsed.records as ArchiveRecord[];
  const d = firstDifference(ra, rb);
  if (d) {
    console.log(`DIVERGE: ${name(a, ha)} and ${name(b, hb)} are two histories: they part at record ${d.index + 1}, the event at height ${d.height} (${describe(ra, d.index)} / ${describe(rb, d.index)})`);
    return 1;
  }
  const [shorter, longer] = ra.length <= rb.length ? [a, b] : [b, a];
  const [hs, hl] = ra.length <= rb.length ? [ha, hb] : [hb, ha];
  if (ra.length === rb.length) console.log(`ONE HISTORY: ${name(a, ha)} and ${name(b, hb)} are the same`);
  else console.log(`ONE HISTORY: ${name(longer, hl)} extends ${name(shorter, hs)} by ${(hl?.height ?? -1) - (hs?.height ?? -1)} event(s)`);
  return 0;
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
