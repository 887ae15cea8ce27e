// The full verifier of a .bel archive: everything belenios-tool's `election verify`
// checks (spec 3.5), plus a few things it leaves implicit (the published encrypted
// tally, the order of events, results bounded by the total weight), each failure
// named precisely. Pure: ballots can be checked in parallel by an injected checker.
//
// The checks themselves are in verify-checks.ts, one function each. This file runs
// them in the order of the board (archive, setup, ballots, tally, decryptions,
// result), records each verdict, skips what an earlier failure makes impossible to
// judge, and hands the verified board to callers.
import {
  canonicalEntry,
  canonicalHeaderText,
  DEFAULT_MAX_ARCHIVE_BYTES,
  isCanonicalEntry,
  decodeEvent,
  payloadsOfEvent,
  readArchiveHeader,
  readRecordEntry,
  TarSplitter,
  type ArchiveRecord,
  type TarEntry,
} from './archive.ts';
import { checkBallot } from './ballot.ts';
import { sha256Hex } from './hash.ts';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeText, zOwned, zShuffle, type Ciphertext, type ElectionEvent, type EncryptedTally, type Shuffle, type Trustees } from './codec.ts';
import { loadElection, nonHomomorphicCount, type ElectionContext } from './election.ts';
import { Unsupported, UnusableInput } from '../kernel/errors.ts';
import { detail, detailOf, englishDetail, hasDetail, type Detail } from './verify-details.ts';
import { mergeNhCiphertexts, nhCiphertexts, verifyShuffleChain } from './shuffle.ts';
import type { OwnedPartialDecryption } from './tally.ts';
import type { BallotCheck } from './ballot.ts';
import {
  archiveChanged,
  BallotCounter,
  checkArchiveStructure,
  checkBallots,
  checkEventFollows,
  checkCanonicalArchive,
  checkElection,
  checkEncryptedTally,
  checkEventChain,
  checkPartialDecryptions,
  checkPublicCredentials,
  checkRecordHashes,
  checkMixedResult,
  checkResult,
  checkSetupData,
  checkTrusteesRecord,
  decodeEvents,
  recordsByHash,
  type BallotAgain,
  type BallotChecker,
  type Checked,
  type CountedBallots,
  type RecordLookup,
} from './verify-checks.ts';

export type { BallotChecker, CountedBallots };

export type CheckStatus = 'ok' | 'failed' | 'unusable' | 'skipped';

/** One check's verdict: what it says as a code with parameters (verify-details.ts), for
 * interfaces in other languages, and `detail`, the same in English. */
export interface Check extends Detail {
  name: string;
  status: CheckStatus;
  detail: string;
}

export interface VerificationReport {
  checks: Check[];
  status: 'valid' | 'invalid' | 'unusable';
  /** The first failure, or the summary of a valid archive. */
  conclusion: string;
  uuid?: string;
  phase?: 'open' | 'closed' | 'tallied' | 'decrypting' | 'published';
  ballots?: number;
  voters?: number;
  result?: bigint[][];
  /** The verified result of an election with ranked or graded questions: per question, the
   * counts (homomorphic) or the decrypted ballots, one vector each (non-homomorphic). */
  mixedResult?: (bigint[] | number[][])[];
  /** What the verified board contains, for tools that compute the next step. */
  board?: VerifiedBoard;
}

export interface VerifiedBoard {
  timestamp: bigint;
  events: ElectionEvent[];
  ctx?: ElectionContext;
  trustees?: Trustees;
  credentials?: Map<bigint, bigint>;
  /** The counted ballots: how many, their weight, and their encrypted tally on demand
   * (the verifier keeps running products, not the ballots: see BallotCounter). */
  counted?: CountedBallots;
  tally?: EncryptedTally;
  /** The ciphertexts of the non-homomorphic questions in the verified encrypted tally,
   * one list per such question in question order (nh_ciphertexts, spec 4.17): what the
   * first shuffle re-encrypts and permutes. Empty when the election has none. */
  toShuffle?: Ciphertext[][];
  totalWeight?: bigint;
  partialDecryptions?: OwnedPartialDecryption[];
}

export const sequentialBallotChecker: BallotChecker = async (electionRaw, ballots) => {
  const ctx = loadElection(electionRaw);
  return ballots.map((b) => checkBallot(ctx, b));
};

export interface VerifyOptions {
  /** Refuse an archive larger than this (verifyArchive: 1 GiB by default; a stream: no limit unless given). */
  maxBytes?: number;
  checkBallots?: BallotChecker;
  /** Called as each check completes (for live output). */
  onCheck?: (check: Check) => void;
  /** Called as ballots are checked while the archive is read. */
  onProgress?: (progress: VerifyProgress) => void;
  /** Called as the ballots that re-votes replaced are read a second time: `read` of `of` (first with `read` 0). */
  onReadAgain?: (progress: { read: number; of: number }) => void;
  /** Keep every Ballot event in `board.events` (verifyArchive does; a streamed verification
   * keeps only the others unless asked, so that its memory does not grow with the ballots). */
  keepBallotEvents?: boolean;
}

export interface VerifyProgress {
  /** Bytes of the archive read so far, and its size when known. */
  bytes: number;
  totalBytes?: number;
  /** Ballots read so far, and how many of them were checked. */
  ballots: number;
  checked: number;
}

/** Where an archive's bytes come from: chunks as they arrive (a file read as a stream, a
 * download). `chunks()` may be called a second time: for the ballots that re-votes
 * replaced (up to the last ballot; it must give the same board), or to read an archive
 * that is not in canonical form again as a whole (see verifyArchiveStream). */
export interface ArchiveSource {
  chunks(): AsyncIterable<Uint8Array>;
  /** The archive's size when known before reading (a file's): the size limit is checked first. */
  size?: number;
  /** The whole archive, when it is already in memory. */
  bytes?: Uint8Array;
}

/** The checks made so far, in order; each is announced as it is recorded. */
class Report {
  readonly checks: Check[] = [];
  constructor(private readonly onCheck?: (c: Check) => void) {}
  add(name: string, status: CheckStatus, said: Detail): void {
    const c: Check = { name, status, ...said, detail: englishDetail(said) };
    this.checks.push(c);
    this.onCheck?.(c);
  }
  /** Run one check; errors become failed/unusable entries. Returns the value or undefined. */
  run<T>(name: string, check: () => Checked<T>): T | undefined {
    try {
      const { value, detail } = check();
      this.add(name, 'ok', detail);
      return value;
    } catch (e) {
      return this.refuse(name, e);
    }
  }
  async runAsync<T>(name: string, check: () => Promise<Checked<T>>): Promise<T | undefined> {
    try {
      const { value, detail } = await check();
      this.add(name, 'ok', detail);
      return value;
    } catch (e) {
      return this.refuse(name, e);
    }
  }
  skip(name: string, why: Detail['code']): void {
    this.add(name, 'skipped', detail(why));
  }
  /** A board that cannot be judged is 'unusable'; one that is wrong, 'failed'. */
  private refuse(name: string, e: unknown): undefined {
    this.add(name, e instanceof UnusableInput || e instanceof Unsupported ? 'unusable' : 'failed', detailOf(e));
    return undefined;
  }
}

/**
 * The first check that did not pass decides the report: 'unusable' (exit 2) only when
 * that first one could not read the archive as Belenios data (not a tar, truncated, a
 * record that is not JSON of its kind, a feature Jirga cannot verify); an archive that
 * was read and failed a check is 'invalid' (exit 1) even if a later record is unreadable
 * too — an altered record that no longer hashes to its name is tampering, not bad input.
 */
function concludeReport(checks: Check[], verified: VerifiedBoard, extra: Partial<VerificationReport>): VerificationReport {
  const first = checks.find((c) => c.status === 'failed' || c.status === 'unusable');
  return {
    ...extra,
    board: verified,
    checks,
    status: first ? (first.status === 'unusable' ? 'unusable' : 'invalid') : 'valid',
    conclusion: first ? `${first.name}: ${first.detail}` : extra.conclusion ?? 'all checks passed',
  };
}

/** The archive's events and records, once its structure has been read. */
interface ArchiveContents {
  events: ElectionEvent[];
  lookup: RecordLookup;
}

/** What the setup records hold, once the election could be loaded. */
interface VerifiedSetup {
  electionRaw: string;
  ctx: ElectionContext;
  trustees?: Trustees;
  credentials?: Map<bigint, bigint>;
}

/** Steps 1-4: the file's structure, its records' hashes, the event chain, canonical bytes. */
function readArchive(report: Report, bytes: Uint8Array, maxBytes: number | undefined, verified: VerifiedBoard): ArchiveContents | undefined {
  const archive = report.run('archive structure', () => checkArchiveStructure(bytes, maxBytes));
  if (!archive) return undefined;
  verified.timestamp = archive.timestamp;
  report.run('record hashes', () => checkRecordHashes(archive.records));
  const byHash = recordsByHash(archive.records);
  const lookup: RecordLookup = (h) => byHash.get(h)?.text;

  let events: ElectionEvent[];
  try {
    events = decodeEvents(archive.records);
  } catch (e) {
    report.add('event chain', 'unusable', detailOf(e));
    return undefined;
  }
  verified.events = events;
  const eventHashes = archive.records.filter((r) => r.kind === 'event').map((r) => r.hash);
  const chainOk = report.run('event chain', () => checkEventChain(events, eventHashes, byHash, lookup));
  if (chainOk) {
    report.run('canonical archive', () => checkCanonicalArchive(bytes, archive.timestamp, events, lookup));
  } else {
    report.skip('canonical archive', 'skipChainBroken');
  }
  return { events, lookup };
}

/** Step 5: the setup data, the election, the trustees and the public credentials. */
function readSetup(report: Report, { events, lookup }: ArchiveContents, verified: VerifiedBoard): VerifiedSetup | undefined {
  const setupEvent = events[0];
  if (!setupEvent || setupEvent.type !== 'Setup' || !setupEvent.payload || !lookup(setupEvent.payload)) return undefined;
  const setup = report.run('setup data', () => checkSetupData(lookup(setupEvent.payload!)!));
  if (!setup) return undefined;
  const electionRaw = lookup(setup.election);
  const trusteesRaw = lookup(setup.trustees);
  const credentialsRaw = lookup(setup.credentials);
  if (electionRaw === undefined || trusteesRaw === undefined || credentialsRaw === undefined) return undefined;

  const ctx = report.run('election', () => checkElection(electionRaw));
  if (!ctx) return undefined;
  verified.ctx = ctx;
  const trustees = report.run('trustees', () => checkTrusteesRecord(ctx, trusteesRaw));
  const credentials = report.run('public credentials', () => checkPublicCredentials(ctx.group, credentialsRaw));
  if (trustees) verified.trustees = trustees;
  if (credentials) verified.credentials = credentials;
  return { electionRaw, ctx, trustees, credentials };
}

/** Step 6: the ballots, with the credential list and the re-vote rule. */
async function countBallots(report: Report, setup: VerifiedSetup, count: () => Promise<Checked<CountedBallots>>, verified: VerifiedBoard): Promise<CountedBallots | undefined> {
  const { credentials } = setup;
  if (!credentials) {
    report.skip('ballots', 'skipCredentials');
    return undefined;
  }
  if (report.checks.some((c) => c.name === 'event chain' && (c.status === 'unusable' || c.code === 'payloadMissing'))) {
    // a payload the events refer to is missing or malformed: the chain check named it,
    // and nothing that reads payloads can be judged
    report.skip('ballots', 'skipChainRecords');
    return undefined;
  }
  const counted = await report.runAsync('ballots', count);
  if (counted) {
    verified.counted = counted;
    verified.totalWeight = counted.totalWeight;
  }
  return counted;
}

/** Step 7: the encrypted tally of the EncryptedTally event. */
async function verifyTally(report: Report, { lookup }: ArchiveContents, ctx: ElectionContext, tallyEvent: ElectionEvent, counted: CountedBallots | undefined, verified: VerifiedBoard): Promise<EncryptedTally | undefined> {
  let tally: EncryptedTally | undefined;
  if (counted) {
    tally = await report.runAsync('encrypted tally', () => checkEncryptedTally(lookup(tallyEvent.payload!)!, lookup, counted));
  } else {
    report.skip('encrypted tally', 'skipBallots');
  }
  if (tally) {
    verified.tally = tally;
    verified.toShuffle = nhCiphertexts(ctx.election.questions, tally);
  }
  return tally;
}

/**
 * Step 7b (spec 4.17): the shuffles of the non-homomorphic ciphertexts. Returns whether
 * the partial decryptions can be checked against the tally as verified so far.
 * Shuffles are not verified by this version: an archive with Shuffle events is unusable
 * here, and what they feed (decryptions, result) is skipped; `verified.toShuffle` holds
 * the first shuffle's input. Decryptions of non-homomorphic ciphertexts that were never
 * shuffled break the secrecy of every ranking or grading: the board is wrong.
 */
function verifyShuffles({ events, lookup }: ArchiveContents, report: Report, ctx: ElectionContext, tally: EncryptedTally | undefined, verified: VerifiedBoard): { decryptable: boolean; tally: EncryptedTally | undefined } {
  const shuffleEvents = events.filter((e) => e.type === 'Shuffle');
  const nh = nonHomomorphicCount(ctx.election);
  if (shuffleEvents.length) {
    if (nh === 0) {
      // belenios-tool 2.0 ignores shuffles when no question is non-homomorphic
      report.add('shuffles', 'unusable', detail('shufflesUnsupported'));
      return { decryptable: true, tally };
    }
    if (!tally || !verified.toShuffle) {
      report.skip('shuffles', 'skipEarlier');
      return { decryptable: false, tally: undefined };
    }
    const read: { owner: number; shuffle: Shuffle }[] = [];
    for (const [k, e] of shuffleEvents.entries()) {
      try {
        const owned = decodeText(zOwned, lookup(e.payload!)!, 'the shuffle\'s owned payload');
        read.push({ owner: owned.owner, shuffle: decodeText(zShuffle, lookup(owned.payload)!, 'the shuffle') });
      } catch (err) {
        report.add('shuffles', 'failed', detail('shuffleUnreadable', { shuffle: k + 1, reason: err instanceof Error ? err.message : String(err) }));
        return { decryptable: false, tally: undefined };
      }
    }
    // each shuffle against the previous one's output, the first against the verified tally's NH lists
    const chain = verifyShuffleChain({ group: ctx.group, publicKey: ctx.publicKey, fingerprint: ctx.fingerprint }, verified.toShuffle, read.map((r) => r.shuffle));
    if (!chain.ok) {
      report.add('shuffles', 'failed', detail('shuffleFailed', { shuffle: chain.shuffle, owner: read[chain.shuffle - 1]!.owner, question: chain.failure.question ?? 0, part: chain.failure.check }));
      return { decryptable: false, tally: undefined };
    }
    report.add('shuffles', 'ok', detail('shufflesOk', { count: read.length }));
    // what the trustees decrypt: the tally with its NH lists replaced by the last shuffle's
    return { decryptable: true, tally: mergeNhCiphertexts(ctx.election.questions, tally, chain.output) };
  }
  if (nh > 0 && events.some((e) => e.type === 'PartialDecryption')) {
    report.add('shuffles', 'failed', detail('shufflesMissing'));
    return { decryptable: false, tally: undefined };
  }
  return { decryptable: true, tally };
}

/** Step 8: the partial decryptions, when the tally and the trustees they prove against are known. */
function verifyPartialDecryptions(report: Report, { events, lookup }: ArchiveContents, setup: VerifiedSetup, tally: EncryptedTally | undefined, verified: VerifiedBoard): OwnedPartialDecryption[] | undefined {
  const pdEvents = events.filter((e) => e.type === 'PartialDecryption');
  const { trustees } = setup;
  let pds: OwnedPartialDecryption[] | undefined;
  if (tally && trustees) {
    pds = report.run('partial decryptions', () => checkPartialDecryptions(setup.ctx, tally, trustees, pdEvents.map((e) => lookup(e.payload!)!), lookup));
  } else if (pdEvents.length) {
    report.skip('partial decryptions', 'skipTallyOrTrustees');
  }
  if (pds) verified.partialDecryptions = pds;
  return pds;
}

/** What the report says of the election, whatever its phase. */
interface ElectionSummary {
  uuid: string;
  ballots: number;
  voters: number | undefined;
}

/** The conclusion of a board whose ballot box is open, or closed and not yet tallied. */
function beforeTally(events: readonly ElectionEvent[], summary: ElectionSummary): Partial<VerificationReport> {
  const closed = events.some((e) => e.type === 'EndBallots');
  return {
    ...summary,
    phase: closed ? 'closed' : 'open',
    conclusion: `election ${summary.uuid} is ${closed ? 'closed, not yet tallied' : 'open'}; ${summary.ballots} ballot(s), ${summary.voters ?? '?'} counted`,
  };
}

/**
 * Steps 6-9 once the archive was read and its setup verified: the ballots (`count` gives
 * their verdict), the tally, the decryptions and the result.
 */
async function verifyBoard(
  report: Report,
  contents: ArchiveContents,
  setup: VerifiedSetup,
  ballots: { total: number; count: () => Promise<Checked<CountedBallots>> },
  verified: VerifiedBoard,
  finish: (extra?: Partial<VerificationReport>) => VerificationReport,
): Promise<VerificationReport> {
  const { events, lookup } = contents;
  const { ctx, trustees } = setup;
  const counted = await countBallots(report, setup, ballots.count, verified);
  const uuid = ctx.election.uuid;
  const summary: ElectionSummary = { uuid, ballots: ballots.total, voters: counted?.count };

  // 7-8. Encrypted tally, partial decryptions (spec 4.18).
  const tallyEvent = events.find((e) => e.type === 'EncryptedTally');
  if (!tallyEvent) return finish(beforeTally(events, summary));
  const tally = await verifyTally(report, contents, ctx, tallyEvent, counted, verified);
  const shuffled = verifyShuffles(contents, report, ctx, tally, verified);
  const decryptable = shuffled.decryptable;
  // with non-homomorphic questions, the trustees decrypt the tally as the last shuffle left it
  const decrypted = shuffled.tally;
  let pds: OwnedPartialDecryption[] | undefined;
  if (decryptable) pds = verifyPartialDecryptions(report, contents, setup, decrypted, verified);
  else if (events.some((e) => e.type === 'PartialDecryption')) report.skip('partial decryptions', 'skipShuffles');

  // 9. Result (spec 4.19).
  const resultEvent = events.find((e) => e.type === 'Result');
  if (!resultEvent) {
    return finish({ ...summary, phase: 'decrypting', conclusion: `election ${uuid} is tallied and awaiting decryption; ${counted?.count ?? '?'} ballot(s) counted` });
  }
  let result: bigint[][] | undefined;
  if (decrypted && trustees && pds && nonHomomorphicCount(ctx.election) > 0) {
    // the counts of the homomorphic questions and one decoded vector per shuffled ciphertext
    const mixed = report.run('result', () => checkMixedResult(ctx, trustees, decrypted, pds, lookup(resultEvent.payload!)!, counted!.totalWeight));
    return finish({
      ...summary,
      phase: 'published',
      ...(mixed ? { mixedResult: mixed as (bigint[] | number[][])[] } : {}),
      conclusion: `election ${uuid}: ${summary.ballots} ballot(s), ${counted?.count ?? '?'} counted, result ${mixed ? JSON.stringify(mixed.map((q) => q.map((x) => (typeof x === 'bigint' ? String(x) : x)))) : 'null'}`,
    });
  }
  if (decrypted && trustees && pds) {
    result = report.run('result', () => checkResult(ctx.group, trustees, decrypted, pds, lookup(resultEvent.payload!)!, counted!.totalWeight));
  } else {
    report.skip('result', 'skipEarlier');
  }
  return finish({
    ...summary,
    phase: 'published',
    ...(result ? { result } : {}),
    conclusion: `election ${uuid}: ${summary.ballots} ballot(s), ${counted?.count ?? '?'} counted, result ${JSON.stringify(result?.map((q) => q.map(String)) ?? null)}`,
  });
}

/** The whole archive in memory, every check on all of it at once. */
async function verifyWhole(bytes: Uint8Array, options: VerifyOptions): Promise<VerificationReport> {
  const report = new Report(options.onCheck);
  const verified: VerifiedBoard = { timestamp: 0n, events: [] };
  const finish = (extra: Partial<VerificationReport> = {}) => concludeReport(report.checks, verified, extra);

  const contents = readArchive(report, bytes, options.maxBytes, verified);
  if (!contents) return finish();
  const setup = readSetup(report, contents, verified);
  if (!setup) return finish();
  const texts = contents.events.filter((e) => e.type === 'Ballot').map((e) => contents.lookup(e.payload!)!);
  const checker = options.checkBallots ?? sequentialBallotChecker;
  const count = () => checkBallots(checker, setup.ctx, setup.electionRaw, texts, setup.credentials!);
  return verifyBoard(report, contents, setup, { total: texts.length, count }, verified, finish);
}

/** The archive is not exactly what belenios writes: the streamed reading stops, and the
 * archive is verified as a whole, which names what differs (verifyArchiveStream). */
class NotCanonical extends Error {}

function sameBytes(entry: TarEntry, expected: { header: Uint8Array; padded: Uint8Array }): boolean {
  return equalBytes(entry.header, expected.header) && equalBytes(entry.padded, expected.padded);
}

/** Byte-wise equality, in a plain loop (every record of the archive passes here: a
 * callback per byte cost ≈ 0.3 ms per ballot on the reading thread). */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Ballots sent to the checker at a time, and batches checked at once while reading goes on. */
const BALLOT_BATCH = 256;
const BATCHES_IN_FLIGHT = 4;

/**
 * Reads a canonical archive as it arrives, one tar entry at a time: each record is
 * checked against its name and the bytes belenios would write for it, each event against
 * the one before it and the records written just before it, the setup is verified as
 * soon as its event arrives, and ballots are checked in batches while reading goes on.
 * Kept in memory: the setup, the records of the tally, decryptions and result, the events
 * other than ballots, the running products of the ballots' ciphertexts and, per
 * credential, the position of its last ballot (BallotCounter). When re-votes replaced
 * ballots, the tally reads the archive a second time (readBallotsAgain) for those only.
 * Throws NotCanonical at the first difference from the canonical archive, and
 * UnusableInput when the bytes are not a readable tar archive.
 */
class StreamReader {
  private readonly splitter: TarSplitter;
  private timestamp?: bigint;
  private records = 0;
  private pending: ArchiveRecord[] = [];
  private readonly kept = new Map<string, string>();
  readonly events: ElectionEvent[] = [];
  private eventCount = 0;
  private lastEvent?: { event: ElectionEvent; hash: string };
  ballots = 0;
  /** The hash of the last Ballot event read: the second reading must reach the same. */
  private lastBallotHash?: string;
  setup?: VerifiedSetup;
  readonly early: Report;
  private counter?: BallotCounter;
  private batch: string[] = [];
  private readonly inFlight: Promise<BallotCheck[]>[] = [];

  constructor(
    private readonly source: ArchiveSource,
    private readonly options: VerifyOptions,
    private readonly verified: VerifiedBoard,
    private readonly totalBytes: number | undefined,
    maxBytes: number | undefined,
  ) {
    this.splitter = new TarSplitter(maxBytes);
    this.early = new Report();
  }

  async read(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    for await (const chunk of chunks) {
      for (const entry of this.splitter.push(chunk)) await this.entry(entry);
    }
    this.splitter.end();
    // data records that no event brought, or no event at all: not what belenios writes
    if (this.pending.length > 0 || this.eventCount === 0) throw new NotCanonical();
    this.flush();
  }

  private async entry(entry: TarEntry): Promise<void> {
    if (this.timestamp === undefined) {
      const timestamp = readArchiveHeader(entry);
      if (!sameBytes(entry, canonicalEntry('BELENIOS', canonicalHeaderText(timestamp), timestamp))) throw new NotCanonical();
      this.timestamp = timestamp;
      this.verified.timestamp = timestamp;
      return;
    }
    const record = readRecordEntry(entry);
    this.records++;
    // the text's UTF-8 bytes, made once: hashed (as sha256Hex(text) hashes them) and compared with the entry
    const body = utf8ToBytes(record.text);
    if (sha256Hex(body) !== record.hash) throw new NotCanonical();
    if (!isCanonicalEntry(entry, entry.name, record.text, this.timestamp, body)) throw new NotCanonical();
    if (record.kind === 'data') {
      this.pending.push(record);
      return;
    }
    await this.event(record);
  }

  private async event(record: ArchiveRecord): Promise<void> {
    let event: ElectionEvent;
    let payloads: string[];
    try {
      event = decodeEvent(record.text, `event ${record.hash}`);
      const previous = this.lastEvent;
      if (event.height !== this.eventCount || event.parent !== previous?.hash) throw new NotCanonical();
      if (previous) checkEventFollows(event, previous.event);
      else if (event.type !== 'Setup') throw new NotCanonical();
      const pending = this.pending;
      payloads = payloadsOfEvent(event, (h) => pending.find((r) => r.hash === h)?.text);
    } catch {
      throw new NotCanonical();
    }
    // belenios writes exactly the event's payloads, in its order, just before it
    if (payloads.length !== this.pending.length || payloads.some((t, i) => t !== this.pending[i]!.text)) throw new NotCanonical();
    this.lastEvent = { event, hash: record.hash };
    this.eventCount++;
    if (event.type === 'Ballot') {
      this.ballots++;
      this.lastBallotHash = record.hash;
      if (this.options.keepBallotEvents) this.events.push(event);
      if (this.counter) await this.ballot(payloads[0]!);
    } else {
      this.events.push(event);
      for (const r of this.pending) if (!this.kept.has(r.hash)) this.kept.set(r.hash, r.text);
    }
    this.pending = [];
    if (event.type === 'Setup') this.startBallots(event);
  }

  /** The setup is verified as soon as it is read (its verdicts join the report after the archive's). */
  private startBallots(event: ElectionEvent): void {
    this.setup = readSetup(this.early, { events: [event], lookup: this.lookup }, this.verified);
    if (this.setup?.credentials) {
      this.counter = new BallotCounter(this.setup.ctx, this.setup.credentials, (replaced) =>
        readBallotsAgain(this.source.chunks(), { ballots: this.ballots, lastHash: this.lastBallotHash, bytes: this.splitter.bytesRead }, replaced),
        this.options.onReadAgain,
      );
    }
    // the credentials are kept as a table: their text is not needed again
    const setupText = this.kept.get(event.payload!);
    const credentialsHash = setupText && /"credentials":"([0-9a-f]{64})"/.exec(setupText)?.[1];
    if (credentialsHash) this.kept.delete(credentialsHash);
  }

  readonly lookup = (hash: string): string | undefined => this.kept.get(hash);

  private async ballot(text: string): Promise<void> {
    this.batch.push(text);
    if (this.batch.length >= BALLOT_BATCH) this.flush();
    while (this.inFlight.length > BATCHES_IN_FLIGHT) this.apply(await this.inFlight.shift()!);
  }

  private flush(): void {
    if (!this.counter || this.batch.length === 0) return;
    const checker = this.options.checkBallots ?? sequentialBallotChecker;
    const checks = checker(this.setup!.electionRaw, this.batch);
    checks.catch(() => undefined); // awaited in order; a failure is reported by the ballots check
    this.inFlight.push(checks);
    this.batch = [];
  }

  private apply(results: BallotCheck[]): void {
    this.counter!.add(results);
    this.options.onProgress?.({ bytes: this.splitter.bytesRead, ...(this.totalBytes !== undefined ? { totalBytes: this.totalBytes } : {}), ballots: this.ballots, checked: this.counter!.checked });
  }

  /** The ballots' verdict, once every batch is checked. */
  async countBallots(): Promise<Checked<CountedBallots>> {
    while (this.inFlight.length > 0) this.apply(await this.inFlight.shift()!);
    return this.counter!.finish(this.ballots);
  }

  /** What the archive's own checks say once it was read to the end. */
  archiveChecks(report: Report): void {
    report.add('archive structure', 'ok', detail('archiveRead', { records: this.records, bytes: this.splitter.bytesRead, timestamp: String(this.timestamp) }));
    report.add('record hashes', 'ok', detail('hashesMatch', { records: this.records }));
    report.add('event chain', 'ok', detail('chainOk', { events: this.eventCount, last: this.eventCount - 1 }));
    report.add('canonical archive', 'ok', detail('canonicalOk'));
    for (const c of this.early.checks) report.add(c.name, c.status, detail(c.code, c.params, c.reason));
  }
}

/**
 * The second reading of a streamed archive, for the tally of a board with re-votes: the
 * ballots that `replaced` names, parsed and not checked again. The first reading checked
 * every record's hash and the chain of events; this one checks again that each event
 * record hashes to its name and names the one before it, that each ballot it hands over
 * hashes to what its event names, and that it reaches the same last Ballot event as the
 * first reading (`first`): the chain up to that event is then the one first read, and so
 * are the ballots. Anything else — a file or download that changed, or that ends sooner —
 * is archiveChanged(). It stops after the last ballot, and reads no more bytes than the
 * first reading did.
 */
async function* readBallotsAgain(
  chunks: AsyncIterable<Uint8Array>,
  first: { ballots: number; lastHash: string | undefined; bytes: number },
  replaced: (n: number) => boolean,
): AsyncGenerator<BallotAgain> {
  const splitter = new TarSplitter(first.bytes);
  let header = false;
  let parent: string | undefined;
  let n = 0;
  let pending: ArchiveRecord[] = [];
  const found: BallotAgain[] = [];
  try {
    for await (const chunk of chunks) {
      for (const entry of splitter.push(chunk)) {
        if (!header) {
          readArchiveHeader(entry);
          header = true;
          continue;
        }
        const record = readRecordEntry(entry);
        if (record.kind === 'data') {
          pending.push(record);
          continue;
        }
        if (sha256Hex(record.text) !== record.hash) throw archiveChanged();
        const event = decodeEvent(record.text, `event ${record.hash}`);
        if (event.parent !== parent) throw archiveChanged();
        parent = record.hash;
        if (event.type === 'Ballot') {
          n++;
          if (replaced(n)) {
            const payload = pending.find((r) => r.hash === event.payload);
            if (!payload || sha256Hex(payload.text) !== payload.hash) throw archiveChanged();
            found.push({ n, text: payload.text });
          }
          if (n === first.ballots) {
            if (record.hash !== first.lastHash) throw archiveChanged();
            yield* found.splice(0);
            return;
          }
        }
        pending = [];
      }
      yield* found.splice(0);
    }
  } catch (e) {
    throw e instanceof UnusableInput && hasDetail(e) && e.detail.code === 'archiveChanged' ? e : archiveChanged();
  }
  // the stream ended before the last ballot
  throw archiveChanged();
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const c of chunks) {
    parts.push(c);
    length += c.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Verifies an archive as its bytes arrive (spec 3.5): memory holds what the remaining
 * checks need — the setup, the credential table, the tally's running products and the
 * position of each credential's last ballot, the records after the ballots — not the
 * archive nor the ballots, so it does not grow with the number of ballots beyond a small
 * record per credential (and, for ranked or graded questions, the last ballot's
 * ciphertext per credential: their tally is that list). Ballots are checked in parallel
 * while the archive is read. When re-votes replaced ballots, `source.chunks()` is read a
 * second time, up to the last ballot, for those (readBallotsAgain); a second reading
 * that is not the board first read makes the tally check unusable ('archiveChanged'). An archive that is not exactly what belenios writes (an altered,
 * missing, extra or misplaced record, a broken chain) is invalid whatever follows; it is
 * then read again as a whole, so that the report names precisely what differs, as for
 * verifyArchive. The verdicts and words are verifyArchive's on every archive.
 */
export async function verifyArchiveStream(source: ArchiveSource, options: VerifyOptions = {}): Promise<VerificationReport> {
  const report = new Report(options.onCheck);
  const verified: VerifiedBoard = { timestamp: 0n, events: [] };
  const finish = (extra: Partial<VerificationReport> = {}) => concludeReport(report.checks, verified, extra);
  const { maxBytes } = options;
  if (maxBytes !== undefined && source.size !== undefined && source.size > maxBytes) {
    report.run('archive structure', () => {
      throw new UnusableInput(`archive is ${source.size} bytes, more than the limit of ${maxBytes} (raise it with --max-size)`);
    });
    return finish();
  }
  const reader = new StreamReader(source, options, verified, source.size, source.size === undefined ? maxBytes : undefined);
  try {
    await reader.read(source.chunks());
  } catch (e) {
    const whole = e instanceof NotCanonical || (e instanceof UnusableInput && source.bytes);
    if (!whole) {
      if (!(e instanceof UnusableInput)) throw e;
      report.run('archive structure', () => {
        throw e;
      });
      return finish();
    }
    // read it again as a whole: the checks of the archive name what differs
    const bytes = source.bytes ?? (await collect(source.chunks()));
    return verifyWhole(bytes, { ...options, maxBytes: maxBytes ?? Math.max(bytes.length, DEFAULT_MAX_ARCHIVE_BYTES) });
  }
  reader.archiveChecks(report);
  verified.events = reader.events;
  const setup = reader.setup;
  if (!setup) return finish();
  return verifyBoard(report, { events: reader.events, lookup: reader.lookup }, setup, { total: reader.ballots, count: () => reader.countBallots() }, verified, finish);
}

/** Verifies an archive held in memory (the streamed verifier, over one chunk). */
export async function verifyArchive(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerificationReport> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ARCHIVE_BYTES;
  return verifyArchiveStream(
    {
      async *chunks() {
        yield bytes;
      },
      size: bytes.length,
      bytes,
    },
    { keepBallotEvents: true, ...options, maxBytes },
  );
}

export type { ElectionContext };
