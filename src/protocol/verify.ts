// The full verifier of a .bel archive: everything belenios-tool's `election verify`
// checks (spec 3.5), plus a few things it leaves implicit (the published encrypted
// tally, the order of events, results bounded by the total weight), each failure
// named precisely. Pure: ballots can be checked in parallel by an injected checker.
import {
  canonicalArchive,
  decodeEvent,
  parseArchive,
  payloadsOfEvent,
  type ArchiveRecord,
} from './archive.ts';
import { checkBallot, type BallotCheck } from './ballot.ts';
import {
  decodeText,
  writeEncryptedTally,
  writeJson,
  zEncryptedTally,
  zOwned,
  zPartialDecryption,
  zPublicCredentials,
  zResult,
  zSetupData,
  zSizedEncryptedTally,
  zTrustees,
  isHomomorphic,
  type ElectionEvent,
  type EncryptedTally,
  type Trustees,
} from './codec.ts';
import { parsePublicCredential } from './credentials.ts';
import { loadElection, type ElectionContext } from './election.ts';
import { describeError, Unsupported, UnusableInput, VerificationFailure } from '../kernel/errors.ts';
import { sha256Hex } from './hash.ts';
import {
  combineDecryptionFactors,
  decryptedPowers,
  encryptedTallyOf,
  partialDecryptionProblem,
  type OwnedPartialDecryption,
  type WeightedBallot,
} from './tally.ts';
import { checkTrustees, combineTrusteeKeys, flattenTrusteeKeys } from './trustees.ts';

export type CheckStatus = 'ok' | 'failed' | 'unusable' | 'skipped';

export interface Check {
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
  state?: BoardState;
}

export interface BoardState {
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

/** Checks a batch of raw ballots against an election (possibly in worker threads). */
export type BallotChecker = (electionRaw: string, ballots: readonly string[]) => Promise<BallotCheck[]>;

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

class Report {
  readonly checks: Check[] = [];
  constructor(private readonly onCheck?: (c: Check) => void) {}
  add(name: string, status: CheckStatus, detail: string): void {
    const c = { name, status, detail };
    this.checks.push(c);
    this.onCheck?.(c);
  }
  /** Run one check; errors become failed/unusable entries. Returns the value or undefined. */
  run<T>(name: string, body: () => { value: T; detail: string }): T | undefined {
    try {
      const { value, detail } = body();
      this.add(name, 'ok', detail);
      return value;
    } catch (e) {
      this.add(name, e instanceof UnusableInput || e instanceof Unsupported ? 'unusable' : 'failed', describeError(e));
      return undefined;
    }
  }
  async runAsync<T>(name: string, body: () => Promise<{ value: T; detail: string }>): Promise<T | undefined> {
    try {
      const { value, detail } = await body();
      this.add(name, 'ok', detail);
      return value;
    } catch (e) {
      this.add(name, e instanceof UnusableInput || e instanceof Unsupported ? 'unusable' : 'failed', describeError(e));
      return undefined;
    }
  }
  skip(name: string, why: string): void {
    this.add(name, 'skipped', why);
  }
}

function fail(message: string): never {
  throw new VerificationFailure(message);
}

export async function verifyArchive(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerificationReport> {
  const report = new Report(options.onCheck);
  const checker = options.checkBallots ?? sequentialBallotChecker;
  const state: BoardState = { timestamp: 0n, events: [] };
  const finish = (extra: Partial<VerificationReport> = {}): VerificationReport => {
    const unusable = report.checks.find((c) => c.status === 'unusable');
    const failed = report.checks.find((c) => c.status === 'failed');
    const first = unusable ?? failed;
    return {
      ...extra,
      state,
      checks: report.checks,
      status: unusable ? 'unusable' : failed ? 'invalid' : 'valid',
      conclusion: first ? `${first.name}: ${first.detail}` : extra.conclusion ?? 'all checks passed',
    };
  };

  // 1. Structure of the file.
  const archive = report.run('archive structure', () => {
    const a = parseArchive(bytes, options.maxBytes);
    return { value: a, detail: `${a.records.length} records, ${a.size} bytes, timestamp ${a.timestamp}` };
  });
  if (!archive) return finish();
  state.timestamp = archive.timestamp;

  // 2. Every record's content hashes to its name.
  const byHash = new Map<string, ArchiveRecord>();
  report.run('record hashes', () => {
    for (const r of archive.records) {
      const actual = sha256Hex(r.text);
      if (actual !== r.hash) fail(`${r.kind} record ${r.hash}.${r.kind}.json (at byte ${r.offset}) has content whose SHA-256 is ${actual}`);
    }
    return { value: true, detail: `all ${archive.records.length} records match their names` };
  });
  for (const r of archive.records) if (!byHash.has(r.hash)) byHash.set(r.hash, r);
  const lookup = (h: string) => byHash.get(h)?.text;

  // 3. The chain of events.
  const events: ElectionEvent[] = [];
  for (const r of archive.records) {
    if (r.kind !== 'event') continue;
    try {
      events.push(decodeEvent(r.text, `event ${r.hash}`));
    } catch (e) {
      report.add('event chain', 'unusable', describeError(e));
      return finish();
    }
  }
  state.events = events;
  const eventHashes = archive.records.filter((r) => r.kind === 'event').map((r) => r.hash);
  const chainOk = report.run('event chain', () => {
    if (events.length === 0) fail('the archive has no events');
    let previous: string | undefined;
    events.forEach((e, i) => {
      if (e.height !== i || e.parent !== previous) {
        if (e.parent !== undefined && e.parent !== previous && !byHash.has(e.parent)) {
          fail(`event at height ${e.height} (${e.type}) names parent ${e.parent.slice(0, 16)}…, which is not in the archive: an event was removed`);
        }
        fail(`event ${i + 1} in the file (${e.type}, height ${e.height}) does not follow the previous event: the chain is broken or reordered`);
      }
      if (i === 0 && e.type !== 'Setup') fail(`the first event is ${e.type}, not Setup`);
      if (i > 0) {
        const before = events[i - 1]!;
        if (e.type === 'Setup') fail(`a second Setup event at height ${e.height}`);
        if (ORDER[e.type]! < ORDER[before.type]!) fail(`${e.type} event at height ${e.height} comes after ${before.type}`);
        if (e.type === before.type && !['Ballot', 'Shuffle', 'PartialDecryption'].includes(e.type)) fail(`two ${e.type} events in a row`);
        if (e.type === 'EncryptedTally' && before.type !== 'EndBallots') fail('the encrypted tally does not follow EndBallots');
        // (EndBallots can only follow Setup or Ballot: anything later is caught by the order
        // above, a second EndBallots by the line before)
        if (e.type === 'PartialDecryption' && !['EncryptedTally', 'EndShuffles', 'PartialDecryption'].includes(before.type)) fail('partial decryption before the encrypted tally');
        if (e.type === 'Result' && before.type !== 'PartialDecryption') fail('result without partial decryptions');
      }
      previous = eventHashes[i];
      payloadsOfEvent(e, lookup); // every referenced payload is present
    });
    return { value: true, detail: `${events.length} events, heights 0-${events.length - 1}, each naming its parent` };
  });

  // 4. The file is exactly what belenios would write for this chain.
  if (chainOk) {
    report.run('canonical archive', () => {
      const regenerated = canonicalArchive(archive.timestamp, events, lookup);
      if (regenerated.length !== bytes.length || regenerated.some((b, i) => b !== bytes[i])) {
        let i = 0;
        while (i < regenerated.length && i < bytes.length && regenerated[i] === bytes[i]) i++;
        fail(`the archive differs from the canonical archive for its events from byte ${i} (extra, missing or altered records or tar headers)`);
      }
      return { value: true, detail: 'byte-identical to the archive belenios-tool would write' };
    });
  } else {
    report.skip('canonical archive', 'the event chain is broken');
  }

  // 5. Election, trustees, credentials.
  const setupEvent = events[0];
  if (!setupEvent || setupEvent.type !== 'Setup' || !setupEvent.payload || !lookup(setupEvent.payload)) return finish();
  const setup = report.run('setup data', () => ({ value: decodeText(zSetupData, lookup(setupEvent.payload!)!, 'setup data'), detail: 'election, trustees and credentials referenced' }));
  if (!setup) return finish();
  const electionRaw = lookup(setup.election);
  const trusteesRaw = lookup(setup.trustees);
  const credentialsRaw = lookup(setup.credentials);
  if (electionRaw === undefined || trusteesRaw === undefined || credentialsRaw === undefined) return finish();

  const ctx = report.run('election', () => {
    const c = loadElection(electionRaw);
    const nh = c.election.questions.filter((q) => !isHomomorphic(q)).length;
    if (nh > 0) throw new Unsupported(`the election has ${nh} non-homomorphic question(s), which this version of Jirga cannot verify`);
    return { value: c, detail: `"${c.election.name}" (${c.election.uuid}), group ${c.group.name}, ${c.election.questions.length} question(s), fingerprint ${c.fingerprint}` };
  });
  if (!ctx) return finish();
  state.ctx = ctx;
  const { group } = ctx;

  const trustees = report.run('trustees', () => {
    const ts = decodeText(zTrustees, trusteesRaw, 'the trustees record');
    const problems = checkTrustees(group, ts);
    if (problems.length) fail(problems[0]!);
    if (combineTrusteeKeys(group, ts) !== ctx.publicKey) fail('the election public key is not the product of the trustees\' keys');
    const singles = ts.filter((t) => t[0] === 'Single').length;
    const pedersen = ts.filter((t) => t[0] === 'Pedersen').map((t) => (t[0] === 'Pedersen' ? `${t[1].threshold}-of-${t[1].verification_keys.length}` : ''));
    return { value: ts, detail: `${singles} basic trustee(s)${pedersen.length ? `, threshold group(s) ${pedersen.join(', ')}` : ''}; keys proven and combined into the election key` };
  });

  const credentials = report.run('public credentials', () => {
    const list = decodeText(zPublicCredentials, credentialsRaw, 'the credentials record');
    const map = new Map<bigint, bigint>();
    let total = 0n;
    list.forEach((text, i) => {
      const { key, weight } = parsePublicCredential(text);
      if (!group.isElement(key)) throw new UnusableInput(`public credential ${i + 1} is not an element of the group`);
      if (map.has(key)) fail(`public credential ${i + 1} appears twice (duplicate credential)`);
      map.set(key, weight);
      total += weight;
    });
    const weighted = list.some((t) => t.includes(','));
    return { value: map, detail: `${list.length} distinct credentials${weighted ? `, total weight ${total}` : ''}` };
  });

  if (trustees) state.trustees = trustees;
  if (credentials) state.credentials = credentials;

  // 6. Ballots, with the credential list and the re-vote rule (spec 3.5.1, 4.15).
  const ballotEvents = events.filter((e) => e.type === 'Ballot');
  let counted: WeightedBallot[] | undefined;
  if (!credentials) {
    report.skip('ballots', 'public credentials are unusable');
  } else if (report.checks.some((c) => c.name === 'event chain' && c.status === 'unusable')) {
    // a payload the events refer to is missing or malformed: the chain check named it,
    // and nothing that reads payloads can be judged
    report.skip('ballots', 'the event chain refers to records that are missing or malformed');
  } else {
    counted = await report.runAsync('ballots', async () => {
      const texts = ballotEvents.map((e) => lookup(e.payload!)!);
      const results = await checker(electionRaw, texts);
      const last = new Map<bigint, WeightedBallot>();
      results.forEach((r, i) => {
        const label = `ballot ${i + 1} of ${texts.length} (tracker ${r.tracker})`;
        if (!r.ok) {
          if (r.unusable) throw new UnusableInput(`${label}: ${r.message}`);
          fail(`${label}: ${r.message}`);
        }
        const weight = credentials.get(r.credential);
        if (weight === undefined) fail(`${label}: its credential is not on the list of public credentials`);
        last.delete(r.credential); // re-vote: the later ballot replaces the earlier one
        last.set(r.credential, { ballot: r.ballot, weight });
      });
      const value = [...last.values()];
      const revotes = texts.length - value.length;
      return { value, detail: `${texts.length} ballot(s) valid; ${value.length} counted (last ballot per credential${revotes ? `, ${revotes} replaced by re-votes` : ''})` };
    });
  }

  if (counted) {
    state.counted = counted;
    state.totalWeight = counted.reduce((a, b) => a + b.weight, 0n);
  }

  // 7. Encrypted tally.
  const tallyEvent = events.find((e) => e.type === 'EncryptedTally');
  let tally: EncryptedTally | undefined;
  let totalWeight = 0n;
  if (!tallyEvent) {
    const closed = events.some((e) => e.type === 'EndBallots');
    return finish({
      uuid: ctx.election.uuid,
      phase: closed ? 'closed' : 'open',
      ballots: ballotEvents.length,
      voters: counted?.length,
      conclusion: `election ${ctx.election.uuid} is ${closed ? 'closed, not yet tallied' : 'open'}; ${ballotEvents.length} ballot(s), ${counted?.length ?? '?'} counted`,
    });
  }
  if (counted) {
    tally = report.run('encrypted tally', () => {
      const sized = decodeText(zSizedEncryptedTally, lookup(tallyEvent.payload!)!, 'sized encrypted tally');
      const published = decodeText(zEncryptedTally, lookup(sized.encrypted_tally)!, 'the encrypted tally record');
      const computed = encryptedTallyOf(ctx, counted!);
      totalWeight = counted!.reduce((a, b) => a + b.weight, 0n);
      if (sized.num_tallied !== counted!.length) fail(`it claims ${sized.num_tallied} tallied ballots; the board has ${counted!.length}`);
      if (sized.total_weight !== totalWeight) fail(`it claims a total weight of ${sized.total_weight}; the ballots weigh ${totalWeight}`);
      if (writeJson(writeEncryptedTally(published)) !== writeJson(writeEncryptedTally(computed))) {
        fail('the published encrypted tally is not the product of the counted ballots');
      }
      return { value: computed, detail: `recomputed from ${counted!.length} ballot(s), total weight ${totalWeight}; matches the published tally` };
    });
  } else {
    report.skip('encrypted tally', 'ballots could not be verified');
  }
  if (events.some((e) => e.type === 'Shuffle')) {
    report.add('shuffles', 'unusable', 'the archive contains shuffles (non-homomorphic questions), which this version of Jirga cannot verify');
  }

  if (tally) state.tally = tally;

  // 8. Partial decryptions (spec 4.18).
  const pdEvents = events.filter((e) => e.type === 'PartialDecryption');
  let pds: OwnedPartialDecryption[] | undefined;
  if (tally && trustees) {
    pds = report.run('partial decryptions', () => {
      const keys = flattenTrusteeKeys(trustees);
      const alphaBases = tally!.map((q) => q.map((c) => group.variableBase(c.alpha)));
      const out: OwnedPartialDecryption[] = pdEvents.map((e, k) => {
        const owned = decodeText(zOwned, lookup(e.payload!)!, `partial decryption ${k + 1}`);
        const pd = decodeText(zPartialDecryption, lookup(owned.payload)!, `partial decryption ${k + 1}`);
        const key = keys[owned.owner - 1];
        if (!key) fail(`partial decryption ${k + 1} claims to come from trustee ${owned.owner}, but there are ${keys.length} trustee(s)`);
        const problem = partialDecryptionProblem(ctx, tally!, key.public_key, pd, (i, j, x) => alphaBases[i]![j]!.pow(x));
        if (problem) fail(`partial decryption of trustee ${owned.owner}: ${problem}`);
        return { owner: owned.owner, pd };
      });
      return { value: out, detail: out.length ? `${out.length} partial decryption(s) from trustee(s) ${[...new Set(out.map((p) => p.owner))].join(', ')}, every proof verifies` : 'none yet' };
    });
  } else if (pdEvents.length) {
    report.skip('partial decryptions', 'the encrypted tally or trustees could not be verified');
  }

  if (pds) state.partialDecryptions = pds;

  // 9. Result (spec 4.19).
  const resultEvent = events.find((e) => e.type === 'Result');
  const base = { uuid: ctx.election.uuid, ballots: ballotEvents.length, voters: counted?.length };
  if (!resultEvent) {
    return finish({ ...base, phase: 'decrypting', conclusion: `election ${ctx.election.uuid} is tallied and awaiting decryption; ${counted?.length ?? '?'} ballot(s) counted` });
  }
  let result: bigint[][] | undefined;
  if (tally && trustees && pds) {
    result = report.run('result', () => {
      const published = decodeText(zResult, lookup(resultEvent.payload!)!, 'the result record').result;
      const factors = combineDecryptionFactors(group, trustees as Trustees, tally!, pds!);
      const powers = decryptedPowers(group, tally!, factors);
      if (published.length !== powers.length) fail(`the result has ${published.length} question(s), the election ${powers.length}`);
      powers.forEach((q, i) => {
        if (published[i]!.length !== q.length) fail(`question ${i + 1}: the result has ${published[i]!.length} counts for ${q.length} encrypted totals`);
        q.forEach((power, j) => {
          const claimed = published[i]![j]!;
          if (claimed > totalWeight) fail(`question ${i + 1}, answer ${j + 1}: the result claims ${claimed}, more than the total weight ${totalWeight}`);
          if (group.powG(claimed) !== power) fail(`question ${i + 1}, answer ${j + 1}: the result claims ${claimed}, which is not what the decryption gives`);
        });
      });
      return { value: published, detail: `every count matches the combined decryption: ${JSON.stringify(published.map((q) => q.map(String)))}` };
    });
  } else {
    report.skip('result', 'earlier checks failed');
  }
  return finish({
    ...base,
    phase: 'published',
    ...(result ? { result } : {}),
    conclusion: `election ${ctx.election.uuid}: ${ballotEvents.length} ballot(s), ${counted?.length ?? '?'} counted, result ${JSON.stringify(result?.map((q) => q.map(String)) ?? null)}`,
  });
}

export type { ElectionContext };
