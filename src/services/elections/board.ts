// The board as observers, voters and mirrors read it: its records after a height, a page at
// a time, with its head; the ballot box a page at a time; the archive and the whole box as
// streamed downloads. Records are append-only, so reading the election's head first and
// then the records up to it gives a consistent answer even while ballots arrive. No answer
// here, and no memory, grows with the number of ballots but a streamed download's bytes.
import { boardETag } from '../../api/elections.ts';
import { NotFound } from '../../kernel/errors.ts';
import { archiveChunks, archiveStart, type StoredRecord } from '../../protocol/archive.ts';
import { ballotBoxPage as ballotBoxRows, boardRecordBatch, boardRecordsBetween, boardSnapshot, eventSeqAtHeight, type BoardSnapshot } from '../../store/board.ts';
import type { Queryable } from '../../store/db.ts';
import type { ElectionRow } from '../../store/elections.ts';

export interface BoardPage {
  timestamp: string;
  head: { height: number; hash: string };
  records: { kind: 'data' | 'event'; hash: string; text: string }[];
  through: number | null;
  more: boolean;
}

export async function boardPage(db: Queryable, election: ElectionRow, after: number | undefined, limit: number): Promise<BoardPage> {
  if (election.record_count === 0 || election.archive_timestamp === null || election.last_height === null || election.last_event_hash === null) {
    throw new NotFound('this election has no archive yet: it starts when voting opens');
  }
  const head = { height: election.last_height, hash: election.last_event_hash };
  const base = { timestamp: String(election.archive_timestamp), head };
  // a caller ahead of the board gets the head alone: it is for the caller to judge
  if (after !== undefined && after >= head.height) return { ...base, records: [], through: after, more: false };
  const fromSeq = after === undefined ? -1 : await eventSeqAtHeight(db, election.uuid, after);
  const through = Math.min(after === undefined ? limit - 1 : after + limit, head.height);
  const toSeq = await eventSeqAtHeight(db, election.uuid, through);
  if (fromSeq === undefined || toSeq === undefined) throw new NotFound('the board is being written: try again');
  const rows = await boardRecordsBetween(db, election.uuid, fromSeq, toSeq);
  return { ...base, records: rows.map((r) => ({ kind: r.kind, hash: r.hash, text: r.body })), through, more: through < head.height };
}

/** Records read a query at a time while an archive is streamed. */
export const ARCHIVE_BATCH_RECORDS = 500;

/** The board as it stands, for a download: NotFound until voting opens. */
async function openedBoard(db: Queryable, uuid: string): Promise<BoardSnapshot & { height: number; hash: string; timestamp: bigint }> {
  const board = await boardSnapshot(db, uuid);
  if (!board) throw new NotFound('no such election');
  const { height, hash, timestamp } = board;
  if (board.recordCount === 0 || height === null || hash === null || timestamp === null) throw new NotFound('this election has no archive yet: it starts when voting opens');
  return { ...board, height, hash, timestamp };
}

/** The records 0..recordCount-1, a batch at a time: one query each (a keyset on seq), none kept once handed on. */
async function* recordBatches(db: Queryable, uuid: string, recordCount: number, batch: number): AsyncGenerator<StoredRecord[]> {
  for (let last = -1; last < recordCount - 1; ) {
    const rows = await boardRecordBatch(db, uuid, last, recordCount, batch);
    if (rows.length === 0) throw new Error(`the board of ${uuid} has no record after ${last} though it holds ${recordCount}`);
    last = rows[rows.length - 1]!.seq;
    yield rows.map((r) => ({ kind: r.kind, hash: r.hash, text: r.body }));
  }
}

export interface ArchiveDownload {
  etag: string;
  /** The archive's length in bytes (the BELENIOS entry and every record's). */
  length: number;
  height: number;
  /** The archive's bytes, read from the board as they are taken: the board as it stood when the download began. */
  chunks: () => AsyncIterable<Uint8Array>;
}

/** The .bel archive of an election, streamed from the board. Its end is fixed when it is
 * asked for (the board's size then), so a download ends at one height however many ballots
 * arrive while it is sent; its bytes are those of ArchiveWriter on the same records. */
export async function archiveDownload(db: Queryable, uuid: string, batch = ARCHIVE_BATCH_RECORDS): Promise<ArchiveDownload> {
  const board = await openedBoard(db, uuid);
  const start = archiveStart(board.timestamp);
  return {
    etag: boardETag(uuid, '', board.height, board.hash),
    length: start.length + board.recordsBytes,
    height: board.height,
    chunks: () => archiveChunks(board.timestamp, recordBatches(db, uuid, board.recordCount, batch)),
  };
}

export interface BallotBoxPage {
  entries: { tracker: string; counted: boolean }[];
  /** How many ballots the box held at `height`. */
  total: number;
  /** The board height the page was read at. */
  height: number;
  /** The cursor of the page's last ballot (the next page's `after`), when more ballots follow it. */
  next?: number;
}

/** A page of the ballot box after the cursor `after` (a ballot's position in the board),
 * read as the board stood at one height: the same page whenever it is asked for. */
export async function ballotBoxPage(db: Queryable, uuid: string, after: number | undefined, limit: number): Promise<BallotBoxPage> {
  const board = await boardSnapshot(db, uuid);
  if (!board) throw new NotFound('no such election');
  const rows = await ballotBoxRows(db, uuid, after ?? -1, board.recordCount, limit + 1);
  const entries = rows.slice(0, limit).map(({ tracker, counted }) => ({ tracker, counted }));
  const page: BallotBoxPage = { entries, total: board.ballots, height: board.height ?? -1 };
  if (rows.length > limit) page.next = rows[limit - 1]!.seq;
  return page;
}

/** The whole ballot box as one JSON array, streamed a page at a time as the board stood when asked. */
export async function ballotBoxDownload(db: Queryable, uuid: string, batch = 1000): Promise<{ etag: string; chunks: () => AsyncIterable<string> }> {
  const board = await boardSnapshot(db, uuid);
  if (!board) throw new NotFound('no such election');
  const size = board.recordCount;
  async function* chunks(): AsyncGenerator<string> {
    let first = true;
    yield '[';
    for (let last = -1; ; ) {
      const rows = await ballotBoxRows(db, uuid, last, size, batch);
      if (rows.length === 0) break;
      last = rows[rows.length - 1]!.seq;
      const text = rows.map(({ tracker, counted }) => JSON.stringify({ tracker, counted })).join(',');
      yield first ? text : `,${text}`;
      first = false;
    }
    yield ']';
  }
  // before voting opens the box is empty, and has no height yet
  return { etag: board.hash === null ? `"${uuid}-ballots-none"` : boardETag(uuid, 'ballots-', board.height!, board.hash), chunks };
}
