// Accounts: organisers create them and change their roles. Every creation and role change
// is written, in the same transaction, to the monitor's append-only history, which the
// public reads (account numbers and roles, never names) — the monitor's two-person rule
// separates accounts, and an organiser could create a second reviewer account, so readers
// must be able to see when each account appeared and who made it (docs/monitor.md).
import { Conflict, NotFound } from '../../kernel/errors.ts';
import type { Account } from '../../kernel/account.ts';
import { usernameTaken } from '../../store/account-names.ts';
import { accountHistory, type HistoryRow } from '../../store/monitor.ts';
import { countRole, createAccount, listAccounts, lockAccounts, setAccountRole } from '../../store/accounts.ts';
import { withTransaction, type Db } from '../../store/db.ts';

export async function createAccountBy(db: Db, by: Account | null, input: { username: string; password: string; role: string }): Promise<Account> {
  if (await usernameTaken(db, input.username)) throw new Conflict('this username is taken');
  return withTransaction(db, (tx) => createAccount(tx, input.username, input.password, input.role, by));
}

export async function accountsList(db: Db) {
  return (await listAccounts(db)).map((a) => ({ account: a.id, username: a.username, role: a.role, createdAt: a.createdAt }));
}

export async function changeRole(db: Db, by: Account, id: number, role: string): Promise<Account> {
  return withTransaction(db, async (tx) => {
    // serialise role changes, so that two organisers cannot demote each other at once and leave none
    await lockAccounts(tx);
    const [account] = (await listAccounts(tx)).filter((a) => a.id === id);
    if (!account) throw new NotFound('no account with this number');
    if (account.role === role) return { id: account.id, username: account.username, role };
    if (account.role === 'organiser' && (await countRole(tx, 'organiser')) <= 1) {
      throw new Conflict('this is the last organiser account: make another account an organiser first, or nobody could administer accounts and conventions', 'last-organiser');
    }
    await setAccountRole(tx, { id: account.id, username: account.username, role: account.role }, role, by);
    return { id: account.id, username: account.username, role };
  });
}

/** The public record of accounts: numbers and roles, who (by number) created or changed them. */
export async function publicAccountHistory(db: Db) {
  const entries = (await accountHistory(db)).map((h: HistoryRow & { entityId: string }) => {
    const after = (h.after ?? {}) as { role?: string };
    const before = (h.before ?? null) as { role?: string } | null;
    return {
      at: h.at,
      action: h.action === 'role-changed' ? ('role-changed' as const) : ('created' as const),
      account: Number(h.entityId),
      role: after.role ?? 'unknown',
      previousRole: before?.role ?? null,
      by: h.account,
      byRole: h.role,
    };
  });
  return { entries };
}
