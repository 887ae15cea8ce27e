// Deliberation conversations (Polis-style): organisers create a conversation with
// seed statements; participants join (anonymously: a number and a browser secret),
// write short statements and vote agree / disagree / pass; the math runner finds
// opinion groups off the request path. Every change happens in one transaction;
// a refused request (4xx) records nothing.
import { Conflict, Forbidden, NotFound, Unauthenticated } from '../../kernel/errors.ts';
import type { Language, Translations } from '../../kernel/texts.ts';
import { cleanStatementText, findNearDuplicate, normalizeStatement } from '../../deliberation/text.ts';
import type { ConversationAccess, ConversationState, Moderation, StatementLang, StatementStatus } from '../../deliberation/conversation.ts';
import type { AnalysisResult, Vote } from '../../deliberation/types.ts';
import { InvalidRequest } from '../../kernel/errors.ts';
import { withTransaction, type Queryable } from '../../store/db.ts';
import * as store from '../../store/deliberation.ts';
import { UniqueViolation } from '../../store/errors.ts';
import type { ConversationRow, StatementWithCounts } from '../../store/deliberation.ts';
import { getConvention } from '../../store/elections.ts';
import { canonicalCode, codeHash, generateCode, newParticipantSecret, participantSecretHash } from './codes.ts';
import { DuplicateStatement, TooManyRequests } from './errors.ts';
import { conversationChanged } from './events.ts';
import { AddressHasher, BucketWindow, seconds, SlidingWindow } from './limits.ts';
import type { ConversationInput, ModerationInput, StatementInput } from '../../api/conversations.ts';
import { type ServiceContext, newId } from '../context.ts';

export interface ConversationLimits {
  /** Joins of an open conversation, per conversation, per minute (all clients together). */
  joinsPerConversationPerMinute: number;
  /** Joins of open conversations per client address per minute. */
  joinsPerAddressPerMinute: number;
  /** Votes per participant in 10 seconds. */
  votesPerBurst: number;
  burstMs: number;
  /** Votes per participant per hour. */
  votesPerHour: number;
  /** Statements per participant in one conversation. */
  statementsPerParticipant: number;
  /** Statements per participant in 10 minutes. */
  statementsPerWindow: number;
  statementWindowMs: number;
  /** An analysis run older than this is taken to have died (see math-runner.ts). */
  staleAnalysisMs: number;
  /**
   * Apply the per-address join limit to loopback addresses too. Off by default: behind
   * a reverse proxy or a Tor onion service every client comes from 127.0.0.1, and one
   * limit for all would be wrong (the per-conversation limit still applies).
   */
  limitLoopbackAddresses: boolean;
}

export const DEFAULT_LIMITS: ConversationLimits = {
  joinsPerConversationPerMinute: 60,
  joinsPerAddressPerMinute: 5,
  votesPerBurst: 30,
  burstMs: 10_000,
  votesPerHour: 600,
  statementsPerParticipant: 10,
  statementsPerWindow: 3,
  statementWindowMs: 10 * 60_000,
  staleAnalysisMs: 10 * 60_000,
  limitLoopbackAddresses: false,
};

function isLoopback(address: string): boolean {
  return /^(127\.|::ffff:127\.)/.test(address) || address === '::1';
}

// ------------------------------------------------------------------- views

export interface Counts {
  participants: number;
  statements: number;
  votes: number;
}

export interface ConversationSummary {
  id: string;
  topic: Translations;
  description: Translations;
  access: ConversationAccess;
  moderation: Moderation;
  state: ConversationState;
  counts: Counts;
}

export interface ConversationView extends ConversationSummary {
  conventionId: string;
  analysedAt: string | null;
}

export interface MathStatus {
  state: 'idle' | 'queued' | 'running' | 'failed';
  analysedAt: string | null;
  votesIncluded: number;
  votesTotal: number;
  durationMs: number | null;
  error?: string;
}

export interface PublicStatement {
  id: number;
  text: string;
  lang: StatementLang;
  translations: Translations;
  meta: boolean;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function summaryOf(c: ConversationRow): ConversationSummary {
  return {
    id: c.id,
    topic: c.topic,
    description: c.description,
    access: c.access,
    moderation: c.moderation,
    state: c.state,
    counts: { participants: c.n_participants, statements: c.n_approved, votes: c.n_votes },
  };
}

export function conversationView(c: ConversationRow): ConversationView {
  const s = summaryOf(c);
  return { id: s.id, conventionId: c.convention_id, topic: s.topic, description: s.description, access: s.access, moderation: s.moderation, state: s.state, counts: s.counts, analysedAt: iso(c.analysed_at) };
}

export function mathStatus(c: ConversationRow, now: Date, staleMs = DEFAULT_LIMITS.staleAnalysisMs): MathStatus {
  const running = c.analysis_started_at !== null && now.getTime() - c.analysis_started_at.getTime() < staleMs;
  const pending = c.votes_seq > c.analysed_seq;
  const state: MathStatus['state'] = running ? 'running' : c.analysis_error !== null && pending ? 'failed' : pending ? 'queued' : 'idle';
  return {
    state,
    analysedAt: iso(c.analysed_at),
    votesIncluded: c.analysis_votes ?? 0,
    votesTotal: c.n_votes,
    durationMs: c.analysis_ms,
    ...(c.analysis_error !== null ? { error: c.analysis_error } : {}),
  };
}

function publicStatement(s: { id: number; text: string; lang: StatementLang; translations: Translations; is_meta: boolean }): PublicStatement {
  return { id: s.id, text: s.text, lang: s.lang, translations: s.translations ?? {}, meta: s.is_meta };
}

function countsOf(s: StatementWithCounts) {
  return { agree: s.agree, disagree: s.disagree, pass: s.pass };
}

// --------------------------------------------------------------- statements

/** A statement's text as stored, and its comparison form; 400 saying what is wrong. */
export function checkStatementText(raw: string, what = 'a statement'): { text: string; normalized: string } {
  const r = cleanStatementText(raw, undefined, what);
  if ('code' in r) throw new InvalidRequest(r.message, r.code);
  const normalized = normalizeStatement(r.text);
  if (normalized === '') throw new InvalidRequest(`${what} needs words or numbers, not only punctuation or spaces`, 'empty-statement');
  return { text: r.text, normalized };
}

function duplicateMessage(existing: { id: number; status: StatementStatus }): string {
  const where = existing.status === 'pending' ? ' (waiting for moderation)' : existing.status === 'rejected' ? ' (rejected by the moderators)' : '';
  return `the same statement is already in this conversation: statement ${existing.id}${where}`;
}

export interface JoinResult {
  participant: number;
  /** The secret for the participant's cookie. */
  secret: string;
}

export interface NextView {
  statement: PublicStatement | null;
  remaining: number;
  voted: number;
}

export class ConversationService {
  readonly limits: ConversationLimits;
  private readonly joinsByConversation: SlidingWindow;
  private readonly joinsByAddress: SlidingWindow;
  private readonly addresses: AddressHasher;
  private readonly voteBursts: SlidingWindow;
  private readonly votesHourly: BucketWindow;

  constructor(
    readonly ctx: ServiceContext,
    limits: Partial<ConversationLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.joinsByConversation = new SlidingWindow(this.limits.joinsPerConversationPerMinute, 60_000);
    this.joinsByAddress = new SlidingWindow(this.limits.joinsPerAddressPerMinute, 60_000);
    // a new salt makes every stored hash meaningless: forget them with it
    this.addresses = new AddressHasher(3600_000, () => this.joinsByAddress.clear());
    this.voteBursts = new SlidingWindow(this.limits.votesPerBurst, this.limits.burstMs);
    this.votesHourly = new BucketWindow(this.limits.votesPerHour, 3600_000, 60_000);
  }

  private get db() {
    return this.ctx.db;
  }

  private now(): Date {
    return this.ctx.now();
  }

  async require(id: string): Promise<ConversationRow> {
    const c = await store.getConversation(this.db, id);
    if (!c) throw new NotFound('no such conversation');
    return c;
  }

  private async lock(tx: Queryable, id: string) {
    const c = await store.lockConversation(tx, id);
    if (!c) throw new NotFound('no such conversation');
    return c;
  }

  private changed(id: string): void {
    conversationChanged(this.db, id);
  }

  // ---------------------------------------------------------- organisers

  async create(conventionId: string, input: ConversationInput): Promise<string> {
    if (!(await getConvention(this.db, conventionId))) throw new NotFound('no such convention');
    const seeds = input.seeds.map((s, i) => ({ ...checkStatementText(s.text, `seed ${i}`), lang: s.lang }));
    const seen = new Map<string, number>();
    seeds.forEach((s, i) => {
      const first = seen.get(s.normalized);
      if (first !== undefined) throw new DuplicateStatement(`seed ${i} is the same statement as seed ${first}`, 'duplicate', first);
      seen.set(s.normalized, i);
    });
    const id = newId();
    const now = this.now();
    await withTransaction(this.db, async (tx) => {
      await store.insertConversation(tx, { id, conventionId, topic: input.topic, description: input.description, access: input.access, moderation: input.moderation, state: 'open', imported: false, createdAt: now });
      const first = await store.allocateStatementIds(tx, id, seeds.length);
      await store.insertStatements(
        tx,
        id,
        seeds.map((s, i) => ({ id: first + i, author: null, text: s.text, lang: s.lang, normalized: s.normalized, status: 'approved', createdAt: now })),
      );
    });
    return id;
  }

  async list(conventionId: string): Promise<(ConversationSummary & { pending: number })[]> {
    if (!(await getConvention(this.db, conventionId))) throw new NotFound('no such convention');
    return (await store.listConversations(this.db, conventionId)).map((c) => ({ ...summaryOf(c), pending: c.n_pending }));
  }

  async publicList(conventionId: string): Promise<ConversationSummary[]> {
    return (await this.list(conventionId)).map(({ pending: _, ...summary }) => summary);
  }

  async view(id: string): Promise<ConversationView> {
    return conversationView(await this.require(id));
  }

  async organiserView(id: string) {
    const c = await this.require(id);
    const statements = await store.statementsWithCounts(this.db, id, false);
    return {
      conversation: { ...conversationView(c), pending: c.n_pending },
      statements: statements.map((s) => ({
        id: s.id,
        text: s.text,
        lang: s.lang,
        translations: s.translations ?? {},
        status: s.status,
        meta: s.is_meta,
        rejectReason: s.reject_reason,
        seed: s.author_participant === null,
        counts: countsOf(s),
      })),
      status: mathStatus(c, new Date(), this.limits.staleAnalysisMs),
      codes: await store.codeCounts(this.db, id),
    };
  }

  /** An organiser's statement: approved at once; exact duplicates refused (near ones allowed: organisers may write "X" and "not X" on purpose). */
  async addOrganiserStatement(id: string, input: StatementInput): Promise<number> {
    const { text, normalized } = checkStatementText(input.text);
    return this.insertStatement(id, { text, normalized, lang: input.lang, author: null, status: 'approved', nearDuplicates: false });
  }

  private async insertStatement(
    id: string,
    s: { text: string; normalized: string; lang: Language; author: number | null; status: StatementStatus; nearDuplicates: boolean },
    beforeInsert?: (tx: Queryable) => Promise<void>,
  ): Promise<number> {
    try {
      return await withTransaction(this.db, async (tx) => {
        const c = await this.lock(tx, id);
        if (s.author !== null && c.state !== 'open') throw new Conflict('this conversation is closed: it takes no new statements', 'conversation-closed');
        if (beforeInsert) await beforeInsert(tx);
        const same = await store.statementByNormalized(tx, id, s.normalized);
        if (same) throw new DuplicateStatement(duplicateMessage(same), 'duplicate', same.id);
        if (s.nearDuplicates) {
          const near = findNearDuplicate(s.normalized, await store.liveNormalized(tx, id));
          if (near) {
            throw new DuplicateStatement(
              `a very similar statement is already in this conversation: statement ${near.id}. Vote on it instead (disagree if you think the opposite)`,
              'near-duplicate',
              near.id,
            );
          }
        }
        const sid = await store.allocateStatementIds(tx, id, 1);
        await store.insertStatements(tx, id, [{ id: sid, author: s.author, text: s.text, lang: s.lang, normalized: s.normalized, status: s.status, createdAt: this.now() }]);
        return sid;
      });
    } catch (e) {
      if (!(e instanceof UniqueViolation)) throw e;
      // a concurrent insert of the same statement won the race
      const same = await store.statementByNormalized(this.db, id, s.normalized);
      if (!same) throw e;
      throw new DuplicateStatement(duplicateMessage(same), 'duplicate', same.id);
    }
  }

  async moderate(id: string, statement: number, m: ModerationInput): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      await this.lock(tx, id);
      const s = await store.getStatement(tx, id, statement, true);
      if (!s) throw new NotFound(`no statement ${statement} in this conversation`);
      switch (m.action) {
        case 'approve':
          await store.updateModeration(tx, id, statement, { status: 'approved', rejectReason: null });
          break;
        case 'reject':
          await store.updateModeration(tx, id, statement, { status: 'rejected', rejectReason: m.reason! });
          break;
        case 'meta':
          await store.updateModeration(tx, id, statement, { meta: true });
          break;
        case 'unmeta':
          await store.updateModeration(tx, id, statement, { meta: false });
          break;
      }
      await store.bumpVotesSeq(tx, id);
    });
    this.changed(id);
  }

  async translate(id: string, statement: number, lang: Language, raw: string): Promise<void> {
    const text = raw.trim() === '' ? '' : (() => {
      const r = cleanStatementText(raw, undefined, 'a translation');
      if ('code' in r) throw new InvalidRequest(r.message, r.code);
      return r.text;
    })();
    await withTransaction(this.db, async (tx) => {
      await this.lock(tx, id);
      const s = await store.getStatement(tx, id, statement, true);
      if (!s) throw new NotFound(`no statement ${statement} in this conversation`);
      if (s.lang === lang) throw new InvalidRequest(`statement ${statement} is written in ${lang}: a translation must be into another language`, 'same-language');
      const translations: Translations = { ...(s.translations ?? {}) };
      if (text === '') delete translations[lang];
      else translations[lang] = text;
      await store.setTranslations(tx, id, statement, translations);
    });
  }

  /** New participation codes, returned once (only their hashes are kept). */
  async issueCodes(id: string, count: number): Promise<string[]> {
    const c = await this.require(id);
    if (c.access !== 'code') throw new Conflict('this conversation is open to anyone: participation codes are only for conversations with access "code"', 'not-code-access');
    const codes = new Set<string>();
    while (codes.size < count) codes.add(generateCode());
    const list = [...codes];
    await withTransaction(this.db, async (tx) => {
      await this.lock(tx, id);
      await store.insertCodes(tx, id, list.map(codeHash), this.now());
    });
    return list;
  }

  async setState(id: string, state: ConversationState): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      await this.lock(tx, id);
      await store.setConversationState(tx, id, state);
    });
  }

  async recompute(id: string): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      await this.lock(tx, id);
      await store.requestRecompute(tx, id);
    });
    this.changed(id);
  }

  // -------------------------------------------------------- participants

  /** The participant whose secret is one of `secrets` (the cookies sent); 401 'not-joined' otherwise. */
  async participantOf(id: string, secrets: readonly string[]): Promise<number> {
    const p = await this.findParticipant(id, secrets);
    if (p === undefined) {
      await this.require(id);
      throw new Unauthenticated('join this conversation first (or join again on this device)', 'not-joined');
    }
    return p.participant;
  }

  private async findParticipant(id: string, secrets: readonly string[]): Promise<{ participant: number; secret: string } | undefined> {
    for (const secret of secrets) {
      if (secret.length < 20 || secret.length > 100) continue;
      const participant = await store.participantByToken(this.db, id, participantSecretHash(secret));
      if (participant !== undefined) return { participant, secret };
    }
    return undefined;
  }

  /**
   * Join a conversation. `address` is the client's address, used only for the
   * in-memory rate limit (as a salted hash); `secrets` are the participant cookies
   * the browser sent, so that joining twice on one device keeps one participant.
   */
  async join(id: string, body: { code?: string | undefined }, address: string, secrets: readonly string[]): Promise<JoinResult> {
    const c = await this.require(id);
    if (c.state !== 'open') throw new Conflict('this conversation is closed: it takes no new participants (its report stays open to all)', 'conversation-closed');
    const current = await this.findParticipant(id, secrets);
    const typed = body.code?.trim() ?? '';
    if (c.access === 'code') {
      if (typed === '') {
        if (current) return current;
        throw new InvalidRequest('this conversation needs a participation code', 'code-needed');
      }
      return this.joinWithCode(id, typed);
    }
    if (current) return current;
    const now = Date.now();
    const key = this.limits.limitLoopbackAddresses || !isLoopback(address) ? this.addresses.hash(address, now) : undefined;
    const waitConversation = this.joinsByConversation.wait(id, now);
    const waitAddress = key === undefined ? 0 : this.joinsByAddress.wait(key, now);
    if (waitConversation > 0 || waitAddress > 0) {
      const wait = Math.max(waitConversation, waitAddress);
      throw new TooManyRequests(
        waitAddress > 0
          ? `too many people joined from this network in the last minute; try again in ${seconds(wait)} seconds`
          : `too many people are joining this conversation right now; try again in ${seconds(wait)} seconds`,
        seconds(wait),
      );
    }
    this.joinsByConversation.record(id, now);
    if (key !== undefined) this.joinsByAddress.record(key, now);
    const { secret, hash } = newParticipantSecret();
    const participant = await withTransaction(this.db, async (tx) => {
      const locked = await this.lock(tx, id);
      if (locked.state !== 'open') throw new Conflict('this conversation is closed: it takes no new participants', 'conversation-closed');
      return store.insertParticipant(tx, id, hash, null, this.now());
    });
    return { participant, secret };
  }

  private async joinWithCode(id: string, typed: string): Promise<JoinResult> {
    const invalid = () => new Forbidden('this participation code is not valid for this conversation', 'invalid-code');
    const canonical = canonicalCode(typed);
    if (!canonical) throw invalid();
    const hashOfCode = codeHash(canonical);
    const { secret, hash } = newParticipantSecret();
    const participant = await withTransaction(this.db, async (tx) => {
      const locked = await this.lock(tx, id);
      if (locked.state !== 'open') throw new Conflict('this conversation is closed: it takes no new participants', 'conversation-closed');
      const code = await store.lockCode(tx, id, hashOfCode);
      if (!code) throw invalid();
      if (code.participant !== null) {
        // the same person on another device: this device's secret replaces the old one
        await store.setParticipantToken(tx, id, code.participant, hash);
        return code.participant;
      }
      const p = await store.insertParticipant(tx, id, hash, hashOfCode, this.now());
      await store.useCode(tx, id, hashOfCode, p);
      return p;
    });
    return { participant, secret };
  }

  /** Forget this device's secret: the participant and their votes stay. */
  async leave(id: string, secrets: readonly string[]): Promise<void> {
    const p = await this.findParticipant(id, secrets);
    if (p) await store.setParticipantToken(this.db, id, p.participant, null);
  }

  async me(id: string, participant: number): Promise<{ participant: number; votes: Record<string, Vote>; submitted: number }> {
    const votes: Record<string, Vote> = {};
    for (const v of await store.votesOf(this.db, id, participant)) votes[String(v.statement)] = v.vote;
    const { submitted } = await store.participantSummary(this.db, id, participant);
    return { participant, votes, submitted };
  }

  async next(id: string, participant: number): Promise<NextView> {
    const [row, summary] = [await store.nextStatement(this.db, id, participant), await store.participantSummary(this.db, id, participant)];
    return { statement: row ? publicStatement(row) : null, remaining: row?.remaining ?? 0, voted: summary.voted };
  }

  async vote(id: string, participant: number, statement: number, vote: Vote): Promise<NextView> {
    const now = Date.now();
    const key = `${id}:${participant}`;
    const burst = this.voteBursts.wait(key, now);
    if (burst > 0) throw new TooManyRequests('too many votes at once; wait a moment', seconds(burst), 'too-many-votes');
    const hourly = this.votesHourly.take(key, now);
    if (hourly > 0) throw new TooManyRequests(`too many votes in the last hour; try again in ${Math.ceil(hourly / 60_000)} minutes`, seconds(hourly), 'too-many-votes');
    this.voteBursts.record(key, now);
    const changed = await withTransaction(this.db, async (tx) => {
      const c = await this.lock(tx, id);
      if (c.state !== 'open') throw new Conflict('this conversation is closed: it takes no new votes', 'conversation-closed');
      const s = await store.getStatement(tx, id, statement);
      if (!s || s.status !== 'approved') throw new NotFound(`statement ${statement} is not open for votes in this conversation`, 'no-such-statement');
      const r = await store.upsertVote(tx, id, participant, statement, vote, this.now());
      if (r.changed) await store.bumpVotesSeq(tx, id, r.inserted ? 1 : 0);
      return r.changed;
    });
    if (changed) this.changed(id);
    return this.next(id, participant);
  }

  async submit(id: string, participant: number, input: StatementInput): Promise<{ id: number; status: StatementStatus }> {
    const { text, normalized } = checkStatementText(input.text);
    const c = await this.require(id);
    const status: StatementStatus = c.moderation === 'strict' ? 'pending' : 'approved';
    const limits = this.limits;
    const now = this.now();
    const sid = await this.insertStatement(id, { text, normalized, lang: input.lang, author: participant, status, nearDuplicates: true }, async (tx) => {
      await store.lockParticipant(tx, id, participant);
      const counts = await store.authoredCounts(tx, id, participant, new Date(now.getTime() - limits.statementWindowMs));
      if (counts.total >= limits.statementsPerParticipant) {
        throw new TooManyRequests(`each participant may write at most ${limits.statementsPerParticipant} statements in a conversation; you can still vote`, 0, 'statement-limit');
      }
      if (counts.recent >= limits.statementsPerWindow) {
        const wait = counts.oldestRecent ? counts.oldestRecent.getTime() + limits.statementWindowMs - now.getTime() : limits.statementWindowMs;
        throw new TooManyRequests(`at most ${limits.statementsPerWindow} statements in ${Math.round(limits.statementWindowMs / 60_000)} minutes; try again in ${Math.ceil(wait / 60_000)} minutes`, seconds(wait), 'too-many-statements');
      }
    });
    if (status === 'approved') this.changed(id);
    return { id: sid, status };
  }

  async statements(id: string) {
    await this.require(id);
    return (await store.statementsWithCounts(this.db, id, true)).map((s) => ({ ...publicStatement(s), seed: s.author_participant === null, counts: countsOf(s) }));
  }

  async report(id: string): Promise<{ conversation: ConversationView; analysis: AnalysisResult | null; statements: PublicStatement[]; status: MathStatus }> {
    const c = await this.require(id);
    const analysis = await store.getAnalysis(this.db, id);
    const statements = (await store.statementsWithCounts(this.db, id, true)).map(publicStatement);
    return { conversation: conversationView(c), analysis, statements, status: mathStatus(c, new Date(), this.limits.staleAnalysisMs) };
  }
}
