// The verifier's checks, one function per check (spec 3.5), as belenios-tool's
// verifier has one step per thing it asserts. Each takes only what it judges and
// returns what it proved with the words the report shows; a failure throws
// VerificationFailure (the board is wrong) or UnusableInput/Unsupported (it cannot be
// judged). verify.ts runs them in order, records each verdict and decides what can
// still be checked after a failure.
import { canonicalArchive, decodeEvent, parseArchive, payloadsOfEvent, type ArchiveRecord, type ParsedArchive } from './archive.ts';
import type { BallotCheck } from './ballot.ts';
import {
  decodeText,
  decodeValue,
  zBallot,
  type Ballot,
  type Ciphertext,
  writeEncryptedTally,
  writeJson,
  zEncryptedTally,
  zOwned,
  zPartialDecryption,
  zPublicCredentials,
  zResult,
  zMixedResult,
  isHomomorphic,
  isVectors,
  type ResultEntry,
  zSetupData,
  zSizedEncryptedTally,
  zTrustees,
  type ElectionEvent,
  type EncryptedTally,
  type SetupData,
  type Trustees,
} from './codec.ts';
import { parsePublicCredential } from './credentials.ts';
import { loadElection, nonHomomorphicCount, type ElectionContext } from './election.ts';
import { decodeVector } from './answers-nh.ts';
import type { Group } from './groups/index.ts';
import { InvalidRequest, Unsupported, UnusableInput, VerificationFailure } from '../kernel/errors.ts';
import { parseJsonText } from './json.ts';
import { detail, detailOf, englishDetail, readBallotProblem, readDecryptionProblem, readSentence, type Detail } from './verify-details.ts';
import { sha256Hex } from './hash.ts';
import {
  combineDecryptionFactors,
  decryptedPowers,
  compareCiphertexts,
  HomomorphicProducts,
  partialDecryptionProblem,
  type OwnedPartialDecryption,
} from './tally.ts';
import { checkTrustees, combineTrusteeKeys, flattenTrusteeKeys } from './trustees.ts';

/** What a passing check proved, and what the report says of it (verify-details.ts). */
export interface Checked<T> {
  value: T;
  detail: Detail;
}

/** The board is wrong: what is wrong, as a detail (its English is the message). */
export class FailedCheck extends VerificationFailure {
  constructor(readonly detail: Detail) {
    super(englishDetail(detail));
  }
}
/** The board cannot be read as what it claims to be. */
export class UnusableCheck extends UnusableInput {
  constructor(readonly detail: Detail) {
    super(englishDetail(detail));
  }
}
/** The board uses what this version of Jirga cannot verify. */
export class UnsupportedCheck extends Unsupported {
  constructor(readonly detail: Detail) {
    super(englishDetail(detail));
  }
}

/** Finds a record's text by its hash (the records of the archive being verified). */
export type RecordLookup = (hash: string) => string | undefined;

function fail(code: Detail['code'], params: Detail['params'] = {}, reason?: Detail): never {
  throw new FailedCheck(detail(code, params, reason));
}

/** Run a deeper module's step; what it throws carries its sentence read back into a code. */
function coded<T>(step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof FailedCheck || e instanceof UnusableCheck || e instanceof UnsupportedCheck) throw e;
    const d = detailOf(e);
    if (e instanceof UnusableInput) throw new UnusableCheck(d);
    if (e instanceof Unsupported) throw new UnsupportedCheck(d);
    if (e instanceof VerificationFailure) throw new FailedCheck(d);
    throw e;
  }
}

/** coded() for a step that is awaited. */
async function codedAsync<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    return coded(() => {
      throw e;
    });
  }
}

/** 'archive structure': the file is a Belenios archive within the size limit. */
export function checkArchiveStructure(bytes: Uint8Array, maxBytes: number | undefined): Checked<ParsedArchive> {
  const a = coded(() => parseArchive(bytes, maxBytes));
  return { value: a, detail: detail('archiveRead', { records: a.records.length, bytes: a.size, timestamp: String(a.timestamp) }) };
}

/** 'record hashes': every record's content hashes to its name. */
export function checkRecordHashes(records: readonly ArchiveRecord[]): Checked<true> {
  for (const r of records) {
    const actual = sha256Hex(r.text);
    if (actual !== r.hash) fail('recordHash', { kind: r.kind, hash: r.hash, offset: r.offset, actual });
  }
  return { value: true, detail: detail('hashesMatch', { records: records.length }) };
}

/** The archive's records by hash; a record stored twice is found once. */
export function recordsByHash(records: readonly ArchiveRecord[]): Map<string, ArchiveRecord> {
  const byHash = new Map<string, ArchiveRecord>();
  for (const r of records) if (!byHash.has(r.hash)) byHash.set(r.hash, r);
  return byHash;
}

/** The events in file order; throws on the first that cannot be read. */
export function decodeEvents(records: readonly ArchiveRecord[]): ElectionEvent[] {
  return coded(() => records.filter((r) => r.kind === 'event').map((r) => decodeEvent(r.text, `event ${r.hash}`)));
}

// The order in which event types may appear (spec 3.5): a later event never has a
// smaller rank than the one before it.
const ORDER: Record<string, number> = {
  Setup: 0,
  Ballot: 1,
  EndBallots: 2,
  EncryptedTally: 3,
  Shuffle: 4,
  EndShuffles: 5,
  PartialDecryption: 6,
  Result: 7,
};

/** Fails unless `event` may come right after `before`. */
export function checkEventFollows(event: ElectionEvent, before: ElectionEvent): void {
  if (event.type === 'Setup') fail('chainSecondSetup', { height: event.height });
  if (ORDER[event.type]! < ORDER[before.type]!) fail('chainOrder', { type: event.type, height: event.height, before: before.type });
  if (event.type === before.type && !['Ballot', 'Shuffle', 'PartialDecryption'].includes(event.type)) fail('chainRepeated', { type: event.type });
  if (event.type === 'EncryptedTally' && before.type !== 'EndBallots') fail('chainTallyPlace');
  // (EndBallots can only follow Setup or Ballot: anything later is caught by the order
  // above, a second EndBallots by the line before)
  if (event.type === 'PartialDecryption' && !['EncryptedTally', 'EndShuffles', 'PartialDecryption'].includes(before.type)) fail('chainDecryptionPlace');
  if (event.type === 'Result' && before.type !== 'PartialDecryption') fail('chainResultPlace');
}

/**
 * 'event chain': heights count from 0, each event names the one before it, the types
 * come in the protocol's order, and every payload an event refers to is present.
 * `eventHashes[i]` is the hash of `events[i]`'s record.
 */
export function checkEventChain(events: readonly ElectionEvent[], eventHashes: readonly string[], byHash: ReadonlyMap<string, ArchiveRecord>, lookup: RecordLookup): Checked<true> {
  if (events.length === 0) fail('chainEmpty');
  let previous: string | undefined;
  events.forEach((e, i) => {
    if (e.height !== i || e.parent !== previous) {
      if (e.parent !== undefined && e.parent !== previous && !byHash.has(e.parent)) {
        fail('chainParentMissing', { height: e.height, type: e.type, parent: e.parent.slice(0, 16) });
      }
      fail('chainBroken', { index: i + 1, type: e.type, height: e.height });
    }
    if (i === 0 && e.type !== 'Setup') fail('chainFirst', { type: e.type });
    if (i > 0) checkEventFollows(e, events[i - 1]!);
    previous = eventHashes[i];
    try {
      coded(() => payloadsOfEvent(e, lookup)); // every referenced payload is present
    } catch (err) {
      // a record the chain names is gone: the archive was read, and it is incomplete
      if (err instanceof UnusableCheck && err.detail.code === 'payloadMissing') throw new FailedCheck(err.detail);
      throw err;
    }
  });
  return { value: true, detail: detail('chainOk', { events: events.length, last: events.length - 1 }) };
}

/** 'canonical archive': the file is exactly what belenios would write for this chain. */
export function checkCanonicalArchive(bytes: Uint8Array, timestamp: bigint, events: readonly ElectionEvent[], lookup: RecordLookup): Checked<true> {
  const regenerated = coded(() => canonicalArchive(timestamp, events, lookup));
  if (regenerated.length !== bytes.length || regenerated.some((b, i) => b !== bytes[i])) {
    let i = 0;
    while (i < regenerated.length && i < bytes.length && regenerated[i] === bytes[i]) i++;
    fail('canonicalDiffers', { byte: i });
  }
  return { value: true, detail: detail('canonicalOk') };
}

/** 'setup data': the Setup event's payload names the election, trustees and credentials. */
export function checkSetupData(text: string): Checked<SetupData> {
  return { value: coded(() => decodeText(zSetupData, text, 'setup data')), detail: detail('setupOk') };
}

/** 'election': the election record loads, and every question is one Jirga can verify. */
export function checkElection(electionRaw: string): Checked<ElectionContext> {
  const c = coded(() => {
    try {
      return loadElection(electionRaw);
    } catch (e) {
      // a key outside the group is read, and wrong (group membership is a check)
      const d = e instanceof UnusableInput ? detailOf(e) : undefined;
      if (d?.code === 'electionKeyNotElement') throw new FailedCheck(d);
      throw e;
    }
  });
  // spec 4.10: "the embedding structure is required when the election includes a
  // non-homomorphic question" (only RFC-3526-2048 has one)
  const nh = nonHomomorphicCount(c.election);
  if (nh > 0 && !c.group.embedding) fail('electionNoEmbedding', { questions: nh, group: c.group.name });
  return {
    value: c,
    detail: detail('electionOk', { name: c.election.name, uuid: c.election.uuid, group: c.group.name, questions: c.election.questions.length, fingerprint: c.fingerprint }),
  };
}

/** 'trustees': each trustee's key is proven, and together they make the election key. */
export function checkTrusteesRecord(ctx: ElectionContext, trusteesRaw: string): Checked<Trustees> {
  const ts = coded(() => decodeText(zTrustees, trusteesRaw, 'the trustees record'));
  const problems = coded(() => checkTrustees(ctx.group, ts));
  if (problems.length) throw new FailedCheck(readSentence(problems[0]!));
  if (coded(() => combineTrusteeKeys(ctx.group, ts)) !== ctx.publicKey) fail('trusteesKeyProduct');
  const single = ts.filter((t) => t[0] === 'Single').length;
  const pedersen = ts.filter((t) => t[0] === 'Pedersen').map((t) => (t[0] === 'Pedersen' ? `${t[1].threshold}/${t[1].verification_keys.length}` : ''));
  return { value: ts, detail: pedersen.length ? detail('trusteesOkThreshold', { single, groups: pedersen.join(' ') }) : detail('trusteesOk', { single }) };
}

/** 'public credentials': each is a group element, none twice; the value maps key to weight. */
/**
 * The strings of a credentials record written as belenios writes it — a JSON array of
 * strings of digits and commas, no space, no escape — one at a time, so that the whole
 * list is never held beside the record (100,000 voters: 62 MB each). Exactly what
 * JSON.parse and zPublicCredentials would give for such a record; undefined for any
 * other text, which the general path then judges with its own words.
 */
export function simpleCredentialStrings(text: string): Iterable<string> | undefined {
  const QUOTE = 34, COMMA = 44, ZERO = 48, NINE = 57;
  const n = text.length;
  if (n < 2 || text.charCodeAt(0) !== 91 || text.charCodeAt(n - 1) !== 93) return undefined;
  if (n > 2) {
    // "[" ( string ( "," string )* )? "]", each string "\"" [0-9,]* "\""
    let i = 1;
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) return undefined;
      i++;
      for (let c = text.charCodeAt(i); c !== QUOTE; c = text.charCodeAt(++i)) {
        if (!((c >= ZERO && c <= NINE) || c === COMMA)) return undefined; // also NaN past the end
      }
      i++;
      if (i === n - 1) break;
      if (text.charCodeAt(i) !== COMMA) return undefined;
      i++;
    }
  }
  return {
    *[Symbol.iterator]() {
      for (let start = 1; start < n - 1; ) {
        const end = text.indexOf('"', start + 1);
        yield text.slice(start + 1, end);
        start = end + 2;
      }
    },
  };
}

export function checkPublicCredentials(group: Group, credentialsRaw: string): Checked<Map<bigint, bigint>> {
  const list = simpleCredentialStrings(credentialsRaw) ?? coded(() => decodeText(zPublicCredentials, credentialsRaw, 'the credentials record'));
  const map = new Map<bigint, bigint>();
  let total = 0n;
  let count = 0;
  let weighted = false;
  for (const text of list) {
    const i = count++;
    const { key, weight } = coded(() => parsePublicCredential(text));
    if (!group.isElement(key)) fail('credentialNotElement', { n: i + 1 });
    if (map.has(key)) fail('credentialDuplicate', { n: i + 1 });
    map.set(key, weight);
    total += weight;
    if (text.includes(',')) weighted = true;
  }
  return { value: map, detail: weighted ? detail('credentialsOkWeighted', { credentials: count, weight: String(total) }) : detail('credentialsOk', { credentials: count }) };
}

/** What a ballot says when it was read and holds a number outside the group or Z_q. */
const OUT_OF_RANGE = new Set<Detail['code']>(['ballotCredentialNotElement', 'ballotChoiceNotElement', 'ballotNumberNotBelowQ']);

/** Checks a batch of raw ballots against an election (possibly in worker threads). */
export type BallotChecker = (electionRaw: string, ballots: readonly string[]) => Promise<BallotCheck[]>;

/** A ballot of the board read again: its position among the board's ballots (from 1) and its text. */
export interface BallotAgain {
  n: number;
  text: string;
}

/**
 * Reads the board's ballots a second time, for the tally of a board with re-votes: the
 * texts of the ballots whose position `replaced` says yes to (asked in increasing
 * order), in board order. It must make sure that what it reads is the board read the
 * first time (or throw archiveChanged()): the tally is only computed once it ended.
 */
export type ReadBallotsAgain = (replaced: (n: number) => boolean) => AsyncIterable<BallotAgain>;

/** The board read a second time is not the one first read. */
export const archiveChanged = (): UnusableCheck => new UnusableCheck(detail('archiveChanged'));

/** What the 'ballots' check leaves for the tally. */
export interface CountedBallots {
  /** The ballots counted: one per credential that voted, its last. */
  readonly count: number;
  /** Their credentials' total weight. */
  readonly totalWeight: bigint;
  /** The ballots that a later ballot of the same credential replaced. */
  readonly replaced: number;
  /** The encrypted tally of the counted ballots (spec 4.16), computed once; when re-votes
   * replaced ballots, it reads those again (the ballots check's ReadBallotsAgain). */
  tally(): Promise<EncryptedTally>;
}

/**
 * 'ballots' (spec 3.5.1, 4.15) as the ballots' checks arrive, in the order of the board:
 * the checker found every ballot valid, each is signed with a listed credential, and the
 * last ballot of each credential is the one counted, with the credential's weight.
 *
 * What it keeps does not grow with the ballots beyond one small record per credential:
 * every valid ballot's ciphertexts (raised to its weight) are multiplied into running
 * products as it arrives, and each credential keeps only the position of its last
 * ballot. When no credential voted twice, the products are the encrypted tally. When
 * some did, the ballots they replaced are read again (only parsed: their proofs were
 * checked), multiplied into a second product, and divided out once at the end. A
 * non-homomorphic (ranked or graded) question's tally is the list of the counted
 * ballots' ciphertexts: for those questions only, each credential keeps its last
 * ballot's ciphertext.
 * (Plain fields, not #private ones: a test walks them to see that they are all it keeps.)
 */
export class BallotCounter {
  /** Each listed credential's number in the tables below (the keys are the credential table's own). */
  private readonly index = new Map<bigint, number>();
  private readonly weights: bigint[] = [];
  /** Per credential: the position of its last ballot (from 1), 0 when it did not vote. */
  private readonly lastBallot: Uint32Array;
  /** The questions that are not homomorphic, and per credential its last ballot's ciphertext for each. */
  private readonly nhQuestions: number[];
  private readonly nhLast: (Ciphertext[] | undefined)[] | undefined;
  /** Every valid ballot's ciphertexts, multiplied. */
  private readonly all: HomomorphicProducts;
  private counted = 0;
  private weight = 0n;
  private seen = 0;
  private firstProblem?: { n: number; check: BallotCheck; notListed?: true };
  /** An answer of the wrong shape for the tally (what encryptedTallyOf would have thrown). */
  private tallyProblem?: unknown;
  private computed?: Promise<EncryptedTally>;

  constructor(
    private readonly ctx: ElectionContext,
    credentials: ReadonlyMap<bigint, bigint>,
    private readonly readAgain: ReadBallotsAgain,
    private readonly onReadAgain?: (progress: { read: number; of: number }) => void,
  ) {
    for (const [key, weight] of credentials) {
      this.index.set(key, this.weights.length);
      this.weights.push(weight);
    }
    this.lastBallot = new Uint32Array(this.weights.length);
    this.nhQuestions = ctx.election.questions.flatMap((q, i) => (isHomomorphic(q) ? [] : [i]));
    this.nhLast = this.nhQuestions.length ? new Array<Ciphertext[] | undefined>(this.weights.length) : undefined;
    this.all = new HomomorphicProducts(ctx);
  }

  /** Ballots checked so far. */
  get checked(): number {
    return this.seen;
  }

  /** The checks of the next ballots, in board order. */
  add(results: readonly BallotCheck[]): void {
    for (const r of results) {
      const n = ++this.seen;
      if (this.firstProblem) continue;
      if (!r.ok) {
        this.firstProblem = { n, check: r };
        continue;
      }
      const k = this.index.get(r.credential);
      if (k === undefined) {
        this.firstProblem = { n, check: r, notListed: true };
        continue;
      }
      const weight = this.weights[k]!;
      if (this.lastBallot[k] === 0) {
        this.counted++;
        this.weight += weight;
      }
      this.lastBallot[k] = n; // a re-vote: the later ballot replaces the earlier one
      if (this.tallyProblem !== undefined) continue;
      try {
        this.all.add(r.ballot.answers, weight);
        if (this.nhLast) this.nhLast[k] = this.nhCiphertexts(r.ballot.answers);
      } catch (e) {
        this.tallyProblem = e;
      }
    }
  }

  /** A ballot's ciphertexts for the non-homomorphic questions (throws as RunningTally does). */
  private nhCiphertexts(answers: Ballot['answers']): Ciphertext[] {
    return this.nhQuestions.map((i) => {
      const answer = answers[i]?.choices;
      if (answer === undefined || Array.isArray(answer)) throw new InvalidRequest(`a ballot has a list of choices for the non-homomorphic question ${i + 1}`);
      return answer as Ciphertext;
    });
  }

  /** The verdict once all `total` ballots of the board were added. */
  finish(total: number): Checked<CountedBallots> {
    const p = this.firstProblem;
    if (p) {
      const label = { n: p.n, of: total, tracker: p.check.tracker };
      if (p.notListed) fail('ballot', label, detail('ballotNotListed'));
      if (!p.check.ok) {
        const reason = readBallotProblem(p.check.message);
        const d = detail('ballot', label, reason);
        // a ballot that cannot be read is unusable; one read whose number lies outside the
        // group or Z_q fails the check like a wrong proof
        if (p.check.unusable && !OUT_OF_RANGE.has(reason.code)) throw new UnusableCheck(d);
        throw new FailedCheck(d);
      }
    }
    const revotes = total - this.counted;
    const value: CountedBallots = { count: this.counted, totalWeight: this.weight, replaced: revotes, tally: () => (this.computed ??= this.tally(revotes)) };
    return {
      value,
      detail: revotes ? detail('ballotsOkRevotes', { ballots: total, counted: this.counted, replaced: revotes }) : detail('ballotsOk', { ballots: total, counted: this.counted }),
    };
  }

  private async tally(revotes: number): Promise<EncryptedTally> {
    if (this.tallyProblem !== undefined) throw this.tallyProblem;
    if (this.nhLast) this.checkNHWeights();
    const products = revotes ? this.all.without(await this.replacedProducts(revotes)) : this.all.products();
    return this.ctx.election.questions.map((_, i) => {
      const h = products[i];
      if (h) return h;
      const k = this.nhQuestions.indexOf(i);
      const list: Ciphertext[] = [];
      this.lastBallot.forEach((last, c) => {
        if (last !== 0) list.push(this.nhLast![c]![k]!);
      });
      return list.sort(compareCiphertexts);
    });
  }

  /** A counted ballot that answers a non-homomorphic question must weigh 1 (the first such
   * in the order of counting is named, as encryptedTallyOf names it). */
  private checkNHWeights(): void {
    let first: number | undefined;
    this.lastBallot.forEach((last, c) => {
      if (last !== 0 && this.weights[c] !== 1n && (first === undefined || last < this.lastBallot[first]!)) first = c;
    });
    if (first !== undefined) {
      throw new VerificationFailure(`a counted ballot of weight ${this.weights[first]} answers the non-homomorphic question ${this.nhQuestions[0]! + 1}, where every ballot must weigh 1`);
    }
  }

  /** The product of the ballots that re-votes replaced, read again. */
  private async replacedProducts(revotes: number): Promise<HomomorphicProducts> {
    // the positions of the counted ballots, in increasing order: every other one was replaced
    const kept = this.lastBallot.filter((n) => n !== 0).sort();
    let at = 0;
    let previous = 0;
    const replaced = (n: number): boolean => {
      if (n <= previous) throw new Error('ballots must be asked for in increasing order');
      previous = n;
      while (at < kept.length && kept[at]! < n) at++;
      return kept[at] !== n;
    };
    const out = new HomomorphicProducts(this.ctx);
    let read = 0;
    this.onReadAgain?.({ read, of: revotes });
    for await (const { n, text } of this.readAgain(replaced)) {
      let ballot: Ballot;
      try {
        ballot = decodeValue(zBallot, parseJsonText(text, 'ballot'), 'ballot');
      } catch {
        throw archiveChanged();
      }
      const k = this.index.get(ballot.credential);
      // a replaced ballot was valid, and its credential voted again later
      if (k === undefined || !(this.lastBallot[k]! > n)) throw archiveChanged();
      out.add(ballot.answers, this.weights[k]!);
      read++;
      this.onReadAgain?.({ read, of: revotes });
    }
    if (read !== revotes) throw archiveChanged();
    return out;
  }
}

/** 'ballots' of a whole board at once (see BallotCounter): the texts are in memory, and
 * are read again from there. */
export async function checkBallots(
  checker: BallotChecker,
  ctx: ElectionContext,
  electionRaw: string,
  texts: readonly string[],
  credentials: ReadonlyMap<bigint, bigint>,
): Promise<Checked<CountedBallots>> {
  const again: ReadBallotsAgain = async function* (replaced) {
    for (let i = 0; i < texts.length; i++) if (replaced(i + 1)) yield { n: i + 1, text: texts[i]! };
  };
  const counter = new BallotCounter(ctx, credentials, again);
  counter.add(await checker(electionRaw, texts));
  return counter.finish(texts.length);
}

/**
 * 'encrypted tally': the EncryptedTally event's counts are the board's, and the
 * published tally is the product of the counted ballots; the value is the recomputed one.
 */
export async function checkEncryptedTally(sizedTallyText: string, lookup: RecordLookup, counted: CountedBallots): Promise<Checked<EncryptedTally>> {
  const sized = coded(() => decodeText(zSizedEncryptedTally, sizedTallyText, 'sized encrypted tally'));
  const published = coded(() => decodeText(zEncryptedTally, lookup(sized.encrypted_tally)!, 'the encrypted tally record'));
  const computed = await codedAsync(() => counted.tally());
  const { totalWeight } = counted;
  if (sized.num_tallied !== counted.count) fail('tallyCount', { claimed: sized.num_tallied, actual: counted.count });
  if (sized.total_weight !== totalWeight) fail('tallyWeight', { claimed: String(sized.total_weight), actual: String(totalWeight) });
  if (writeJson(writeEncryptedTally(published)) !== writeJson(writeEncryptedTally(computed))) {
    fail('tallyProduct');
  }
  return { value: computed, detail: detail('tallyOk', { counted: counted.count, weight: String(totalWeight) }) };
}

/**
 * 'partial decryptions' (spec 4.18): each comes from an existing trustee and proves
 * that it decrypts `tally` with that trustee's key. `ownedTexts` are the events' payloads.
 */
export function checkPartialDecryptions(ctx: ElectionContext, tally: EncryptedTally, trustees: Trustees, ownedTexts: readonly string[], lookup: RecordLookup): Checked<OwnedPartialDecryption[]> {
  const keys = flattenTrusteeKeys(trustees);
  const alphaBases = tally.map((q) => q.map((c) => ctx.group.variableBase(c.alpha)));
  const out: OwnedPartialDecryption[] = ownedTexts.map((text, k) => {
    const owned = coded(() => decodeText(zOwned, text, `partial decryption ${k + 1}`));
    const pd = coded(() => decodeText(zPartialDecryption, lookup(owned.payload)!, `partial decryption ${k + 1}`));
    const key = keys[owned.owner - 1];
    if (!key) fail('decryptionUnknownTrustee', { n: k + 1, owner: owned.owner, trustees: keys.length });
    const problem = coded(() => partialDecryptionProblem(ctx, tally, key.public_key, pd, (i, j, x) => alphaBases[i]![j]!.pow(x)));
    if (problem) fail('decryptionOf', { owner: owned.owner }, readDecryptionProblem(problem));
    return { owner: owned.owner, pd };
  });
  return {
    value: out,
    detail: out.length ? detail('decryptionsOk', { decryptions: out.length, trustees: [...new Set(out.map((p) => p.owner))].join(' ') }) : detail('decryptionsNone'),
  };
}

/**
 * 'result' of an election with non-homomorphic questions (spec 4.19), checked against
 * the tally whose NH lists are the last shuffle's: each homomorphic count as checkResult
 * does, and each NH entry (one vector per shuffled ciphertext) equal to the decoded
 * decryption, as belenios-tool compares them.
 */
export function checkMixedResult(
  ctx: ElectionContext,
  trustees: Trustees,
  tally: EncryptedTally,
  pds: readonly OwnedPartialDecryption[],
  resultText: string,
  totalWeight: bigint,
): Checked<ResultEntry[]> {
  const { group, election } = ctx;
  const published = coded(() => decodeText(zMixedResult, resultText, 'the result record').result);
  const factors = coded(() => combineDecryptionFactors(group, trustees, tally, pds));
  const powers = coded(() => decryptedPowers(group, tally, factors));
  if (published.length !== powers.length) fail('resultQuestions', { published: published.length, expected: powers.length });
  election.questions.forEach((q, i) => {
    const entry = published[i]!;
    const p = powers[i]!;
    if (entry.length !== p.length) fail('resultCounts', { question: i + 1, published: entry.length, expected: p.length });
    if (isHomomorphic(q)) {
      if (isVectors(entry)) fail('resultKind', { question: i + 1 });
      (entry as bigint[]).forEach((claimed, j) => {
        if (claimed > totalWeight) fail('resultOverWeight', { question: i + 1, answer: j + 1, claimed: String(claimed), weight: String(totalWeight) });
        if (group.powG(claimed) !== p[j]) fail('resultWrong', { question: i + 1, answer: j + 1, claimed: String(claimed) });
      });
    } else {
      if (entry.length > 0 && !isVectors(entry)) fail('resultKind', { question: i + 1 });
      (entry as number[][]).forEach((claimed, j) => {
        const decoded = decodeVector(group, q.value.answers.length, p[j]!);
        if (claimed.length !== decoded.length || claimed.some((v, k) => v !== decoded[k])) fail('resultNHWrong', { question: i + 1, ballot: j + 1, claimed: JSON.stringify(claimed) });
      });
    }
  });
  const shown = published.map((q) => (isVectors(q) ? q : (q as bigint[]).map(String)));
  return { value: published, detail: detail('resultOk', { result: JSON.stringify(shown) }) };
}

/**
 * 'result' (spec 4.19): every published count is what the combined decryption of the
 * tally gives, and none exceeds the total weight.
 */
export function checkResult(
  group: Group,
  trustees: Trustees,
  tally: EncryptedTally,
  pds: readonly OwnedPartialDecryption[],
  resultText: string,
  totalWeight: bigint,
): Checked<bigint[][]> {
  const published = coded(() => decodeText(zResult, resultText, 'the result record').result);
  const factors = coded(() => combineDecryptionFactors(group, trustees, tally, pds));
  const powers = coded(() => decryptedPowers(group, tally, factors));
  if (published.length !== powers.length) fail('resultQuestions', { published: published.length, expected: powers.length });
  powers.forEach((q, i) => {
    if (published[i]!.length !== q.length) fail('resultCounts', { question: i + 1, published: published[i]!.length, expected: q.length });
    q.forEach((power, j) => {
      const claimed = published[i]![j]!;
      if (claimed > totalWeight) fail('resultOverWeight', { question: i + 1, answer: j + 1, claimed: String(claimed), weight: String(totalWeight) });
      if (group.powG(claimed) !== power) fail('resultWrong', { question: i + 1, answer: j + 1, claimed: String(claimed) });
    });
  });
  return { value: published, detail: detail('resultOk', { result: JSON.stringify(published.map((q) => q.map(String))) }) };
}
