// The public record behind the two-person rule: every account creation and role change,
// by account number and role (never a name). An organiser creates the accounts, so a
// reader who sees "proposed by account 4, approved by account 9" can check here when
// account 9 appeared and who made it a reviewer.
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zAccountHistory } from '../../api/monitor.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { t } from '../../i18n/index.ts';
import { byName, when } from './names.ts';

export function AccountHistory() {
  const history = useResource(() => api('/monitor/accounts', zAccountHistory), []);
  const entries = history.data?.entries ?? [];
  return (
    <section data-testid="account-history">
      <h2>{t('monitor.accountHistoryTitle')}</h2>
      <p class="muted small">{t('monitor.twoPersonRule')}</p>
      <ErrorMessage error={history.error} />
      {history.data ? (
        <details>
          <summary>{t('monitor.accountHistoryShow', { n: entries.length })}</summary>
          <ol class="plain history">
            {entries.map((e, i) => {
              const by = e.by === null ? t('monitor.role.system') : t('monitor.accountBy', { n: e.by, role: byName(e.byRole ?? 'system') });
              const what =
                e.action === 'created'
                  ? t('monitor.accountCreatedAs', { n: e.account, role: byName(e.role) })
                  : t('monitor.accountRoleChanged', { n: e.account, from: byName(e.previousRole ?? ''), to: byName(e.role) });
              return (
                <li key={i} class="list-row" data-action={e.action} data-account={e.account}>
                  <strong>{what}</strong> · {by} · <span class="muted small">{when(e.at)}</span>
                </li>
              );
            })}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
