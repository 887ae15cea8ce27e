// `jirga mirror ... --serve PORT`: the mirror's last good copy, read-only, at the paths
// and in the answer shapes of a Jirga server (src/api/elections.ts), so the same checks
// can be pointed at it: the archive, election.json, the ballot box, a tracker's look-up,
// and the board's records after a height (so mirrors can pull from mirrors). It pulls
// again every `every` seconds; a pull that the board contradicts leaves the copy served
// as it was.
import { readFileSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { MAX_BOARD_PAGE_EVENTS } from '../api/elections.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import { ballotTracker } from '../protocol/ballot.ts';
import { decodeEvent, parseArchive, type ParsedArchive } from '../protocol/archive.ts';

/** What one pull did: 0 the copy verifies and extends what it held, 1 the board contradicts it, 2 the source cannot be read. */
export interface PullResult {
  code: 0 | 1 | 2;
  message: string;
  head?: { height: number; hash: string };
}

interface Copy {
  mtimeMs: number;
  size: number;
  bytes: Uint8Array;
  parsed: ParsedArchive;
  /** Index in parsed.records of each event, by height. */
  events: number[];
  box: { tracker: string; counted: boolean }[];
}

function load(path: string, previous: Copy | undefined): Copy | undefined {
  let st;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  if (previous && previous.mtimeMs === st.mtimeMs && previous.size === st.size) return previous;
  const bytes = readFileSync(path);
  const parsed = parseArchive(bytes);
  const events: number[] = [];
  const ballots: { tracker: string; credential: string }[] = [];
  parsed.records.forEach((r, i) => {
    if (r.kind !== 'event') return;
    events.push(i);
    const event = decodeEvent(r.text, 'event');
    if (event.type === 'Ballot') {
      const text = parsed.records[i - 1]!.text;
      ballots.push({ tracker: ballotTracker(text), credential: String((JSON.parse(text) as { credential: unknown }).credential) });
    }
  });
  const latest = new Map<string, number>();
  ballots.forEach((b, i) => latest.set(b.credential, i));
  const box = ballots.map((b, i) => ({ tracker: b.tracker, counted: latest.get(b.credential) === i }));
  return { mtimeMs: st.mtimeMs, size: st.size, bytes, parsed, events, box };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

const notFound = (res: ServerResponse, error: string) => json(res, 404, { error, code: 'not-found' });
const invalid = (res: ServerResponse, error: string) => json(res, 400, { error, code: 'invalid-request' });

function page(copy: Copy, after: number | undefined, limit: number) {
  const headIndex = copy.events[copy.events.length - 1]!;
  const head = { height: copy.events.length - 1, hash: copy.parsed.records[headIndex]!.hash };
  const base = { timestamp: copy.parsed.timestamp.toString(), head };
  if (after !== undefined && after >= head.height) return { ...base, records: [], through: after, more: false };
  const from = after === undefined ? 0 : copy.events[after]! + 1;
  const through = Math.min(after === undefined ? limit - 1 : after + limit, head.height);
  const records = copy.parsed.records.slice(from, copy.events[through]! + 1).map(({ kind, hash, text }) => ({ kind, hash, text }));
  return { ...base, records, through, more: through < head.height };
}

function wholeNumber(raw: string | null, min: number, max: number): number | undefined | null {
  if (raw === null) return undefined;
  if (!/^\d{1,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n < min || n > max ? null : n;
}

export async function serveMirror(options: { dir: string; uuid: string; port: number; host: string; every: number; pull: () => Promise<PullResult>; log: (r: PullResult) => void }): Promise<void> {
  const path = join(options.dir, `${options.uuid}.bel`);
  let copy: Copy | undefined;
  const current = () => (copy = load(path, copy));
  const prefix = `/api/elections/${options.uuid}`;
  const server = createServer((req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'this mirror is read-only', code: 'invalid-request' });
      const url = new URL(req.url ?? '/', 'http://mirror');
      if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return notFound(res, `this mirror keeps election ${options.uuid} only`);
      const c = current();
      if (!c || c.events.length === 0) return notFound(res, 'this mirror holds no copy of the board yet');
      switch (url.pathname.slice(prefix.length)) {
        case '/archive.bel':
          res.writeHead(200, { 'content-type': 'application/x-tar', 'content-disposition': `attachment; filename="${options.uuid}.bel"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
          return res.end(c.bytes);
        case '/election.json':
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
          return res.end(c.parsed.records[0]!.text);
        case '/ballots':
          return json(res, 200, c.box);
        case '/ballot': {
          const tracker = url.searchParams.get('tracker') ?? '';
          const found = c.box.find((b) => b.tracker === tracker);
          return found ? json(res, 200, found) : notFound(res, 'no ballot with this tracker is in the ballot box');
        }
        case '/records': {
          const after = wholeNumber(url.searchParams.get('after'), 0, Number.MAX_SAFE_INTEGER);
          const limit = wholeNumber(url.searchParams.get('limit'), 1, MAX_BOARD_PAGE_EVENTS);
          if (after === null) return invalid(res, 'after: the height of the last event you hold (a whole number from 0)');
          if (limit === null) return invalid(res, `limit: a whole number of events from 1 to ${MAX_BOARD_PAGE_EVENTS}`);
          return json(res, 200, page(c, after, limit ?? MAX_BOARD_PAGE_EVENTS));
        }
        default:
          return notFound(res, 'a mirror serves archive.bel, election.json, ballots, ballot?tracker= and records');
      }
    } catch (e) {
      return json(res, 500, { error: `the mirror's copy cannot be read: ${(e as Error).message}`, code: 'internal-error' });
    }
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
    try {
      options.log(await options.pull());
    } catch (e) {
      // the copy served stays the last good one; the next pull tries again
      options.log({ code: 2, message: `the pull failed: ${(e as Error).message}; the copy served is unchanged` });
    }
  }
}
