// The full verifier of a .bel archive: everything belenios-tool's `election verify`
// checks (spec 3.5), plus a few things it leaves implicit (the published encrypted
// tally, the order of events, results bounded by the total weight), each failure
// named precisely. Pure: ballots can be checked in parallel by an injected checker.
//
// The checks themselves are in verify-checks.ts, one function each. This file runs
// them in the order of the board (archive, setup, ballots, tally, decryptions,
// result), records each verdict, skips what an earlier failure makes impossible to
// judge, and hands the verified board to callers.
import { checkBallot } from './ballot.ts';
import type { ElectionEvent, EncryptedTally, Trustees } from './codec.ts';
import { loadElection, type ElectionContext } from './election.ts';
import { Unsupported, UnusableInput } from '../kernel/errors.ts';
import { detail, detailOf, englishDetail, type Detail } from './verify-details.ts';
import type { OwnedPartialDecryption, WeightedBallot } from './tally.ts';
import {
  checkArchiveStructure,
  checkBallots,
  checkCanonicalArchive,
  checkElection,
  checkEncryptedTally,
  checkEventChain,
  checkPartialDecryptions,
  checkPublicCredentials,
  checkRecordHashes,
  checkResult,
  checkSetupData,
  checkTrusteesRecord,
  decodeEvents,
  recordsByHash,
  totalWeightOf,
  type BallotChecker,
  type Checked,
  type RecordLookup,
} from './verify-checks.ts';

export type { BallotChecker };

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
  /** What the verified board contains, for tools that compute the next step. */
  board?: VerifiedBoard;
}

export interface VerifiedBoard {
  timestamp: bigint;
  events: ElectionEvent[];
  ctx?: ElectionContext;
  trustees?: Trustees;
  credentials?: Map<bigint, bigint>;
  counted?: WeightedBallot[];
  tally?: EncryptedTally;
  totalWeight?: bigint;
  partialDecryptions?: OwnedPartialDecryption[];
}

export const sequentialBallotChecker: BallotChecker = async (electionRaw, ballots) => {
  const ctx = loadElection(electionRaw);
  return ballots.map((b) => checkBallot(ctx, b));
};

export interface VerifyOptions {
  maxBytes?: number;
  checkBallots?: BallotChecker;
  /** Called as each check completes (for live output). */
  onCheck?: (check: Check) => void;
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

/** The first unusable check, else the first failure, decides the report. */
function concludeReport(checks: Check[], verified: VerifiedBoard, extra: Partial<VerificationReport>): VerificationReport {
  const unusable = checks.find((c) => c.status === 'unusable');
  const failed = checks.find((c) => c.status === 'failed');
  const first = unusable ?? failed;
  return {
    ...extra,
    board: verified,
    checks,
    status: unusable ? 'unusable' : failed ? 'invalid' : 'valid',
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
async function countBallots(report: Report, { events, lookup }: ArchiveContents, setup: VerifiedSetup, checker: BallotChecker, verified: VerifiedBoard): Promise<WeightedBallot[] | undefined> {
  const { credentials } = setup;
  if (!credentials) {
    report.skip('ballots', 'skipCredentials');
    return undefined;
  }
  if (report.checks.some((c) => c.name === 'event chain' && c.status === 'unusable')) {
    // a payload the events refer to is missing or malformed: the chain check named it,
    // and nothing that reads payloads can be judged
    report.skip('ballots', 'skipChainRecords');
    return undefined;
  }
  const counted = await report.runAsync('ballots', async () => {
    const texts = events.filter((e) => e.type === 'Ballot').map((e) => lookup(e.payload!)!);
    return checkBallots(checker, setup.electionRaw, texts, credentials);
  });
  if (counted) {
    verified.counted = counted;
    verified.totalWeight = totalWeightOf(counted);
  }
  return counted;
}

/** Step 7: the encrypted tally of the EncryptedTally event. */
function verifyTally(report: Report, { events, lookup }: ArchiveContents, ctx: ElectionContext, tallyEvent: ElectionEvent, counted: WeightedBallot[] | undefined, verified: VerifiedBoard): EncryptedTally | undefined {
  let tally: EncryptedTally | undefined;
  if (counted) {
    tally = report.run('encrypted tally', () => checkEncryptedTally(ctx, lookup(tallyEvent.payload!)!, lookup, counted));
  } else {
    report.skip('encrypted tally', 'skipBallots');
  }
  if (events.some((e) => e.type === 'Shuffle')) {
    report.add('shuffles', 'unusable', detail('shufflesUnsupported'));
  }
  if (tally) verified.tally = tally;
  return tally;
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

export async function verifyArchive(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerificationReport> {
  const report = new Report(options.onCheck);
  const verified: VerifiedBoard = { timestamp: 0n, events: [] };
  const finish = (extra: Partial<VerificationReport> = {}) => concludeReport(report.checks, verified, extra);

  const contents = readArchive(report, bytes, options.maxBytes, verified);
  if (!contents) return finish();
  const setup = readSetup(report, contents, verified);
  if (!setup) return finish();
  const { events, lookup } = contents;
  const { ctx, trustees } = setup;
  const counted = await countBallots(report, contents, setup, options.checkBallots ?? sequentialBallotChecker, verified);
  const uuid = ctx.election.uuid;
  const summary: ElectionSummary = { uuid, ballots: events.filter((e) => e.type === 'Ballot').length, voters: counted?.length };

  // 7-8. Encrypted tally, partial decryptions (spec 4.18).
  const tallyEvent = events.find((e) => e.type === 'EncryptedTally');
  if (!tallyEvent) return finish(beforeTally(events, summary));
  const tally = verifyTally(report, contents, ctx, tallyEvent, counted, verified);
  const pds = verifyPartialDecryptions(report, contents, setup, tally, verified);

  // 9. Result (spec 4.19).
  const resultEvent = events.find((e) => e.type === 'Result');
  if (!resultEvent) {
    return finish({ ...summary, phase: 'decrypting', conclusion: `election ${uuid} is tallied and awaiting decryption; ${counted?.length ?? '?'} ballot(s) counted` });
  }
  let result: bigint[][] | undefined;
  if (tally && trustees && pds) {
    result = report.run('result', () => checkResult(ctx.group, trustees, tally, pds, lookup(resultEvent.payload!)!, totalWeightOf(counted!)));
  } else {
    report.skip('result', 'skipEarlier');
  }
  return finish({
    ...summary,
    phase: 'published',
    ...(result ? { result } : {}),
    conclusion: `election ${uuid}: ${summary.ballots} ballot(s), ${counted?.length ?? '?'} counted, result ${JSON.stringify(result?.map((q) => q.map(String)) ?? null)}`,
  });
}

export type { ElectionContext };
