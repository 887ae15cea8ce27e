// The shuffles of ranked and graded answers (Belenios 2.0's non-homomorphic questions,
// spec 4.17), between the encrypted tally and the decryptions. The order is
// belenios-server's: at closing the server shuffles first with its own key's randomness
// (closeElection), then each trustee in turn, by number, shuffles the previous output in
// their browser; each shuffle is verified against exactly that input before it is
// appended. After the last trustee's shuffle the server appends EndShuffles and its own
// partial decryption of the tally the last shuffle left (mergeNhCiphertexts); the
// trustees then decrypt that tally as usual. As belenios-server lets its administrator,
// the organiser may skip the trustee whose turn it is (gone for good), but never so that
// no trustee shuffles: the server's shuffle alone hides nothing from the server.
// docs/belenios-compatibility.md, "Shuffles".
import { decodeText, writeEncryptedTally, writeJson, writeShuffle, zOwned, zShuffle, type Shuffle } from '../../protocol/codec.ts';
import { mergeNhCiphertexts, verifyShuffle } from '../../protocol/shuffle.ts';
import { appendEvent, frozenElectionText, hasEventOfType, payloadsOf } from '../../store/board.ts';
import type { Queryable } from '../../store/db.ts';
import { addSetupHistory, setupHistory } from '../../store/setup.ts';
import { setState, type ElectionRow } from '../../store/elections.ts';
import { Conflict, InvalidRequest } from '../../kernel/errors.ts';
import { talliedBoard, type TalliedBoard } from './decryption.ts';
import { appendServerDecryption, appendShuffle, frozenElection, hasNonHomomorphic, requireElection, SERVER_OWNER, withElection } from './elections.ts';
import { firstShuffleText } from '../../protocol/first-shuffle.ts';
import { invitation, useStep } from './links.ts';
import type { ServiceContext } from '../context.ts';

/** Trustee i's owner number on the board (owner 1 is the server's key). */
const ownerOf = (trustee: number) => trustee + 1;

/** Who has shuffled and whose turn it is. */
export interface ShuffleProgress {
  /** The shuffles on the board, in order: who made each (0: the server) and its fingerprint. */
  shuffles: { trustee: number; fingerprint: string }[];
  /** The trustee whose turn it is to shuffle, or null (not shuffling, or every trustee has). */
  next: number | null;
  /** Trustees the organiser skipped, in order. */
  skipped: number[];
  /** Whether the shuffles have ended (EndShuffles is on the board). */
  ended: boolean;
}

/** What the progress of the shuffles needs of the board: who shuffled (owner, fingerprint), and whether EndShuffles is there. */
export type ShuffleSummary = Pick<TalliedBoard, 'shufflesEnded'> & { shuffles: readonly { owner: number; fingerprint: string }[] };

export function shuffleProgressOf(board: ShuffleSummary | undefined, trusteeCount: number, skipped: readonly number[]): ShuffleProgress {
  if (!board || board.shuffles.length === 0) return { shuffles: [], next: null, skipped: [...skipped], ended: false };
  const shuffles = board.shuffles.map((s) => ({ trustee: s.owner - 1, fingerprint: s.fingerprint }));
  const done = new Set([...shuffles.map((s) => s.trustee), ...skipped]);
  let next: number | null = null;
  if (!board.shufflesEnded) {
    for (let i = 1; i <= trusteeCount; i++) {
      if (!done.has(i)) {
        next = i;
        break;
      }
    }
  }
  return { shuffles, next, skipped: [...skipped], ended: board.shufflesEnded };
}

/** The trustees the organiser skipped (kept in the setup history). */
export async function skippedShufflers(db: Queryable, uuid: string): Promise<number[]> {
  return (await setupHistory(db, uuid)).filter((h) => h.event === 'shuffle-skipped' && typeof h.detail.trustee === 'number').map((h) => h.detail.trustee as number);
}

/** Who shuffled, from the small owned records of the Shuffle events — never the shuffles
 * themselves (each a few KB a ballot: a page view would read and decode them all). */
export async function shuffleSummary(db: Queryable, uuid: string): Promise<ShuffleSummary> {
  const shuffles = (await payloadsOf(db, uuid, 'Shuffle')).map((text) => {
    const owned = decodeText(zOwned, text, 'owned shuffle');
    return { owner: owned.owner, fingerprint: owned.payload };
  });
  return { shuffles, shufflesEnded: await hasEventOfType(db, uuid, 'EndShuffles') };
}

export async function shuffleProgress(db: Queryable, election: ElectionRow, board?: ShuffleSummary): Promise<ShuffleProgress> {
  return shuffleProgressOf(board ?? (await shuffleSummary(db, election.uuid)), election.draft.trustees.count, await skippedShufflers(db, election.uuid));
}

/**
 * The server's shuffle, the first, of a closed election's ranked and graded answers
 * (after closeVoting). Computed from the encrypted tally outside any transaction — in a
 * worker thread in the server (ctx.shuffleFirst), so that neither the event loop nor the
 * election's lock waits for it — then appended under the lock, once: if another process's
 * shuffle got there first (two close jobs, a retried job), this one is dropped. Nothing
 * to do (false) for an election that is not closed with ranked or graded questions, or
 * already has its first shuffle. A process that dies before appending leaves the election
 * closed without it; its close job is retried and does it (closer.ts).
 */
export async function serverShuffle(ctx: ServiceContext, uuid: string): Promise<boolean> {
  if (!(await awaitingServerShuffle(ctx.db, await requireElection(ctx.db, uuid)))) return false;
  const board = await talliedBoard(ctx.db, uuid);
  const electionRaw = await frozenElectionText(ctx.db, uuid);
  if (!board || electionRaw === undefined) throw new Error(`election ${uuid} is closed but has no encrypted tally or frozen election`);
  // board.tallyText: the encrypted tally as appended (no shuffle yet)
  const text = ctx.shuffleFirst ? await ctx.shuffleFirst(electionRaw, board.tallyText) : firstShuffleText(electionRaw, board.tallyText);
  return withElection(ctx, uuid, ['closed'], async (tx, election) => {
    if (!(await awaitingServerShuffle(tx, election))) return false; // another process's shuffle came first
    await appendShuffle(tx, election, SERVER_OWNER, text);
    return true;
  });
}

/** Closed with ranked or graded questions and the server's shuffle not on the board yet:
 * the close is still going on (one index probe; what "close now" and the organiser's view say). */
export async function awaitingServerShuffle(db: Queryable, election: ElectionRow): Promise<boolean> {
  return election.state === 'closed' && hasNonHomomorphic(election.draft) && !(await hasEventOfType(db, election.uuid, 'Shuffle'));
}

/** What a trustee shuffles: the last shuffle's output, one list per ranked or graded question (Belenios JSON, the shape of an encrypted tally). */
export async function shuffleInput(db: Queryable, uuid: string): Promise<string | undefined> {
  const board = await talliedBoard(db, uuid);
  const last = board?.shuffles[board.shuffles.length - 1];
  if (!board || !last || board.shufflesEnded) return undefined;
  return writeJson(writeEncryptedTally(last.shuffle.ciphertexts));
}

/**
 * A trustee's shuffle of the last output, through their link: refused out of turn (409),
 * and refused, nothing appended, when its proof does not verify against that output (400).
 * After the last trustee, the shuffles end and the server decrypts its share.
 */
export async function submitShuffle(ctx: ServiceContext, token: string, text: string): Promise<{ fingerprint: string; ended: boolean }> {
  const inv = await invitation(ctx, token, 'trustee');
  const index = inv.trustee_index!;
  const shuffle = decodeText(zShuffle, text, 'shuffle');
  /** Whether it is this trustee's turn on `board`; returns the input it must have shuffled. */
  const turn = async (db: Queryable, election: ElectionRow) => {
    const board = await talliedBoard(db, election.uuid);
    const skipped = await skippedShufflers(db, election.uuid);
    const progress = shuffleProgressOf(board, election.draft.trustees.count, skipped);
    if (election.state !== 'closed' || !board || board.shuffles.length === 0 || progress.ended) throw new Conflict('this election has no shuffle to do now');
    if (progress.shuffles.some((s) => s.trustee === index)) throw new Conflict('your shuffle has already been received', 'link-step-used');
    if (progress.next !== index) throw new Conflict(`it is trustee ${progress.next}'s turn to shuffle, not yours (trustees shuffle one after another, by number)`);
    return { board, skipped, last: board.shuffles[board.shuffles.length - 1]! };
  };
  // the proof is checked before the election is locked (it is the long part), against the
  // last shuffle as it was; under the lock the board must still end with that shuffle
  const seen = await turn(ctx.db, await requireElection(ctx.db, inv.election_uuid));
  const electionCtx = await frozenElection(ctx.db, inv.election_uuid);
  const verdict = verifyShuffle({ group: electionCtx.group, publicKey: electionCtx.publicKey, fingerprint: electionCtx.fingerprint }, seen.last.shuffle.ciphertexts, shuffle);
  if (!verdict.ok) throw new InvalidRequest(`this shuffle does not verify against the ciphertexts it had to shuffle: ${verdict.failure.message}`);
  return withElection(ctx, inv.election_uuid, ['closed'], async (tx, election) => {
    const { board, skipped, last } = await turn(tx, election);
    if (last.fingerprint !== seen.last.fingerprint) throw new Conflict('the board changed while your shuffle was checked: fetch what to shuffle again');
    await useStep(tx, ctx, token, 'shuffle', 'this link has already sent its shuffle: each step of a link is done once');
    const fingerprint = await appendShuffle(tx, election, ownerOf(index), writeJson(writeShuffle(shuffle)));
    const after = shuffleProgressOf({ ...board, shuffles: [...board.shuffles, { owner: ownerOf(index), fingerprint, shuffle }] }, election.draft.trustees.count, skipped);
    if (after.next !== null) return { fingerprint, ended: false };
    await endShuffles(tx, election, board.encryptedTally, shuffle.ciphertexts);
    return { fingerprint, ended: true };
  });
}

/** Every trustee has shuffled or was skipped: EndShuffles, and the server's decryption of what the last shuffle left. */
async function endShuffles(tx: Queryable, election: ElectionRow, encryptedTally: TalliedBoard['encryptedTally'], last: Shuffle['ciphertexts']): Promise<void> {
  const electionCtx = await frozenElection(tx, election.uuid);
  await appendEvent(tx, election, [], 'EndShuffles');
  await appendServerDecryption(tx, election, electionCtx, mergeNhCiphertexts(electionCtx.election.questions, encryptedTally, last));
  await setState(tx, election.uuid, 'tallied');
}

/**
 * The organiser skips the trustee whose turn it is to shuffle (a trustee gone for good, as
 * belenios-server allows). Refused for anyone but the trustee whose turn it is (409), and
 * when no trustee would shuffle at all (409). Skipping the last one ends the shuffles.
 */
export async function skipShuffler(ctx: ServiceContext, uuid: string, trustee: number): Promise<{ ended: boolean }> {
  return withElection(ctx, uuid, ['closed'], async (tx, election) => {
    const board = await talliedBoard(tx, uuid);
    const progress = shuffleProgressOf(board, election.draft.trustees.count, await skippedShufflers(tx, uuid));
    if (!board || progress.next === null) throw new Conflict('no trustee is shuffling now');
    if (progress.next !== trustee) throw new Conflict(`it is trustee ${progress.next}'s turn to shuffle, not trustee ${trustee}'s: only the trustee whose turn it is can be skipped`);
    const trusteeShuffled = progress.shuffles.some((s) => s.trustee > 0);
    const laterOnes = election.draft.trustees.count - trustee - progress.skipped.filter((k) => k > trustee).length;
    if (!trusteeShuffled && laterOnes === 0) {
      throw new Conflict('at least one trustee must shuffle: the server\'s shuffle alone would let whoever runs the server link rankings to ballots; this trustee is the last one who can');
    }
    await addSetupHistory(tx, uuid, ctx.now(), 'shuffle-skipped', { trustee });
    if (progress.next !== null && shuffleProgressOf(board, election.draft.trustees.count, [...progress.skipped, trustee]).next === null) {
      await endShuffles(tx, election, board.encryptedTally, board.shuffles[board.shuffles.length - 1]!.shuffle.ciphertexts);
      return { ended: true };
    }
    return { ended: false };
  });
}
