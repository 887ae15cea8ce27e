// Inclusion over the store (docs/inclusion-api.md): a convention's settings
// (questions asked, smallest publishable cell, warning ratio, reference shares),
// participants' self-descriptions in conversations, delegations and their rules,
// and the composition reports built from them — every published table through the
// small-cell suppression of src/inclusion, every estimate below the smallest cell
// hidden. Participants are known here only by their number in a conversation.
import { isVectors, type ResultEntry } from '../../protocol/codec.ts';
import { selfDescriptionOfDraft } from '../../api/election-draft.ts';
import { answered, categoryError, DIMENSION_ERROR, isDimension, listOf, type DelegationInput, type InclusionSettingsInput } from '../../api/inclusion-input.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { publishedResult } from '../elections/decryption.ts';
import type { Translations } from '../../kernel/texts.ts';
import { writeCsv } from '../../kernel/csv.ts';
import type { Queryable } from '../../store/db.ts';
import { getConversation, listConversations, getAnalysis, statementsWithCounts } from '../../store/deliberation.ts';
import { getConvention, listElections, type ElectionRow } from '../../store/elections.ts';
import * as store from '../../store/inclusion.ts';
import { byDimensionOrder, compositionReportFromCounts, DEFAULT_MIN_ANSWERS, countByDimension, type CompositionReport } from '../../inclusion/composition.ts';
import { checkElected, checkRule, type Rule, type RuleResult } from '../../inclusion/delegations.ts';
import { countOutcome } from '../../protocol/methods/index.ts';
import { AFGHANISTAN_REFERENCE, DIMENSIONS, type Dimension, type ReferenceTable } from '../../inclusion/dimensions.ts';
import { agreementEstimates, participantWeights, type AgreementEstimate } from '../../inclusion/estimates.ts';
import { categoriesOf, compositionFromResult } from '../../inclusion/questions.ts';
import { DEFAULT_MIN_CELL } from '../../inclusion/suppression.ts';
import { InvalidRequest } from '../../kernel/errors.ts';
import { type ServiceContext, newId } from '../context.ts';

// ------------------------------------------------------------------ settings

export const DEFAULT_DIMENSIONS: Dimension[] = ['gender', 'ethnicity', 'residence'];
export const DEFAULT_WARN_BELOW = 0.8;

export interface InclusionSettings {
  dimensions: Dimension[];
  minCell: number;
  warnBelow: number;
  /** Answers a question needs before its ratios, indices and warnings are shown. */
  minAnswers: number;
  reference: Partial<Record<Dimension, ReferenceTable>>;
}


/** Categories in their canonical order (women first): JSONB does not keep the order of keys. */
function orderedShares(d: Dimension, shares: Record<string, number>): Record<string, number> {
  const canonical = DIMENSIONS[d] as readonly string[];
  const keys = Object.keys(shares).sort((a, b) => {
    const ia = canonical.indexOf(a);
    const ib = canonical.indexOf(b);
    return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib) || a.localeCompare(b);
  });
  return Object.fromEntries(keys.map((k) => [k, shares[k]!]));
}

function orderedReference(reference: Record<string, ReferenceTable>): Partial<Record<Dimension, ReferenceTable>> {
  const out: Partial<Record<Dimension, ReferenceTable>> = {};
  for (const d of Object.keys(reference).filter(isDimension).sort(byDimensionOrder)) {
    const t = reference[d]!;
    out[d] = { shares: orderedShares(d, t.shares), source: t.source, note: t.note ?? '' };
  }
  return out;
}

export async function requireConvention(db: Queryable, conventionId: string): Promise<void> {
  if (!(await getConvention(db, conventionId))) throw new NotFound('no such convention');
}

/** A convention's settings, or the defaults when its organisers have not set any. */
export async function inclusionSettings(db: Queryable, conventionId: string): Promise<InclusionSettings> {
  const row = await store.getInclusionSettings(db, conventionId);
  if (!row) {
    return { dimensions: [...DEFAULT_DIMENSIONS], minCell: DEFAULT_MIN_CELL, warnBelow: DEFAULT_WARN_BELOW, minAnswers: DEFAULT_MIN_ANSWERS, reference: orderedReference(AFGHANISTAN_REFERENCE as Record<string, ReferenceTable>) };
  }
  return {
    dimensions: row.dimensions.filter(isDimension).sort(byDimensionOrder),
    minCell: row.minCell,
    warnBelow: row.warnBelow,
    minAnswers: row.minAnswers,
    reference: orderedReference(row.reference),
  };
}

/** The public answer of GET /conventions/:id/inclusion. */
export async function publicSettings(db: Queryable, conventionId: string) {
  await requireConvention(db, conventionId);
  const s = await inclusionSettings(db, conventionId);
  return { ...s, questions: s.dimensions.map((d) => ({ dimension: d, categories: categoriesOf(d) })) };
}


// ------------------------------------------------------------ composition

type Counts = Record<string, Record<string, number>>;
/** Composition report over the given dimensions: against the reference where there is one, counts and shares alone where not. */
export function reportFromCounts(counts: Counts, total: number, dims: readonly Dimension[], settings: InclusionSettings, sample = true): CompositionReport {
  const referenced: Record<string, Record<string, number>> = {};
  const categories: Record<string, readonly string[]> = {};
  for (const d of dims) {
    if (settings.reference[d]) referenced[d] = settings.reference[d]!.shares;
    else categories[d] = DIMENSIONS[d];
  }
  return compositionReportFromCounts(counts, total, referenced, { minCell: settings.minCell, warnBelow: settings.warnBelow, minAnswers: settings.minAnswers, sample, categories });
}

/** `sample` false for a delegation: its delegates are the whole group, not people who chose to answer. */
export function reportFromRows(rows: readonly Record<string, string>[], dims: readonly Dimension[], settings: InclusionSettings, sample = true): CompositionReport {
  return reportFromCounts(countByDimension(rows, dims), rows.length, dims, settings, sample);
}

function referenceSharesFor(settings: InclusionSettings, dims: readonly Dimension[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const d of dims) if (settings.reference[d]) out[d] = settings.reference[d]!.shares;
  return out;
}

// -------------------------------------------------------------- elections

export function selfDescriptionOf(election: ElectionRow): Dimension[] {
  return selfDescriptionOfDraft(election.draft).filter(isDimension);
}

/**
 * The composition of an election's voters from its decrypted result: the totals of
 * the self-description questions, which follow the draft's own questions. Counts
 * are weights when voters have weights. null when the election asked nothing.
 */
export async function electionComposition(db: Queryable, election: ElectionRow, result: readonly ResultEntry[]): Promise<{ total: number; report: CompositionReport } | null> {
  const dims = selfDescriptionOf(election);
  if (dims.length === 0) return null;
  // a ranked or graded question's part is its decrypted ballots, not totals: never a self-description question's
  const counts = compositionFromResult(dims, election.draft.questions.length, result.map((e) => (isVectors(e) ? [] : e)));
  const total = Object.values(counts[dims[0]!]!).reduce((a, b) => a + b, 0);
  const settings = await inclusionSettings(db, election.convention_id);
  return { total, report: reportFromCounts(counts, total, dims, settings) };
}

// ---------------------------------------------------------- conversations

/** An agreement estimate as published: any figure resting on fewer than minCell votes is hidden. */
export interface PublishedEstimate {
  statement: number;
  /** true when fewer than minCell people voted on it: every number below is null. */
  suppressed: boolean;
  raw: { agree: number | null; votes: number | null; share: number | null; interval: [number, number] | null };
  /** null when nobody who voted on it is weighted; its own `suppressed` when fewer than minCell weighted people voted. */
  weighted: { share: number | null; interval: [number, number] | null; effectiveN: number | null; votes: number | null; suppressed: boolean } | null;
}

/** `unweighted`: the weighting rests on too few self-descriptions (fewer than minAnswers) to be shown at all. */
export function publishEstimate(e: AgreementEstimate, minCell: number, unweighted = false): PublishedEstimate {
  const rawHidden = e.raw.votes < minCell;
  const raw = rawHidden ? { agree: null, votes: null, share: null, interval: null } : { agree: e.raw.agree, votes: e.raw.votes, share: e.raw.share, interval: e.raw.interval };
  let weighted: PublishedEstimate['weighted'] = null;
  if (e.weighted) {
    weighted = rawHidden || unweighted || e.weighted.votes < minCell ? { share: null, interval: null, effectiveN: null, votes: null, suppressed: true } : { ...e.weighted, suppressed: false };
  }
  return { statement: e.statement, suppressed: rawHidden, raw, weighted };
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * The weighting's caveats name reference groups nobody in the room belongs to. A
 * group whose count is hidden in the report (a small cell, or a complement — which
 * may be a zero) must not be named: "nobody is X" would give its count back, and
 * with it the small cell it protects. Such names are left out, and the caveat says so.
 */
function redactCaveats(caveats: readonly string[], report: CompositionReport): string[] {
  const hidden = new Set(report.suppressed.map((s) => `${s.dimension}:${s.category}`));
  const some = 'possibly some of the groups whose numbers are hidden (small cells)';
  const out: string[] = [];
  for (const c of caveats) {
    const absent = /^([a-z-]+): nobody in the room is (.+?); (.+)$/.exec(c);
    const unweighted = /^([a-z-]+): (.+?) has no reference share and gets no weight$/.exec(c);
    const m = absent ?? unweighted;
    if (!m) {
      out.push(c);
      continue;
    }
    const d = m[1]!;
    const names = m[2]!.split(', ');
    const shown = names.filter((n) => !hidden.has(`${d}:${n}`));
    if (shown.length === names.length) out.push(c);
    else if (absent) out.push(`${d}: nobody in the room is ${shown.length ? `${shown.join(', ')}, and ${some}` : some}; ${absent[3]}`);
    else if (shown.length) out.push(`${d}: ${shown.join(', ')} has no reference share and gets no weight`);
  }
  return out;
}

export interface ConversationComposition {
  report: CompositionReport;
  respondents: number;
  weighting: { dimensions: string[]; excluded: number; converged: boolean; maxError: number | null; kish: { n: number; effectiveSampleSize: number; designEffect: number | null } | null; caveats: string[] };
  estimates: { statements: PublishedEstimate[]; groups: { group: number; statements: PublishedEstimate[] }[] };
  statements: { id: number; text: string; lang: string; translations: Translations }[];
}

function restrictTo(answers: Record<string, string>, dims: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dims) if (typeof answers[d] === 'string') out[d] = answers[d]!;
  return out;
}

async function conversationReport(db: Queryable, conversationId: string, settings: InclusionSettings): Promise<{ report: CompositionReport; respondents: number; people: { participant: number; answers: Record<string, string> }[] }> {
  const people = await store.participantsWithProfiles(db, conversationId);
  const rows = people.map((p) => restrictTo(p.answers, settings.dimensions));
  return { report: reportFromRows(rows, settings.dimensions, settings), respondents: people.length, people };
}

export async function conversationComposition(db: Queryable, conversationId: string): Promise<ConversationComposition> {
  const c = await getConversation(db, conversationId);
  if (!c) throw new NotFound('no such conversation');
  const settings = await inclusionSettings(db, c.convention_id);
  const { report, respondents, people } = await conversationReport(db, conversationId, settings);
  const profiles = new Map(people.map((p) => [p.participant, restrictTo(p.answers, settings.dimensions)]));
  const w = participantWeights(profiles, referenceSharesFor(settings, settings.dimensions));
  const votes = await store.votesOnApproved(db, conversationId);
  const analysis = await getAnalysis(db, conversationId);
  const est = agreementEstimates(votes, w.weights, analysis?.membership ?? {});
  // weights raked from fewer self-descriptions than minAnswers would be conclusions from nothing
  const unweighted = (w.kish?.n ?? 0) < settings.minAnswers;
  const statements = (await statementsWithCounts(db, conversationId, true)).filter((s) => !s.is_meta).map((s) => ({ id: s.id, text: s.text, lang: s.lang, translations: s.translations ?? {} }));
  return {
    report,
    respondents,
    weighting: {
      dimensions: w.dimensions,
      excluded: w.excluded,
      converged: w.converged,
      maxError: finiteOrNull(w.maxError),
      kish: w.kish ? { n: w.kish.n, effectiveSampleSize: w.kish.effectiveSampleSize, designEffect: finiteOrNull(w.kish.designEffect) } : null,
      caveats: redactCaveats(w.caveats, report),
    },
    estimates: {
      statements: est.statements.map((e) => publishEstimate(e, settings.minCell, unweighted)),
      groups: est.groups.map((g) => ({ group: g.group, statements: g.statements.map((e) => publishEstimate(e, settings.minCell, unweighted)) })),
    },
    statements,
  };
}

// ------------------------------------------------------------ the service

export interface DelegationView {
  id: string;
  name: string;
  kind: string;
  delegates: Record<string, string>[];
  updatedAt: string;
}

export interface ConventionComposition {
  conventionId: string;
  minCell: number;
  conversations: { id: string; topic: Translations; respondents: number; report: CompositionReport }[];
  elections: { uuid: string; name: Translations; voters: number; report: CompositionReport }[];
  delegations: { id: string; name: string; kind: string; size: number; report: CompositionReport; rules: RuleResult[] }[];
  allDelegates: { size: number; report: CompositionReport; rules: RuleResult[] };
  /** Delegates elected by STV (questions whose candidates are described), checked against the rules. */
  elected: {
    uuid: string;
    name: Translations;
    question: number;
    questionText: Translations;
    seats: number;
    candidates: { index: number; name: Translations; description: Record<string, string> }[];
    rules: RuleResult[];
    report: CompositionReport;
  }[];
  rules: Rule[];
}

export class InclusionService {
  constructor(readonly ctx: ServiceContext) {}

  private get db() {
    return this.ctx.db;
  }

  // ------------------------------------------------------------- settings

  settings(conventionId: string) {
    return publicSettings(this.db, conventionId);
  }

  async putSettings(conventionId: string, input: InclusionSettingsInput): Promise<void> {
    await requireConvention(this.db, conventionId);
    const dimensions = [...input.dimensions].sort(byDimensionOrder);
    const reference: Record<string, ReferenceTable> = {};
    for (const [d, t] of Object.entries(orderedReference(input.reference))) reference[d] = t!;
    const r = await store.putInclusionSettings(this.db, conventionId, { dimensions, minCell: input.minCell, warnBelow: input.warnBelow, minAnswers: input.minAnswers, reference }, this.ctx.now());
    if (!r.ok) throw new InvalidRequest(`minCell may only be raised: it is ${r.current}, so it cannot be set to ${input.minCell} (a smaller cell would expose small groups in reports already seen)`, 'min-cell-lowered');
  }

  // ------------------------------------------------------------- profiles

  private async conversationSettings(conversationId: string) {
    const c = await getConversation(this.db, conversationId);
    if (!c) throw new NotFound('no such conversation');
    return { conversation: c, settings: await inclusionSettings(this.db, c.convention_id) };
  }

  async profile(conversationId: string, participant: number): Promise<{ answers: Record<string, string> }> {
    const { settings } = await this.conversationSettings(conversationId);
    const answers = (await store.getProfile(this.db, conversationId, participant)) ?? {};
    // answers to questions no longer asked are kept, but not shown or counted
    return { answers: restrictTo(answers, settings.dimensions) };
  }

  async setProfile(conversationId: string, participant: number, raw: Record<string, string | null>): Promise<void> {
    const { conversation, settings } = await this.conversationSettings(conversationId);
    for (const [d, c] of Object.entries(raw)) {
      if (!isDimension(d)) throw new InvalidRequest(`answers.${d}: "${d}" is not a self-description question: ${DIMENSION_ERROR}`, 'unknown-question');
      if (!settings.dimensions.includes(d)) throw new InvalidRequest(`answers.${d}: this convention does not ask about ${d} (it asks about ${settings.dimensions.length ? listOf(settings.dimensions) : 'nothing'})`, 'question-not-asked');
      if (c !== null && c !== '' && !categoriesOf(d).includes(c)) throw new InvalidRequest(`answers.${d}: ${categoryError(d, c, true)}`, 'unknown-category');
    }
    if (conversation.state !== 'open') throw new Conflict('this conversation is closed: its participants’ descriptions can no longer change', 'conversation-closed');
    const answers = answered(raw);
    if (Object.keys(answers).length === 0) await store.deleteProfile(this.db, conversationId, participant);
    else await store.setProfile(this.db, conversationId, participant, answers);
  }

  // ---------------------------------------------------------- composition

  conversationComposition(conversationId: string) {
    return conversationComposition(this.db, conversationId);
  }

  async conventionComposition(conventionId: string): Promise<ConventionComposition> {
    await requireConvention(this.db, conventionId);
    const db = this.db;
    const settings = await inclusionSettings(db, conventionId);
    const conversations = [];
    for (const c of await listConversations(db, conventionId)) {
      const { report, respondents } = await conversationReport(db, c.id, settings);
      conversations.push({ id: c.id, topic: c.topic, respondents, report });
    }
    const elections = [];
    for (const e of await listElections(db, conventionId)) {
      if (e.state !== 'published' || selfDescriptionOf(e).length === 0) continue;
      const result = await publishedResult(db, e.uuid);
      if (!result) continue;
      const composition = await electionComposition(db, e, result);
      // every counted ballot answers each self-description question or is blank: the total is the
      // ballots counted (their total weight in a weighted election)
      if (composition) elections.push({ uuid: e.uuid, name: e.draft.name, voters: composition.total, report: composition.report });
    }
    const rules = await this.rules(conventionId);
    const delegations = await store.listDelegations(db, conventionId);
    const elected = await electedDelegates(db, conventionId, rules);
    // the questions asked, and any other a delegation describes its delegates by
    const used = new Set<string>(settings.dimensions);
    for (const d of delegations) for (const p of d.delegates) for (const k of Object.keys(p)) used.add(k);
    for (const e of elected) for (const c of e.candidates) for (const k of Object.keys(c.description)) used.add(k);
    const dims = [...used].filter(isDimension).sort(byDimensionOrder);
    const all = delegations.flatMap((d) => d.delegates);
    return {
      conventionId,
      minCell: settings.minCell,
      conversations,
      elections,
      delegations: delegations.map((d) => ({
        id: d.id,
        name: d.name,
        kind: d.kind,
        size: d.delegates.length,
        report: reportFromRows(d.delegates, dims, settings, false),
        rules: rules.map((r) => checkRule(r, d.delegates)),
      })),
      allDelegates: { size: all.length, report: reportFromRows(all, dims, settings, false), rules: rules.map((r) => checkRule(r, all)) },
      elected: elected.map(({ rows, ...e }) => ({ ...e, report: reportFromRows(rows, dims, settings, false) })),
      rules,
    };
  }

  // ---------------------------------------------------------- delegations

  async delegations(conventionId: string): Promise<DelegationView[]> {
    await requireConvention(this.db, conventionId);
    return (await store.listDelegations(this.db, conventionId)).map((d) => ({ id: d.id, name: d.name, kind: d.kind, delegates: d.delegates, updatedAt: d.updatedAt.toISOString() }));
  }

  async createDelegation(conventionId: string, input: DelegationInput): Promise<string> {
    await requireConvention(this.db, conventionId);
    const id = newId();
    await store.insertDelegation(this.db, { id, conventionId, name: input.name, kind: input.kind, delegates: input.delegates, at: this.ctx.now() });
    return id;
  }

  async updateDelegation(id: string, input: DelegationInput): Promise<void> {
    if (!(await store.updateDelegation(this.db, id, { name: input.name, kind: input.kind, delegates: input.delegates, at: this.ctx.now() }))) throw new NotFound('no such delegation');
  }

  async deleteDelegation(id: string): Promise<void> {
    if (!(await store.deleteDelegation(this.db, id))) throw new NotFound('no such delegation');
  }

  // ---------------------------------------------------------------- rules

  async rules(conventionId: string): Promise<Rule[]> {
    return ((await store.getRules(this.db, conventionId)) ?? []) as Rule[];
  }

  async putRules(conventionId: string, rules: Rule[]): Promise<void> {
    await requireConvention(this.db, conventionId);
    await store.putRules(this.db, conventionId, rules, this.ctx.now());
  }
}

// ------------------------------------------------------------------ exports

/** One row per (source, dimension, category); hidden numbers are empty, `suppressed` says why. */
export function compositionCsv(c: ConventionComposition): string {
  const rows: (string | number | null)[][] = [['source', 'dimension', 'category', 'count', 'share', 'reference', 'ratio', 'suppressed']];
  const add = (source: string, report: CompositionReport) => {
    for (const d of report.dimensions) for (const cat of d.categories) rows.push([source, d.dimension, cat.category, cat.count, cat.share, cat.reference, cat.ratio, cat.suppressed]);
  };
  for (const x of c.conversations) add(`conversation:${x.id}`, x.report);
  for (const x of c.elections) add(`election:${x.uuid}`, x.report);
  for (const x of c.delegations) add(`delegation:${x.id}`, x.report);
  add('all-delegates', c.allDelegates.report);
  return writeCsv(rows);
}

/**
 * The delegates each published STV question of the convention elected, for questions whose
 * candidates the organiser described (public descriptions, as a delegation's): who was
 * elected (counted from the published decrypted ballots with the same function the verifier
 * and the result page use) and each delegation rule's verdict on them, with its numbers.
 */
async function electedDelegates(db: Queryable, conventionId: string, rules: readonly Rule[]) {
  const out = [];
  for (const e of await listElections(db, conventionId)) {
    if (e.state !== 'published') continue;
    const stvQuestions = e.draft.questions.flatMap((q, i) => (q.kind === 'ranked' && q.method === 'stv' && q.candidates && q.seats !== undefined ? [{ q, i, candidates: q.candidates, seats: q.seats }] : []));
    if (stvQuestions.length === 0) continue;
    const result = await publishedResult(db, e.uuid);
    if (!result) continue;
    for (const { q, i, candidates, seats } of stvQuestions) {
      const entry = result[i];
      if (!entry || !isVectors(entry)) continue;
      const outcome = countOutcome({ kind: 'stv', seats }, q.answers.length, entry);
      if (outcome.kind !== 'elected') continue; // the count gave no result (the result page says why)
      const check = checkElected(rules, candidates, outcome.elected);
      out.push({
        uuid: e.uuid,
        name: e.draft.name,
        question: i + 1,
        questionText: q.question,
        seats,
        candidates: outcome.elected.map((c) => ({ index: c, name: q.answers[c]!, description: candidates[c]! })),
        rules: check.rules,
        rows: check.elected,
      });
    }
  }
  return out;
}
