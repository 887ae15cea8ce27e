// The accountability monitor's tables (migration 004): sources, claims, benchmark
// definitions, weights, and the append-only history.
import type { Translations } from '../kernel/texts.ts';
import type { Benchmark, BenchmarkId, Claim, ClaimBody, ClaimStatus, Source, Weights } from '../monitor/model.ts';
import type { Queryable } from './db.ts';

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

// ----------------------------------------------------------------- sources

const SOURCE_COLUMNS = `s.id, s.title, s.publisher, s.url, s.published_on, s.language, s.sha256, s.copy_name, s.copy_type, s.copy_size, s.sample, a.username AS created_by, s.created_at`;

function sourceOf(r: Record<string, unknown>): Source {
  return {
    id: r.id as string,
    title: r.title as string,
    publisher: r.publisher as string,
    url: r.url as string,
    publishedOn: r.published_on as string,
    language: r.language as string,
    sha256: (r.sha256 as string | null) ?? null,
    copy: r.copy_name ? { name: r.copy_name as string, type: r.copy_type as string, size: Number(r.copy_size) } : null,
    sample: Boolean(r.sample),
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: iso(r.created_at)!,
  };
}

export interface NewSource {
  id: string;
  title: string;
  publisher: string;
  url: string;
  publishedOn: string;
  language: string;
  sha256: string | null;
  copy: { name: string; type: string; bytes: Uint8Array } | null;
  sample: boolean;
  createdBy: number | null;
}

export async function insertSource(tx: Queryable, s: NewSource): Promise<void> {
  await tx.query(
    'INSERT INTO monitor_sources (id, title, publisher, url, published_on, language, sha256, copy_name, copy_type, copy_size, copy, sample, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)',
    [s.id, s.title, s.publisher, s.url, s.publishedOn, s.language, s.sha256, s.copy?.name ?? null, s.copy?.type ?? null, s.copy?.bytes.length ?? null, s.copy ? Buffer.from(s.copy.bytes) : null, s.sample, s.createdBy],
  );
}

export async function listSources(db: Queryable, ids?: readonly string[]): Promise<Source[]> {
  const rows = ids
    ? await db.query(`SELECT ${SOURCE_COLUMNS} FROM monitor_sources s LEFT JOIN accounts a ON a.id = s.created_by WHERE s.id = ANY($1) ORDER BY s.created_at DESC, s.id`, [ids])
    : await db.query(`SELECT ${SOURCE_COLUMNS} FROM monitor_sources s LEFT JOIN accounts a ON a.id = s.created_by ORDER BY s.created_at DESC, s.id`);
  return rows.map(sourceOf);
}

/** Which of these sources exist. */
export async function existingSourceIds(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  return new Set((await db.query<{ id: string }>('SELECT id FROM monitor_sources WHERE id = ANY($1)', [ids])).map((r) => r.id));
}

/** Whether a published or retracted claim cites this source (then the public may see its copy). */
export async function isSourceCitedPublicly(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM monitor_claim_sources cs JOIN monitor_claims c ON c.id = cs.claim_id WHERE cs.source_id = $1 AND c.status IN ('published', 'retracted') LIMIT 1", [id]);
  return rows.length > 0;
}

export async function sourceCopy(db: Queryable, id: string): Promise<{ name: string; type: string; bytes: Buffer } | undefined> {
  const [row] = await db.query<{ copy_name: string | null; copy_type: string; copy: Uint8Array | null }>('SELECT copy_name, copy_type, copy FROM monitor_sources WHERE id = $1', [id]);
  return row?.copy && row.copy_name ? { name: row.copy_name, type: row.copy_type, bytes: Buffer.from(row.copy) } : undefined;
}

// ------------------------------------------------------------------ claims

const CLAIM_COLUMNS = `c.id, c.kind, c.status, c.body, c.sample, c.revision, c.proposed_at, c.reviewed_at, c.review_note, c.retracted_at, c.retraction_reason,
  c.proposed_by AS proposed_by_id, c.reviewed_by AS reviewed_by_id,
  pa.username AS proposed_by, ra.username AS reviewed_by, xa.username AS retracted_by`;
const CLAIM_FROM = `monitor_claims c LEFT JOIN accounts pa ON pa.id = c.proposed_by LEFT JOIN accounts ra ON ra.id = c.reviewed_by LEFT JOIN accounts xa ON xa.id = c.retracted_by`;

export interface ClaimRow extends Claim {
  proposedById: number | null;
}

function claimOf(r: Record<string, unknown>): ClaimRow {
  const body = (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as ClaimBody;
  return {
    id: r.id as string,
    kind: r.kind as Claim['kind'],
    status: r.status as ClaimStatus,
    text: body.text,
    date: body.date,
    sources: body.sources,
    benchmarks: body.benchmarks,
    engagement: body.engagement,
    assessment: body.assessment,
    relation: body.relation ?? null,
    sample: Boolean(r.sample),
    revision: Number(r.revision),
    proposedBy: (r.proposed_by as string | null) ?? null,
    proposedById: (r.proposed_by_id as number | null) ?? null,
    proposedAt: iso(r.proposed_at)!,
    reviewedBy: (r.reviewed_by as string | null) ?? null,
    reviewedAt: iso(r.reviewed_at),
    reviewNote: (r.review_note as string | null) ?? null,
    retractedBy: (r.retracted_by as string | null) ?? null,
    retractedAt: iso(r.retracted_at),
    retractionReason: (r.retraction_reason as string | null) ?? null,
  };
}

export async function insertClaim(tx: Queryable, c: { id: string; kind: Claim['kind']; status: ClaimStatus; body: ClaimBody; sample: boolean; proposedBy: number | null }): Promise<void> {
  await tx.query('INSERT INTO monitor_claims (id, kind, status, body, claim_date, sample, proposed_by) VALUES ($1,$2,$3,$4,$5,$6,$7)', [c.id, c.kind, c.status, JSON.stringify(c.body), c.body.date, c.sample, c.proposedBy]);
  for (const s of new Set(c.body.sources)) await tx.query('INSERT INTO monitor_claim_sources (claim_id, source_id) VALUES ($1, $2)', [c.id, s]);
}

export async function updateClaimBody(tx: Queryable, id: string, kind: Claim['kind'], body: ClaimBody): Promise<void> {
  await tx.query('UPDATE monitor_claims SET kind = $2, body = $3, claim_date = $4, revision = revision + 1 WHERE id = $1', [id, kind, JSON.stringify(body), body.date]);
  await tx.query('DELETE FROM monitor_claim_sources WHERE claim_id = $1', [id]);
  for (const s of new Set(body.sources)) await tx.query('INSERT INTO monitor_claim_sources (claim_id, source_id) VALUES ($1, $2)', [id, s]);
}

export async function setClaimReview(tx: Queryable, id: string, status: 'published' | 'rejected', reviewer: number, note: string | null): Promise<void> {
  await tx.query('UPDATE monitor_claims SET status = $2, reviewed_by = $3, reviewed_at = now(), review_note = $4 WHERE id = $1', [id, status, reviewer, note]);
}

/** A demo claim, published by no one and marked as a sample. */
export async function publishSample(tx: Queryable, id: string, note: string): Promise<void> {
  await tx.query("UPDATE monitor_claims SET status = 'published', reviewed_at = now(), review_note = $2 WHERE id = $1", [id, note]);
}

export async function setClaimRetracted(tx: Queryable, id: string, by: number, reason: string): Promise<void> {
  await tx.query("UPDATE monitor_claims SET status = 'retracted', retracted_by = $2, retracted_at = now(), retraction_reason = $3 WHERE id = $1", [id, by, reason]);
}

export async function getClaim(db: Queryable, id: string, lock = false): Promise<ClaimRow | undefined> {
  if (lock) await db.query('SELECT id FROM monitor_claims WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query(`SELECT ${CLAIM_COLUMNS} FROM ${CLAIM_FROM} WHERE c.id = $1`, [id]);
  return row ? claimOf(row) : undefined;
}

export async function listClaims(db: Queryable, statuses?: readonly ClaimStatus[]): Promise<ClaimRow[]> {
  const rows = statuses
    ? await db.query(`SELECT ${CLAIM_COLUMNS} FROM ${CLAIM_FROM} WHERE c.status = ANY($1) ORDER BY c.claim_date DESC, c.proposed_at DESC, c.id`, [statuses])
    : await db.query(`SELECT ${CLAIM_COLUMNS} FROM ${CLAIM_FROM} ORDER BY c.proposed_at DESC, c.id`);
  return rows.map(claimOf);
}

/** The relations of published relation claims (what the sanctions network adds), oldest first. */
export async function publishedRelationClaims(db: Queryable): Promise<{ id: string; relation: NonNullable<Claim['relation']> }[]> {
  const rows = await db.query<{ id: string; body: unknown }>("SELECT id, body FROM monitor_claims WHERE status = 'published' AND kind = 'relation' ORDER BY proposed_at, id");
  return rows.map((r) => ({ id: r.id, relation: ((typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as ClaimBody).relation! }));
}

/** Accounts that proposed or edited a claim: none of them may approve it. */
export async function claimAuthors(db: Queryable, id: string): Promise<Set<number>> {
  const rows = await db.query<{ account_id: number | null }>("SELECT DISTINCT account_id FROM monitor_history WHERE entity = 'claim' AND entity_id = $1 AND action IN ('proposed', 'edited')", [id]);
  return new Set(rows.map((r) => r.account_id).filter((a): a is number => a !== null));
}

/** Who proposed or edited each proposed claim (usernames): they may not approve it. */
export async function proposedClaimAuthors(db: Queryable): Promise<Record<string, string[]>> {
  const rows = await db.query<{ entity_id: string; username: string }>(
    "SELECT DISTINCT h.entity_id, a.username FROM monitor_history h JOIN accounts a ON a.id = h.account_id JOIN monitor_claims c ON c.id = h.entity_id WHERE h.entity = 'claim' AND h.action IN ('proposed', 'edited') AND c.status = 'proposed' ORDER BY h.entity_id, a.username",
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.entity_id] ??= []).push(r.username);
  return out;
}

// ----------------------------------------------------------------- history

export interface HistoryInput {
  entity: 'source' | 'claim' | 'benchmark' | 'weights';
  entityId: string;
  action: string;
  accountId: number | null;
  role: string | null;
  before?: unknown;
  after?: unknown;
  note?: string | null;
}

export async function appendHistory(tx: Queryable, h: HistoryInput): Promise<void> {
  await tx.query('INSERT INTO monitor_history (entity, entity_id, action, account_id, role, before, after, note) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)', [
    h.entity,
    h.entityId,
    h.action,
    h.accountId,
    h.role,
    h.before === undefined ? null : JSON.stringify(h.before),
    h.after === undefined ? null : JSON.stringify(h.after),
    h.note ?? null,
  ]);
}

export interface HistoryRow {
  seq: number;
  at: string;
  action: string;
  /** The acting account's number: a stable pseudonym the public may see (names it may not). */
  account: number | null;
  username: string | null;
  role: string | null;
  before: unknown;
  after: unknown;
  note: string | null;
}

const HISTORY_COLUMNS = 'h.seq, h.entity, h.entity_id, h.at, h.action, h.account_id, a.username, h.role, h.before, h.after, h.note';

function historyRow(r: Record<string, unknown>): HistoryRow & { entity: string; entityId: string } {
  return {
    seq: Number(r.seq),
    entity: r.entity as string,
    entityId: r.entity_id as string,
    at: iso(r.at)!,
    action: r.action as string,
    account: r.account_id === null || r.account_id === undefined ? null : Number(r.account_id),
    username: (r.username as string | null) ?? null,
    role: (r.role as string | null) ?? null,
    before: r.before,
    after: r.after,
    note: (r.note as string | null) ?? null,
  };
}

export async function historyOf(db: Queryable, entity: HistoryInput['entity'] | 'account', id: string): Promise<HistoryRow[]> {
  const rows = await db.query<Record<string, unknown>>(`SELECT ${HISTORY_COLUMNS} FROM monitor_history h LEFT JOIN accounts a ON a.id = h.account_id WHERE h.entity = $1 AND h.entity_id = $2 ORDER BY h.seq`, [entity, id]);
  return rows.map((r) => {
    const { entity: _e, entityId: _i, ...row } = historyRow(r);
    return row;
  });
}

export async function allHistory(db: Queryable): Promise<(HistoryRow & { entity: string; entityId: string })[]> {
  return (await db.query<Record<string, unknown>>(`SELECT ${HISTORY_COLUMNS} FROM monitor_history h LEFT JOIN accounts a ON a.id = h.account_id ORDER BY h.seq`)).map(historyRow);
}

/** Every account creation and role change, oldest first. */
export async function accountHistory(db: Queryable): Promise<(HistoryRow & { entity: string; entityId: string })[]> {
  return (await db.query<Record<string, unknown>>(`SELECT ${HISTORY_COLUMNS} FROM monitor_history h LEFT JOIN accounts a ON a.id = h.account_id WHERE h.entity = 'account' ORDER BY h.seq`)).map(historyRow);
}

// ------------------------------------------------------ benchmarks, weights

export async function ensureMonitorDefaults(db: Queryable, benchmarks: Benchmark[], weights: Weights): Promise<void> {
  for (const b of benchmarks) {
    await db.query('INSERT INTO monitor_benchmarks (id, title, definition) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [b.id, JSON.stringify(b.title), JSON.stringify(b.definition)]);
  }
  await db.query('INSERT INTO monitor_settings (id, weights) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [JSON.stringify(weights)]);
}

const parsed = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function listBenchmarks(db: Queryable): Promise<Benchmark[]> {
  const rows = await db.query<{ id: BenchmarkId; title: unknown; definition: unknown }>('SELECT id, title, definition FROM monitor_benchmarks');
  return rows.map((r) => ({ id: r.id, title: parsed<Translations>(r.title), definition: parsed<Translations>(r.definition) }));
}

export async function updateBenchmark(tx: Queryable, b: Benchmark): Promise<void> {
  await tx.query('UPDATE monitor_benchmarks SET title = $2, definition = $3, updated_at = now() WHERE id = $1', [b.id, JSON.stringify(b.title), JSON.stringify(b.definition)]);
}

export async function getWeights(db: Queryable, lock = false): Promise<Weights> {
  const [row] = await db.query<{ weights: unknown }>(`SELECT weights FROM monitor_settings WHERE id = 1${lock ? ' FOR UPDATE' : ''}`);
  return parsed<Weights>(row!.weights);
}

export async function setWeights(tx: Queryable, w: Weights): Promise<void> {
  await tx.query('UPDATE monitor_settings SET weights = $1, updated_at = now() WHERE id = 1', [JSON.stringify(w)]);
}
