// Who may call a route is decided by where it is registered, not by a line in its
// handler: each scope below is a Fastify plugin whose hook runs before the request is
// validated (the session and link scopes: before the body is even read), and every route
// registered inside it is protected by it.
//
//   /api/organiser/...       organisers (session cookie, role organiser)
//   signed-in scopes          any account (the monitor's editors and reviewers)
//   /api/trustee, /api/credential-authority   the one-time link's token (X-Jirga-Token)
//   participant scopes        the conversation's participant cookie
//
// test/server/auth.test.ts walks every route and checks that each one outside its list
// of public routes refuses an anonymous request.
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Forbidden, TooManyRequests, Unauthenticated } from '../../kernel/errors.ts';
import type { Account } from '../../kernel/account.ts';
import type { SharedFailures } from '../../services/conversations/limits.ts';
import { sessionAccount } from '../../store/accounts.ts';
import { participantSecrets, sessionToken } from './cookies.ts';
import type { SecurityScheme } from './openapi.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The account of the session cookie (signed-in and organiser scopes). */
    account?: Account;
    /** The participant in the conversation of the path (participant scopes). */
    participant?: number;
    /** The one-time link's token (trustee and credential authority scopes). */
    linkToken?: string;
  }
}

async function accountOf(app: FastifyInstance, req: FastifyRequest): Promise<Account | undefined> {
  const token = sessionToken(req);
  return token ? sessionAccount(app.services.ctx.db, token) : undefined;
}

/**
 * A scope whose routes all run `check` first (and say so in the OpenAPI document).
 * `onRequest` checks run before the body is read (the session and link scopes, whose
 * routes include uploads of many megabytes: a stranger's upload is refused unread);
 * `preValidation` ones after it (the participant scope needs the input rule on the path
 * parameters it reads).
 */
function protectedScope(scheme: SecurityScheme, check: (scope: FastifyInstance) => preValidationAsyncHookHandler, roles: string[] = [], when: 'onRequest' | 'preValidation' = 'onRequest') {
  return (routes: FastifyPluginAsync): FastifyPluginAsync =>
    async (scope) => {
      scope.addHook('onRoute', (r) => {
        // OpenAPI 3.1: for schemes other than OAuth, the list names the roles required
        (r.schema ??= {}).security = [{ [scheme]: roles }];
      });
      const hook = check(scope);
      if (when === 'onRequest') scope.addHook('onRequest', async (req, reply) => hook.call(scope, req, reply));
      else scope.addHook('preValidation', hook);
      await routes(scope, {});
    };
}

/** Whoever is logged in with the session cookie (any role); 401 otherwise. */
export const signedInScope = protectedScope('session', (scope) => async (req) => {
  const account = await accountOf(scope, req);
  if (!account) throw new Unauthenticated('log in first');
  req.account = account;
});

/** The organiser logged in with the session cookie; 401 otherwise, 403 for monitor-only accounts. */
export const organiserScope = protectedScope('session', (scope) => async (req) => {
  const account = await accountOf(scope, req);
  if (!account) throw new Unauthenticated('log in as an organiser first');
  if (account.role !== 'organiser') throw new Forbidden('this account works on the accountability monitor only; conventions need an organiser account');
  req.account = account;
}, ['organiser']);

/** Trustees and the credential authority act through one-time links: the token travels in X-Jirga-Token, never in a URL. */
export const linkScope = protectedScope('link', () => async (req) => {
  const t = req.headers['x-jirga-token'];
  if (typeof t !== 'string' || !/^[1-9A-HJ-NP-Za-km-z]{22}$/.test(t)) throw new Forbidden('this page needs the link you were sent (its token is missing or mistyped)');
  req.linkToken = t;
});

/** The participant of the conversation in the path (its :id), known by the participant cookie; 401 'not-joined' otherwise. */
export const participantScope = protectedScope('participant', (scope) => async (req) => {
  const { id } = req.params as { id: string };
  req.participant = await scope.services.conversations.participantOf(id, participantSecrets(req));
}, [], 'preValidation');

/** What the scope's hook found; a route registered outside its scope is a programming error. */
export function signedIn(req: FastifyRequest): Account {
  if (!req.account) throw new Error(`${req.method} ${req.routeOptions.url} is not registered in a signed-in scope`);
  return req.account;
}
export function participantOf(req: FastifyRequest): number {
  if (req.participant === undefined) throw new Error(`${req.method} ${req.routeOptions.url} is not registered in a participant scope`);
  return req.participant;
}
export function linkTokenOf(req: FastifyRequest): string {
  if (req.linkToken === undefined) throw new Error(`${req.method} ${req.routeOptions.url} is not registered in a link scope`);
  return req.linkToken;
}

/**
 * The guard of the login route. No account is ever locked (an outsider could lock the
 * organiser out); instead:
 *  - per client: at most `perClient` failed logins in `windowMs` from one connection
 *    address; a success clears that client's count. Addresses are held only as salted
 *    hashes, never logged: in memory (salt random per process), or, when several server
 *    processes share a Postgres database (`shared`), counted in its unlogged rate_counts
 *    table with the hourly salt the servers share (src/services/conversations/limits.ts),
 *    so that trying one server after another gains nothing. The address a
 *    local reverse proxy or Tor onion service connects from (127.0.0.1, ::1) is not limited
 *    per client: every client would share its one count (the global cap still applies) When
 *    JIRGA_TRUST_PROXY names the proxy, the address is the client's as the proxy forwards it.
 *  - globally: at most `concurrent` password checks (scrypt) at once in this process; an
 *    attempt beyond that is refused at once with 429 rather than queued behind the others.
 */
export class LoginGuard {
  private readonly failures = new Map<string, number[]>();
  private readonly salt = randomBytes(32);
  private running = 0;
  private lastSweep = 0;

  // one scrypt at a time on a 2-core machine, so that a core is always left to the event loop
  // (two made /healthz wait up to half a second behind them); more on a larger machine
  private readonly shared: SharedFailures | undefined;

  constructor(
    readonly limits = { perClient: 10, windowMs: 15 * 60_000, concurrent: Math.max(1, Math.min(4, availableParallelism() - 1)) },
    /** Count failures in the database instead of memory (given the limits to count with). */
    shared?: (limits: { perClient: number; windowMs: number }) => SharedFailures,
  ) {
    this.shared = shared?.(limits);
  }

  /** Run `check` (the password check) under both limits; throws TooManyRequests when over. */
  async attempt<T>(address: string, check: () => Promise<T | undefined>): Promise<T | undefined> {
    const now = Date.now();
    const loopback = address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
    const key = loopback ? undefined : this.shared ? await this.shared.key(address, now) : createHash('sha256').update(this.salt).update(address).digest('base64url');
    if (key) {
      const wait = this.shared ? Math.ceil((await this.shared.wait(key, now)) / 1000) : this.memoryWait(key, now);
      if (wait > 0) throw new TooManyRequests(`too many failed logins from this connection; try again in ${Math.ceil(wait / 60)} minutes`, wait);
    }
    if (this.running >= this.limits.concurrent) throw new TooManyRequests('too many logins at this moment; try again in a second', 1);
    this.running++;
    try {
      const result = await check();
      if (key && this.shared) {
        if (result === undefined) await this.shared.failed(key, Date.now());
        else await this.shared.succeeded(key);
      } else if (key) {
        if (result === undefined) this.failures.set(key, [...this.recent(key, Date.now()), Date.now()]);
        else this.failures.delete(key);
      }
      this.sweep(now);
      return result;
    } finally {
      this.running--;
    }
  }

  /** Seconds before `key` may try again, from the counts in memory (0: now). */
  private memoryWait(key: string, now: number): number {
    const recent = this.recent(key, now);
    return recent.length >= this.limits.perClient ? Math.max(1, Math.ceil((recent[0]! + this.limits.windowMs - now) / 1000)) : 0;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.limits.windowMs);
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.limits.windowMs) return;
    this.lastSweep = now;
    for (const [key, list] of this.failures) if (!list.some((t) => now - t < this.limits.windowMs)) this.failures.delete(key);
  }
}
