// What every answer shares: strict security headers (no third-party requests, no
// framing, no referrer), and files sent as downloads that no cache keeps.
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

export const securityHeadersPlugin = fp(
  async (app) => {
    app.addHook('onSend', async (_req, reply, payload) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
      return payload;
    });
  },
  { name: 'jirga-security-headers', fastify: '5.x' },
);

/** Send `body` as a file to save (`filename`), never cached. */
export function download(reply: FastifyReply, type: string, filename: string, body: string | Buffer | Uint8Array): FastifyReply {
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  reply.header('cache-control', 'no-store');
  return reply.type(type).send(body);
}

/** The site's own address for the feed's links: JIRGA_PUBLIC_URL, or the Host the reader used. */
export function siteBase(req: FastifyRequest): string {
  const configured = process.env.JIRGA_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.:[\]-]{1,300}$/.test(host) ? `${req.protocol}://${host}` : 'http://localhost';
}
