// The bulletin board of an election: the records of its .bel archive, appended
// inside the caller's transaction while it holds the election lock (lockElection).
import { archiveEntryLength, ArchiveWriter } from '../protocol/archive.ts';
import { writeEvent, writeJson, type EventType } from '../protocol/codec.ts';
import { sha256Hex } from '../protocol/hash.ts';
import type { Queryable } from './db.ts';
import type { ElectionRow } from './elections.ts';

export interface AppendedEvent {
  height: number;
  hash: string;
  /** seq of each data record, in order. */
  dataSeqs: number[];
  dataHashes: string[];
}

/** Append data records and the event that references the last of them (or `payload`). */
export async function appendEvent(
  tx: Queryable,
  election: ElectionRow,
  data: readonly string[],
  type: EventType,
  payload: string | undefined = data.length ? sha256Hex(data[data.length - 1]!) : undefined,
): Promise<AppendedEvent> {
  let seq = election.record_count;
  let bytes = 0;
  const dataSeqs: number[] = [];
  const dataHashes: string[] = [];
  for (const text of data) {
    const hash = sha256Hex(text);
    await tx.query('INSERT INTO records (election_uuid, seq, kind, hash, body) VALUES ($1, $2, $3, $4, $5)', [election.uuid, seq, 'data', hash, text]);
    dataSeqs.push(seq++);
    dataHashes.push(hash);
    bytes += archiveEntryLength(text);
  }
  const height = election.last_height === null ? 0 : election.last_height + 1;
  const event = writeJson(
    writeEvent(election.last_event_hash === null ? { height, type, payload } : { parent: election.last_event_hash, height, type, payload }),
  );
  const hash = sha256Hex(event);
  await tx.query('INSERT INTO records (election_uuid, seq, kind, hash, event_type, height, body) VALUES ($1, $2, $3, $4, $5, $6, $7)', [election.uuid, seq++, 'event', hash, type, height, event]);
  bytes += archiveEntryLength(event);
  await tx.query('UPDATE elections SET last_height = $2, last_event_hash = $3, record_count = $4, records_bytes = records_bytes + $5 WHERE uuid = $1', [election.uuid, height, hash, seq, bytes]);
  // keep the caller's copy current for further appends in the same transaction
  election.last_height = height;
  election.last_event_hash = hash;
  election.record_count = seq;
  return { height, hash, dataSeqs, dataHashes };
}

export async function setArchiveTimestamp(tx: Queryable, uuid: string, timestamp: bigint): Promise<void> {
  await tx.query('UPDATE elections SET archive_timestamp = $2 WHERE uuid = $1', [uuid, timestamp.toString()]);
}

export interface BoardRecord {
  seq: number;
  kind: 'data' | 'event';
  hash: string;
  event_type: string | null;
  body: string;
}

export async function boardRecords(db: Queryable, uuid: string): Promise<BoardRecord[]> {
  return db.query<BoardRecord & Record<string, unknown>>('SELECT seq, kind, hash, event_type, body FROM records WHERE election_uuid = $1 ORDER BY seq', [uuid]);
}

/** The seq of the event at `height` (the events' heights are 0, 1, 2... in seq order). */
export async function eventSeqAtHeight(db: Queryable, uuid: string, height: number): Promise<number | undefined> {
  const [row] = await db.query<{ seq: number }>("SELECT seq FROM records WHERE election_uuid = $1 AND kind = 'event' AND height = $2", [uuid, height]);
  return row?.seq;
}

/** The records with fromSeq < seq <= toSeq, in order. */
export async function boardRecordsBetween(db: Queryable, uuid: string, fromSeq: number, toSeq: number): Promise<BoardRecord[]> {
  return db.query<BoardRecord & Record<string, unknown>>('SELECT seq, kind, hash, event_type, body FROM records WHERE election_uuid = $1 AND seq > $2 AND seq <= $3 ORDER BY seq', [uuid, fromSeq, toSeq]);
}

/** The election as frozen when voting opened: the first record of its archive (election.json). */
export async function frozenElectionText(db: Queryable, uuid: string): Promise<string | undefined> {
  const [row] = await db.query<{ body: string }>("SELECT body FROM records WHERE election_uuid = $1 AND seq = 0 AND kind = 'data'", [uuid]);
  return row?.body;
}

/** Data records referenced by events of one type (ballots, partial decryptions...). */
/** Whether the board holds an event of this type (one index probe, no payload read). */
export async function hasEventOfType(db: Queryable, uuid: string, type: EventType): Promise<boolean> {
  const rows = await db.query<{ one: number }>("SELECT 1 AS one FROM records WHERE election_uuid = $1 AND kind = 'event' AND event_type = $2 LIMIT 1", [uuid, type]);
  return rows.length > 0;
}

export async function payloadsOf(db: Queryable, uuid: string, type: EventType): Promise<string[]> {
  const rows = await db.query<{ body: string }>(
    `SELECT d.body FROM records e JOIN records d ON d.election_uuid = e.election_uuid AND d.seq = e.seq - 1
     WHERE e.election_uuid = $1 AND e.kind = 'event' AND e.event_type = $2 ORDER BY e.seq`,
    [uuid, type],
  );
  return rows.map((r) => r.body);
}

/** The archive as belenios-tool writes it, at this moment, built whole in memory (the
 * reference the streamed download is tested against; the server streams: boardRecordBatch). */
export async function archiveBytes(db: Queryable, uuid: string, timestamp: bigint): Promise<Uint8Array> {
  const writer = new ArchiveWriter(timestamp);
  for (const r of await boardRecords(db, uuid)) writer.addRecordText(r.kind, r.body);
  return writer.toBytes();
}

/** What the board holds at this moment, read in one row: every later read bounded by
 * `recordCount` sees this board and nothing appended after it (records are append-only). */
export interface BoardSnapshot {
  recordCount: number;
  height: number | null;
  hash: string | null;
  timestamp: bigint | null;
  /** Bytes of the records in the archive (each a tar header and its padded text). */
  recordsBytes: number;
  ballots: number;
  voters: number;
}

export async function boardSnapshot(db: Queryable, uuid: string): Promise<BoardSnapshot | undefined> {
  const [row] = await db.query<{ record_count: number; last_height: number | null; last_event_hash: string | null; archive_timestamp: string | number | null; records_bytes: string | number; ballot_count: number; voter_count: number }>(
    'SELECT record_count, last_height, last_event_hash, archive_timestamp, records_bytes, ballot_count, voter_count FROM elections WHERE uuid = $1',
    [uuid],
  );
  if (!row) return undefined;
  return {
    recordCount: row.record_count,
    height: row.last_height,
    hash: row.last_event_hash,
    timestamp: row.archive_timestamp === null ? null : BigInt(row.archive_timestamp),
    recordsBytes: Number(row.records_bytes),
    ballots: row.ballot_count,
    voters: row.voter_count,
  };
}

/** At most `limit` records with afterSeq < seq < beforeSeq, in order (a keyset page: the primary key's index). */
export async function boardRecordBatch(db: Queryable, uuid: string, afterSeq: number, beforeSeq: number, limit: number): Promise<BoardRecord[]> {
  return db.query<BoardRecord & Record<string, unknown>>(
    'SELECT seq, kind, hash, event_type, body FROM records WHERE election_uuid = $1 AND seq > $2 AND seq < $3 ORDER BY seq LIMIT $4',
    [uuid, afterSeq, beforeSeq, limit],
  );
}

/** Record an accepted ballot, in the transaction that appended it: the credential's earlier
 * ballot (if any) is marked replaced by this one, and the election's counters move. Returns
 * whether it replaced an earlier ballot. */
export async function recordBallot(tx: Queryable, uuid: string, tracker: string, credential: string, seq: number): Promise<boolean> {
  const replaced = await tx.query('UPDATE ballots SET replaced_by = $3 WHERE election_uuid = $1 AND credential = $2 AND replaced_by IS NULL RETURNING seq', [uuid, credential, seq]);
  await tx.query('INSERT INTO ballots (election_uuid, tracker, credential, seq) VALUES ($1, $2, $3, $4)', [uuid, tracker, credential, seq]);
  await tx.query('UPDATE elections SET ballot_count = ballot_count + 1, voter_count = voter_count + $2 WHERE uuid = $1', [uuid, replaced.length > 0 ? 0 : 1]);
  return replaced.length > 0;
}

/** A ballot by its tracker (the primary key), and whether it counts (no later ballot of its credential replaced it). */
export async function ballotByTracker(db: Queryable, uuid: string, tracker: string): Promise<{ credential: string; seq: number; counted: boolean } | undefined> {
  const [row] = await db.query<{ credential: string; seq: number; counted: boolean }>(
    'SELECT credential, seq, replaced_by IS NULL AS counted FROM ballots WHERE election_uuid = $1 AND tracker = $2',
    [uuid, tracker],
  );
  return row;
}

/** The event that put the data record `dataSeq` on the board (a Ballot event follows its ballot). */
export async function eventOfData(db: Queryable, uuid: string, dataSeq: number): Promise<{ height: number; hash: string } | undefined> {
  const [row] = await db.query<{ hash: string; body: string }>("SELECT hash, body FROM records WHERE election_uuid = $1 AND seq = $2 AND kind = 'event'", [uuid, dataSeq + 1]);
  return row ? { height: (JSON.parse(row.body) as { height: number }).height, hash: row.hash } : undefined;
}

/** The latest ballot of a credential (the one that counts) and how many it cast. */
export async function latestBallotOfCredential(db: Queryable, uuid: string, credential: string): Promise<{ seq: number; count: number } | undefined> {
  const [row] = await db.query<{ seq: number | null; n: number }>('SELECT max(seq)::int AS seq, count(*)::int AS n FROM ballots WHERE election_uuid = $1 AND credential = $2', [uuid, credential]);
  return row && row.seq !== null ? { seq: row.seq, count: row.n } : undefined;
}

export interface BallotBoxRow {
  /** The ballot's record in the board (its position in the archive): the page's cursor. */
  seq: number;
  tracker: string;
  counted: boolean;
}

/** At most `limit` ballots recorded after `afterSeq`, in casting order, as the board stood
 * when it held `boardSize` records: later ballots are left out, and a ballot replaced only
 * by a later one still counts — the same page whenever it is read (index ballots_by_seq). */
export async function ballotBoxPage(db: Queryable, uuid: string, afterSeq: number, boardSize: number, limit: number): Promise<BallotBoxRow[]> {
  return db.query<BallotBoxRow & Record<string, unknown>>(
    `SELECT seq, tracker, (replaced_by IS NULL OR replaced_by >= $3) AS counted
     FROM ballots WHERE election_uuid = $1 AND seq > $2 AND seq < $3 ORDER BY seq LIMIT $4`,
    [uuid, afterSeq, boardSize, limit],
  );
}

/** At most `limit` counted ballots (the last of each credential) recorded after `afterSeq`,
 * in casting order, with their text and their credential's weight: the tally reads the
 * ballot box a page at a time (index ballots_by_seq, then the records' primary key). */
export async function countedBallotBatch(db: Queryable, uuid: string, afterSeq: number, limit: number): Promise<{ seq: number; body: string; weight: string | null }[]> {
  return db.query<{ seq: number; body: string; weight: string | null }>(
    `SELECT b.seq, r.body, c.weight FROM ballots b
     JOIN records r ON r.election_uuid = b.election_uuid AND r.seq = b.seq
     LEFT JOIN public_credentials c ON c.election_uuid = b.election_uuid AND c.credential = b.credential
     WHERE b.election_uuid = $1 AND b.replaced_by IS NULL AND b.seq > $2 ORDER BY b.seq LIMIT $3`,
    [uuid, afterSeq, limit],
  );
}

/** The records after the EndBallots event (the tally phase: no ballot among them), and the
 * trustees record (the second of the archive); undefined before voting closed. */
export async function tallyPhaseRecords(db: Queryable, uuid: string): Promise<{ election: string; trustees: string; records: BoardRecord[] } | undefined> {
  const [end] = await db.query<{ seq: number }>("SELECT seq FROM records WHERE election_uuid = $1 AND kind = 'event' AND event_type = 'EndBallots'", [uuid]);
  if (!end) return undefined;
  // election.json and the trustees: the first two records (the Setup event's data)
  const setup = await db.query<{ seq: number; body: string }>("SELECT seq, body FROM records WHERE election_uuid = $1 AND seq IN (0, 1) AND kind = 'data' ORDER BY seq", [uuid]);
  const records = await db.query<BoardRecord & Record<string, unknown>>('SELECT seq, kind, hash, event_type, body FROM records WHERE election_uuid = $1 AND seq > $2 ORDER BY seq', [uuid, end.seq]);
  return { election: setup[0]!.body, trustees: setup[1]!.body, records };
}

/** How many ballots were accepted and how many credentials cast one: counters kept with the election (no scan). */
export async function ballotCounts(db: Queryable, uuid: string): Promise<{ ballots: number; voters: number }> {
  const [row] = await db.query<{ ballots: number; voters: number }>('SELECT ballot_count AS ballots, voter_count AS voters FROM elections WHERE uuid = $1', [uuid]);
  return row ?? { ballots: 0, voters: 0 };
}
