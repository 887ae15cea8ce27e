// What every answer shares: strict security headers (no third-party requests, no
// framing, no referrer), and files sent as downloads that no cache keeps.
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { etagHeld } from '../../api/elections.ts';

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

/** Send a file to save whose content is named by a strong `etag`, streamed from `chunks` as the
 * client takes them (at most one chunk is read ahead): caches and mirrors may keep it and must
 * ask again (If-None-Match, answered 304 while it holds). `length`, when known, is announced. */
export function streamedDownload(
  req: FastifyRequest,
  reply: FastifyReply,
  file: { type: string; filename: string; etag: string; length?: number },
  chunks: () => AsyncIterable<Uint8Array | string>,
): FastifyReply {
  reply.header('etag', file.etag);
  reply.header('cache-control', 'public, no-cache');
  if (etagHeld(req.headers['if-none-match'], file.etag)) return reply.code(304).send();
  reply.header('content-disposition', `attachment; filename="${file.filename}"`);
  if (file.length !== undefined) reply.header('content-length', String(file.length));
  // HEAD (Fastify's, made from the GET route) would read the whole board and throw it away,
  // with nothing to stop it: an empty stream keeps the headers (the length) and reads nothing
  if (req.method === 'HEAD') return reply.type(file.type).send(Readable.from([]));
  return reply.type(file.type).send(Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 }));
}

/** The site's own address for the feed's links: JIRGA_PUBLIC_URL, or the Host the reader used. */
export function siteBase(req: FastifyRequest): string {
  const configured = process.env.JIRGA_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.:[\]-]{1,300}$/.test(host) ? `${req.protocol}://${host}` : 'http://localhost';
}
