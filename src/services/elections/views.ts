// What the public and organisers see of conventions and elections. Once an
// election is open, its texts come from election.json itself (what voters
// encrypt for and what the fingerprint covers), not from the editable draft.
import type { CompositionReport } from '../../inclusion/composition.ts';
import type { Dimension } from '../../inclusion/dimensions.ts';
import { electionComposition, selfDescriptionOf } from '../inclusion/service.ts';
import { z } from 'zod';
import { decodeText, isHomomorphic, isVectors, zOwned } from '../../protocol/codec.ts';
import { ballotCounts, payloadsOf } from '../../store/board.ts';
import type { Queryable } from '../../store/db.ts';
import { getConvention, listElections, type ElectionRow } from '../../store/elections.ts';
import type { ElectionState } from '../../api/election-state.ts';
import { credentialCount, credentialsReplaceable, invitationsOf, setupHistory, trusteeSetup } from '../../store/setup.ts';
import type { InvitationRole } from '../../api/setup.ts';
import type { SETUP_EVENTS } from '../../api/elections.ts';
import { publishedResult } from './decryption.ts';
import { frozenElection } from './elections.ts';
import { shuffleProgress } from './shuffling.ts';
import { scheduleChangesOf, type ScheduleChange } from './schedule.ts';
import { NotFound } from '../../kernel/errors.ts';
import { decodeTranslations, type Translations } from '../../kernel/texts.ts';

type SetupEvent = (typeof SETUP_EVENTS)[number];

type Text = Translations & { raw?: string };

export interface QuestionView {
  question: Text;
  answers: Text[];
  min: number;
  max: number;
  blank: boolean;
}

/** How a ranked or graded question is counted (from its "extra" in election.json, as Belenios writes it). */
export type NhMethodView = { kind: 'schulze'; blank: boolean } | { kind: 'stv'; seats: number } | { kind: 'majority-judgment'; grades: Text[]; blank: boolean };

/** A ranked or graded question (Belenios's non-homomorphic questions): its texts, method and, once published, its decrypted ballots. */
export interface NhQuestionView {
  /** Its place among the election's questions (0 first), homomorphic ones included. */
  position: number;
  question: Text;
  answers: Text[];
  /** Undefined when the question's "extra" names no method Jirga counts. */
  method: NhMethodView | null;
  /** Published elections: one decrypted ranking or grading per counted ballot, in the shuffled order. */
  ballots: number[][] | null;
}

export interface ElectionView {
  uuid: string;
  conventionId: string;
  state: ElectionState;
  name: Text;
  description: Text;
  /** The questions answered by choosing (homomorphic): `result` gives their totals, in this order. */
  questions: QuestionView[];
  /** The ranked and graded questions. */
  nhQuestions: NhQuestionView[];
  /** The shuffles of the ranked and graded answers on the board, in order: who (0: the server, else the trustee's number) and the fingerprint (hash of the shuffle). */
  shuffles: { trustee: number; fingerprint: string }[];
  opensAt: string | null;
  closesAt: string | null;
  /** Every extension of the voting time, oldest first. */
  scheduleChanges: ScheduleChange[];
  trustees: { count: number; threshold: number | null };
  fingerprint: string | null;
  credentialsFingerprint: string | null;
  counts: { ballots: number; voters: number; credentials: number };
  /** Totals of the election's own questions (not of self-description questions). */
  result: string[][] | null;
  /**
   * Self-description questions asked on the ballot after `questions` (their texts are
   * in src/inclusion/questions.ts and in election.json); not part of `questions`
   * nor `result`: their totals are given, small cells hidden, as `composition`.
   */
  selfDescription: Dimension[];
  /** Who voted, from the decrypted totals of the self-description questions (published elections that asked them). */
  composition: CompositionReport | null;
  /** The demo's sample credentials (the demo's open election only; see the route). */
  demoCredentials?: string[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function electionView(db: Queryable, election: ElectionRow): Promise<ElectionView> {
  let name: Text = election.draft.name;
  let description: Text = election.draft.description;
  let questions: QuestionView[] = election.draft.questions.flatMap((q) => (q.kind === 'ranked' || q.kind === 'graded' ? [] : [{ question: q.question, answers: q.answers, min: q.min, max: q.max, blank: q.blank }]));
  let nhQuestions: NhQuestionView[] = election.draft.questions.flatMap((q, position): NhQuestionView[] => {
    if (q.kind === 'ranked') return [{ position, question: q.question, answers: q.answers, method: q.method === 'stv' ? { kind: 'stv' as const, seats: q.seats ?? 1 } : { kind: 'schulze' as const, blank: q.blank }, ballots: null }];
    if (q.kind === 'graded') return [{ position, question: q.question, answers: q.answers, method: { kind: 'majority-judgment' as const, grades: q.grades, blank: q.blank }, ballots: null }];
    return [];
  });
  let shuffles: ElectionView['shuffles'] = [];
  let fingerprint: string | null = null;
  let result: string[][] | null = null;
  let composition: CompositionReport | null = null;
  const selfDescription = selfDescriptionOf(election);
  // the election's own questions come first; self-description questions follow them
  const own = election.draft.questions.length;
  if (election.record_count > 0) {
    const ctx = await frozenElection(db, election.uuid);
    fingerprint = ctx.fingerprint;
    name = decodeTranslations(ctx.election.name);
    description = decodeTranslations(ctx.election.description);
    const owned = ctx.election.questions.slice(0, selfDescription.length ? own : undefined);
    questions = owned.filter(isHomomorphic).map((q) => ({
      question: decodeTranslations(q.question),
      answers: q.answers.map(decodeTranslations),
      min: q.min,
      max: q.max,
      blank: q.blank === true,
    }));
    nhQuestions = owned.flatMap((q, position) =>
      isHomomorphic(q) ? [] : [{ position, question: decodeTranslations(q.value.question), answers: q.value.answers.map(decodeTranslations), method: nhMethodOf(q.extra), ballots: null }],
    );
    if (nhQuestions.length > 0 && ['closed', 'tallied', 'published'].includes(election.state)) {
      shuffles = (await shuffleProgress(db, election)).shuffles;
    }
    if (election.state === 'published') {
      const full = await publishedResult(db, election.uuid);
      if (full) {
        // totals of the questions answered by choosing, in the order of `questions`; the decrypted ballots of the others
        result = full.flatMap((q, i) => (i < owned.length && isHomomorphic(owned[i]!) && !isVectors(q) ? [q.map(String)] : []));
        nhQuestions = nhQuestions.map((q) => {
          const entry = full[q.position];
          return { ...q, ballots: entry && (isVectors(entry) || entry.length === 0) ? (entry as number[][]) : [] };
        });
        composition = (await electionComposition(db, election, full))?.report ?? null;
      }
    }
  }
  return {
    uuid: election.uuid,
    conventionId: election.convention_id,
    state: election.state,
    name,
    description,
    questions,
    nhQuestions,
    shuffles,
    opensAt: iso(election.opens_at),
    closesAt: iso(election.closes_at),
    scheduleChanges: await scheduleChangesOf(db, election.uuid),
    trustees: election.draft.trustees,
    fingerprint,
    credentialsFingerprint: election.credentials_fingerprint,
    counts: { ...(await ballotCounts(db, election.uuid)), credentials: await credentialCount(db, election.uuid) },
    result,
    selfDescription,
    composition,
  };
}

// Belenios 2.0's forms write the method in a non-homomorphic question's "extra"
const zExtra = z.discriminatedUnion('method', [
  z.object({ method: z.literal('Schulze'), blank: z.boolean().optional() }),
  z.object({ method: z.literal('STV'), seats: z.number().int().min(1) }),
  z.object({ method: z.literal('MajorityJudgment'), blank: z.boolean().optional(), grades: z.array(z.string()).min(1) }),
]);

function nhMethodOf(extra: unknown): NhMethodView | null {
  const parsed = zExtra.safeParse(extra);
  if (!parsed.success) return null;
  const e = parsed.data;
  if (e.method === 'Schulze') return { kind: 'schulze', blank: e.blank ?? false };
  if (e.method === 'STV') return { kind: 'stv', seats: e.seats };
  return { kind: 'majority-judgment', grades: e.grades.map(decodeTranslations), blank: e.blank ?? false };
}

/** A name for lists: English when given, else the first language. */
export function plainName(t: Text): string {
  return t.raw ?? t.en ?? t['fa-AF'] ?? t['ps-AF'] ?? '';
}

export async function conventionView(db: Queryable, id: string, includeDrafts: boolean) {
  const convention = await getConvention(db, id);
  if (!convention) throw new NotFound('no such convention');
  const elections = (await listElections(db, id)).filter((e) => includeDrafts || e.state !== 'draft');
  return {
    id: convention.id,
    title: convention.title,
    description: convention.description,
    elections: await Promise.all(elections.map((e) => electionView(db, e))),
  };
}

/** Setup progress for the organiser (no secrets: tokens are only shown when made). */
export async function setupProgress(db: Queryable, election: ElectionRow, at: Date) {
  const rows = await trusteeSetup(db, election.uuid);
  const invitations = await invitationsOf(db, election.uuid);
  const now = at.getTime();
  const linksOf = (role: InvitationRole, index: number | null) => invitations.filter((i) => i.role === role && i.trustee_index === index);
  // the expiry of the person's link still valid (the latest one), or null
  const validUntil = (role: InvitationRole, index: number | null) => {
    const valid = linksOf(role, index).filter((i) => i.revoked_at === null && new Date(i.expires_at).getTime() > now);
    return valid.length === 0 ? null : new Date(Math.max(...valid.map((i) => new Date(i.expires_at).getTime()))).toISOString();
  };
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  // the owners of the partial decryptions: their small owned records, never the board's tally phase whole
  const decryptionOwners = (await payloadsOf(db, election.uuid, 'PartialDecryption')).map((t) => decodeText(zOwned, t, 'owned decryption').owner);
  return {
    trustees: rows.map((r) => ({
      index: r.trustee_index,
      opened: linksOf('trustee', r.trustee_index).some((i) => i.first_used_at !== null),
      key: r.public_key !== null,
      certificate: r.certificate !== null,
      polynomial: r.polynomial !== null,
      voutput: r.voutput !== null,
      linkExpiresAt: validUntil('trustee', r.trustee_index),
    })),
    credentialAuthority: {
      opened: linksOf('credential-authority', null).some((i) => i.first_used_at !== null),
      uploaded: election.credentials_fingerprint !== null,
      replacementAllowed: await credentialsReplaceable(db, election.uuid),
      linkExpiresAt: validUntil('credential-authority', null),
    },
    // trustees' partial decryptions received (the server's own is not counted)
    decryptions: decryptionOwners.filter((owner) => owner > 1).length,
    // ranked and graded answers being shuffled: the trustee whose turn it is (the shuffles themselves: the view's `shuffles`)
    shuffleTurn: election.state === 'closed' ? (await shuffleProgress(db, election)).next : null,
    history: (await setupHistory(db, election.uuid)).map((h) => ({
      at: new Date(h.at).toISOString(),
      event: h.event as SetupEvent,
      role: (text(h.detail.role) as InvitationRole | null) ?? (h.event.startsWith('credentials') ? 'credential-authority' : h.event === 'shuffle-skipped' ? 'trustee' : null),
      trustee: typeof h.detail.trustee === 'number' ? h.detail.trustee : null,
      fingerprint: text(h.detail.fingerprint),
      previousFingerprint: text(h.detail.previousFingerprint),
    })),
  };
}
