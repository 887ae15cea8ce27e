// Sessions and accounts (src/api/accounts.ts).
import { accountsApi as api } from '../../api/accounts.ts';
import { Unauthenticated } from '../../kernel/errors.ts';
import { accountsList, changeRole, createAccountBy } from '../../services/accounts/accounts.ts';
import { sharedFailures } from '../../services/conversations/limits.ts';
import { checkLogin, createSession, deleteSession } from '../../store/accounts.ts';
import { LoginGuard, signedIn } from '../plugins/auth.ts';
import { OK, route } from '../plugins/contract.ts';
import { SESSION_MAX_AGE, sessionToken, setSessionCookie } from '../plugins/cookies.ts';
import type { DomainRoutes } from './scopes.ts';

/** A login or a new account is a few hundred bytes: anything much larger is refused (413) before it is parsed. */
const small = { bodyLimit: 16 * 1024 };

export const accountRoutes: DomainRoutes = {
  async public(scope) {
    const db = scope.services.ctx.db;
    // several server processes on one Postgres: failed logins are counted in the database
    const guard = scope.services.ctx.sharedLimits && db.kind === 'postgres' ? new LoginGuard(undefined, (l) => sharedFailures(db, 'login-failures', l.perClient, l.windowMs)) : new LoginGuard();
    route(scope, api.login, async (req, reply) => {
      const { username, password } = req.body;
      // the client's address: the connection's, or the one a trusted proxy forwards
      // (JIRGA_TRUST_PROXY; never X-Forwarded-For otherwise); held only as a salted hash
      const account = await guard.attempt(req.ip, () => checkLogin(db, username, password));
      if (!account) throw new Unauthenticated('wrong username or password');
      setSessionCookie(req, reply, await createSession(db, account.id), SESSION_MAX_AGE);
      return { username: account.username, role: account.role };
    }, small);
    route(scope, api.logout, async (req, reply) => {
      const token = sessionToken(req);
      if (token) await deleteSession(db, token);
      setSessionCookie(req, reply, '', 0);
      return OK;
    });
  },

  async signedIn(scope) {
    route(scope, api.session, async (req) => {
      const account = signedIn(req);
      return { username: account.username, role: account.role };
    });
  },

  async organiser(scope) {
    const db = scope.services.ctx.db;
    route(scope, api.createAccount, async (req) => {
      const account = await createAccountBy(db, signedIn(req), req.body);
      return { username: account.username, role: account.role };
    });
    route(scope, api.accounts, async () => accountsList(db));
    route(scope, api.setRole, async (req) => {
      const account = await changeRole(db, signedIn(req), req.params.id, req.body.role);
      return { username: account.username, role: account.role };
    }, small);
  },
};
