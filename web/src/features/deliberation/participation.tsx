// Taking part in a conversation, piece by piece: joining (with a participation
// code where needed), the card of one statement to agree, disagree or pass, the
// progress, and the form to write a statement of one's own.
import { useState } from 'preact/hooks';
import { z } from 'zod';
import { api, ApiError } from '../../api/client.ts';
import { useAction } from '../../api/hooks.ts';
import { zCountedStatement, zJoined, zSubmitted, zVoteAnswer, type ConversationView, type Next, type StatementLang, type StatementView } from '../../api/conversations.ts';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, t, tn } from '../../i18n/index.ts';
import { duplicateOf, MAX_STATEMENT, StatementText, TalkError } from './statements.tsx';

type Vote = 1 | -1 | 0;

export function JoinForm({ conversation, onJoined }: { conversation: ConversationView; onJoined: () => void }) {
  const [code, setCode] = useState('');
  const join = useAction();
  const needsCode = conversation.access === 'code';
  const submit = (e: Event) => {
    e.preventDefault();
    void join.run(async () => {
      await api(`/conversations/${encodeURIComponent(conversation.id)}/participants`, zJoined, { method: 'POST', body: needsCode ? { code: code.trim() } : {} });
      onJoined();
    });
  };
  return (
    <form class="card" onSubmit={submit} data-testid="join">
      <p>{t('talk.explain')}</p>
      <p class="muted small">{t('talk.joinExplain')}</p>
      {needsCode ? (
        <>
          <label for="code">{t('talk.codeLabel')}</label>
          <input id="code" type="text" class="credential-input" autocomplete="off" autocapitalize="off" spellcheck={false} value={code} onInput={(e) => setCode((e.target as HTMLInputElement).value)} aria-describedby="code-help" />
          <p id="code-help" class="muted small">
            {t('talk.codeHelp')}
          </p>
        </>
      ) : null}
      <TalkError error={join.error} where="join" />
      <div class="actions">
        <button class="primary" type="submit" disabled={join.pending || (needsCode && code.trim() === '')}>
          {t('talk.join')}
        </button>
      </div>
    </form>
  );
}

export function VoteCard({ id, next, onNext, onError }: { id: string; next: Next; onNext: (n: Next) => void; onError: (e: unknown) => void }) {
  const voting = useAction();
  const s = next.statement!;
  // The buttons stay focusable while a vote is sent (aria-disabled, not disabled),
  // so that keyboard and screen-reader users keep their place; a click meanwhile is ignored.
  const vote = (v: Vote) =>
    voting.run(async () => {
      onError(null);
      try {
        const r = await api(`/conversations/${encodeURIComponent(id)}/votes`, zVoteAnswer, { method: 'POST', body: { statement: s.id, vote: v } });
        onNext(r.next);
      } catch (e) {
        onError(e);
      }
    });
  const busy = voting.pending;
  const total = next.voted + next.remaining;
  return (
    <section class="card talk-card" aria-labelledby="talk-card-title" data-testid="vote-card" data-statement={String(s.id)}>
      <h2 id="talk-card-title" class="small muted talk-card-title">
        {t('talk.cardTitle')}
      </h2>
      <div aria-live="polite">
        <StatementText s={s} large showLanguage />
      </div>
      <div class="vote-buttons">
        <button type="button" class="vote agree" data-vote="agree" aria-disabled={busy} onClick={() => vote(1)}>
          {t('talk.agree')}
        </button>
        <button type="button" class="vote disagree" data-vote="disagree" aria-disabled={busy} onClick={() => vote(-1)}>
          {t('talk.disagree')}
        </button>
        <button type="button" class="vote pass" data-vote="pass" aria-disabled={busy} onClick={() => vote(0)}>
          {t('talk.pass')}
        </button>
      </div>
      <Progress voted={next.voted} total={total} />
    </section>
  );
}

export function Progress({ voted, total }: { voted: number; total: number }) {
  return (
    <div class="talk-progress" data-testid="progress">
      <p class="small">{t('talk.progress', { voted, remaining: Math.max(0, total - voted) })}</p>
      <progress max={Math.max(total, 1)} value={voted} aria-label={t('talk.progressLabel')} />
    </div>
  );
}

/** A statement's text: its length in characters as a person counts them, and what is left of the limit. */
export function statementLength(text: string): { length: number; left: number } {
  const length = [...text.trim()].length;
  return { length, left: MAX_STATEMENT - length };
}

/** The choice of the language a statement is written in. */
export function LanguageSelect({ id, lang, onChange }: { id: string; lang: StatementLang; onChange: (l: StatementLang) => void }) {
  return (
    <select id={id} value={lang} onChange={(e) => onChange((e.target as HTMLSelectElement).value as StatementLang)}>
      {LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {LANGUAGE_NAMES[l]}
        </option>
      ))}
    </select>
  );
}

export function WriteForm({ id, onWritten }: { id: string; onWritten: () => void }) {
  const [text, setText] = useState('');
  const [lang, setLang] = useState<StatementLang>(currentLanguage());
  // the statement a duplicate repeats (null: not shown to participants)
  const [existing, setExisting] = useState<StatementView | null | undefined>(undefined);
  const write = useAction<'pending' | 'approved' | 'rejected'>();
  const { length, left } = statementLength(text);
  const submit = (e: Event) => {
    e.preventDefault();
    setExisting(undefined);
    void write.run(async () => {
      if (length === 0) throw new ApiError('empty', 400, 'empty');
      if (left < 0) throw new ApiError('too long', 400, 'too-long');
      try {
        const r = await api(`/conversations/${encodeURIComponent(id)}/statements`, zSubmitted, { method: 'POST', body: { text: text.trim(), lang } });
        setText('');
        onWritten();
        return r.status;
      } catch (err) {
        // a duplicate names the statement it repeats: show it (when participants can see it)
        const same = duplicateOf(err);
        if (same !== undefined) {
          const list = await api(`/conversations/${encodeURIComponent(id)}/statements`, z.array(zCountedStatement)).catch(() => []);
          setExisting(list.find((x) => Number(x.id) === same) ?? null);
        }
        throw err;
      }
    });
  };
  const done = write.result;
  return (
    <form class="card" onSubmit={submit} data-testid="write">
      <h2>{t('talk.writeTitle')}</h2>
      <p class="small">{t('talk.writeExplain')}</p>
      <label for="statement-text">{t('talk.writeLabel')}</label>
      <textarea id="statement-text" lang={lang} dir="auto" rows={3} value={text} aria-describedby="statement-count" onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      <p id="statement-count" class={left < 0 ? 'error small' : 'muted small'} aria-live="polite">
        {left >= 0 ? t('talk.charsLeft', { n: left }) : tn('talk.charsOver', -left)}
      </p>
      <label for="statement-lang">{t('talk.writeLanguage')}</label>
      <LanguageSelect id="statement-lang" lang={lang} onChange={setLang} />
      <TalkError error={write.error} where="write" existing={existing} />
      {done ? (
        <p class="success" role="status" data-testid="written">
          {t(done === 'approved' ? 'talk.submittedApproved' : 'talk.submittedPending')}
        </p>
      ) : null}
      <div class="actions">
        <button class="primary" type="submit" disabled={write.pending || left < 0}>
          {t('talk.submit')}
        </button>
      </div>
    </form>
  );
}
