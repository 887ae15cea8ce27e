// What every part of the conversation service shares: the context, the rate limits
// held in memory, finding and locking a conversation, and inserting a statement with
// its duplicate checks (organisers' and participants' alike).
import { Conflict, InvalidRequest, NotFound } from '../../kernel/errors.ts';
import type { Language } from '../../kernel/texts.ts';
import { cleanStatementText, findNearDuplicate, normalizeStatement } from '../../deliberation/text.ts';
import type { StatementStatus } from '../../deliberation/conversation.ts';
import { withTransaction, type Queryable } from '../../store/db.ts';
import * as store from '../../store/deliberation.ts';
import { UniqueViolation } from '../../store/errors.ts';
import type { ConversationRow } from '../../store/deliberation.ts';
import { DuplicateStatement } from './errors.ts';
import { conversationChanged } from './events.ts';
import { Addresses, BucketWindow, DEFAULT_LIMITS, memoryLimit, sharedLimit, SlidingWindow, type ConversationLimits, type Limit } from './limits.ts';
import type { ServiceContext } from '../context.ts';

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

export class ConversationBase {
  readonly limits: ConversationLimits;
  protected readonly joinsByConversation: Limit;
  protected readonly joinsByAddress: Limit;
  protected readonly addresses: Addresses;
  protected readonly voteBursts: Limit;
  protected readonly votesHourly: Limit;
  protected readonly statementWindows: Limit;

  constructor(
    readonly ctx: ServiceContext,
    limits: Partial<ConversationLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    const l = this.limits;
    // several server processes share a Postgres database: so do their limits
    const shared = ctx.sharedLimits && ctx.db.kind === 'postgres' ? ctx.db : undefined;
    // the same windows in the database as in memory: exact, or counted per minute for the hour
    const limit = (bucket: string, max: number, windowMs: number, memory: () => SlidingWindow | BucketWindow, slotMs = 1) =>
      shared ? sharedLimit(shared, bucket, max, windowMs, slotMs) : memoryLimit(memory());
    this.joinsByConversation = limit('joins-conversation', l.joinsPerConversationPerMinute, 60_000, () => new SlidingWindow(l.joinsPerConversationPerMinute, 60_000));
    const joinsByAddress = new SlidingWindow(l.joinsPerAddressPerMinute, 60_000);
    this.joinsByAddress = limit('joins-address', l.joinsPerAddressPerMinute, 60_000, () => joinsByAddress);
    // a new salt makes every stored hash meaningless: forget them with it
    this.addresses = new Addresses(shared, () => joinsByAddress.clear());
    this.voteBursts = limit('vote-burst', l.votesPerBurst, l.burstMs, () => new SlidingWindow(l.votesPerBurst, l.burstMs));
    this.votesHourly = limit('votes-hour', l.votesPerHour, 3600_000, () => new BucketWindow(l.votesPerHour, 3600_000, 60_000), 60_000);
    this.statementWindows = limit('statements', l.statementsPerWindow, l.statementWindowMs, () => new SlidingWindow(l.statementsPerWindow, l.statementWindowMs));
  }

  protected get db() {
    return this.ctx.db;
  }

  protected now(): Date {
    return this.ctx.now();
  }

  async require(id: string): Promise<ConversationRow> {
    const c = await store.getConversation(this.db, id);
    if (!c) throw new NotFound('no such conversation');
    return c;
  }

  protected async lock(tx: Queryable, id: string) {
    const c = await store.lockConversation(tx, id);
    if (!c) throw new NotFound('no such conversation');
    return c;
  }

  protected changed(id: string): void {
    conversationChanged(this.db, id);
  }

  protected async insertStatement(
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
}
