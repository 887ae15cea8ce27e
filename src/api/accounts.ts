// Accounts and sessions: organisers run conventions; editors and reviewers work on
// the accountability monitor. A session is an HttpOnly cookie scoped to /api.
import { z } from 'zod';
import { endpoint, named, zOk } from './contract.ts';

export const ACCOUNT_ROLES = ['organiser', 'reviewer', 'editor'] as const;

export const zLogin = named(z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }), 'login');

export const zNewAccount = named(
  z.object({
    username: z
      .string()
      .trim()
      .min(3)
      .max(100)
      .regex(/^[\p{L}\p{N}._@-]+$/u, { error: 'letters, digits and . _ @ - only' }),
    password: z.string().min(12, { error: 'at least 12 characters' }).max(200),
    // organisers run conventions; reviewers and editors work on the accountability monitor
    role: z.enum(ACCOUNT_ROLES, { error: 'role: organiser, reviewer or editor' }).default('organiser'),
  }),
  'account',
);

export const zRoleChange = named(z.strictObject({ role: z.enum(ACCOUNT_ROLES, { error: 'role: organiser, reviewer or editor' }) }), 'role change');
export const zAccountParams = z.strictObject({ id: z.coerce.number({ error: 'an account number' }).int().positive({ error: 'an account number' }) });
export const zAccountList = z.array(z.strictObject({ account: z.number(), username: z.string(), role: z.string(), createdAt: z.string() }));

/** Who is logged in. */
export const zWhoAmI = z.strictObject({ username: z.string(), role: z.string() });

const tag = 'accounts';

export const accountsApi = {
  login: endpoint({ method: 'POST', path: '/session', tag, summary: 'Log in (sets the session cookie)', body: zLogin, response: zWhoAmI }),
  session: endpoint({ method: 'GET', path: '/session', tag, summary: 'Who is logged in with this session cookie', response: zWhoAmI }),
  logout: endpoint({ method: 'DELETE', path: '/session', tag, summary: 'Log out (ends the session, clears the cookie)', response: zOk }),
  createAccount: endpoint({ method: 'POST', path: '/organiser/accounts', tag, summary: 'Create an account (organiser, reviewer or editor)', body: zNewAccount, response: zWhoAmI }),
  accounts: endpoint({ method: 'GET', path: '/organiser/accounts', tag, summary: 'Every account: number, username, role', response: zAccountList }),
  setRole: endpoint({
    method: 'PUT',
    path: '/organiser/accounts/:id/role',
    tag,
    summary: "Change an account's role (recorded in the public history; the account's sessions end)",
    params: zAccountParams,
    body: zRoleChange,
    response: zWhoAmI,
  }),
};
