// Runs Jirga's verifier on an archive in the browser, away from the page's thread, as
// it downloads: the page sends the archive in pieces ({type:'chunk'}, then 'end'), the
// streamed verifier checks ballots as they arrive and keeps only what the remaining
// checks need, so a large election can be checked on a laptop. The worker says each
// check as it completes and how many ballots it has checked. Its memory does not grow
// with the ballots: every ballot is multiplied into the tally's running products as it
// is checked, and each voter's credential keeps only the position of its last ballot.
// The archive is read a second time in two cases: when voters re-voted, up to the last
// ballot, for the ballots that re-votes replaced (divided out of the tally; a second
// reading that is not the same board up to there makes the verification unusable, never
// valid); and when the archive is not exactly what Belenios writes, whole, to name what
// differs. That second reading is of the copy the worker wrote on this device as it
// first read the archive (archive-cache.ts); without one, the worker asks the page for
// the archive again ({type:'again'}; pieces of the earlier download are told apart by
// their round). It says how far the second reading is ({type:'again-progress'}). The page
// stops it with {type:'cancel'}: the copy is deleted, then the worker says 'closed'.
import { checkBallot, type BallotCheck } from '../../../src/protocol/ballot.ts';
import { loadElection, type ElectionContext } from '../../../src/protocol/election.ts';
import { isHomomorphic, type QuestionNH } from '../../../src/protocol/codec.ts';
import { verifyArchiveStream, type BallotChecker, type Check } from '../../../src/protocol/verify.ts';
import { CheckPool, checkOnPool, type CheckReply } from '../../../src/protocol/check-pool.ts';
import { ArchiveCache } from './archive-cache.ts';

export type ToVerifier =
  /** Before the first piece: the archive's size, when the download says it. */
  | { type: 'start'; size?: number }
  | { type: 'chunk'; round: number; bytes: Uint8Array }
  | { type: 'end'; round: number }
  | { type: 'cancel' };
export type FromVerifier =
  | { type: 'check'; check: Check }
  | { type: 'progress'; ballots: number }
  /** The verifier took a piece of this round off its queue: the page may send that many more bytes. */
  | { type: 'taken'; round: number; bytes: number }
  | { type: 'again'; round: number }
  /** The second reading: bytes read of those first read, and for re-votes, the replaced ballots read again of how many. */
  | { type: 'again-progress'; bytes: number; totalBytes: number; fromCopy: boolean; ballots?: { read: number; of: number } }
  /** After 'cancel': the copy is deleted, the worker may be ended. */
  | { type: 'closed' }
  /** `counted`: each ranked or graded question of a valid archive with its verified decrypted ballots, for the count under its method. */
  | { type: 'done'; status: string; conclusion: string; counted?: { question: QuestionNH; ballots: number[][] }[] };

const post = (m: FromVerifier) => self.postMessage(m);

/** The pieces of the current round, and whoever waits for the next one. */
let round = 0;
let pieces: (Uint8Array | null)[] = [];
let wake: (() => void) | null = null;
/** The copy of the archive on this device, while there is one, and the first download's bytes. */
let started: ((size: number | undefined, keep?: boolean) => void) | undefined;
const copyOpened = new Promise<ArchiveCache | undefined>((resolve) => {
  started = (size, keep = true) => resolve(keep ? ArchiveCache.open(size) : undefined);
});
let copy: ArchiveCache | undefined;
let firstBytes = 0;
let firstEnded = false;

/** The next piece of the current round (null at its end); the first download's pieces go into the copy. */
async function nextPiece(): Promise<Uint8Array | null> {
  while (pieces.length === 0) await new Promise<void>((r) => (wake = r));
  const piece = pieces.shift()!;
  if (round === 0) {
    if (piece === null) {
      firstEnded = true;
      copy?.end();
    } else {
      firstBytes += piece.length;
      if (copy && !copy.write(piece)) copy = undefined; // no room: the second reading downloads again
    }
  }
  if (piece !== null) post({ type: 'taken', round, bytes: piece.length });
  return piece;
}

async function* download(): AsyncGenerator<Uint8Array> {
  for (;;) {
    const piece = await nextPiece();
    if (piece === null) return;
    yield piece;
  }
}

/** How far the second reading is. */
let again: { bytes: number; fromCopy: boolean } | undefined;
/** The replaced ballots read again, of how many (said by the verifier as the second reading begins). */
let againBallots: { read: number; of: number } | undefined;
let toldAt = 0;
/** Said at most every 100 ms (a piece or a replaced ballot can take far less), and always at the start and the end. */
const tellAgain = (now = false) => {
  if (!again || (!now && Date.now() - toldAt < 100)) return;
  toldAt = Date.now();
  post({ type: 'again-progress', bytes: again.bytes, totalBytes: firstBytes, fromCopy: again.fromCopy, ...(againBallots ? { ballots: againBallots } : {}) });
};

/** The archive read again: this device's copy when it is whole, otherwise downloaded again. */
async function* readAgain(): AsyncGenerator<Uint8Array> {
  // the first reading stopped before the end (an altered archive): the rest of the first download goes into the copy
  if (copy && !firstEnded) while ((await nextPiece()) !== null);
  const fromCopy = copy?.complete === true;
  again = { bytes: 0, fromCopy };
  let source: AsyncIterable<Uint8Array>;
  if (fromCopy) source = copy!.read();
  else {
    void copy?.discard();
    copy = undefined;
    round++;
    pieces = [];
    post({ type: 'again', round });
    source = download();
  }
  tellAgain(true);
  for await (const piece of source) {
    again.bytes += piece.length;
    tellAgain();
    yield piece;
  }
}

/** Ballots checked 25 at a time, with a word to the page after each 25 (the streamed
 * verifier hands them over in larger batches). */
const STEP = 25;
let checked = 0;
const progress = (ballots: number) => {
  checked += ballots;
  post({ type: 'progress', ballots: checked });
};
let election: { raw: string; ctx: ElectionContext } | undefined;
/** Here, in this worker: where workers cannot start workers, or there is one core. */
const stepChecker: BallotChecker = async (electionRaw, ballots) => {
  if (election?.raw !== electionRaw) election = { raw: electionRaw, ctx: loadElection(electionRaw) };
  const results: BallotCheck[] = [];
  for (let i = 0; i < ballots.length; i += STEP) {
    for (const b of ballots.slice(i, i + STEP)) results.push(checkBallot(election.ctx, b));
    progress(Math.min(STEP, ballots.length - i));
    // let the message go, and the download go on, before the next ones
    await new Promise((r) => setTimeout(r, 0));
  }
  return results;
};

/** At most this many checking workers (each keeps its own exponentiation tables, a few MB). */
const MAX_CHECKERS = 8;

/** How many workers check ballots: one per core the browser reports (cores beyond
 * MAX_CHECKERS add little and cost memory), or ?checkers=N in the worker's address. */
function checkerCount(): number {
  const asked = Number(new URL(self.location.href).searchParams.get('checkers'));
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, MAX_CHECKERS);
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 1, MAX_CHECKERS));
}

/** The ballots spread over workers started by this one; the step checker if none can start. */
function ballotChecker(): BallotChecker {
  const n = checkerCount();
  if (n <= 1 || typeof Worker === 'undefined') return stepChecker;
  let pool: CheckPool;
  try {
    pool = new CheckPool(() => {
      const w = new Worker(new URL('./ballot-check.worker.ts', import.meta.url), { type: 'module' });
      return {
        send: (request) => w.postMessage(request),
        listen(onReply, onError) {
          const message = (e: MessageEvent<CheckReply>) => onReply(e.data);
          const error = (e: ErrorEvent) => onError(new Error(e.message || 'a ballot-checking worker stopped'));
          w.addEventListener('message', message);
          w.addEventListener('error', error);
          return () => {
            w.removeEventListener('message', message);
            w.removeEventListener('error', error);
          };
        },
        terminate: () => w.terminate(),
      };
    }, n);
  } catch {
    return stepChecker;
  }
  return (electionRaw, ballots) => checkOnPool(pool, electionRaw, ballots, progress);
}

let reading = false;
async function verify(): Promise<void> {
  copy = await copyOpened;
  let result: FromVerifier;
  try {
    const report = await verifyArchiveStream(
      {
        chunks() {
          if (reading) return readAgain();
          reading = true;
          return download();
        },
      },
      {
        checkBallots: ballotChecker(),
        onCheck: (check) => post({ type: 'check', check }),
        onReadAgain: (ballots) => {
          againBallots = ballots;
          tellAgain(ballots.read === 0 || ballots.read === ballots.of);
        },
      },
    );
    const questions = report.board?.ctx?.election.questions ?? [];
    const counted =
      report.status === 'valid' && report.mixedResult
        ? questions.flatMap((q, i) => (isHomomorphic(q) ? [] : [{ question: q, ballots: report.mixedResult![i] as number[][] }]))
        : [];
    result = { type: 'done', status: report.status, conclusion: report.conclusion, ...(counted.length ? { counted } : {}) };
  } catch (e) {
    result = { type: 'done', status: 'unusable', conclusion: e instanceof Error ? e.message : String(e) };
  }
  // the copy is deleted before the page, told it is done, ends the worker
  await copy?.discard();
  copy = undefined;
  post(result);
}

self.onmessage = (event: MessageEvent<ToVerifier>) => {
  const m = event.data;
  if (m.type === 'start') return started?.(m.size);
  if (m.type === 'cancel') {
    // the file is deleted before the page ends the worker (a copy that outlives a tab is deleted at the next start)
    started?.(undefined, false); // stopped before the download began: no copy
    void copyOpened.then(async (opened) => {
      await (copy ?? opened)?.discard();
      post({ type: 'closed' });
    });
    return;
  }
  if (m.round !== round) return; // a piece of an earlier download
  pieces.push(m.type === 'chunk' ? m.bytes : null);
  wake?.();
  wake = null;
};
void verify();
