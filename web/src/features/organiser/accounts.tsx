// On the organiser page: the way to the accountability monitor's workspace, for
// editors and reviewers (whose accounts cannot run conventions) and organisers; and
// the organisers' form to create accounts (organiser, editor or reviewer).
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/hooks.ts';
import { zAccount } from '../../api/organiser.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { t } from '../../i18n/index.ts';
import { LogoutButton } from './login.tsx';

/** The link to /organiser/monitor; for a monitor-only account, the whole page with a logout. */
export function MonitorLink({ role, onLogout }: { role: string; onLogout?: () => void }) {
  const monitorOnly = role === 'editor' || role === 'reviewer';
  return (
    <section class="card" data-testid="monitor-link">
      {monitorOnly ? <h1>{t('monitor.workTitle')}</h1> : <h2>{t('monitor.workTitle')}</h2>}
      <p>{monitorOnly ? t('monitor.monitorOnlyAccount') : t('monitor.organiserLinkIntro')}</p>
      <p class="actions">
        <a class="primary" href="/organiser/monitor">
          {t('monitor.organiserLink')}
        </a>
        {onLogout ? <LogoutButton onLogout={onLogout} /> : null}
      </p>
    </section>
  );
}

/** Organisers create accounts: organisers run conventions, editors and reviewers the monitor. */
export function NewAccount() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<'organiser' | 'editor' | 'reviewer'>('editor');
  const create = useAction<string>();
  const submit = (e: Event) => {
    e.preventDefault();
    void create.run(async () => {
      const r = await api('/organiser/accounts', zAccount, { method: 'POST', body: { username, password, role } });
      setUsername('');
      setPassword('');
      return t('monitor.accountCreated', { name: r.username });
    });
  };
  return (
    <form class="card" onSubmit={submit} noValidate data-testid="new-account">
      <h2>{t('monitor.accountsTitle')}</h2>
      <p class="muted small">{t('monitor.accountsIntro')}</p>
      <label for="na-username">{t('organiser.username')}</label>
      <input id="na-username" type="text" autocomplete="off" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
      <label for="na-password">{t('organiser.password')}</label>
      <input id="na-password" type="password" autocomplete="new-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} aria-describedby="na-password-help" />
      <p id="na-password-help" class="muted small">
        {t('monitor.passwordHelp')}
      </p>
      <label for="na-role">{t('monitor.accountRole')}</label>
      <select id="na-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as typeof role)}>
        <option value="editor">{t('monitor.role.editor')}</option>
        <option value="reviewer">{t('monitor.role.reviewer')}</option>
        <option value="organiser">{t('monitor.role.organiser')}</option>
      </select>
      <ErrorMessage error={create.error} />
      {create.result ? (
        <p class="success" role="status">
          {create.result}
        </p>
      ) : null}
      <div class="actions">
        <button class="primary" type="submit">
          {t('monitor.createAccount')}
        </button>
      </div>
    </form>
  );
}
