// What the public and organisers see of conventions and elections. Once an
// election is open, its texts come from election.json itself (what voters
// encrypt for and what the fingerprint covers), not from the editable draft.
import type { CompositionReport } from '../../inclusion/composition.ts';
import type { Dimension } from '../../inclusion/dimensions.ts';
import { electionComposition, selfDescriptionOf } from '../inclusion/service.ts';
import { isHomomorphic } from '../../protocol/codec.ts';
import { ballotCounts } from '../../store/board.ts';
import type { Queryable } from '../../store/db.ts';
import { getConvention, listElections, type ElectionRow } from '../../store/elections.ts';
import type { ElectionState } from '../../api/election-state.ts';
import { credentialCount, credentialsReplaceable, invitationsOf, setupHistory, trusteeSetup } from '../../store/setup.ts';
import type { InvitationRole } from '../../api/setup.ts';
import type { SETUP_EVENTS } from '../../api/elections.ts';
import { publishedResult, talliedBoard } from './decryption.ts';
import { frozenElection } from './elections.ts';
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

export interface ElectionView {
  uuid: string;
  conventionId: string;
  state: ElectionState;
  name: Text;
  description: Text;
  questions: QuestionView[];
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
  // ranked and graded questions are not shown here yet (their view: issue 19)
  let questions: QuestionView[] = election.draft.questions.flatMap((q) => (q.kind === 'ranked' || q.kind === 'graded' ? [] : [{ question: q.question, answers: q.answers, min: q.min, max: q.max, blank: q.blank }]));
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
    questions = ctx.election.questions.slice(0, selfDescription.length ? own : undefined).filter(isHomomorphic).map((q) => ({
      question: decodeTranslations(q.question),
      answers: q.answers.map(decodeTranslations),
      min: q.min,
      max: q.max,
      blank: q.blank === true,
    }));
    if (election.state === 'published') {
      const full = await publishedResult(db, election.uuid);
      if (full) {
        result = full.slice(0, selfDescription.length ? own : undefined).map((q) => q.map(String));
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
    decryptions: (await talliedBoard(db, election.uuid))?.partialDecryptions.filter((p) => p.owner > 1).length ?? 0,
    history: (await setupHistory(db, election.uuid)).map((h) => ({
      at: new Date(h.at).toISOString(),
      event: h.event as SetupEvent,
      role: (text(h.detail.role) as InvitationRole | null) ?? (h.event.startsWith('credentials') ? 'credential-authority' : null),
      trustee: typeof h.detail.trustee === 'number' ? h.detail.trustee : null,
      fingerprint: text(h.detail.fingerprint),
      previousFingerprint: text(h.detail.previousFingerprint),
    })),
  };
}
