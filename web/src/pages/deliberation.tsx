// Taking part in a conversation: join (with a participation code where needed),
// then one statement at a time — agree, disagree or pass — and write statements
// of one's own. Statements are always shown as text, never as markup.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { ErrorMessage, Txt } from '../components/common.tsx';
import { SelfDescription } from '../components/inclusion.tsx';
import { ConversationState, countsText, duplicateOf, MAX_STATEMENT, StatementText, TalkError, type ConversationView, type StatementLang, type StatementView } from '../components/deliberation.tsx';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, t } from '../i18n/index.ts';
import type { Route } from '../router.ts';

interface Next {
  statement: StatementView | null;
  remaining: number;
  voted: number;
}

interface Me {
  participant: unknown;
  votes: Record<string, 1 | -1 | 0>;
  submitted?: unknown;
}

type Vote = 1 | -1 | 0;

function JoinForm({ conversation, onJoined }: { conversation: ConversationView; onJoined: () => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const needsCode = conversation.access === 'code';
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await api(`/conversations/${encodeURIComponent(conversation.id)}/participants`, { method: 'POST', body: needsCode ? { code: code.trim() } : {} });
      onJoined();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
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
      <TalkError error={error} where="join" />
      <div class="actions">
        <button class="primary" type="submit" disabled={busy || (needsCode && code.trim() === '')}>
          {t('talk.join')}
        </button>
      </div>
    </form>
  );
}

function VoteCard({ id, next, onNext, onError }: { id: string; next: Next; onNext: (n: Next) => void; onError: (e: unknown) => void }) {
  const [busy, setBusy] = useState(false);
  const s = next.statement!;
  // The buttons stay focusable while a vote is sent (aria-disabled, not disabled),
  // so that keyboard and screen-reader users keep their place.
  const inFlight = useRef(false);
  const vote = async (v: Vote) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    onError(null);
    try {
      const r = await api<{ ok: boolean; next: Next }>(`/conversations/${encodeURIComponent(id)}/votes`, { method: 'POST', body: { statement: s.id, vote: v } });
      onNext(r.next);
    } catch (e) {
      onError(e);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
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

function Progress({ voted, total }: { voted: number; total: number }) {
  return (
    <div class="talk-progress" data-testid="progress">
      <p class="small">{t('talk.progress', { voted, remaining: Math.max(0, total - voted) })}</p>
      <progress max={Math.max(total, 1)} value={voted} aria-label={t('talk.progressLabel')} />
    </div>
  );
}

function WriteForm({ id, onWritten }: { id: string; onWritten: () => void }) {
  const [text, setText] = useState('');
  const [lang, setLang] = useState<StatementLang>(currentLanguage());
  const [error, setError] = useState<unknown>(null);
  const [existing, setExisting] = useState<StatementView | null | undefined>(undefined);
  const [done, setDone] = useState<'pending' | 'approved' | null>(null);
  const [busy, setBusy] = useState(false);
  const length = [...text.trim()].length;
  const left = MAX_STATEMENT - length;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setExisting(undefined);
    setDone(null);
    if (length === 0) {
      setError(new ApiError('empty', 400, 'empty'));
      return;
    }
    if (left < 0) {
      setError(new ApiError('too long', 400, 'too-long'));
      return;
    }
    setBusy(true);
    try {
      const r = await api<{ id: number | string; status: 'pending' | 'approved' }>(`/conversations/${encodeURIComponent(id)}/statements`, { method: 'POST', body: { text: text.trim(), lang } });
      setDone(r.status);
      setText('');
      onWritten();
    } catch (err) {
      // a duplicate names the statement it repeats: show it (when participants can see it)
      const same = duplicateOf(err);
      if (same !== undefined) {
        const list = await api<StatementView[]>(`/conversations/${encodeURIComponent(id)}/statements`).catch(() => []);
        setExisting(list.find((x) => Number(x.id) === same) ?? null);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={submit} data-testid="write">
      <h2>{t('talk.writeTitle')}</h2>
      <p class="small">{t('talk.writeExplain')}</p>
      <label for="statement-text">{t('talk.writeLabel')}</label>
      <textarea id="statement-text" lang={lang} dir="auto" rows={3} value={text} aria-describedby="statement-count" onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      <p id="statement-count" class={left < 0 ? 'error small' : 'muted small'} aria-live="polite">
        {left >= 0 ? t('talk.charsLeft', { n: left }) : t('talk.charsOver', { n: -left })}
      </p>
      <label for="statement-lang">{t('talk.writeLanguage')}</label>
      <select id="statement-lang" value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value as StatementLang)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
      <TalkError error={error} where="write" existing={existing} />
      {done ? (
        <p class="success" role="status" data-testid="written">
          {t(done === 'approved' ? 'talk.submittedApproved' : 'talk.submittedPending')}
        </p>
      ) : null}
      <div class="actions">
        <button class="primary" type="submit" disabled={busy || left < 0}>
          {t('talk.submit')}
        </button>
      </div>
    </form>
  );
}

export default function DeliberationPage({ route }: { route: Route }) {
  const id = route.page === 'deliberation' ? route.id : '';
  const path = `/conversations/${encodeURIComponent(id)}`;
  const [conversation, setConversation] = useState<ConversationView | null>(null);
  const [joined, setJoined] = useState<boolean | null>(null);
  const [next, setNext] = useState<Next | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [voteError, setVoteError] = useState<unknown>(null);

  const loadNext = async () => {
    try {
      setNext(await api<Next>(`${path}/next`));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setJoined(false);
      else setVoteError(e);
    }
  };
  const loadMe = async () => {
    try {
      await api<Me>(`${path}/me`);
      setJoined(true);
      await loadNext();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setJoined(false);
      else setError(e);
    }
  };
  useEffect(() => {
    api<ConversationView>(path).then((c) => {
      setConversation(c);
      return loadMe();
    }, setError);
  }, [id]);

  if (!conversation) return error ? <ErrorMessage error={error} /> : <p class="loading">{t('common.loading')}</p>;
  const reportLink = `/d/${encodeURIComponent(id)}/report`;
  const closed = conversation.state === 'closed';
  return (
    <article class="talk">
      <p class="kicker">
        <span>{t('talk.conversation')}</span> <ConversationState state={conversation.state} />
      </p>
      <h1>
        <Txt value={conversation.topic} />
      </h1>
      {Object.keys(conversation.description ?? {}).length > 0 ? <Txt value={conversation.description} block /> : null}
      <p class="muted small">
        {countsText(conversation.counts)} · <a href={reportLink}>{t('talk.seeReport')}</a>
      </p>
      <ErrorMessage error={error} />

      {closed ? (
        <div class="notice">
          <p>{t('talk.closed')}</p>
          <p>
            <a class="primary" href={reportLink}>
              {t('talk.seeReport')}
            </a>
          </p>
        </div>
      ) : null}

      {!closed && joined === false ? (
        <JoinForm
          conversation={conversation}
          onJoined={() => {
            setJoined(true);
            void loadNext();
            api<ConversationView>(path).then(setConversation, () => undefined);
          }}
        />
      ) : null}

      {!closed && joined && conversation.conventionId ? <SelfDescription conventionId={conversation.conventionId} conversationId={id} /> : null}
      {!closed && joined && next === null ? <p class="loading">{t('common.loading')}</p> : null}
      {!closed && joined && next ? (
        <>
          <TalkError error={voteError} where="vote" />
          {next.statement ? (
            <VoteCard
              id={id}
              next={next}
              onNext={(n) => {
                setNext(n);
                // all done: show the conversation's counts as they are now
                if (!n.statement) api<ConversationView>(path).then(setConversation, () => undefined);
              }}
              onError={(e) => {
                setVoteError(e);
                if (e instanceof ApiError && e.code === 'not-joined') setJoined(false);
                else if (e instanceof ApiError && e.code === 'no-such-statement') void loadNext();
                else if (e instanceof ApiError && e.code === 'conversation-closed') setConversation({ ...conversation, state: 'closed' });
              }}
            />
          ) : (
            <section class="card success" data-testid="all-done">
              <h2>{t('talk.done')}</h2>
              <p>{t('talk.doneMore')}</p>
              <Progress voted={next.voted} total={next.voted + next.remaining} />
              <div class="actions">
                <a class="primary" href={reportLink}>
                  {t('talk.seeReport')}
                </a>
                <button class="secondary" type="button" onClick={loadNext}>
                  {t('talk.checkAgain')}
                </button>
              </div>
            </section>
          )}
          <WriteForm
            id={id}
            onWritten={() => {
              if (!next.statement) void loadNext();
            }}
          />
        </>
      ) : null}
    </article>
  );
}
