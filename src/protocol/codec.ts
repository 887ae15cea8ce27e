// Every Belenios 2.0 message as a zod schema (reading) and a writer (in the field
// order of belenios' ATD types, spec section 4). Reading checks shapes and the
// canonical base-10 form of numbers; ranges and group membership are checked by the
// caller, who knows the group (see checks.ts).
import { z } from 'zod';
import { bigIntFromDecimal, NATURAL_DECIMAL } from './bigint.ts';
import { UnusableInput } from '../kernel/errors.ts';
import { HEX_HASH } from './hash.ts';
import { parseJsonText, writeJson, type JsonOut } from './json.ts';

// ---------------------------------------------------------------- basic types (4.2)

/** A union whose branch is chosen by looking at the value, so that errors name the
 * real problem instead of "no branch matched". */
function dispatch<T>(pick: (value: unknown) => z.ZodType): z.ZodType<T> {
  return z.unknown().transform((value, ctx) => {
    const r = pick(value).safeParse(value);
    if (r.success) return r.data as T;
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }) as unknown as z.ZodType<T>;
}

export const zNumber = z
  .string({ error: 'expected a number written in base 10 inside a JSON string' })
  .regex(NATURAL_DECIMAL, { error: 'expected a number written in base 10 inside a JSON string' })
  .transform((s) => bigIntFromDecimal(s));

export const zHash = z.string().regex(HEX_HASH, { error: 'expected a SHA-256 hash in lowercase hexadecimal' });
export const zUuid = z
  .string()
  .regex(/^[1-9A-HJ-NP-Za-km-z]{14,}$/, { error: 'expected an election uuid (at least 14 base-58 characters)' });
const zSmallInt = z.number().int().min(0).max(2 ** 31 - 1);

/** Weights are JSON integers when small and base-10 strings otherwise (atdgen Weight). */
export const zWeight = z.union([
  z.number().int().min(0).transform((n) => BigInt(n)),
  zNumber,
]);
const MAX_INT31 = 1073741823n;
export function writeWeight(w: bigint): JsonOut {
  return w <= MAX_INT31 ? Number(w) : w;
}

// ----------------------------------------------------------- common structures (4.3)

export const zProof = z.object({ challenge: zNumber, response: zNumber });
export type Proof = z.infer<typeof zProof>;
export const writeProof = (p: Proof): JsonOut => ({ challenge: p.challenge, response: p.response });

export const zCiphertext = z.object({ alpha: zNumber, beta: zNumber });
export type Ciphertext = z.infer<typeof zCiphertext>;
export const writeCiphertext = (c: Ciphertext): JsonOut => ({ alpha: c.alpha, beta: c.beta });

// ------------------------------------------------------------ archive and events (4.4)

export const zArchiveHeader = z.object({
  version: z.literal(1, { error: 'unsupported archive version (expected 1)' }),
  timestamp: z.union([zNumber, z.number().int().min(0).transform((n) => BigInt(n))]),
});
export type ArchiveHeader = z.infer<typeof zArchiveHeader>;
export const writeArchiveHeader = (h: ArchiveHeader): JsonOut => ({ version: h.version, timestamp: h.timestamp });

export const EVENT_TYPES = [
  'Setup',
  'Ballot',
  'EndBallots',
  'EncryptedTally',
  'Shuffle',
  'EndShuffles',
  'PartialDecryption',
  'Result',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const zEvent = z.object({
  parent: zHash.optional(),
  height: zSmallInt,
  type: z.enum(EVENT_TYPES),
  payload: zHash.optional(),
});
export type ElectionEvent = z.infer<typeof zEvent>;
export const writeEvent = (e: ElectionEvent): JsonOut => ({
  parent: e.parent,
  height: e.height,
  type: e.type,
  payload: e.payload,
});

export const zSetupData = z.object({ election: zHash, trustees: zHash, credentials: zHash });
export type SetupData = z.infer<typeof zSetupData>;
export const writeSetupData = (s: SetupData): JsonOut => ({
  election: s.election,
  trustees: s.trustees,
  credentials: s.credentials,
});

// ------------------------------------------------------------ verification keys (4.5)

export const zTrusteePublicKey = z.object({
  pok: zProof,
  public_key: zNumber,
  name: z.string().optional(),
});
export type TrusteePublicKey = z.infer<typeof zTrusteePublicKey>;
export const writeTrusteePublicKey = (k: TrusteePublicKey): JsonOut => ({
  pok: writeProof(k.pok),
  public_key: k.public_key,
  name: k.name,
});

// ------------------------------------------------------- threshold messages (4.6)

export const zSignedMsg = z.object({ message: z.string(), signature: zProof });
export type SignedMsg = z.infer<typeof zSignedMsg>;
export const writeSignedMsg = (m: SignedMsg): JsonOut => ({ message: m.message, signature: writeProof(m.signature) });

export const zChannelMsg = z.object({ recipient: zNumber, message: z.string() });
export type ChannelMsg = z.infer<typeof zChannelMsg>;
export const writeChannelMsg = (m: ChannelMsg): JsonOut => ({ recipient: m.recipient, message: m.message });

export const zEncryptedMsg = z.object({
  alpha: zNumber,
  beta: zNumber,
  data: z.string().regex(/^([0-9a-f]{2})*$/, { error: 'expected hexadecimal data' }),
});
export type EncryptedMsg = z.infer<typeof zEncryptedMsg>;
export const writeEncryptedMsg = (m: EncryptedMsg): JsonOut => ({ alpha: m.alpha, beta: m.beta, data: m.data });

export const zCertKeys = z.object({ verification: zNumber, encryption: zNumber });
export type CertKeys = z.infer<typeof zCertKeys>;
export const writeCertKeys = (k: CertKeys): JsonOut => ({ verification: k.verification, encryption: k.encryption });

export const zRawPolynomial = z.object({ polynomial: z.array(zNumber) });
export const writeRawPolynomial = (coefficients: bigint[]): JsonOut => ({ polynomial: coefficients });
export const zRawCoefexps = z.object({ coefexps: z.array(zNumber) });
export const writeRawCoefexps = (coefexps: bigint[]): JsonOut => ({ coefexps });
export const zSecret = z.object({ secret: zNumber });
export const writeSecret = (secret: bigint): JsonOut => ({ secret });

export const zPolynomial = z.object({ polynomial: z.string(), secrets: z.array(z.string()), coefexps: zSignedMsg });
export type Polynomial = z.infer<typeof zPolynomial>;
export const writePolynomial = (p: Polynomial): JsonOut => ({
  polynomial: p.polynomial,
  secrets: p.secrets,
  coefexps: writeSignedMsg(p.coefexps),
});

export const zVinput = z.object({ polynomial: z.string(), secrets: z.array(z.string()), coefexps: z.array(zSignedMsg) });
export type Vinput = z.infer<typeof zVinput>;
export const writeVinput = (v: Vinput): JsonOut => ({
  polynomial: v.polynomial,
  secrets: v.secrets,
  coefexps: v.coefexps.map(writeSignedMsg),
});

export const zPartialDecryptionKey = z.object({ decryption_key: zNumber });
export const writePartialDecryptionKey = (key: bigint): JsonOut => ({ decryption_key: key });

export const zVoutput = z.object({ private_key: z.string(), public_key: zTrusteePublicKey });
export type Voutput = z.infer<typeof zVoutput>;
export const writeVoutput = (v: Voutput): JsonOut => ({
  private_key: v.private_key,
  public_key: writeTrusteePublicKey(v.public_key),
});

export const zThresholdParameters = z.object({
  threshold: zSmallInt,
  certs: z.array(zSignedMsg),
  coefexps: z.array(zSignedMsg),
  verification_keys: z.array(zTrusteePublicKey),
});
export type ThresholdParameters = z.infer<typeof zThresholdParameters>;
export const writeThresholdParameters = (t: ThresholdParameters): JsonOut => ({
  threshold: t.threshold,
  certs: t.certs.map(writeSignedMsg),
  coefexps: t.coefexps.map(writeSignedMsg),
  verification_keys: t.verification_keys.map(writeTrusteePublicKey),
});

// ---------------------------------------------------------------- trustees (4.7)

const zSingle = z.tuple([z.literal('Single'), zTrusteePublicKey]);
const zPedersen = z.tuple([z.literal('Pedersen'), zThresholdParameters]);
export type TrusteeKind = z.infer<typeof zSingle> | z.infer<typeof zPedersen>;
export const zTrusteeKind = dispatch<TrusteeKind>((v) =>
  Array.isArray(v) && v[0] === 'Pedersen' ? zPedersen : zSingle,
);
export const zTrustees = z.array(zTrusteeKind).min(1, { error: 'an election needs at least one trustee' });
export type Trustees = z.infer<typeof zTrustees>;
export const writeTrustees = (ts: Trustees): JsonOut =>
  ts.map((t) => (t[0] === 'Single' ? ['Single', writeTrusteePublicKey(t[1])] : ['Pedersen', writeThresholdParameters(t[1])]));

// ---------------------------------------------------------------- credentials (4.8)

export const zPublicCredentials = z.array(z.string());

// ---------------------------------------------------------------- questions (4.9)

export const zQuestionH = z
  .object({
    answers: z.array(z.string()).min(1, { error: 'a question needs at least one answer' }),
    blank: z.boolean().optional(),
    min: zSmallInt,
    max: zSmallInt,
    question: z.string(),
  })
  .refine((q) => q.min <= q.max, { error: 'min must not exceed max' });
export type QuestionH = z.infer<typeof zQuestionH>;

export const zQuestionNH = z.object({
  type: z.literal('NonHomomorphic'),
  value: z.object({ answers: z.array(z.string()), question: z.string() }),
  extra: z.unknown().optional(),
});
export type QuestionNH = z.infer<typeof zQuestionNH>;
export type Question = QuestionH | QuestionNH;
export const zQuestion = dispatch<Question>((v) =>
  typeof v === 'object' && v !== null && 'type' in v ? zQuestionNH : zQuestionH,
);

export function isHomomorphic(q: Question): q is QuestionH {
  return !('type' in q);
}

export const writeQuestion = (q: Question): JsonOut =>
  isHomomorphic(q)
    ? { answers: q.answers, blank: q.blank, min: q.min, max: q.max, question: q.question }
    : {
        type: 'NonHomomorphic',
        value: { answers: q.value.answers, question: q.value.question },
        extra: q.extra as JsonOut,
      };

// ---------------------------------------------------------------- elections (4.10)

export const zTemplate = z.object({
  description: z.string(),
  name: z.string(),
  questions: z.array(zQuestion).min(1, { error: 'an election needs at least one question' }),
  administrator: z.string().optional(),
  credential_authority: z.string().optional(),
});
export type Template = z.infer<typeof zTemplate>;

export const zElection = z.object({
  version: z.literal(1, { error: 'unsupported election version (Belenios 2.0 uses version 1)' }),
  description: z.string(),
  name: z.string(),
  group: z.string(),
  public_key: zNumber,
  questions: z.array(zQuestion).min(1, { error: 'an election needs at least one question' }),
  uuid: zUuid,
  administrator: z.string().optional(),
  credential_authority: z.string().optional(),
});
export type Election = z.infer<typeof zElection>;
export const writeElection = (e: Election): JsonOut => ({
  version: e.version,
  description: e.description,
  name: e.name,
  group: e.group,
  public_key: e.public_key,
  questions: e.questions.map(writeQuestion),
  uuid: e.uuid,
  administrator: e.administrator,
  credential_authority: e.credential_authority,
});

// ---------------------------------------------------------------- answers (4.11)

const zDisjunctiveProof = z.array(zProof);
export const zAnswerH = z.object({
  choices: z.array(zCiphertext),
  individual_proofs: z.array(zDisjunctiveProof),
  overall_proof: zDisjunctiveProof,
  blank_proof: zDisjunctiveProof.optional(),
});
export type AnswerH = z.infer<typeof zAnswerH>;
export const writeAnswerH = (a: AnswerH): JsonOut => ({
  choices: a.choices.map(writeCiphertext),
  individual_proofs: a.individual_proofs.map((ps) => ps.map(writeProof)),
  overall_proof: a.overall_proof.map(writeProof),
  blank_proof: a.blank_proof?.map(writeProof),
});

/** An answer to a non-homomorphic question (spec 4.11.2): one ciphertext of the
 * embedded vector and a proof of knowledge of its randomness. */
export const zAnswerNH = z.object({ choices: zCiphertext, proof: zProof });
export type AnswerNH = z.infer<typeof zAnswerNH>;
export const writeAnswerNH = (a: AnswerNH): JsonOut => ({ choices: writeCiphertext(a.choices), proof: writeProof(a.proof) });

export type Answer = AnswerH | AnswerNH;
/** The answer's shape says which kind it is (choices: a list, or one ciphertext); whether
 * it is the kind its question needs is checked with the election (ballot.ts). */
export const zAnswer = dispatch<Answer>((v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'choices' in v && !Array.isArray((v as { choices: unknown }).choices) && 'proof' in v
    ? zAnswerNH
    : zAnswerH,
);
export function isAnswerH(a: Answer): a is AnswerH {
  return Array.isArray(a.choices);
}
export const writeAnswer = (a: Answer): JsonOut => (isAnswerH(a) ? writeAnswerH(a) : writeAnswerNH(a));

// ---------------------------------------------------------------- ballots (4.14-4.15)

export const zSignature = z.object({ hash: z.string(), proof: zProof });
export const zBallot = z.object({
  election_uuid: zUuid,
  election_hash: z.string(),
  credential: zNumber,
  answers: z.array(zAnswer),
  signature: zSignature.optional(),
});
export type Ballot = z.infer<typeof zBallot>;
/** A ballot of an election whose questions are all homomorphic (the view most tests take). */
export type BallotH = Omit<Ballot, 'answers'> & { answers: AnswerH[] };
export function asBallotH(b: Ballot): BallotH {
  if (!b.answers.every(isAnswerH)) throw new UnusableInput('the ballot has a non-homomorphic answer');
  return b as BallotH;
}
export const writeBallot = (b: Ballot): JsonOut => ({
  election_uuid: b.election_uuid,
  election_hash: b.election_hash,
  credential: b.credential,
  answers: b.answers.map(writeAnswer),
  signature: b.signature && { hash: b.signature.hash, proof: writeProof(b.signature.proof) },
});

// ---------------------------------------------------------- tally and result (4.16-4.19)

export const zEncryptedTally = z.array(z.array(zCiphertext));
export type EncryptedTally = z.infer<typeof zEncryptedTally>;
export const writeEncryptedTally = (t: EncryptedTally): JsonOut => t.map((q) => q.map(writeCiphertext));

export const zSizedEncryptedTally = z.object({
  num_tallied: zSmallInt,
  total_weight: zWeight,
  encrypted_tally: zHash,
});
export type SizedEncryptedTally = z.infer<typeof zSizedEncryptedTally>;
export const writeSizedEncryptedTally = (s: SizedEncryptedTally): JsonOut => ({
  num_tallied: s.num_tallied,
  total_weight: writeWeight(s.total_weight),
  encrypted_tally: s.encrypted_tally,
});

export const zPartialDecryption = z.object({
  decryption_factors: z.array(z.array(zNumber)),
  decryption_proofs: z.array(z.array(zProof)),
});
export type PartialDecryption = z.infer<typeof zPartialDecryption>;
export const writePartialDecryption = (d: PartialDecryption): JsonOut => ({
  decryption_factors: d.decryption_factors,
  decryption_proofs: d.decryption_proofs.map((q) => q.map(writeProof)),
});

export const zOwned = z.object({ owner: z.number().int().min(1).max(2 ** 31 - 1), payload: zHash });
export type Owned = z.infer<typeof zOwned>;
export const writeOwned = (o: Owned): JsonOut => ({ owner: o.owner, payload: o.payload });

// ---------------------------------------------------------------- shuffles (4.17)

// shuffle_proof = (t1, t2, t3, (t41, t42), [t^_1..t^_N]) x (s1, s2, s3, s4, [s^_1..s^_N],
// [s'_1..s'_N]) x [c_1..c_N] x [c^_1..c^_N], written as nested JSON arrays (ATD tuples).
export const zShuffleProof = z
  .tuple([
    z.tuple([zNumber, zNumber, zNumber, z.tuple([zNumber, zNumber]), z.array(zNumber)]),
    z.tuple([zNumber, zNumber, zNumber, zNumber, z.array(zNumber), z.array(zNumber)]),
    z.array(zNumber),
    z.array(zNumber),
  ])
  .transform(([[t1, t2, t3, [t41, t42], tHat], [s1, s2, s3, s4, sHat, sPrime], c, cHat]) => ({
    t: { t1, t2, t3, t41, t42, tHat },
    s: { s1, s2, s3, s4, sHat, sPrime },
    c,
    cHat,
  }));
export type ShuffleProof = z.infer<typeof zShuffleProof>;
export const writeShuffleProof = (p: ShuffleProof): JsonOut => [
  [p.t.t1, p.t.t2, p.t.t3, [p.t.t41, p.t.t42], p.t.tHat],
  [p.s.s1, p.s.s2, p.s.s3, p.s.s4, p.s.sHat, p.s.sPrime],
  p.c,
  p.cHat,
];

/** A shuffle of every non-homomorphic question: its re-encrypted, permuted ciphertexts
 * and its proof, question by question (the payload the owned Shuffle event names). */
export const zShuffle = z.object({
  ciphertexts: z.array(z.array(zCiphertext)),
  proofs: z.array(zShuffleProof),
});
export type Shuffle = z.infer<typeof zShuffle>;
export const writeShuffle = (s: Shuffle): JsonOut => ({
  ciphertexts: s.ciphertexts.map((q) => q.map(writeCiphertext)),
  proofs: s.proofs.map(writeShuffleProof),
});

export const zResult = z.object({ result: z.array(z.array(zWeight)) });
export type ElectionResult = z.infer<typeof zResult>;
export const writeResult = (r: ElectionResult): JsonOut => ({ result: r.result.map((q) => q.map(writeWeight)) });

/** One question's result (spec 4.19, `I* | I**`): the counts of a homomorphic question,
 * or the decoded vector of every shuffled ballot of a non-homomorphic one. */
export type ResultEntry = bigint[] | number[][];
const zVectors = z.array(z.array(zSmallInt));
const zResultEntry = dispatch<ResultEntry>((v) => (Array.isArray(v) && v.length > 0 && Array.isArray(v[0]) ? zVectors : z.array(zWeight)));
/** A result that may hold non-homomorphic questions' vectors. */
export const zMixedResult = z.object({ result: z.array(zResultEntry) });
export const isVectors = (e: ResultEntry): e is number[][] => e.length > 0 && Array.isArray(e[0]);
export const writeMixedResult = (r: { result: ResultEntry[] }): JsonOut => ({
  result: r.result.map((q) => (isVectors(q) ? q : (q as bigint[]).map(writeWeight))),
});

// ---------------------------------------------------------------- decoding

export function formatIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const path = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '';
  return (path ? `${path}: ` : '') + issue.message;
}

/** Validate an already parsed JSON value; failures name `what` and the field. */
export function decodeValue<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new UnusableInput(`${what}: ${formatIssues(r.error)}`);
  return r.data;
}

/** Parse JSON text and validate it. */
export function decodeText<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
  return decodeValue(schema, parseJsonText(text, what), what);
}

export { writeJson };
