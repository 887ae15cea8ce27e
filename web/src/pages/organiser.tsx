// Organisers: log in, create conventions and their elections.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { DraftEditor, emptyDraft } from '../components/draft-editor.tsx';
import { ErrorMessage, StateBadge, TranslatedFields, Txt } from '../components/common.tsx';
import { OrganiserConversations } from '../components/organiser-conversations.tsx';
import { OrganiserInclusion } from '../components/organiser-inclusion.tsx';
import { MonitorLink, NewAccount } from '../components/organiser-accounts.tsx';
import { t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import type { Translations } from '../../../src/kernel/texts.ts';
import type { ElectionView } from '../../../src/services/elections/views.ts';

interface ConventionView {
  id: string;
  title: Translations;
  description: Translations;
  elections: ElectionView[];
}

/** The log-in form; other workspaces (the monitor's) give their own title and a line of introduction. */
export function Login({ onLogin, title, intro }: { onLogin: () => void; title?: string; intro?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/session', { method: 'POST', body: { username, password } });
      onLogin();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} class="card">
      <h1>{title ?? t('organiser.loginTitle')}</h1>
      {intro ? <p class="muted small">{intro}</p> : null}
      <label for="username">{t('organiser.username')}</label>
      <input id="username" type="text" autocomplete="username" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
      <label for="password">{t('organiser.password')}</label>
      <input id="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      <ErrorMessage error={error} />
      <div class="actions">
        <button class="primary" type="submit">
          {t('organiser.login')}
        </button>
      </div>
    </form>
  );
}

function NewConvention({ onCreated }: { onCreated: () => void }) {
  const [title, setTitle] = useState<Translations>({});
  const [description, setDescription] = useState<Translations>({});
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/organiser/conventions', { method: 'POST', body: { title, description } });
      setTitle({});
      setDescription({});
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} class="card">
      <h2>{t('organiser.newConvention')}</h2>
      <TranslatedFields prefix="ct" label={t('organiser.conventionTitle')} value={title} onChange={setTitle} />
      <TranslatedFields prefix="cd" label={t('organiser.conventionDescription')} value={description} onChange={setDescription} multiline />
      <ErrorMessage error={error} />
      <div class="actions">
        <button class="primary" type="submit">
          {t('organiser.createConvention')}
        </button>
      </div>
    </form>
  );
}

export default function OrganiserPage() {
  const [state, setState] = useState<'checking' | 'login' | 'in'>('checking');
  const [conventions, setConventions] = useState<ConventionView[]>([]);
  const [creatingIn, setCreatingIn] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // editors and reviewers work on the accountability monitor only (the conventions API refuses them)
  const [role, setRole] = useState<string | null>(null);
  const load = async () => {
    try {
      const session = await api<{ username: string; role: string }>('/session');
      setRole(session.role);
      if (session.role !== 'organiser') return setState('in');
      setConventions(await api<ConventionView[]>('/organiser/conventions'));
      setState('in');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setState('login');
      else setError(e);
    }
  };
  useEffect(() => {
    void load();
  }, []);
  if (state === 'checking') return <p class="loading">{t('common.loading')}</p>;
  if (state === 'login') return <Login onLogin={load} />;
  if (role && role !== 'organiser') return <MonitorLink role={role} onLogout={() => setState('login')} />;
  return (
    <div>
      <h1>{t('organiser.title')}</h1>
      <div class="actions">
        <button
          class="secondary"
          type="button"
          onClick={async () => {
            await api('/session', { method: 'DELETE' });
            setState('login');
          }}
        >
          {t('organiser.logout')}
        </button>
      </div>
      <ErrorMessage error={error} />
      {conventions.map((c) => (
        <section key={c.id} class="card">
          <h2>
            <Txt value={c.title} />
          </h2>
          <ul class="plain">
            {c.elections.map((e) => (
              <li key={e.uuid}>
                <StateBadge state={e.state} />{' '}
                <a href={`/organiser/e/${e.uuid}`}>
                  <Txt value={e.name} />
                </a>
              </li>
            ))}
          </ul>
          {creatingIn === c.id ? (
            <DraftEditor
              initial={emptyDraft()}
              saveLabel={t('organiser.createElection')}
              onSave={async (draft) => {
                try {
                  const { uuid } = await api<{ uuid: string }>(`/organiser/conventions/${c.id}/elections`, { method: 'POST', body: draft });
                  navigate(`/organiser/e/${uuid}`);
                } catch (e) {
                  setError(e);
                }
              }}
            />
          ) : (
            <div class="actions">
              <button class="secondary" type="button" onClick={() => setCreatingIn(c.id)}>
                {t('organiser.newElection')}
              </button>
            </div>
          )}
          <OrganiserConversations conventionId={c.id} />
          <OrganiserInclusion conventionId={c.id} />
        </section>
      ))}
      <NewConvention onCreated={load} />
      <MonitorLink role="organiser" />
      <NewAccount />
    </div>
  );
}
