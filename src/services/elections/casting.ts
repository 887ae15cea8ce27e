// Casting a ballot (spec 3.2): the server checks everything an observer will check
// (proofs, signature, credential on the list), refuses replays, and appends the
// ballot to the board in one transaction under the election lock. Nothing is
// recorded unless every check passes.
//
// A voter whose connection dropped after "Cast" sends the same ballot again, byte for
// byte, not knowing whether the first copy arrived. If it did and it is still its
// credential's latest ballot, the answer is the first one's, marked alreadyRecorded:
// nothing is appended, so the ballot is never counted twice. A copy of an older ballot
// sent after a newer one of the same credential is still refused as a replay: it would
// otherwise undo the voter's re-vote.
import { z } from 'zod';
import { InvalidRequest } from '../../kernel/errors.ts';
import { appendEvent, ballotByTracker, eventOfData, latestBallotOfCredential, recordBallot } from '../../store/board.ts';
import { ballotTracker } from '../../protocol/ballot.ts';
import type { Queryable } from '../../store/db.ts';
import { credentialWeight } from '../../store/setup.ts';
import type { ElectionRow } from '../../store/elections.ts';
import { frozenElection, requireElection, withElection } from './elections.ts';
import { Conflict, Forbidden, NotFound } from '../../kernel/errors.ts';
import type { ServiceContext } from '../context.ts';

export const MAX_BALLOT_BYTES = 512 * 1024;

function votingWindowProblem(election: ElectionRow, now: Date): Conflict | undefined {
  if (election.state !== 'open') {
    return election.state === 'draft' || election.state === 'setup' ? new Conflict('voting has not started yet', 'voting-not-started') : new Conflict('voting is closed', 'voting-closed');
  }
  if (election.opens_at && now < new Date(election.opens_at)) return new Conflict(`voting opens at ${new Date(election.opens_at).toISOString()}`, 'voting-not-started');
  if (election.closes_at && now >= new Date(election.closes_at)) return new Conflict('voting is closed', 'voting-closed');
  return undefined;
}

export interface CastResult {
  tracker: string;
  /** True when this ballot replaces an earlier one of the same credential. */
  replaced: boolean;
  /** True when this exact ballot was already on the board (a retry after a lost reply): nothing was added. */
  alreadyRecorded: boolean;
  /** The board event that holds this ballot: its height and hash (which commits to the whole history before it) — the voter's receipt. */
  event: { height: number; hash: string };
}

/** The answer to a byte-identical copy of a ballot already on the board: the first
 * answer again if it is still its credential's latest ballot, a replay otherwise. */
async function alreadyCast(db: Queryable, uuid: string, tracker: string): Promise<CastResult | undefined> {
  const found = await ballotByTracker(db, uuid, tracker);
  if (!found) return undefined;
  const latest = await latestBallotOfCredential(db, uuid, found.credential);
  if (latest?.seq !== found.seq) throw new Conflict('this exact ballot has already been cast and a later ballot of the same credential replaced it (a replay); prepare a new ballot to vote again', 'replayed-ballot');
  const event = await eventOfData(db, uuid, found.seq);
  if (!event) throw new Error(`the board holds ballot ${tracker} without its event`);
  return { tracker, replaced: latest.count > 1, alreadyRecorded: true, event };
}

export const zBallotText = z.string().min(2).max(MAX_BALLOT_BYTES, { error: 'the ballot is too large' });

export async function castBallot(ctx: ServiceContext, uuid: string, text: string): Promise<CastResult> {
  const before = await requireElection(ctx.db, uuid);
  // a draft is private to its organisers: the same answer as reading it (404), so a ballot sent to it reveals nothing
  if (before.state === 'draft') throw new NotFound('no such election');
  // a retry of a ballot that did arrive is recognised by its tracker (the hash of
  // the exact text), even once voting has closed: it was cast in time
  const retry = await alreadyCast(ctx.db, uuid, ballotTracker(text));
  if (retry) return retry;
  const early = votingWindowProblem(before, ctx.now());
  if (early) throw early;
  const electionCtx = await frozenElection(ctx.db, uuid);
  // The expensive checks run outside the transaction (in a worker thread).
  const check = await ctx.checkBallot(electionCtx.raw, text);
  if (!check.ok) {
    throw new InvalidRequest(`${check.unusable ? 'malformed ballot' : 'invalid ballot'}: ${check.message}`, check.unusable ? 'malformed-ballot' : 'invalid-ballot');
  }
  return withElection(ctx, uuid, 'any', async (tx, election) => {
    const problem = votingWindowProblem(election, ctx.now());
    if (problem) throw problem;
    const credential = check.credential.toString();
    if ((await credentialWeight(tx, uuid, credential)) === undefined) throw new Forbidden('the credential of this ballot is not on the list of this election', 'unknown-credential');
    // the same ballot arriving twice at once: the second waits for the lock, then finds the first
    const retry = await alreadyCast(tx, uuid, check.tracker);
    if (retry) return retry;
    const appended = await appendEvent(tx, election, [text], 'Ballot');
    // marks the credential's earlier ballot replaced and moves the counters, in this transaction
    const replaced = await recordBallot(tx, uuid, check.tracker, credential, appended.dataSeqs[0]!);
    return { tracker: check.tracker, replaced, alreadyRecorded: false, event: { height: appended.height, hash: appended.hash } };
  });
}
