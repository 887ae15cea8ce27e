// One conversation, for its organiser: the moderation queue (approve, reject with
// a reason, mark as about the process), every statement with its counts and
// translations, participation codes (shown once), open/close, and the analysis.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { useOrganiserResource } from '../organiser-resource.ts';
import { downloadText, ErrorMessage, Txt } from '../components/common.tsx';
import { ConversationState, countsText, formatSeconds, MAX_STATEMENT, StatementText, VoteBar, type ConversationView, type MathStatus, type StatementLang, type StatementView } from '../components/deliberation.tsx';
import { currentLanguage, formatDate, formatNumber, LANGUAGE_NAMES, LANGUAGES, t, type Key } from '../i18n/index.ts';
import type { Route } from '../router.ts';
import { Login } from './organiser.tsx';

interface ManagedStatement extends StatementView {
  status: 'pending' | 'approved' | 'rejected';
  rejectReason?: string | null;
}

interface Managed {
  conversation: ConversationView;
  statements: ManagedStatement[];
  status: MathStatus;
  codes: { issued: number; used: number };
}

const STATUS_KEYS: Record<ManagedStatement['status'], Key> = {
  pending: 'orgTalk.statusPending',
  approved: 'orgTalk.statusApproved',
  rejected: 'orgTalk.statusRejected',
};

const MATH_KEYS: Record<MathStatus['state'], Key> = {
  idle: 'orgTalk.mathIdle',
  queued: 'orgTalk.mathQueued',
  running: 'orgTalk.mathRunning',
  failed: 'orgTalk.mathFailed',
};

function Moderate({ s, base, onDone, onError }: { s: ManagedStatement; base: string; onDone: () => Promise<void>; onError: (e: unknown) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (action: 'approve' | 'reject' | 'meta' | 'unmeta', why?: string) => {
    setBusy(true);
    onError(null);
    try {
      await api(`${base}/statements/${encodeURIComponent(String(s.id))}/moderation`, { method: 'POST', body: why ? { action, reason: why } : { action } });
      setRejecting(false);
      setReason('');
      await onDone();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const rid = `reason-${s.id}`;
  return (
    <div class="moderate">
      <div class="actions">
        {s.status !== 'approved' ? (
          <button type="button" class="primary" disabled={busy} onClick={() => act('approve')} data-action="approve">
            {t('orgTalk.approve')}
          </button>
        ) : null}
        {s.status !== 'rejected' ? (
          <button type="button" class="secondary" disabled={busy} aria-expanded={rejecting} onClick={() => setRejecting(!rejecting)} data-action="reject">
            {t('orgTalk.reject')}
          </button>
        ) : null}
        <button type="button" class="secondary" disabled={busy} onClick={() => act(s.meta ? 'unmeta' : 'meta')} data-action={s.meta ? 'unmeta' : 'meta'}>
          {t(s.meta ? 'orgTalk.unmarkMeta' : 'orgTalk.markMeta')}
        </button>
      </div>
      {rejecting ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) void act('reject', reason.trim());
          }}
        >
          <label for={rid}>{t('orgTalk.rejectReason')}</label>
          <input id={rid} type="text" dir="auto" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          <p class="muted small">{t('orgTalk.rejectReasonHelp')}</p>
          <div class="actions">
            <button type="submit" class="danger" disabled={busy || reason.trim() === ''}>
              {t('orgTalk.confirmReject')}
            </button>
            <button type="button" class="secondary" onClick={() => setRejecting(false)}>
              {t('orgTalk.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

function Translate({ s, base, onDone }: { s: ManagedStatement; base: string; onDone: () => Promise<void> }) {
  const others = LANGUAGES.filter((l) => l !== s.lang);
  const [lang, setLang] = useState<StatementLang>(others.includes(currentLanguage()) ? currentLanguage() : others[0]!);
  const [text, setText] = useState(s.translations?.[lang] ?? '');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `tr-${s.id}`;
  return (
    <details class="translate">
      <summary>{t('orgTalk.addTranslation')}</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          setSaved(false);
          try {
            await api(`${base}/statements/${encodeURIComponent(String(s.id))}/translations`, { method: 'PUT', body: { lang, text: text.trim() } });
            setSaved(true);
            await onDone();
          } catch (err) {
            setError(err);
          }
        }}
      >
        <label for={`${id}-lang`}>{t('orgTalk.translationLanguage')}</label>
        <select
          id={`${id}-lang`}
          value={lang}
          onChange={(e) => {
            const l = (e.target as HTMLSelectElement).value as StatementLang;
            setLang(l);
            setText(s.translations?.[l] ?? '');
          }}
        >
          {others.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
        <label for={`${id}-text`}>{t('orgTalk.translationText')}</label>
        <textarea id={`${id}-text`} lang={lang} dir={lang === 'en' ? 'ltr' : 'rtl'} rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        <ErrorMessage error={error} />
        {saved ? (
          <p class="success" role="status">
            {t('orgTalk.saved')}
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="secondary" disabled={text.trim() === ''}>
            {t('orgTalk.saveTranslation')}
          </button>
        </div>
      </form>
    </details>
  );
}

function StatementRow({ s, base, onDone, onError }: { s: ManagedStatement; base: string; onDone: () => Promise<void>; onError: (e: unknown) => void }) {
  return (
    <li class={`card statement-item status-${s.status}`} data-testid="managed-statement" data-status={s.status} data-id={String(s.id)}>
      <p class="small">
        <span class={`badge ${s.status}`}>{t(STATUS_KEYS[s.status])}</span>
        {s.seed ? <span class="muted"> · {t('orgTalk.seed')}</span> : null}
      </p>
      <StatementText s={s} showLanguage />
      {s.status === 'rejected' && s.rejectReason ? (
        <p class="small">
          {t('orgTalk.rejectedBecause')}{' '}
          <span dir="auto">{s.rejectReason}</span>
        </p>
      ) : null}
      {s.counts && s.counts.agree + s.counts.disagree + s.counts.pass > 0 ? <VoteBar agree={s.counts.agree} disagree={s.counts.disagree} pass={s.counts.pass} counts /> : null}
      <Moderate s={s} base={base} onDone={onDone} onError={onError} />
      <Translate s={s} base={base} onDone={onDone} />
    </li>
  );
}

function AddStatement({ base, onDone }: { base: string; onDone: () => Promise<void> }) {
  const [text, setText] = useState('');
  const [lang, setLang] = useState<StatementLang>(currentLanguage());
  const [error, setError] = useState<unknown>(null);
  const left = MAX_STATEMENT - [...text.trim()].length;
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await api(`${base}/statements`, { method: 'POST', body: { text: text.trim(), lang } });
          setText('');
          await onDone();
        } catch (err) {
          setError(err);
        }
      }}
    >
      <h2>{t('orgTalk.addStatement')}</h2>
      <label for="org-statement">{t('talk.writeLabel')}</label>
      <textarea id="org-statement" lang={lang} dir="auto" rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} aria-describedby="org-statement-count" />
      <p id="org-statement-count" class={left < 0 ? 'error small' : 'muted small'}>
        {left >= 0 ? t('talk.charsLeft', { n: left }) : t('talk.charsOver', { n: -left })}
      </p>
      <label for="org-statement-lang">{t('talk.writeLanguage')}</label>
      <select id="org-statement-lang" value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value as StatementLang)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
      <ErrorMessage error={error} />
      <div class="actions">
        <button type="submit" class="secondary" disabled={text.trim() === '' || left < 0}>
          {t('orgTalk.addStatement')}
        </button>
      </div>
    </form>
  );
}

/** A code as people read it aloud and type it: groups of four. */
const spaced = (code: string) => (/^[A-Z0-9]{12}$/.test(code) ? code.match(/.{4}/g)!.join('-') : code);

function Codes({ base, id, counts, onDone }: { base: string; id: string; counts: { issued: number; used: number }; onDone: () => Promise<void> }) {
  const [count, setCount] = useState(20);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const url = `${location.origin}/d/${encodeURIComponent(id)}`;
  return (
    <section class="codes" data-testid="codes">
      <h2 class="no-print">{t('orgTalk.codesTitle')}</h2>
      <p class="no-print">{t('orgTalk.codesCount', { issued: counts.issued, used: counts.used })}</p>
      <form
        class="no-print"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          setBusy(true);
          try {
            const r = await api<{ codes: string[] }>(`${base}/codes`, { method: 'POST', body: { count } });
            setCodes(r.codes);
            await onDone();
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label for="code-count">{t('orgTalk.codesHowMany')}</label>
        <input id="code-count" type="number" min={1} max={10000} value={count} onInput={(e) => setCount(Number((e.target as HTMLInputElement).value))} />
        <ErrorMessage error={error} />
        <div class="actions">
          <button type="submit" class="secondary" disabled={busy || !(count >= 1)}>
            {t('orgTalk.codesIssue')}
          </button>
        </div>
      </form>
      {codes ? (
        <div>
          <p class="notice no-print">{t('orgTalk.codesShownOnce')}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => downloadText(`participation-codes-${id}.txt`, `${url}\n\n${codes.map(spaced).join('\n')}\n`)}>
              {t('orgTalk.codesDownload')}
            </button>
            <button type="button" class="secondary" onClick={() => window.print()}>
              {t('orgTalk.codesPrint')}
            </button>
          </div>
          <ol class="code-list" data-testid="issued-codes">
            {codes.map((c) => (
              <li key={c} class="code-card">
                <span class="small">{t('orgTalk.codeCard', { url })}</span> <span class="mono">{spaced(c)}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}

function MathPanel({ status, base, onDone }: { status: MathStatus; base: string; onDone: () => Promise<void> }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section data-testid="math">
      <h2>{t('orgTalk.mathTitle')}</h2>
      <dl class="facts">
        <dt>{t('orgTalk.mathState')}</dt>
        <dd data-testid="math-state">{t(MATH_KEYS[status.state])}</dd>
        <dt>{t('orgTalk.mathLast')}</dt>
        <dd>{status.analysedAt ? formatDate(status.analysedAt) : t('orgTalk.mathNever')}</dd>
        <dt>{t('orgTalk.mathVotes')}</dt>
        <dd>{t('orgTalk.mathVotesValue', { included: status.votesIncluded, total: status.votesTotal })}</dd>
        <dt>{t('orgTalk.mathDuration')}</dt>
        <dd>{status.durationMs != null ? t('orgTalk.mathSeconds', { seconds: formatSeconds(status.durationMs) }) : '—'}</dd>
      </dl>
      {status.error ? (
        <p class="failure small" dir="auto">
          {status.error}
        </p>
      ) : null}
      <ErrorMessage error={error} />
      <div class="actions">
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await api(`${base}/recompute`, { method: 'POST' });
              await onDone();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('orgTalk.recompute')}
        </button>
      </div>
    </section>
  );
}

export default function ManageConversation({ route }: { route: Route }) {
  const id = route.page === 'organiser-deliberation' ? route.id : '';
  const base = `/organiser/conversations/${encodeURIComponent(id)}`;
  const { data, needLogin, error, setError, load } = useOrganiserResource<Managed>(base, 10_000);
  const [busy, setBusy] = useState(false);
  if (needLogin) return <Login onLogin={load} />;
  if (!data) return error ? <ErrorMessage error={error} /> : <p class="loading">{t('common.loading')}</p>;
  const { conversation: c, statements, status } = data;
  const pending = statements.filter((s) => s.status === 'pending');
  const order = { pending: 0, approved: 1, rejected: 2 } as const;
  const all = [...statements].sort((a, b) => order[a.status] - order[b.status] || Number(a.id) - Number(b.id));
  const setState = async (state: 'open' | 'closed') => {
    if (state === 'closed' && !confirm(t('orgTalk.closeConfirm'))) return;
    setBusy(true);
    setError(null);
    try {
      await api(`${base}/state`, { method: 'POST', body: { state } });
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article class="organiser-talk">
      <div class="no-print">
        <p class="kicker">
          <span>{t('talk.conversation')}</span> <ConversationState state={c.state} />
        </p>
        <h1>
          <Txt value={c.topic} />
        </h1>
        <p class="muted small">
          {countsText(c.counts)} · {t(c.access === 'code' ? 'orgTalk.accessCode' : 'orgTalk.accessOpen')} · {t(c.moderation === 'strict' ? 'orgTalk.moderationStrict' : 'orgTalk.moderationLoose')}
        </p>
        <p class="actions">
          <a class="secondary" href={`/d/${encodeURIComponent(id)}`}>
            {t('orgTalk.publicPage')}
          </a>
          <a class="secondary" href={`/d/${encodeURIComponent(id)}/report`}>
            {t('orgTalk.report')}
          </a>
          {c.state === 'open' ? (
            <button type="button" class="danger" disabled={busy} onClick={() => setState('closed')}>
              {t('orgTalk.close')}
            </button>
          ) : (
            <button type="button" class="primary" disabled={busy} onClick={() => setState('open')}>
              {t('orgTalk.reopen')}
            </button>
          )}
        </p>
        <ErrorMessage error={error} />

        <section data-testid="queue">
          <h2>
            {t('orgTalk.queueTitle')} <span class="badge pending">{formatNumber(pending.length)}</span>
          </h2>
          {pending.length === 0 ? <p class="muted">{t('orgTalk.queueEmpty')}</p> : null}
          <ol class="plain statements">
            {pending.map((s) => (
              <StatementRow key={`q-${s.id}`} s={s} base={base} onDone={load} onError={setError} />
            ))}
          </ol>
        </section>

        <MathPanel status={status} base={base} onDone={load} />
      </div>

      {c.access === 'code' ? <Codes base={base} id={id} counts={data.codes} onDone={load} /> : null}

      <div class="no-print">
        <AddStatement base={base} onDone={load} />
        <section data-testid="all-managed">
          <h2>{t('orgTalk.allTitle')}</h2>
          <ol class="plain statements">
            {all
              .filter((s) => s.status !== 'pending')
              .map((s) => (
                <StatementRow key={`a-${s.id}`} s={s} base={base} onDone={load} onError={setError} />
              ))}
          </ol>
        </section>
      </div>
    </article>
  );
}
