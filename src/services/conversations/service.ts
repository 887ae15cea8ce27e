// Deliberation conversations (Polis-style): organisers create a conversation with
// seed statements; participants join (anonymously: a number and a browser secret),
// write short statements and vote agree / disagree / pass; the math runner finds
// opinion groups off the request path. Every change happens in one transaction;
// a refused request (4xx) records nothing.
//
// The service is built in three files: base.ts (what every part shares, statements'
// insertion), organising.ts (the organisers' side), and here the participants' side
// (joining, votes, statements written) and the public report.
import { Conflict, Forbidden, InvalidRequest, NotFound, Unauthenticated } from '../../kernel/errors.ts';
import type { StatementStatus } from '../../deliberation/conversation.ts';
import type { AnalysisResult, Vote } from '../../deliberation/types.ts';
import { withTransaction, type Queryable } from '../../store/db.ts';
import * as store from '../../store/deliberation.ts';
import type { StatementInput } from '../../api/conversations.ts';
import { checkStatementText } from './base.ts';
import { canonicalCode, codeHash, newParticipantId, newParticipantSecret, participantSecretHash } from './codes.ts';
import { TooManyRequests } from './errors.ts';
import { isLoopback, seconds } from './limits.ts';
import { OrganisedConversations } from './organising.ts';
import { conversationView, countsOf, mathStatus, publicStatement, type ConversationView, type MathStatus, type NextView, type PublicStatement } from './views.ts';

export { checkStatementText } from './base.ts';
export { DEFAULT_LIMITS, type ConversationLimits } from './limits.ts';
export { conversationView, mathStatus, type ConversationSummary, type ConversationView, type Counts, type MathStatus, type NextView, type PublicStatement } from './views.ts';

export interface JoinResult {
  participant: number;
  /** The secret for the participant's cookie. */
  secret: string;
}

export class ConversationService extends OrganisedConversations {
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
    const key = this.limits.limitLoopbackAddresses || !isLoopback(address) ? await this.addresses.hash(address, now) : undefined;
    const waitConversation = await this.joinsByConversation.take(id, now);
    let waitAddress = 0;
    if (waitConversation === 0 && key !== undefined) {
      waitAddress = await this.joinsByAddress.take(key, now);
      // refused for the address: this join does not count for the conversation either
      if (waitAddress > 0) await this.joinsByConversation.forget(id, now);
    }
    if (waitConversation > 0 || waitAddress > 0) {
      const wait = Math.max(waitConversation, waitAddress);
      throw new TooManyRequests(
        waitAddress > 0
          ? `too many people joined from this network in the last minute; try again in ${seconds(wait)} seconds`
          : `too many people are joining this conversation right now; try again in ${seconds(wait)} seconds`,
        seconds(wait),
      );
    }
    const { secret, hash } = newParticipantSecret();
    const participant = await withTransaction(this.db, async (tx) => {
      const locked = await this.lock(tx, id);
      if (locked.state !== 'open') throw new Conflict('this conversation is closed: it takes no new participants', 'conversation-closed');
      return this.newParticipant(tx, id, hash);
    });
    return { participant, secret };
  }

  /**
   * Join with a participation code. The code is spent (deleted) and a participant with
   * a random id is made in the same transaction; nothing stored links the two. A spent
   * code cannot be used again, not even by the person it was given to: the device that
   * used it keeps its session (its cookie), and a person who lost that device needs a
   * new code from the organisers, as a new participant (docs/trust-model.md).
   */
  private async joinWithCode(id: string, typed: string): Promise<JoinResult> {
    const invalid = () => new Forbidden('this participation code is not valid for this conversation, or it has already been used', 'invalid-code');
    const canonical = canonicalCode(typed);
    if (!canonical) throw invalid();
    const hashOfCode = codeHash(canonical);
    const { secret, hash } = newParticipantSecret();
    const participant = await withTransaction(this.db, async (tx) => {
      const locked = await this.lock(tx, id);
      if (locked.state !== 'open') throw new Conflict('this conversation is closed: it takes no new participants', 'conversation-closed');
      if (!(await store.spendCode(tx, id, hashOfCode))) throw invalid();
      return this.newParticipant(tx, id, hash);
    });
    return { participant, secret };
  }

  /** A participant with a random id (CSPRNG), so that ids tell nothing of the order of joining. */
  private async newParticipant(tx: Queryable, id: string, tokenHash: string): Promise<number> {
    // 2^31 ids: a draw taken already is rare, twenty in a row is a broken generator
    for (let attempt = 0; attempt < 20; attempt++) {
      const participant = newParticipantId();
      if (await store.insertParticipant(tx, id, participant, tokenHash)) return participant;
    }
    throw new Error('no free participant id after 20 random draws');
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
    const burst = await this.voteBursts.take(key, now);
    if (burst > 0) throw new TooManyRequests('too many votes at once; wait a moment', seconds(burst), 'too-many-votes');
    const hourly = await this.votesHourly.take(key, now);
    if (hourly > 0) {
      await this.voteBursts.forget(key, now);
      throw new TooManyRequests(`too many votes in the last hour; try again in ${Math.ceil(hourly / 60_000)} minutes`, seconds(hourly), 'too-many-votes');
    }
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
    const now = this.now().getTime();
    // The limit of a few minutes needs instants, which the statements no longer keep (they
    // keep their day): it is counted like the vote limits (limits.ts: in memory, or shared
    // through the database on Postgres).
    const key = `${id}:${participant}`;
    let counted = false;
    let sid: number;
    try {
      sid = await this.insertStatement(id, { text, normalized, lang: input.lang, author: participant, status, nearDuplicates: true }, async (tx) => {
        await store.lockParticipant(tx, id, participant);
        if ((await store.authoredCount(tx, id, participant)) >= limits.statementsPerParticipant) {
          throw new TooManyRequests(`each participant may write at most ${limits.statementsPerParticipant} statements in a conversation; you can still vote`, 0, 'statement-limit');
        }
        const wait = await this.statementWindows.take(key, now);
        if (wait > 0) {
          throw new TooManyRequests(`at most ${limits.statementsPerWindow} statements in ${Math.round(limits.statementWindowMs / 60_000)} minutes; try again in ${Math.ceil(wait / 60_000)} minutes`, seconds(wait), 'too-many-statements');
        }
        counted = true;
      });
    } catch (e) {
      // a statement refused after it was counted (a duplicate) does not count
      if (counted) await this.statementWindows.forget(key, now);
      throw e;
    }
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
