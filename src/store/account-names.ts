// Whether a username is in use (the accounts themselves are in accounts.ts).
import type { Queryable } from './db.ts';

export async function usernameTaken(db: Queryable, username: string): Promise<boolean> {
  const [row] = await db.query('SELECT 1 FROM accounts WHERE username = $1', [username]);
  return row !== undefined;
}
