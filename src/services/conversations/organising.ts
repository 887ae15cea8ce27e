// The organisers' side of a conversation: creating it with seed statements, the lists
// and the organiser's view, their own statements, moderation, translations,
// participation codes, opening and closing, asking for a new analysis.
import { Conflict, InvalidRequest, NotFound } from '../../kernel/errors.ts';
import type { Language, Translations } from '../../kernel/texts.ts';
import { cleanStatementText } from '../../deliberation/text.ts';
import type { ConversationState } from '../../deliberation/conversation.ts';
import { withTransaction } from '../../store/db.ts';
import * as store from '../../store/deliberation.ts';
import { getConvention } from '../../store/elections.ts';
import type { ConversationInput, ModerationInput, StatementInput } from '../../api/conversations.ts';
import { newId } from '../context.ts';
import { ConversationBase, checkStatementText } from './base.ts';
import { codeHash, generateCode } from './codes.ts';
import { DuplicateStatement } from './errors.ts';
import { conversationView, countsOf, mathStatus, summaryOf, type ConversationSummary, type ConversationView } from './views.ts';

export class OrganisedConversations extends ConversationBase {
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
}
