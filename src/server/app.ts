// The HTTP server: the JSON API (routes from the contract in src/api, each in the scope
// that decides who may call it) and the web app. No third-party requests, strict CSP,
// no IP addresses in logs, and secrets (trustee and authority links) never in URLs the
// server sees: they travel in a header.
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import type { ErrorBody } from '../api/contract.ts';
import { NotFound } from '../kernel/errors.ts';
import type { ConversationLimits } from '../services/conversations/service.ts';
import type { ServiceContext } from '../services/context.ts';
import type { Closer } from '../services/elections/closer.ts';
import { linkScope, organiserScope, participantScope, signedInScope } from './plugins/auth.ts';
import { contractPlugin } from './plugins/contract.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { SECURITY_HEADERS, securityHeadersPlugin } from './plugins/http.ts';
import { inputPlugin } from './plugins/input.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { originOf, originPlugin } from './plugins/origin.ts';
import { servicesPlugin } from './plugins/services.ts';
import { accountRoutes } from './routes/accounts.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { electionRoutes } from './routes/elections.ts';
import { inclusionRoutes } from './routes/inclusion.ts';
import { monitorRoutes } from './routes/monitor.ts';
import { sanctionsRoutes } from './routes/sanctions.ts';
import type { DomainRoutes } from './routes/scopes.ts';
import { setupRoutes } from './routes/setup.ts';

export { SECURITY_HEADERS } from './plugins/http.ts';

export interface DeliberationRouteOptions {
  limits?: Partial<ConversationLimits>;
}

export interface ServerOptions {
  ctx: ServiceContext;
  /** Closes elections through the job queue (startCloser): the organiser's "close now" is one of its jobs. */
  closer?: Closer;
  /** Built web app (web/dist); the API works without it. */
  webRoot?: string;
  logger?: boolean;
  deliberation?: DeliberationRouteOptions;
  /** Answers that do not match their schema fail with a 500 (the tests) instead of being logged. */
  strictResponses?: boolean;
  /** Where /exit (the quick exit) sends the browser; by default the neutral exit.html of the web app. */
  exitUrl?: string;
  /**
   * The reverse proxies whose X-Forwarded-* headers are believed (JIRGA_TRUST_PROXY):
   * addresses, CIDR ranges or proxy-addr's names (loopback, linklocal, uniquelocal).
   * Empty or absent: forwarded headers are ignored.
   */
  trustProxy?: string[];
  /** The server's public address (JIRGA_PUBLIC_URL): writes may come from its pages too. */
  publicUrl?: string;
}

/** Bodies of routes that take no files: small, so that no one makes the server read megabytes before knowing who asks. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

const DOMAINS: DomainRoutes[] = [accountRoutes, electionRoutes, setupRoutes, conversationRoutes, inclusionRoutes, monitorRoutes, sanctionsRoutes];

/** Every domain's routes of one kind, in one plugin. */
const each =
  (kind: keyof DomainRoutes): FastifyPluginAsync =>
  async (scope) => {
    for (const d of DOMAINS) await d[kind]?.(scope);
  };

/** Who may call what: a route is protected by the scope it is registered in. */
async function apiRoutes(api: FastifyInstance): Promise<void> {
  await each('public')(api, {});
  await api.register(organiserScope(each('organiser')), { prefix: '/organiser' });
  await api.register(signedInScope(each('signedIn')));
  await api.register(participantScope(each('participant')));
  await api.register(linkScope(each('trustee')), { prefix: '/trustee' });
  await api.register(linkScope(each('credentialAuthority')), { prefix: '/credential-authority' });
  api.get('/openapi.json', { schema: { summary: 'This document (OpenAPI 3.1)', tags: ['docs'], operationId: 'getOpenapiJson', response: { 200: z.record(z.string(), z.unknown()) } } }, async () => api.swagger());
  api.all('/*', { schema: { hide: true } }, async () => {
    throw new NotFound('no such API endpoint');
  });
}

/**
 * A request Node's HTTP parser refuses before Fastify sees it (a URL or headers over
 * 16 KiB, a malformed request line, a timeout): the same JSON refusal, with the security
 * headers, as every other answer (Fastify's default sends neither).
 */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, body]: [number, string, ErrorBody] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', { error: 'the address or the headers of the request are too large', code: 'too-large' }]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', { error: 'the request took too long to arrive', code: 'invalid-request' }]
        : [400, 'Bad Request', { error: 'the request is not valid HTTP', code: 'invalid-request' }];
  const text = JSON.stringify(body);
  const headers = { ...SECURITY_HEADERS, 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), connection: 'close' };
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${reason}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${text}`);
  socket.destroy(error);
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    clientErrorHandler,
    // routes that take files say their own, larger limit (and check who asks before reading)
    bodyLimit: DEFAULT_BODY_LIMIT,
    // never believe X-Forwarded-* unless the operator named the proxy
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? options.trustProxy : false,
    // An address that cannot be decoded (malformed %-encoding): a 400 with the security
    // headers that says so, never echoing the address.
    frameworkErrors: (error, _req, res) => {
      const reply = res as unknown as FastifyReply;
      reply.headers(SECURITY_HEADERS).header('cache-control', 'no-store');
      if (error.code === 'FST_ERR_BAD_URL') return reply.code(400).send({ error: 'the address is not valid', code: 'invalid-request' } satisfies ErrorBody);
      return reply.code(500).send({ error: 'internal error; nothing was recorded', code: 'internal-error' } satisfies ErrorBody);
    },
    logger: options.logger
      ? {
          level: 'info',
          // The route pattern, not the URL; never the client's address.
          serializers: {
            req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched' }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        }
      : false,
  });
  await app.register(securityHeadersPlugin);
  await app.register(errorsPlugin);
  await app.register(originPlugin, { publicOrigins: options.publicUrl ? [originOf(options.publicUrl)].filter((o): o is string => o !== undefined) : [] });
  // JSON only: a body a page on another site can send without asking (text/plain, a
  // form) is refused with 415 before any route sees it. The ballot's route reads its own.
  app.removeContentTypeParser('text/plain');
  await app.register(inputPlugin);
  await app.register(contractPlugin, { strictResponses: options.strictResponses ?? false });
  await app.register(servicesPlugin, { ctx: options.ctx, ...(options.closer ? { closer: options.closer } : {}), ...(options.deliberation?.limits ? { conversationLimits: options.deliberation.limits } : {}) });
  await app.register(openapiPlugin);
  // a path no route serves (the API has its own catch-all; this is the rest when the web app is not built)
  app.setNotFoundHandler(async () => {
    throw new NotFound('no such page');
  });

  app.get('/healthz', { schema: { summary: 'The server is up', tags: ['docs'], operationId: 'getHealthz', response: { 200: z.strictObject({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  await app.register(apiRoutes, { prefix: '/api' });

  const webRoot = options.webRoot ?? join(process.cwd(), 'web', 'dist');
  if (existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      cacheControl: false,
      preCompressed: true,
      // file names under assets/ carry a content hash: they never change
      setHeaders: (res, path) => {
        if (path.includes('/assets/')) res.header('cache-control', 'public, max-age=31536000, immutable');
        // the service worker is looked at again on every visit (a new build replaces it)
        else if (/[/\\]sw\.js(\.br|\.gz)?$/.test(path)) res.header('cache-control', 'no-cache');
      },
    });
    // The quick exit lands here: a neutral page (no name, no app), or the organiser's choice.
    app.get('/exit', { schema: { hide: true } }, async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      if (options.exitUrl) return reply.redirect(options.exitUrl, 303);
      return reply.sendFile('exit.html');
    });
    // Every app path serves the single page; files are served as they are.
    // A path that would leave the web root ("..", a backslash) is the same 404 whether or
    // not a file exists there: the answer tells nothing of the disk.
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      const path = (req.params as { '*': string })['*'];
      if (path && (path.includes('\\') || path.split('/').includes('..'))) throw new NotFound('no such page');
      if (path && /\.[a-z0-9]+$/i.test(path) && existsSync(join(webRoot, path))) {
        return reply.sendFile(path);
      }
      reply.header('cache-control', 'no-store');
      return reply.sendFile('index.html');
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/plain').send('Jirga API is running; the web app is not built (run npm run build:web).'));
  }
  return app;
}
