// Sealed ballots that wait for the network. When "Cast" cannot reach the ballot box, the
// voter may keep the sealed ballot on this device: it is sent as soon as the network
// returns — by the open page, or by the service worker's background sync where the browser
// has one — and the voter then sees that it was cast and where to check it.
//
// What is kept is the sealed ballot only (encrypted, and signed with the credential: it
// reveals no choice and cannot be altered), never the credential. One ballot waits per
// election and credential (the public credential is in the ballot): a later sealed ballot
// replaces a waiting earlier one, as a later ballot replaces an earlier one on the board.
// The quick exit deletes this database with everything else (web/src/app.tsx).
//
// Sending is serialised by one Web Lock across the page, other tabs and the service worker,
// and the booth's own "Cast" takes the same lock: a ballot kept earlier can never reach the
// board after a later one of the same voter. Runs in pages and in the service worker
// (no DOM): IndexedDB through idb-keyval, fetch, BroadcastChannel.
import { del, entries, get, promisifyRequest, set, update, type UseStore } from 'idb-keyval';
import { castOutcome } from '../../../src/courier/cast-answer.ts';

export const OUTBOX_DATABASE = 'jirga-outbox';
/** The background-sync tag the service worker answers. */
export const OUTBOX_SYNC = 'jirga-outbox';
const LOCK = 'jirga-outbox-send';
const CHANNEL = 'jirga-outbox';

/** What the ballot box answered to a cast ballot (the booth's CastAnswer). */
export interface OutboxAnswer {
  tracker: string;
  replaced: boolean;
  alreadyRecorded: boolean;
  event?: { height: number; hash: string } | undefined;
}

export type OutboxEntry =
  | { state: 'waiting'; election: string; credential: string; tracker: string; ballot: string; tries: number }
  | { state: 'cast'; election: string; credential: string; tracker: string; answer: OutboxAnswer }
  /** Refused for good (voting closed, invalid...): `code` and `message` are the server's. */
  | { state: 'refused'; election: string; credential: string; tracker: string; code: string | null; message: string };

/**
 * idb-keyval's store, except that the connection is closed when another context deletes the
 * database (the quick exit): an open connection would hold the deletion up for as long as this
 * page or the service worker lives. The next use opens it again.
 */
function closingStore(name: string, storeName: string): UseStore {
  let database: Promise<IDBDatabase> | undefined;
  const open = () => {
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    return (database = promisifyRequest(request).then((db) => {
      db.onversionchange = () => {
        db.close();
        database = undefined;
      };
      db.onclose = () => (database = undefined);
      return db;
    }));
  };
  return (mode, callback) => (database ?? open()).then((idb) => callback(idb.transaction(storeName, mode).objectStore(storeName)));
}

let cachedStore: UseStore | undefined;
const store = () => (cachedStore ??= closingStore(OUTBOX_DATABASE, 'ballots'));
const keyOf = (election: string, credential: string) => `${election} ${credential}`;

/** The public credential a ballot is signed with (the `credential` field of a Belenios ballot). */
export function ballotCredential(ballotText: string): string {
  const credential = (JSON.parse(ballotText) as { credential?: unknown }).credential;
  if (typeof credential !== 'string') throw new Error('not a ballot: it names no credential');
  return credential;
}

function announce(): void {
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage('changed');
    channel.close();
  } catch {
    /* no channel: the pages read again when they next look */
  }
}

/** Call `f` whenever the outbox changes (here, in another tab or in the service worker). */
export function onOutboxChange(f: () => void): () => void {
  let channel: BroadcastChannel | undefined;
  try {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => f();
  } catch {
    /* no channel */
  }
  local.add(f);
  return () => {
    channel?.close();
    local.delete(f);
  };
}
// a BroadcastChannel does not deliver to its own sender: this context's listeners are told directly
const local = new Set<() => void>();
function changed(): void {
  for (const f of local) f();
  announce();
}

let boothTracker: string | null = null;
/** The booth shows this waiting ballot itself (the frame's notice then leaves it out). */
export function setShownByBooth(tracker: string | null): void {
  boothTracker = tracker;
  for (const f of local) f();
}
export function shownByBooth(): string | null {
  return boothTracker;
}

/** Keep a sealed ballot to send when the network returns; it replaces a waiting ballot of the same voter. */
export async function keepBallot(election: string, tracker: string, ballot: string): Promise<OutboxEntry> {
  const credential = ballotCredential(ballot);
  const entry: OutboxEntry = { state: 'waiting', election, credential, tracker, ballot, tries: 0 };
  await set(keyOf(election, credential), entry, store());
  changed();
  void requestBackgroundSync();
  return entry;
}

/**
 * Whether this browser holds an outbox at all. Reading must not create the database: every
 * page looks (web/src/offline/start.ts, the frame's notice), and a database named after
 * Jirga's outbox on the phone of someone who never kept a ballot would be a trace for
 * nothing. Browsers that cannot list their databases are asked directly.
 */
async function outboxExists(): Promise<boolean> {
  const list = globalThis.indexedDB?.databases;
  if (!list) return globalThis.indexedDB !== undefined;
  return (await indexedDB.databases()).some((d) => d.name === OUTBOX_DATABASE);
}

export async function outboxEntries(): Promise<OutboxEntry[]> {
  if (!(await outboxExists())) return [];
  return (await entries<string, OutboxEntry | undefined>(store())).flatMap(([, v]) => (v ? [v] : []));
}

/** The entry of this election holding this tracker, if any. */
export async function outboxEntry(election: string, tracker: string): Promise<OutboxEntry | undefined> {
  return (await outboxEntries()).find((e) => e.election === election && e.tracker === tracker);
}

/** Forget an entry (the voter has seen that it was cast or refused). */
export async function dismissEntry(entry: OutboxEntry): Promise<void> {
  const key = keyOf(entry.election, entry.credential);
  // not a later ballot of the same voter kept meanwhile
  if ((await get<OutboxEntry>(key, store()))?.tracker === entry.tracker) await del(key, store());
  changed();
}

/** Run `work` holding the outbox's send lock (where the browser has Web Locks). */
export async function withSendLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return work();
  return locks.request(LOCK, work) as Promise<T>;
}

/**
 * The booth casts a ballot itself (the network is there): any ballot of the same voter still
 * waiting here is dropped first, under the send lock, so that it cannot arrive after this one.
 */
export async function castDirectly<T>(election: string, ballot: string, send: () => Promise<T>): Promise<T> {
  return withSendLock(async () => {
    let credential: string | undefined;
    try {
      credential = ballotCredential(ballot);
    } catch {
      /* not readable here: the ballot box says why */
    }
    let waiting = false;
    try {
      waiting = credential !== undefined && (await outboxExists()) && (await get<OutboxEntry>(keyOf(election, credential), store()))?.state === 'waiting';
    } catch {
      // storage refused here (site data blocked, a private window): no ballot can be kept in
      // it either, so none waits; the ballot is sent all the same
    }
    if (waiting) {
      // a kept ballot that cannot be dropped could arrive after this one and replace it: not sent
      await del(keyOf(election, credential!), store());
      changed();
    }
    return send();
  });
}

let flushing: Promise<number> | null = null;

/**
 * Send every waiting ballot, one after the other. A ballot the board took (or already had)
 * becomes 'cast' with the board's answer; one refused for good becomes 'refused'; one that
 * could not be delivered (no network, a server error, too many requests) keeps waiting.
 * Returns how many still wait.
 */
export function sendWaiting(base = '', timeoutMs = SEND_TIMEOUT_MS): Promise<number> {
  return (flushing ??= withSendLock(() => sendAll(base, timeoutMs)).finally(() => (flushing = null)));
}

/** A kept ballot's sending is given up after this (it keeps waiting, and is sent again): a link
 * that takes the request and never answers must not hold the send lock — and with it every
 * tab's sending and the booth's own Cast — for ever. */
export const SEND_TIMEOUT_MS = 60_000;

async function sendAll(base: string, timeoutMs: number): Promise<number> {
  let waiting = 0;
  for (const entry of await outboxEntries()) {
    if (entry.state !== 'waiting') continue;
    let status = 0;
    let body: unknown;
    try {
      const response = await fetch(`${base}/api/elections/${encodeURIComponent(entry.election)}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: entry.ballot, credentials: 'same-origin', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
      status = response.status;
      body = await response.json().catch(() => undefined);
    } catch {
      status = 0;
    }
    const outcome = castOutcome(status, body);
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Partial<OutboxAnswer> & { code?: unknown; error?: unknown };
    const next: OutboxEntry =
      outcome.kind === 'cast'
        ? { state: 'cast', election: entry.election, credential: entry.credential, tracker: entry.tracker, answer: { tracker: String(fields.tracker), replaced: fields.replaced === true, alreadyRecorded: fields.alreadyRecorded === true, event: fields.event } }
        : outcome.kind === 'refused'
          ? { state: 'refused', election: entry.election, credential: entry.credential, tracker: entry.tracker, code: typeof fields.code === 'string' ? fields.code : null, message: outcome.reason }
          : { ...entry, tries: entry.tries + 1 };
    if (next.state === 'waiting') waiting++;
    // only if it is still this ballot that waits (the voter may have kept a later one meanwhile)
    await update<OutboxEntry | undefined>(keyOf(entry.election, entry.credential), (current) => (current && current.state === 'waiting' && current.tracker === entry.tracker ? next : current), store());
    if (next.state !== 'waiting') changed();
  }
  return waiting;
}

/** Ask the service worker to send the waiting ballots when the network returns, even with no page open (Chromium's Background Sync). */
export async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = await (globalThis.navigator as Navigator | undefined)?.serviceWorker?.getRegistration();
    const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
    await sync?.register(OUTBOX_SYNC);
  } catch {
    /* no background sync here: the open page sends them */
  }
}
