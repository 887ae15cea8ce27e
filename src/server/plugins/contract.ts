// Routes from the contract (src/api): each route is registered from its endpoint's
// value, so its path, its request schemas (checked before the handler runs) and its
// answer schema are the ones the OpenAPI document and the web app see. Handlers are
// typed through fastify-type-provider-zod. Request errors keep the words of the
// schemas ("election: questions: an election needs at least one question").
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler, FastifySerializerCompiler, RawServerDefault, RouteGenericInterface } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isFileAnswer, requestNames, zErrorBody, type Endpoint } from '../../api/contract.ts';
import { formatIssues } from '../../protocol/codec.ts';
import { InvalidRequest } from '../../kernel/errors.ts';

// ------------------------------------------------------------------ schemas

type ResponsesOf<E extends Endpoint> = (E['response'] extends z.ZodType
  ? { 200: E['response'] }
  : { 200: { description: string; content: Record<string, { schema: z.ZodType }> } }) &
  (E['accepted'] extends z.ZodType ? { 202: E['accepted'] } : unknown) & { '4xx': typeof zErrorBody; '5xx': typeof zErrorBody };

/** The Fastify route schema of an endpoint (what fastify-type-provider-zod types and @fastify/swagger documents). */
export interface RouteSchemaOf<E extends Endpoint> {
  params: E['params'];
  querystring: E['query'];
  body: E['body'];
  response: ResponsesOf<E>;
  summary: string;
  tags: string[];
  operationId: string;
}

export function routeSchemaOf<E extends Endpoint>(e: E, operationId: string): RouteSchemaOf<E> {
  const ok = isFileAnswer(e.response) ? { description: e.response.description, content: { [e.response.contentType]: { schema: e.response.schema } } } : e.response;
  const response: Record<string, unknown> = { 200: ok };
  if (e.accepted) response[202] = e.accepted;
  if (e.revalidates) response[304] = z.undefined().describe('not modified: the answer with this ETag still holds');
  response['4xx'] = zErrorBody;
  response['5xx'] = zErrorBody;
  // parts a route does not have are left out (Fastify warns about parts declared undefined)
  return {
    ...(e.params ? { params: e.params } : {}),
    ...(e.query ? { querystring: e.query } : {}),
    ...(e.body ? { body: e.body } : {}),
    response: response as ResponsesOf<E>,
    summary: e.summary,
    tags: [e.tag],
    operationId,
  } as RouteSchemaOf<E>;
}

export type RequestOf<E extends Endpoint> = FastifyRequest<RouteGenericInterface, RawServerDefault, IncomingMessage, RouteSchemaOf<E>, ZodTypeProvider>;
export type ReplyOf<E extends Endpoint> = FastifyReply<RouteGenericInterface, RawServerDefault, IncomingMessage, ServerResponse, unknown, RouteSchemaOf<E>, ZodTypeProvider>;
/** What a handler answers: the endpoint's JSON (checked against its schema), or the reply it sent itself (files). */
export type AnswerOf<E extends Endpoint> = (E['response'] extends z.ZodType ? z.output<E['response']> : never) | (E['accepted'] extends z.ZodType ? z.output<E['accepted']> : never) | FastifyReply;

/** The answer of actions that return nothing else. */
export const OK = { ok: true } as const;

/** The handler of an action that answers nothing else than {ok: true}. */
export function ok<E extends Endpoint>(action: (req: RequestOf<E>, reply: ReplyOf<E>) => Promise<unknown>): (req: RequestOf<E>, reply: ReplyOf<E>) => Promise<typeof OK> {
  return async (req, reply) => {
    await action(req, reply);
    return OK;
  };
}

export interface RouteOptions {
  /** Largest body accepted (default: the server's). */
  bodyLimit?: number;
  /** The message of a 413 for this route (default: "the request is too large"). */
  tooLarge?: string;
  /** Checks that come before the request's schemas (after the scope's authentication). */
  preValidation?: (req: FastifyRequest) => Promise<void>;
}

/** A route as registered: what the route walk of the tests and docs sees. */
export interface RegisteredRoute {
  method: string;
  url: string;
  /** The scope's OpenAPI security (absent for public routes). */
  security?: unknown;
  endpoint?: Endpoint;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the server, in the order registered (HEAD routes Fastify adds included). */
    registeredRoutes: RegisteredRoute[];
  }
  interface FastifyContextConfig {
    /** The endpoint of the contract this route implements. */
    endpoint?: Endpoint;
    tooLarge?: string;
  }
}

/** Paths under /api/organiser are organisers' only: they can only be registered in the organisers' scope. */
const RESERVED_PREFIXES = ['/organiser'];

/**
 * Register an endpoint in `scope` (a plugin registered under /api, perhaps with a longer
 * prefix such as /api/organiser, where its authentication hook runs).
 */
export function route<E extends Endpoint>(scope: FastifyInstance, e: E, handler: (req: RequestOf<E>, reply: ReplyOf<E>) => Promise<AnswerOf<E>>, options: RouteOptions = {}): void {
  const full = `/api${e.path}`;
  if (full !== scope.prefix && !full.startsWith(`${scope.prefix}/`)) throw new Error(`${e.method} ${full} cannot be registered under ${scope.prefix}`);
  for (const reserved of RESERVED_PREFIXES) {
    if (e.path.startsWith(`${reserved}/`) && !scope.prefix.startsWith(`/api${reserved}`)) throw new Error(`${e.method} ${full} must be registered under /api${reserved}, where its authentication runs`);
  }
  scope.withTypeProvider<ZodTypeProvider>().route({
    method: e.method,
    url: full.slice(scope.prefix.length),
    schema: routeSchemaOf(e, operationIdOf(e)),
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.preValidation ? { preValidation: options.preValidation } : {}),
    config: { endpoint: e, ...(options.tooLarge !== undefined ? { tooLarge: options.tooLarge } : {}) },
    handler: handler as never,
  });
}

/** "GET /conversations/:id/export/votes.csv" -> "getConversationsIdExportVotesCsv": stable, unique per method and path. */
export function operationIdOf(e: Pick<Endpoint, 'method' | 'path'>): string {
  const words = e.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return e.method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

// --------------------------------------------------------------- compilers

/** Request parts checked with their zod schema; a failure is a 400 that names the part and the field. */
const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const r = schema.safeParse(data === NO_BODY ? undefined : data);
    if (r.success) return { value: r.data };
    const meta = requestNames.get(schema);
    let error = r.error;
    if (meta?.field !== undefined) {
      // the name stands for one field: its issues are told without the field's own name
      const field = meta.field;
      error = new z.ZodError(r.error.issues.map((i) => (i.path[0] === field ? { ...i, path: i.path.slice(1) } : i)));
    }
    const issue = error.issues[0];
    const field = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    return { error: new InvalidRequest(`${meta?.name ?? httpPart ?? 'request'}: ${formatIssues(error)}`, undefined, field ? { field } : undefined) };
  };

/**
 * Fastify hands a missing body to validators as null, which would make "send nothing"
 * read like "sent null" in error messages; a missing body is marked, and read as undefined.
 */
const NO_BODY = Symbol('no body');

/** An answer that does not match its schema: a bug of the server, not of the caller. */
export class ContractViolation extends Error {}

/**
 * Answers are checked against their schema. In strict mode (the tests) a mismatch fails
 * the request with a 500, so the contract cannot drift unnoticed; otherwise it is logged
 * and the answer goes out as it is, as it did before the contract existed.
 */
function serializerCompiler(strict: boolean, log: (message: string) => void): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) =>
    (data: unknown) => {
      const r = schema.safeParse(data);
      if (!r.success) {
        const message = `the answer of ${method} ${url} does not match its schema: ${formatIssues(r.error)}`;
        if (strict) throw new ContractViolation(message);
        log(message);
      }
      return JSON.stringify(data);
    };
}

export interface ContractOptions {
  strictResponses: boolean;
}

/** Sets the zod compilers on the whole server (before any route is added). */
export const contractPlugin = fp<ContractOptions>(
  async (app, options) => {
    app.setValidatorCompiler(validatorCompiler);
    const routes: RegisteredRoute[] = [];
    app.decorate('registeredRoutes', routes);
    app.addHook('onRoute', (r) => {
      const schema = () => r.schema as { security?: unknown } | undefined;
      for (const method of [r.method].flat()) {
        routes.push({
          method,
          url: r.url,
          // read when asked: the auth scopes set it in their own onRoute hook, after this one
          get security() {
            return schema()?.security;
          },
          ...(r.config?.endpoint ? { endpoint: r.config.endpoint } : {}),
        });
      }
    });
    app.addHook('preValidation', async (req) => {
      if (req.body === undefined && req.routeOptions.schema?.body) req.body = NO_BODY;
    });
    app.setSerializerCompiler(serializerCompiler(options.strictResponses, (m) => app.log.error(m)));
  },
  { name: 'jirga-contract', fastify: '5.x' },
);
