// What the verifier says of each check, as a code from a closed set with its parameters,
// so that every interface can word it in its reader's language: the CLI and the golden
// report (test/fixtures/verifier-reports.txt) read the English of DETAIL_ENGLISH, the web
// app words each code in English, Dari and Pashto (web/src/i18n/<language>/verifier.ts,
// test/web/verifier-details.test.ts checks that every code is worded in all three).
//
// A template names its parameters as {name}; {reason} is the nested detail (a ballot's
// label, then what is wrong with it). Parameters are numbers and identifiers (hashes,
// trackers, uuids, event types, field paths) that read the same in every language, and
// two that are not: `name` (the election's name as election.json writes it, a JSON text
// of translations when Jirga wrote it) and `issue` (a schema validator's English words,
// shown to English readers only).
import { decodeTranslations, pick } from '../kernel/texts.ts';

export const DETAIL_ENGLISH = {
  // what a passing check proved
  archiveRead: '{records} records, {bytes} bytes, timestamp {timestamp}',
  hashesMatch: 'all {records} records match their names',
  chainOk: '{events} events, heights 0-{last}, each naming its parent',
  canonicalOk: 'byte-identical to the archive belenios-tool would write',
  setupOk: 'election, trustees and credentials referenced',
  electionOk: '"{name}" ({uuid}), group {group}, {questions} question(s), fingerprint {fingerprint}',
  trusteesOk: '{single} basic trustee(s); keys proven and combined into the election key',
  trusteesOkThreshold: '{single} basic trustee(s), threshold group(s) {groups}; keys proven and combined into the election key',
  credentialsOk: '{credentials} distinct credentials',
  credentialsOkWeighted: '{credentials} distinct credentials, total weight {weight}',
  ballotsOk: '{ballots} ballot(s) valid; {counted} counted (last ballot per credential)',
  ballotsOkRevotes: '{ballots} ballot(s) valid; {counted} counted (last ballot per credential, {replaced} replaced by re-votes)',
  tallyOk: 'recomputed from {counted} ballot(s), total weight {weight}; matches the published tally',
  decryptionsOk: '{decryptions} partial decryption(s) from trustee(s) {trustees}, every proof verifies',
  decryptionsNone: 'none yet',
  resultOk: 'every count matches the combined decryption: {result}',

  // what could not be judged after an earlier failure
  skipChainBroken: 'the event chain is broken',
  skipCredentials: 'public credentials are unusable',
  skipChainRecords: 'the event chain refers to records that are missing or malformed',
  skipBallots: 'ballots could not be verified',
  skipTallyOrTrustees: 'the encrypted tally or trustees could not be verified',
  skipEarlier: 'earlier checks failed',
  shufflesUnsupported: 'the archive contains shuffles (non-homomorphic questions), which this version of Jirga cannot verify',
  skipShuffles: 'the shuffles of the ranked or graded answers could not be verified',

  // the archive file
  archiveTooLarge: 'archive is {bytes} bytes, more than the limit of {limit} (raise it with --max-size)',
  archiveOverLimit: 'archive is more than {limit} bytes (raise the limit with --max-size)',
  archiveEmpty: 'archive is empty',
  archiveNotBelenios: 'this is not a Belenios archive (.bel): it does not start with the BELENIOS tar header',
  archiveNoHeader: 'archive does not start with the BELENIOS header (is this a .bel file?)',
  archiveTruncated: 'archive is truncated ({bytes} bytes is not a whole number of 512-byte tar blocks)',
  archiveEntryTruncated: 'archive is truncated: entry "{entry}" needs {size} bytes, only {remain} remain',
  archiveEmptyHeader: 'archive has an empty tar header at byte {offset} (not written by Belenios)',
  archiveEntryNotText: 'entry "{entry}" is not UTF-8 text',
  archiveEntryName: 'archive entry "{entry}" is not named <sha256>.data.json or <sha256>.event.json',
  archiveChanged: 'the archive changed while it was verified: read a second time for the ballots that re-votes replaced, it is not the board read the first time (verify a copy that does not change)',
  recordHash: '{kind} record {hash}.{kind}.json (at byte {offset}) has content whose SHA-256 is {actual}',

  // the chain of events
  payloadMissing: '{what} {hash} referenced by the {type} event at height {height} is not in the archive',
  payloadAbsent: '{type} event at height {height} has no payload',
  payloadUnexpected: '{type} event at height {height} must not have a payload',
  chainEmpty: 'the archive has no events',
  chainParentMissing: 'event at height {height} ({type}) names parent {parent}…, which is not in the archive: an event was removed',
  chainBroken: 'event {index} in the file ({type}, height {height}) does not follow the previous event: the chain is broken or reordered',
  chainFirst: 'the first event is {type}, not Setup',
  chainSecondSetup: 'a second Setup event at height {height}',
  chainOrder: '{type} event at height {height} comes after {before}',
  chainRepeated: 'two {type} events in a row',
  chainTallyPlace: 'the encrypted tally does not follow EndBallots',
  chainDecryptionPlace: 'partial decryption before the encrypted tally',
  chainResultPlace: 'result without partial decryptions',
  canonicalDiffers: 'the archive differs from the canonical archive for its events from byte {byte} (extra, missing or altered records or tar headers)',

  // records that cannot be read as what they claim to be ({path}: the field; {issue}: the validator's words)
  unreadableEvent: 'event {hash}: {path}: {issue}',
  unreadableSetup: 'setup data: {path}: {issue}',
  unreadableTrustees: 'the trustees record: {path}: {issue}',
  unreadableCredentials: 'the credentials record: {path}: {issue}',
  unreadableSizedTally: 'sized encrypted tally: {path}: {issue}',
  unreadableTally: 'the encrypted tally record: {path}: {issue}',
  unreadableDecryption: 'partial decryption {n}: {path}: {issue}',
  unreadableResult: 'the result record: {path}: {issue}',
  unreadableBallot: 'ballot: {path}: {issue}',
  unreadableWhole: '{record}: {issue}',

  // the election and its trustees
  electionKeyNotElement: "the election's public key is not an element of the group",
  electionNoEmbedding: 'the election has {questions} non-homomorphic question(s), but its group {group} has no embedding parameters to encode their answers (spec 4.10: such an election uses group RFC-3526-2048)',
  trusteesKeyProduct: "the election public key is not the product of the trustees' keys",
  trusteeProof: 'trustee {owner} (Single): proof of knowledge of the key does not verify',
  trusteeGroup: 'trustee group {group} (Pedersen, trustees {first}-{last}): {reason}',
  groupNoCertificates: 'no certificates',
  groupCommitmentCount: '{count} coefficient commitments for {n} certificates',
  groupKeyCount: '{count} verification keys for {n} certificates',
  groupCertificateUnsigned: 'certificate {n} is not signed by its own verification key',
  groupCommitmentsUnsigned: 'coefficient commitments {n} are not signed by trustee {n}',
  groupPolynomialSizes: 'polynomials of different sizes',
  groupThreshold: 'threshold {threshold} does not match polynomials of {degree} coefficients',
  groupKeyProof: 'verification key {n}: proof of knowledge does not verify',
  groupKeyPolynomials: 'verification key {n} does not match the committed polynomials',

  // public credentials
  credentialNotElement: 'public credential {n} is not an element of the group',
  credentialDuplicate: 'public credential {n} appears twice (duplicate credential)',

  // ballots: "ballot 3 of 7 (tracker …): what is wrong with it"
  ballot: 'ballot {n} of {of} (tracker {tracker}): {reason}',
  ballotNotListed: 'its credential is not on the list of public credentials',
  ballotNotCanonical: 'ballot is not in canonical form (it is not exactly as belenios writes it)',
  ballotOtherElection: 'ballot is for election {ballotUuid}, not {uuid}',
  ballotOtherVersion: 'ballot was made for a different version of the election (election_hash differs)',
  ballotQuestionCount: 'ballot answers {answers} question(s), the election has {questions}',
  ballotCredentialNotElement: 'credential is not an element of the group',
  ballotNumberNotBelowQ: 'a proof contains a number that is not below q',
  ballotChoiceNotElement: 'question {question}, choice {choice}: {value} is not an element of the group',
  ballotUnsigned: 'ballot is not signed',
  ballotSignatureHash: 'signature covers a different ballot (hash mismatch)',
  ballotSignature: 'signature does not verify with the ballot credential',
  ballotQuestion: 'question {question}: {reason}',
  answerChoiceCount: '{count} encrypted choices instead of {n}',
  answerProofCount: '{count} individual proofs instead of {n}',
  answerChoiceProof: 'choice {choice}: the proof that it encrypts 0 or 1 does not verify',
  answerBlankProofMissing: 'blank votes are allowed but the blank proof is missing',
  answerBlankProof: 'the proof that the vote is either blank or not blank does not verify',
  answerRangeProofBlank: 'the proof that the number of selected answers is between {min} and {max} (or the vote is blank) does not verify',
  answerBlankProofUnexpected: 'a blank proof is present but this question does not allow blank votes',
  answerRangeProof: 'the proof that the number of selected answers is between {min} and {max} does not verify',
  answerKindNH: 'the question is non-homomorphic (ranked or graded) but the answer is a homomorphic one (a list of choices)',
  answerKindH: 'the question is homomorphic but the answer is a non-homomorphic one (one ciphertext and a proof)',
  answerNHProof: 'the proof that the ciphertext was made by its voter (proof of knowledge of its randomness) does not verify',

  // the encrypted tally
  tallyCount: 'it claims {claimed} tallied ballots; the board has {actual}',
  tallyWeight: 'it claims a total weight of {claimed}; the ballots weigh {actual}',
  tallyProduct: 'the published encrypted tally is not the product of the counted ballots',
  tallyNHWeight: 'a counted ballot of weight {weight} answers the non-homomorphic question {question}, where every ballot must weigh 1',
  shufflesOk: '{count} shuffle(s) of the ranked or graded answers verified, one after another',
  shuffleFailed: 'shuffle {shuffle} (by trustee {owner}), question {question}: the proof fails at {part}',
  shuffleUnreadable: 'shuffle {shuffle} cannot be read: {reason}',
  shufflesMissing: 'the trustees decrypted the ranked or graded answers without shuffling them first (spec 3.4: the ciphertexts of non-homomorphic questions are shuffled before any decryption), which links each answer to its voter',

  // the trustees' partial decryptions
  decryptionUnknownTrustee: 'partial decryption {n} claims to come from trustee {owner}, but there are {trustees} trustee(s)',
  decryptionOf: 'partial decryption of trustee {owner}: {reason}',
  decryptionQuestions: 'does not have one entry per question',
  decryptionFactorCount: 'question {question}: wrong number of factors',
  decryptionFactorNotElement: 'question {question}, answer {answer}: decryption factor is not an element of the group',
  decryptionNumbersNotBelowQ: 'question {question}, answer {answer}: proof numbers are not below q',
  decryptionProof: 'question {question}, answer {answer}: decryption proof does not verify',

  // the result
  resultQuestions: 'the result has {published} question(s), the election {expected}',
  resultCounts: 'question {question}: the result has {published} counts for {expected} encrypted totals',
  resultOverWeight: 'question {question}, answer {answer}: the result claims {claimed}, more than the total weight {weight}',
  resultWrong: 'question {question}, answer {answer}: the result claims {claimed}, which is not what the decryption gives',
  resultNHWrong: 'question {question}, ballot {ballot}: the result claims {claimed}, which is not what the decryption gives',
  resultKind: 'question {question}: the result has counts where a ranked or graded question needs one list per ballot, or the reverse',
  resultDecryptionMissing: 'the partial decryption of trustee {owner} is missing',
  resultTooFewDecryptions: 'only {present} of the {needed} partial decryptions needed from threshold trustees {first}-{last}',

  // anything else the protocol's code says, in its English words ({text}); the tests
  // keep every tampered archive out of it
  other: '{text}',
} as const;

export type DetailCode = keyof typeof DETAIL_ENGLISH;
export const DETAIL_CODES = Object.keys(DETAIL_ENGLISH) as DetailCode[];

export type DetailParams = Record<string, string | number>;

/** What a check says: a code, its parameters, and for a label ("ballot 3 of 7"), what it says of the labelled thing. */
export interface Detail {
  code: DetailCode;
  params: DetailParams;
  reason?: Detail;
}

export const detail = (code: DetailCode, params: DetailParams = {}, reason?: Detail): Detail => (reason ? { code, params, reason } : { code, params });

/** A list parameter ("1, 2, 4", "2-of-3, 3-of-5") is written with these separators in English. */
const ENGLISH_LIST = ', ';

/** The English words of a detail (the CLI's and the golden report's). */
export function englishDetail(d: Detail): string {
  let text: string = DETAIL_ENGLISH[d.code];
  for (const [k, v] of Object.entries(d.params)) text = text.replaceAll(`{${k}}`, englishParam(k, v));
  if (d.reason) text = text.replace('{reason}', englishDetail(d.reason));
  return text;
}

/** The records `unreadableWhole` names, as the decoders name them. */
export const RECORD_NAMES = {
  setup: 'setup data',
  trustees: 'the trustees record',
  credentials: 'the credentials record',
  sizedTally: 'sized encrypted tally',
  tally: 'the encrypted tally record',
  result: 'the result record',
  ballot: 'ballot',
} as const;

function englishParam(name: string, value: string | number): string {
  if (name === 'record') return RECORD_NAMES[value as keyof typeof RECORD_NAMES] ?? String(value);
  if (name === 'name') return pick(decodeTranslations(String(value)), 'en').text;
  if (name === 'groups') return String(value).split(' ').map((g) => g.replace('/', '-of-')).join(ENGLISH_LIST);
  if (name === 'trustees') return String(value).split(' ').join(ENGLISH_LIST);
  return String(value);
}

/** A failure whose words are a detail (thrown by the checks, read by verify.ts). */
export interface DetailedError {
  readonly detail: Detail;
}

export const hasDetail = (e: unknown): e is DetailedError =>
  typeof e === 'object' && e !== null && typeof (e as { detail?: { code?: unknown } }).detail?.code === 'string';

// ---------------------------------------------------------------- deeper modules' words
//
// The parsers and the ballot, trustee and decryption checks (archive.ts, codec.ts,
// ballot.ts, answers.ts, trustees.ts, tally.ts) are shared with the server and the booth
// and say what is wrong in English sentences. The verifier reads each of their sentences
// back into its code here; a reading is kept only when the code's English gives back
// exactly the same sentence, so the CLI's words never change, and a sentence no pattern
// reads stays `other` (in English). test/web/verifier-details.test.ts fails if any
// tampered archive's report holds an `other`.

const ID = String.raw`[^\s:]+`;
/** The parameters that are whole numbers. */
const INT_NAMES = /^(n|of|count|bytes|limit|size|remain|offset|height|index|byte|question|choice|answer|owner|group|first|last|min|max|threshold|degree|answers|questions|claimed|actual|present|needed|published|expected)$/;
const INT = String.raw`\d+`;


const pattern = (template: string): RegExp => {
  // the English template as a regular expression, each {param} a named group
  const parts = template.split(/(\{\w+\})/);
  const seen = new Set<string>();
  const source = parts
    .map((p) => {
      const m = /^\{(\w+)\}$/.exec(p);
      if (!m) return p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const name = m[1]!;
      if (seen.has(name)) return `\\k<${name}>`;
      seen.add(name);
      if (name === 'reason' || name === 'issue' || name === 'text') return `(?<${name}>.+)`;
      if (name === 'path') return `(?<${name}>${ID})`;
      return `(?<${name}>${INT_NAMES.test(name) ? INT : ID})`;
    })
    .join('');
  return new RegExp(`^${source}$`, 's');
};

/** The codes whose sentences the deeper modules write, tried in this order. */
const DEEP: DetailCode[] = [
  'archiveTooLarge', 'archiveOverLimit', 'archiveEmpty', 'archiveNotBelenios', 'archiveNoHeader', 'archiveTruncated', 'archiveEntryTruncated',
  'archiveEmptyHeader', 'archiveEntryNotText', 'archiveEntryName', 'payloadMissing', 'payloadAbsent', 'payloadUnexpected',
  'chainEmpty', 'electionKeyNotElement', 'trusteeProof', 'trusteeGroup',
  'ballotNotCanonical', 'ballotOtherElection', 'ballotOtherVersion', 'ballotQuestionCount', 'ballotCredentialNotElement',
  'ballotNumberNotBelowQ', 'ballotChoiceNotElement', 'ballotUnsigned', 'ballotSignatureHash', 'ballotSignature',
  'ballotQuestion', 'tallyNHWeight',
  'resultDecryptionMissing', 'resultTooFewDecryptions',
  'unreadableEvent', 'unreadableSetup', 'unreadableTrustees', 'unreadableCredentials', 'unreadableSizedTally', 'unreadableTally',
  'unreadableDecryption', 'unreadableResult', 'unreadableBallot', 'unreadableWhole',
];
/** What may follow a label: the reasons a ballot's question, a trustee group or a decryption gives. */
const REASONS: Partial<Record<DetailCode, DetailCode[]>> = {
  trusteeGroup: ['groupNoCertificates', 'groupCommitmentCount', 'groupKeyCount', 'groupCertificateUnsigned', 'groupCommitmentsUnsigned', 'groupPolynomialSizes', 'groupThreshold', 'groupKeyProof', 'groupKeyPolynomials'],
  ballotQuestion: ['answerChoiceCount', 'answerProofCount', 'answerChoiceProof', 'answerBlankProofMissing', 'answerBlankProof', 'answerRangeProofBlank', 'answerBlankProofUnexpected', 'answerRangeProof', 'answerKindNH', 'answerKindH', 'answerNHProof'],
  decryptionOf: ['decryptionQuestions', 'decryptionFactorCount', 'decryptionFactorNotElement', 'decryptionNumbersNotBelowQ', 'decryptionProof'],
  ballot: [], // filled below: every ballot reason
};

const PATTERNS = new Map<DetailCode, RegExp>(DETAIL_CODES.map((c) => [c, pattern(DETAIL_ENGLISH[c])]));


function readAs(codes: readonly DetailCode[], text: string): Detail | undefined {
  for (const code of codes) {
    const m = PATTERNS.get(code)!.exec(text);
    if (!m) continue;
    const { reason, ...rest } = m.groups ?? {};
    const params: DetailParams = {};
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) params[k] = INT_NAMES.test(k) && /^\d{1,15}$/.test(v) ? Number(v) : v;
    let d: Detail;
    if (reason !== undefined) {
      const inner = readAs(REASONS[code] ?? [], reason);
      if (!inner) continue;
      d = detail(code, params, inner);
    } else {
      d = detail(code, params);
    }
    if (englishDetail(d) === text) return d;
  }
  return undefined;
}

/** A deeper module's sentence as its code, or `other` with the sentence as it is. */
export function readSentence(text: string, within: readonly DetailCode[] = DEEP): Detail {
  return readAs(within, text) ?? readWhole(text, within) ?? detail('other', { text });
}

/** A record that cannot be read as a whole (the validator names no field). */
function readWhole(text: string, within: readonly DetailCode[]): Detail | undefined {
  if (!within.includes('unreadableWhole')) return undefined;
  for (const [record, phrase] of Object.entries(RECORD_NAMES)) {
    const issue = text.startsWith(`${phrase}: `) ? text.slice(phrase.length + 2) : undefined;
    if (issue !== undefined && !/^[^\s:]+: /.test(issue)) return detail('unreadableWhole', { record, issue });
  }
  return undefined;
}

/** What a ballot's check said, as a ballot's reason. */
export const readBallotProblem = (message: string): Detail => readSentence(message, BALLOT_REASONS);
/** What a partial decryption's check said. */
export const readDecryptionProblem = (message: string): Detail => readSentence(message, REASONS.decryptionOf!);

const BALLOT_REASONS: DetailCode[] = [
  'ballotNotCanonical', 'ballotOtherElection', 'ballotOtherVersion', 'ballotQuestionCount', 'ballotCredentialNotElement',
  'ballotNumberNotBelowQ', 'ballotChoiceNotElement', 'ballotUnsigned', 'ballotSignatureHash', 'ballotSignature',
  'ballotQuestion', 'unreadableBallot', 'unreadableWhole',
];
REASONS.ballot = BALLOT_REASONS;

/** The words of an error thrown while checking: its detail, else its sentence read back into a code. */
export function detailOf(e: unknown): Detail {
  if (hasDetail(e)) return e.detail;
  return readSentence(e instanceof Error ? e.message : String(e));
}
