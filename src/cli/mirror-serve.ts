// `jirga mirror ... --serve PORT`: the mirror's last good copy, read-only, at the paths
// and in the answer shapes of a Jirga server (src/api/elections.ts), so the same checks
// can be pointed at it: the archive, election.json, the ballot box, a tracker's look-up,
// and the board's records after a height (so mirrors can pull from mirrors). It pulls
// again every `every` seconds; a pull that the board contradicts leaves the copy served
// as it was.
//
// Only a history this process verified is served: the file a pull verified and wrote (or,
// at start, the copy found on disk once it has verified it whole) is held open, and its
// content's hash, inode, size and time are checked against what was verified; the answers
// are read from that open file, never from whatever the path holds later. A copy changed
// on disk by anything but this mirror is not served (503) nor extended.
//
// Every answer is bounded: the archive is streamed from the file; records are read from
// it by their offsets (pages of at most MAX_BOARD_PAGE_EVENTS events and about
// MAX_MIRROR_PAGE_BYTES, always at least one event); the ballot box is answered in pages
// from an index kept in memory, by the server's cursor (`after`: the position of a ballot's
// record in the board, the same in the copy; `limit`; Link, x-total-count, x-board-height),
// so a page of the mirror and the same page of the server can be compared byte for byte;
// the whole box is streamed as ballots.json; a tracker is looked up in a map. The archive
// and the whole box carry the server's ETag for the same height (If-None-Match: 304). Parameters are checked (zod): unknown, repeated or
// malformed ones are refused with a clear message.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { ballotBoxLink, boardETag, etagHeld, MAX_BALLOT_BOX_PAGE, MAX_BOARD_PAGE_EVENTS, zBallotBoxPageQuery, zBoardPageQuery } from '../api/elections.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import { ballotTracker } from '../protocol/ballot.ts';
import { decodeEvent } from '../protocol/archive.ts';
import { recordsOfFile, type FileRead, type KeptFile } from './mirror-files.ts';

// which file a pull verified (defined beside the code that reads it)
export type { KeptFile };

/** What one pull did: 0 the copy verifies and extends what it held, 1 the board contradicts it, 2 the source cannot be read. */
export interface PullResult {
  code: 0 | 1 | 2;
  message: string;
  head?: { height: number; hash: string };
  /** Set when this pull (or check) verified the whole history in the file it names. */
  kept?: KeptFile;
}

export const sameFile = (a: { ino: number; size: number; mtimeMs: number }, b: { ino: number; size: number; mtimeMs: number }) => a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Records of a page, in bytes: a page stops before the event that would pass this (at least one event a page). */
export const MAX_MIRROR_PAGE_BYTES = 4 * 1024 * 1024;
/** Entries of the ballot box a page: the server's. */
export const MAX_BOX_PAGE = MAX_BALLOT_BOX_PAGE;

const TAR_BLOCK = 512;
const STREAM_CHUNK = 64 * 1024;

export interface Copy {
  file: FileHandle;
  kept: KeptFile;
  /** Requests reading `file` now; a copy replaced by a newer one is closed when none is left. */
  readers: number;
  retired: boolean;
  timestamp: string;
  electionText: string;
  /** Each record: where its text is in the file. */
  records: { kind: 'data' | 'event'; hash: string; start: number; length: number }[];
  /** Index in records of each event, by height. */
  events: number[];
  box: { tracker: string; counted: boolean }[];
  /** The position in the board (the record's seq) of each ballot of box: the page cursor. */
  boxSeqs: number[];
  /** Position in box of each tracker. */
  byTracker: Map<string, number>;
  head: { height: number; hash: string };
}

/**
 * Opens the file a pull verified and indexes it, reading it as a stream (the SHA-256 and the
 * index in one pass, a tar entry at a time); refuses it if it is not that file any more.
 * The index is what the answers need without reading the file, and grows with the ballots:
 * per record its kind, hash and place (a ballot is two records), per ballot its tracker,
 * position, whether it is counted and its entry in the tracker map — about 0.9 KB per
 * ballot measured on a 1,000-ballot copy (docs/performance.md); while indexing, per
 * credential the SHA-256 of its text and the position of its last ballot.
 */
export async function indexCopy(path: string, kept: KeptFile): Promise<Copy> {
  const file = await open(path, 'r');
  try {
    const st = await file.stat();
    if (!sameFile(st, kept)) throw new Error('the file changed after it was verified');
    const hash = createHash('sha256');
    let electionText: string | undefined;
    const read: FileRead = { size: 0 };
    const records: Copy['records'] = [];
    const events: number[] = [];
    const trackers: string[] = [];
    const boxSeqs: number[] = [];
    // per credential (by the SHA-256 of its text), the position in the box of its last ballot
    const latest = new Map<string, number>();
    let previous: { text: string; seq: number } | undefined;
    for await (const r of recordsOfFile(file, hash, read)) {
      const seq = records.length;
      records.push({ kind: r.kind, hash: r.hash, start: r.offset + TAR_BLOCK, length: Buffer.byteLength(r.text, 'utf8') });
      if (seq === 0) electionText = r.text;
      if (r.kind === 'data') {
        previous = { text: r.text, seq };
        continue;
      }
      events.push(seq);
      if (decodeEvent(r.text, 'event').type === 'Ballot' && previous && previous.seq === seq - 1) {
        const credential = String((JSON.parse(previous.text) as { credential: unknown }).credential);
        latest.set(createHash('sha256').update(credential).digest('base64'), trackers.length);
        trackers.push(ballotTracker(previous.text));
        boxSeqs.push(previous.seq);
      }
      previous = undefined;
    }
    if (read.size !== kept.size || hash.digest('hex') !== kept.sha256) throw new Error('the file changed after it was verified');
    if (events.length === 0) throw new Error('it holds no event');
    const last = new Set(latest.values());
    latest.clear();
    const box = trackers.map((tracker, i) => ({ tracker, counted: last.has(i) }));
    const byTracker = new Map(box.map((b, i) => [b.tracker, i] as const));
    const lastEvent = events[events.length - 1]!;
    return {
      file,
      kept,
      readers: 0,
      retired: false,
      timestamp: read.timestamp!.toString(),
      electionText: electionText!,
      records,
      events,
      box,
      boxSeqs,
      byTracker,
      head: { height: events.length - 1, hash: records[lastEvent]!.hash },
    };
  } catch (e) {
    await file.close();
    throw e;
  }
}

const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...HEADERS, ...headers });
  res.end(JSON.stringify(body));
}

const notFound = (res: ServerResponse, error: string) => json(res, 404, { error, code: 'not-found' });
const invalid = (res: ServerResponse, error: string) => json(res, 400, { error, code: 'invalid-request' });

// ---------------------------------------------------------------- parameters

const noParams = z.strictObject({});
const trackerError = { error: 'tracker: a ballot\'s tracker, 43 characters of base64 (write + as %2B in an address)' };
const zTrackerQuery = z.strictObject({ tracker: z.string(trackerError).regex(/^[A-Za-z0-9+/]{43}$/, trackerError) });

/** The query of a request, checked by `schema`: unknown and repeated names are refused. */
function query<T>(url: URL, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; error: string } {
  const names = [...url.searchParams.keys()];
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) return { ok: false, error: `${repeated}: given more than once` };
  const r = schema.safeParse(Object.fromEntries(url.searchParams));
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') return { ok: false, error: `this address takes no parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  return { ok: false, error: issue.message };
}

// ---------------------------------------------------------------- answers

/** A page of records after `after`: at most `limit` events and `maxBytes` of the file (at least one event). */
export async function recordsPage(copy: Copy, after: number | undefined, limit: number, maxBytes = MAX_MIRROR_PAGE_BYTES) {
  const base = { timestamp: copy.timestamp, head: copy.head };
  if (after !== undefined && after >= copy.head.height) return { ...base, records: [], through: after, more: false };
  const from = after === undefined ? 0 : copy.events[after]! + 1;
  const firstHeight = after === undefined ? 0 : after + 1;
  let through = firstHeight;
  const maxThrough = Math.min(firstHeight + limit - 1, copy.head.height);
  const end = (height: number) => { const r = copy.records[copy.events[height]!]!; return r.start + r.length; };
  const begin = copy.records[from]!.start - TAR_BLOCK;
  while (through < maxThrough && end(through + 1) - begin <= maxBytes) through++;
  const length = end(through) - begin;
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await copy.file.read(buffer, 0, length, begin);
  if (bytesRead !== length) throw new Error('the copy is shorter than when it was verified');
  const records = copy.records.slice(from, copy.events[through]! + 1).map(({ kind, hash, start, length: n }) => ({ kind, hash, text: buffer.toString('utf8', start - begin, start - begin + n) }));
  return { ...base, records, through, more: through < copy.head.height };
}

/** The page of the box after the cursor `after`, and its headers: what the server answers at the same height. */
export function boxPage(copy: Copy, uuid: string, after: number | undefined, limit: number): { entries: Copy['box']; headers: Record<string, string> } {
  // the first ballot whose record comes after the cursor (binary search: the seqs increase)
  let lo = 0;
  let hi = copy.boxSeqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (copy.boxSeqs[mid]! <= (after ?? -1)) lo = mid + 1;
    else hi = mid;
  }
  const entries = copy.box.slice(lo, lo + limit);
  const headers: Record<string, string> = { 'x-total-count': String(copy.box.length), 'x-board-height': String(copy.head.height) };
  if (lo + limit < copy.box.length) headers.link = ballotBoxLink(uuid, copy.boxSeqs[lo + limit - 1]!, limit);
  return { entries, headers };
}

/** The server's ETag for the archive (or the whole box) at the copy's height. */
const etagOf = (uuid: string, copy: Copy, what: '' | 'ballots-' = '') => boardETag(uuid, what, copy.head.height, copy.head.hash);

/** Whether an If-None-Match names `etag` (or is "*"); then 304 with the ETag. */
function notModified(req: IncomingMessage, res: ServerResponse, etag: string): boolean {
  if (!etagHeld(req.headers['if-none-match'], etag)) return false;
  res.writeHead(304, { etag, 'cache-control': 'public, no-cache', 'x-content-type-options': 'nosniff' });
  res.end();
  return true;
}

export async function serveMirror(options: {
  dir: string;
  uuid: string;
  port: number;
  host: string;
  every: number;
  /** The copy verified before serving (at start), if any. */
  kept: KeptFile | undefined;
  /** One pull; `expect`: the file the copy served is (a copy on disk that is not that file is not extended). */
  pull: (expect: KeptFile | undefined) => Promise<PullResult>;
  log: (r: PullResult) => void;
}): Promise<void> {
  const path = join(options.dir, `${options.uuid}.bel`);
  let copy: Copy | undefined;
  let problem: string | undefined;
  const release = async (c: Copy) => {
    c.readers--;
    if (c.retired && c.readers === 0) await c.file.close().catch(() => undefined);
  };
  const adopt = async (kept: KeptFile) => {
    const next = await indexCopy(path, kept);
    const old = copy;
    copy = next;
    problem = undefined;
    if (old) {
      old.retired = true;
      if (old.readers === 0) await old.file.close().catch(() => undefined);
    }
  };
  if (options.kept) {
    try {
      await adopt(options.kept);
    } catch (e) {
      problem = `the copy cannot be served: ${(e as Error).message}`;
      options.log({ code: 1, message: `${path}: ${problem}` });
    }
  }
  const prefix = `/api/elections/${options.uuid}`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'this mirror is read-only', code: 'invalid-request' });
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://mirror');
    } catch {
      return invalid(res, 'this is not an address');
    }
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return notFound(res, `this mirror keeps election ${options.uuid} only`);
    const c = copy;
    if (!c) return problem ? json(res, 503, { error: `this mirror serves nothing now: ${problem}`, code: 'unavailable' }) : notFound(res, 'this mirror holds no copy of the board yet');
    const route = url.pathname.slice(prefix.length);
    // a request on the ballot box is answered from the index; the others read the verified file
    switch (route) {
      case '/ballots': {
        const q = query(url, zBallotBoxPageQuery);
        if (!q.ok) return invalid(res, q.error);
        const page = boxPage(c, options.uuid, q.value.after, q.value.limit ?? MAX_BOX_PAGE);
        return json(res, 200, page.entries, page.headers);
      }
      case '/ballots.json': {
        const q = query(url, noParams);
        if (!q.ok) return invalid(res, q.error);
        const etag = etagOf(options.uuid, c, 'ballots-');
        if (notModified(req, res, etag)) return;
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${options.uuid}-ballots.json"`, ...HEADERS, etag, 'cache-control': 'public, no-cache' });
        if (req.method === 'HEAD') return res.end();
        // the JSON array a page of entries a write, waiting for the client to take each
        res.write('[');
        for (let at = 0; at < c.box.length && !res.destroyed; at += MAX_BOX_PAGE) {
          const part = c.box.slice(at, at + MAX_BOX_PAGE).map((b) => JSON.stringify(b)).join(',');
          if (!res.write(at === 0 ? part : `,${part}`)) await new Promise<void>((resume) => { res.once('drain', resume); res.once('close', resume); });
        }
        return res.end(']');
      }
      case '/ballot': {
        const q = query(url, zTrackerQuery);
        if (!q.ok) return invalid(res, q.error);
        const found = c.byTracker.get(q.value.tracker);
        return found === undefined ? notFound(res, 'no ballot with this tracker is in the ballot box') : json(res, 200, c.box[found]);
      }
      case '/election.json': {
        const q = query(url, noParams);
        if (!q.ok) return invalid(res, q.error);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...HEADERS });
        return res.end(c.electionText);
      }
      case '/archive.bel':
      case '/records':
        break;
      default:
        return notFound(res, 'a mirror serves archive.bel, election.json, ballots, ballots.json, ballot?tracker= and records');
    }
    const q = route === '/records' ? query(url, zBoardPageQuery) : query(url, noParams);
    if (!q.ok) return invalid(res, q.error);
    c.readers++;
    try {
      // the file served is the one verified: same inode, size and time
      if (!sameFile(await c.file.stat(), c.kept)) {
        return json(res, 503, { error: 'this mirror\'s copy changed on disk since it was verified: it is not served until a pull verifies a copy again', code: 'unavailable' });
      }
      if (route === '/records') {
        const { after, limit } = q.value as { after?: number; limit?: number };
        return json(res, 200, await recordsPage(c, after, limit ?? MAX_BOARD_PAGE_EVENTS));
      }
      const etag = etagOf(options.uuid, c);
      if (notModified(req, res, etag)) return;
      res.writeHead(200, { 'content-type': 'application/x-tar', 'content-length': String(c.kept.size), 'content-disposition': `attachment; filename="${options.uuid}.bel"`, ...HEADERS, etag, 'cache-control': 'public, no-cache' });
      if (req.method === 'HEAD') return res.end();
      // streamed in chunks from the open file, waiting for the client to take each
      for (let at = 0; at < c.kept.size && !res.destroyed; ) {
        const chunk = Buffer.allocUnsafe(Math.min(STREAM_CHUNK, c.kept.size - at)); // a new one each time: the socket may still hold the last
        const { bytesRead } = await c.file.read(chunk, 0, chunk.length, at);
        if (bytesRead === 0) throw new Error('the copy is shorter than when it was verified');
        at += bytesRead;
        if (!res.write(chunk.subarray(0, bytesRead))) await new Promise<void>((resume) => { res.once('drain', resume); res.once('close', resume); });
      }
      res.end();
    } finally {
      await release(c);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      if (res.headersSent) return res.destroy();
      json(res, 500, { error: `the mirror's copy cannot be read: ${e.message}`, code: 'internal-error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new InvalidRequest(`the mirror cannot serve on ${options.host}:${options.port} (${e.code ?? e.message})`)));
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  console.log(`mirror of election ${options.uuid} serving http://${options.host}:${typeof address === 'object' && address ? address.port : options.port}${prefix}/ (pulling every ${options.every} s)`);
  // one pull at a time, every `every` seconds, until the process is stopped
  for (;;) {
    await new Promise((r) => setTimeout(r, options.every * 1000));
    let result: PullResult;
    try {
      result = await options.pull(copy?.kept);
    } catch (e) {
      // the copy served stays the last good one; the next pull tries again
      result = { code: 2, message: `the pull failed: ${(e as Error).message}; the copy served is unchanged` };
    }
    options.log(result);
    if (result.code === 0 && result.kept && !(copy && sameFile(copy.kept, result.kept) && copy.kept.sha256 === result.kept.sha256)) {
      try {
        await adopt(result.kept);
      } catch (e) {
        options.log({ code: 1, message: `${path}: the new copy is not served (${(e as Error).message}); the copy served is unchanged` });
      }
    }
  }
}
