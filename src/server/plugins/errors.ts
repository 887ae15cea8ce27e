// Errors become HTTP answers here and nowhere else: the class of a JirgaError gives the
// status, its code (src/kernel/errors.ts) goes in the body for the web app to word in
// the reader's language, and anything unexpected is a 500 that says nothing was recorded.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorBody } from '../../api/contract.ts';
import {
  Conflict,
  DuplicateStatement,
  Forbidden,
  Gone,
  InvalidRequest,
  JirgaError,
  NotFound,
  TooManyRequests,
  Unauthenticated,
  Unsupported,
  UnusableInput,
  VerificationFailure,
  type ErrorCode,
} from '../../kernel/errors.ts';
import { ContractViolation } from './contract.ts';

export interface HttpError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

function statusOf(e: JirgaError): number {
  if (e instanceof NotFound) return 404;
  if (e instanceof Conflict) return 409;
  if (e instanceof Forbidden) return 403;
  if (e instanceof Gone) return 410;
  if (e instanceof Unauthenticated) return 401;
  if (e instanceof TooManyRequests) return 429;
  if (e instanceof InvalidRequest || e instanceof UnusableInput || e instanceof VerificationFailure || e instanceof Unsupported) return 400;
  return 500;
}

const answer = (status: number, error: string, code: ErrorCode, headers: Record<string, string> = {}): HttpError => ({ status, body: { error, code }, headers });

/** The status, body and headers that answer `error` (thrown while answering `req`). */
export function httpErrorOf(error: unknown, req: FastifyRequest): HttpError | undefined {
  const fastify = error as Partial<FastifyError>;
  if (fastify.statusCode === 413 || fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return answer(413, req.routeOptions.config.tooLarge ?? 'the request is too large', 'too-large');
  if (fastify.statusCode === 415 || fastify.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return answer(415, 'send the request body as JSON (Content-Type: application/json); nothing was recorded', 'unsupported-media-type');
  if (fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) return answer(400, 'the request body is not valid JSON', 'invalid-json');
  if (error instanceof JirgaError) {
    const status = statusOf(error);
    if (status === 500) return undefined;
    const http = answer(status, error.message, error.code);
    if (error.params) http.body.params = error.params;
    if (error instanceof TooManyRequests && error.retryAfter > 0) http.headers['retry-after'] = String(error.retryAfter);
    if (error instanceof DuplicateStatement) http.body.statement = error.statement;
    return http;
  }
  // Fastify's own refusals (an unsupported media type...)
  const status = fastify.statusCode;
  if (status && status >= 400 && status < 500) return answer(status, error instanceof Error ? error.message : String(error), 'invalid-request');
  return undefined;
}

export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((error, req, reply: FastifyReply) => {
      if (process.env.JIRGA_DEBUG || error instanceof ContractViolation) console.error(error);
      const http = httpErrorOf(error, req);
      if (http) return reply.code(http.status).headers(http.headers).send(http.body);
      app.log.error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : error }, 'internal error');
      return reply.code(500).send({ error: 'internal error; nothing was recorded', code: 'internal-error' } satisfies ErrorBody);
    });
  },
  { name: 'jirga-errors', fastify: '5.x' },
);
