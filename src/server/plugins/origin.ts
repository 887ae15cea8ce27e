// Cross-site request forgery: a page on another site can make the browser send a write
// (a form, or a fetch with no-cors) to this server, and the browser adds this server's
// cookies. SameSite=Strict keeps the cookies off such requests in today's browsers; this
// check does not rely on it. Every write (POST, PUT, PATCH, DELETE) is refused with 403
// 'cross-origin' when
//   - its Origin header names another site (or is "null": a sandboxed or privacy-hidden
//     origin), or
//   - it carries one of our cookies (the session, a participant's secret) and says
//     neither Origin nor Referer: browsers send Origin with every fetch that writes, so
//     a cookie-carrying write without either did not come from our pages.
// Writes without cookies and without Origin (the `jirga` command, curl, relays that
// forward ballots, trustee and authority links, whose token travels in a header no other
// site can set) are not browsers' ambient authority, and pass.
//
// "This site" is the origin the request was addressed to (its Host, with the scheme of the
// connection, https too since a TLS proxy in front may not say so), and the configured
// public address (JIRGA_PUBLIC_URL), for proxies that rewrite the Host.
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Forbidden } from '../../kernel/errors.ts';
import { PARTICIPANT_COOKIE, SESSION_COOKIE } from './cookies.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin (scheme://host[:port], default port left out) of an address, or undefined. */
export function originOf(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function hasOurCookie(req: FastifyRequest): boolean {
  const header = req.headers.cookie;
  if (!header) return false;
  return header.split(';').some((part) => {
    const name = part.trim().split('=')[0];
    return name === SESSION_COOKIE || name === PARTICIPANT_COOKIE;
  });
}

/** The origins this request may come from. */
function ownOrigins(req: FastifyRequest, configured: string[]): Set<string> {
  const own = new Set(configured);
  const host = req.host;
  if (host && /^[A-Za-z0-9.:[\]-]{1,300}$/.test(host)) {
    for (const scheme of new Set([req.protocol, 'https'])) {
      const o = originOf(`${scheme}://${host}`);
      if (o) own.add(o);
    }
  }
  return own;
}

export interface OriginOptions {
  /** The server's public addresses (JIRGA_PUBLIC_URL), besides the Host of each request. */
  publicOrigins: string[];
}

/** Throws Forbidden('cross-origin') when `req` is a write that may come from another site. */
export function checkOrigin(req: FastifyRequest, publicOrigins: string[]): void {
  if (!WRITES.has(req.method)) return;
  const origin = req.headers.origin;
  const referer = req.headers.referer;
  let claimed: string | undefined;
  if (typeof origin === 'string') claimed = origin === 'null' ? 'null' : (originOf(origin) ?? 'invalid');
  else if (hasOurCookie(req)) {
    if (typeof referer !== 'string') throw new Forbidden('this request did not say which page sent it (no Origin header); writes with a session come only from this site\'s own pages. Nothing was recorded', 'cross-origin');
    claimed = originOf(referer) ?? 'invalid';
  }
  if (claimed === undefined) return;
  if (!ownOrigins(req, publicOrigins).has(claimed)) throw new Forbidden('this request came from another site\'s page, so it was refused; nothing was recorded', 'cross-origin');
}

export const originPlugin = fp<OriginOptions>(
  async (app, options) => {
    // onRequest: before the body is read, before authentication
    app.addHook('onRequest', async (req) => checkOrigin(req, options.publicOrigins));
  },
  { name: 'jirga-origin', fastify: '5.x' },
);
