// The trustee's side, run in the trustee's own browser (and by the demo): every
// secret stays here; only the returned public messages go to the server.
import { decodeText, writeJson, writePartialDecryption, writeShuffle, writePolynomial, writeSignedMsg, writeTrusteePublicKey, writeVoutput, zEncryptedTally, zSignedMsg, zVinput } from '../protocol/codec.ts';
import { loadElection } from '../protocol/election.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import { getGroup } from '../protocol/groups/index.ts';
import { partialDecryptionProblem, partialDecryptionOf } from '../protocol/tally.ts';
import { shuffleElection, verifyShuffle } from '../protocol/shuffle.ts';
import { recoverThresholdKey, thresholdStep1, thresholdStep3, thresholdStep5 } from '../protocol/threshold.ts';
import { generateTrusteeKey } from '../protocol/trustees.ts';
import { readTrusteeKeyFile, writeTrusteeKeyFile } from './keyfiles.ts';
import type { TrusteeSubmission, TrusteeTask } from '../api/setup.ts';

export interface KeyStep {
  /** The private key file to save: shown to the trustee, never uploaded. */
  keyFile?: { name: string; content: string };
  submission: TrusteeSubmission;
}

/** Produce what the current step needs (key generation, certificate, polynomial, output). */
export function trusteeKeyStep(task: TrusteeTask, keyFileText?: string): KeyStep {
  const group = getGroup(task.group);
  const base = { jirga: 'trustee-key' as const, version: 1 as const, election: task.uuid, trustee: task.index, group: task.group };
  switch (task.step) {
    case 'generate-key': {
      const pair = generateTrusteeKey(group);
      return {
        keyFile: { name: `jirga-${task.uuid}-trustee-${task.index}.key.json`, content: writeTrusteeKeyFile({ ...base, kind: 'basic', privateKey: pair.privateKey.toString() }) },
        submission: { kind: 'public-key', value: writeJson(writeTrusteePublicKey(pair.publicKey)) },
      };
    }
    case 'certificate': {
      const { seed, cert } = thresholdStep1(group);
      return {
        keyFile: { name: `jirga-${task.uuid}-trustee-${task.index}.key.json`, content: writeTrusteeKeyFile({ ...base, kind: 'threshold', seed }) },
        submission: { kind: 'certificate', value: writeJson(writeSignedMsg(cert)) },
      };
    }
    case 'polynomial':
      return { submission: { kind: 'polynomial', value: writeJson(writePolynomial(thresholdStep3(group, certificatesOf(task), seedOf(task, keyFileText), task.threshold!))) } };
    case 'voutput': {
      const vinput = decodeText(zVinput, task.vinput ?? '', 'routed shares');
      return { submission: { kind: 'voutput', value: writeJson(writeVoutput(thresholdStep5(group, certificatesOf(task), seedOf(task, keyFileText), vinput))) } };
    }
    default:
      throw new InvalidRequest('there is no key step to do now');
  }
}

function certificatesOf(task: TrusteeTask) {
  return (task.certificates ?? []).map((c, i) => decodeText(zSignedMsg, c, `certificate ${i + 1}`));
}

function keyFor(task: TrusteeTask, keyFileText: string | undefined) {
  if (!keyFileText) throw new InvalidRequest('load your key file first');
  const key = readTrusteeKeyFile(keyFileText);
  if (key.election !== undefined && key.election !== task.uuid) throw new InvalidRequest(`this key file is for election ${key.election}, not ${task.uuid}`);
  if (key.trustee !== undefined && key.trustee !== task.index) throw new InvalidRequest(`this key file belongs to trustee ${key.trustee}, not ${task.index}`);
  return key;
}

function seedOf(task: TrusteeTask, keyFileText: string | undefined): string {
  const key = keyFor(task, keyFileText);
  if (key.kind !== 'threshold') throw new InvalidRequest('this election uses threshold keys; this file holds a basic key');
  return key.seed;
}

/** The partial decryption of the encrypted tally (spec 4.18), checked before sending. */
export function trusteeDecryption(task: TrusteeTask & { electionRaw?: string; encryptedTally?: string }, keyFileText: string): string {
  if (!task.electionRaw || !task.encryptedTally) throw new InvalidRequest('there is nothing to decrypt yet');
  const ctx = loadElection(task.electionRaw);
  const key = keyFor(task, keyFileText);
  const x = key.kind === 'basic' ? key.privateKey : recoverThresholdKey(ctx.group, key.seed, task.encryptedDecryptionKey ?? '');
  const expected = task.publicKey ? BigInt((JSON.parse(task.publicKey) as { public_key: string }).public_key) : undefined;
  if (expected !== undefined && ctx.group.powG(x) !== expected) throw new InvalidRequest('this key file does not hold your key for this election');
  const tally = decodeText(zEncryptedTally, task.encryptedTally, 'encrypted tally');
  const pd = partialDecryptionOf(ctx, tally, x);
  const problem = partialDecryptionProblem(ctx, tally, ctx.group.powG(x), pd);
  if (problem) throw new InvalidRequest(`the decryption failed its own check: ${problem}`);
  return writeJson(writePartialDecryption(pd));
}

/** The trustee's shuffle of the ranked and graded answers (spec 4.17): the ciphertexts it
 * was given re-encrypted and permuted, with the proof, checked before sending. It needs no
 * key: only the election's public key, and randomness that never leaves this browser. */
export function trusteeShuffle(task: TrusteeTask & { electionRaw?: string; toShuffle?: string }): string {
  if (!task.electionRaw || !task.toShuffle) throw new InvalidRequest('there is nothing to shuffle now');
  const ctx = loadElection(task.electionRaw);
  const input = decodeText(zEncryptedTally, task.toShuffle, 'ciphertexts to shuffle');
  const sctx = { group: ctx.group, publicKey: ctx.publicKey, fingerprint: ctx.fingerprint };
  const shuffle = shuffleElection(sctx, input);
  const verdict = verifyShuffle(sctx, input, shuffle);
  if (!verdict.ok) throw new InvalidRequest(`the shuffle failed its own check: ${verdict.failure.message}`);
  return writeJson(writeShuffle(shuffle));
}
