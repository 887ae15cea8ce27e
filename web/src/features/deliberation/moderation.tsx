// The organiser's work on statements: approve, reject with a reason, mark as
// about the process, translate, and add statements of their own.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/hooks.ts';
import { zStatementAdded, type ManagedStatement, type StatementLang } from '../../api/conversations.ts';
import { zOk } from '../../api/common.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, t, tn, type Key, type Language } from '../../i18n/index.ts';
import { LanguageSelect, statementLength } from './participation.tsx';
import { StatementText, VoteBar } from './statements.tsx';

const STATUS_KEYS: Record<ManagedStatement['status'], Key> = {
  pending: 'orgTalk.statusPending',
  approved: 'orgTalk.statusApproved',
  rejected: 'orgTalk.statusRejected',
};

function Moderate({ s, base, onDone, onError }: { s: ManagedStatement; base: string; onDone: () => Promise<void>; onError: (e: unknown) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const moderation = useAction();
  const busy = moderation.pending;
  const act = (action: 'approve' | 'reject' | 'meta' | 'unmeta', why?: string) =>
    moderation.run(async () => {
      onError(null);
      try {
        await api(`${base}/statements/${encodeURIComponent(String(s.id))}/moderation`, zOk, { method: 'POST', body: why ? { action, reason: why } : { action } });
        setRejecting(false);
        setReason('');
        await onDone();
      } catch (e) {
        onError(e);
      }
    });
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
  const [lang, setLang] = useState<Language>(others.includes(currentLanguage()) ? currentLanguage() : others[0]!);
  const [text, setText] = useState(s.translations?.[lang] ?? '');
  const save = useAction<true>();
  const id = `tr-${s.id}`;
  return (
    <details class="translate">
      <summary>{t('orgTalk.addTranslation')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(async () => {
            await api(`${base}/statements/${encodeURIComponent(String(s.id))}/translations`, zOk, { method: 'PUT', body: { lang, text: text.trim() } });
            // "saved" shows at once, before the page is read again
            save.setResult(true);
            await onDone();
            return true;
          });
        }}
      >
        <label for={`${id}-lang`}>{t('orgTalk.translationLanguage')}</label>
        <select
          id={`${id}-lang`}
          value={lang}
          onChange={(e) => {
            const l = (e.target as HTMLSelectElement).value as Language;
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
        <ErrorMessage error={save.error} />
        {save.result ? (
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

export function StatementRow({ s, base, onDone, onError }: { s: ManagedStatement; base: string; onDone: () => Promise<void>; onError: (e: unknown) => void }) {
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

export function AddStatement({ base, onDone }: { base: string; onDone: () => Promise<void> }) {
  const [text, setText] = useState('');
  const [lang, setLang] = useState<StatementLang>(currentLanguage());
  const add = useAction();
  const { left } = statementLength(text);
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void add.run(async () => {
          await api(`${base}/statements`, zStatementAdded, { method: 'POST', body: { text: text.trim(), lang } });
          setText('');
          await onDone();
        });
      }}
    >
      <h2>{t('orgTalk.addStatement')}</h2>
      <label for="org-statement">{t('talk.writeLabel')}</label>
      <textarea id="org-statement" lang={lang} dir="auto" rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} aria-describedby="org-statement-count" />
      <p id="org-statement-count" class={left < 0 ? 'error small' : 'muted small'}>
        {left >= 0 ? t('talk.charsLeft', { n: left }) : tn('talk.charsOver', -left)}
      </p>
      <label for="org-statement-lang">{t('talk.writeLanguage')}</label>
      <LanguageSelect id="org-statement-lang" lang={lang} onChange={setLang} />
      <ErrorMessage error={add.error} />
      <div class="actions">
        <button type="submit" class="secondary" disabled={text.trim() === '' || left < 0}>
          {t('orgTalk.addStatement')}
        </button>
      </div>
    </form>
  );
}
