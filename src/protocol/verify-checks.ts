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
  type SetupData,
  type Trustees,
} from './codec.ts';
import { parsePublicCredential } from './credentials.ts';
import { loadElection, type ElectionContext } from './election.ts';
import type { Group } from './groups/index.ts';
import { Unsupported, UnusableInput, VerificationFailure } from '../kernel/errors.ts';
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

/** What a passing check proved, and the words the report shows for it. */
export interface Checked<T> {
  value: T;
  detail: string;
}

/** Finds a record's text by its hash (the records of the archive being verified). */
export type RecordLookup = (hash: string) => string | undefined;

function fail(message: string): never {
  throw new VerificationFailure(message);
}

/** 'archive structure': the file is a Belenios archive within the size limit. */
export function checkArchiveStructure(bytes: Uint8Array, maxBytes: number | undefined): Checked<ParsedArchive> {
  const a = parseArchive(bytes, maxBytes);
  return { value: a, detail: `${a.records.length} records, ${a.size} bytes, timestamp ${a.timestamp}` };
}

/** 'record hashes': every record's content hashes to its name. */
export function checkRecordHashes(records: readonly ArchiveRecord[]): Checked<true> {
  for (const r of records) {
    const actual = sha256Hex(r.text);
    if (actual !== r.hash) fail(`${r.kind} record ${r.hash}.${r.kind}.json (at byte ${r.offset}) has content whose SHA-256 is ${actual}`);
  }
  return { value: true, detail: `all ${records.length} records match their names` };
}

/** The archive's records by hash; a record stored twice is found once. */
export function recordsByHash(records: readonly ArchiveRecord[]): Map<string, ArchiveRecord> {
  const byHash = new Map<string, ArchiveRecord>();
  for (const r of records) if (!byHash.has(r.hash)) byHash.set(r.hash, r);
  return byHash;
}

/** The events in file order; throws on the first that cannot be read. */
export function decodeEvents(records: readonly ArchiveRecord[]): ElectionEvent[] {
  return records.filter((r) => r.kind === 'event').map((r) => decodeEvent(r.text, `event ${r.hash}`));
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
function checkEventFollows(event: ElectionEvent, before: ElectionEvent): void {
  if (event.type === 'Setup') fail(`a second Setup event at height ${event.height}`);
  if (ORDER[event.type]! < ORDER[before.type]!) fail(`${event.type} event at height ${event.height} comes after ${before.type}`);
  if (event.type === before.type && !['Ballot', 'Shuffle', 'PartialDecryption'].includes(event.type)) fail(`two ${event.type} events in a row`);
  if (event.type === 'EncryptedTally' && before.type !== 'EndBallots') fail('the encrypted tally does not follow EndBallots');
  // (EndBallots can only follow Setup or Ballot: anything later is caught by the order
  // above, a second EndBallots by the line before)
  if (event.type === 'PartialDecryption' && !['EncryptedTally', 'EndShuffles', 'PartialDecryption'].includes(before.type)) fail('partial decryption before the encrypted tally');
  if (event.type === 'Result' && before.type !== 'PartialDecryption') fail('result without partial decryptions');
}

/**
 * 'event chain': heights count from 0, each event names the one before it, the types
 * come in the protocol's order, and every payload an event refers to is present.
 * `eventHashes[i]` is the hash of `events[i]`'s record.
 */
export function checkEventChain(events: readonly ElectionEvent[], eventHashes: readonly string[], byHash: ReadonlyMap<string, ArchiveRecord>, lookup: RecordLookup): Checked<true> {
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
    if (i > 0) checkEventFollows(e, events[i - 1]!);
    previous = eventHashes[i];
    payloadsOfEvent(e, lookup); // every referenced payload is present
  });
  return { value: true, detail: `${events.length} events, heights 0-${events.length - 1}, each naming its parent` };
}

/** 'canonical archive': the file is exactly what belenios would write for this chain. */
export function checkCanonicalArchive(bytes: Uint8Array, timestamp: bigint, events: readonly ElectionEvent[], lookup: RecordLookup): Checked<true> {
  const regenerated = canonicalArchive(timestamp, events, lookup);
  if (regenerated.length !== bytes.length || regenerated.some((b, i) => b !== bytes[i])) {
    let i = 0;
    while (i < regenerated.length && i < bytes.length && regenerated[i] === bytes[i]) i++;
    fail(`the archive differs from the canonical archive for its events from byte ${i} (extra, missing or altered records or tar headers)`);
  }
  return { value: true, detail: 'byte-identical to the archive belenios-tool would write' };
}

/** 'setup data': the Setup event's payload names the election, trustees and credentials. */
export function checkSetupData(text: string): Checked<SetupData> {
  return { value: decodeText(zSetupData, text, 'setup data'), detail: 'election, trustees and credentials referenced' };
}

/** 'election': the election record loads, and every question is one Jirga can verify. */
export function checkElection(electionRaw: string): Checked<ElectionContext> {
  const c = loadElection(electionRaw);
  const nh = c.election.questions.filter((q) => !isHomomorphic(q)).length;
  if (nh > 0) throw new Unsupported(`the election has ${nh} non-homomorphic question(s), which this version of Jirga cannot verify`);
  return { value: c, detail: `"${c.election.name}" (${c.election.uuid}), group ${c.group.name}, ${c.election.questions.length} question(s), fingerprint ${c.fingerprint}` };
}

/** 'trustees': each trustee's key is proven, and together they make the election key. */
export function checkTrusteesRecord(ctx: ElectionContext, trusteesRaw: string): Checked<Trustees> {
  const ts = decodeText(zTrustees, trusteesRaw, 'the trustees record');
  const problems = checkTrustees(ctx.group, ts);
  if (problems.length) fail(problems[0]!);
  if (combineTrusteeKeys(ctx.group, ts) !== ctx.publicKey) fail('the election public key is not the product of the trustees\' keys');
  const singles = ts.filter((t) => t[0] === 'Single').length;
  const pedersen = ts.filter((t) => t[0] === 'Pedersen').map((t) => (t[0] === 'Pedersen' ? `${t[1].threshold}-of-${t[1].verification_keys.length}` : ''));
  return { value: ts, detail: `${singles} basic trustee(s)${pedersen.length ? `, threshold group(s) ${pedersen.join(', ')}` : ''}; keys proven and combined into the election key` };
}

/** 'public credentials': each is a group element, none twice; the value maps key to weight. */
export function checkPublicCredentials(group: Group, credentialsRaw: string): Checked<Map<bigint, bigint>> {
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
}

/** Checks a batch of raw ballots against an election (possibly in worker threads). */
export type BallotChecker = (electionRaw: string, ballots: readonly string[]) => Promise<BallotCheck[]>;

/**
 * 'ballots' (spec 3.5.1, 4.15): `checker` finds every ballot valid, each is signed with
 * a listed credential, and the last ballot of each credential is the one counted, with
 * the credential's weight.
 */
export async function checkBallots(
  checker: BallotChecker,
  electionRaw: string,
  texts: readonly string[],
  credentials: ReadonlyMap<bigint, bigint>,
): Promise<Checked<WeightedBallot[]>> {
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
}

/** The sum of the counted ballots' weights. */
export function totalWeightOf(counted: readonly WeightedBallot[]): bigint {
  return counted.reduce((a, b) => a + b.weight, 0n);
}

/**
 * 'encrypted tally': the EncryptedTally event's counts are the board's, and the
 * published tally is the product of the counted ballots; the value is the recomputed one.
 */
export function checkEncryptedTally(ctx: ElectionContext, sizedTallyText: string, lookup: RecordLookup, counted: readonly WeightedBallot[]): Checked<EncryptedTally> {
  const sized = decodeText(zSizedEncryptedTally, sizedTallyText, 'sized encrypted tally');
  const published = decodeText(zEncryptedTally, lookup(sized.encrypted_tally)!, 'the encrypted tally record');
  const computed = encryptedTallyOf(ctx, counted);
  const totalWeight = totalWeightOf(counted);
  if (sized.num_tallied !== counted.length) fail(`it claims ${sized.num_tallied} tallied ballots; the board has ${counted.length}`);
  if (sized.total_weight !== totalWeight) fail(`it claims a total weight of ${sized.total_weight}; the ballots weigh ${totalWeight}`);
  if (writeJson(writeEncryptedTally(published)) !== writeJson(writeEncryptedTally(computed))) {
    fail('the published encrypted tally is not the product of the counted ballots');
  }
  return { value: computed, detail: `recomputed from ${counted.length} ballot(s), total weight ${totalWeight}; matches the published tally` };
}

/**
 * 'partial decryptions' (spec 4.18): each comes from an existing trustee and proves
 * that it decrypts `tally` with that trustee's key. `ownedTexts` are the events' payloads.
 */
export function checkPartialDecryptions(ctx: ElectionContext, tally: EncryptedTally, trustees: Trustees, ownedTexts: readonly string[], lookup: RecordLookup): Checked<OwnedPartialDecryption[]> {
  const keys = flattenTrusteeKeys(trustees);
  const alphaBases = tally.map((q) => q.map((c) => ctx.group.variableBase(c.alpha)));
  const out: OwnedPartialDecryption[] = ownedTexts.map((text, k) => {
    const owned = decodeText(zOwned, text, `partial decryption ${k + 1}`);
    const pd = decodeText(zPartialDecryption, lookup(owned.payload)!, `partial decryption ${k + 1}`);
    const key = keys[owned.owner - 1];
    if (!key) fail(`partial decryption ${k + 1} claims to come from trustee ${owned.owner}, but there are ${keys.length} trustee(s)`);
    const problem = partialDecryptionProblem(ctx, tally, key.public_key, pd, (i, j, x) => alphaBases[i]![j]!.pow(x));
    if (problem) fail(`partial decryption of trustee ${owned.owner}: ${problem}`);
    return { owner: owned.owner, pd };
  });
  return { value: out, detail: out.length ? `${out.length} partial decryption(s) from trustee(s) ${[...new Set(out.map((p) => p.owner))].join(', ')}, every proof verifies` : 'none yet' };
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
  const published = decodeText(zResult, resultText, 'the result record').result;
  const factors = combineDecryptionFactors(group, trustees, tally, pds);
  const powers = decryptedPowers(group, tally, factors);
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
}
