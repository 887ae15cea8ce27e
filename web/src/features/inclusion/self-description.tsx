// The optional, anonymous "about you" card of a conversation participant.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction, useResource } from '../../api/hooks.ts';
import { zInclusionSettings, zProfile } from '../../api/inclusion.ts';
import { zOk } from '../../api/common.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { formatNumber, t } from '../../i18n/index.ts';
import { catName, dimName } from './names.ts';

export function SelfDescription({ conventionId, conversationId }: { conventionId: string; conversationId: string }) {
  const path = `/conversations/${encodeURIComponent(conversationId)}/me/profile`;
  const settings = useResource(() => api(`/conventions/${encodeURIComponent(conventionId)}/inclusion`, zInclusionSettings), [conventionId]);
  const profile = useResource(() => api(path, zProfile), [conventionId, conversationId]);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [state, setState] = useState<'editing' | 'saved' | 'skipped'>('editing');
  const save = useAction();
  useEffect(() => {
    if (!profile.data) return;
    setAnswers(profile.data.answers);
    if (Object.keys(profile.data.answers).length > 0) setState('saved');
  }, [profile.data]);
  if (!settings.data || settings.data.questions.length === 0) return null;
  if (state !== 'editing') {
    return (
      <p class="muted small" data-testid="profile-state">
        {state === 'saved' ? t('incl.saved') : t('incl.skipped')}{' '}
        <button type="button" class="link" onClick={() => setState('editing')}>
          {t('incl.edit')}
        </button>
      </p>
    );
  }
  const submit = (e: Event) => {
    e.preventDefault();
    void save.run(async () => {
      const chosen = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== ''));
      await api(path, zOk, { method: 'PUT', body: { answers: chosen } });
      setState('saved');
    });
  };
  return (
    <form class="card" data-testid="self-description" onSubmit={submit}>
      <h2>{t('incl.aboutYou')}</h2>
      <p class="small">{t('incl.aboutYouHelp', { k: formatNumber(settings.data.minCell) })}</p>
      {settings.data.questions.map((q) => (
        <p key={q.dimension}>
          <label for={`sd-${q.dimension}`}>{dimName(q.dimension)}</label>
          <select id={`sd-${q.dimension}`} name={q.dimension} value={answers[q.dimension] ?? ''} onChange={(e) => setAnswers({ ...answers, [q.dimension]: (e.target as HTMLSelectElement).value })}>
            <option value="">{t('incl.noAnswer')}</option>
            {q.categories.map((c) => (
              <option key={c} value={c}>
                {catName(c)}
              </option>
            ))}
          </select>
        </p>
      ))}
      <ErrorMessage error={save.error} />
      <div class="actions">
        <button type="submit" class="primary">
          {t('incl.save')}
        </button>
        <button type="button" class="secondary" onClick={() => setState('skipped')}>
          {t('incl.skip')}
        </button>
      </div>
    </form>
  );
}
