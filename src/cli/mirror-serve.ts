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
// from an index kept on disk (src/cli/mirror-index.ts), by the server's cursor (`after`: the position of a ballot's
// record in the board, the same in the copy; `limit`; Link, x-total-count, x-board-height),
// so a page of the mirror and the same page of the server can be compared byte for byte;
// the whole box is streamed as ballots.json; a tracker is looked up in a sorted file. The
// process's memory does not grow with the ballots. The archive
// and the whole box carry the server's ETag for the same height (If-None-Match: 304). Parameters are checked (zod): unknown, repeated or
// malformed ones are refused with a clear message.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { ballotBoxLink, boardETag, etagHeld, MAX_BALLOT_BOX_PAGE, MAX_BOARD_PAGE_EVENTS, zBallotBoxPageQuery, zBoardPageQuery } from '../api/elections.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import { type FileRead, type KeptFile } from './mirror-files.ts';
import { buildIndex, recordsBetween, type BoxEntry, type CopyIndex } from './mirror-index.ts';

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

const STREAM_CHUNK = 64 * 1024;

export interface Copy {
  file: FileHandle;
  kept: KeptFile;
  /** Requests reading `file` or the index now; a copy replaced by a newer one is closed when none is left. */
  readers: number;
  retired: boolean;
  timestamp: string;
  electionText: string;
  /** Where the answers find their records and ballots: on disk (src/cli/mirror-index.ts). */
  index: CopyIndex;
  head: { height: number; hash: string };
}

/**
 * Opens the file a pull verified and indexes it, reading it as a stream (the SHA-256 and the
 * index in one pass, a tar entry at a time); refuses it if it is not that file any more.
 * The index is on disk beside the copy, in files unlinked once open: what the process holds
 * does not grow with the ballots (the sort's budget, `sortBudget` bytes, bounds it).
 */
export async function indexCopy(path: string, kept: KeptFile, sortBudget?: number): Promise<Copy> {
  const file = await open(path, 'r');
  try {
    const st = await file.stat();
    if (!sameFile(st, kept)) throw new Error('the file changed after it was verified');
    const hash = createHash('sha256');
    const read: FileRead = { size: 0 };
    const indexed = await buildIndex(file, path, hash, read, sortBudget);
    if (read.size !== kept.size || hash.digest('hex') !== kept.sha256) {
      await indexed.index.close();
      throw new Error('the file changed after it was verified');
    }
    return { file, kept, readers: 0, retired: false, timestamp: indexed.timestamp.toString(), electionText: indexed.electionText, index: indexed.index, head: indexed.head };
  } catch (e) {
    await file.close();
    throw e;
  }
}

/** Closes a copy's file and index. */
export async function closeCopy(copy: Copy): Promise<void> {
  await Promise.all([copy.file.close().catch(() => undefined), copy.index.close()]);
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
  const firstHeight = after === undefined ? 0 : after + 1;
  const maxThrough = Math.min(firstHeight + limit - 1, copy.head.height);
  const begin = await copy.index.recordsAfter(after);
  const ends = await copy.index.eventEnds(firstHeight, maxThrough);
  let through = firstHeight;
  while (through < maxThrough && ends[through + 1 - firstHeight]!.textEnd - begin <= maxBytes) through++;
  const records = await recordsBetween(copy.file, begin, ends[through - firstHeight]!.textEnd);
  return { ...base, records, through, more: through < copy.head.height };
}

/** The page of the box after the cursor `after`, and its headers: what the server answers at the same height. */
export async function boxPage(copy: Copy, uuid: string, after: number | undefined, limit: number): Promise<{ entries: BoxEntry[]; headers: Record<string, string> }> {
  const { ballots } = copy.index;
  // the first ballot whose record comes after the cursor
  const from = await copy.index.firstAfter(after ?? -1);
  const { entries, seqs } = await copy.index.boxEntries(from, limit);
  const headers: Record<string, string> = { 'x-total-count': String(ballots), 'x-board-height': String(copy.head.height) };
  if (from + limit < ballots) headers.link = ballotBoxLink(uuid, seqs[limit - 1]!, limit);
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

/**
 * The copy served, and the requests reading it: a copy replaced by a newer one is closed once
 * the last request reading it has ended (at once if none is).
 */
export class ServedCopies {
  current: Copy | undefined;
  /** Why nothing is served, when the copy found at start could not be. */
  problem: string | undefined;
  constructor(private readonly path: string) {}

  /** Serves the file a pull verified (`kept`), once indexed; the copy it replaces is retired. */
  async adopt(kept: KeptFile, sortBudget?: number): Promise<void> {
    const next = await indexCopy(this.path, kept, sortBudget);
    const old = this.current;
    this.current = next;
    this.problem = undefined;
    if (old) {
      old.retired = true;
      if (old.readers === 0) await closeCopy(old);
    }
  }

  /** The copy to answer a request from, held until `release`. */
  hold(): Copy | undefined {
    const c = this.current;
    if (c) c.readers++;
    return c;
  }

  async release(c: Copy): Promise<void> {
    c.readers--;
    if (c.retired && c.readers === 0) await closeCopy(c);
  }
}

/**
 * Writes `chunk` and, when the response's buffer is full, waits until the client has taken it
 * or has gone: false once it has gone. A client that went while the chunk was being read is
 * not waited for ('close' has already been emitted then), and no listener is left behind.
 */
async function sent(res: ServerResponse, chunk: string | Uint8Array): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  if (res.destroyed) return false;
  await new Promise<void>((resume) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resume();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  return !res.destroyed;
}

/** A connection that takes nothing for this long is closed: a client that stops reading
 * (its socket full) would otherwise hold the copy it reads open for ever, a copy replaced
 * by a pull included, with its file's space on disk. */
export const MIRROR_IDLE_MS = 2 * 60 * 1000;

/** The mirror's HTTP server for election `uuid`, answering from `copies` (not yet listening). */
export function mirrorServer(uuid: string, copies: ServedCopies, idleMs = MIRROR_IDLE_MS): Server {
  const prefix = `/api/elections/${uuid}`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'this mirror is read-only', code: 'invalid-request' });
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://mirror');
    } catch {
      return invalid(res, 'this is not an address');
    }
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return notFound(res, `this mirror keeps election ${uuid} only`);
    const c = copies.hold();
    if (!c) return copies.problem ? json(res, 503, { error: `this mirror serves nothing now: ${copies.problem}`, code: 'unavailable' }) : notFound(res, 'this mirror holds no copy of the board yet');
    try {
      await answer(c, url.pathname.slice(prefix.length), url, req, res);
    } finally {
      await copies.release(c);
    }
  };
  // a request on the ballot box is answered from the index; the others read the verified file
  const answer = async (c: Copy, route: string, url: URL, req: IncomingMessage, res: ServerResponse) => {
    switch (route) {
      case '/ballots': {
        const q = query(url, zBallotBoxPageQuery);
        if (!q.ok) return invalid(res, q.error);
        const page = await boxPage(c, uuid, q.value.after, q.value.limit ?? MAX_BOX_PAGE);
        return json(res, 200, page.entries, page.headers);
      }
      case '/ballots.json': {
        const q = query(url, noParams);
        if (!q.ok) return invalid(res, q.error);
        const etag = etagOf(uuid, c, 'ballots-');
        if (notModified(req, res, etag)) return;
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${uuid}-ballots.json"`, ...HEADERS, etag, 'cache-control': 'public, no-cache' });
        if (req.method === 'HEAD') return res.end();
        // the JSON array a page of entries a write, waiting for the client to take each
        if (!(await sent(res, '['))) return;
        for (let at = 0; at < c.index.ballots; at += MAX_BOX_PAGE) {
          const part = (await c.index.boxEntries(at, MAX_BOX_PAGE)).entries.map((b) => JSON.stringify(b)).join(',');
          if (!(await sent(res, at === 0 ? part : `,${part}`))) return;
        }
        return res.end(']');
      }
      case '/ballot': {
        const q = query(url, zTrackerQuery);
        if (!q.ok) return invalid(res, q.error);
        const found = await c.index.lookup(q.value.tracker);
        return found === undefined ? notFound(res, 'no ballot with this tracker is in the ballot box') : json(res, 200, found);
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
    // the file served is the one verified: same inode, size and time
    if (!sameFile(await c.file.stat(), c.kept)) {
      return json(res, 503, { error: 'this mirror\'s copy changed on disk since it was verified: it is not served until a pull verifies a copy again', code: 'unavailable' });
    }
    if (route === '/records') {
      const { after, limit } = q.value as { after?: number; limit?: number };
      return json(res, 200, await recordsPage(c, after, limit ?? MAX_BOARD_PAGE_EVENTS));
    }
    const etag = etagOf(uuid, c);
    if (notModified(req, res, etag)) return;
    res.writeHead(200, { 'content-type': 'application/x-tar', 'content-length': String(c.kept.size), 'content-disposition': `attachment; filename="${uuid}.bel"`, ...HEADERS, etag, 'cache-control': 'public, no-cache' });
    if (req.method === 'HEAD') return res.end();
    // streamed in chunks from the open file, waiting for the client to take each
    for (let at = 0; at < c.kept.size; ) {
      const chunk = Buffer.allocUnsafe(Math.min(STREAM_CHUNK, c.kept.size - at)); // a new one each time: the socket may still hold the last
      const { bytesRead } = await c.file.read(chunk, 0, chunk.length, at);
      if (bytesRead === 0) throw new Error('the copy is shorter than when it was verified');
      at += bytesRead;
      if (!(await sent(res, chunk.subarray(0, bytesRead)))) return;
    }
    res.end();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      if (res.headersSent) return res.destroy();
      json(res, 500, { error: `the mirror's copy cannot be read: ${e.message}`, code: 'internal-error' });
    });
  });
  // no 'timeout' listener: Node destroys the idle socket, and the answer's `sent` ends
  server.setTimeout(idleMs);
  return server;
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
  const copies = new ServedCopies(path);
  if (options.kept) {
    try {
      await copies.adopt(options.kept);
    } catch (e) {
      copies.problem = `the copy cannot be served: ${(e as Error).message}`;
      options.log({ code: 1, message: `${path}: ${copies.problem}` });
    }
  }
  const prefix = `/api/elections/${options.uuid}`;
  const server = mirrorServer(options.uuid, copies);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new InvalidRequest(`the mirror cannot serve on ${options.host}:${options.port} (${e.code ?? e.message})`)));
    server.listen(options.port, options.host, () => resolve());
  });
  // later errors (too many open files when accepting, say) are said, and serving goes on
  server.on('error', (e: NodeJS.ErrnoException) => options.log({ code: 2, message: `the mirror's server: ${e.code ?? e.message}` }));
  const address = server.address();
  console.log(`mirror of election ${options.uuid} serving http://${options.host}:${typeof address === 'object' && address ? address.port : options.port}${prefix}/ (pulling every ${options.every} s)`);
  // one pull at a time, every `every` seconds, until the process is stopped
  // the file the last pull verified at the path: the next pull expects it there, also when it
  // could not be served (indexing it failed: the next pull, finding it up to date, tries again)
  let onDisk = options.kept;
  for (;;) {
    await new Promise((r) => setTimeout(r, options.every * 1000));
    let result: PullResult;
    try {
      result = await options.pull(onDisk);
    } catch (e) {
      // the copy served stays the last good one; the next pull tries again
      result = { code: 2, message: `the pull failed: ${(e as Error).message}; the copy served is unchanged` };
    }
    options.log(result);
    if (result.kept) onDisk = result.kept;
    const copy = copies.current;
    if (result.code === 0 && result.kept && !(copy && sameFile(copy.kept, result.kept) && copy.kept.sha256 === result.kept.sha256)) {
      try {
        await copies.adopt(result.kept);
      } catch (e) {
        options.log({ code: 1, message: `${path}: the new copy is not served (${(e as Error).message}); the copy served is unchanged` });
      }
    }
  }
}
