// The board read by mirrors: its records after a height, a page at a time, with its head.
// Records are append-only, so reading the election's head first and then the records up
// to it gives a consistent page even while ballots arrive.
import { NotFound } from '../../kernel/errors.ts';
import { boardRecordsBetween, eventSeqAtHeight } from '../../store/board.ts';
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
