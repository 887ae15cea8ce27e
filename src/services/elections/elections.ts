// The life of an election, as the organiser drives it:
//   draft -> setup (trustees and credential authority invited) -> open (archive
//   initialised) -> closed -> tallied (encrypted tally, server's decryption)
//   -> published (result, once enough trustees have decrypted).
// Every change to the board happens under the election lock (one transaction).
import {
  decodeText,
  decodeValue,
  writeEncryptedTally,
  writeJson,
  writeOwned,
  writePartialDecryption,
  writeSetupData,
  writeSizedEncryptedTally,
  writeTrustees,
  writeTrusteePublicKey,
  zBallot,
  zTrusteePublicKey,
  type EncryptedTally,
  type Trustees,
  type TrusteePublicKey,
} from '../../protocol/codec.ts';
import { makeElection, loadElection, type ElectionContext } from '../../protocol/election.ts';
import { getGroup } from '../../protocol/groups/index.ts';
import { sha256Hex } from '../../protocol/hash.ts';
import { randomBase58String } from '../../protocol/random.ts';
import { partialDecryptionOf, RunningTally } from '../../protocol/tally.ts';
import { generateTrusteeKey } from '../../protocol/trustees.ts';
import { appendEvent, ballotCounts, countedBallotBatch, frozenElectionText, setArchiveTimestamp } from '../../store/board.ts';
import { withTransaction, type Queryable } from '../../store/db.ts';
import { newId, type ServiceContext } from '../context.ts';
import {
  closeIsDue,
  createConvention as insertConvention,
  createElection as insertElection,
  getConvention,
  getElection,
  lockElection,
  setServerKey,
  setState,
  updateDraft as storeDraft,
  type ElectionRow,
} from '../../store/elections.ts';
import type { ElectionState } from '../../api/election-state.ts';
import { DEFAULT_LINK_LIFETIME_DAYS } from '../../api/setup.ts';
import { createInvitation, ensureTrusteeRows, publicCredentialsText, trusteeSetup } from '../../store/setup.ts';
import { isNonHomomorphicDraft, missingTranslations, templateOf, type ConventionInput, type ElectionDraft, type SetupRequest } from '../../api/election-draft.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { thresholdParametersOf } from './threshold-setup.ts';

/** The group of an election without ranked or graded questions (Belenios's default). */
export const ELECTION_GROUP = 'BELENIOS-2048';
/** The group Belenios requires for non-homomorphic questions (their embedding, spec 4.9.2). */
export const NH_ELECTION_GROUP = 'RFC-3526-2048';

/** Whether a draft has ranked or graded questions (Belenios's non-homomorphic questions, counted after shuffles). */
export const hasNonHomomorphic = (draft: ElectionDraft): boolean => draft.questions.some(isNonHomomorphicDraft);

/** The group of an election, from its draft (frozen once setup starts): RFC-3526-2048 when
 * any question is ranked or graded, BELENIOS-2048 otherwise. Every step uses it: the server's
 * key, the trustees' keys and threshold steps, the credentials, election.json. */
export function electionGroupOf(election: { draft: ElectionDraft }): string {
  return hasNonHomomorphic(election.draft) ? NH_ELECTION_GROUP : ELECTION_GROUP;
}

export async function createConvention(ctx: ServiceContext, input: ConventionInput, accountId: number | null): Promise<string> {
  const id = newId();
  await insertConvention(ctx.db, id, input, accountId);
  return id;
}

export async function createElection(ctx: ServiceContext, conventionId: string, draft: ElectionDraft): Promise<string> {
  if (!(await getConvention(ctx.db, conventionId))) throw new NotFound('no such convention');
  const uuid = newId();
  await insertElection(ctx.db, uuid, conventionId, draft);
  return uuid;
}

/** Run `body` with the election locked; `states` lists the states it may run in. */
export async function withElection<T>(
  ctx: ServiceContext,
  uuid: string,
  states: readonly ElectionState[] | 'any',
  body: (tx: Queryable, election: ElectionRow) => Promise<T>,
): Promise<T> {
  return withTransaction(ctx.db, async (tx) => {
    const election = await lockElection(tx, uuid);
    if (!election) throw new NotFound('no such election');
    if (states !== 'any' && !states.includes(election.state)) throw new Conflict(stateMessage(election.state, states));
    return body(tx, election);
  });
}

/** Why an election in `state` cannot do what needs it in one of `wanted`, in the organiser's words. */
export function stateMessage(state: ElectionState, wanted: readonly ElectionState[]): string {
  const words: Record<ElectionState, string> = {
    draft: 'is still a draft',
    setup: 'is being set up (trustees and credentials)',
    open: 'is open for voting',
    closed: 'is closed and its ranked and graded answers are being shuffled',
    tallied: 'is closed and being decrypted',
    published: 'is finished: its result is published',
  };
  return `this election ${words[state]}; this needs it to be ${wanted.join(' or ')}`;
}

export async function updateDraft(ctx: ServiceContext, uuid: string, draft: ElectionDraft): Promise<void> {
  await withElection(ctx, uuid, ['draft'], (tx) => storeDraft(tx, uuid, draft));
}

export interface Invitations {
  credentialAuthority: string;
  trustees: string[];
  expiresAt: string;
}

/** Freeze the texts, make the server's own key, and invite the credential
 * authority and the trustees (one-time tokens, shown once). Texts not written in all
 * three languages are refused (missing-translations) unless the organiser allows them. */
export async function startSetup(ctx: ServiceContext, uuid: string, request: SetupRequest = { allowMissingTranslations: false }): Promise<Invitations> {
  return withElection(ctx, uuid, ['draft'], async (tx, election) => {
    const missing = missingTranslations(election.draft);
    if (missing.length > 0 && !request?.allowMissingTranslations) {
      const list = missing.map((m) => `${m.text}${m.question ? ` ${m.question}` : ''}${m.answer ? `.${m.answer}` : ''}${m.grade ? `.${m.grade}` : ''} (${m.missing.join(', ')})`).join('; ');
      throw new Conflict(`${missing.length} text(s) are not in all three languages: ${list}; translate them, or freeze anyway with allowMissingTranslations`, 'missing-translations');
    }
    const group = getGroup(electionGroupOf(election));
    const serverKey = generateTrusteeKey(group);
    await setServerKey(tx, uuid, JSON.stringify({ private: serverKey.privateKey.toString(), public: JSON.parse(writeJson(writeTrusteePublicKey(serverKey.publicKey))) }));
    // links expire (docs/trust-model.md, "One-time links"); the organiser can issue new ones
    const expires = new Date(ctx.now().getTime() + (request?.linkLifetimeDays ?? DEFAULT_LINK_LIFETIME_DAYS) * 24 * 60 * 60 * 1000);
    const credentialAuthority = randomBase58String(22);
    await createInvitation(tx, credentialAuthority, uuid, 'credential-authority', null, expires);
    const trustees: string[] = [];
    for (let i = 1; i <= election.draft.trustees.count; i++) {
      const token = randomBase58String(22);
      await createInvitation(tx, token, uuid, 'trustee', i, expires);
      trustees.push(token);
    }
    await ensureTrusteeRows(tx, uuid, election.draft.trustees.count);
    await setState(tx, uuid, 'setup');
    return { credentialAuthority, trustees, expiresAt: expires.toISOString() };
  });
}

/** The server's mandatory trustee key (spec 4.7), kept with the election:
 * {"private": x, "public": trustee_public_key}. */
interface ServerKey {
  privateKey: bigint;
  publicKey: TrusteePublicKey;
}

function serverKeyOf(election: ElectionRow): ServerKey {
  if (!election.server_key) throw new Conflict('the election has no server key yet');
  const stored = JSON.parse(election.server_key) as { private: string; public: unknown };
  return { privateKey: BigInt(stored.private), publicKey: decodeValue(zTrusteePublicKey, stored.public, 'server key') };
}

/** The trustees structure of an election (spec 4.7): the server's key first, then
 * the invited trustees (basic keys, or one threshold group). */
export async function trusteesOf(db: Queryable, election: ElectionRow): Promise<Trustees> {
  const trustees: Trustees = [['Single', serverKeyOf(election).publicKey]];
  const rows = await trusteeSetup(db, election.uuid);
  const threshold = election.draft.trustees.threshold;
  if (threshold === null) {
    for (const r of rows) {
      if (!r.public_key) throw new Conflict(`trustee ${r.trustee_index} has not generated a key yet`);
      trustees.push(['Single', decodeText(zTrusteePublicKey, r.public_key, `trustee ${r.trustee_index} key`)]);
    }
  } else {
    trustees.push(['Pedersen', thresholdParametersOf(getGroup(electionGroupOf(election)), rows, threshold)]);
  }
  return trustees;
}

/** Open voting: write election.json, the trustees and the credentials into a new
 * archive with its Setup event (belenios-tool's make-election and archive init). */
export async function openElection(ctx: ServiceContext, uuid: string): Promise<void> {
  await withElection(ctx, uuid, ['setup'], async (tx, election) => {
    const credentials = await publicCredentialsText(tx, uuid);
    if (!credentials) throw new Conflict('the credential authority has not uploaded the public credentials yet');
    const trustees = await trusteesOf(tx, election);
    const electionRaw = makeElection(templateOf(election.draft), uuid, electionGroupOf(election), trustees);
    const trusteesRaw = writeJson(writeTrustees(trustees));
    const setup = writeJson(writeSetupData({ election: sha256Hex(electionRaw), trustees: sha256Hex(trusteesRaw), credentials: sha256Hex(credentials) }));
    await setArchiveTimestamp(tx, uuid, BigInt(Math.floor(ctx.now().getTime() / 1000)));
    await appendEvent(tx, election, [electionRaw, trusteesRaw, credentials, setup], 'Setup');
    await setState(tx, uuid, 'open');
  });
}

/** The election as frozen in its archive (the first record). */
export async function frozenElection(db: Queryable, uuid: string): Promise<ElectionContext> {
  const text = await frozenElectionText(db, uuid);
  if (text === undefined) throw new Conflict('this election is not open yet');
  return loadElection(text);
}

/** Counted ballots read per query when tallying. */
const TALLY_PAGE = 1000;

/** Close voting and tally (spec 3.4): EndBallots, the encrypted tally of the last
 * ballot of each credential, and the server's own partial decryption. With ranked or
 * graded questions the server shuffles instead (its decryption comes after the
 * shuffles), and not here: the shuffle is long (≈ 19 ms a ballot), so it is computed
 * after this transaction, off the event loop and without the election's lock, and
 * appended in its own (serverShuffle in shuffling.ts; closeElection in closer.ts does
 * both). With `dueAt` (a close job), nothing is done unless the close is due then (its
 * closing time passed, or its organiser asked). Returns whether it closed, and whether that
 * shuffle is to come. */
export async function closeVoting(ctx: ServiceContext, uuid: string, pageSize = TALLY_PAGE, dueAt?: Date): Promise<{ closed: boolean; shuffleNext: boolean }> {
  return withElection(ctx, uuid, ['open'], async (tx, election) => {
    // a close job sent when the closing time passed may run after the organiser extended
    // voting (or be a retry of one): under the lock, it closes only what is still due
    if (dueAt && !(await closeIsDue(tx, uuid, dueAt))) return { closed: false, shuffleNext: false };
    const electionCtx = await frozenElection(tx, uuid);
    await appendEvent(tx, election, [], 'EndBallots');
    // the counted ballots (the last of each credential) a page at a time, folded into running
    // products: memory holds one page, whatever the size of the election
    const running = new RunningTally(electionCtx);
    for (let after = -1; ; ) {
      const page = await countedBallotBatch(tx, uuid, after, pageSize);
      if (!page.length) break;
      running.add(page.map((r) => ({ ballot: decodeText(zBallot, r.body, 'ballot'), weight: BigInt(r.weight ?? '1') })));
      after = page[page.length - 1]!.seq;
    }
    // the index of ballots and the board agree (both written in each ballot's transaction)
    const { voters } = await ballotCounts(tx, uuid);
    if (running.count !== voters) throw new Error(`the tally read ${running.count} counted ballots but the election counted ${voters} voters`);
    const tally = running.result();
    const tallyText = writeJson(writeEncryptedTally(tally));
    const sized = writeJson(writeSizedEncryptedTally({ num_tallied: running.count, total_weight: running.totalWeight, encrypted_tally: sha256Hex(tallyText) }));
    await appendEvent(tx, election, [tallyText, sized], 'EncryptedTally');
    if (hasNonHomomorphic(election.draft)) {
      // ranked and graded answers are shuffled before anything is decrypted (Belenios 2.0,
      // as belenios-server does): the server shuffles first, then each trustee in turn
      // (services/elections/shuffling.ts); 'closed' is this phase. Until the server's
      // shuffle is on the board no trustee can shuffle and nothing can be decrypted
      // (decryptions need 'tallied', which only EndShuffles sets).
      await setState(tx, uuid, 'closed');
      return { closed: true, shuffleNext: true };
    }
    await appendServerDecryption(tx, election, electionCtx, tally);
    await setState(tx, uuid, 'tallied');
    return { closed: true, shuffleNext: false };
  });
}

/** The owner number of the server's key on the board (the first trustee, spec 4.7). */
export const SERVER_OWNER = 1;

/** A Shuffle event (its payload an owned hash of the shuffle), already verified by the caller; returns the shuffle's fingerprint (the hash of its text, what the owned payload names). */
export async function appendShuffle(tx: Queryable, election: ElectionRow, owner: number, shuffleText: string): Promise<string> {
  const fingerprint = sha256Hex(shuffleText);
  await appendEvent(tx, election, [shuffleText, writeJson(writeOwned({ owner, payload: fingerprint }))], 'Shuffle');
  return fingerprint;
}

/** The server's partial decryption of `tally` (the encrypted tally, or with ranked and graded questions, the tally the last shuffle left). */
export async function appendServerDecryption(tx: Queryable, election: ElectionRow, electionCtx: ElectionContext, tally: EncryptedTally): Promise<void> {
  const pd = writeJson(writePartialDecryption(partialDecryptionOf(electionCtx, tally, serverKeyOf(election).privateKey)));
  await appendEvent(tx, election, [pd, writeJson(writeOwned({ owner: SERVER_OWNER, payload: sha256Hex(pd) }))], 'PartialDecryption');
}

export async function requireElection(db: Queryable, uuid: string): Promise<ElectionRow> {
  const election = await getElection(db, uuid);
  if (!election) throw new NotFound('no such election');
  return election;
}

