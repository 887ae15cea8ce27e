// Inclusion in the database (migration 003): a convention's settings (questions
// asked, smallest publishable cell, warning ratio, reference shares), participants'
// self-descriptions, delegations and delegation rules. SQL only; the rules live in
// src/inclusion/service.ts.
import type { Vote } from '../deliberation/types.ts';
import type { ReferenceTable } from '../inclusion/dimensions.ts';
import type { Queryable } from './db.ts';

export interface InclusionSettingsRow {
  dimensions: string[];
  minCell: number;
  warnBelow: number;
  /** Answers needed before ratios, indices and warnings are shown (migration 006). */
  minAnswers: number;
  reference: Record<string, ReferenceTable>;
}

export async function getInclusionSettings(db: Queryable, conventionId: string): Promise<InclusionSettingsRow | undefined> {
  const [row] = await db.query<{ dimensions: string[]; min_cell: number; warn_below: number | string; min_answers: number; reference: Record<string, ReferenceTable> }>(
    'SELECT dimensions, min_cell, warn_below, min_answers, reference FROM convention_inclusion WHERE convention_id = $1',
    [conventionId],
  );
  return row ? { dimensions: row.dimensions, minCell: Number(row.min_cell), warnBelow: Number(row.warn_below), minAnswers: Number(row.min_answers), reference: row.reference } : undefined;
}

/**
 * Store a convention's settings. The smallest publishable cell may only be raised:
 * when the stored one is larger, nothing changes and the stored value is returned
 * as `current` (one statement, so two concurrent updates cannot lower it).
 */
export async function putInclusionSettings(db: Queryable, conventionId: string, s: InclusionSettingsRow, at: Date): Promise<{ ok: true } | { ok: false; current: number }> {
  const rows = await db.query<{ min_cell: number }>(
    `INSERT INTO convention_inclusion (convention_id, dimensions, min_cell, warn_below, reference, updated_at, min_answers)
     VALUES ($1, $2::jsonb, $3, $4, $5::jsonb, $6, $7)
     ON CONFLICT (convention_id) DO UPDATE SET dimensions = EXCLUDED.dimensions, min_cell = EXCLUDED.min_cell, warn_below = EXCLUDED.warn_below,
       reference = EXCLUDED.reference, updated_at = EXCLUDED.updated_at, min_answers = EXCLUDED.min_answers
       WHERE convention_inclusion.min_cell <= EXCLUDED.min_cell
     RETURNING min_cell`,
    [conventionId, JSON.stringify(s.dimensions), s.minCell, s.warnBelow, JSON.stringify(s.reference), at, s.minAnswers],
  );
  if (rows.length > 0) return { ok: true };
  const current = await getInclusionSettings(db, conventionId);
  return { ok: false, current: current?.minCell ?? s.minCell };
}

// ------------------------------------------------------------------ profiles

export async function getProfile(db: Queryable, conversationId: string, participant: number): Promise<Record<string, string> | undefined> {
  const [row] = await db.query<{ answers: Record<string, string> }>('SELECT answers FROM participant_profiles WHERE conversation_id = $1 AND participant = $2', [conversationId, participant]);
  return row?.answers;
}

/** A participant's self-description, with no time (migration 008: a time would help link it to a person). */
export async function setProfile(db: Queryable, conversationId: string, participant: number, answers: Record<string, string>): Promise<void> {
  await db.query(
    `INSERT INTO participant_profiles (conversation_id, participant, answers) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (conversation_id, participant) DO UPDATE SET answers = EXCLUDED.answers`,
    [conversationId, participant, JSON.stringify(answers)],
  );
}

export async function deleteProfile(db: Queryable, conversationId: string, participant: number): Promise<void> {
  await db.query('DELETE FROM participant_profiles WHERE conversation_id = $1 AND participant = $2', [conversationId, participant]);
}

/** Every participant of a conversation with their self-description ({} when none), by id. */
export async function participantsWithProfiles(db: Queryable, conversationId: string): Promise<{ participant: number; answers: Record<string, string> }[]> {
  const rows = await db.query<{ id: number; answers: Record<string, string> | null }>(
    `SELECT p.id, pp.answers FROM participants p
     LEFT JOIN participant_profiles pp ON pp.conversation_id = p.conversation_id AND pp.participant = p.id
     WHERE p.conversation_id = $1 ORDER BY p.id`,
    [conversationId],
  );
  return rows.map((r) => ({ participant: r.id, answers: r.answers ?? {} }));
}

/** The votes on approved statements that are not meta (what agreement estimates are about). */
export async function votesOnApproved(db: Queryable, conversationId: string): Promise<{ participant: number; statement: number; vote: Vote }[]> {
  return db.query<{ participant: number; statement: number; vote: Vote }>(
    `SELECT v.participant, v.statement, v.vote FROM votes v
     JOIN statements s ON s.conversation_id = v.conversation_id AND s.id = v.statement
     WHERE v.conversation_id = $1 AND s.status = 'approved' AND NOT s.is_meta
     ORDER BY v.statement, v.participant`,
    [conversationId],
  );
}

// --------------------------------------------------------------- delegations

export interface DelegationRow {
  id: string;
  conventionId: string;
  name: string;
  kind: string;
  delegates: Record<string, string>[];
  createdAt: Date;
  updatedAt: Date;
}

function delegationOf(r: Record<string, unknown>): DelegationRow {
  return {
    id: r.id as string,
    conventionId: r.convention_id as string,
    name: r.name as string,
    kind: r.kind as string,
    delegates: r.delegates as Record<string, string>[],
    createdAt: new Date(r.created_at as string | Date),
    updatedAt: new Date(r.updated_at as string | Date),
  };
}

export async function listDelegations(db: Queryable, conventionId: string): Promise<DelegationRow[]> {
  const rows = await db.query('SELECT id, convention_id, name, kind, delegates, created_at, updated_at FROM delegations WHERE convention_id = $1 ORDER BY created_at, id', [conventionId]);
  return rows.map(delegationOf);
}

export async function getDelegation(db: Queryable, id: string): Promise<DelegationRow | undefined> {
  const [row] = await db.query('SELECT id, convention_id, name, kind, delegates, created_at, updated_at FROM delegations WHERE id = $1', [id]);
  return row ? delegationOf(row) : undefined;
}

export async function insertDelegation(db: Queryable, d: { id: string; conventionId: string; name: string; kind: string; delegates: Record<string, string>[]; at: Date }): Promise<void> {
  await db.query('INSERT INTO delegations (id, convention_id, name, kind, delegates, created_at, updated_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6)', [
    d.id,
    d.conventionId,
    d.name,
    d.kind,
    JSON.stringify(d.delegates),
    d.at,
  ]);
}

/** Returns false when there is no such delegation. */
export async function updateDelegation(db: Queryable, id: string, d: { name: string; kind: string; delegates: Record<string, string>[]; at: Date }): Promise<boolean> {
  const rows = await db.query('UPDATE delegations SET name = $2, kind = $3, delegates = $4::jsonb, updated_at = $5 WHERE id = $1 RETURNING id', [id, d.name, d.kind, JSON.stringify(d.delegates), d.at]);
  return rows.length > 0;
}

/** Returns false when there is no such delegation. */
export async function deleteDelegation(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM delegations WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

// --------------------------------------------------------------------- rules

export async function getRules(db: Queryable, conventionId: string): Promise<unknown[] | undefined> {
  const [row] = await db.query<{ rules: unknown[] }>('SELECT rules FROM delegation_rules WHERE convention_id = $1', [conventionId]);
  return row?.rules;
}

export async function putRules(db: Queryable, conventionId: string, rules: readonly unknown[], at: Date): Promise<void> {
  await db.query(
    `INSERT INTO delegation_rules (convention_id, rules, updated_at) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (convention_id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = EXCLUDED.updated_at`,
    [conventionId, JSON.stringify(rules), at],
  );
}
