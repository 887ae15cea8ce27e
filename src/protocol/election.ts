// Elections (spec 4.10): making election.json from a template and the trustees,
// and loading one into a context every later step needs (group, key, fingerprint).
import {
  decodeText,
  isHomomorphic,
  writeElection,
  writeJson,
  zElection,
  type Election,
  type Question,
  type Template,
  type Trustees,
} from './codec.ts';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';
import { maxEmbeddedValues } from './answers-nh.ts';
import { getGroup, type Group } from './groups/index.ts';
import { sha256B64 } from './hash.ts';
import { combineTrusteeKeys } from './trustees.ts';

export interface ElectionContext {
  /** The exact bytes of election.json as published: its hash is the fingerprint. */
  raw: string;
  election: Election;
  group: Group;
  publicKey: bigint;
  /** phi: SHA-256 of the raw election, Base64Compact (spec 4.15). */
  fingerprint: string;
  /** y^e with a precomputed table for the election key. */
  powY: (e: bigint) => bigint;
}

export function loadElection(raw: string): ElectionContext {
  const election = decodeText(zElection, raw, 'election');
  const group = getGroup(election.group);
  if (!group.isElement(election.public_key)) {
    throw new UnusableInput("the election's public key is not an element of the group");
  }
  const publicKey = election.public_key;
  return {
    raw,
    election,
    group,
    publicKey,
    fingerprint: sha256B64(raw),
    powY: (e) => group.powFixed(publicKey, e),
  };
}

/** Questions Jirga can create an election with, with a message a person can act on. A
 * non-homomorphic question (ranked or graded, spec 4.9.2) needs a group with embedding
 * parameters (RFC-3526-2048) and no more answers than one group element holds. */
export function checkQuestionForCreation(q: Question, index: number, group?: Group): void {
  if (!isHomomorphic(q)) {
    if (group && !group.embedding) {
      throw new InvalidRequest(`question ${index + 1} is non-homomorphic (ranked or graded): the election needs group RFC-3526-2048, not ${group.name}`);
    }
    const n = q.value.answers.length;
    if (n === 0) throw new InvalidRequest(`question ${index + 1}: a question needs at least one answer`);
    if (group && n > maxEmbeddedValues(group)) {
      throw new InvalidRequest(`question ${index + 1}: at most ${maxEmbeddedValues(group)} answers fit in one encrypted ranking, not ${n}`);
    }
    return;
  }
  if (q.min > q.max) throw new InvalidRequest(`question ${index + 1}: min (${q.min}) is larger than max (${q.max})`);
  if (q.max > q.answers.length) {
    throw new InvalidRequest(`question ${index + 1}: max (${q.max}) is larger than the number of answers (${q.answers.length})`);
  }
  if (q.max === 0) throw new InvalidRequest(`question ${index + 1}: max must be at least 1`);
}

/** The number of non-homomorphic questions of an election. */
export function nonHomomorphicCount(election: Election): number {
  return election.questions.filter((q) => !isHomomorphic(q)).length;
}

/** election.json for a template (belenios-tool setup make-election). */
export function makeElection(template: Template, uuid: string, groupName: string, trustees: Trustees): string {
  const group = getGroup(groupName);
  template.questions.forEach((q, i) => checkQuestionForCreation(q, i, group));
  if (!/^[1-9A-HJ-NP-Za-km-z]{14,}$/.test(uuid)) {
    throw new InvalidRequest('the uuid must be at least 14 base-58 characters (see "jirga setup generate-token")');
  }
  const election: Election = {
    version: 1,
    description: template.description,
    name: template.name,
    group: group.name,
    public_key: combineTrusteeKeys(group, trustees),
    questions: template.questions,
    uuid,
    administrator: template.administrator,
    credential_authority: template.credential_authority,
  };
  return writeJson(writeElection(election));
}

/** Number of encrypted values per answer: one per answer, plus the blank flag. */
export function choiceCount(q: Question): number {
  if (!isHomomorphic(q)) return 1;
  return q.answers.length + (q.blank === true ? 1 : 0);
}
