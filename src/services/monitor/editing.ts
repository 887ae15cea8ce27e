// The monitor's writing side: who may do what, and every change in one transaction
// with its history entry (nothing half-saved). Editors add sources and propose claims;
// a reviewer other than the claim's authors publishes or rejects it; reviewers retract
// published claims visibly, edit weights and benchmark definitions; imports and samples.
import { sha256Hex } from '../../protocol/hash.ts';
import { InvalidRequest } from '../../kernel/errors.ts';
import { Conflict, Forbidden, NotFound } from '../../kernel/errors.ts';
import { withTransaction, type Queryable } from '../../store/db.ts';
import { appendHistory, claimAuthors, ensureMonitorDefaults, existingSourceIds, getClaim, getWeights, historyOf, insertClaim, insertSource, listBenchmarks, publishSample, setClaimRetracted, setClaimReview, setWeights, updateBenchmark, updateClaimBody, type ClaimRow } from '../../store/monitor.ts';
import { DEFAULT_BENCHMARKS } from '../../monitor/benchmarks.ts';
import { checkImport, unknownListReferences, unknownListReferencesMessage, type ImportBatch } from '../../monitor/exchange.ts';
import { BENCHMARK_IDS, DEFAULT_WEIGHTS, MAX_COPY_BYTES, type Benchmark, type Claim, type ClaimBody, type ClaimInput, type SourceInput, type Weights } from '../../monitor/model.ts';
import { newId, type ServiceContext } from '../context.ts';
import { SAMPLE_NOTE, requireReviewer, bodyOf, storedBody, type Actor } from './claims.ts';

export interface MonitorOptions {
  /** Whether a sanctions-list reference (TAi.144, GB:AFG0112, US:10743) is in the loaded
   * lists; relation claims naming another are refused. Without it references are only
   * checked for their form. */
  knownListReference?: (ref: string) => boolean;
}

export class MonitorEditing {
  protected ready: Promise<void> | undefined;

  constructor(
    protected readonly ctx: Pick<ServiceContext, 'db'>,
    protected readonly options: MonitorOptions = {},
  ) {}

  protected get db() {
    return this.ctx.db;
  }

  /** Benchmark definitions and weights on first use (never overwriting edits). */
  init(): Promise<void> {
    this.ready ??= ensureMonitorDefaults(
      this.db,
      BENCHMARK_IDS.map((id) => ({ id, ...DEFAULT_BENCHMARKS[id] })),
      DEFAULT_WEIGHTS,
    ).catch((e) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  protected async benchmarks(): Promise<Benchmark[]> {
    await this.init();
    const rows = await listBenchmarks(this.db);
    return BENCHMARK_IDS.map((id) => rows.find((b) => b.id === id)!).filter(Boolean);
  }

  async weights(): Promise<Weights> {
    await this.init();
    return getWeights(this.db);
  }

  // ---------------------------------------------------------------- writing

  async addSource(actor: Actor, input: SourceInput, options: { sample?: boolean } = {}): Promise<{ id: string; sha256: string | null }> {
    return withTransaction(this.db, (tx) => this.insertSourceIn(tx, actor, input, options.sample ?? false));
  }

  private async insertSourceIn(tx: Queryable, actor: Actor | null, input: SourceInput, sample: boolean): Promise<{ id: string; sha256: string | null }> {
    let copy: { name: string; type: string; bytes: Uint8Array } | null = null;
    let sha256 = input.sha256 ?? null;
    if (input.copy) {
      const bytes = Buffer.from(input.copy.base64, 'base64');
      if (bytes.length === 0) throw new InvalidRequest('the uploaded copy is empty');
      if (bytes.length > MAX_COPY_BYTES) throw new InvalidRequest(`the uploaded copy is larger than ${MAX_COPY_BYTES / 1024 / 1024} MiB`);
      const computed = sha256Hex(bytes);
      if (sha256 && sha256 !== computed) throw new InvalidRequest(`the SHA-256 given (${sha256}) does not match the uploaded copy (${computed}): check that it is the same document`);
      sha256 = computed;
      copy = { name: input.copy.name, type: input.copy.type, bytes };
    }
    const id = newId();
    await insertSource(tx, { id, title: input.title, publisher: input.publisher, url: input.url, publishedOn: input.publishedOn, language: input.language, sha256, copy, sample, createdBy: actor?.id ?? null });
    const { copy: _copy, ...recorded } = input;
    await appendHistory(tx, { entity: 'source', entityId: id, action: 'created', accountId: actor?.id ?? null, role: actor?.role ?? null, after: { ...recorded, sha256, copy: copy ? { name: copy.name, type: copy.type, size: copy.bytes.length } : null } });
    return { id, sha256 };
  }

  /** Cited sources exist; assessment evidence is published claims that are not themselves assessments. */
  private async checkReferences(tx: Queryable, body: ClaimBody, self?: string): Promise<void> {
    if (body.sources.length) {
      const found = await existingSourceIds(tx, body.sources);
      const missing = body.sources.filter((s) => !found.has(s));
      if (missing.length) throw new InvalidRequest(`no such source: ${missing.join(', ')} (add the source first)`);
    }
    const unknown = unknownListReferences(body.relation, this.options.knownListReference);
    if (unknown.length) throw new InvalidRequest(unknownListReferencesMessage(unknown));
    if (body.assessment) {
      for (const id of body.assessment.evidence) {
        if (id === self) throw new InvalidRequest('an assessment cannot cite itself');
        const e = await getClaim(tx, id);
        if (!e) throw new InvalidRequest(`evidence ${id}: no such claim`);
        if (e.status !== 'published') throw new InvalidRequest(`evidence ${id}: only published claims can be cited (this one is ${e.status})`);
        if (e.kind === 'assessment') throw new InvalidRequest(`evidence ${id}: cite the statements and events themselves, not another assessment`);
      }
    }
  }

  async propose(actor: Actor, input: ClaimInput): Promise<{ id: string }> {
    return withTransaction(this.db, (tx) => this.proposeIn(tx, actor, bodyOf(input), input.kind, false));
  }

  private async proposeIn(tx: Queryable, actor: Actor | null, body: ClaimBody, kind: Claim['kind'], sample: boolean): Promise<{ id: string }> {
    await this.checkReferences(tx, body);
    const id = newId();
    await insertClaim(tx, { id, kind, status: 'proposed', body, sample, proposedBy: actor?.id ?? null });
    await appendHistory(tx, { entity: 'claim', entityId: id, action: 'proposed', accountId: actor?.id ?? null, role: actor?.role ?? null, after: body });
    return { id };
  }

  private async claimFor(tx: Queryable, id: string): Promise<ClaimRow> {
    const claim = await getClaim(tx, id, true);
    if (!claim) throw new NotFound('no such claim');
    return claim;
  }

  async edit(actor: Actor, id: string, input: ClaimInput): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      const claim = await this.claimFor(tx, id);
      if (claim.status !== 'proposed') throw new Conflict(`this claim is ${claim.status}: only a proposed claim can be edited (a published one can be retracted and proposed anew)`);
      if (claim.sample) throw new Conflict('sample entries cannot be edited');
      const before = storedBody(claim);
      const after = bodyOf(input);
      await this.checkReferences(tx, after, id);
      await updateClaimBody(tx, id, input.kind, after);
      await appendHistory(tx, { entity: 'claim', entityId: id, action: 'edited', accountId: actor.id, role: actor.role, before, after });
    });
  }

  async approve(actor: Actor, id: string, note?: string): Promise<void> {
    requireReviewer(actor);
    await withTransaction(this.db, async (tx) => {
      const claim = await this.claimFor(tx, id);
      if (claim.status !== 'proposed') throw new Conflict(`this claim is already ${claim.status}`);
      if ((await claimAuthors(tx, id)).has(actor.id) || claim.proposedById === actor.id) throw new Forbidden('you proposed or edited this claim: another reviewer must approve it');
      await this.checkReferences(tx, storedBody(claim), id);
      await setClaimReview(tx, id, 'published', actor.id, note || null);
      await appendHistory(tx, { entity: 'claim', entityId: id, action: 'approved', accountId: actor.id, role: actor.role, note: note || null });
    });
  }

  async reject(actor: Actor, id: string, note: string): Promise<void> {
    requireReviewer(actor);
    await withTransaction(this.db, async (tx) => {
      const claim = await this.claimFor(tx, id);
      if (claim.status !== 'proposed') throw new Conflict(`this claim is already ${claim.status}`);
      await setClaimReview(tx, id, 'rejected', actor.id, note);
      await appendHistory(tx, { entity: 'claim', entityId: id, action: 'rejected', accountId: actor.id, role: actor.role, note });
    });
  }

  async retract(actor: Actor, id: string, reason: string): Promise<void> {
    requireReviewer(actor);
    await withTransaction(this.db, async (tx) => {
      const claim = await this.claimFor(tx, id);
      if (claim.status !== 'published') throw new Conflict(`only a published claim can be retracted (this one is ${claim.status})`);
      await setClaimRetracted(tx, id, actor.id, reason);
      await appendHistory(tx, { entity: 'claim', entityId: id, action: 'retracted', accountId: actor.id, role: actor.role, note: reason });
    });
  }

  async putWeights(actor: Actor, weights: Weights): Promise<void> {
    requireReviewer(actor);
    await this.init();
    await withTransaction(this.db, async (tx) => {
      const before = await getWeights(tx, true);
      await setWeights(tx, weights);
      await appendHistory(tx, { entity: 'weights', entityId: 'weights', action: 'changed', accountId: actor.id, role: actor.role, before, after: weights });
    });
  }

  async weightsHistory(): Promise<{ at: string; by: string | null; weights: unknown }[]> {
    return (await historyOf(this.db, 'weights', 'weights')).map((h) => ({ at: h.at, by: h.username, weights: h.after }));
  }

  async putBenchmark(actor: Actor, id: string, edit: Pick<Benchmark, 'title' | 'definition'>): Promise<void> {
    requireReviewer(actor);
    const current = (await this.benchmarks()).find((b) => b.id === id);
    if (!current) throw new NotFound('no such benchmark');
    await withTransaction(this.db, async (tx) => {
      await updateBenchmark(tx, { id: current.id, ...edit });
      await appendHistory(tx, { entity: 'benchmark', entityId: id, action: 'edited', accountId: actor.id, role: actor.role, before: current, after: { id, ...edit } });
    });
  }

  /** Sources and claims from a file, all entering as proposed; all or nothing. */
  async import(actor: Actor, format: 'json' | 'csv', content: string): Promise<{ sources: number; claims: number }> {
    // what the file itself says is checked as `jirga monitor check` checks it (one function)
    const batch: ImportBatch = checkImport(format, content, this.options.knownListReference ? { knownListReference: this.options.knownListReference } : {});
    return withTransaction(this.db, async (tx) => {
      const ids = new Map<string, string>();
      for (const s of batch.sources) ids.set(s.key, (await this.insertSourceIn(tx, actor, s, false)).id);
      for (const [i, c] of batch.claims.entries()) {
        const input = { ...c, sources: c.sources.map((k) => ids.get(k) ?? k) } as ClaimInput;
        try {
          await this.proposeIn(tx, actor, bodyOf(input), input.kind, false);
        } catch (e) {
          if (e instanceof InvalidRequest) throw new InvalidRequest(`claim ${i + 1}: ${e.message}; nothing was imported`);
          throw e;
        }
      }
      return { sources: batch.sources.length, claims: batch.claims.length };
    });
  }

  /** Demo entries: marked "sample — not a real event", published by the system (no account), never mixed with real sources. Returns the new claims' ids. */
  async seedSamples(source: SourceInput, claims: ClaimInput[]): Promise<string[]> {
    await this.init();
    return withTransaction(this.db, async (tx) => {
      const { id: sourceId } = await this.insertSourceIn(tx, null, source, true);
      const ids: string[] = [];
      for (const c of claims) {
        const { id } = await this.proposeIn(tx, null, bodyOf({ ...c, sources: [sourceId] } as ClaimInput), c.kind, true);
        await publishSample(tx, id, SAMPLE_NOTE);
        await appendHistory(tx, { entity: 'claim', entityId: id, action: 'approved', accountId: null, role: 'demo', note: SAMPLE_NOTE });
        ids.push(id);
      }
      return ids;
    });
  }
}
