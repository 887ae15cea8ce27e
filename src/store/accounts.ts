// Organiser accounts and their sessions. Passwords are hashed with scrypt
// (OpenSSL via node:crypto); session tokens are stored only as SHA-256 hashes.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Account } from '../kernel/account.ts';
import { sha256Hex } from '../protocol/hash.ts';
import type { Queryable } from './db.ts';

// src/server imports Account from here; the kernel defines it.
export type { Account };

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function passwordMatches(password: string, stored: string): boolean {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return timingSafeEqual(actual, expected);
}

export async function createAccount(db: Queryable, username: string, password: string, role = 'organiser'): Promise<Account> {
  const [row] = await db.query<{ id: number }>('INSERT INTO accounts (username, password_hash, role) VALUES ($1, $2, $3) RETURNING id', [username, hashPassword(password), role]);
  return { id: row!.id, username, role };
}

export async function accountCount(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
  return row!.n;
}

export async function checkLogin(db: Queryable, username: string, password: string): Promise<Account | undefined> {
  const [row] = await db.query<{ id: number; username: string; role: string; password_hash: string }>('SELECT id, username, role, password_hash FROM accounts WHERE username = $1', [username]);
  // hash even when the account does not exist, so timing does not reveal usernames
  const ok = passwordMatches(password, row?.password_hash ?? hashPassword('decoy'));
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
