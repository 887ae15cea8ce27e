// The two cookies the API sets: the session of an account (scoped to /api) and a
// participant's secret (scoped to one conversation's API path). Read by hand rather than
// with @fastify/cookie: a browser that joined several conversations sends one
// participant cookie per matching path under the same name, and every value counts.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'jirga_session';
export const PARTICIPANT_COOKIE = 'jirga_p';
/** How long a session lasts (the store expires it at the same time). */
export const SESSION_MAX_AGE = 12 * 3600;
/** How long a browser keeps a participant's secret (30 days). */
export const PARTICIPANT_COOKIE_MAX_AGE = 30 * 24 * 3600;

/** Every value of cookie `name` in the request, as sent (still URI-encoded), in order. */
function cookieValues(req: FastifyRequest, name: string): string[] {
  const out: string[] = [];
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) out.push(v.join('='));
  }
  return out;
}

/** Secure when the browser reached us over HTTPS: req.protocol is https only through a trusted proxy's X-Forwarded-Proto (JIRGA_TRUST_PROXY), never by default. */
const secure = (req: FastifyRequest) => (req.protocol === 'https' ? '; Secure' : '');

/** The session token of the first session cookie (the one of the most specific path). */
export function sessionToken(req: FastifyRequest): string | undefined {
  const [first] = cookieValues(req, SESSION_COOKIE);
  if (first === undefined) return undefined;
  try {
    return decodeURIComponent(first);
  } catch {
    return undefined; // malformed %-encoding: not a token of ours
  }
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAge: number): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/api; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure(req)}`);
}

/** Every value of the participant cookie the browser sent (one per matching path). */
export function participantSecrets(req: FastifyRequest): string[] {
  const out: string[] = [];
  for (const value of cookieValues(req, PARTICIPANT_COOKIE)) {
    try {
      out.push(decodeURIComponent(value));
    } catch {
      /* not ours */
    }
  }
  return out;
}

export function setParticipantCookie(req: FastifyRequest, reply: FastifyReply, conversationId: string, secret: string, maxAge = PARTICIPANT_COOKIE_MAX_AGE): void {
  reply.header(
    'set-cookie',
    `${PARTICIPANT_COOKIE}=${encodeURIComponent(secret)}; Path=/api/conversations/${encodeURIComponent(conversationId)}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure(req)}`,
  );
}
