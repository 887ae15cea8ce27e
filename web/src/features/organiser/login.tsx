// The log-in form of organisers, and of the monitor's editors and reviewers.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/hooks.ts';
import { zSession } from '../../api/organiser.ts';
import { zOk } from '../../api/common.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { t } from '../../i18n/index.ts';

/** The log-in form; other workspaces (the monitor's) give their own title and a line of introduction. */
export function Login({ onLogin, title, intro }: { onLogin: () => unknown; title?: string; intro?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void login.run(async () => {
      await api('/session', zSession, { method: 'POST', body: { username, password } });
      void onLogin();
    });
  };
  return (
    <form onSubmit={submit} class="card">
      <h1>{title ?? t('organiser.loginTitle')}</h1>
      {intro ? <p class="muted small">{intro}</p> : null}
      <label for="username">{t('organiser.username')}</label>
      <input id="username" type="text" autocomplete="username" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
      <label for="password">{t('organiser.password')}</label>
      <input id="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      <ErrorMessage error={login.error} />
      <div class="actions">
        <button class="primary" type="submit">
          {t('organiser.login')}
        </button>
      </div>
    </form>
  );
}

/** Log out: the server forgets the session (its cookie is HttpOnly), then `onLogout` shows the log-in form. */
export function LogoutButton({ onLogout }: { onLogout: () => void }) {
  return (
    <button
      class="secondary"
      type="button"
      onClick={async () => {
        await api('/session', zOk, { method: 'DELETE' });
        onLogout();
      }}
    >
      {t('organiser.logout')}
    </button>
  );
}
