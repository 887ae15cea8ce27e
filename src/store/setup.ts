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
}

export async function createInvitation(tx: Queryable, token: string, electionUuid: string, role: InvitationRole, trusteeIndex: number | null): Promise<void> {
  await tx.query('INSERT INTO invitations (token_hash, election_uuid, role, trustee_index) VALUES ($1, $2, $3, $4)', [sha256Hex(token), electionUuid, role, trusteeIndex]);
}

export async function findInvitation(db: Queryable, token: string): Promise<Invitation | undefined> {
  const [row] = await db.query<Invitation & Record<string, unknown>>('SELECT election_uuid, role, trustee_index, first_used_at FROM invitations WHERE token_hash = $1', [sha256Hex(token)]);
  if (row) await db.query('UPDATE invitations SET first_used_at = now() WHERE token_hash = $1 AND first_used_at IS NULL', [sha256Hex(token)]);
  return row;
}

export async function invitationsOf(db: Queryable, electionUuid: string): Promise<Invitation[]> {
  return db.query<Invitation & Record<string, unknown>>('SELECT election_uuid, role, trustee_index, first_used_at FROM invitations WHERE election_uuid = $1 ORDER BY role, trustee_index', [electionUuid]);
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
