// Ballots (spec 4.14, 4.15): the voter's browser encrypts and proves every answer,
// signs the ballot with the secret credential, and shows the tracker (the hash of
// the whole ballot). The server and every observer verify it the same way.
import { decimal, mod } from './bigint.ts';
import { createAnswerH, verifyAnswerH, type CiphertextBases } from './answers.ts';
import { createAnswerNH, verifyAnswerNH } from './answers-nh.ts';
import { decodeValue, isAnswerH, isHomomorphic, writeBallot, writeJson, zBallot, type Answer, type Ballot, type Ciphertext } from './codec.ts';
import { deriveCredentialSecret } from './credentials.ts';
import type { ElectionContext } from './election.ts';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';
import { sha256B64 } from './hash.ts';
import { parseJsonText } from './json.ts';
import { randomBelow, secureRandomBytes, type RandomBytes } from './random.ts';
import { ballotSignaturePrefix } from './schnorr.ts';

/** A plaintext ballot: per question, 0/1 per answer (blank flag first when allowed)
 * for a homomorphic question, one small integer per answer (a rank, a grade) for a
 * non-homomorphic one; the format of belenios-tool's --ballot file. */
export type PlaintextBallot = number[][];

export interface PreparedBallot {
  ballot: Ballot;
  /** The exact text to cast; its hash is the tracker. */
  text: string;
  tracker: string;
  /** Encryption randomness per question and choice (one for a non-homomorphic
   * question): reveal it only to audit a ballot that will then be discarded
   * (Benaloh challenge). */
  randomness: bigint[][];
}

export function ballotTracker(text: string): string {
  return sha256B64(text);
}

function signingHash(ballot: Ballot): string {
  return sha256B64(writeJson(writeBallot({ ...ballot, signature: undefined })));
}

/** Sign a ballot with the credential secret s (spec 4.14): Schnorr proof of
 * knowledge of s over the hash of the ballot without its signature. */
export function signBallot(ctx: ElectionContext, unsigned: Ballot, secret: bigint, random: RandomBytes = secureRandomBytes): Ballot {
  const { group } = ctx;
  const hash = signingHash({ ...unsigned, signature: undefined });
  const w = randomBelow(group.q, random);
  const challenge = group.hashToScalar(ballotSignaturePrefix(hash), [group.powG(w)]);
  return { ...unsigned, signature: { hash, proof: { challenge, response: mod(w - secret * challenge, group.q) } } };
}

export function createBallot(
  ctx: ElectionContext,
  credential: string,
  plaintext: PlaintextBallot,
  random: RandomBytes = secureRandomBytes,
): PreparedBallot {
  const { election, group } = ctx;
  if (plaintext.length !== election.questions.length) {
    throw new InvalidRequest(`the ballot answers ${plaintext.length} question(s) but the election has ${election.questions.length}`);
  }
  const secret = deriveCredentialSecret(group, election.uuid, credential);
  const credentialKey = group.powG(secret);
  const s0 = `${ctx.fingerprint}|${credentialKey}`;
  const answers: Answer[] = [];
  const randomness: bigint[][] = [];
  election.questions.forEach((q, i) => {
    try {
      if (isHomomorphic(q)) {
        const created = createAnswerH({ group, powY: ctx.powY }, q, s0, plaintext[i]!, random);
        answers.push(created.answer);
        randomness.push(created.randomness);
      } else {
        const created = createAnswerNH({ group, powY: ctx.powY, publicKey: ctx.publicKey }, q, s0, plaintext[i]!, random);
        answers.push(created.answer);
        randomness.push([created.randomness]);
      }
    } catch (e) {
      if (e instanceof InvalidRequest) throw new InvalidRequest(`question ${i + 1}: ${e.message}`);
      throw e;
    }
  });
  const unsigned: Ballot = { election_uuid: election.uuid, election_hash: ctx.fingerprint, credential: credentialKey, answers };
  const ballot = signBallot(ctx, unsigned, secret, random);
  const text = writeJson(writeBallot(ballot));
  return { ballot, text, tracker: ballotTracker(text), randomness };
}

export type BallotCheck =
  | { ok: true; ballot: Ballot; credential: bigint; tracker: string }
  | { ok: false; unusable: boolean; message: string; tracker: string; credential?: bigint };

/** Everything belenios checks when it casts a ballot, except the credential list
 * and re-vote rule (those need the board): canonical form, election, group
 * membership, signature, and every proof of every answer. */
export function checkBallot(ctx: ElectionContext, text: string): BallotCheck {
  const tracker = ballotTracker(text);
  const fail = (message: string, unusable = false, credential?: bigint): BallotCheck =>
    credential === undefined ? { ok: false, unusable, message, tracker } : { ok: false, unusable, message, tracker, credential };
  let ballot: Ballot;
  try {
    ballot = decodeValue(zBallot, parseJsonText(text, 'ballot'), 'ballot');
  } catch (e) {
    return fail((e as Error).message, true);
  }
  const { group, election } = ctx;
  const credential = ballot.credential;
  if (writeJson(writeBallot(ballot)) !== text) return fail('ballot is not in canonical form (it is not exactly as belenios writes it)', false, credential);
  if (ballot.election_uuid !== election.uuid) return fail(`ballot is for election ${ballot.election_uuid}, not ${election.uuid}`, false, credential);
  if (ballot.election_hash !== ctx.fingerprint) return fail('ballot was made for a different version of the election (election_hash differs)', false, credential);
  if (ballot.answers.length !== election.questions.length) {
    return fail(`ballot answers ${ballot.answers.length} question(s), the election has ${election.questions.length}`, false, credential);
  }
  // Range checks first: a number outside the group or Z_q makes the ballot unreadable.
  if (!group.inRange(credential)) return fail('credential is not an element of the group', true, credential);
  const allProofs = ballot.answers.flatMap((a) => (isAnswerH(a) ? [...a.individual_proofs.flat(), ...a.overall_proof, ...(a.blank_proof ?? [])] : [a.proof]));
  if (ballot.signature) allProofs.push(ballot.signature.proof);
  for (const p of allProofs) {
    if (!group.isScalar(p.challenge) || !group.isScalar(p.response)) return fail('a proof contains a number that is not below q', true, credential);
  }
  // In a safe-prime group (RFC-3526-2048, the group of ranked and graded questions) membership
  // needs no exponentiation, and the credential's only one is by a 256-bit challenge: no
  // table of 2047 squarings for it.
  const credentialBase = group.safePrime ? undefined : group.variableBase(credential);
  if (!group.isElement(credential, credentialBase)) return fail('credential is not an element of the group', true, credential);
  const bases = new Map<string, CiphertextBases>();
  const basesFor = (c: Ciphertext): CiphertextBases => ({ alpha: group.variableBase(c.alpha), beta: group.variableBase(c.beta) });
  const choiceBases: CiphertextBases[][] = [];
  for (let i = 0; i < ballot.answers.length; i++) {
    const perChoice: CiphertextBases[] = [];
    const answer = ballot.answers[i]!;
    if (!isAnswerH(answer)) {
      // one ciphertext, whose alpha is raised only to the proof's 256-bit challenge
      for (const [name, x] of [['alpha', answer.choices.alpha], ['beta', answer.choices.beta]] as const) {
        if (!group.isElement(x)) return fail(`question ${i + 1}, choice 1: ${name} is not an element of the group`, true, credential);
      }
      choiceBases.push(perChoice);
      continue;
    }
    const answerChoices = answer.choices;
    for (let j = 0; j < answerChoices.length; j++) {
      const c = answerChoices[j]!;
      for (const [name, x] of [['alpha', c.alpha], ['beta', c.beta]] as const) {
        if (!group.inRange(x)) return fail(`question ${i + 1}, choice ${j + 1}: ${name} is not an element of the group`, true, credential);
      }
      const key = `${decimal(c.alpha)},${decimal(c.beta)}`;
      let b = bases.get(key);
      if (!b) {
        b = basesFor(c);
        if (!group.isElement(c.alpha, b.alpha)) return fail(`question ${i + 1}, choice ${j + 1}: alpha is not an element of the group`, true, credential);
        if (!group.isElement(c.beta, b.beta)) return fail(`question ${i + 1}, choice ${j + 1}: beta is not an element of the group`, true, credential);
        bases.set(key, b);
      }
      perChoice.push(b);
    }
    choiceBases.push(perChoice);
  }
  // Signature (spec 4.14).
  if (!ballot.signature) return fail('ballot is not signed', false, credential);
  const { hash, proof } = ballot.signature;
  if (hash !== signingHash(ballot)) return fail('signature covers a different ballot (hash mismatch)', false, credential);
  const A = group.mul(group.powG(proof.response), credentialBase ? credentialBase.pow(proof.challenge) : group.pow(credential, proof.challenge));
  if (group.hashToScalar(ballotSignaturePrefix(hash), [A]) !== proof.challenge) {
    return fail('signature does not verify with the ballot credential', false, credential);
  }
  // Proofs of every answer (spec 4.11-4.13).
  const s0 = `${ctx.fingerprint}|${decimal(credential)}`;
  for (let i = 0; i < ballot.answers.length; i++) {
    const q = election.questions[i]!;
    const a = ballot.answers[i]!;
    let problem: string | undefined;
    if (isHomomorphic(q)) {
      problem = isAnswerH(a)
        ? verifyAnswerH({ group, powY: ctx.powY }, q, s0, a, choiceBases[i]!, basesFor)
        : 'the question is homomorphic but the answer is a non-homomorphic one (one ciphertext and a proof)';
    } else {
      problem = isAnswerH(a)
        ? 'the question is non-homomorphic (ranked or graded) but the answer is a homomorphic one (a list of choices)'
        : verifyAnswerNH({ group, powY: ctx.powY, publicKey: ctx.publicKey }, s0, a, (e) => group.pow(a.choices.alpha, e));
    }
    if (problem) return fail(`question ${i + 1}: ${problem}`, false, credential);
  }
  return { ok: true, ballot, credential, tracker };
}

/** The ciphertexts of an answer: its choices, or the one ciphertext of a non-homomorphic answer. */
export function choicesOf(a: Answer): readonly Ciphertext[] {
  return isAnswerH(a) ? a.choices : [a.choices];
}

/** Parse a plaintext ballot file such as [[1,0],[0,1,0]]. */
export function parsePlaintextBallot(text: string): PlaintextBallot {
  const value = parseJsonText(text.trim(), 'plaintext ballot');
  if (!Array.isArray(value) || value.some((q) => !Array.isArray(q) || q.some((x: unknown) => typeof x !== 'number' || !Number.isInteger(x)))) {
    throw new UnusableInput('plaintext ballot must be a JSON array of arrays of integers, such as [[1,0],[0,1,0]]');
  }
  return value as PlaintextBallot;
}
