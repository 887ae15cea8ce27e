// The elections made by belenios-tool alone in test/fixtures/belenios (see make.sh
// there), read into what the ballot and tally tests compare against: belenios-tool's
// ballots, encrypted tally, partial decryptions and result, and the secrets
// (private credentials, trustee keys) that let a test redo each step by itself.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEvent, parseArchive, setupOfArchive } from '../../src/protocol/archive.ts';
import {
  decodeText,
  zBallot,
  zEncryptedTally,
  zOwned,
  zPartialDecryption,
  zPublicCredentials,
  zResult,
  zSizedEncryptedTally,
  zTrustees,
  type ElectionEvent,
  type EncryptedTally,
  type PartialDecryption,
  type Trustees,
  type BallotH,
} from '../../src/protocol/codec.ts';
import { parsePublicCredential } from '../../src/protocol/credentials.ts';
import { loadElection, type ElectionContext } from '../../src/protocol/election.ts';
import { recoverThresholdKey } from '../../src/protocol/threshold.ts';
import { ROOT } from './tools.ts';

export type Shape = 'basic' | 'threshold';

export interface ReferenceBoard {
  ctx: ElectionContext;
  trustees: Trustees;
  /** Public credential -> weight (1 when the list has no weights). */
  weights: Map<bigint, bigint>;
  /** Ballot events in board order, with the exact text belenios-tool cast. */
  ballots: { text: string; ballot: BallotH; hash: string }[];
  sized: { num_tallied: number; total_weight: bigint };
  tally: EncryptedTally;
  partialDecryptions: { owner: number; pd: PartialDecryption }[];
  result: bigint[][];
  /** Private credentials in the order of the voter list. */
  privateCredentials: string[];
  /** Trustee private keys by owner number (1-based, the order of trustees.json). */
  trusteeKeys: Map<number, bigint>;
}

const cache = new Map<Shape, ReferenceBoard>();

export function referenceBoard(shape: Shape): ReferenceBoard {
  const cached = cache.get(shape);
  if (cached) return cached;
  const dir = join(ROOT, 'test', 'fixtures', 'belenios', shape);
  const parsed = parseArchive(readFileSync(join(dir, 'election.bel')));
  const setup = setupOfArchive(parsed);
  const byHash = new Map(parsed.records.map((r) => [r.hash, r.text]));
  const payload = (e: ElectionEvent): string => byHash.get(e.payload!)!;
  const events = parsed.records.filter((r) => r.kind === 'event').map((r) => decodeEvent(r.text, 'event'));
  const ctx = loadElection(setup.election);
  const trustees = decodeText(zTrustees, setup.trustees, 'trustees');
  const weights = new Map(decodeText(zPublicCredentials, setup.credentials, 'credentials').map((t) => {
    const c = parsePublicCredential(t);
    return [c.key, c.weight] as const;
  }));
  const ballots = events
    .filter((e) => e.type === 'Ballot')
    .map((e) => ({ text: payload(e), ballot: (decodeText(zBallot, payload(e), 'ballot') as BallotH), hash: e.payload! }));
  const tallyEvent = events.find((e) => e.type === 'EncryptedTally')!;
  const sized = decodeText(zSizedEncryptedTally, payload(tallyEvent), 'sized tally');
  const tally = decodeText(zEncryptedTally, byHash.get(sized.encrypted_tally)!, 'tally');
  const partialDecryptions = events
    .filter((e) => e.type === 'PartialDecryption')
    .map((e) => {
      const owned = decodeText(zOwned, payload(e), 'owned');
      return { owner: owned.owner, pd: decodeText(zPartialDecryption, byHash.get(owned.payload)!, 'partial decryption') };
    });
  const result = decodeText(zResult, payload(events.find((e) => e.type === 'Result')!), 'result').result;
  const privateCredentials = readFileSync(join(dir, 'private_creds.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ').pop()!);
  const trusteeKeys = new Map<number, bigint>();
  for (let owner = 1; ; owner++) {
    const file = (ext: string) => join(dir, `trustee-${owner}.${ext}`);
    if (existsSync(file('privkey'))) {
      trusteeKeys.set(owner, BigInt(JSON.parse(readFileSync(file('privkey'), 'utf8')) as string));
    } else if (existsSync(file('key'))) {
      const seed = readFileSync(file('key'), 'utf8').trim();
      trusteeKeys.set(owner, recoverThresholdKey(ctx.group, seed, readFileSync(file('dkey'), 'utf8').trim()));
    } else {
      break;
    }
  }
  const board: ReferenceBoard = {
    ctx,
    trustees,
    weights,
    ballots,
    sized: { num_tallied: sized.num_tallied, total_weight: sized.total_weight },
    tally,
    partialDecryptions,
    result,
    privateCredentials,
    trusteeKeys,
  };
  cache.set(shape, board);
  return board;
}

/** Belenios' re-vote rule (spec 4.15): per credential, the last ballot on the board counts. */
export function lastBallotPerCredential(board: ReferenceBoard): { ballot: BallotH; weight: bigint }[] {
  const last = new Map<bigint, BallotH>();
  for (const { ballot } of board.ballots) last.set(ballot.credential, ballot);
  return [...last.values()].map((ballot) => ({ ballot, weight: board.weights.get(ballot.credential)! }));
}
