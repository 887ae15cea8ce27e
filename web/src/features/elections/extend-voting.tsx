// The organiser extends voting after an outage (issue 17, item 4): a new closing time
// and the reason in up to three languages. The server refuses an earlier or past time
// (its errors are shown in the reader's language); the change is public for good.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/hooks.ts';
import { zScheduleChange } from '../../api/organiser.ts';
import type { Translations } from '../../../../src/kernel/texts.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { formatDate, t } from '../../i18n/index.ts';
import { TextInputs, toLocalInput } from './draft-editor.tsx';

export function ExtendVoting({ uuid, closesAt, onExtended }: { uuid: string; closesAt: string | null; onExtended: () => Promise<unknown> }) {
  const [when, setWhen] = useState(() => toLocalInput(closesAt));
  const [reason, setReason] = useState<Translations>({});
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  if (closesAt === null) {
    return (
      <section>
        <h2>{t('manage.extendTitle')}</h2>
        <p class="muted small">{t('manage.extendNoClose')}</p>
      </section>
    );
  }
  const submit = (e: Event) => {
    e.preventDefault();
    const date = when ? new Date(when) : null;
    const given = Object.values(reason).some((v) => (v ?? '').trim() !== '');
    const p = !date || Number.isNaN(date.getTime()) ? t('manage.extendProblemDate') : !given ? t('manage.extendProblemReason') : null;
    setProblem(p);
    if (p || !date) return;
    if (!confirm(t('manage.extendConfirm', { date: formatDate(date) }))) return;
    void action.run(async () => {
      await api(`/organiser/elections/${encodeURIComponent(uuid)}/extend`, zScheduleChange, { method: 'POST', body: { closesAt: date.toISOString(), reason } });
      setReason({});
      await onExtended();
    });
  };
  return (
    <section>
      <h2>{t('manage.extendTitle')}</h2>
      <p class="small">{t('manage.extendExplain')}</p>
      <form onSubmit={submit} data-testid="extend-voting">
        <div>
          <label for="extend-closes">{t('manage.extendNewClose')}</label>
          <input id="extend-closes" type="datetime-local" value={when} onInput={(ev) => setWhen((ev.target as HTMLInputElement).value)} />
        </div>
        <TextInputs name="extend-reason" label={t('manage.extendReason')} value={reason} onChange={setReason} multiline />
        {problem ? <p class="error" role="alert">{problem}</p> : null}
        <ErrorMessage error={action.error} />
        <div class="actions">
          <button class="primary" type="submit" disabled={action.pending}>
            {t('manage.extend')}
          </button>
        </div>
      </form>
    </section>
  );
}
