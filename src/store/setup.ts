// Election setup: one-time invitations, what trustees send during key
// establishment, and the public credentials the credential authority uploads.
import type { InvitationRole } from '../api/setup.ts';
import { sha256Hex } from '../protocol/hash.ts';
import type { Queryable } from './db.ts';

export interface Invitation {
  election_uuid: string;
  role: InvitationRole;
  trustee_index: number | null;
  first_used_at: Date | string | null;
  expires_at: Date | string;
  revoked_at: Date | string | null;
}

const INVITATION_COLUMNS = 'election_uuid, role, trustee_index, first_used_at, expires_at, revoked_at';

export async function createInvitation(tx: Queryable, token: string, electionUuid: string, role: InvitationRole, trusteeIndex: number | null, expiresAt: Date): Promise<void> {
  await tx.query('INSERT INTO invitations (token_hash, election_uuid, role, trustee_index, expires_at) VALUES ($1, $2, $3, $4, $5)', [sha256Hex(token), electionUuid, role, trusteeIndex, expiresAt]);
}

/** The link of `token`, whatever its state. */
export async function findInvitation(db: Queryable, token: string): Promise<Invitation | undefined> {
  const [row] = await db.query<Invitation & Record<string, unknown>>(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1`, [sha256Hex(token)]);
  return row;
}

/** The link was opened (its page read): this uses none of its steps. */
export async function markInvitationOpened(db: Queryable, token: string): Promise<void> {
  await db.query('UPDATE invitations SET first_used_at = now() WHERE token_hash = $1 AND first_used_at IS NULL', [sha256Hex(token)]);
}

export async function invitationsOf(db: Queryable, electionUuid: string): Promise<Invitation[]> {
  return db.query<Invitation & Record<string, unknown>>(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE election_uuid = $1 ORDER BY role, trustee_index, expires_at`, [electionUuid]);
}

/**
 * Record that the link of `token` did `step`, at `now`, if the link is still valid then
 * (not revoked, not expired) and has not done this step yet. False otherwise: nothing is
 * recorded, and the caller says why. Run it in the transaction of the step itself, so that
 * a step refused later leaves the link unused.
 */
export async function useInvitationStep(tx: Queryable, token: string, step: string, now: Date): Promise<boolean> {
  const rows = await tx.query<{ step: string }>(
    `INSERT INTO invitation_steps (token_hash, step, used_at)
     SELECT token_hash, $2, $3 FROM invitations WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $3
     ON CONFLICT DO NOTHING RETURNING step`,
    [sha256Hex(token), step, now],
  );
  return rows.length === 1;
}

/** The steps the link of `token` has done. */
export async function invitationSteps(db: Queryable, token: string): Promise<string[]> {
  return (await db.query<{ step: string }>('SELECT step FROM invitation_steps WHERE token_hash = $1 ORDER BY used_at', [sha256Hex(token)])).map((r) => r.step);
}

/** Revoke every valid link of one role (and trustee) of an election; how many were revoked. */
export async function revokeInvitations(tx: Queryable, electionUuid: string, role: InvitationRole, trusteeIndex: number | null, now: Date): Promise<number> {
  const rows = await tx.query<{ token_hash: string }>(
    'UPDATE invitations SET revoked_at = $4 WHERE election_uuid = $1 AND role = $2 AND trustee_index IS NOT DISTINCT FROM $3 AND revoked_at IS NULL RETURNING token_hash',
    [electionUuid, role, trusteeIndex, now],
  );
  return rows.length;
}

/** Forget that the credential authority's links sent the credential list (the organiser allowed a new one). */
export async function rearmCredentialUpload(tx: Queryable, electionUuid: string, step: string): Promise<void> {
  await tx.query("DELETE FROM invitation_steps WHERE step = $2 AND token_hash IN (SELECT token_hash FROM invitations WHERE election_uuid = $1 AND role = 'credential-authority')", [electionUuid, step]);
}

/** Whether the organiser allowed the credential list to be replaced (once). */
export async function credentialsReplaceable(db: Queryable, electionUuid: string): Promise<boolean> {
  const [row] = await db.query<{ credentials_replaceable: boolean }>('SELECT credentials_replaceable FROM elections WHERE uuid = $1', [electionUuid]);
  return row?.credentials_replaceable ?? false;
}

export async function setCredentialsReplaceable(tx: Queryable, electionUuid: string, replaceable: boolean): Promise<void> {
  await tx.query('UPDATE elections SET credentials_replaceable = $2 WHERE uuid = $1', [electionUuid, replaceable]);
}

export interface SetupHistoryRow {
  at: Date | string;
  event: string;
  detail: Record<string, unknown>;
}

export async function addSetupHistory(tx: Queryable, electionUuid: string, at: Date, event: string, detail: Record<string, unknown>): Promise<void> {
  await tx.query('INSERT INTO setup_history (election_uuid, at, event, detail) VALUES ($1, $2, $3, $4::jsonb)', [electionUuid, at, event, JSON.stringify(detail)]);
}

export async function setupHistory(db: Queryable, electionUuid: string): Promise<SetupHistoryRow[]> {
  return db.query<SetupHistoryRow & Record<string, unknown>>('SELECT at, event, detail FROM setup_history WHERE election_uuid = $1 ORDER BY id', [electionUuid]);
}

export interface TrusteeSetupRow {
  trustee_index: number;
  public_key: string | null;
  certificate: string | null;
  polynomial: string | null;
  voutput: string | null;
}

export async function trusteeSetup(db: Queryable, electionUuid: string): Promise<TrusteeSetupRow[]> {
  return db.query<TrusteeSetupRow & Record<string, unknown>>(
    'SELECT trustee_index, public_key, certificate, polynomial, voutput FROM trustee_setup WHERE election_uuid = $1 ORDER BY trustee_index',
    [electionUuid],
  );
}

export async function ensureTrusteeRows(tx: Queryable, electionUuid: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    await tx.query('INSERT INTO trustee_setup (election_uuid, trustee_index) VALUES ($1, $2) ON CONFLICT DO NOTHING', [electionUuid, i]);
  }
}

export type TrusteeField = 'public_key' | 'certificate' | 'polynomial' | 'voutput';

export async function setTrusteeField(tx: Queryable, electionUuid: string, index: number, field: TrusteeField, value: string): Promise<void> {
  const column = { public_key: 'public_key', certificate: 'certificate', polynomial: 'polynomial', voutput: 'voutput' }[field];
  await tx.query(`UPDATE trustee_setup SET ${column} = $3 WHERE election_uuid = $1 AND trustee_index = $2`, [electionUuid, index, value]);
}

export async function storePublicCredentials(
  tx: Queryable,
  electionUuid: string,
  credentials: readonly { key: string; weight: string }[],
  listText: string,
  fingerprint: string,
): Promise<void> {
  await tx.query('DELETE FROM public_credentials WHERE election_uuid = $1', [electionUuid]);
  // insert in chunks to keep statements small
  for (let i = 0; i < credentials.length; i += 500) {
    const chunk = credentials.slice(i, i + 500);
    const values = chunk.map((_, k) => `($1, $${2 * k + 2}, $${2 * k + 3})`).join(', ');
    await tx.query(`INSERT INTO public_credentials (election_uuid, credential, weight) VALUES ${values}`, [electionUuid, ...chunk.flatMap((c) => [c.key, c.weight])]);
  }
  await tx.query('UPDATE elections SET credentials_fingerprint = $2, credentials_text = $3 WHERE uuid = $1', [electionUuid, fingerprint, listText]);
}

export async function credentialWeight(db: Queryable, electionUuid: string, credential: string): Promise<string | undefined> {
  const [row] = await db.query<{ weight: string }>('SELECT weight FROM public_credentials WHERE election_uuid = $1 AND credential = $2', [electionUuid, credential]);
  return row?.weight;
}

/** Every public credential of an election with its weight (a decimal text). */
export async function credentialWeights(db: Queryable, electionUuid: string): Promise<{ credential: string; weight: string }[]> {
  return db.query<{ credential: string; weight: string }>('SELECT credential, weight FROM public_credentials WHERE election_uuid = $1', [electionUuid]);
}

export async function credentialCount(db: Queryable, electionUuid: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM public_credentials WHERE election_uuid = $1', [electionUuid]);
  return row!.n;
}

/** The credential list exactly as it will be published (a JSON array of strings). */
export async function publicCredentialsText(db: Queryable, electionUuid: string): Promise<string | undefined> {
  const [row] = await db.query<{ credentials_text: string | null }>('SELECT credentials_text FROM elections WHERE uuid = $1', [electionUuid]);
  return row?.credentials_text ?? undefined;
}
