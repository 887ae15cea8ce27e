// One conversation, for its organiser: the moderation queue (approve, reject with
// a reason, mark as about the process), every statement with its counts and
// translations, participation codes (shown once), open/close, and the analysis.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/hooks.ts';
import { zManagedConversation } from '../../api/conversations.ts';
import { zOk } from '../../api/common.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Pending } from '../../components/pending.tsx';
import { Txt } from '../../components/text.tsx';
import { formatNumber, t } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { Login } from '../organiser/login.tsx';
import { useSessionResource } from '../organiser/session.ts';
import { Codes, MathPanel } from './codes-and-analysis.tsx';
import { AddStatement, StatementRow } from './moderation.tsx';
import { ConversationState, countsText } from './statements.tsx';

export default function ManageConversation({ route }: { route: Route }) {
  const id = route.page === 'organiser-deliberation' ? route.id : '';
  const base = `/organiser/conversations/${encodeURIComponent(id)}`;
  const resource = useSessionResource(() => api(base, zManagedConversation), [id], 10_000);
  const action = useAction();
  // a moderation's refusal, shown at the top of the page
  const [moderationError, setModerationError] = useState<unknown>(null);
  const load = resource.reload;
  if (resource.needLogin) return <Login onLogin={load} />;
  const data = resource.data;
  if (!data) return <Pending resource={resource} />;
  const busy = action.pending;
  const error = moderationError ?? action.error ?? resource.error;
  const { conversation: c, statements, status } = data;
  const pending = statements.filter((s) => s.status === 'pending');
  const order = { pending: 0, approved: 1, rejected: 2 } as const;
  const all = [...statements].sort((a, b) => order[a.status] - order[b.status] || Number(a.id) - Number(b.id));
  const setState = (state: 'open' | 'closed') => {
    if (state === 'closed' && !confirm(t('orgTalk.closeConfirm'))) return;
    setModerationError(null);
    void action.run(async () => {
      await api(`${base}/state`, zOk, { method: 'POST', body: { state } });
      await load();
    });
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
              <StatementRow key={`q-${s.id}`} s={s} base={base} onDone={load} onError={setModerationError} />
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
                <StatementRow key={`a-${s.id}`} s={s} base={base} onDone={load} onError={setModerationError} />
              ))}
          </ol>
        </section>
      </div>
    </article>
  );
}
