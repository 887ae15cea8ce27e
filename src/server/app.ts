// The HTTP server: JSON API and the web app. Routes validate with zod, call the
// convention service, answer. No third-party requests, strict CSP, no IP
// addresses in logs, and secrets (trustee and authority links) never in URLs the
// server sees: they travel in a header.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JirgaError, InvalidRequest, Unsupported, UnusableInput, VerificationFailure } from '../kernel/errors.ts';
import { Conflict, Forbidden, NotFound, Unauthenticated } from '../kernel/errors.ts';
import { registerPublicRoutes } from './routes/public.ts';
import { registerOrganiserRoutes } from './routes/organiser.ts';
import { registerRoleRoutes } from './routes/roles.ts';
import { registerDeliberationRoutes, type DeliberationRouteOptions } from './routes/conversations.ts';
import { registerInclusionRoutes } from './routes/inclusion.ts';
import { registerMonitorRoutes } from './routes/monitor.ts';
import { registerSanctionsRoutes } from './routes/sanctions.ts';
import type { ServiceContext } from '../services/context.ts';

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

export interface ServerOptions {
  ctx: ServiceContext;
  /** Built web app (web/dist); the API works without it. */
  webRoot?: string;
  logger?: boolean;
  deliberation?: DeliberationRouteOptions;
}

function statusOf(e: unknown): number {
  if (e instanceof NotFound) return 404;
  if (e instanceof Conflict) return 409;
  if (e instanceof Forbidden) return 403;
  if (e instanceof Unauthenticated) return 401;
  if (e instanceof InvalidRequest || e instanceof UnusableInput || e instanceof VerificationFailure || e instanceof Unsupported) return 400;
  return 500;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: 64 * 1024 * 1024,
    trustProxy: false,
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

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    return payload;
  });

  app.setErrorHandler((error, _req, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413 || (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: 'the request is too large' });
    }
    if ((error as { code?: string }).code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return reply.code(400).send({ error: 'the request body is not valid JSON' });
    }
    if (process.env.JIRGA_DEBUG) console.error(error);
  if (status && status >= 400 && status < 500 && !(error instanceof JirgaError)) {
      return reply.code(status).send({ error: error instanceof Error ? error.message : String(error) });
    }
    const code = statusOf(error);
    if (code === 500) {
      app.log.error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : error }, 'internal error');
      return reply.code(500).send({ error: 'internal error; nothing was recorded' });
    }
    const errorCode = error instanceof JirgaError ? error.code : undefined;
    return reply.code(code).send(errorCode ? { error: (error as Error).message, code: errorCode } : { error: (error as Error).message });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(async (api) => {
    registerPublicRoutes(api, options.ctx);
    registerOrganiserRoutes(api, options.ctx);
    registerRoleRoutes(api, options.ctx);
    registerDeliberationRoutes(api, options.ctx, options.deliberation);
    registerInclusionRoutes(api, options.ctx);
    registerMonitorRoutes(api, options.ctx);
    registerSanctionsRoutes(api, options.ctx);
    api.all('/*', async () => {
      throw new NotFound('no such API endpoint');
    });
  }, { prefix: '/api' });

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
      },
    });
    // Every app path serves the single page; files are served as they are.
    app.get('/*', async (req, reply) => {
      const path = (req.params as { '*': string })['*'];
      if (path && /\.[a-z0-9]+$/i.test(path) && existsSync(join(webRoot, path))) {
        return reply.sendFile(path);
      }
      reply.header('cache-control', 'no-store');
      return reply.sendFile('index.html');
    });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/plain').send('Jirga API is running; the web app is not built (run npm run build:web).'));
  }
  return app;
}
