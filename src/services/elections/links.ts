// The links of trustees and of the credential authority (docs/trust-model.md, "One-time
// links"): each expires (DEFAULT_LINK_LIFETIME_DAYS unless the organiser chose another
// lifetime), the organiser can revoke it and issue a new one, and each step it allows is
// done once. Reading a link's page uses none of its steps.
import { DEFAULT_LINK_LIFETIME_DAYS, type InvitationRole, type LinkStep } from '../../api/setup.ts';
import { Conflict, Forbidden, Gone, InvalidRequest, NotFound } from '../../kernel/errors.ts';
import { randomBase58String } from '../../protocol/random.ts';
import type { Queryable } from '../../store/db.ts';
import {
  addSetupHistory,
  createInvitation,
  credentialsReplaceable,
  findInvitation,
  markInvitationOpened,
  rearmCredentialUpload,
  revokeInvitations,
  setCredentialsReplaceable,
  useInvitationStep,
  type Invitation,
} from '../../store/setup.ts';
import type { ServiceContext } from '../context.ts';
import { withElection } from './elections.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a link made at `now` expires. */
export function linkExpiry(now: Date, days: number = DEFAULT_LINK_LIFETIME_DAYS): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

/** A new link's token: 22 base58 characters from the CSPRNG (about 128 bits). */
export function newLinkToken(): string {
  return randomBase58String(22);
}

/** Refuse a link that was revoked or has expired at `now`. */
function refuseUnusable(inv: Invitation, now: Date): void {
  if (inv.revoked_at !== null) throw new Gone('this link was revoked by the organiser: ask the organiser for your new link', 'link-revoked');
  const expires = new Date(inv.expires_at);
  if (expires.getTime() <= now.getTime()) throw new Gone(`this link expired on ${expires.toISOString()}: ask the organiser for a new link`, 'link-expired');
}

/** The valid link of `token` for `role` (marked opened); 404, 403, or 410 when revoked or expired. */
export async function invitation(ctx: ServiceContext, token: string, role: InvitationRole): Promise<Invitation> {
  const inv = await findInvitation(ctx.db, token);
  if (!inv) throw new NotFound('this link is not valid (it may have been mistyped, or the election deleted)');
  if (inv.role !== role) throw new Forbidden(`this link is for the ${inv.role === 'trustee' ? 'trustee' : 'credential authority'} page`);
  refuseUnusable(inv, ctx.now());
  await markInvitationOpened(ctx.db, token);
  return inv;
}

/**
 * Use `step` of the link, in the transaction that does the step (a step refused later
 * leaves it unused): 409 link-step-used when this link already did it, 410 when the link
 * was revoked or expired meanwhile.
 */
export async function useStep(tx: Queryable, ctx: ServiceContext, token: string, step: LinkStep, used: string): Promise<void> {
  const now = ctx.now();
  if (await useInvitationStep(tx, token, step, now)) return;
  const inv = await findInvitation(tx, token);
  if (inv) refuseUnusable(inv, now);
  throw new Conflict(used, 'link-step-used');
}

/** What the organiser gets back: the new link, shown once. */
export interface ReissuedLink {
  role: InvitationRole;
  trustee: number | null;
  token: string;
  expiresAt: string;
  revoked: number;
}

/**
 * Revoke every valid link of one person and make a new one. The steps already done stay
 * done (the new link cannot redo them: what was received is kept). Trustees need their
 * link until they have decrypted; the credential authority only during setup.
 */
export async function reissueLink(
  ctx: ServiceContext,
  uuid: string,
  request: { role: InvitationRole; trustee?: number | undefined; lifetimeDays?: number | undefined },
): Promise<ReissuedLink> {
  const states = request.role === 'trustee' ? (['setup', 'open', 'closed', 'tallied'] as const) : (['setup'] as const);
  return withElection(ctx, uuid, states, async (tx, election) => {
    let trustee: number | null = null;
    if (request.role === 'trustee') {
      if (request.trustee === undefined) throw new InvalidRequest('say which trustee (trustee: its number) the new link is for');
      if (request.trustee > election.draft.trustees.count) throw new InvalidRequest(`this election has ${election.draft.trustees.count} trustee(s); there is no trustee ${request.trustee}`);
      trustee = request.trustee;
    } else if (request.trustee !== undefined) throw new InvalidRequest('the credential authority has one link: leave out the trustee number');
    const now = ctx.now();
    const revoked = await revokeInvitations(tx, uuid, request.role, trustee, now);
    const token = newLinkToken();
    const expires = linkExpiry(now, request.lifetimeDays);
    await createInvitation(tx, token, uuid, request.role, trustee, expires);
    await addSetupHistory(tx, uuid, now, 'link-reissued', { role: request.role, trustee });
    return { role: request.role, trustee, token, expiresAt: expires.toISOString(), revoked };
  });
}

/**
 * Let the credential authority send one new list in place of the one received (during
 * setup only: once voting opens the list is in the public archive). The next upload
 * replaces it and the history shows both fingerprints.
 */
export async function allowCredentialReplacement(ctx: ServiceContext, uuid: string): Promise<{ previousFingerprint: string }> {
  return withElection(ctx, uuid, ['setup'], async (tx, election) => {
    const previous = election.credentials_fingerprint;
    if (previous === null) throw new Conflict('the credential authority has not sent a list yet: there is nothing to replace');
    if (!(await credentialsReplaceable(tx, uuid))) {
      await setCredentialsReplaceable(tx, uuid, true);
      await rearmCredentialUpload(tx, uuid, 'credentials');
      await addSetupHistory(tx, uuid, ctx.now(), 'credentials-replacement-allowed', { previousFingerprint: previous });
    }
    return { previousFingerprint: previous };
  });
}
