// On the organiser page: the way to the accountability monitor's workspace, for
// editors and reviewers (whose accounts cannot run conventions) and organisers; and
// the organisers' list of accounts (change a role) and form to create one.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction, useResource } from '../../api/hooks.ts';
import { zAccount, zAccountList, type AccountListing } from '../../api/organiser.ts';
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

type Role = 'organiser' | 'editor' | 'reviewer';

function RoleSelect({ id, value, onChange }: { id: string; value: Role; onChange: (r: Role) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as Role)}>
      <option value="editor">{t('monitor.role.editor')}</option>
      <option value="reviewer">{t('monitor.role.reviewer')}</option>
      <option value="organiser">{t('monitor.role.organiser')}</option>
    </select>
  );
}

/** One account in the organisers' list: its number (the public sees only that), name and role. */
function AccountRow({ account, onChanged }: { account: AccountListing; onChanged: () => void }) {
  const [role, setRole] = useState<Role>(account.role as Role);
  const change = useAction<string>();
  const submit = (e: Event) => {
    e.preventDefault();
    void change.run(async () => {
      const r = await api(`/organiser/accounts/${account.account}/role`, zAccount, { method: 'PUT', body: { role } });
      onChanged();
      return t('monitor.roleChanged', { name: r.username });
    });
  };
  const selectId = `role-${account.account}`;
  return (
    <li class="list-row" data-testid="account-row" data-account={account.account}>
      <form onSubmit={submit} noValidate class="inline-form">
        <span>
          <strong dir="auto">{account.username}</strong> · <span class="muted small">{t('monitor.accountNumber', { n: account.account })}</span>
        </span>
        <label for={selectId} class="visually-hidden">
          {t('monitor.accountRole')}
        </label>
        <RoleSelect id={selectId} value={role} onChange={setRole} />
        <button type="submit" disabled={role === account.role || change.pending}>
          {t('monitor.changeRole')}
        </button>
      </form>
      <ErrorMessage error={change.error} />
      {change.result ? (
        <p class="success small" role="status">
          {change.result}
        </p>
      ) : null}
    </li>
  );
}

/** Organisers create accounts and change their roles: organisers run conventions, editors and
 * reviewers the monitor. Every creation and change is public (by account number), because the
 * monitor's two-person rule separates accounts, and an organiser makes the accounts. */
export function NewAccount() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const create = useAction<string>();
  const accounts = useResource(() => api('/organiser/accounts', zAccountList), []);
  const submit = (e: Event) => {
    e.preventDefault();
    void create.run(async () => {
      const r = await api('/organiser/accounts', zAccount, { method: 'POST', body: { username, password, role } });
      setUsername('');
      setPassword('');
      void accounts.reload();
      return t('monitor.accountCreated', { name: r.username });
    });
  };
  return (
    <section class="card" data-testid="accounts">
      <h2>{t('monitor.accountsTitle')}</h2>
      <p class="muted small">{t('monitor.accountsIntro')}</p>
      <p class="small" data-testid="two-person-rule">
        {t('monitor.twoPersonRule')}
      </p>
      <ErrorMessage error={accounts.error} />
      {accounts.data ? (
        <ul class="plain" data-testid="account-list">
          {accounts.data.map((a) => (
            <AccountRow key={`${a.account}-${a.role}`} account={a} onChanged={() => void accounts.reload()} />
          ))}
        </ul>
      ) : null}
      <form onSubmit={submit} noValidate data-testid="new-account">
        <h3>{t('monitor.newAccountTitle')}</h3>
        <label for="na-username">{t('organiser.username')}</label>
        <input id="na-username" type="text" autocomplete="off" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
        <label for="na-password">{t('organiser.password')}</label>
        <input id="na-password" type="password" autocomplete="new-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} aria-describedby="na-password-help" />
        <p id="na-password-help" class="muted small">
          {t('monitor.passwordHelp')}
        </p>
        <label for="na-role">{t('monitor.accountRole')}</label>
        <RoleSelect id="na-role" value={role} onChange={setRole} />
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
    </section>
  );
}
