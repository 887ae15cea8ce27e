// Decryption (spec 3.4 step 5-6): trustees send partial decryptions computed in
// their browsers; each is checked against the trustee's key before it is appended.
// As soon as enough have arrived (every basic trustee, t threshold trustees), the
// server combines them and publishes the result.
import {
  decodeText,
  writeJson,
  writeOwned,
  writePartialDecryption,
  isHomomorphic,
  writeEncryptedTally,
  writeMixedResult,
  writeResult,
  zEncryptedTally,
  zMixedResult,
  zShuffle,
  zOwned,
  zPartialDecryption,
  zSizedEncryptedTally,
  zTrustees,
  type EncryptedTally,
  type ResultEntry,
  type Shuffle,
  type Trustees,
} from '../../protocol/codec.ts';
import { loadElection } from '../../protocol/election.ts';
import { mergeNhCiphertexts } from '../../protocol/shuffle.ts';
import { InvalidRequest, VerificationFailure } from '../../kernel/errors.ts';
import { sha256Hex } from '../../protocol/hash.ts';
import { combineDecryptionFactors, partialDecryptionProblem, resultOf, resultWithNh, type OwnedPartialDecryption } from '../../protocol/tally.ts';
import { flattenTrusteeKeys } from '../../protocol/trustees.ts';
import { appendEvent, payloadsOf, tallyPhaseRecords } from '../../store/board.ts';
import type { Queryable } from '../../store/db.ts';
import { setState } from '../../store/elections.ts';
import { frozenElection, withElection } from './elections.ts';
import { Conflict } from '../../kernel/errors.ts';
import { invitation, useStep } from './links.ts';
import type { ServiceContext } from '../context.ts';

/** A shuffle on the board: who made it (owner 1 is the server) and its fingerprint (the hash of its text, which its Shuffle event's owned payload names). */
export interface BoardShuffle {
  owner: number;
  fingerprint: string;
  shuffle: Shuffle;
}

export interface TalliedBoard {
  trustees: Trustees;
  /** The encrypted tally as appended (EncryptedTally). */
  encryptedTally: EncryptedTally;
  /** What the partial decryptions apply to: the encrypted tally, or once the shuffles
   * have ended, the tally with its ranked and graded lists replaced by the last shuffle's
   * output (mergeNhCiphertexts). */
  tally: EncryptedTally;
  tallyText: string;
  totalWeight: bigint;
  numTallied: number;
  /** The shuffles, in board order (none without ranked or graded questions). */
  shuffles: BoardShuffle[];
  /** Whether EndShuffles is on the board. */
  shufflesEnded: boolean;
  partialDecryptions: OwnedPartialDecryption[];
  result?: ResultEntry[];
}

/** Read the tally-phase content of the board (already checked when appended). */
export async function talliedBoard(db: Queryable, uuid: string): Promise<TalliedBoard | undefined> {
  // only what follows EndBallots (and the trustees): never the ballots
  const phase = await tallyPhaseRecords(db, uuid);
  if (!phase) return undefined;
  const { records } = phase;
  const byHash = new Map(records.map((r) => [r.hash, r.body]));
  const events = records.filter((r) => r.kind === 'event').map((r) => ({ type: r.event_type, payload: (JSON.parse(r.body) as { payload?: string }).payload }));
  const tallyEvent = events.find((e) => e.type === 'EncryptedTally');
  if (!tallyEvent) return undefined;
  const trustees = decodeText(zTrustees, phase.trustees, 'trustees');
  const sized = decodeText(zSizedEncryptedTally, byHash.get(tallyEvent.payload!)!, 'sized tally');
  const encryptedText = byHash.get(sized.encrypted_tally)!;
  const encryptedTally = decodeText(zEncryptedTally, encryptedText, 'tally');
  const shuffles = events
    .filter((e) => e.type === 'Shuffle')
    .map((e) => {
      const owned = decodeText(zOwned, byHash.get(e.payload!)!, 'owned');
      return { owner: owned.owner, fingerprint: owned.payload, shuffle: decodeText(zShuffle, byHash.get(owned.payload)!, 'shuffle') };
    });
  const shufflesEnded = events.some((e) => e.type === 'EndShuffles');
  let tally = encryptedTally;
  let tallyText = encryptedText;
  if (shuffles.length > 0) {
    const questions = loadElection(phase.election).election.questions;
    tally = mergeNhCiphertexts(questions, encryptedTally, shuffles[shuffles.length - 1]!.shuffle.ciphertexts);
    tallyText = writeJson(writeEncryptedTally(tally));
  }
  const partialDecryptions = events
    .filter((e) => e.type === 'PartialDecryption')
    .map((e) => {
      const owned = decodeText(zOwned, byHash.get(e.payload!)!, 'owned');
      return { owner: owned.owner, pd: decodeText(zPartialDecryption, byHash.get(owned.payload)!, 'partial decryption') };
    });
  const resultEvent = events.find((e) => e.type === 'Result');
  const state: TalliedBoard = {
    trustees,
    encryptedTally,
    tally,
    tallyText,
    totalWeight: sized.total_weight,
    numTallied: sized.num_tallied,
    shuffles,
    shufflesEnded,
    partialDecryptions,
  };
  if (resultEvent) state.result = resultOfPayload(byHash.get(resultEvent.payload!)!);
  return state;
}

/**
 * The published result, read with one query (the Result event's payload), not by
 * reading the tally phase as talliedBoard does.
 */
export async function publishedResult(db: Queryable, uuid: string): Promise<ResultEntry[] | undefined> {
  const [text] = await payloadsOf(db, uuid, 'Result');
  if (text === undefined) return undefined;
  return resultOfPayload(text);
}

/** The result as published: totals (homomorphic questions) and, for a ranked or graded question, one decrypted vector per shuffled ballot. */
function resultOfPayload(text: string): ResultEntry[] {
  return decodeText(zMixedResult, text, 'result').result;
}

/** A trustee's partial decryption, checked, appended; publishes the result when possible. */
export async function submitPartialDecryption(ctx: ServiceContext, token: string, text: string): Promise<{ published: boolean }> {
  const inv = await invitation(ctx, token, 'trustee');
  const owner = inv.trustee_index! + 1; // owner 1 is the server's key
  const pd = decodeText(zPartialDecryption, text, 'partial decryption');
  return withElection(ctx, inv.election_uuid, ['tallied'], async (tx, election) => {
    const electionCtx = await frozenElection(tx, election.uuid);
    const state = await talliedBoard(tx, election.uuid);
    if (!state) throw new Conflict('the election has no encrypted tally yet');
    if (state.shuffles.length > 0 && !state.shufflesEnded) throw new Conflict('the ranked and graded answers are still being shuffled: decryption comes after the last shuffle');
    await useStep(tx, ctx, token, 'partial-decryption', 'this link has already sent its partial decryption: each step of a link is done once');
    if (state.partialDecryptions.some((p) => p.owner === owner)) throw new Conflict('your partial decryption has already been received', 'link-step-used');
    const key = flattenTrusteeKeys(state.trustees)[owner - 1];
    if (!key) throw new InvalidRequest('no such trustee in this election');
    const problem = partialDecryptionProblem(electionCtx, state.tally, key.public_key, pd);
    if (problem) throw new InvalidRequest(`this partial decryption does not verify (${problem}); was it made with your key for this election?`);
    const pdText = writeJson(writePartialDecryption(pd));
    await appendEvent(tx, election, [pdText, writeJson(writeOwned({ owner, payload: sha256Hex(pdText) }))], 'PartialDecryption');
    const all = [...state.partialDecryptions, { owner, pd }];
    let factors: bigint[][];
    try {
      factors = combineDecryptionFactors(electionCtx.group, state.trustees, state.tally, all);
    } catch (e) {
      if (e instanceof VerificationFailure) return { published: false }; // not enough yet
      throw e;
    }
    // with ranked or graded questions, the result holds each shuffled ballot's decrypted vector (as belenios does)
    const mixed = electionCtx.election.questions.some((q) => !isHomomorphic(q));
    const result = mixed
      ? writeJson(writeMixedResult({ result: resultWithNh(electionCtx, state.tally, factors, state.totalWeight) }))
      : writeJson(writeResult({ result: resultOf(electionCtx.group, state.tally, factors, state.totalWeight) }));
    await appendEvent(tx, election, [result], 'Result');
    await setState(tx, election.uuid, 'published');
    return { published: true };
  });
}

export async function hasDecrypted(db: Queryable, uuid: string, owner: number): Promise<boolean> {
  const state = await talliedBoard(db, uuid);
  return !!state?.partialDecryptions.some((p) => p.owner === owner);
}
