// Organiser API: sessions, conventions and the life of each election.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { zConventionInput, zElectionDraft } from '../../api/election-draft.ts';
import { closeElection, createConvention, createElection, openElection, requireElection, startSetup, updateDraft } from '../../services/elections/elections.ts';
import { Conflict, Forbidden, Unauthenticated } from '../../kernel/errors.ts';
import { conventionView, electionView, setupProgress } from '../../services/elections/views.ts';
import { checkLogin, createAccount, createSession, deleteSession, sessionAccount, type Account } from '../../store/accounts.ts';
import { listConventions } from '../../store/elections.ts';
import { InvalidRequest } from '../../kernel/errors.ts';
import { parse } from '../validation.ts';
import type { ServiceContext } from '../../services/context.ts';

const COOKIE = 'jirga_session';

function sessionToken(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAge: number): void {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=/api; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`);
}

/** Login attempts per username in the last 15 minutes (a person typing, not a script). */
const attempts = new Map<string, number[]>();
function tooManyAttempts(username: string): boolean {
  const now = Date.now();
  const recent = (attempts.get(username) ?? []).filter((t) => now - t < 15 * 60_000);
  attempts.set(username, recent);
  return recent.length >= 10;
}

const zLogin = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const zNewAccount = z.object({
  username: z.string().trim().min(3).max(100).regex(/^[\p{L}\p{N}._@-]+$/u, { error: 'letters, digits and . _ @ - only' }),
  password: z.string().min(12, { error: 'at least 12 characters' }).max(200),
  // organisers run conventions; reviewers and editors work on the accountability monitor
  role: z.enum(['organiser', 'reviewer', 'editor'], { error: 'role: organiser, reviewer or editor' }).default('organiser'),
});

/** Whoever is logged in with the session cookie (any role); 401 otherwise. */
export async function requireAccount(ctx: ServiceContext, req: FastifyRequest): Promise<Account> {
  const token = sessionToken(req);
  const account = token ? await sessionAccount(ctx.db, token) : undefined;
  if (!account) throw new Unauthenticated('log in first');
  return account;
}

/** The organiser logged in with the session cookie; 401 otherwise, 403 for monitor-only accounts. */
export async function requireOrganiser(ctx: ServiceContext, req: FastifyRequest): Promise<Account> {
  const token = sessionToken(req);
  const account = token ? await sessionAccount(ctx.db, token) : undefined;
  if (!account) throw new Unauthenticated('log in as an organiser first');
  if (account.role !== 'organiser') throw new Forbidden('this account works on the accountability monitor only; conventions need an organiser account');
  return account;
}

export function registerOrganiserRoutes(api: FastifyInstance, ctx: ServiceContext): void {
  const organiser = (req: FastifyRequest): Promise<Account> => requireOrganiser(ctx, req);

  api.post('/session', async (req, reply) => {
    const { username, password } = parse(zLogin, req.body, 'login');
    if (tooManyAttempts(username)) throw new InvalidRequest('too many attempts for this account; wait 15 minutes');
    const account = await checkLogin(ctx.db, username, password);
    if (!account) {
      attempts.get(username)!.push(Date.now());
      throw new Unauthenticated('wrong username or password');
    }
    setSessionCookie(req, reply, await createSession(ctx.db, account.id), 12 * 3600);
    return { username: account.username, role: account.role };
  });
  api.get('/session', async (req) => {
    const account = await requireAccount(ctx, req);
    return { username: account.username, role: account.role };
  });
  api.delete('/session', async (req, reply) => {
    const token = sessionToken(req);
    if (token) await deleteSession(ctx.db, token);
    setSessionCookie(req, reply, '', 0);
    return { ok: true };
  });

  api.post('/organiser/accounts', async (req) => {
    await organiser(req);
    const { username, password, role } = parse(zNewAccount, req.body, 'account');
    const [taken] = await ctx.db.query('SELECT 1 FROM accounts WHERE username = $1', [username]);
    if (taken) throw new Conflict('this username is taken');
    const account = await createAccount(ctx.db, username, password, role);
    return { username: account.username, role: account.role };
  });

  api.get('/organiser/conventions', async (req) => {
    await organiser(req);
    return Promise.all((await listConventions(ctx.db)).map((c) => conventionView(ctx.db, c.id, true)));
  });
  api.post('/organiser/conventions', async (req) => {
    const account = await organiser(req);
    return { id: await createConvention(ctx, parse(zConventionInput, req.body, 'convention'), account.id) };
  });
  api.post<{ Params: { id: string } }>('/organiser/conventions/:id/elections', async (req) => {
    await organiser(req);
    return { uuid: await createElection(ctx, req.params.id, parse(zElectionDraft, req.body, 'election')) };
  });

  api.get<{ Params: { uuid: string } }>('/organiser/elections/:uuid', async (req) => {
    await organiser(req);
    const election = await requireElection(ctx.db, req.params.uuid);
    return { ...(await electionView(ctx.db, election)), draft: election.draft, setup: await setupProgress(ctx.db, election) };
  });
  api.put<{ Params: { uuid: string } }>('/organiser/elections/:uuid/draft', async (req) => {
    await organiser(req);
    await updateDraft(ctx, req.params.uuid, parse(zElectionDraft, req.body, 'election'));
    return { ok: true };
  });
  api.post<{ Params: { uuid: string } }>('/organiser/elections/:uuid/setup', async (req) => {
    await organiser(req);
    return startSetup(ctx, req.params.uuid);
  });
  api.post<{ Params: { uuid: string } }>('/organiser/elections/:uuid/open', async (req) => {
    await organiser(req);
    await openElection(ctx, req.params.uuid);
    return { ok: true };
  });
  api.post<{ Params: { uuid: string } }>('/organiser/elections/:uuid/close', async (req) => {
    await organiser(req);
    await closeElection(ctx, req.params.uuid);
    return { ok: true };
  });
}
