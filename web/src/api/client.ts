// Talking to the Jirga server (same origin only; the CSP forbids anything else).
// Every answer is checked against the zod schema of what the page expects, so a
// server that drifted from the contract shows an error instead of a page built
// from something else; refusals become an ApiError carrying the server's code.
import type { z } from 'zod';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    /** The whole JSON error body, for endpoints that say more than {error, code}. */
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The code of an answer that is not what the contract says (see ErrorMessage). */
export const UNEXPECTED_ANSWER = 'unexpected-answer';

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Sent as is (a ballot must reach the server byte for byte). */
  rawBody?: string;
  /** A trustee's or credential authority's link token. */
  token?: string;
  /** Give up after this long with no answer (then an ApiError with status 0, like no network). */
  timeoutMs?: number;
  /** Given the answer's text as received, once it has been read (the booth keeps it for voting offline). */
  raw?: (text: string) => void;
  /** Given the answer's headers, once it has been read (the ballot box's Link to its next page). */
  headers?: (headers: Headers) => void;
}

/** Ask the server, and read its answer with `schema`. */
export async function api<S extends z.ZodType>(path: string, schema: S, options: ApiOptions = {}): Promise<z.output<S>> {
  const headers: Record<string, string> = {};
  if (options.token) headers['x-jirga-token'] = options.token;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.rawBody;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    const signal = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
    response = await fetch(`/api${path}`, { method: options.method ?? 'GET', headers, body, credentials: 'same-origin', cache: 'no-store', ...(signal ? { signal } : {}) });
  } catch {
    throw new ApiError('network', 0, 'network');
  }
  const text = await response.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (!response.ok) {
    const e = data && typeof data === 'object' ? (data as { error?: string; code?: string } & Record<string, unknown>) : undefined;
    throw new ApiError(e?.error ?? response.statusText, response.status, e?.code, e);
  }
  const read = schema.safeParse(data);
  if (!read.success) {
    const where = read.error.issues[0];
    throw new ApiError(`the answer to ${path} is not what this page expects${where ? ` (${where.path.join('.') || 'answer'}: ${where.message})` : ''}`, response.status, UNEXPECTED_ANSWER);
  }
  options.raw?.(text);
  options.headers?.(response.headers);
  return read.data;
}

/** A download read as it arrives (the verifier checks a large archive while it downloads). */
/** A download as a stream, with its size when the answer states it (not when it is compressed on the way). */
export async function fetchStream(path: string, signal: AbortSignal): Promise<{ body: ReadableStream<Uint8Array>; size?: number }> {
  const response = await fetch(`/api${path}`, { cache: 'no-store', signal });
  if (!response.ok || !response.body) throw new ApiError(response.statusText, response.status);
  const length = response.headers.get('content-encoding') ? null : response.headers.get('content-length');
  const size = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  return { body: response.body, ...(size !== undefined ? { size } : {}) };
}

export async function fetchText(path: string): Promise<string> {
  const response = await fetch(`/api${path}`, { cache: 'no-store' });
  if (!response.ok) throw new ApiError(response.statusText, response.status);
  return response.text();
}
