// What a ballot box's answer to a sent ballot means, for whoever sent it on a voter's behalf
// (`jirga cast`, a relay): on the board, refused for good (sending it again would be refused the
// same way: invalid, unknown credential, closed, replayed, no such election), or try again later
// (no answer, a server error, too many requests, something that is not a Jirga answer).
export type CastOutcome = { kind: 'cast' } | { kind: 'refused' | 'retry'; reason: string };

export function castOutcome(status: number, body: unknown): CastOutcome {
  const fields = typeof body === 'object' && body !== null ? (body as { error?: unknown; code?: unknown; tracker?: unknown }) : {};
  if (status === 200 && typeof fields.tracker === 'string') return { kind: 'cast' };
  const error = typeof fields.error === 'string' ? fields.error : undefined;
  const reason = error ? `${error}${typeof fields.code === 'string' ? ` (${fields.code})` : ''}` : `HTTP ${status}`;
  return { kind: error && status >= 400 && status < 500 && status !== 408 && status !== 429 ? 'refused' : 'retry', reason };
}
