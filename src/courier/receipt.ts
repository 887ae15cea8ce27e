// A voter's receipt: the tracker of their ballot and the board event that holds it (its height
// and hash; the hash commits to every event before it). Anyone who holds it can ask any copy of
// the board — the election's server, its onion address, a mirror — whether that copy is
// consistent with it: a server that showed this voter one history and shows others another is
// caught the moment one of them checks. Pure: the booth writes it, the election page checks it.
import { ballotTracker } from '../protocol/ballot.ts';
import { zHash, zUuid } from '../protocol/codec.ts';

export interface Receipt {
  election: string;
  tracker: string;
  height: number;
  hash: string;
}

const PREFIX = 'JIRGA-RECEIPT';

/** One line, safe to copy into a note or a message: `JIRGA-RECEIPT 1 <election> <height> <event hash> <tracker>`. */
export function formatReceipt(r: Receipt): string {
  return `${PREFIX} 1 ${r.election} ${r.height} ${r.hash} ${r.tracker}`;
}

/** Reads a receipt line (spaces and line breaks a messenger added do not matter). */
export function readReceipt(text: string): Receipt | undefined {
  const words = text.trim().split(/\s+/);
  const at = words.indexOf(PREFIX);
  if (at < 0) return undefined;
  const [version, election, height, hash, tracker] = words.slice(at + 1);
  if (version !== '1' || !election || !zUuid.safeParse(election).success || !height || !/^\d{1,9}$/.test(height) || !hash || !zHash.safeParse(hash).success || !tracker || !/^[A-Za-z0-9+/]{43}$/.test(tracker)) return undefined;
  return { election, tracker, height: Number(height), hash };
}

/**
 * What a copy of the board says about a receipt, from its records of the event at the
 * receipt's height (GET /api/elections/:uuid/records?after=height−1&limit=1) and its head:
 * 'consistent' (the same event, holding this ballot), 'contradicts' (another event at that
 * height, or one that does not hold this ballot), 'behind' (this copy does not reach that
 * height: a mirror not yet up to date — or, on the election's own server, a contradiction).
 */
export type ReceiptVerdict = 'consistent' | 'contradicts' | 'behind';

export function checkReceipt(receipt: Receipt, page: { head: { height: number; hash: string }; records: { kind: string; hash: string; text: string }[] }): ReceiptVerdict {
  if (page.head.height < receipt.height) return 'behind';
  const event = [...page.records].reverse().find((r) => r.kind === 'event');
  // a board whose head is past that height yet gives no event there contradicts itself and the receipt
  if (!event) return 'contradicts';
  let parsed: { height?: unknown; type?: unknown; payload?: unknown };
  try {
    parsed = JSON.parse(event.text) as typeof parsed;
  } catch {
    return 'contradicts';
  }
  if (parsed.height !== receipt.height || event.hash !== receipt.hash) return 'contradicts';
  const ballot = page.records.find((r) => r.kind === 'data' && r.hash === parsed.payload);
  return parsed.type === 'Ballot' && ballot !== undefined && ballotTracker(ballot.text) === receipt.tracker ? 'consistent' : 'contradicts';
}
