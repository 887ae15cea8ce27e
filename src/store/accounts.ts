// Organiser accounts and their sessions. Passwords are hashed with scrypt
// (OpenSSL via node:crypto); session tokens are stored only as SHA-256 hashes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Account } from '../kernel/account.ts';
import { sha256Hex } from '../protocol/hash.ts';
import type { Queryable } from './db.ts';

// src/server imports Account from here; the kernel defines it.
export type { Account };

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** scrypt on libuv's thread pool, never on the event loop. */
function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, options, (e, key) => (e ? reject(e) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** One scrypt run with the stored parameters, compared in constant time. */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return timingSafeEqual(actual, expected);
}

// Checked against when the username is unknown: the same parameters and lengths as a real
// hash, so an unknown name costs exactly the one scrypt run a known one costs. Random per
// process; no password leads to it (and a match would still not log anyone in).
const DUMMY_HASH = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`;

/** Who did something to an account: an organiser's account, or the system (first start, CLI). */
export interface AccountActor {
  id: number;
  role: string;
}

async function recordAccountChange(tx: Queryable, accountId: number, action: 'created' | 'role-changed', by: AccountActor | null, before: unknown, after: unknown): Promise<void> {
  await tx.query("INSERT INTO monitor_history (entity, entity_id, action, account_id, role, before, after) VALUES ('account', $1, $2, $3, $4, $5, $6)", [
    String(accountId),
    action,
    by?.id ?? null,
    by?.role ?? null,
    before === null ? null : JSON.stringify(before),
    JSON.stringify(after),
  ]);
}

/** Creates an account and its entry in the public history (call inside a transaction). */
export async function createAccount(tx: Queryable, username: string, password: string, role = 'organiser', by: AccountActor | null = null): Promise<Account> {
  const hash = await hashPassword(password);
  const [row] = await tx.query<{ id: number }>('INSERT INTO accounts (username, password_hash, role) VALUES ($1, $2, $3) RETURNING id', [username, hash, role]);
  await recordAccountChange(tx, row!.id, 'created', by, null, { account: row!.id, role });
  return { id: row!.id, username, role };
}

export interface AccountListing {
  id: number;
  username: string;
  role: string;
  createdAt: string;
}

export async function listAccounts(db: Queryable): Promise<AccountListing[]> {
  const rows = await db.query<{ id: number; username: string; role: string; created_at: string | Date }>('SELECT id, username, role, created_at FROM accounts ORDER BY id');
  return rows.map((r) => ({ id: r.id, username: r.username, role: r.role, createdAt: new Date(r.created_at).toISOString() }));
}

export async function accountByName(db: Queryable, username: string): Promise<Account | undefined> {
  const [row] = await db.query<{ id: number; username: string; role: string }>('SELECT id, username, role FROM accounts WHERE username = $1', [username]);
  return row;
}

/** Serialises role changes until the transaction ends (two organisers demoting each other at once cannot leave none). */
export async function lockAccounts(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE');
}

export async function countRole(db: Queryable, role: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts WHERE role = $1', [role]);
  return row!.n;
}

/** Changes an account's role and records it publicly; its sessions end (call inside a transaction). */
export async function setAccountRole(tx: Queryable, account: Account, role: string, by: AccountActor): Promise<void> {
  await tx.query('UPDATE accounts SET role = $1 WHERE id = $2', [role, account.id]);
  await tx.query('DELETE FROM sessions WHERE account_id = $1', [account.id]);
  await recordAccountChange(tx, account.id, 'role-changed', by, { role: account.role }, { account: account.id, role });
}

export async function accountCount(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
  return row!.n;
}

export async function checkLogin(db: Queryable, username: string, password: string): Promise<Account | undefined> {
  const [row] = await db.query<{ id: number; username: string; role: string; password_hash: string }>('SELECT id, username, role, password_hash FROM accounts WHERE username = $1', [username]);
  // exactly one scrypt run whether the account exists or not, so timing does not reveal usernames
  const ok = await passwordMatches(password, row?.password_hash ?? DUMMY_HASH);
  return row && ok ? { id: row.id, username: row.username, role: row.role } : undefined;
}

const SESSION_HOURS = 12;

export async function createSession(db: Queryable, accountId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query("INSERT INTO sessions (token_hash, account_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))", [sha256Hex(token), accountId, SESSION_HOURS]);
  return token;
}

export async function sessionAccount(db: Queryable, token: string): Promise<Account | undefined> {
  const [row] = await db.query<{ id: number; username: string; role: string }>(
    'SELECT a.id, a.username, a.role FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1 AND s.expires_at > now()',
    [sha256Hex(token)],
  );
  return row;
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [sha256Hex(token)]);
}
